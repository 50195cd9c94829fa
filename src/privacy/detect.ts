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
  `(?:phone|tel|telephone|mobile|cell|call|whats ?app|sms|telefone|telemovel|telemóvel|celular|contato|contacto|ligue|liguem|ligar|telefono|teléfono|movil|móvil|llama|llámame|llamar|telefon|mobil|suna|sunati|sunați|numar|număr|numarul|numărul|numero|número|number)${END_OF_WORD}[^\\d\\n]{0,20}$`,
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
  // Dates and amounts are digit runs too ("2026-03-01", "12.03.2026"), and so is the CPF layout.
  if (/^\d{4}-\d{2}-\d{2}/.test(candidate) || /^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$/.test(candidate)) return false;
  if (/^\d{3}\.\d{3}\.\d{3}-\d{2}$/.test(candidate)) return false;
  const international = /^(?:\+|00)/.test(candidate);
  if (international) return digits.length >= 9;
  if (PHONE_WORDS.test(before)) return digits.length >= 8;
  const separated = /[\s().-]/.test(candidate);
  return NATIONAL_PHONE.some((plan) => plan.test(digits)) && (separated || digits.length >= 9);
}

/** A DNI or NIE as typed ("12345678-z", "X 1234567 L") has the letter its number calls for. */
function spanishIdValid(typed: string): boolean {
  const compact = typed.replace(/[ -]/g, '').toUpperCase();
  return dniLetterValid(compact.slice(0, 8), compact[8]!);
}

function digitCount(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57) count++;
  }
  return count;
}

const ANY_DIGIT = /\d/;

// Every finder but the email's and the IBAN's needs at least this many digits (a NIE has 7; phones,
// DNI, NIF, CPF, CNP and cards more); an IBAN needs its two check digits.
const FEWEST_DIGITS = 7;

/** Every personal-data span of the enabled types in `text`, non-overlapping, in reading order. */
export function detectPii(text: string, enabled: ReadonlySet<PiiType>): PiiMatch[] {
  // Most messages hold no "@" and few digits: skipping the finders that cannot match them keeps
  // redaction cheap on a backfill's millions of messages, with the same result. Most hold no digit
  // at all, which a native regex scan finds in half the time of counting.
  const digits = ANY_DIGIT.test(text) ? digitCount(text) : 0;
  if (digits < 2 && !text.includes('@')) return [];
  const found: (PiiMatch & { rank: number })[] = [];
  // Rank orders the finders from the most specific: where two overlap, the lower rank wins.
  const find = (type: PiiType, rank: number, pattern: RegExp, valid: (m: RegExpExecArray) => boolean) => {
    if (!enabled.has(type)) return;
    for (const m of matches(pattern, text)) if (valid(m)) found.push({ type, start: m.index, end: m.index + m[0].length, rank });
  };
  const before = (index: number, chars: number) => text.slice(Math.max(0, index - chars), index);

  if (text.includes('@')) find('email', 0, EMAIL, () => true);
  if (digits >= 2) find('iban', 1, IBAN, (m) => ibanValid(m[0].replace(/ /g, '')));
  const numeric = digits >= FEWEST_DIGITS;
  if (numeric) find('cnp', 2, CNP, (m) => cnpValid(m[0]));
  if (numeric) find('cpf', 3, CPF, (m) => cpfValid(digitsOnly(m[0])));
  if (numeric) find('card', 4, CARD, (m) => {
    const digits = digitsOnly(m[0]);
    // Issuer prefixes start 2-6 (Mastercard 2/5, Amex/Diners/JCB 3, Visa 4, Discover/Maestro 6).
    return digits.length >= 13 && digits.length <= 19 && /^[2-6]/.test(digits) && luhnValid(digits);
  });
  if (numeric) find('nif', 5, NIF, (m) => nifValid(m[0]) && NIF_WORDS.test(before(m.index, 30)));
  if (numeric) find('nie', 5, NIE, (m) => spanishIdValid(m[0]));
  if (numeric) find('dni', 5, DNI, (m) => spanishIdValid(m[0]));
  if (numeric && enabled.has('phone')) {
    for (const m of matches(PHONE, text)) {
      // The pattern may take in a leading space or a trailing bracket: the placeholder keeps the text's spacing.
      const start = m.index + (m[0].length - m[0].trimStart().length);
      const candidate = m[0].trimStart().replace(/[\s(.-]+$/, '');
      if (isPhone(candidate, before(start, 40))) found.push({ type: 'phone', start, end: start + candidate.length, rank: 6 });
    }
  }

  found.sort((a, b) => a.rank - b.rank || a.start - b.start);
  const kept: PiiMatch[] = [];
  for (const f of found) {
    if (kept.some((k) => f.start < k.end && k.start < f.end)) continue;
    kept.push({ type: f.type, start: f.start, end: f.end });
  }
  return kept.sort((a, b) => a.start - b.start);
}
