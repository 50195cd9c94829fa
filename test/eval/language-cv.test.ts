import { describe, expect, it } from 'vitest';
import { evaluateLanguage, languageModelsFor } from '../../scripts/eval/language';
import { readSentimentFile } from '../../scripts/eval/sentiment-data';
import { testModels } from '../support/fixtures';

const models = testModels();
const DATA = '../shared/eval';

describe('language figures in npm run eval', () => {
  it('reads texts the shipped word statistics learnt from with statistics learnt without them', () => {
    const ids = readSentimentFile(`${DATA}/sentiment/pt.umsab.dev.jsonl`).slice(0, 5).map((r) => r.id);
    const crossValidated = languageModelsFor(ids, models, DATA);
    expect(crossValidated.method).toBe('5-fold cross-validation');
    expect(crossValidated.models.language).not.toBe(models.language);
    // Each fold's statistics answer a text they never counted; on chat text they agree with the shipped ones.
    expect(crossValidated.models.language.identify('quero devolver o tenis')).toBe('pt');
  });

  it('uses the shipped statistics on records they did not learn from', () => {
    const unseen = languageModelsFor(['held-out-1', 'held-out-2'], models, DATA);
    expect(unseen).toEqual({ models, method: 'shipped models' });
  });

  it('reports each message alone, without diacritics, and in conversations', () => {
    const sample = { language: 'pt' as const, texts: ['quero devolver o tenis', 'o entregador não veio', 'nadie me contesta'] };
    const figures = evaluateLanguage(sample, [sample], { models, method: 'shipped models' });
    expect(figures.languageMethod).toBe('shipped models');
    expect(figures.languageAccuracy).toBeCloseTo(2 / 3);
    expect(figures.languageAccuracyNoDiacritics).toBeCloseTo(2 / 3);
    // Clearly Spanish, the last message keeps its language in a Portuguese conversation.
    expect(figures.languageAccuracyInConversation).toBeCloseTo(2 / 3);
  });
});
