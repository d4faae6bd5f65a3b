// Small conversions every LeanRails mapper shares.
import { GatewayError } from '../../kernel/errors.ts';
import type { IdCodec } from '../../../src/contract/ids.ts';
import { missing, paramError } from '../errors.ts';

/** A DateTime (a Date in-process, see codegen.yml; or an ISO 8601 string) -> unix seconds. */
export const unix = (at: Date | string): number => Math.floor(new Date(at).getTime() / 1000);

/** Metadata as LeanRails shows it: every value a string. */
export function metadataOut(metadata: Record<string, unknown> | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(metadata ?? {})) {
    if (value === null || value === undefined) continue;
    out[key] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return out;
}

type MetadataInput = Record<string, string | number | boolean | null> | null | undefined;

/** Metadata given on create: values as strings, empty values dropped. */
export function metadataIn(metadata: MetadataInput): Record<string, string> | undefined {
  if (metadata === undefined) return undefined;
  return metadataOut(Object.fromEntries(Object.entries(metadata ?? {}).filter(([, v]) => v !== null && v !== '')));
}

/**
 * Metadata given on update (Stripe), as the core's update input: an object is a patch the core
 * merges in its transaction (a key set to null/"" is removed, values as strings), and
 * metadata=null (or `metadata=`) clears every key (a replace with nothing).
 */
export function metadataUpdate(patch: MetadataInput): { metadata?: Record<string, string>; metadataPatch?: Record<string, string | null> } {
  if (patch === undefined) return {};
  if (patch === null) return { metadata: {} };
  const entries = Object.entries(patch).map(([key, value]) => [
    key,
    value === null || value === '' ? null : typeof value === 'string' ? value : JSON.stringify(value),
  ]);
  return { metadataPatch: Object.fromEntries(entries) };
}

/** For `.catch`: the core's NOT_FOUND (`reason`) of the path's object answered as this face's `answer()`. */
export const missingAs =
  (reason: string, answer: () => GatewayError) =>
  (error: unknown): never => {
    throw error instanceof GatewayError && error.reason === reason ? answer() : error;
  };

/** A referenced object's UUID from its LeanRails id; unknown or malformed -> resource_missing on `path`. */
export function decodeRef(codec: IdCodec, value: string, kind: string, path: string[]): string {
  const uuid = codec.decode(value);
  if (!uuid) throw missing(kind, value, path);
  return uuid;
}

/**
 * unit_amount_decimal as Stripe defines it: a decimal string in minor units. The core keeps
 * integer minor units, so a fractional part other than zeros is refused.
 */
export function minorFromDecimal(value: string, path: string[]): number {
  const match = /^(\d{1,12})(?:\.0{1,12})?$/.exec(value);
  if (!match?.[1]) throw paramError(path, 'Must be a decimal number of minor units without a fractional part.');
  return Number(match[1]);
}

export const upper = <T extends string>(value: string): T => value.toUpperCase() as T;
export const lower = (value: string | null | undefined): string | null => (value == null ? null : value.toLowerCase());
