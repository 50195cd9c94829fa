import type { Conversation } from '../contract/conversation';
import { detectAbandonment } from './abandonment';
import { detectBreakdowns } from './breakdown';
import { detectEscalation } from './escalation';
import { detectIntent } from './intent';
import { detectLanguages } from './language';
import type { Models } from './models';
import { readOutcomes } from './outcomes';
import { scoreReactions } from './reactions';
import { judgeResolution } from './resolution';
import { predictSatisfaction } from './satisfaction';
import { scoreSentiment } from './sentiment';
import { measureTiming } from './timing';
import type { ConversationScore } from './types';
import { scorerVersion } from './version';

export const STAGES = ['language', 'sentiment', 'intent', 'breakdowns', 'escalation', 'timing', 'abandonment', 'reactions', 'resolution', 'outcomes', 'satisfaction'] as const;
export type Stage = (typeof STAGES)[number];

/** Runs one stage; the benchmark passes one that times each stage, the default just runs it. */
export type StageRunner = <T>(stage: Stage, run: () => T) => T;
const runStage: StageRunner = (_stage, run) => run();

/** Pure and synchronous: the same conversation and models always give the same score. */
export function scoreConversation(conversation: Conversation, models: Models, stage: StageRunner = runStage): ConversationScore {
  const language = stage('language', () => detectLanguages(conversation, models));
  const sentiment = stage('sentiment', () => scoreSentiment(conversation, language.messages, models));
  const intent = stage('intent', () => detectIntent(conversation, models));
  const breakdowns = stage('breakdowns', () => detectBreakdowns(conversation, models));
  const escalation = stage('escalation', () => detectEscalation(conversation, models));
  const timing = stage('timing', () => measureTiming(conversation, escalation));
  const abandonment = stage('abandonment', () => detectAbandonment(conversation, escalation, models));
  const reactions = stage('reactions', () => scoreReactions(conversation, sentiment, models));
  const resolution = stage('resolution', () => judgeResolution(conversation, abandonment, sentiment, reactions, models));
  const outcomes = stage('outcomes', () => readOutcomes(conversation));
  const satisfaction = stage('satisfaction', () =>
    predictSatisfaction(conversation, { sentiment, resolution, reactions, abandonment, escalation, timing }, outcomes.surveyCsat, models.satisfaction),
  );
  return {
    scorerVersion: scorerVersion(models),
    language: language.conversation,
    sentiment,
    intent,
    breakdowns,
    escalation,
    timing,
    abandonment,
    resolution,
    reactions,
    outcomes,
    satisfaction,
  };
}
