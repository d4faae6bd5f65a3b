// Whop's prefixed ids over the gateway's UUIDs (docs/architecture.md, "Ids across faces").
import { makeIdCodec } from '../../src/contract/ids.ts';

export const configurationId = makeIdCodec('ch');
export const planId = makeIdCodec('plan');
export const productId = makeIdCodec('prod');
export const accountId = makeIdCodec('biz');
/** `owner_user` of a product: the gateway has no users, so the organisation stands in (user_…). */
export const ownerUserId = makeIdCodec('user');
export const webhookId = makeIdCodec('hook');
export const promoCodeId = makeIdCodec('promo');
