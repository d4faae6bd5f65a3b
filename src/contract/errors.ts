// The one error model shared by the core and every face: the codes (from the SDL enum
// schema/common.graphql ErrorCode, through the generated types), the kinds, and the catalogue of
// every reason the gateway raises, each declared once with its kind. Faces decide statuses from
// the kind (Whop's whole table), or from the code and, where a vendor distinguishes more (a bad
// parameter against a broken rule), from the kind: never from the spelling of a reason.
import type { ErrorCode } from '../generated/graphql.ts';

export type { ErrorCode };

/** Every ErrorCode of the SDL; the compiler refuses a code added to the schema and not here. */
const CODE_SET: Record<ErrorCode, true> = {
  NOT_FOUND: true,
  VALIDATION: true,
  CONFLICT: true,
  UNAUTHENTICATED: true,
  FORBIDDEN: true,
  RATE_LIMITED: true,
  IDEMPOTENCY_CONFLICT: true,
  BAD_REQUEST: true,
  INTERNAL: true,
};
export const ERROR_CODES = Object.keys(CODE_SET) as readonly ErrorCode[];

export const isErrorCode = (value: unknown): value is ErrorCode => typeof value === 'string' && Object.hasOwn(CODE_SET, value);

/**
 * What a reason says about the request:
 * - input: a malformed or out-of-format value of a parameter (a bad parameter);
 * - rule: a well-formed request that breaks a business rule;
 * - missing: a reference to something that does not exist (or not there);
 * - conflict: a clash with the current state (a duplicate, an archived object, a used key);
 * - auth: no valid credentials; forbidden: credentials without the right;
 * - limit: a value or a rate beyond a permitted bound;
 * - internal: the server failed.
 */
export type ErrorKind = 'input' | 'rule' | 'missing' | 'conflict' | 'auth' | 'forbidden' | 'limit' | 'internal';

/** Every reason raised anywhere, with its kind. Add a reason here before throwing it. */
export const REASONS = {
  // A bare code used as its own reason (no more specific reason is known).
  NOT_FOUND: 'missing',
  VALIDATION: 'rule',
  CONFLICT: 'conflict',
  UNAUTHENTICATED: 'auth',
  FORBIDDEN: 'forbidden',
  RATE_LIMITED: 'limit',
  IDEMPOTENCY_CONFLICT: 'conflict',
  BAD_REQUEST: 'input',
  INTERNAL: 'internal',

  // Values (schema validation, coercion, the faces' own parameter checks).
  VALUE__INVALID: 'input',
  VALUE__MISSING: 'input',
  VALUE__BAD_FORMAT: 'input',
  VALUE__BLANK: 'input',
  VALUE__DUPLICATE: 'input',
  VALUE__IMMUTABLE: 'input',
  VALUE__NOT_ALLOWED: 'input',
  VALUE__TOO_FEW: 'input',
  VALUE__TOO_MANY: 'input',
  VALUE__TOO_HIGH: 'input',
  VALUE__TOO_LOW: 'input',
  VALUE__TOO_LONG: 'input',
  VALUE__TOO_SHORT: 'input',
  VALUE__UNKNOWN_EVENT_TYPE: 'input',
  VALUE__UNKNOWN_FIELD: 'input',
  VALUE__URL_REFUSED: 'input',
  VALUE__WRONG_TYPE: 'input',
  AMOUNT__INVALID: 'input',
  AMOUNT__TOO_LARGE: 'input',
  CURRENCY__UNKNOWN: 'input',
  CURSOR__INVALID: 'input',
  EXPAND__INVALID: 'input',
  CURSOR__CONFLICT: 'input',
  METADATA__CONFLICT: 'input',
  PAGE_SIZE__OUT_OF_RANGE: 'input',
  QUANTITY__INVALID: 'input',
  QUANTITY__NOT_EDITABLE: 'input',
  QUANTITY__OUT_OF_RANGE: 'input',
  LINE_ITEM__PRICE_CONFLICT: 'input',
  LINE_ITEM__PRICE_MISSING: 'input',
  LINE_ITEM__PRODUCT_MISSING: 'input',
  CARD__CVC_INVALID: 'input',
  CARD__EXPIRY_INVALID: 'input',
  CARD__NUMBER_INVALID: 'input',
  PLAN_TIER__NOT_IN_PLAN: 'input',

  // The request itself (body, headers, GraphQL document).
  BODY__INVALID: 'input',
  BODY__INVALID_FORM: 'input',
  BODY__INVALID_JSON: 'input',
  BODY__TOO_LARGE: 'limit',
  BODY__UNSUPPORTED_MEDIA_TYPE: 'input',
  IDEMPOTENCY_KEY__MISSING: 'input',
  IDEMPOTENCY_KEY__INVALID: 'input',
  IDEMPOTENCY_KEY__REUSED: 'conflict',
  IDEMPOTENCY_KEY__IN_PROGRESS: 'conflict',
  IDEMPOTENCY_KEY_MISSING: 'input',
  IDEMPOTENCY_KEY_INVALID: 'input',
  IDEMPOTENCY_KEY_REUSED: 'conflict',
  IDEMPOTENCY_KEY_IN_PROGRESS: 'conflict',
  UNSUPPORTED_API_VERSION: 'input',
  LEANRAILS__IDEMPOTENCY_KEY_MISSING: 'input',
  LEANRAILS__IDEMPOTENCY_KEY_INVALID: 'input',
  LEANRAILS__IDEMPOTENCY_KEY_REUSED: 'conflict',
  LEANRAILS__IDEMPOTENCY_KEY_IN_USE: 'conflict',
  LEANRAILS__API_VERSION_INVALID: 'input',
  LEANRAILS__RESOURCE_IN_USE: 'conflict',
  QUERY__TOO_COSTLY: 'limit',
  QUERY__TOO_MANY_MUTATIONS: 'limit',
  ROUTE__NOT_FOUND: 'missing',
  RESOURCE__MISSING: 'missing',
  RESOURCE__NOT_FOUND: 'missing',

  // Keys and the storefront.
  API_KEY__PUBLISHABLE_SCOPES: 'rule',
  STOREFRONT__ORIGIN_NOT_ALLOWED: 'forbidden',
  STOREFRONT__SECRET_KEY_REFUSED: 'forbidden',

  // Objects that do not exist (src/domain/errors.ts notFound, the faces' own lookups).
  API_KEY__NOT_FOUND: 'missing',
  CHECKOUT_LINK__NOT_FOUND: 'missing',
  CHECKOUT_LINK_ITEM__NOT_FOUND: 'missing',
  CHECKOUT_SESSION__NOT_FOUND: 'missing',
  COUPON__NOT_FOUND: 'missing',
  EVENT__NOT_FOUND: 'missing',
  LINE__NOT_FOUND: 'missing',
  ORGANISATION__NOT_FOUND: 'missing',
  PLAN__NOT_FOUND: 'missing',
  PLAN_TIER__NOT_FOUND: 'missing',
  PLAN_TIER_ITEM__NOT_FOUND: 'missing',
  PRICE__NOT_FOUND: 'missing',
  PRICE_PLAN__NOT_FOUND: 'missing',
  PRODUCT__NOT_FOUND: 'missing',
  PROMOTION_CODE__NOT_FOUND: 'missing',
  SALES_CHANNEL__NOT_FOUND: 'missing',
  VENDOR_ACCOUNT_ALIAS__NOT_FOUND: 'missing',
  WEBHOOK__NOT_FOUND: 'missing',
  WEBHOOK_ENDPOINT__NOT_FOUND: 'missing',

  // Business rules.
  CHECKOUT_LINK__INACTIVE: 'rule',
  CHECKOUT_LINK__EXHAUSTED: 'rule',
  CHECKOUT_LINK__DELETED: 'rule',
  CHECKOUT_LINK__UNSELLABLE: 'rule',
  BILLING_ADDRESS__NOT_COLLECTED: 'rule',
  CARD__EXPIRED: 'rule',
  CHECKOUT_SESSION__PRICE_CHANGED: 'rule',
  CHECKOUT__NO_PAYMENT_PROVIDER: 'rule',
  COUPON__CURRENCY_MISSING: 'rule',
  COUPON__CURRENCY_UNEXPECTED: 'rule',
  COUPON__DELETED: 'rule',
  COUPON__DISCOUNT_MISSING: 'rule',
  COUPON__MONTHS_MISSING: 'rule',
  COUPON__MONTHS_UNEXPECTED: 'rule',
  COUPON__NOT_ALLOWED: 'rule',
  COUPON__PERCENT_INVALID: 'rule',
  COUPON__REDEEM_BY_PAST: 'rule',
  LINE_ITEM__PRICE_PRODUCT_MISMATCH: 'rule',
  LINE_ITEM__QUANTITY_OUT_OF_RANGE: 'rule',
  LINK__CURRENCY_MISMATCH: 'rule',
  LINK__LINE_ITEMS_NOT_EDITABLE: 'rule',
  LINK__MIXED_CURRENCIES: 'rule',
  LINK__SOURCE_CONFLICT: 'rule',
  LINK__SOURCE_MISSING: 'rule',
  PAYMENT__CARD_REQUIRED: 'rule',
  PAYMENT__TEST_PROVIDER_IN_LIVE_MODE: 'rule',
  PLAN__CONFLICT: 'rule',
  PLAN__EMPTY: 'rule',
  PLAN__ID_OR_CODE_REQUIRED: 'rule',
  PLAN__MISSING: 'rule',
  PLAN__MIXED_CURRENCIES: 'rule',
  PLAN__NOT_ACTIVE: 'rule',
  PLAN__NOT_ALLOWED: 'rule',
  PLAN__ORIGIN_PRODUCT_CONFLICT: 'rule',
  PLAN_TIER__EMPTY: 'rule',
  PLAN_TIER_ITEM__PRICE_CONFLICT: 'rule',
  PLAN_TIER_ITEM__PRICE_MISSING: 'rule',
  PLAN_TIER_ITEM__PRODUCT_CONFLICT: 'rule',
  PLAN_TIER_ITEM__PRODUCT_MISSING: 'rule',
  PRICE__ARCHIVED: 'rule',
  PRICE__PRODUCT_MISMATCH: 'rule',
  PRODUCT__ARCHIVED: 'rule',
  PROMOTION_CODE__EXHAUSTED: 'rule',
  PROMOTION_CODE__EXPIRED: 'rule',
  PROMOTION_CODE__EXPIRES_PAST: 'rule',
  PROMOTION_CODE__INACTIVE: 'rule',
  PROMOTION_CODE__NOT_ALLOWED: 'rule',
  PROMOTION_CODE__NOT_APPLICABLE: 'rule',
  PROMOTION_CODE__UNKNOWN: 'rule',
  WEBHOOK_ENDPOINT__FORMAT_UNAVAILABLE: 'rule',

  // Clashes with the current state.
  CHECKOUT_LINK__SLUG_CONFLICT: 'conflict',
  CHECKOUT_SESSION__ALREADY_COMPLETE: 'conflict',
  CHECKOUT_SESSION__EXPIRED: 'conflict',
  ORGANISATION__SLUG_CONFLICT: 'conflict',
  PLAN__ARCHIVED: 'conflict',
  PLAN__CODE_CONFLICT: 'conflict',
  PLAN__FINGERPRINT_CONFLICT: 'conflict',
  PLAN_TIER__IN_USE: 'conflict',
  PRODUCT__IN_USE: 'conflict',
  PROMOTION_CODE__TAKEN: 'conflict',
  SALES_CHANNEL__NAME_CONFLICT: 'conflict',
  VENDOR_ACCOUNT_ALIAS__EXISTS: 'conflict',
} as const satisfies Record<string, ErrorKind>;

export type Reason = keyof typeof REASONS;

/** The reasons whose request body could not be read at all (unparsable, too large, wrong type). */
export const BODY_REASONS: ReadonlySet<Reason> = new Set<Reason>([
  'BODY__INVALID',
  'BODY__INVALID_FORM',
  'BODY__INVALID_JSON',
  'BODY__TOO_LARGE',
  'BODY__UNSUPPORTED_MEDIA_TYPE',
]);

export const isReason = (value: unknown): value is Reason => typeof value === 'string' && Object.hasOwn(REASONS, value);

/** The kind of an error a code alone describes. */
const KIND_OF_CODE: Record<ErrorCode, ErrorKind> = {
  NOT_FOUND: 'missing',
  VALIDATION: 'rule',
  CONFLICT: 'conflict',
  UNAUTHENTICATED: 'auth',
  FORBIDDEN: 'forbidden',
  RATE_LIMITED: 'limit',
  IDEMPOTENCY_CONFLICT: 'conflict',
  BAD_REQUEST: 'input',
  INTERNAL: 'internal',
};

/**
 * The kind of a reason; a reason that arrives from outside the catalogue (another process's
 * extensions) takes its code's kind.
 */
export function kindOf(reason: string, code: ErrorCode): ErrorKind {
  return isReason(reason) ? REASONS[reason] : KIND_OF_CODE[code];
}

/** A reason that only repeats its code (no more specific reason is known). */
export const isBareReason = (reason: string): boolean => isErrorCode(reason);

export interface Violation {
  /** Field path inside the input, e.g. ['lineItems', '0', 'quantity']. */
  path: string[];
  message: string;
  /** A reason of the catalogue, e.g. CHECKOUT_LINK__SLUG_CONFLICT or VALUE__TOO_LONG. */
  reason: Reason;
  code: ErrorCode;
}

/** The entity names of `notFound`, each with its reason. */
export const NOT_FOUND_REASONS = {
  ApiKey: 'API_KEY__NOT_FOUND',
  CheckoutLink: 'CHECKOUT_LINK__NOT_FOUND',
  CheckoutSession: 'CHECKOUT_SESSION__NOT_FOUND',
  Coupon: 'COUPON__NOT_FOUND',
  Event: 'EVENT__NOT_FOUND',
  Organisation: 'ORGANISATION__NOT_FOUND',
  Plan: 'PLAN__NOT_FOUND',
  PlanTier: 'PLAN_TIER__NOT_FOUND',
  Price: 'PRICE__NOT_FOUND',
  Product: 'PRODUCT__NOT_FOUND',
  PromotionCode: 'PROMOTION_CODE__NOT_FOUND',
  SalesChannel: 'SALES_CHANNEL__NOT_FOUND',
  VendorAccountAlias: 'VENDOR_ACCOUNT_ALIAS__NOT_FOUND',
  WebhookEndpoint: 'WEBHOOK_ENDPOINT__NOT_FOUND',
} as const satisfies Record<string, Reason>;

export type Entity = keyof typeof NOT_FOUND_REASONS;

/** The error services throw; GraphQL turns it into user errors or extensions.code, faces into their bodies. */
export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly reason: Reason;
  readonly violations: Violation[];

  constructor(code: ErrorCode, reason: Reason, message: string, violations: Violation[] = [], cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'DomainError';
    this.code = code;
    this.reason = reason;
    this.violations = violations;
  }

  /** The violations, or one built from this error when it has none. */
  toViolations(): Violation[] {
    return this.violations.length > 0 ? this.violations : [{ path: [], message: this.message, reason: this.reason, code: this.code }];
  }
}

/** The reason of a checkout link that does not sell, by its state. */
export const LINK_STATE_REASONS = {
  inactive: 'CHECKOUT_LINK__INACTIVE',
  exhausted: 'CHECKOUT_LINK__EXHAUSTED',
  deleted: 'CHECKOUT_LINK__DELETED',
  unsellable: 'CHECKOUT_LINK__UNSELLABLE',
} as const satisfies Record<string, Reason>;
