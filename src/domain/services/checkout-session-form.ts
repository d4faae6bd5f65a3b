// The buyer's submitted checkout form, checked on the server against the link's settings and the
// cart's quantity bounds. Field names are those of the hosted page (and any customer front).
import { z } from 'zod';
import type { CheckoutLink } from '../entities/index.ts';
import type { SessionLine } from '../entities/checkout-session.ts';
import { validationError, type Violation } from '../errors.ts';

/** What the page posts: flat string fields (form-urlencoded). */
export type RawCheckoutForm = Record<string, string | undefined>;

export interface BillingAddress {
  line1: string;
  line2: string | null;
  postalCode: string;
  city: string;
  country: string;
}

export interface CheckoutForm {
  email: string;
  companyName: string | null;
  couponCode: string | null;
  billingAddress: BillingAddress | null;
  /** New quantity of each line (same order as the cart's lines). */
  quantities: number[];
}

export const BILLING_FIELDS = [
  ['billing_line1', 'line1', 'Address', true],
  ['billing_line2', 'line2', 'Address line 2', false],
  ['billing_postal_code', 'postalCode', 'Postal code', true],
  ['billing_city', 'city', 'City', true],
  ['billing_country', 'country', 'Country', true],
] as const;

export const quantityField = (index: number): string => `quantity_${index}`;

/** The bounds of an editable line; null when the buyer cannot change its quantity. */
export function quantityBounds(line: SessionLine): { min: number; max: number } | null {
  if (!line.quantityEditable) return null;
  return { min: line.minQuantity ?? 1, max: line.maxQuantity ?? 999 };
}

const email = z.email({ message: 'Enter a valid email address.' }).max(320);

const text = (value: string | undefined): string => (value ?? '').trim();

/** Validates the form; throws a VALIDATION error listing every field at fault (path = field name). */
export function checkForm(link: CheckoutLink, lines: SessionLine[], raw: RawCheckoutForm): CheckoutForm {
  const violations: Violation[] = [];
  const add = (field: string, message: string, reason: string) =>
    violations.push({ path: [field], message, reason, code: 'VALIDATION' });

  const mail = text(raw.email);
  if (!mail) add('email', 'Enter your email address.', 'VALUE__MISSING');
  else if (!email.safeParse(mail).success) add('email', 'Enter a valid email address.', 'VALUE__BAD_FORMAT');

  const company = text(raw.company);
  if (link.forceCompany && !company) add('company', 'Enter your company name.', 'VALUE__MISSING');
  if (company.length > 255) add('company', 'At most 255 characters.', 'VALUE__TOO_LONG');

  const coupon = text(raw.coupon);
  if (coupon && link.couponsAllowed !== true) add('coupon', 'Coupons cannot be used here.', 'COUPON__NOT_ALLOWED');
  else if (coupon.length > 64) add('coupon', 'At most 64 characters.', 'VALUE__TOO_LONG');

  let billingAddress: BillingAddress | null = null;
  if (link.billingAddressCollection === 'required') {
    const values: Record<string, string> = {};
    for (const [field, key, label, required] of BILLING_FIELDS) {
      const value = text(raw[field]);
      if (required && !value) add(field, `Enter the ${label.toLowerCase()}.`, 'VALUE__MISSING');
      if (value.length > 200) add(field, 'At most 200 characters.', 'VALUE__TOO_LONG');
      values[key] = value;
    }
    billingAddress = {
      line1: values.line1 ?? '',
      line2: values.line2 || null,
      postalCode: values.postalCode ?? '',
      city: values.city ?? '',
      country: values.country ?? '',
    };
  }

  const quantities = lines.map((line, i) => {
    const field = quantityField(i);
    const given = raw[field];
    if (given === undefined || given.trim() === '') return line.quantity;
    const bounds = quantityBounds(line);
    const n = /^\d{1,7}$/.test(given.trim()) ? Number(given.trim()) : Number.NaN;
    if (!bounds) {
      if (n !== line.quantity) add(field, 'The quantity of this item cannot be changed.', 'QUANTITY__NOT_EDITABLE');
      return line.quantity;
    }
    if (!Number.isInteger(n) || n < bounds.min || n > bounds.max) {
      add(field, `Choose a quantity from ${bounds.min} to ${bounds.max}.`, 'QUANTITY__OUT_OF_RANGE');
      return line.quantity;
    }
    return n;
  });

  if (violations.length > 0) throw validationError(violations);
  return { email: mail, companyName: company || null, couponCode: coupon || null, billingAddress, quantities };
}
