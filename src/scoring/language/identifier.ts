/**
 * eld's n-gram table as models/language/eld-xs60.json holds it (written by
 * scripts/build-language-table.ts from the eld package, Apache-2.0).
 */
export interface LanguageTableFile {
  source: string;
  license: string;
  /** ISO 639-1 codes; a language's position is its index in `entries`. */
  languages: string[];
  /** eld's typical top score of a correct detection, per language, for its reliability test. */
  averageScores: number[];
  /** Added to every stored score: eld subtracts it to keep its table small. */
  baseScore: number;
  /** The runs of non-letters eld turns into spaces before it splits words. */
  separators: { source: string; flags: string };
  /** eld's stand-in character for each UTF-8 byte value. */
  byteChars: string[];
  /** Every n-gram eld knows, in its table's order. */
  ngrams: string[];
  /** For each n-gram in turn: how many languages score it, then each one's index and score. */
  entries: number[];
}

export interface LanguageGuess {
  language: string;
  /** eld's isReliable(): enough n-grams, a top score near that language's usual, and a clear lead. */
  reliable: boolean;
}

export interface LanguageReading extends LanguageGuess {
  /** Per language asked about, in order: the answer's score minus its own. */
  behind: number[];
}

// eld 2.1.0's detect(), constant for constant: the test compares the two on every kind of text.
const MAX_CHARS = 1_000;
const SOFT_CUT_BYTES = 350;
const HARD_CUT_BYTES = 380;
const MAX_WORD_BYTES = 70;
const SCORE_SCALE = 25;
const RELIABLE_RATIO = 0.75;
const RELIABLE_MARGIN = 0.01;
const MIN_NGRAMS = 3;
const SPACE = 32;

// Chat vocabulary is Zipfian: most words were seen a message ago, so their n-grams are looked up once.
const WORD_CACHE_LIMIT = 20_000;

interface WordNgrams {
  /** Indexes of the word's n-grams that the table knows. */
  known: Int32Array;
  /** Its n-grams the table does not know: they still count towards the number of n-grams. */
  unknown: readonly string[];
}

/**
 * The same answers as `eld.detect(text)` with eld's extra-small table (language, isReliable() and
 * every score's gap to the answer's), about five times faster: n-grams are looked up once per
 * distinct word rather than per message, and the table is flat typed arrays rather than an object
 * of objects keyed by language number.
 */
export interface LanguageIdentifier {
  /**
   * eld's answer and, from the same reading of the text, how far below the answer's score each of
   * `languages` scores (eld's getScores() scale, 0 to 1; Infinity for one with no evidence). Null
   * when no language has any evidence.
   */
  read(text: string, languages: readonly string[]): LanguageReading | null;
}

export function toLanguageIdentifier(table: LanguageTableFile): LanguageIdentifier {
  const languageCount = table.languages.length;
  const separators = new RegExp(table.separators.source, table.separators.flags);
  const ngramIds = new Map<string, number>();
  const offsets = [0];
  const entryLanguages: number[] = [];
  const entryScores: number[] = [];
  let at = 0;
  for (const ngram of table.ngrams) {
    ngramIds.set(ngram, ngramIds.size);
    const count = table.entries[at++]!;
    for (let i = 0; i < count; i++) {
      entryLanguages.push(table.entries[at++]!);
      entryScores.push(table.entries[at++]! + table.baseScore);
    }
    offsets.push(entryLanguages.length);
  }
  const start = Uint32Array.from(offsets);
  const language = Uint8Array.from(entryLanguages);
  const score = Float64Array.from(entryScores);

  const words = new Map<string, WordNgrams>();
  const seenIn = new Uint32Array(ngramIds.size);
  let detection = 0;
  const totals = new Float64Array(languageCount);

  function encode(word: string): string {
    const bytes = table.byteChars;
    let out = '';
    for (let i = 0; i < word.length; i++) {
      let code = word.charCodeAt(i);
      if (code < 0x80) out += word[i];
      else if (code < 0x800) out += bytes[0xc0 | (code >> 6)]! + bytes[0x80 | (code & 0x3f)]!;
      else if (code < 0xd800 || code >= 0xe000) {
        out += bytes[0xe0 | (code >> 12)]! + bytes[0x80 | ((code >> 6) & 0x3f)]! + bytes[0x80 | (code & 0x3f)]!;
      } else {
        // Like eld, the next unit is taken as the low surrogate whatever it is.
        i++;
        code = 0x10000 + (((code & 0x3ff) << 10) | (word.charCodeAt(i) & 0x3ff));
        out +=
          bytes[0xf0 | (code >> 18)]! +
          bytes[0x80 | ((code >> 12) & 0x3f)]! +
          bytes[0x80 | ((code >> 6) & 0x3f)]! +
          bytes[0x80 | (code & 0x3f)]!;
      }
    }
    return out;
  }

  function ngramsOf(word: string): WordNgrams {
    const cached = words.get(word);
    if (cached) return cached;
    const encoded = encode(word);
    const length = Math.min(encoded.length, MAX_WORD_BYTES);
    const grams: string[] = [];
    let j = 0;
    // 4-byte n-grams at a stride of 3, a word's first marked by a leading space, its last by a trailing one.
    for (; j + 4 < length; j += 3) grams.push((j === 0 ? ' ' : '') + encoded.substring(j, j + 4));
    // eld's own slice: past the 70-byte cap it runs to the end of the word.
    grams.push((j === 0 ? ' ' : '') + encoded.substring(length !== 3 ? length - 4 : 0) + ' ');
    const known: number[] = [];
    const unknown: string[] = [];
    for (const gram of grams) {
      const id = ngramIds.get(gram);
      if (id === undefined) unknown.push(gram);
      else known.push(id);
    }
    const result = { known: Int32Array.from(known), unknown };
    if (words.size >= WORD_CACHE_LIMIT) words.clear();
    words.set(word, result);
    return result;
  }

  // One detection's state, kept here so that no closure is made per message (tsx names each one).
  let distinct = 0;
  let unknownSeen: Set<string> | null = null;

  function addWord(word: string): void {
    const { known, unknown } = ngramsOf(word);
    for (let k = 0; k < known.length; k++) {
      const id = known[k]!;
      if (seenIn[id] === detection) continue;
      seenIn[id] = detection;
      distinct++;
      for (let e = start[id]!; e < start[id + 1]!; e++) totals[language[e]!]! += score[e]!;
    }
    for (const gram of unknown) {
      unknownSeen ??= new Set();
      if (!unknownSeen.has(gram)) {
        unknownSeen.add(gram);
        distinct++;
      }
    }
  }

  /** Fills `totals` with each language's summed n-gram scores; returns the number of distinct n-grams. */
  function measure(input: string): number {
    const text = input.substring(0, MAX_CHARS).replace(separators, ' ').trim().toLowerCase();
    totals.fill(0);
    if (++detection === 0xffffffff) {
      seenIn.fill(0);
      detection = 1;
    }
    distinct = 0;
    unknownSeen = null;

    // eld reads words up to the first space past 350 UTF-8 bytes, and cuts mid-word past 380.
    let wordStart = 0;
    let bytes = 0;
    let cut = false;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code < 0x80) {
        if (code === SPACE) {
          if (i > wordStart) addWord(text.slice(wordStart, i));
          wordStart = i + 1;
          if (bytes > SOFT_CUT_BYTES) {
            cut = true;
            break;
          }
        }
        bytes++;
      } else if (code < 0x800) bytes += 2;
      else if (code < 0xd800 || code >= 0xe000) bytes += 3;
      else {
        i++;
        bytes += 4;
      }
      if (bytes > HARD_CUT_BYTES) {
        addWord(text.slice(wordStart, i + 1));
        cut = true;
        break;
      }
    }
    if (!cut && wordStart < text.length) addWord(text.slice(wordStart));
    return distinct;
  }

  const scaled = (total: number, distinct: number) => total / distinct / (total / distinct + SCORE_SCALE);

  // The scorer asks about the same languages for every message: their table positions are looked up once.
  let asked: readonly string[] = [];
  let askedAt: number[] = [];

  function read(text: string, languages: readonly string[]): LanguageReading | null {
    const distinct = measure(text);
    let top = -1;
    for (let l = 0; l < languageCount; l++) if (totals[l]! > 0 && (top < 0 || totals[l]! > totals[top]!)) top = l;
    if (top < 0) return null;
    if (languages !== asked) {
      asked = languages;
      askedAt = languages.map((code) => table.languages.indexOf(code));
    }
    const best = scaled(totals[top]!, distinct);
    const behind = askedAt.map((l) => (l >= 0 && totals[l]! > 0 ? best - scaled(totals[l]!, distinct) : Infinity));
    return { language: table.languages[top]!, reliable: isReliable(top, distinct), behind };
  }

  function isReliable(top: number, distinct: number): boolean {
    if (distinct < MIN_NGRAMS) return false;
    let runnerUp = -1;
    let runnerUpScore = -1;
    for (let l = 0; l < languageCount; l++) {
      if (l === top || !(totals[l]! > 0)) continue;
      const s = scaled(totals[l]!, distinct);
      if (s > runnerUpScore) {
        runnerUpScore = s;
        runnerUp = l;
      }
    }
    const topScore = scaled(totals[top]!, distinct);
    // eld compares the top score with the runner-up's language *number*, not its score; kept so
    // that the answers stay eld's.
    const margin = Math.abs(topScore - (runnerUp >= 0 ? runnerUp : 0));
    return !(table.averageScores[top]! * RELIABLE_RATIO > topScore || RELIABLE_MARGIN > margin);
  }

  return { read };
}
