// LeanRails ids: `<prefix>_<base62 of the UUID>` through the kernel codec.
import { makeIdCodec } from '../kernel/ids.ts';

export const ids = {
  link: makeIdCodec('cl'),
  product: makeIdCodec('prod'),
  price: makeIdCodec('price'),
  lineItem: makeIdCodec('li'),
  coupon: makeIdCodec('co'),
  promotionCode: makeIdCodec('promo'),
} as const;
