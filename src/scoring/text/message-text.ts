import type { Conversation } from '../../contract/conversation';
import { fold, isWordToken, tokenize } from './normalize';

/** A message's text as the rules and classifiers read it. */
export interface MessageText {
  /** Lowercased, without diacritics: what the phrase cues match. */
  readonly folded: string;
  /** The words of `folded`, in order (no emoji or emoticons). */
  readonly words: readonly string[];
}

// Several stages read every message's folded text and words; each message is folded and tokenized
// once per conversation. Keyed by the messages array, which scoring never changes.
const memo = new WeakMap<Conversation['messages'], readonly MessageText[]>();

export function messageTexts(conversation: Conversation): readonly MessageText[] {
  let texts = memo.get(conversation.messages);
  if (!texts) {
    texts = conversation.messages.map((m) => {
      const folded = fold(m.text);
      return { folded, words: tokenize(folded).filter(isWordToken) };
    });
    memo.set(conversation.messages, texts);
  }
  return texts;
}
