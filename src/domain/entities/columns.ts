// The columns every row carries (a UUIDv7 id and timestamps), apart from common.ts so that
// organisation.ts, which common.ts references, can use them without an import cycle.
import { p } from '@mikro-orm/core';
import { v7 as uuidv7 } from 'uuid';

export const newId = (): string => uuidv7();

export const idProp = () =>
  p
    .uuid()
    .primary()
    .onCreate(() => newId());
export const createdAtProp = () =>
  p
    .datetime()
    .columnType('timestamptz')
    .onCreate(() => new Date());
export const updatedAtProp = () =>
  p
    .datetime()
    .columnType('timestamptz')
    .onCreate(() => new Date())
    .onUpdate(() => new Date());
