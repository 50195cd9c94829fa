import { eq, sql } from 'drizzle-orm';
import type { IntentModelData } from '../../scoring/intent/model';
import type { Database } from '../client';
import { intentModels } from '../schema';

export async function saveIntentModel(db: Database, workspaceId: string, data: IntentModelData, examples: number): Promise<void> {
  const row = { workspaceId, taxonomy: data.taxonomy, labels: data.model.classes, examples, model: data };
  await db
    .insert(intentModels)
    .values(row)
    .onConflictDoUpdate({ target: intentModels.workspaceId, set: { ...row, trainedAt: sql`now()` } });
}

/** When the workspace's taxonomy was last trained, or null: a cheap check before loading the model. */
export async function intentModelTrainedAt(db: Database, workspaceId: string): Promise<Date | null> {
  const [row] = await db.select({ trainedAt: intentModels.trainedAt }).from(intentModels).where(eq(intentModels.workspaceId, workspaceId));
  return row?.trainedAt ?? null;
}

export async function findIntentModel(db: Database, workspaceId: string): Promise<{ trainedAt: Date; model: IntentModelData } | null> {
  const [row] = await db
    .select({ trainedAt: intentModels.trainedAt, model: intentModels.model })
    .from(intentModels)
    .where(eq(intentModels.workspaceId, workspaceId));
  return row ?? null;
}
