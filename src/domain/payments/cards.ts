// Card number checks shared by providers that take card details: digits, Luhn, brand, expiry, CVC.
import { validationError, type Violation, type Reason } from '../errors.ts';
import type { CardDetails } from './provider.ts';

/** The digits of a card number as typed (spaces and dashes allowed between groups), or null. */
export function cardDigits(number: string): string | null {
  const compact = number.replace(/[\s-]/g, '');
  return /^\d{12,19}$/.test(compact) ? compact : null;
}

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export function cardBrand(digits: string): string {
  if (/^4/.test(digits)) return 'visa';
  if (/^(5[1-5]|2(2[2-9]|[3-6]\d|7[01]|720))/.test(digits)) return 'mastercard';
  if (/^3[47]/.test(digits)) return 'amex';
  if (/^(6011|65|64[4-9])/.test(digits)) return 'discover';
  if (/^3(0[0-5]|[68])/.test(digits)) return 'diners';
  if (/^35(2[89]|[3-8])/.test(digits)) return 'jcb';
  if (/^62/.test(digits)) return 'unionpay';
  return 'unknown';
}

/** Checked card details, or a VALIDATION error listing each field at fault (paths payment.card.*). */
export function checkCard(card: CardDetails, now = new Date()): { digits: string; brand: string; last4: string } {
  const violations: Violation[] = [];
  const add = (field: string, message: string, reason: Reason) => violations.push({ path: ['payment', 'card', field], message, reason, code: 'VALIDATION' });
  const digits = cardDigits(card.number);
  if (!digits) add('number', 'Enter a card number of 12 to 19 digits.', 'CARD__NUMBER_INVALID');
  else if (!luhnValid(digits)) add('number', 'Your card number is invalid.', 'CARD__NUMBER_INVALID');
  const brand = digits ? cardBrand(digits) : 'unknown';
  const { expMonth, expYear } = card;
  const year = expYear < 100 ? 2000 + expYear : expYear;
  if (!Number.isInteger(expMonth) || expMonth < 1 || expMonth > 12) add('expMonth', 'Enter a month from 1 to 12.', 'CARD__EXPIRY_INVALID');
  else if (!Number.isInteger(year) || year > now.getUTCFullYear() + 50) add('expYear', "Your card's expiration year is invalid.", 'CARD__EXPIRY_INVALID');
  else if (year < now.getUTCFullYear() || (year === now.getUTCFullYear() && expMonth < now.getUTCMonth() + 1)) {
    add('expYear', "Your card's expiration date is in the past.", 'CARD__EXPIRED');
  }
  const cvcLength = brand === 'amex' ? 4 : 3;
  if (!new RegExp(`^\\d{${cvcLength}}$`).test(card.cvc.trim())) add('cvc', `Enter the ${cvcLength}-digit security code.`, 'CARD__CVC_INVALID');
  if (card.name !== null && card.name.length > 255) add('name', 'At most 255 characters.', 'VALUE__TOO_LONG');
  if (violations.length > 0) throw validationError(violations);
  return { digits: digits!, brand, last4: digits!.slice(-4) };
}
