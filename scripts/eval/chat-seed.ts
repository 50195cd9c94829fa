import { fnv1a } from '../../src/eval/folds';
import { macroF1 } from '../../src/eval/metrics';
import { toLinearModel } from '../../src/scoring/classifier/linear';
import type { Models, ScoredLanguage } from '../../src/scoring/models';
import { scoreMessageWith } from '../../src/scoring/sentiment';
import { chatSeedRecords, SENTIMENT_CLASSES, trainSentimentModel, type ChatSeed, type LanguageRecords } from '../../src/training/sentiment';

const FOLDS = 5;

/**
 * How well a language's model reads its hand-written chat phrases, which it also learns from:
 * each fold of the phrases is predicted by a model trained, as npm run train:sentiment trains, on
 * `sets` and the other phrases; against a model trained on `sets` alone.
 */
export function chatSeedFigures(language: ScoredLanguage, sets: readonly LanguageRecords[], seed: ChatSeed, models: Models) {
  const phrases = chatSeedRecords(seed, language);
  const foldOf = (text: string) => fnv1a(`${language}/${text}`) % FOLDS;
  const predicted = new Array<string>(phrases.length);
  for (let k = 0; k < FOLDS; k++) {
    const rest: ChatSeed = {
      [language]: Object.fromEntries(SENTIMENT_CLASSES.map((label) => [label, phrases.filter((p) => p.label === label && foldOf(p.text) !== k).map((p) => p.text)])),
    };
    const model = toLinearModel(trainSentimentModel(sets, models, rest));
    phrases.forEach((p, i) => {
      if (foldOf(p.text) === k) predicted[i] = scoreMessageWith(model, p.text, language, models).label;
    });
  }
  const without = toLinearModel(trainSentimentModel(sets, models, {}));
  const gold = phrases.map((p) => p.label);
  return {
    phrases: phrases.length,
    macroF1: macroF1(gold, predicted, SENTIMENT_CLASSES),
    withoutPhrasesMacroF1: macroF1(gold, phrases.map((p) => scoreMessageWith(without, p.text, language, models).label), SENTIMENT_CLASSES),
  };
}
