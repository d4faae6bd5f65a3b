// Properties every tenant-owned row carries: a UUIDv7 id, its organisation and mode, and timestamps.
import { p } from '@mikro-orm/core';
import { v7 as uuidv7 } from 'uuid';
import { Organisation } from './organisation.ts';

export const MODES = ['test', 'live'] as const;
export type Mode = (typeof MODES)[number];

export const newId = (): string => uuidv7();

export const idProp = () => p.uuid().primary().onCreate(() => newId());
export const createdAtProp = () => p.datetime().columnType('timestamptz').onCreate(() => new Date());
export const updatedAtProp = () =>
  p.datetime().columnType('timestamptz').onCreate(() => new Date()).onUpdate(() => new Date());

/** organisation + mode + timestamps: spread into every tenant-owned entity. */
export const tenantProps = () => ({
  id: idProp(),
  organisation: () => p.manyToOne(Organisation).mapToPk().deleteRule('cascade'),
  mode: p.enum(MODES),
  createdAt: createdAtProp(),
  updatedAt: updatedAtProp(),
});
