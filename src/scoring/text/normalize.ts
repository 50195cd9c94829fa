const COMBINING_MARKS = /\p{M}+/gu;

const ASCII = /^[\x00-\x7f]*$/;

/** stripDiacritics by its definition: canonical decomposition, marks removed, recomposition. */
export function stripDiacriticsByNormalizing(text: string): string {
  return text.normalize('NFD').replace(COMBINING_MARKS, '').normalize('NFC');
}

// Below U+0250 (Latin-1 and Latin Extended-A and -B), where nearly all of en/pt/es/ro text lies,
// each character decomposes on its own and leaves no mark for NFC to recompose, so a table of each
// character's stripped form gives the same answer as normalising the whole text, twice as fast on
// the eval data's non-ASCII texts. A text with any other character (a combining mark, Greek, an
// emoji) is normalised as before.
const TABLE_END = 0x250;
const STRIPPED: (string | undefined)[] = Array.from({ length: TABLE_END }, (_, code) => {
  const char = String.fromCharCode(code);
  const stripped = stripDiacriticsByNormalizing(char);
  return stripped === char ? undefined : stripped;
});

/** The text with diacritics removed but its case kept: "Não" -> "Nao". */
export function stripDiacritics(text: string): string {
  let out = '';
  let copiedTo = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0xc0) continue;
    if (code >= TABLE_END) return stripDiacriticsByNormalizing(text);
    const stripped = STRIPPED[code];
    if (stripped !== undefined) {
      out += text.slice(copiedTo, i) + stripped;
      copiedTo = i + 1;
    }
  }
  return copiedTo === 0 ? text : out + text.slice(copiedTo);
}

// Words recur: the folded form of short non-ASCII strings is remembered, within a bound, because
// Unicode normalisation is the costliest step of reading a Portuguese or Romanian message.
const FOLD_CACHE_WORD_LENGTH = 32;
const FOLD_CACHE_SIZE = 50_000;
const foldedWords = new Map<string, string>();

/** Lowercase and strip diacritics: customers often type "nao", "multumesc", "esta" without accents. */
export function fold(text: string): string {
  const lower = text.toLowerCase();
  // Most tokens are plain ASCII: skip the Unicode normalisation, which dominates the cost otherwise.
  if (ASCII.test(lower)) return lower;
  if (lower.length > FOLD_CACHE_WORD_LENGTH) return stripDiacritics(lower);
  let folded = foldedWords.get(lower);
  if (folded === undefined) {
    folded = stripDiacritics(lower);
    if (foldedWords.size >= FOLD_CACHE_SIZE) foldedWords.clear();
    foldedWords.set(lower, folded);
  }
  return folded;
}

/** "sooooo" -> "soo": three or more repeats carry emphasis, not spelling. */
export function collapseElongation(word: string): string {
  // The regex is costly and almost never matches: look for a triple with a plain loop first.
  for (let i = 2; i < word.length; i++) {
    if (word[i] === word[i - 1] && word[i] === word[i - 2]) return word.replace(/(\p{L})\1{2,}/gu, '$1$1');
  }
  return word;
}

const TOKEN = /[:;=][-']?[()DPp/|]|>:\(|<3|D:|\p{Extended_Pictographic}\uFE0F?|[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;

/** Words, emoticons and emoji in reading order; punctuation is dropped. */
export function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

const WORD_START = /^[\p{L}\p{N}]/u;

export function isWordToken(token: string): boolean {
  const code = token.charCodeAt(0);
  // ASCII letters and digits answer without the Unicode regex; emoticons are ASCII punctuation.
  if (code < 128) return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
  return WORD_START.test(token);
}

/** How many times `char` occurs in `text`, without building the array a global match would. */
export function countChar(text: string, char: string): number {
  const code = char.charCodeAt(0);
  let count = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === code) count++;
  return count;
}

/** "HELP" and "NÃO" are shouted; "OK" (two letters), "Hi" and "123" are not. */
export function isShouted(token: string): boolean {
  const first = token.charCodeAt(0);
  if (first >= 97 && first <= 122) return false; // starts with a lowercase ASCII letter: no case copies needed
  return token.length > 2 && token === token.toUpperCase() && token !== token.toLowerCase();
}
