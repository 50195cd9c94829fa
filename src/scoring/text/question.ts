import type { Models } from '../models';
import { fold } from './normalize';

/** A question mark anywhere, or an interrogative opener ("how", "pode", "puteti") without one. */
export function isQuestion(text: string, models: Models): boolean {
  return text.includes('?') || models.cues.questionStart(fold(text)) !== null;
}
