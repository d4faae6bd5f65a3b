// The hosted checkout's wording of what the domain decides: the submit button's label per action
// (the domain says which action a link's form performs: domain/services/storefront/storefront.ts).
import type { SubmitAction } from '../generated/graphql.ts';

const SUBMIT_LABELS: Record<SubmitAction, string> = {
  PAY: 'Pay',
  BOOK: 'Book',
  DONATE: 'Donate',
  SUBSCRIBE: 'Subscribe',
  START_TRIAL: 'Start trial',
  SAVE_DETAILS: 'Save details',
};

/** The submit button's text for an action. */
export const submitLabel = (action: SubmitAction): string => SUBMIT_LABELS[action];
