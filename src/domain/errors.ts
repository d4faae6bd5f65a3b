// The core's error helpers over the one error model (src/contract/errors.ts). Services throw
// DomainError; GraphQL turns it into typed user errors on mutation payloads (or extensions.code
// on queries); each dialect maps it to its own body/status.
import { DomainError, NOT_FOUND_REASONS, type Entity, type Reason, type Violation } from '../contract/errors.ts';

export { DomainError, ERROR_CODES, LINK_STATE_REASONS, type ErrorCode, type Reason, type Violation } from '../contract/errors.ts';

export const notFound = (entity: Entity, path: string[] = ['id'], message?: string): DomainError => {
  const reason = NOT_FOUND_REASONS[entity];
  const text = message ?? `${entity} not found.`;
  return new DomainError('NOT_FOUND', reason, text, [{ path, message: text, reason, code: 'NOT_FOUND' }]);
};

export const conflict = (reason: Reason, message: string, path: string[] = []): DomainError =>
  new DomainError('CONFLICT', reason, message, [{ path, message, reason, code: 'CONFLICT' }]);

export const invalid = (path: string[], message: string, reason: Reason = 'VALUE__INVALID'): DomainError =>
  new DomainError('VALIDATION', reason, message, [{ path, message, reason, code: 'VALIDATION' }]);

/** A business rule broken (422 in most dialects), e.g. PLAN__NOT_ACTIVE. */
export const rule = (reason: Reason, message: string, path: string[] = []): DomainError =>
  new DomainError('VALIDATION', reason, message, [{ path, message, reason, code: 'VALIDATION' }]);

export const forbidden = (message = 'This key lacks the permission for this operation.'): DomainError => new DomainError('FORBIDDEN', 'FORBIDDEN', message);

export const unauthenticated = (message = 'A valid API key is required.'): DomainError => new DomainError('UNAUTHENTICATED', 'UNAUTHENTICATED', message);

export function validationError(violations: Violation[]): DomainError {
  const first = violations[0];
  const message = violations.map((v) => (v.path.length ? `${v.path.join('.')}: ${v.message}` : v.message)).join('; ');
  return new DomainError('VALIDATION', first?.reason ?? 'VALUE__INVALID', message, violations);
}
