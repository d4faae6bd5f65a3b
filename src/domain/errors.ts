// The one error model. Services throw DomainError; GraphQL turns it into typed user errors on
// mutation payloads (or extensions.code on queries); each dialect maps it to its own body/status.

export const ERROR_CODES = [
  'NOT_FOUND', 'VALIDATION', 'CONFLICT', 'UNAUTHENTICATED', 'FORBIDDEN', 'RATE_LIMITED',
  'IDEMPOTENCY_CONFLICT', 'BAD_REQUEST', 'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface Violation {
  /** Field path inside the input, e.g. ['lineItems', '0', 'quantity']. */
  path: string[];
  message: string;
  /** A stable SCREAMING_SNAKE reason, e.g. CHECKOUT_LINK__SLUG_CONFLICT or VALUE__TOO_LONG. */
  reason: string;
  code: ErrorCode;
}

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly reason: string;
  readonly violations: Violation[];

  constructor(code: ErrorCode, reason: string, message: string, violations: Violation[] = []) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.reason = reason;
    this.violations = violations;
  }

  /** The violations, or one built from this error when it has none. */
  toViolations(): Violation[] {
    return this.violations.length > 0
      ? this.violations
      : [{ path: [], message: this.message, reason: this.reason, code: this.code }];
  }
}

export const notFound = (entity: string, path: string[] = ['id'], message?: string): DomainError =>
  new DomainError('NOT_FOUND', `${snake(entity)}__NOT_FOUND`, message ?? `${entity} not found.`, [
    { path, message: message ?? `${entity} not found.`, reason: `${snake(entity)}__NOT_FOUND`, code: 'NOT_FOUND' },
  ]);

export const conflict = (reason: string, message: string, path: string[] = []): DomainError =>
  new DomainError('CONFLICT', reason, message, [{ path, message, reason, code: 'CONFLICT' }]);

export const invalid = (path: string[], message: string, reason = 'VALUE__INVALID'): DomainError =>
  new DomainError('VALIDATION', reason, message, [{ path, message, reason, code: 'VALIDATION' }]);

/** A business rule broken (422 in most dialects), e.g. PLAN__NOT_ACTIVE. */
export const rule = (reason: string, message: string, path: string[] = []): DomainError =>
  new DomainError('VALIDATION', reason, message, [{ path, message, reason, code: 'VALIDATION' }]);

export const forbidden = (message = 'This key lacks the permission for this operation.'): DomainError =>
  new DomainError('FORBIDDEN', 'FORBIDDEN', message);

export const unauthenticated = (message = 'A valid API key is required.'): DomainError =>
  new DomainError('UNAUTHENTICATED', 'UNAUTHENTICATED', message);

export function validationError(violations: Violation[]): DomainError {
  const first = violations[0];
  const message = violations.map((v) => (v.path.length ? `${v.path.join('.')}: ${v.message}` : v.message)).join('; ');
  return new DomainError('VALIDATION', first?.reason ?? 'VALUE__INVALID', message, violations);
}

function snake(entity: string): string {
  return entity.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/\s+/g, '_').toUpperCase();
}
