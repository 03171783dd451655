import type { Command } from 'commander';
import { systemClock } from '../context.ts';
import { DEMO_SIGN_IN, demoRefusal, hasDemo, loadDemo } from '../demo/index.ts';
import { type Scheduler, startScheduler } from '../modules/notify/index.ts';
import { buildApp } from '../server/app.ts';
import { openConfigured } from './open.ts';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('start the web server (migrates the database, and loads the demo into a new one)')
    .action(async () => {
      const { config, database } = await openConfigured();
      let demo = false;
      let demoRefused: string | undefined;
      if (config.loadDemo) {
        // A refused demo is reported and the real service carries on: a setting left over from a trial
        // must not take the partnership's records offline at a restart.
        demoRefused = (await hasDemo(database.db)) ? undefined : await demoRefusal(database.db);
        if (!demoRefused) {
          await loadDemo(database.db, systemClock);
          demo = true;
        }
      }
      const app = await buildApp({
        config,
        database,
        // Requests are logged by method, route pattern and status; addresses, bodies and headers never are.
        logger: { level: config.logLevel },
        ...(demo ? { demoSignIn: DEMO_SIGN_IN } : {}),
      });
      let closing = false;
      let scheduler: Scheduler | undefined;
      const shutdown = async (signal: string) => {
        if (closing) return;
        closing = true;
        app.log.info({ signal }, 'shutting down');
        // The scheduler first: a send or a daily job in progress finishes before the database closes.
        await scheduler?.stop();
        await app.close();
        await database.close();
        process.exit(0);
      };
      process.on('SIGINT', () => void shutdown('SIGINT'));
      process.on('SIGTERM', () => void shutdown('SIGTERM'));
      if (demoRefused) {
        console.error(`${demoRefused} Set LOAD_DEMO=false to stop asking for it.`);
        app.log.warn('the demo partnership was not loaded: the database holds another partnership');
      }
      await app.listen({ host: config.host, port: config.port });
      if (config.scheduler) {
        scheduler = startScheduler({ db: database.db, clock: systemClock, config, log: app.log });
      }
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : config.port;
      const url = config.publicUrl.replace(/:\d+$/, `:${port}`);
      console.log('');
      console.log(`JoinedUp is running at ${url}`);
      console.log(`Database: ${database.engine} (${database.location})`);
      if (demo) {
        console.log(
          `Sign in as the demo care coordinator: ${DEMO_SIGN_IN.email}, password ${DEMO_SIGN_IN.password}`,
        );
        console.log('Other demo accounts: npm run joinedup -- demo');
      }
      if (!config.smtpUrl) {
        console.log(
          'Email: no SMTP_URL is set, so emails wait in the outbox (its counts: /notifications/outbox).',
        );
      }
      console.log('Press Ctrl+C to stop.');
    });
}
