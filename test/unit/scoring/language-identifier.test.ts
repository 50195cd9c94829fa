import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
// Not a runtime dependency: the scorer reads eld's table from models/; eld itself is the reference here.
import { eld } from 'eld/extrasmall';
import { toLanguageIdentifier, type LanguageTableFile } from '../../../src/scoring/language/identifier';
import { MODELS_DIR } from '../../../src/scoring/models';
import { buildLanguageTable } from '../../../src/training/language-table';

const tableText = readFileSync(join(MODELS_DIR, 'language', 'eld-xs60.json'), 'utf8');
const table = JSON.parse(tableText) as LanguageTableFile;
const identifier = toLanguageIdentifier(table);

/**
 * Everything eld answers: the language, its reliability and, for every language of the table, how
 * far its scaled score lies below the answer's (Infinity with no evidence).
 */
function eldAnswer(text: string) {
  const result = eld.detect(text);
  if (!result.language) return null;
  const scores = result.getScores();
  const best = scores[result.language]!;
  const behind = table.languages.map((l) => (scores[l] === undefined ? Infinity : best - scores[l]!));
  return { language: result.language, reliable: result.isReliable(), behind };
}

const ours = (text: string) => identifier.read(text, table.languages);

const WORDS = [
  'where', 'is', 'my', 'order', "don't", 'it’s', 'refund', 'olá', 'não', 'pedido', 'ainda', 'chegou', 'atenção',
  '¿dónde', 'está', 'todavía', 'llegó', 'suscripción', 'bună', 'ziua', 'încă', 'mulțumesc', 'şi', 'ţară',
  'Bestellung', 'angekommen', 'straße', 'commande', 'arrivée', 'ΟΔΟΣ', 'καλησπέρα', 'заказ', 'ещё', '注文',
  'まだ', '주문', 'طلبي', 'ההזמנה', 'สั่งซื้อ', 'đơn', 'hàng', '😀', '🇵🇹', ':)', '123', 'a1b2', '@user',
  'https://example.com/x', 'x'.repeat(90), 'ã'.repeat(50), 'Ñ', 'İstanbul', "''", '`', '—', '\ud83d', '\udc00',
];

describe('language identifier (eld 2.1.0 extra-small, reimplemented)', () => {
  it('is the table scripts/build-language-table.ts writes from the installed eld', async () => {
    expect(`${JSON.stringify(await buildLanguageTable())}\n`).toBe(tableText);
  });

  it.each([
    ['empty', ''],
    ['only separators', '  123 !!! '],
    ['one letter', 'a'],
    ['English', 'Where is my order? It is still not here, and nobody answers.'],
    ['Portuguese without accents', 'ola, o meu pedido ainda nao chegou'],
    ['Romanian with comma-below letters', 'Bună ziua, comanda mea nu a ajuns încă, mulțumesc'],
    ['Greek capitals', 'ΚΑΛΗΣΠΕΡΑ ΣΑΣ, Η ΠΑΡΑΓΓΕΛΙΑ ΜΟΥ ΔΕΝ ΕΦΤΑΣΕ'],
    ['past the 1,000-character limit', 'the order '.repeat(150) + 'pedido chegou '.repeat(20)],
    ['cut mid-word past 380 bytes', 'ã'.repeat(100) + ' ' + 'ş'.repeat(300)],
    ['a word past 70 bytes', 'supercalifragilisticexpialidocious'.repeat(4) + ' refund please'],
    ['astral characters and a lone surrogate', '😀 hello \ud83d there friend \udc00 ok'],
    ['apostrophes that are kept', "don't ''stop'' `now` it’s fine"],
  ])('gives eld’s answer: %s', (_name, text) => {
    expect(ours(text)).toEqual(eldAnswer(text));
  });

  it('gives eld’s answer wherever a word meets the 350- and 380-byte cuts, with 1-, 2- and 3-byte letters', () => {
    const filler = 'refund the late chegou is and nobody comanda ainda order nao pedido '.repeat(8);
    for (const long of ['nothingworkinganymorestillwaiting', 'ãçõéêíóúàâãçõéêíóúàâ', '注文注文はまだ届いていません注文']) {
      for (let at = 300; at < 390; at++) {
        const text = `${filler.slice(0, at)} ${long} tail words here`;
        expect(ours(text), text).toEqual(eldAnswer(text));
      }
    }
  });

  it('gives eld’s answer on any mix of words, scripts, symbols and separators', () => {
    const piece = fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...WORDS) },
      { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
      { weight: 2, arbitrary: fc.constantFrom(' ', '  ', ', ', '. ', '\n', '?!', '\t', "'", '’ ') },
    );
    const text = fc
      .tuple(fc.array(piece, { maxLength: 120 }), fc.constantFrom(' ', ''))
      .map(([pieces, glue]) => pieces.join(glue));
    fc.assert(
      fc.property(text, (input) => {
        expect(ours(input)).toEqual(eldAnswer(input));
      }),
      { numRuns: 3_000 },
    );
  });

  it('gives the same answer when a word is read from its cache as when first seen', () => {
    const text = 'mulțumesc pentru ajutor, comanda a ajuns';
    const first = ours(text);
    expect(ours(text)).toEqual(first);
    expect(first).toMatchObject({ language: 'ro', reliable: true });
  });
});
