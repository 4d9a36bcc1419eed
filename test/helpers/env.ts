import { createHash } from 'node:crypto';

/** Which database the integration tests run on, set per Vitest project. */
export const testDialect: 'sqlite' | 'postgres' =
  process.env.LINLI_TEST_DB === 'postgres' ? 'postgres' : 'sqlite';
export const adminDatabaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
/**
 * One template per checkout (named after its folder), so two checkouts can run their PostgreSQL
 * tests side by side; overridable.
 */
export const TEMPLATE_DB =
  process.env.LINLI_TEST_TEMPLATE_DB ??
  `linli_test_template_${createHash('sha256').update(process.cwd()).digest('hex').slice(0, 10)}`;

export function databaseUrlFor(name: string): string {
  const url = new URL(adminDatabaseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
