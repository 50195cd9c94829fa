import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModels, MODELS_DIR, SCORED_LANGUAGES } from '../../src/scoring/models';
import type { SentimentModelFile } from '../../src/scoring/sentiment/model-file';
import { chatSeedRecords, trainSentimentModel } from '../../src/training/sentiment';
import { SENTIMENT_CHAT_SEED_REPEATS, SENTIMENT_HELPERS } from '../../src/training/sentiment-recipe';
import { readChatSeed, readSentimentSource } from '../../scripts/eval/sentiment-data';
import { readJsonl } from '../../scripts/eval/read';
import { readLabelledConversations } from '../../scripts/eval/conversation-data';
import { trainConversationModels } from '../../src/training/conversation-models';
import { CONVERSATION_TRAINING_FILES } from '../../src/training/conversation-recipe';
import type { IntentModelFile } from '../../src/scoring/intent/model';
import type { ConfirmationModelFile } from '../../src/scoring/resolution/confirmations';
import { defaultIntentExamples } from '../../src/training/default-intents';
import { trainIntentModel, type IntentExample } from '../../src/training/intent';
import type { LanguageWordsFile } from '../../src/scoring/language/word-evidence';
import { trainLanguageWords } from '../../src/training/language-words';

describe('shipped sentiment models', () => {
  const models = loadModels();

  it.each(SCORED_LANGUAGES)('%s is exactly what the training recipe produces from the development data', (language) => {
    const shipped = JSON.parse(readFileSync(join(MODELS_DIR, 'sentiment', `${language}.json`), 'utf8')) as SentimentModelFile;
    const sets = [language, ...SENTIMENT_HELPERS[language]].map((lang) => ({
      language: lang,
      records: readSentimentSource('../shared/eval', lang).records,
    }));
    const seed = readChatSeed();
    const phrases = SENTIMENT_CHAT_SEED_REPEATS[language] > 0 ? [chatSeedRecords(seed, language).length] : [];
    expect(shipped.trainedOn.map((t) => t.records)).toEqual([...sets.map((s) => s.records.length), ...phrases]);
    expect(trainSentimentModel(sets, models, seed)).toEqual(shipped.model);
  });
});

describe('shipped language word statistics', () => {
  it('are exactly what npm run train:language produces from the development data', () => {
    const shipped = JSON.parse(readFileSync(join(MODELS_DIR, 'language', 'words.json'), 'utf8')) as LanguageWordsFile;
    const sets = SCORED_LANGUAGES.map((language) => ({
      language,
      texts: readSentimentSource('../shared/eval', language).records.map((r) => r.text),
    }));
    expect(shipped.trainedOn.map((t) => t.records)).toEqual(sets.map((s) => s.texts.length));
    expect(trainLanguageWords(sets)).toEqual({ languages: shipped.languages, words: shipped.words });
  });
});

describe('shipped default intent model', () => {
  it('is exactly what npm run train:intents -- --default produces', () => {
    const shipped = JSON.parse(readFileSync(join(MODELS_DIR, 'intent', 'default.json'), 'utf8')) as IntentModelFile;
    const seed = JSON.parse(readFileSync(join(MODELS_DIR, 'intent', 'default-seed.json'), 'utf8')) as Record<string, unknown>;
    const examples = defaultIntentExamples(seed, readJsonl<IntentExample>('../shared/eval/intent/bitext.train.jsonl'));
    expect(trainIntentModel('default', examples)).toEqual(shipped.model);
  });
});

describe('shipped conversation models', () => {
  it('confirmations, resolution, reactions and satisfaction are exactly what npm run train:conversations produces', () => {
    const records = CONVERSATION_TRAINING_FILES.flatMap((f) => readLabelledConversations(join('../shared/eval/conversations', f)));
    const trained = trainConversationModels(records, loadModels());
    const shipped = (path: string) => (JSON.parse(readFileSync(join(MODELS_DIR, path), 'utf8')) as { model: unknown }).model;
    const { model, languages, neutral } = JSON.parse(readFileSync(join(MODELS_DIR, 'confirmations/model.json'), 'utf8')) as ConfirmationModelFile;
    expect(trained.confirmations).toEqual({ model, languages, neutral });
    expect(trained.resolution).toEqual(shipped('resolution/model.json'));
    expect(trained.reactions).toEqual(shipped('reactions/model.json'));
    expect(trained.satisfaction).toEqual(shipped('satisfaction/model.json'));
  });
});
