import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toLinearModel, type LinearModel } from './classifier/linear';
import { toIntentModel, type IntentModel, type IntentModelFile } from './intent/model';
import { toLanguageIdentifier, type LanguageTableFile } from './language/identifier';
import { toLanguageReader, type LanguageReader } from './language/reader';
import { toWordEvidence, type LanguageWordsFile } from './language/word-evidence';
import type { TrainedLinearModelFile } from './classifier/model-file';
import { toConfirmationModel, type ConfirmationModel, type ConfirmationModelFile } from './resolution/confirmations';
import type { SatisfactionModelData } from './satisfaction';
import { SATISFACTION_FEATURES } from './satisfaction/features';
import type { SatisfactionModelFile } from './satisfaction/model-file';
import type { SentimentModelFile } from './sentiment/model-file';
import { fold } from './text/normalize';
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
  /** Language identification: eld's n-gram table, with word statistics deciding the close calls (language/reader.ts). */
  readonly language: Readonly<LanguageReader>;
  /** Resolution classifier (models/resolution/model.json); absent, the resolution stage uses cues only. */
  readonly resolution: LinearModel | null;
  /** Which customer messages confirm a solution (models/confirmations/model.json): resolution reads its answers. */
  readonly confirmations: ConfirmationModel | null;
  /** Customer-reaction classifier (models/reactions/model.json); absent, no reaction is scored. */
  readonly reactions: LinearModel | null;
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
    abusive: PhraseMatcher;
    apology: PhraseMatcher;
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

export function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Reads every file models/manifest.json lists, once, refusing any whose checksum differs; the
 * returned reader parses from those same bytes, so nothing is read twice or read unchecked.
 */
function openArtifacts(dir: string): { version: string; has: (path: string) => boolean; json: <T>(path: string) => T } {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  const files = new Map<string, Buffer>();
  for (const artifact of manifest.artifacts) {
    if (!artifact.path) continue;
    const bytes = readFileSync(join(dir, artifact.path));
    const actual = sha256(bytes);
    if (actual !== artifact.sha256) {
      throw new Error(
        `models/${artifact.path} does not match models/manifest.json (sha256 ${actual.slice(0, 12)}…, expected ${String(artifact.sha256).slice(0, 12)}…); run npm run models:manifest after an intended change`,
      );
    }
    files.set(artifact.path, bytes);
  }
  return {
    version: manifest.version,
    has: (path) => files.has(path),
    json: <T>(path: string) => {
      const bytes = files.get(path);
      if (!bytes) throw new Error(`models/${path} is not listed in models/manifest.json`);
      return JSON.parse(bytes.toString('utf8')) as T;
    },
  };
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

// Stands in for the satisfaction model while none is listed in the manifest (before the first
// npm run train:conversations): every conversation predicted 3, every factor 0.
const NEUTRAL_SATISFACTION: SatisfactionModelData = {
  features: SATISFACTION_FEATURES.map(([, name]) => name),
  base: 3,
  learningRate: 0,
  trees: [],
};

/**
 * Loads and checks every artifact once per process; the result is immutable and shared by all jobs.
 * Trained models the manifest does not list (yet) are left out: sentiment falls back to the
 * lexicon and satisfaction to a neutral model, which is also what their training scripts need,
 * since no model's features depend on that model itself.
 */
export function loadModels(dir: string = MODELS_DIR): Models {
  const artifacts = openArtifacts(dir);
  const ro = artifacts.json<{ words: Record<string, number> }>('lexicons/ro.seed.json');
  const supplement = artifacts.json<{ words: Partial<Record<ScoredLanguage, Record<string, number>>> }>('lexicons/supplement.json');
  const modifiers = artifacts.json<{
    negators: Record<ScoredLanguage, string[]>;
    intensifiers: Record<ScoredLanguage, string[]>;
    emoticons: Record<string, number>;
    emoji: Record<string, number>;
  }>('lexicons/modifiers.json');
  const cues = artifacts.json<Record<string, Record<string, string[]>>>('lexicons/cues.json');
  const cue = (name: string) => allLanguages(cues[name] ?? {});
  // eld's extra-small table with all its 60 languages: knowing German or Galician is what lets it
  // answer "other" instead of forcing one of our four.
  const language = toLanguageReader(
    toLanguageIdentifier(artifacts.json<LanguageTableFile>('language/eld-xs60.json')),
    SCORED_LANGUAGES,
    artifacts.has('language/words.json') ? toWordEvidence(artifacts.json<LanguageWordsFile>('language/words.json'), SCORED_LANGUAGES) : null,
  );
  // One natural analyzer per language: each one copies its whole vocabulary when built.
  const afinn = perLanguage((lang) => (NATURAL_AFINN[lang] ? new NaturalSentimentAnalyzer(NATURAL_AFINN[lang]!, null, 'afinn') : null));
  const senticon = (lang: ScoredLanguage) =>
    NATURAL_SENTICON[lang] ? new NaturalSentimentAnalyzer(NATURAL_SENTICON[lang]!, null, 'senticon').vocabulary : {};
  const classifiers: Partial<Record<ScoredLanguage, LinearModel>> = {};
  for (const lang of SCORED_LANGUAGES) {
    const path = `sentiment/${lang}.json`;
    if (artifacts.has(path)) classifiers[lang] = toLinearModel(artifacts.json<SentimentModelFile>(path).model);
  }

  return Object.freeze({
    version: artifacts.version,
    sentiment: Object.freeze({
      lexicons: perLanguage((lang) => foldedLexicon(lang === 'ro' ? ro.words : (afinn[lang]?.vocabulary ?? {}), supplement.words[lang] ?? {})),
      polarity: perLanguage((lang) => foldedLexicon(senticon(lang))),
      negators: perLanguage((lang) => foldedSet([...(afinn[lang]?.negations ?? []), ...modifiers.negators[lang]])),
      intensifiers: perLanguage((lang) => foldedSet(modifiers.intensifiers[lang])),
      symbols: new Map(Object.entries({ ...modifiers.emoticons, ...modifiers.emoji })),
      classifiers: Object.freeze(classifiers),
    }),
    language: Object.freeze(language),
    intent: toIntentModel(artifacts.json<IntentModelFile>('intent/default.json').model),
    resolution: artifacts.has('resolution/model.json') ? toLinearModel(artifacts.json<TrainedLinearModelFile>('resolution/model.json').model) : null,
    confirmations: artifacts.has('confirmations/model.json')
      ? toConfirmationModel(artifacts.json<ConfirmationModelFile>('confirmations/model.json'))
      : null,
    reactions: artifacts.has('reactions/model.json') ? toLinearModel(artifacts.json<TrainedLinearModelFile>('reactions/model.json').model) : null,
    satisfaction: artifacts.has('satisfaction/model.json')
      ? artifacts.json<SatisfactionModelFile>('satisfaction/model.json').model
      : NEUTRAL_SATISFACTION,
    cues: Object.freeze({
      thanks: compilePhrases(cue('thanks')),
      confirmed: compilePhrases(cue('confirmed')),
      stillBroken: compilePhrases(cue('stillBroken')),
      humanRequest: compilePhrases(cue('humanRequest')),
      closingQuestion: compilePhrases(cue('closingQuestion')),
      questionStart: compilePrefixes(cue('questionStart')),
      botFallback: compilePhrases(cue('botFallback')),
      confusedReaction: compilePhrases(cue('confusedReaction')),
      abusive: compilePhrases(cue('abusive')),
      apology: compilePhrases(cue('apology')),
    }),
  });
}
