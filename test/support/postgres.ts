// Helpers for tests on PostgreSQL: one database per test file, cloned from a migrated template.
import { randomBytes } from 'node:crypto';

export const templateName = (): string => `cg_template_${process.pid}`;

export function databaseUrlWith(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** The same server, database `postgres` (for CREATE/DROP DATABASE). */
export const adminUrl = (url: string): string => databaseUrlWith(url, 'postgres');

export const randomDatabaseName = (): string => `cg_test_${randomBytes(6).toString('hex')}`;
