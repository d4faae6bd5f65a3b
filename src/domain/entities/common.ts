// Properties every tenant-owned row carries: a UUIDv7 id, its organisation and mode, and timestamps.
import { p } from '@mikro-orm/core';
import { createdAtProp, idProp, updatedAtProp } from './columns.ts';
import { Organisation } from './organisation.ts';

export { createdAtProp, idProp, newId, updatedAtProp } from './columns.ts';

export const MODES = ['test', 'live'] as const;
export type Mode = (typeof MODES)[number];

/** organisation + mode + timestamps: spread into every tenant-owned entity. */
export const tenantProps = () => ({
  id: idProp(),
  organisation: () => p.manyToOne(Organisation).mapToPk().deleteRule('cascade'),
  mode: p.enum(MODES),
  createdAt: createdAtProp(),
  updatedAt: updatedAtProp(),
});
