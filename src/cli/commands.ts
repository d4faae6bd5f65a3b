// Parses argv into one command (node:util parseArgs); every mistake is a UsageError.
import { parseArgs } from 'node:util';
import { UsageError } from './usage.ts';

export type Command =
  | { kind: 'help' }
  | { kind: 'orgs create'; name: string; slug: string }
  | { kind: 'orgs list' }
  | { kind: 'orgs origins'; org: string; set?: string[] }
  | { kind: 'keys create'; org: string; mode: 'test' | 'live'; scopes?: string[]; name?: string; publishable?: boolean }
  | { kind: 'keys list'; org: string }
  | { kind: 'keys revoke'; id: string }
  | { kind: 'aliases add'; org: string; mode: 'test' | 'live'; vendor: string; account: string }
  | { kind: 'aliases list'; org: string }
  | { kind: 'aliases remove'; id: string };

const OPTIONS = {
  name: { type: 'string' },
  slug: { type: 'string' },
  org: { type: 'string' },
  mode: { type: 'string' },
  scopes: { type: 'string' },
  publishable: { type: 'boolean' },
  set: { type: 'string' },
  vendor: { type: 'string' },
  account: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = { [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K]['type'] extends 'string' ? string : boolean };

/** Which options and how many positionals each command takes. */
const SHAPES: Record<string, { options: (keyof typeof OPTIONS)[]; positionals: string[] }> = {
  'orgs create': { options: ['name', 'slug'], positionals: [] },
  'orgs list': { options: [], positionals: [] },
  'orgs origins': { options: ['org', 'set'], positionals: [] },
  'keys create': { options: ['org', 'mode', 'scopes', 'name', 'publishable'], positionals: [] },
  'keys list': { options: ['org'], positionals: [] },
  'keys revoke': { options: [], positionals: ['id'] },
  'aliases add': { options: ['org', 'mode', 'vendor', 'account'], positionals: [] },
  'aliases list': { options: ['org'], positionals: [] },
  'aliases remove': { options: [], positionals: ['id'] },
};

export function parseCommand(argv: string[]): Command {
  let values: Values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? (error.message.split('\n')[0] ?? 'Bad arguments.') : 'Bad arguments.');
  }
  const [group, action, ...rest] = positionals;
  if (values.help || group === undefined || group === 'help') return { kind: 'help' };
  const kind = `${group} ${action ?? ''}`.trim();
  const shape = SHAPES[kind];
  if (!shape) {
    if (group !== 'orgs' && group !== 'keys' && group !== 'aliases') throw new UsageError(`Unknown command "${group}".`);
    throw new UsageError(action ? `Unknown command "${group} ${action}".` : `"${group}" needs a sub-command.`);
  }
  for (const option of Object.keys(values) as (keyof typeof OPTIONS)[]) {
    if (!shape.options.includes(option)) throw new UsageError(`"${kind}" takes no --${option}.`);
  }
  if (rest.length > shape.positionals.length) throw new UsageError(`Unexpected argument "${rest[shape.positionals.length]}".`);
  if (rest.length < shape.positionals.length) throw new UsageError(`"${kind}" needs <${shape.positionals[rest.length]}>.`);
  const need = (option: 'name' | 'slug' | 'org' | 'vendor' | 'account'): string => {
    const value = values[option];
    const placeholder = { org: 'slug|id', vendor: 'whop', account: 'biz_…' }[option as string] ?? option;
    if (value === undefined || value.trim() === '') throw new UsageError(`"${kind}" needs --${option} <${placeholder}>.`);
    return value;
  };
  switch (kind) {
    case 'orgs create':
      return { kind, name: need('name'), slug: need('slug') };
    case 'orgs list':
      return { kind };
    case 'orgs origins':
      return {
        kind,
        org: need('org'),
        ...(values.set !== undefined
          ? {
              set: values.set
                .split(',')
                .map((o) => o.trim())
                .filter(Boolean),
            }
          : {}),
      };
    case 'keys create':
      if (values.publishable && values.scopes !== undefined)
        throw new UsageError('A publishable key takes no --scopes: it is good for the storefront operations only.');
      return {
        kind,
        org: need('org'),
        mode: modeOf(values.mode),
        scopes: scopesOf(values.scopes),
        name: values.name,
        ...(values.publishable ? { publishable: true } : {}),
      };
    case 'keys list':
      return { kind, org: need('org') };
    case 'aliases add':
      return { kind, org: need('org'), mode: modeOf(values.mode), vendor: need('vendor').toLowerCase(), account: need('account').trim() };
    case 'aliases list':
      return { kind, org: need('org') };
    case 'aliases remove':
      return { kind, id: rest[0] ?? '' };
    default:
      return { kind: 'keys revoke', id: rest[0] ?? '' };
  }
}

function modeOf(raw: string | undefined): 'test' | 'live' {
  const mode = (raw ?? 'test').toLowerCase();
  if (mode !== 'test' && mode !== 'live') throw new UsageError(`--mode must be test or live, not "${raw}".`);
  return mode;
}

/** `a,b` -> ['a', 'b']; unknown scopes are refused by the domain service. */
function scopesOf(raw: string | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  const scopes = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (scopes.length === 0) throw new UsageError('--scopes needs at least one scope (or leave it out for every scope).');
  return scopes;
}
