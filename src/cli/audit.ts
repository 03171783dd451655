import type { Command } from 'commander';
import { verifyTrail } from '../audit/index.ts';
import { withDatabase } from './open.ts';

export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('the audit trail');
  audit
    .command('verify')
    .description('check every link of the hash-chained audit trail; exits 1 at the first broken link')
    .action(async () => {
      const report = await withDatabase((database) => verifyTrail(database.db));
      if (report.broken) {
        const b = report.broken;
        console.error(
          `BROKEN: chain ${b.partnershipId}, row ${b.seq}: ${b.reason}. ${report.rowsChecked} rows before it were intact.`,
        );
        process.exitCode = 1;
        return;
      }
      console.log(`Intact: ${report.rowsChecked} rows in ${report.chains} chains.`);
    });
}
