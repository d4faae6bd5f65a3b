/**
 * Date-pinned API versions in the style of Stripe's "version change modules"
 * (docs/architecture.md, "Versions").
 *
 * A dialect declares its versions oldest first (the declared order is the order; version strings
 * are never compared as text) and a list of changes, each owned by the version that introduced
 * it. Handlers only ever see the latest shape:
 * - `upgradeRequest` walks a request pinned at an old version forward, applying oldest first the
 *   `request` transform of every change newer than the pinned version;
 * - `downgradeResponse` walks a response built at the latest version back, applying newest first
 *   the `response` transform of every change newer than the pinned version.
 *
 * Transforms are pure functions: they must return a new value rather than mutate their input.
 * The engine also copies a request body before the first transform (`copyRequest`: what
 * `structuredClone` makes of it), so a body passed in is never modified even by a transform that
 * breaks the rule; request bodies must therefore be structured-cloneable (plain JSON). A response is the handler's own, built for this
 * one answer, and its transforms are pure: it is walked back without a copy (the clone was ~5% of
 * a Whop list's CPU, one per configuration).
 */

/** One change introduced by `version`. `TCtx` is whatever the dialect passes along (resource kind, ...). */
export interface VersionChange<TBody = unknown, TCtx = undefined> {
  readonly version: string;
  readonly description: string;
  /** Turns a request in the shape before this change into the shape after it. */
  readonly request?: (body: TBody, ctx: TCtx) => TBody;
  /** Turns a response in the shape after this change into the shape before it. */
  readonly response?: (body: TBody, ctx: TCtx) => TBody;
}

export interface VersionEngineOptions<TBody = unknown, TCtx = undefined> {
  /** Every supported version, oldest first. */
  readonly versions: readonly string[];
  readonly changes: readonly VersionChange<TBody, TCtx>[];
  /** The version used when a request pins none (must be one of `versions`). */
  readonly defaultVersion: string;
}

export type VersionResolution = { readonly ok: true; readonly version: string } | { readonly ok: false; readonly supported: string[] };

/** `ctx` may be left out when the context type admits `undefined`. */
export type CtxArgs<TCtx> = undefined extends TCtx ? [ctx?: TCtx] : [ctx: TCtx];

export interface VersionEngine<TBody = unknown, TCtx = undefined> {
  readonly latest: string;
  readonly defaultVersion: string;
  /** Every supported version, oldest first. */
  readonly versions: readonly string[];
  readonly changes: readonly VersionChange<TBody, TCtx>[];
  /** Maps a version header (absent or blank = the default) to a supported version. */
  resolve(header: string | undefined): VersionResolution;
  /** The changes newer than `version`, oldest first (empty for the latest version). */
  changesSince(version: string): readonly VersionChange<TBody, TCtx>[];
  /** Upgrades a request body pinned at `version` to the latest shape. */
  upgradeRequest(version: string, body: TBody, ...ctx: CtxArgs<TCtx>): TBody;
  /** Downgrades a response body built at the latest version to the shape of `version`. */
  downgradeResponse(version: string, body: TBody, ...ctx: CtxArgs<TCtx>): TBody;
}

export function createVersionEngine<TBody = unknown, TCtx = undefined>(options: VersionEngineOptions<TBody, TCtx>): VersionEngine<TBody, TCtx> {
  const versions = Object.freeze([...options.versions]);
  const latest = versions.at(-1);
  if (latest === undefined) throw new Error('createVersionEngine: at least one version is required');
  const position = new Map<string, number>();
  versions.forEach((version, index) => {
    if (position.has(version)) throw new Error(`createVersionEngine: duplicate version ${version}`);
    position.set(version, index);
  });
  if (!position.has(options.defaultVersion)) {
    throw new Error(`createVersionEngine: default version ${options.defaultVersion} is not declared`);
  }

  // Per version index: the changes it introduced, in declaration order.
  const byVersion: VersionChange<TBody, TCtx>[][] = versions.map(() => []);
  for (const change of options.changes) {
    const index = position.get(change.version);
    if (index === undefined) {
      throw new Error(`createVersionEngine: change "${change.description}" names unknown version ${change.version}`);
    }
    if (index === 0) {
      throw new Error(`createVersionEngine: change "${change.description}" belongs to the oldest version ${change.version} and would never apply`);
    }
    byVersion[index]?.push(change);
  }
  const ordered = Object.freeze(byVersion.flat());

  const indexOf = (version: string): number => {
    const index = position.get(version);
    if (index === undefined) throw new Error(`unsupported version ${version}`);
    return index;
  };
  const changesSince = (version: string): readonly VersionChange<TBody, TCtx>[] => byVersion.slice(indexOf(version) + 1).flat();
  // Per version, the transforms to apply, in the order they apply (worked out once, not per body).
  type Step = (body: TBody, ctx: TCtx) => TBody;
  const requestSteps = new Map<string, readonly Step[]>();
  const responseSteps = new Map<string, readonly Step[]>();
  for (const version of versions) {
    const since = changesSince(version);
    requestSteps.set(
      version,
      since.flatMap((change) => (change.request ? [change.request] : [])),
    );
    responseSteps.set(version, since.flatMap((change) => (change.response ? [change.response] : [])).reverse());
  }
  const stepsOf = (steps: Map<string, readonly Step[]>, version: string): readonly Step[] => {
    const found = steps.get(version);
    if (!found) throw new Error(`unsupported version ${version}`);
    return found;
  };

  return {
    latest,
    defaultVersion: options.defaultVersion,
    versions,
    changes: ordered,
    resolve(header) {
      const wanted = header?.trim() ?? '';
      if (wanted === '') return { ok: true, version: options.defaultVersion };
      return position.has(wanted) ? { ok: true, version: wanted } : { ok: false, supported: [...versions] };
    },
    changesSince,
    upgradeRequest(version, body, ...rest) {
      const steps = stepsOf(requestSteps, version);
      return steps.length === 0 ? body : apply(steps, copyRequest(body), rest[0] as TCtx);
    },
    downgradeResponse(version, body, ...rest) {
      return apply(stepsOf(responseSteps, version), body, rest[0] as TCtx);
    },
  };
}

/** Thrown by copyJson for a value it leaves to structuredClone. */
const NOT_PLAIN = Symbol('not plain JSON');
/** Deeper than this (or a cycle): structuredClone's. */
const MAX_DEPTH = 64;

/**
 * A deep copy of a request body, as `structuredClone` makes it. Bodies and query strings are
 * plain JSON (objects, arrays, primitives: the trees, sharing no part, that JSON.parse and the
 * query parser make), copied here property by property: structuredClone serialises and deserialises the value, ~1.7 µs for
 * the empty query of every Whop GET at the default version (pinned before 2026-07-20, so the
 * request changes apply). Anything else (a Date, a Map, a class instance, a sparse array, an own
 * `__proto__` key, a cycle or nesting deeper than MAX_DEPTH) is copied by structuredClone itself.
 */
export function copyRequest<T>(value: T): T {
  try {
    return copyJson(value, 0) as T;
  } catch (error) {
    if (error === NOT_PLAIN) return structuredClone(value);
    throw error;
  }
}

function copyJson(value: unknown, depth: number): unknown {
  if (value === null) return null;
  const type = typeof value;
  if (type === 'string' || type === 'number' || type === 'boolean' || type === 'undefined') return value;
  if (type !== 'object' || depth >= MAX_DEPTH) throw NOT_PLAIN;
  const proto = Object.getPrototypeOf(value);
  if (proto === Array.prototype) {
    const list = value as unknown[];
    const out = new Array<unknown>(list.length);
    for (let i = 0; i < list.length; i++) {
      if (!(i in list)) throw NOT_PLAIN;
      out[i] = copyJson(list[i], depth + 1);
    }
    return out;
  }
  if (proto !== Object.prototype && proto !== null) throw NOT_PLAIN;
  const object = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(object)) {
    if (key === '__proto__') throw NOT_PLAIN;
    out[key] = copyJson(object[key], depth + 1);
  }
  return out;
}

function apply<TBody, TCtx>(steps: readonly ((body: TBody, ctx: TCtx) => TBody)[], body: TBody, ctx: TCtx): TBody {
  let current = body;
  for (const step of steps) current = step(current, ctx);
  return current;
}
