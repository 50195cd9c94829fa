import { describe, expect, it } from 'vitest';
import { scoreMessage, scoreSentiment } from '../../../src/scoring/sentiment';
import { messageFeatures, sentimentTokens } from '../../../src/scoring/sentiment/features';
import { scoreLexicon } from '../../../src/scoring/sentiment/lexicon';
import { tokenInfos } from '../../../src/scoring/sentiment/token-info';
import { conversation, testModels } from '../../support/fixtures';

const models = testModels();
const score = (text: string, lang: 'en' | 'pt' | 'es' | 'ro') => scoreLexicon(text, lang, models);

describe('message sentiment (lexicon and classifier)', () => {
  it.each([
    ['en', 'Thanks, that worked perfectly!', 'positive'],
    ['en', 'This is terrible service', 'negative'],
    ['en', 'My order number is 4412', 'neutral'],
    ['pt', 'Muito obrigado, perfeito', 'positive'],
    ['pt', 'Péssimo atendimento', 'negative'],
    ['es', 'Genial, muchas gracias', 'positive'],
    ['es', 'El pedido llegó roto, muy mal', 'negative'],
    ['ro', 'Mulțumesc, a mers perfect', 'positive'],
    ['ro', 'Sunt foarte nemulțumit', 'negative'],
    // Chat messages of our own, in none of the training data (models/sentiment/chat-seed.json included).
    // Before the classifiers learnt from chat phrases, 5 of these 12 were read wrong, all neutral
    // questions read as negative; of the 13 written, one still is ("Până la ce oră e deschis
    // magazinul?", docs/evaluation.md).
    ['ro', 'Ce culori are modelul ăsta?', 'neutral'],
    ['ro', 'aveti si varianta de 2 litri?', 'neutral'],
    ['ro', 'Mi-a venit factura de două ori, nu e normal', 'negative'],
    ['ro', 'Vă mulțumesc pentru ajutor, o seară bună', 'positive'],
    ['pt', 'Vocês têm essa cor em estoque?', 'neutral'],
    ['pt', 'até que horas a loja fica aberta?', 'neutral'],
    ['pt', 'de novo veio errado, cansei', 'negative'],
    ['pt', 'obrigado pela atenção, ajudou bastante', 'positive'],
    ['es', '¿Hasta qué hora abre la tienda?', 'neutral'],
    ['es', '¿Tienen este color en stock?', 'neutral'],
    ['es', 'otra vez llegó mal, me cansé', 'negative'],
    ['es', 'gracias por la atención, me ayudó mucho', 'positive'],
  ] as const)('%s: "%s" is %s', (lang, text, label) => {
    const result = scoreMessage(text, lang, models);
    expect(result.label).toBe(label);
    expect(Math.sign(result.score)).toBe(label === 'positive' ? 1 : label === 'negative' ? -1 : Math.sign(result.score));
  });

  it('falls back to the lexicon for languages without a classifier', () => {
    expect(scoreMessage('great 😍', 'other', models)).toEqual({ score: scoreLexicon('great 😍', 'other', models), label: 'positive' });
  });
});

describe('lexicon score', () => {
  it('stays within [-1, 1]', () => {
    expect(score('terrible awful horrible disgusting worst hate hate hate!!!', 'en')).toBeGreaterThanOrEqual(-1);
    expect(score('love love amazing wonderful perfect best!!!', 'en')).toBeLessThanOrEqual(1);
  });

  it('flips and dampens a negated word, only within the negation scope', () => {
    expect(score('good', 'en')).toBeGreaterThan(0);
    expect(score('not good', 'en')).toBeLessThan(0);
    expect(Math.abs(score('not good', 'en'))).toBeLessThan(Math.abs(score('good', 'en')));
    // "not" reaches three words; "great" is the fifth.
    expect(score('not the thing I wanted but great', 'en')).toBeGreaterThan(0);
    expect(score('nu este bun', 'ro')).toBeLessThan(0);
  });

  it('amplifies with intensifiers, elongation and exclamation marks', () => {
    expect(score('very bad', 'en')).toBeLessThan(score('bad', 'en'));
    expect(score('sooo baaad', 'en')).toBeLessThan(score('so bad', 'en') / 1.2);
    expect(score('great!!', 'en')).toBeGreaterThan(score('great', 'en'));
  });

  it('reads emoji and emoticons', () => {
    expect(score('ok 😡', 'en')).toBeLessThan(0);
    expect(score('ok :)', 'en')).toBeGreaterThan(0);
    expect(score('entregue 👍', 'pt')).toBeGreaterThan(0);
  });

  it('matches words typed without diacritics', () => {
    expect(score('pessimo', 'pt')).toBeCloseTo(score('péssimo', 'pt'));
    expect(score('nemultumit', 'ro')).toBeCloseTo(score('nemulțumit', 'ro'));
  });
});

describe('conversation sentiment', () => {
  const convo = conversation({
    lines: [
      ['c', 0, 'This is terrible, my parcel is lost'],
      ['a', 60, 'Sorry! I found it, it arrives tomorrow.'],
      ['b', 61, 'Please rate us'],
      ['c', 120, 'Great, thank you so much!'],
      ['c', 130, ''],
    ],
  });
  const result = scoreSentiment(convo, ['en', 'en', 'en', 'en', 'en'], models);

  it('summarises the customer: start, end, minimum, mean and trend', () => {
    const customer = result.customer!;
    expect(customer.start).toBeLessThan(0);
    expect(customer.end).toBeGreaterThan(0);
    expect(customer.min).toBe(customer.start);
    expect(customer.mean).toBeCloseTo((customer.start + customer.end) / 2);
    expect(customer.trend).toBe('improving');
  });

  it('keeps agent and bot tone apart and ignores empty messages', () => {
    expect(result.agent).toBe(result.messages[1]!.sentiment);
    expect(result.bot).toBe(result.messages[2]!.sentiment);
    expect(result.messages).toHaveLength(5);
  });

  it('has no customer sentiment when the customer never wrote', () => {
    const botOnly = conversation({ lines: [['b', 0, 'Hi! How can I help?']] });
    expect(scoreSentiment(botOnly, ['en'], models).customer).toBeNull();
  });
});

describe('token readings, remembered', () => {
  const resources = models.sentiment;

  it('reads a token per language', () => {
    expect(tokenInfos(['nu'], 'ro', resources)[0]!.negatesLexicon).toBe(true);
    expect(tokenInfos(['nu'], 'en', resources)[0]!.negatesLexicon).toBe(false);
  });

  it('reads a token with the resources it is given, not those it was first read with', () => {
    expect(tokenInfos(['meh'], 'en', resources)[0]!.valence).toBeUndefined();
    const own = { ...resources, lexicons: { ...resources.lexicons, en: new Map([['meh', -2]]) } };
    expect(tokenInfos(['meh'], 'en', own)[0]!.valence).toBe(-2);
  });

  it('gives the same features cold, warm, and after the cache filled up and was emptied', () => {
    const text = 'NOT happy, sooo slow 😡 and the refund is still missing';
    const fresh = () => messageFeatures(sentimentTokens(text), text, 'en', { ...models, sentiment: { ...resources } });
    const cold = fresh();
    expect(messageFeatures(sentimentTokens(text), text, 'en', models)).toEqual(cold);
    tokenInfos(Array.from({ length: 40_000 }, (_, i) => `filler${i}`), 'en', resources);
    expect(messageFeatures(sentimentTokens(text), text, 'en', models)).toEqual(cold);
  });
});
