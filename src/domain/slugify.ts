// @sindresorhus/slugify, loaded on first use rather than at start: its transliteration tables
// (@sindresorhus/transliterate builds a replacement map and a regular expression per locale when
// it loads) cost ~23 ms of a restart's CPU (V8 profile of a PostgreSQL restart from the build),
// for slugs only a create makes. Loaded through Node's require (ES modules load synchronously
// that way on Node 24), from node_modules also when the gateway runs from its build (the build
// leaves the package out of the bundle: it is not imported statically).
import { createRequire } from 'node:module';

type Slugify = typeof import('@sindresorhus/slugify').default;

let loaded: Slugify | undefined;

/** @sindresorhus/slugify's default export, the package loaded on the first call. */
export function slugify(...args: Parameters<Slugify>): string {
  loaded ??= (createRequire(import.meta.url)('@sindresorhus/slugify') as { default: Slugify }).default;
  return loaded(...args);
}
