import type { Database } from '../src/db/client';
import { findIntentModel, intentModelTrainedAt } from '../src/db/queries/intent-models';
import { toIntentModel, type IntentModel } from '../src/scoring/intent/model';

export type IntentModelFor = (workspaceId: string) => Promise<IntentModel>;

/**
 * The intent model of a workspace: its own taxonomy if it trained one, else the default. Each
 * workspace's choice is re-checked at most every `ttlMs` with a cheap query, and the model is
 * parsed again only when it was retrained.
 */
export function createIntentModelSource(db: Database, defaultModel: IntentModel, ttlMs = 60_000): IntentModelFor {
  const cache = new Map<string, { checkedAt: number; trainedAt: number | null; model: IntentModel }>();
  return async (workspaceId) => {
    const now = Date.now();
    const hit = cache.get(workspaceId);
    if (hit && now - hit.checkedAt < ttlMs) return hit.model;
    const trainedAt = (await intentModelTrainedAt(db, workspaceId))?.getTime() ?? null;
    if (hit && hit.trainedAt === trainedAt) {
      hit.checkedAt = now;
      return hit.model;
    }
    const stored = trainedAt === null ? null : await findIntentModel(db, workspaceId);
    const model = stored ? toIntentModel(stored.model) : defaultModel;
    cache.set(workspaceId, { checkedAt: now, trainedAt, model });
    return model;
  };
}
