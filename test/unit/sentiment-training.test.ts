import { describe, expect, it } from 'vitest';
import { chatSeedRecords, trainSentimentModel } from '../../src/training/sentiment';
import { SENTIMENT_CHAT_SEED_REPEATS } from '../../src/training/sentiment-recipe';
import { testModels } from '../support/fixtures';

const models = testModels();
const records = (texts: string[], label: string) => texts.map((text) => ({ text, label }));
const tweets = [
  ...records(['adorei o show de hoje', 'que dia lindo', 'amo esse time'], 'positive'),
  ...records(['que jogo horrível', 'odeio segunda feira', 'que raiva desse governo'], 'negative'),
  ...records(['o jogo começa às oito', 'saiu a escalação', 'amanhã tem prova'], 'neutral'),
];
const seed = { pt: { neutral: ['qual o prazo de entrega?', 'vocês entregam no sábado?'], positive: ['obrigado, resolveu'] } };

describe('sentiment training with chat phrases', () => {
  it('lists a language\'s phrases label by label', () => {
    expect(chatSeedRecords(seed, 'pt')).toEqual([
      { text: 'qual o prazo de entrega?', label: 'neutral' },
      { text: 'vocês entregam no sábado?', label: 'neutral' },
      { text: 'obrigado, resolveu', label: 'positive' },
    ]);
    expect(chatSeedRecords(seed, 'ro')).toEqual([]);
  });

  it('learns from the phrases as many times as the recipe says, as if they were records', () => {
    expect(SENTIMENT_CHAT_SEED_REPEATS.pt).toBeGreaterThan(0);
    const phrases = Array.from({ length: SENTIMENT_CHAT_SEED_REPEATS.pt }, () => chatSeedRecords(seed, 'pt')).flat();
    const withSeed = trainSentimentModel([{ language: 'pt', records: tweets }], models, seed);
    expect(withSeed).toEqual(trainSentimentModel([{ language: 'pt', records: [...tweets, ...phrases] }], models, {}));
    expect(withSeed).not.toEqual(trainSentimentModel([{ language: 'pt', records: tweets }], models, {}));
  });

  it('leaves a language with no repeats to its records', () => {
    expect(SENTIMENT_CHAT_SEED_REPEATS.en).toBe(0);
    const english = [{ language: 'en' as const, records: records(['great day', 'awful game', 'kick-off at eight'], 'neutral') }];
    expect(trainSentimentModel(english, models, { en: { positive: ['thanks, fixed'] } })).toEqual(trainSentimentModel(english, models, {}));
  });
});
