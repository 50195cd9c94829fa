import { conversationSchema } from '../../src/contract/conversation';
import type { ScoringInput } from '../../src/db/queries/scoring-input';
import type { ScoredConversation } from '../../src/db/queries/scores';
import type { findScoringSettings } from '../../src/db/queries/workspaces';
import { businessTiming } from '../../src/kpis/business-hours';
import { scoreConversation, type StageRunner } from '../../src/scoring';
import { raiseFlags } from '../../src/scoring/flags';
import type { Models } from '../../src/scoring/models';

export type ScoringSettings = Awaited<ReturnType<typeof findScoringSettings>>;

export type ScoreOutcome = { ok: true; scored: ScoredConversation } | { ok: false; reason: string };

/**
 * Re-validates a stored conversation with the API's contract, scores it (pure) and derives what
 * the workspace's settings add. A conversation that breaks the contract is reported, not thrown:
 * in a batch it must not sink its neighbours.
 */
export function scoreStored(stored: ScoringInput, models: Models, settings: ScoringSettings, stage?: StageRunner): ScoreOutcome {
  const parsed = conversationSchema.safeParse(stored.input);
  if (!parsed.success) return { ok: false, reason: `stored conversation violates the contract: ${parsed.error.message}` };
  const score = scoreConversation(parsed.data, models, stage);
  const { id: conversationId, workspaceId, revision } = stored;
  return {
    ok: true,
    scored: {
      target: { conversationId, workspaceId, revision },
      score,
      derived: {
        business: settings.businessHours ? businessTiming(score.timing.waits, settings.businessHours) : null,
        flags: raiseFlags(parsed.data, score, settings.flagThresholds, models),
      },
    },
  };
}
