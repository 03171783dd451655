#!/usr/bin/env node
// The `joinedup` command. Each command lives in src/cli/.
import { Command } from 'commander';
import { registerAuditCommands } from './cli/audit.ts';
import { registerBackupCommands } from './cli/backup.ts';
import { registerDemoCommand } from './cli/demo.ts';
import { registerMigrateCommand } from './cli/migrate.ts';
import { registerServeCommand } from './cli/serve.ts';
import { registerUserCommands } from './cli/user.ts';

const program = new Command()
  .name('joinedup')
  .description('JoinedUp: care coordination for adult social care partnerships')
  .showHelpAfterError();

registerServeCommand(program);
registerMigrateCommand(program);
registerDemoCommand(program);
registerUserCommands(program);
registerAuditCommands(program);
registerBackupCommands(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
