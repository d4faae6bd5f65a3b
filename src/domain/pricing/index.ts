// One price truth: the pure pricing module (see price-cart.ts). Nothing else multiplies money.
export { priceCart, percentBasisPoints } from './price-cart.ts';
export { allocate, mulDivRound } from './amounts.ts';
export type * from './types.ts';
