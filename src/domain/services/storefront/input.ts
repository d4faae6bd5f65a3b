// A buyer's changes to a session (storefront updateCheckoutSession, and the update part of start
// and complete), checked against the link's settings and each line's quantity bounds. Paths name
// the input's fields: ['email'], ['quantities', '0', 'quantity'], ['billingAddress', 'city'], ….
// The messages are the API's; the hosted page words each reason and path for the buyer itself
// (src/checkout/field-messages.ts).
import { z } from 'zod';
import type { CheckoutLink } from '../../entities/index.ts';
import type { SessionLine } from '../../entities/checkout-session.ts';
import { validationError, type Violation, type Reason } from '../../errors.ts';
import { ADJUSTABLE_QUANTITY_MAX, ADJUSTABLE_QUANTITY_MIN } from '../../../contract/limits.ts';

export interface StorefrontUpdate {
  quantities?: { line: number; quantity: number }[] | null;
  email?: string | null;
  name?: string | null;
  company?: string | null;
  billingAddress?: { line1: string; line2?: string | null; postalCode: string; city: string; country: string } | null;
  promotionCode?: string | null;
}

/** What an update changes on the session (undefined = unchanged, null = cleared). */
export interface SessionChanges {
  quantities: Map<number, number>;
  customerEmail?: string | null;
  customerName?: string | null;
  companyName?: string | null;
  billingAddress?: Record<string, string | null> | null;
  couponCode?: string | null;
}

const emailFormat = z.email();

/** The bounds of an editable line; null when the buyer cannot change its quantity. */
export function lineBounds(line: SessionLine): { min: number; max: number } | null {
  if (!line.quantityEditable) return null;
  return { min: line.minQuantity ?? ADJUSTABLE_QUANTITY_MIN, max: line.maxQuantity ?? ADJUSTABLE_QUANTITY_MAX };
}

/** Validates an update; throws one VALIDATION error listing every field at fault. */
export function checkUpdate(link: CheckoutLink, lines: readonly SessionLine[], input: StorefrontUpdate, prefix: string[] = []): SessionChanges {
  const { changes, violations } = collectUpdate(link, lines, input, prefix);
  if (violations.length > 0) throw validationError(violations);
  return changes;
}

/**
 * Validates an update and what completion needs of the session it would give (email, company,
 * billing address), so the buyer sees every field at fault at once; throws one VALIDATION error.
 */
export function checkUpdateForCompletion(
  link: CheckoutLink,
  session: { lines: SessionLine[]; customerEmail?: string | null; companyName?: string | null; billingAddress?: unknown },
  input: StorefrontUpdate,
  prefix: string[] = [],
): SessionChanges {
  const { changes, violations } = collectUpdate(link, session.lines, input, prefix);
  const after = {
    customerEmail: changes.customerEmail !== undefined ? changes.customerEmail : session.customerEmail,
    companyName: changes.companyName !== undefined ? changes.companyName : session.companyName,
    billingAddress: changes.billingAddress !== undefined ? changes.billingAddress : session.billingAddress,
  };
  const faulty = new Set(violations.map((v) => v.path.slice(prefix.length)[0]));
  for (const missing of completionViolations(link, after, prefix)) {
    if (!faulty.has(missing.path.slice(prefix.length)[0])) violations.push(missing);
  }
  if (violations.length > 0) throw validationError(violations);
  return changes;
}

function collectUpdate(
  link: CheckoutLink,
  lines: readonly SessionLine[],
  input: StorefrontUpdate,
  prefix: string[],
): { changes: SessionChanges; violations: Violation[] } {
  const violations: Violation[] = [];
  const add = (path: string[], message: string, reason: Reason) => violations.push({ path: [...prefix, ...path], message, reason, code: 'VALIDATION' });
  const changes: SessionChanges = { quantities: new Map() };

  (input.quantities ?? []).forEach((q, i) => {
    const path = ['quantities', String(i)];
    const line = Number.isInteger(q.line) ? lines[q.line] : undefined;
    if (!line) return add([...path, 'line'], `There is no line ${q.line}: lines are numbered from 0 to ${lines.length - 1}.`, 'LINE__NOT_FOUND');
    const bounds = lineBounds(line);
    if (!bounds) {
      if (q.quantity !== line.quantity) add([...path, 'quantity'], 'The quantity of this line is not editable.', 'QUANTITY__NOT_EDITABLE');
      return;
    }
    if (!Number.isInteger(q.quantity) || q.quantity < bounds.min || q.quantity > bounds.max) {
      return add([...path, 'quantity'], `The quantity must be from ${bounds.min} to ${bounds.max}.`, 'QUANTITY__OUT_OF_RANGE');
    }
    changes.quantities.set(q.line, q.quantity);
  });

  const text = (value: string | null | undefined, path: string[], max: number): string | null | undefined => {
    if (value === undefined) return undefined;
    const trimmed = (value ?? '').trim();
    if (trimmed.length > max) add(path, `At most ${max} characters.`, 'VALUE__TOO_LONG');
    return trimmed === '' ? null : trimmed;
  };

  const email = text(input.email, ['email'], 320);
  if (email && !emailFormat.safeParse(email).success) add(['email'], 'Not a valid email address.', 'VALUE__BAD_FORMAT');
  if (email !== undefined) changes.customerEmail = email;
  const name = text(input.name, ['name'], 255);
  if (name !== undefined) changes.customerName = name;
  const company = text(input.company, ['company'], 255);
  if (company !== undefined) changes.companyName = company;

  if (input.billingAddress !== undefined) {
    if (link.billingAddressCollection !== 'required') {
      add(['billingAddress'], 'This checkout does not collect a billing address.', 'BILLING_ADDRESS__NOT_COLLECTED');
    } else if (input.billingAddress === null) {
      changes.billingAddress = null;
    } else {
      const a = input.billingAddress;
      const part = (key: 'line1' | 'line2' | 'postalCode' | 'city' | 'country', required: boolean) => {
        const value = text(a[key] ?? '', ['billingAddress', key], 200) ?? null;
        if (required && !value) add(['billingAddress', key], 'This value is required.', 'VALUE__MISSING');
        return value;
      };
      changes.billingAddress = {
        line1: part('line1', true),
        line2: part('line2', false),
        postalCode: part('postalCode', true),
        city: part('city', true),
        country: part('country', true),
      };
    }
  }

  const code = text(input.promotionCode, ['promotionCode'], 64);
  if (code && link.couponsAllowed !== true) add(['promotionCode'], 'This checkout link takes no promotion codes.', 'PROMOTION_CODE__NOT_ALLOWED');
  if (code !== undefined) changes.couponCode = code;
  return { changes, violations };
}

/** What completion needs on the session: an email, the company when forced, the billing address when collected. */
export function checkComplete(
  link: CheckoutLink,
  session: { customerEmail?: string | null; companyName?: string | null; billingAddress?: unknown },
  prefix: string[] = [],
): void {
  const violations = completionViolations(link, session, prefix);
  if (violations.length > 0) throw validationError(violations);
}

function completionViolations(
  link: CheckoutLink,
  session: { customerEmail?: string | null; companyName?: string | null; billingAddress?: unknown },
  prefix: string[],
): Violation[] {
  const violations: Violation[] = [];
  const add = (path: string[], message: string) => violations.push({ path: [...prefix, ...path], message, reason: 'VALUE__MISSING', code: 'VALIDATION' });
  if (!session.customerEmail) add(['email'], 'An email address is required to complete.');
  if (link.forceCompany && !session.companyName) add(['company'], 'A company name is required to complete.');
  if (link.billingAddressCollection === 'required' && !session.billingAddress) add(['billingAddress'], 'A billing address is required to complete.');
  return violations;
}
