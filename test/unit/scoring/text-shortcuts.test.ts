import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeForFeatures } from '../../../src/scoring/text/hashed-features';
import { stripDiacritics, stripDiacriticsByNormalizing } from '../../../src/scoring/text/normalize';

// The scorer's text shortcuts must give exactly what the definitions they replace give.

/** normalizeForFeatures as it was defined before its pre-checks. */
const normalizeByDefinition = (text: string) =>
  text
    .replace(/\b(?:https?:\/\/|www\.)\S+/giu, ' xurl ')
    .replace(/@\w+/gu, ' xuser ')
    .replace(/\d+/gu, '0');

const chars = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => String.fromCharCode(from + i));

// Latin letters with and without accents, combining marks, other scripts, emoji, lone surrogates.
const text = fc.string({
  unit: fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...chars(0x20, 0x250)) },
    { weight: 1, arbitrary: fc.constantFrom(...chars(0x300, 0x370)) },
    { weight: 1, arbitrary: fc.constantFrom('ά', 'ẞ', 'ǅ', 'K', 'ſ', 'Å', 'ﬁ', 'ș', 'ț', '😀', '👍🏽', '\uD800', '한', 'ᄀ', 'ᅡ') },
    { weight: 1, arbitrary: fc.constantFrom('http://', 'HTTPS://', 'www.', 'WwW.', 'httpſ://', '@ana', '@', '42', '://') },
  ),
  maxLength: 40,
});

describe('stripDiacritics', () => {
  it('equals NFD, marks removed, NFC for every pair of characters below U+0250 and around it', () => {
    const around = chars(0, 0x260);
    const differing: string[] = [];
    for (const a of around) for (const b of around) if (stripDiacritics(a + b) !== stripDiacriticsByNormalizing(a + b)) differing.push(a + b);
    expect(differing).toEqual([]);
  });

  it('equals it on mixed text, including marks, other scripts and emoji', () => {
    fc.assert(fc.property(text, (t) => stripDiacritics(t) === stripDiacriticsByNormalizing(t)), { numRuns: 5000 });
    expect(stripDiacritics('Não, mulțumesc! Está ótimo')).toBe('Nao, multumesc! Esta otimo');
  });
});

describe('normalizeForFeatures', () => {
  it('replaces URLs, mentions and digits exactly as the plain replacements do', () => {
    fc.assert(fc.property(text, (t) => normalizeForFeatures(t) === normalizeByDefinition(t)), { numRuns: 5000 });
    expect(normalizeForFeatures('see WWW.example.com or https://x.io/a, @ana, order 123')).toBe('see  xurl  or  xurl   xuser , order 0');
  });
});
