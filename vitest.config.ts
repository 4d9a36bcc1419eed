import { defineConfig } from 'vitest/config';

const integration = ['server/**/*.int.test.ts', 'cli/**/*.int.test.ts'];

// One suite, several projects: the same integration files run on SQLite and on PostgreSQL.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'server/**/*.test.ts',
            'common/**/*.test.ts',
            'cli/**/*.test.ts',
            'web/**/*.test.ts',
            'bench/**/*.test.ts',
          ],
          exclude: integration,
          environment: 'node',
        },
      },
      {
        test: {
          name: 'int-sqlite',
          include: integration,
          env: { LINLI_TEST_DB: 'sqlite' },
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'int-postgres',
          include: integration,
          env: { LINLI_TEST_DB: 'postgres' },
          globalSetup: ['test/helpers/pg-global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.test.ts'],
          testTimeout: 90_000,
          hookTimeout: 90_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
