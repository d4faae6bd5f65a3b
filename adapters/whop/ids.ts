// Whop's prefixed ids over the gateway's UUIDs (ARCHITECTURE.md, "Ids across faces").
import { makeIdCodec } from '../kernel/ids.ts';

export const configurationId = makeIdCodec('ch');
export const planId = makeIdCodec('plan');
export const productId = makeIdCodec('prod');
export const accountId = makeIdCodec('biz');
export const promoCodeId = makeIdCodec('promo');
