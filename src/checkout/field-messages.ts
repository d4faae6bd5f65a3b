// The hosted page's wording of the storefront's field errors: the domain says what is wrong (a
// reason and the input path, with an API message), the page says it to the buyer. A reason the
// page has no words for keeps the domain's message.
import { ADJUSTABLE_QUANTITY_MAX, ADJUSTABLE_QUANTITY_MIN } from '../contract/limits.ts';
import type { UserErrorFieldsFragment } from '../generated/operations.ts';

/** A line's quantity bounds as the page knows them (null: the storefront's defaults). */
export interface LineBounds {
  minQuantity?: number | null;
  maxQuantity?: number | null;
}

/** What the buyer must enter, by the field the domain finds missing (path after `input`/`update`). */
const MISSING: Readonly<Record<string, string>> = {
  email: 'Enter your email address.',
  company: 'Enter your company name.',
  billingAddress: 'Enter your billing address.',
  'billingAddress.line1': 'Enter the address.',
  'billingAddress.postalCode': 'Enter the postal code.',
  'billingAddress.city': 'Enter the city.',
  'billingAddress.country': 'Enter the country.',
};

/** The field path of a storefront error: without `input` and the `update` of start/complete. */
const fieldPath = (path: readonly string[]): string[] => {
  const p = path[0] === 'input' ? path.slice(1) : [...path];
  return p[0] === 'update' ? p.slice(1) : p;
};

/** The quantity range to offer, from the line's own bounds or the storefront's defaults. */
export const quantityRange = (line: LineBounds | undefined): string =>
  `Choose a quantity from ${line?.minQuantity ?? ADJUSTABLE_QUANTITY_MIN} to ${line?.maxQuantity ?? ADJUSTABLE_QUANTITY_MAX}.`;

/** The buyer's wording of a user error; `line` is the line of a quantity error (when known). */
export function fieldMessage(error: UserErrorFieldsFragment, line?: LineBounds): string {
  const path = fieldPath(error.path);
  switch (error.reason) {
    case 'VALUE__MISSING':
      return MISSING[path.join('.')] ?? error.message;
    case 'VALUE__BAD_FORMAT':
      return path[0] === 'email' ? 'Enter a valid email address.' : error.message;
    case 'QUANTITY__OUT_OF_RANGE':
      return quantityRange(line);
    case 'QUANTITY__NOT_EDITABLE':
      return 'The quantity of this item cannot be changed.';
    case 'BILLING_ADDRESS__NOT_COLLECTED':
      return 'This checkout does not collect a billing address.';
    case 'PROMOTION_CODE__NOT_ALLOWED':
      return 'Promotion codes cannot be used here.';
    default:
      return error.message;
  }
}
