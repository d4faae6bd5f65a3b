// Fynn's classic examples send booleans as "1" / "" and integers as strings ("14"). These read
// such values; anything else is a violation on the field as the client named it.
import type { GatewayViolation, Reason } from '../../kernel/errors.ts';

export class Violations {
  readonly list: GatewayViolation[] = [];

  add(path: string[], message: string, reason: Reason): void {
    this.list.push({ path, message, reason, code: 'VALIDATION' });
  }
}

const TRUE = new Set(['1', 'true', 'on', 'yes']);
const FALSE = new Set(['', '0', 'false', 'off', 'no']);

/** true/false, "1"/"", "true"/"false", 1/0; null/undefined -> undefined. */
export function looseBoolean(value: unknown, path: string[], errors: Violations): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  if (value === 1 || value === 0) return value === 1;
  if (typeof value === 'string' && TRUE.has(value.toLowerCase())) return true;
  if (typeof value === 'string' && FALSE.has(value.toLowerCase())) return false;
  errors.add(path, 'This value should be of type bool.', 'VALUE__WRONG_TYPE');
  return undefined;
}

/** An integer or a string of digits; "" / null -> null; undefined -> undefined. */
export function looseInteger(value: unknown, path: string[], errors: Violations): number | null | undefined {
  if (value === undefined) return undefined;
  if (value === null || value === '') return null;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  if (typeof value === 'string' && /^\d{1,9}$/.test(value.trim())) return Number(value.trim());
  errors.add(path, 'This value should be of type int.', 'VALUE__WRONG_TYPE');
  return undefined;
}
