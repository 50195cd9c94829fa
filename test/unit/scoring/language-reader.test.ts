import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toLanguageIdentifier, type LanguageTableFile } from '../../../src/scoring/language/identifier';
import { toLanguageReader, WORD_LEAD, WORD_MARGIN } from '../../../src/scoring/language/reader';
import { toWordEvidence } from '../../../src/scoring/language/word-evidence';
import { MODELS_DIR, SCORED_LANGUAGES } from '../../../src/scoring/models';
import { stripDiacritics } from '../../../src/scoring/text/normalize';
import { testModels } from '../../support/fixtures';

const identifier = toLanguageIdentifier(JSON.parse(readFileSync(join(MODELS_DIR, 'language/eld-xs60.json'), 'utf8')) as LanguageTableFile);
const lettersOnly = toLanguageReader(identifier, SCORED_LANGUAGES, null);
const models = testModels();
const at = (language: string) => SCORED_LANGUAGES.indexOf(language as (typeof SCORED_LANGUAGES)[number]);

describe('language identification: the words decide the close calls', () => {
  it.each([
    // Sentences of our own; each reads, in letters alone, as another language by a hair.
    ['pt', 'es', 'quero devolver o tenis'],
    ['ro', 'other', 'va rog sa ma sunati'],
  ])('%s, read as %s by the letters alone: "%s"', (language, byLetters, text) => {
    expect(lettersOnly.identify(text)).toBe(byLetters);
    expect(models.language.identify(text)).toBe(language);
    const { language: read, behind } = models.language.read(text)!;
    expect(read).toBe(language);
    // The gaps are measured from the new answer: the letters' answer scores above it.
    expect(behind[at(language)]).toBe(0);
    if (byLetters !== 'other') expect(behind[at(byLetters)]).toBeLessThan(0);
  });

  it.each([
    ['pt', 'o entregador nao veio'], // Spanish within the margin, the words Portuguese
    ['pt', 'quero cancelar meu plano'],
    ['es', 'nadie me contesta'],
    ['ro', 'nu pot intra in cont'],
    ['en', 'charged twice for one order'],
    ['other', 'je veux retourner mes chaussures'],
    ['other', 'vorrei restituire le scarpe'],
    ['other', 'ho bisogno di aiuto con il pagamento'],
    ['other', 'ich wurde zweimal belastet'],
    // Catalan, Spanish within the margin of the letters' "other": its known words ("la", "ja", "no") lean Portuguese.
    ['other', 'la meva contrasenya ja no funciona'],
  ])('keeps what the letters read when the words do not say otherwise (%s: "%s")', (language, text) => {
    expect(lettersOnly.identify(text)).toBe(language);
    expect(models.language.identify(text)).toBe(language);
  });

  it('reads no French, Italian, German or Dutch phrase as one of the four; Catalan, near Spanish, twice as often as the letters alone', () => {
    const phrases = JSON.parse(readFileSync(join(import.meta.dirname, '../../support/other-language-phrases.json'), 'utf8')) as Record<string, string[]>;
    const scoredBy = (reader: { identify(text: string): string | null }, language: string) =>
      phrases[language]!.flatMap((p) => [p, stripDiacritics(p)]).filter((text) => (SCORED_LANGUAGES as readonly (string | null)[]).includes(reader.identify(text))).length;
    for (const language of ['fr', 'it', 'de', 'nl']) expect(scoredBy(models.language, language)).toBe(0);
    // docs/kpis.md states these two figures.
    expect(scoredBy(lettersOnly, 'ca')).toBe(4);
    expect(scoredBy(models.language, 'ca')).toBe(8);
  });

  it('needs the other language within the margin and a lead in the words', () => {
    const words: { languages: string[]; words: Record<string, number[]> } = {
      languages: ['en', 'pt', 'es', 'ro'],
      words: { quero: [-9, -1, -9, -9], tenis: [-6, -6, -6, -6] },
    };
    const text = 'quero devolver o tenis';
    const { behind } = lettersOnly.read(text)!;
    expect(behind[at('pt')]).toBeLessThanOrEqual(WORD_MARGIN);
    const reader = (w: typeof words) => toLanguageReader(identifier, SCORED_LANGUAGES, toWordEvidence(w, SCORED_LANGUAGES));
    expect(reader(words).identify(text)).toBe('pt');
    // "quero" likelier in Portuguese than in Spanish by just under the lead: the letters' answer stands.
    const tooClose = { ...words, words: { ...words.words, quero: [-9, -1, -1 - WORD_LEAD + 0.01, -9] } };
    expect(reader(tooClose).identify(text)).toBe('es');
    // No words known: the letters' answer.
    expect(reader({ ...words, words: {} }).identify(text)).toBe('es');
  });
});
