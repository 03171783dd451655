import path from 'node:path';
import type { Command } from 'commander';
import { backupTo, databaseDigest, restoreFrom } from '../storage/backup.ts';
import { withDatabase } from './open.ts';

export function registerBackupCommands(program: Command): void {
  program
    .command('backup')
    .argument('<file>', 'where to write the backup (gzip-compressed JSON lines)')
    .description('write every table to a file that restores on either engine')
    .action(async (file: string) => {
      await withDatabase(async (database) => {
        const target = path.resolve(file);
        const { tables, rows } = await backupTo(database.db, target, new Date());
        console.log(`Backed up ${rows} rows from ${tables} tables to ${target}`);
        console.log(`Digest: ${await databaseDigest(database.db)}`);
      });
    });
  program
    .command('restore')
    .argument('<file>', 'a file written by joinedup backup')
    .description('restore a backup into a new, empty database')
    .action(async (file: string) => {
      await withDatabase(async (database) => {
        const { tables, rows } = await restoreFrom(database.db, path.resolve(file));
        console.log(`Restored ${rows} rows into ${tables} tables.`);
        console.log(`Digest: ${await databaseDigest(database.db)}`);
      });
    });
}
