import { createHash } from 'node:crypto';
import { eld } from 'eld/extrasmall';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fold } from './text/normalize';
import { toLinearModel, type LinearModel } from './classifier/linear';
import { toIntentModel, type IntentModel, type IntentModelFile } from './intent/model';
import type { SatisfactionModelData } from './satisfaction';
import { SATISFACTION_FEATURES } from './satisfaction/features';
import type { SatisfactionModelFile } from './satisfaction/model-file';
import type { SentimentModelFile } from './sentiment/model-file';
import { compilePhrases, compilePrefixes, type PhraseMatcher } from './text/phrases';
import type { LanguageCode } from './types';

export type ScoredLanguage = Exclude<LanguageCode, 'other'>;
export const SCORED_LANGUAGES: readonly ScoredLanguage[] = ['en', 'pt', 'es', 'ro'];
type PerLanguage<T> = Readonly<Record<ScoredLanguage, T>>;

export interface Models {
  /** Version of the artifact set in models/manifest.json; part of every scorer version. */
  readonly version: string;
  readonly sentiment: {
    readonly lexicons: PerLanguage<ReadonlyMap<string, number>>;
    readonly negators: PerLanguage<ReadonlySet<string>>;
    readonly intensifiers: PerLanguage<ReadonlySet<string>>;
    /** SentiCon polarities in [-1, 1]: a second, larger lexicon the classifier weighs on its own. */
    readonly polarity: PerLanguage<ReadonlyMap<string, number>>;
    /** Emoticons and emoji: language-independent valences. */
    readonly symbols: ReadonlyMap<string, number>;
    /** Trained per-language classifiers (models/sentiment/); absent ones fall back to the lexicon. */
    readonly classifiers: Readonly<Partial<Record<ScoredLanguage, LinearModel>>>;
  };
  readonly language: {
    /** A scored language, "other", or null when the text carries too little evidence. */
    readonly identify: (text: string) => LanguageCode | null;
  };
  /** Predicted satisfaction (models/satisfaction/model.json). */
  readonly satisfaction: SatisfactionModelData;
  /** The default intent taxonomy; the worker swaps in a workspace's own when it has one. */
  readonly intent: IntentModel;
  readonly cues: Readonly<{
    thanks: PhraseMatcher;
    confirmed: PhraseMatcher;
    stillBroken: PhraseMatcher;
    humanRequest: PhraseMatcher;
    closingQuestion: PhraseMatcher;
    questionStart: PhraseMatcher;
    botFallback: PhraseMatcher;
    confusedReaction: PhraseMatcher;
  }>;
}

interface ManifestArtifact {
  name: string;
  path?: string;
  sha256?: string;
}
interface Manifest {
  version: string;
  artifacts: ManifestArtifact[];
}

export const MODELS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../models');

const require = createRequire(import.meta.url);
// Deep import: `require('natural')` loads its storage back ends (~0.9 s, see ENGINEERING-ANCHORS).
const NaturalSentimentAnalyzer = require('natural/lib/natural/sentiment/SentimentAnalyzer.js') as new (
  language: string,
  stemmer: null,
  type: string,
) => { vocabulary: Record<string, number>; negations: string[] };

const NATURAL_AFINN: Partial<Record<ScoredLanguage, string>> = { en: 'English', es: 'Spanish', pt: 'Portuguese' };
// natural ships SentiCon for English and Spanish; Galician, the closest it has to Portuguese, stands in for it.
const NATURAL_SENTICON: Partial<Record<ScoredLanguage, string>> = { en: 'English', es: 'Spanish', pt: 'Galician' };

function readJson<T>(dir: string, path: string): T {
  return JSON.parse(readFileSync(join(dir, path), 'utf8')) as T;
}

export function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function verifyManifest(dir: string): Manifest {
  const manifest = readJson<Manifest>(dir, 'manifest.json');
  for (const artifact of manifest.artifacts) {
    if (!artifact.path) continue;
    const actual = sha256(readFileSync(join(dir, artifact.path)));
    if (actual !== artifact.sha256) {
      throw new Error(
        `models/${artifact.path} does not match models/manifest.json (sha256 ${actual.slice(0, 12)}…, expected ${String(artifact.sha256).slice(0, 12)}…); run npm run models:manifest after an intended change`,
      );
    }
  }
  return manifest;
}

/**
 * eld's extra-small model (about 85 MB in memory) with all its languages: knowing German or
 * Galician is what lets it answer "other" instead of forcing one of our four.
 */
function identifyLanguage(text: string): LanguageCode | null {
  const result = eld.detect(text);
  if ((SCORED_LANGUAGES as readonly string[]).includes(result.language)) return result.language as ScoredLanguage;
  return result.language && result.isReliable() ? 'other' : null;
}

/** Keys are folded (lowercase, no diacritics); the first entry of a folded form wins. */
function foldedLexicon(...sources: Record<string, number | string>[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const source of sources) {
    for (const [word, valence] of Object.entries(source)) {
      const key = fold(word);
      const value = Number(valence); // SentiCon polarities come as strings
      if (!out.has(key) && Number.isFinite(value) && value !== 0) out.set(key, value);
    }
  }
  return out;
}

const foldedSet = (words: readonly string[]) => new Set(words.map(fold));

function perLanguage<T>(make: (lang: ScoredLanguage) => T): PerLanguage<T> {
  return Object.freeze(Object.fromEntries(SCORED_LANGUAGES.map((lang) => [lang, make(lang)])) as Record<ScoredLanguage, T>);
}

function allLanguages(lists: Record<string, string[]>): string[] {
  return Object.values(lists).flat();
}

export interface LoadOptions {
  /** false for training, which builds features from the lexicons only. */
  sentimentClassifiers?: boolean;
  /** false for training the satisfaction model itself: a neutral one (every conversation 3) stands in. */
  satisfaction?: boolean;
}

const NEUTRAL_SATISFACTION: SatisfactionModelData = {
  features: SATISFACTION_FEATURES.map(([, name]) => name),
  means: SATISFACTION_FEATURES.map(() => 0),
  weights: SATISFACTION_FEATURES.map(() => 0),
  intercept: 3,
};

function loadSentimentClassifiers(dir: string, manifest: Manifest): Partial<Record<ScoredLanguage, LinearModel>> {
  const out: Partial<Record<ScoredLanguage, LinearModel>> = {};
  for (const language of SCORED_LANGUAGES) {
    const path = `sentiment/${language}.json`;
    if (manifest.artifacts.some((a) => a.path === path)) out[language] = toLinearModel(readJson<SentimentModelFile>(dir, path).model);
  }
  return Object.freeze(out);
}

/** Loads and checks every artifact once per process; the result is immutable and shared by all jobs. */
export function loadModels(dir: string = MODELS_DIR, options: LoadOptions = {}): Models {
  const manifest = verifyManifest(dir);
  const ro = readJson<{ words: Record<string, number> }>(dir, 'lexicons/ro.seed.json');
  const supplement = readJson<{ words: Partial<Record<ScoredLanguage, Record<string, number>>> }>(dir, 'lexicons/supplement.json');
  const modifiers = readJson<{
    negators: Record<ScoredLanguage, string[]>;
    intensifiers: Record<ScoredLanguage, string[]>;
    emoticons: Record<string, number>;
    emoji: Record<string, number>;
  }>(dir, 'lexicons/modifiers.json');
  const cues = readJson<Record<string, Record<string, string[]>>>(dir, 'lexicons/cues.json');

  const natural = (lang: ScoredLanguage) => {
    const name = NATURAL_AFINN[lang];
    return name ? new NaturalSentimentAnalyzer(name, null, 'afinn') : null;
  };
  const cue = (name: string) => allLanguages(cues[name] ?? {});
  const senticon = (lang: ScoredLanguage) => {
    const name = NATURAL_SENTICON[lang];
    return name ? new NaturalSentimentAnalyzer(name, null, 'senticon').vocabulary : {};
  };

  return Object.freeze({
    version: manifest.version,
    sentiment: Object.freeze({
      lexicons: perLanguage((lang) =>
        foldedLexicon(lang === 'ro' ? ro.words : (natural(lang)?.vocabulary ?? {}), supplement.words[lang] ?? {}),
      ),
      polarity: perLanguage((lang) => foldedLexicon(senticon(lang))),
      negators: perLanguage((lang) => foldedSet([...(natural(lang)?.negations ?? []), ...modifiers.negators[lang]])),
      intensifiers: perLanguage((lang) => foldedSet(modifiers.intensifiers[lang])),
      symbols: new Map(Object.entries({ ...modifiers.emoticons, ...modifiers.emoji })),
      classifiers: options.sentimentClassifiers === false ? {} : loadSentimentClassifiers(dir, manifest),
    }),
    language: Object.freeze({ identify: identifyLanguage }),
    intent: toIntentModel(readJson<IntentModelFile>(dir, 'intent/default.json').model),
    satisfaction:
      options.satisfaction === false ? NEUTRAL_SATISFACTION : readJson<SatisfactionModelFile>(dir, 'satisfaction/model.json').model,
    cues: Object.freeze({
      thanks: compilePhrases(cue('thanks')),
      confirmed: compilePhrases(cue('confirmed')),
      stillBroken: compilePhrases(cue('stillBroken')),
      humanRequest: compilePhrases(cue('humanRequest')),
      closingQuestion: compilePhrases(cue('closingQuestion')),
      questionStart: compilePrefixes(cue('questionStart')),
      botFallback: compilePhrases(cue('botFallback')),
      confusedReaction: compilePhrases(cue('confusedReaction')),
    }),
  });
}
