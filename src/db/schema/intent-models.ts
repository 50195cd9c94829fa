import { integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { IntentModelData } from '../../scoring/intent/model';
import { workspaces } from './workspaces';

/** A workspace's own intent taxonomy (npm run train:intents); workspaces without one use the default. */
export const intentModels = pgTable('intent_models', {
  workspaceId: uuid()
    .primaryKey()
    .references(() => workspaces.id, { onDelete: 'cascade' }),
  taxonomy: text().notNull(),
  labels: text().array().notNull(),
  examples: integer().notNull(),
  model: jsonb().$type<IntentModelData>().notNull(),
  trainedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
