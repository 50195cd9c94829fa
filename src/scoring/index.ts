import type { Conversation } from '../contract/conversation';
import { detectAbandonment } from './abandonment';
import { detectEscalation } from './escalation';
import { detectLanguages } from './language';
import type { Models } from './models';
import { readOutcomes } from './outcomes';
import { judgeResolution } from './resolution';
import { scoreSentiment } from './sentiment';
import { measureTiming } from './timing';
import type { ConversationScore } from './types';
import { scorerVersion } from './version';

/** Pure and synchronous: the same conversation and models always give the same score. */
export function scoreConversation(conversation: Conversation, models: Models): ConversationScore {
  const language = detectLanguages(conversation, models);
  const sentiment = scoreSentiment(conversation, language.messages, models);
  const escalation = detectEscalation(conversation, models);
  const timing = measureTiming(conversation, escalation);
  const abandonment = detectAbandonment(conversation, escalation, models);
  const resolution = judgeResolution(conversation, abandonment, sentiment, models);
  return {
    scorerVersion: scorerVersion(models),
    language: language.conversation,
    sentiment,
    escalation,
    timing,
    abandonment,
    resolution,
    outcomes: readOutcomes(conversation),
  };
}
