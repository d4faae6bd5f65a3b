// From a path (GraphQL input path or request body path) to the parameter name a LeanRails
// client sent, in Stripe's bracket notation: ['lineItems','0','priceId'] -> "line_items[0][price]".
import { bracket } from '../../kernel/stripe/errors.ts';

/** Whole-segment renames from the core's input names to LeanRails field paths. */
const RENAMES: Readonly<Record<string, readonly string[]>> = {
  priceId: ['price'],
  productId: ['product'],
  defaultPrice: ['default_price_data'],
  defaultPriceId: ['default_price'],
  settings: [],
  couponsAllowed: ['allow_promotion_codes'],
  redirectUrl: ['redirect', 'url'],
  message: ['hosted_confirmation', 'custom_message'],
  completedSessionsLimit: ['restrictions', 'completed_sessions', 'limit'],
  lineItems: ['line_items'],
  priceData: ['price_data'],
  productData: ['product_data'],
  metadataPatch: ['metadata'],
};

const snake = (segment: string): string => segment.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

/** The request's path segments of a core input path. */
export function requestPath(corePath: readonly string[]): string[] {
  return corePath.flatMap((segment) => RENAMES[segment] ?? [snake(segment)]);
}

/** The `param` of an error from a core input path. */
export const paramOf = (corePath: readonly string[]): string | null => bracket(requestPath(corePath));
