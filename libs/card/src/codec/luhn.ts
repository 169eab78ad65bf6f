/**
 * The Luhn check digit (ISO/IEC 7812-1 Annex B, "Luhn formula for computing modulus-10 double-add-
 * double check digits"): from the rightmost digit leftwards, every second digit is doubled (and 9
 * taken away when that gives more than 9); the sum of all digits is a multiple of 10.
 * Pure and total: anything that is not a string of digits is simply not Luhn-valid.
 */
export function isLuhnValid(digits: string): boolean {
  if (!/^\d{2,}$/.test(digits)) return false;
  return luhnSum(digits, false) % 10 === 0;
}

/** The check digit to append to `payload` (digits only), or undefined when it is not digits. */
export function luhnCheckDigit(payload: string): number | undefined {
  if (!/^\d+$/.test(payload)) return undefined;
  return (10 - (luhnSum(payload, true) % 10)) % 10;
}

/** `doubleFirst`: whether the rightmost digit is doubled (true when the check digit is missing). */
function luhnSum(digits: string, doubleFirst: boolean): number {
  let sum = 0;
  let double = doubleFirst;
  for (let i = digits.length - 1; i >= 0; i -= 1) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum;
}
