import { type Config, loadConfig } from '../config.ts';
import { type Database, openDatabase } from '../storage/database.ts';
import { migrateToLatest } from '../storage/migrate.ts';

/** Opens the configured database and brings its schema up to date. */
export async function openConfigured(
  config: Config = loadConfig(),
): Promise<{ config: Config; database: Database }> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(database.db);
  } catch (error) {
    await database.close();
    throw error;
  }
  return { config, database };
}

export async function withDatabase<T>(fn: (database: Database, config: Config) => Promise<T>): Promise<T> {
  const { config, database } = await openConfigured();
  try {
    return await fn(database, config);
  } finally {
    await database.close();
  }
}
