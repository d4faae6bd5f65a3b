// `npm run cli -- <command>`: organisations and API keys on the gateway's DATABASE_URL.
// Exit codes: 0 done, 1 refused (not found, conflict, database unavailable or held), 2 bad arguments.
import { ConfigError, loadConfig } from '../config.ts';
import { DomainError } from '../domain/errors.ts';
import { parseCommand, type Command } from './commands.ts';
import type { CliDatabase } from './database.ts';
import { CliError, USAGE, UsageError } from './usage.ts';

const out = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

async function run(db: CliDatabase, command: Exclude<Command, { kind: 'help' }>): Promise<void> {
  const { createKey, listKeys, revokeKey } = await import('./keys.ts');
  const { createOrg, listOrgs, orgOrigins } = await import('./orgs.ts');
  const { addAlias, listAliases, removeAlias } = await import('./aliases.ts');
  switch (command.kind) {
    case 'orgs create':
      return createOrg(db, out, command.name, command.slug);
    case 'orgs list':
      return listOrgs(db, out);
    case 'orgs origins':
      return orgOrigins(db, out, command.org, command.set);
    case 'keys create':
      return createKey(db, out, command);
    case 'keys list':
      return listKeys(db, out, command.org);
    case 'keys revoke':
      return revokeKey(db, out, command.id);
    case 'aliases add':
      return addAlias(db, out, command);
    case 'aliases list':
      return listAliases(db, out, command.org);
    case 'aliases remove':
      return removeAlias(db, out, command.id);
  }
}

/** A domain error as one or more plain lines. */
function describeDomainError(error: DomainError): string {
  const lines = error.toViolations().map((v) => (v.path.length ? `--${v.path.join('.')}: ${v.message}` : v.message));
  return [...new Set(lines)].join('\n');
}

async function main(argv: string[]): Promise<number> {
  let command: Command;
  try {
    command = parseCommand(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\nRun \`npm run cli -- help\` for usage.\n`);
    return 2;
  }
  if (command.kind === 'help') {
    out(USAGE);
    return 0;
  }
  let db: CliDatabase | undefined;
  try {
    // The database and the domain load only now, so help and bad arguments answer at once.
    const { openCliDatabase } = await import('./database.ts');
    db = await openCliDatabase(loadConfig());
    await run(db, command);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\nRun \`npm run cli -- help\` for usage.\n`);
      return 2;
    }
    if (error instanceof DomainError) {
      process.stderr.write(`${describeDomainError(error)}\n`);
      return error.code === 'VALIDATION' ? 2 : 1;
    }
    if (error instanceof CliError || error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    process.stderr.write(`Failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}\n`);
    return 1;
  } finally {
    await db?.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
