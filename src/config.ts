// Every setting JoinedUp reads, read once from the environment, typed and validated.
// The README's configuration table documents each one; keep the two in step.
import path from 'node:path';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const schema = z.object({
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOAD_DEMO: bool.optional(),
  COOKIE_SECURE: bool.optional(),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).default(30),
  SESSION_MAX_HOURS: z.coerce.number().int().min(1).default(12),
  TRUST_PROXY: bool.default(false),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(100_000),
  PUBLIC_URL: z.string().url().optional(),
  SMTP_URL: z
    .string()
    .regex(
      /^smtps?:\/\/[^\s]+$/,
      'give an smtp:// or smtps:// address, like smtp://user:password@mail.example:587',
    )
    .optional(),
  MAIL_FROM: z.string().min(3).default('JoinedUp <no-reply@joinedup.localhost>'),
  SCHEDULER: bool.default(true),
  REMINDERS_AT: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'give a London time as HH:MM')
    .default('06:00'),
  DIGEST_AT: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'give a London time as HH:MM')
    .default('07:00'),
  OUTBOX_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(5),
});

export interface Config {
  host: string;
  port: number;
  databaseUrl: string | undefined;
  dataDir: string;
  logLevel: string;
  /**
   * Load the demo partnership at start when the database holds no partnership. Defaults to on only for the
   * embedded database: the demo's accounts share a password printed in the README.
   */
  loadDemo: boolean;
  /** Send cookies with the Secure flag. Defaults to on unless the public URL is plain http. */
  cookieSecure: boolean;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  trustProxy: boolean;
  bodyLimitBytes: number;
  publicUrl: string;
  /** Where email goes; with none, emails wait in the outbox (the admin and IG outbox page counts them). */
  smtpUrl: string | undefined;
  mailFrom: string;
  /** Run reminders, the daily digest and the outbox sender inside `serve` (off for an instance that should not). */
  scheduler: boolean;
  /** London times (HH:MM) after which each day's reminders and digest run. */
  remindersAt: string;
  digestAt: string;
  outboxIntervalSeconds: number;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`JoinedUp's settings are not valid:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const displayHost = e.HOST === '0.0.0.0' || e.HOST === '::' ? 'localhost' : e.HOST;
  const publicUrl = e.PUBLIC_URL ?? `http://${displayHost}:${e.PORT}`;
  return {
    host: e.HOST,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.DATA_DIR),
    logLevel: e.LOG_LEVEL,
    loadDemo: e.LOAD_DEMO ?? e.DATABASE_URL === undefined,
    cookieSecure: e.COOKIE_SECURE ?? publicUrl.startsWith('https:'),
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    sessionMaxHours: e.SESSION_MAX_HOURS,
    trustProxy: e.TRUST_PROXY,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    publicUrl,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    scheduler: e.SCHEDULER,
    remindersAt: e.REMINDERS_AT,
    digestAt: e.DIGEST_AT,
    outboxIntervalSeconds: e.OUTBOX_INTERVAL_SECONDS,
  };
}
