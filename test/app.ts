// Builds the app on a test database with the demo partnership, for HTTP tests.
import type { FastifyInstance } from 'fastify';
import type { Config } from '../src/config.ts';
import { loadDemo } from '../src/demo/index.ts';
import { type AppOptions, buildApp } from '../src/server/app.ts';
import type { Database } from '../src/storage/database.ts';
import { resetDatabase, TestClock, testConfig, testDatabase } from './harness.ts';

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  clock: TestClock;
  /** Empties the database and loads the demo again; call in beforeEach. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export async function testApp(
  overrides: Partial<Config> = {},
  options: Pick<AppOptions, 'onRoute'> = {},
): Promise<TestApp> {
  const database = await testDatabase();
  const clock = new TestClock();
  const app = await buildApp({ config: testConfig(overrides), database, clock, ...options });
  await app.ready();
  return {
    app,
    database,
    clock,
    reset: async () => {
      clock.set('2026-11-25T10:00:00Z');
      await resetDatabase(database);
      await loadDemo(database.db, clock);
    },
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}
