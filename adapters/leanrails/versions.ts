// X-API-Version through the kernel's version engine. Known: 2026-03-09 (the only one so far).
// Responses are built at the latest version and walked back to the pinned one by the runner.
// Stripe-Version is ignored.
import { createVersionEngine, type VersionChange } from '../kernel/versions.ts';

export interface VersionContext {
  /** The object kind of the body, e.g. "checkout_link" or "list". */
  object: string;
}

export const VERSIONS = ['2026-03-09'] as const;
/** Oldest first; each a small pure function on request or response bodies. None yet. */
const CHANGES: VersionChange<unknown, VersionContext>[] = [];

export const versions = createVersionEngine<unknown, VersionContext>({ versions: VERSIONS, changes: CHANGES, defaultVersion: '2026-03-09' });
