// LeanRails ids: `<prefix>_<base62 of the UUID>` through the kernel codec.
import { makeIdCodec } from '../../src/contract/ids.ts';

export const ids = {
  link: makeIdCodec('cl'),
  product: makeIdCodec('prod'),
  price: makeIdCodec('price'),
  lineItem: makeIdCodec('li'),
  webhookEndpoint: makeIdCodec('we'),
  event: makeIdCodec('evt'),
  session: makeIdCodec('cs'),
  coupon: makeIdCodec('co'),
  promotionCode: makeIdCodec('promo'),
} as const;
