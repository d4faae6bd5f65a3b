// Authenticated API keys, kept in memory so that a request costs no key lookup. Correctness
// rests on the change signal (src/db/api-key-signal.ts): nothing is cached unless the signal is
// live, a changed key is dropped at once, and a lookup that started before a change (or before
// the signal went live) is never stored, so a revoked key can't come back from the cache.
// Unknown or revoked secrets are never cached: they always cost a lookup (and the rate limit).
import type { Principal } from '../domain/principal.ts';

interface Entry {
  keyId: string;
  principal: Principal;
  lastUsedAt: number;
  storedAt: number;
}

export interface KeyCacheOptions {
  /** Whether every key change reaches this process right now. */
  live: () => boolean;
  /** Upper bound on an entry's age (a second line of defence; default 60 s). */
  ttlMs?: number;
  /** Entries kept (least recently stored dropped first; default 10,000). */
  max?: number;
  now?: () => number;
}

/** How long a key stays uncacheable after a change whose transaction never reported its end. */
const HOLD_MS = 10_000;

export class KeyCache {
  readonly #entries = new Map<string, Entry>();
  readonly #hashById = new Map<string, string>();
  /** Key id -> time of its last change (or until when it is held, while uncommitted). */
  readonly #changed = new Map<string, number>();
  #resetAt: number;
  readonly #live: () => boolean;
  readonly #ttl: number;
  readonly #max: number;
  readonly #now: () => number;

  constructor(options: KeyCacheOptions) {
    this.#live = options.live;
    this.#ttl = options.ttlMs ?? 60_000;
    this.#max = options.max ?? 10_000;
    this.#now = options.now ?? performance.now.bind(performance);
    this.#resetAt = this.#now();
  }

  /** A timestamp to pass to `store` for a lookup that starts now. */
  begin(): number {
    return this.#now();
  }

  get(secretHash: string): Entry | undefined {
    const entry = this.#entries.get(secretHash);
    if (!entry) return undefined;
    if (!this.#live() || this.#now() - entry.storedAt > this.#ttl) {
      this.#drop(secretHash, entry.keyId);
      return undefined;
    }
    return entry;
  }

  /** Stores a key found by a lookup that started at `startedAt`, unless it may be stale. */
  store(secretHash: string, keyId: string, principal: Principal, lastUsedAt: number, startedAt: number): void {
    if (!this.#live() || startedAt <= this.#resetAt) return;
    const changed = this.#changed.get(keyId);
    if (changed !== undefined && changed >= startedAt) return;
    if (this.#entries.size >= this.#max) {
      const oldest = this.#entries.keys().next().value as string;
      this.#drop(oldest, this.#entries.get(oldest)?.keyId);
    }
    this.#entries.set(secretHash, { keyId, principal, lastUsedAt, storedAt: this.#now() });
    this.#hashById.set(keyId, secretHash);
  }

  touched(entry: Entry): void {
    entry.lastUsedAt = Date.now();
  }

  /** A key changed; `pending` while the change is not committed yet (held until it is). */
  changed(keyId: string, pending = false): void {
    const now = this.#now();
    // Lookups that started before this mark are not stored; while the change is uncommitted the
    // mark lies ahead (bounded, in case the end of its transaction is never reported).
    this.#changed.set(keyId, pending ? now + HOLD_MS : now);
    const hash = this.#hashById.get(keyId);
    if (hash) this.#drop(hash, keyId);
    if (this.#changed.size > this.#max) this.#forgetOldChanges(now);
  }

  /** Changes may have been missed (signal reconnected): drop everything. */
  reset(): void {
    this.#resetAt = this.#now();
    this.#entries.clear();
    this.#hashById.clear();
    this.#changed.clear();
  }

  get size(): number {
    return this.#entries.size;
  }

  #drop(secretHash: string, keyId: string | undefined): void {
    this.#entries.delete(secretHash);
    if (keyId !== undefined) this.#hashById.delete(keyId);
  }

  /** Change marks older than any lookup still running are useless: keep the map bounded. */
  #forgetOldChanges(now: number): void {
    for (const [id, at] of this.#changed) if (now - at > HOLD_MS) this.#changed.delete(id);
  }
}
