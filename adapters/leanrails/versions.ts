// X-API-Version through the kernel's version engine. Known: 2026-03-09 (the only one so far).
// Responses are built at the latest version and walked back to the pinned one. Stripe-Version
// is ignored.
import type { FastifyRequest } from 'fastify';
import { createVersionEngine, type VersionChange } from '../kernel/versions.ts';
import { leanError } from './errors.ts';

export interface VersionContext {
  /** The object kind of the body, e.g. "checkout_link" or "list". */
  object: string;
}

export const VERSIONS = ['2026-03-09'] as const;
/** Oldest first; each a small pure function on request or response bodies. None yet. */
const CHANGES: VersionChange<unknown, VersionContext>[] = [];

export const versions = createVersionEngine<unknown, VersionContext>({ versions: VERSIONS, changes: CHANGES, defaultVersion: '2026-03-09' });

const pinned = new WeakMap<FastifyRequest, string>();

/** Resolves X-API-Version (throws api_version_invalid) and remembers it for the request. */
export function pinVersion(request: FastifyRequest): string {
  const header = request.headers['x-api-version'];
  const value = Array.isArray(header) ? header[0] : header;
  const resolved = versions.resolve(value);
  if (!resolved.ok) {
    throw leanError('LEANRAILS__API_VERSION_INVALID', `Invalid API version '${value ?? ''}'. Supported versions: ${resolved.supported.join(', ')}.`, 'X-API-Version');
  }
  pinned.set(request, resolved.version);
  return resolved.version;
}

export const versionOf = (request: FastifyRequest): string => pinned.get(request) ?? versions.defaultVersion;

/** A response body built at the latest version, in the shape of the request's version. */
export function present<T>(request: FastifyRequest, body: T, object: string): unknown {
  return versions.downgradeResponse(versionOf(request), body, { object });
}
