import type { Models } from '../models';

/** A question mark anywhere, or an interrogative opener ("how", "pode", "puteti") without one. */
export function isQuestion(text: string, folded: string, models: Models): boolean {
  return text.includes('?') || models.cues.questionStart(folded) !== null;
}
