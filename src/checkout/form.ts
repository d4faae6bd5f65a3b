// The hosted page's form: what the buyer posts, turned into the storefront operations' input, and
// the operations' user errors turned back into field errors. A body that is not a flat set of
// short string fields is malformed (the page answers 400).
import type { PageLinkFragment, UserErrorFieldsFragment } from '../generated/operations.ts';
import { fieldMessage, quantityRange, type LineBounds } from './field-messages.ts';

export type PageForm = Record<string, string>;

const MAX_FIELDS = 64;
const MAX_VALUE = 2048;

/** The posted fields, or null when the body is not a form of string fields. */
export function readForm(body: unknown): PageForm | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
  const entries = Object.entries(body as Record<string, unknown>);
  if (entries.length > MAX_FIELDS) return null;
  const out: PageForm = Object.create(null);
  for (const [key, value] of entries) {
    if (typeof value !== 'string' || value.length > MAX_VALUE || key.length > 64) return null;
    out[key] = value;
  }
  return out;
}

export const BILLING_FIELDS = [
  ['billing_line1', 'line1', 'Address', true, 'address-line1'],
  ['billing_line2', 'line2', 'Address line 2', false, 'address-line2'],
  ['billing_postal_code', 'postalCode', 'Postal code', true, 'postal-code'],
  ['billing_city', 'city', 'City', true, 'address-level2'],
  ['billing_country', 'country', 'Country', true, 'country-name'],
] as const;

export const quantityField = (index: number): string => `quantity_${index}`;

const given = (form: PageForm, name: string): string | undefined => (name in form ? form[name] : undefined);

/** The update part of the storefront input: only the fields the page shows, as typed. */
export function updateFromForm(link: PageLinkFragment, form: PageForm): { update: Record<string, unknown>; errors: Record<string, string> } {
  const update: Record<string, unknown> = {};
  const quantities: { line: number; quantity: number }[] = [];
  const fieldErrors: Record<string, string> = {};
  for (const line of link.lines) {
    const raw = given(form, quantityField(line.index))?.trim();
    if (!line.quantityEditable || raw === undefined || raw === '') continue;
    const n = /^\d{1,7}$/.test(raw) ? Number(raw) : Number.NaN;
    if (Number.isNaN(n)) fieldErrors[quantityField(line.index)] = quantityRange(line);
    else quantities.push({ line: line.index, quantity: n });
  }
  if (quantities.length > 0) update.quantities = quantities;
  for (const [field, key] of [
    ['email', 'email'],
    ['name', 'name'],
    ['company', 'company'],
  ] as const) {
    const value = given(form, field);
    if (value !== undefined) update[key] = value;
  }
  if (link.fields.billingAddress) {
    const address: Record<string, string> = {};
    for (const [field, key] of BILLING_FIELDS) address[key] = given(form, field) ?? '';
    update.billingAddress = address;
  }
  if (link.fields.promotionCode) {
    const code = given(form, 'promotion_code');
    if (code !== undefined) update.promotionCode = code;
  }
  return { update, errors: fieldErrors };
}

/** Card details from the form, or field errors (the expiry must read MM / YY). */
export function cardFromForm(form: PageForm): {
  card: { number: string; expMonth: number; expYear: number; cvc: string; name: string | null } | null;
  errors: Record<string, string>;
} {
  const errors: Record<string, string> = {};
  const number = (given(form, 'card_number') ?? '').trim();
  const expiry = (given(form, 'card_expiry') ?? '').trim();
  const cvc = (given(form, 'card_cvc') ?? '').trim();
  const name = (given(form, 'card_name') ?? '').trim();
  if (!number) errors.card_number = 'Enter your card number.';
  const m = /^(\d{1,2})\s*\/\s*(\d{2}|\d{4})$/.exec(expiry);
  if (!m) errors.card_expiry = 'Enter the expiry date as MM / YY.';
  if (!cvc) errors.card_cvc = 'Enter the security code.';
  if (Object.keys(errors).length > 0) return { card: null, errors };
  return { card: { number, expMonth: Number(m![1]), expYear: Number(m![2]), cvc, name: name || null }, errors };
}

/** A user error's path as the page's field name (null for errors about no one field). */
export function fieldOf(path: readonly string[]): string | null {
  const p = path[0] === 'input' ? path.slice(1) : [...path];
  if (p[0] === 'update') p.shift();
  switch (p[0]) {
    case 'email':
    case 'name':
    case 'company':
      return p[0];
    case 'promotionCode':
      return 'promotion_code';
    case 'billingAddress': {
      const billing = BILLING_FIELDS.find(([, key]) => key === p[1]);
      return billing ? billing[0] : 'billing_line1';
    }
    case 'payment': {
      const card: Record<string, string> = { number: 'card_number', expMonth: 'card_expiry', expYear: 'card_expiry', cvc: 'card_cvc', name: 'card_name' };
      return card[p[2] ?? 'number'] ?? 'card_number';
    }
    default:
      return null;
  }
}

/**
 * User errors as field errors (first message per field) and the messages of no field, in the
 * page's words (field-messages.ts). `quantityLines` are the line indexes of the update's
 * quantities, in order; `lines` the page's lines (their quantity bounds).
 */
export function errorsOf(
  userErrors: readonly UserErrorFieldsFragment[],
  quantityLines: number[] = [],
  lines: readonly (LineBounds & { index: number })[] = [],
): { fields: Record<string, string>; other: string[] } {
  const fields: Record<string, string> = {};
  const other: string[] = [];
  for (const e of userErrors) {
    const p = e.path[0] === 'input' ? e.path.slice(1) : e.path;
    const q = p[0] === 'update' && p[1] === 'quantities' ? Number(p[2]) : Number.NaN;
    const lineIndex = Number.isInteger(q) ? quantityLines[q] : undefined;
    const field = lineIndex !== undefined ? quantityField(lineIndex) : fieldOf(e.path);
    const message = fieldMessage(
      e,
      lines.find((l) => l.index === lineIndex),
    );
    if (field) fields[field] ??= message;
    else other.push(message);
  }
  return { fields, other };
}
