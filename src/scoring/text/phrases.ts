import { fold } from './normalize';

export type PhraseMatcher = (foldedText: string) => string | null;

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** One compiled regex per phrase list; returns the phrase that matched, or null. */
export function compilePhrases(phrases: readonly string[]): PhraseMatcher {
  const unique = [...new Set(phrases.map(fold))].sort((a, b) => b.length - a.length);
  if (unique.length === 0) return () => null;
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${unique.map(escape).join('|')})(?![\\p{L}\\p{N}])`, 'u');
  return (foldedText) => pattern.exec(foldedText)?.[0] ?? null;
}

/** Anchored at the start of the text: for question openers such as "how", "could you". */
export function compilePrefixes(phrases: readonly string[]): PhraseMatcher {
  const unique = [...new Set(phrases.map(fold))].sort((a, b) => b.length - a.length);
  const pattern = new RegExp(`^\\s*(?:${unique.map(escape).join('|')})(?![\\p{L}\\p{N}])`, 'u');
  return (foldedText) => pattern.exec(foldedText)?.[0]?.trim() ?? null;
}
