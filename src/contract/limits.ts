// Bounds and defaults every face and the core share, declared once.

/** The largest GraphQL Int (32-bit signed): the bound of every integer field. */
export const INT_MAX = 2_147_483_647;

/** At most this many line items on one checkout link. */
export const MAX_LINE_ITEMS = 20;

/** A plan tier item's quantity when none is given. */
export const DEFAULT_ITEM_QUANTITY = 1;

/** The bounds of a buyer-adjustable quantity when the line sets none. */
export const ADJUSTABLE_QUANTITY_MIN = 1;
export const ADJUSTABLE_QUANTITY_MAX = 999;
