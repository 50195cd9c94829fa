import { cnpValid, cpfValid, dniLetterValid, ibanValid, luhnValid, nifValid } from './checksums';
import type { PiiType } from './settings';

export interface PiiMatch {
  type: PiiType;
  start: number;
  end: number;
}

/**
 * Finders for each kind of personal data. Each proposes candidates with a pattern and keeps only
 * those that pass the identifier's own check (Luhn, mod 97, check digits), so an order number that
 * merely looks like a card stays readable. Phones have no checksum: they need an international
 * prefix, a national format of our markets, or the word "phone" nearby, and never count after
 * "order" or "tracking" (docs/privacy.md).
 */

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;
// 4 letters/digits groups as printed on statements ("PT50 0002 0123 1234 5678 9015 4"), or run together.
const IBAN = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b/g;
const CARD = /\b\d(?:[ -]?\d){12,18}\b/g;
const CPF = /\b\d{3}\.?\d{3}\.?\d{3}[-.]?\d{2}\b/g;
const CNP = /\b[1-9]\d{12}\b/g;
const DNI = /\b\d{8}[ -]?[A-Za-z]\b/g;
// Nine digits are also a Portuguese phone number: a NIF needs its name right before it.
const NIF = /\b\d{9}\b/g;
const NIF_WORDS = /(?:nif|nipc|contribuinte)(?![\p{L}\p{N}])[^\d\n]{0,15}$/iu;
const NIE = /\b[XYZxyz][ -]?\d{7}[ -]?[A-Za-z]\b/g;
// Digits with the separators people type in phone numbers: "+55 (11) 98765-4321", "0722.123.456".
const PHONE = /(?:\+|\b00)?\(?\d[\d\s().-]{6,22}\d\b/g;

// Words that end right before the number (up to a few non-digits in between, "phone: ", "nº ").
const END_OF_WORD = '(?![\\p{L}\\p{N}])';
const PHONE_WORDS = new RegExp(
  `(?:phone|tel|telephone|mobile|cell|call|whats ?app|sms|telefone|celular|contato|ligue|liguem|ligar|telefono|teléfono|movil|móvil|llama|llámame|llamar|telefon|mobil|suna|sunati|sunați|numar|număr|numarul|numărul|numero|número|number)${END_OF_WORD}[^\\d\\n]{0,20}$`,
  'iu',
);
const REFERENCE_WORDS = new RegExp(
  `(?:(?:order|tracking|invoice|ref|reference|ticket|case|account|acct|pedido|encomenda|rastreio|fatura|factura|seguimiento|referencia|cuenta|conta|comanda|comenzii|factura|factură|cont|contul|dosar|awb)${END_OF_WORD}|n[º°o]\\.?|nr\\.?|#)[^\\d\\n]{0,12}$`,
  'iu',
);

// National numbering plans of our markets, after dropping the separators (and a leading + or 00 country code).
const NATIONAL_PHONE = [
  /^9[1236]\d{7}$/, // PT mobile
  /^2\d{8}$/, // PT landline
  /^[67]\d{8}$/, // ES mobile
  /^[89]\d{8}$/, // ES landline
  /^0[237]\d{8}$/, // RO
  /^\d{2}9\d{8}$/, // BR mobile with area code
  /^0\d{9,10}$/, // UK and others with a trunk 0
];

function* matches(pattern: RegExp, text: string): Generator<RegExpExecArray> {
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) yield m;
}

const digitsOnly = (s: string) => s.replace(/\D/g, '');

function isPhone(candidate: string, before: string): boolean {
  const digits = digitsOnly(candidate);
  if (digits.length < 8 || digits.length > 15) return false;
  if (REFERENCE_WORDS.test(before)) return false;
  // Dates, times and amounts are digit runs too: "2026-03-01", "10.30", "1.234,56".
  if (/^\d{4}-\d{2}-\d{2}/.test(candidate) || /^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$/.test(candidate.trim())) return false;
  const international = /^(?:\+|00)/.test(candidate);
  if (international) return digits.length >= 9;
  if (PHONE_WORDS.test(before)) return digits.length >= 8;
  const separated = /[\s().-]/.test(candidate);
  return NATIONAL_PHONE.some((plan) => plan.test(digits)) && (separated || digits.length >= 9);
}

/** Every personal-data span of the enabled types in `text`, non-overlapping, in reading order. */
export function detectPii(text: string, enabled: ReadonlySet<PiiType>): PiiMatch[] {
  const found: (PiiMatch & { rank: number })[] = [];
  const add = (type: PiiType, m: RegExpExecArray, rank: number, valid: boolean) => {
    if (valid && enabled.has(type)) found.push({ type, start: m.index, end: m.index + m[0].length, rank });
  };
  for (const m of matches(EMAIL, text)) add('email', m, 0, true);
  for (const m of matches(IBAN, text)) add('iban', m, 1, ibanValid(m[0].replace(/ /g, '')));
  for (const m of matches(CNP, text)) add('cnp', m, 2, cnpValid(m[0]));
  for (const m of matches(CPF, text)) add('cpf', m, 3, cpfValid(digitsOnly(m[0])));
  for (const m of matches(CARD, text)) {
    const digits = digitsOnly(m[0]);
    // Issuer prefixes start 2-6 (Mastercard 2/5, Amex/Diners/JCB 3, Visa 4, Discover/Maestro 6).
    add('card', m, 4, digits.length >= 13 && digits.length <= 19 && /^[2-6]/.test(digits) && luhnValid(digits));
  }
  for (const m of matches(NIF, text)) add('nif', m, 5, nifValid(m[0]) && NIF_WORDS.test(text.slice(Math.max(0, m.index - 30), m.index)));
  for (const m of matches(NIE, text)) {
    const compact = m[0].replace(/[ -]/g, '').toUpperCase();
    add('nie', m, 5, dniLetterValid(compact.slice(0, 8), compact[8]!));
  }
  for (const m of matches(DNI, text)) {
    const compact = m[0].replace(/[ -]/g, '').toUpperCase();
    add('dni', m, 5, dniLetterValid(compact.slice(0, 8), compact[8]!));
  }
  for (const m of matches(PHONE, text)) {
    // The pattern may swallow a trailing space or bracket; trim so the placeholder keeps the text's spacing.
    const raw = m[0];
    const trimmed = raw.replace(/[\s(.-]+$/, '');
    const start = m.index + (raw.length - raw.trimStart().length);
    const candidate = trimmed.trimStart();
    if (isPhone(candidate, text.slice(Math.max(0, start - 40), start))) {
      found.push(...(enabled.has('phone') ? [{ type: 'phone' as const, start, end: start + candidate.length, rank: 6 }] : []));
    }
  }
  // Where finders overlap ("+40 722 123 456" inside a card-like run), the more specific one wins.
  found.sort((a, b) => a.rank - b.rank || a.start - b.start);
  const kept: PiiMatch[] = [];
  for (const f of found) {
    if (kept.some((k) => f.start < k.end && k.start < f.end)) continue;
    kept.push({ type: f.type, start: f.start, end: f.end });
  }
  return kept.sort((a, b) => a.start - b.start);
}
