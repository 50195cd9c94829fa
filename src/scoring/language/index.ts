import type { Conversation } from '../../contract/conversation';
import { SCORED_LANGUAGES, type Models, type ScoredLanguage } from '../models';
import { fold, isWordToken, tokenize } from '../text/normalize';
import type { LanguageCode } from '../types';

export interface LanguageResult {
  conversation: LanguageCode;
  messages: LanguageCode[];
}

type Votes = Record<ScoredLanguage, number>;

// A letter only one language uses is strong evidence even in a two-word message.
const UNIQUE_LETTER_WEIGHT = 2;

function votesFor(text: string, models: Models): Votes {
  const votes: Votes = { en: 0, pt: 0, es: 0, ro: 0 };
  const lower = text.toLowerCase();
  for (const lang of SCORED_LANGUAGES) {
    const letters = models.language.uniqueLetters[lang];
    if (letters && [...letters].some((letter) => lower.includes(letter))) votes[lang] += UNIQUE_LETTER_WEIGHT;
  }
  for (const token of tokenize(text)) {
    if (!isWordToken(token)) continue;
    const word = fold(token);
    for (const lang of SCORED_LANGUAGES) if (models.language.stopwords[lang].has(word)) votes[lang] += 1;
  }
  return votes;
}

function winner(votes: Votes): ScoredLanguage | null {
  let best: ScoredLanguage | null = null;
  let bestScore = 0;
  let tie = false;
  for (const lang of SCORED_LANGUAGES) {
    if (votes[lang] > bestScore) [best, bestScore, tie] = [lang, votes[lang], false];
    else if (votes[lang] === bestScore && bestScore > 0) tie = true;
  }
  return tie ? null : best;
}

/** "pt-BR" -> "pt"; anything outside the four scored languages -> "other". */
export function primaryLanguage(tag: string | undefined): LanguageCode | null {
  if (!tag) return null;
  const primary = tag.split('-')[0]!.toLowerCase();
  return (SCORED_LANGUAGES as readonly string[]).includes(primary) ? (primary as ScoredLanguage) : 'other';
}

/**
 * v0 identification by function words and language-unique letters. The conversation language is the
 * declared one when given, else the customer's majority; a message with too little evidence of its
 * own inherits the conversation language, because short chat lines ("ok", "123") carry none.
 */
export function detectLanguages(conversation: Conversation, models: Models): LanguageResult {
  const perMessage = conversation.messages.map((m) => votesFor(m.text, models));
  const total: Votes = { en: 0, pt: 0, es: 0, ro: 0 };
  conversation.messages.forEach((m, i) => {
    if (m.role !== 'customer') return;
    for (const lang of SCORED_LANGUAGES) total[lang] += perMessage[i]![lang];
  });
  const inferred = winner(total) ?? winner(perMessage.reduce(addVotes, { en: 0, pt: 0, es: 0, ro: 0 }));
  const conversationLanguage = primaryLanguage(conversation.language) ?? inferred ?? 'other';
  return {
    conversation: conversationLanguage,
    messages: perMessage.map((votes) => {
      const own = winner(votes);
      return own !== null && votes[own] >= 2 ? own : conversationLanguage;
    }),
  };
}

function addVotes(a: Votes, b: Votes): Votes {
  return { en: a.en + b.en, pt: a.pt + b.pt, es: a.es + b.es, ro: a.ro + b.ro };
}
