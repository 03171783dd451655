import type { Command } from 'commander';
import { systemClock } from '../context.ts';
import { DEMO_PASSWORD, DEMO_STAFF, demoRefusal, hasDemo, loadDemo } from '../demo/index.ts';
import { withDatabase } from './open.ts';

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('load the demo partnership (the practice guide’s case example) if it is not there')
    .action(async () => {
      await withDatabase(async (database) => {
        const refusal = (await hasDemo(database.db)) ? undefined : await demoRefusal(database.db);
        if (refusal) {
          throw new Error(`${refusal} Point DATA_DIR or DATABASE_URL at an empty database to try the demo.`);
        }
        const loaded = await loadDemo(database.db, systemClock);
        console.log(loaded ? 'Loaded the demo partnership.' : 'The demo partnership is already loaded.');
        printDemoAccounts();
      });
    });
}

export function printDemoAccounts(): void {
  console.log(`Demo accounts (password for all: ${DEMO_PASSWORD}):`);
  for (const s of DEMO_STAFF) console.log(`  ${s.email.padEnd(40)} ${s.name}, ${s.professionalRole}`);
  console.log('  Administrators and information governance leads set up a security app at first sign-in.');
}
