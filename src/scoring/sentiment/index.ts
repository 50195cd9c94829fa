import type { Conversation } from '../../contract/conversation';
import { predictProbabilities, type LinearModel } from '../classifier/linear';
import type { Models, ScoredLanguage } from '../models';
import { messageFeatures, sentimentTokens } from './features';
import type { CustomerSentiment, LanguageCode, MessageScore, SentimentLabel, SentimentResult } from '../types';
import { scoreLexicon } from './lexicon';

// VADER's compound-score thresholds for the positive/negative labels.
const LABEL_THRESHOLD = 0.05;
// A trend is a change of at least this much between the first and last customer message.
const TREND_DELTA = 0.25;

export function labelOf(score: number): SentimentLabel {
  if (score >= LABEL_THRESHOLD) return 'positive';
  if (score <= -LABEL_THRESHOLD) return 'negative';
  return 'neutral';
}

export interface MessageSentiment {
  score: number;
  label: SentimentLabel;
}

/**
 * One message's sentiment. With a trained classifier for the language: the most probable class,
 * and score = P(positive) - P(negative). Otherwise the lexicon score and its thresholded label.
 */
export function scoreMessage(text: string, language: LanguageCode, models: Models): MessageSentiment {
  return scoreMessageWith(language === 'other' ? undefined : models.sentiment.classifiers[language], text, language, models);
}

/** scoreMessage with an explicit classifier: evaluation passes the model of each cross-validation fold. */
export function scoreMessageWith(classifier: LinearModel | undefined, text: string, language: LanguageCode, models: Models): MessageSentiment {
  if (!classifier || language === 'other' || text.trim() === '') {
    const lexicon = scoreLexicon(text, language, models);
    return { score: lexicon, label: labelOf(lexicon) };
  }
  const features = messageFeatures(sentimentTokens(text), text, language as ScoredLanguage, models);
  const p = predictProbabilities(classifier, features.sparse, features.dense);
  let best = 0;
  for (let c = 1; c < p.length; c++) if (p[c]! > p[best]!) best = c;
  const score = p[classifier.classes.indexOf('positive')]! - p[classifier.classes.indexOf('negative')]!;
  return { score, label: classifier.classes[best] as SentimentLabel };
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

function customerSentiment(scores: number[]): CustomerSentiment | null {
  if (scores.length === 0) return null;
  const start = scores[0]!;
  const end = scores[scores.length - 1]!;
  let trend: CustomerSentiment['trend'] = null;
  if (scores.length >= 2) trend = end - start >= TREND_DELTA ? 'improving' : start - end >= TREND_DELTA ? 'worsening' : 'stable';
  return { mean: mean(scores), start, end, min: Math.min(...scores), trend };
}

export function scoreSentiment(conversation: Conversation, languages: LanguageCode[], models: Models): SentimentResult {
  const messages: MessageScore[] = conversation.messages.map((message, seq) => {
    const language = languages[seq]!;
    const { score, label } = scoreMessage(message.text, language, models);
    return { seq, language, sentiment: score, label };
  });
  // Only messages with text count: an attachment-only message is not a neutral opinion.
  const byRole = (role: string) =>
    messages.filter((m) => conversation.messages[m.seq]!.role === role && conversation.messages[m.seq]!.text.trim() !== '').map((m) => m.sentiment);
  const agent = byRole('agent');
  const bot = byRole('bot');
  return {
    messages,
    customer: customerSentiment(byRole('customer')),
    agent: agent.length ? mean(agent) : null,
    bot: bot.length ? mean(bot) : null,
  };
}
