// Input validation with zod: issues become the error model's violations (path, message, reason).
import { z } from 'zod';
import { validationError, type Reason, type Violation } from './errors.ts';
import { normaliseUrl } from './urls.ts';
import { INT_MAX } from '../contract/limits.ts';

function reasonOf(issue: z.core.$ZodIssue): Reason {
  switch (issue.code) {
    case 'too_big':
      return issue.origin === 'string' ? 'VALUE__TOO_LONG' : issue.origin === 'array' ? 'VALUE__TOO_MANY' : 'VALUE__TOO_HIGH';
    case 'too_small':
      return issue.origin === 'string'
        ? issue.minimum === 1
          ? 'VALUE__BLANK'
          : 'VALUE__TOO_SHORT'
        : issue.origin === 'array'
          ? 'VALUE__TOO_FEW'
          : 'VALUE__TOO_LOW';
    case 'invalid_format':
      return 'VALUE__BAD_FORMAT';
    case 'invalid_type':
      return issue.input === undefined ? 'VALUE__MISSING' : 'VALUE__WRONG_TYPE';
    case 'invalid_value':
      return 'VALUE__NOT_ALLOWED';
    case 'unrecognized_keys':
      return 'VALUE__UNKNOWN_FIELD';
    default:
      return 'VALUE__INVALID';
  }
}

export function toViolations(error: z.ZodError, prefix: string[] = []): Violation[] {
  return error.issues.map((issue) => ({
    path: [...prefix, ...issue.path.map(String)],
    message: issue.message,
    reason: reasonOf(issue),
    code: 'VALIDATION' as const,
  }));
}

/** Parses input or throws a VALIDATION DomainError listing every violation. */
export function parse<S extends z.ZodType>(schema: S, input: unknown, prefix: string[] = []): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw validationError(toViolations(result.error, prefix));
  return result.data;
}

const SLUG = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

/** Common field schemas, shared by every service. */
export const fields = {
  uuid: z.uuid({ message: 'Must be a valid id.' }),
  slug: z.string().min(3).max(64).regex(SLUG, 'Must be lower kebab case: a-z, 0-9 and inner dashes.'),
  code: z.string().min(1).max(64).regex(SLUG, 'Must be lower kebab case: a-z, 0-9 and inner dashes.'),
  name: z.string().trim().min(1, 'This value should not be blank.').max(255),
  text: z.string().max(5000),
  // Stored normalised (non-ASCII as UTF-8 percent-escapes, IDNA host): see ../domain/urls.ts.
  url: z
    .url({ protocol: /^https?$/, message: 'Must be an http(s) URL.' })
    .max(2048)
    .transform((value, ctx) => {
      const normal = normaliseUrl(value);
      if (normal === null || normal.length > 2048) {
        ctx.addIssue({ code: 'custom', message: normal === null ? 'Must be an http(s) URL.' : 'At most 2048 characters once encoded.' });
        return z.NEVER;
      }
      return normal;
    }),
  metadata: z
    .record(z.string().max(100), z.unknown())
    .refine((m) => Object.keys(m).length <= 50, 'At most 50 keys.')
    .refine((m) => JSON.stringify(m).length <= 16_384, 'At most 16 KiB of metadata.'),
  nonNegativeInt: z.number().int().min(0).max(INT_MAX),
  positiveInt: z.number().int().min(1).max(INT_MAX),
  quantity: z.number().int().min(1).max(999_999),
};

/** For a non-nullable column: null and undefined both mean "not given". */
export const opt = <S extends z.ZodType>(schema: S) => schema.nullish().transform((v) => (v ?? undefined) as z.output<S> | undefined);
