/** The check-digit algorithms that tell an identifier from any other run of digits. */

const digitsOf = (text: string) => Array.from(text, Number);

/** Payment card numbers (ISO/IEC 7812). */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** ISO 13616: move the first four characters to the end, letters to 10..35, the number mod 97 is 1. */
export function ibanValid(iban: string): boolean {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const value = char >= 'A' && char <= 'Z' ? char.charCodeAt(0) - 55 : Number(char);
    remainder = (remainder * (value > 9 ? 100 : 10) + value) % 97;
  }
  return remainder === 1;
}

/** Brazilian CPF: two mod-11 check digits; eleven equal digits are valid arithmetic but never issued. */
export function cpfValid(digits: string): boolean {
  if (digits.length !== 11 || /^(\d)\1{10}$/.test(digits)) return false;
  const d = digitsOf(digits);
  const check = (length: number) => {
    let sum = 0;
    for (let i = 0; i < length; i++) sum += d[i]! * (length + 1 - i);
    const rest = (sum * 10) % 11;
    return rest === 10 ? 0 : rest;
  };
  return check(9) === d[9] && check(10) === d[10];
}

const CNP_KEY = [2, 7, 9, 1, 4, 6, 3, 5, 8, 2, 7, 9];

/** Romanian CNP: sex/century digit, a real birth date, a county code, and a weighted check digit. */
export function cnpValid(digits: string): boolean {
  if (digits.length !== 13 || digits[0] === '0') return false;
  const d = digitsOf(digits);
  const month = d[3]! * 10 + d[4]!;
  const day = d[5]! * 10 + d[6]!;
  const county = d[7]! * 10 + d[8]!;
  if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  if (county < 1 || (county > 52 && county !== 70)) return false;
  const sum = CNP_KEY.reduce((total, weight, i) => total + weight * d[i]!, 0);
  const check = sum % 11 === 10 ? 1 : sum % 11;
  return check === d[12];
}

const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

/** Spanish DNI (8 digits and a letter) and NIE (X, Y or Z, 7 digits and a letter): the letter is the number mod 23. */
export function dniLetterValid(number: string, letter: string): boolean {
  const n = Number(number.replace(/^[XYZ]/, (prefix) => String('XYZ'.indexOf(prefix))));
  return DNI_LETTERS[n % 23] === letter;
}

/** Portuguese NIF: nine digits, the last a mod-11 check digit over the first eight (weights 9..2). */
export function nifValid(digits: string): boolean {
  if (!/^[1-35689]\d{8}$/.test(digits)) return false;
  const d = digitsOf(digits);
  const sum = d.slice(0, 8).reduce((total, digit, i) => total + digit * (9 - i), 0);
  const check = 11 - (sum % 11);
  return (check >= 10 ? 0 : check) === d[8];
}
