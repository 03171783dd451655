import type { Command } from 'commander';
import { systemClock } from '../context.ts';
import { Invalid } from '../errors.ts';
import { createStaff, createStaffInput, PARTNERSHIP_ROLES } from '../modules/identity/index.ts';
import {
  createPartnership,
  findPartnershipByName,
  ORGANISATION_KINDS,
} from '../modules/partnerships/index.ts';
import { inTransaction } from '../server/transaction.ts';
import { parseInput } from '../validation.ts';
import { withDatabase } from './open.ts';

interface CreateOptions {
  partnership: string;
  organisation: string;
  kind: string;
  email: string;
  name: string;
  role: string;
  professionalRole: string;
}

// Where each input comes from on the command line, so that an error names what to change.
const SOURCES: Record<string, string> = {
  name: '--name',
  email: '--email',
  organisation: '--organisation',
  organisationId: '--organisation',
  professionalRole: '--professional-role',
  partnershipRole: '--role',
  kind: '--kind',
  password: 'JOINEDUP_PASSWORD',
};

async function readPassword(): Promise<string> {
  const fromEnv = process.env.JOINEDUP_PASSWORD;
  if (fromEnv) return fromEnv;
  if (process.stdin.isTTY) {
    throw new Error(
      'Give the first password in the JOINEDUP_PASSWORD environment variable or on standard input.',
    );
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

export function registerUserCommands(program: Command): void {
  const user = program.command('user').description('staff accounts');
  user
    .command('create')
    .description(
      'create a member of staff; creates the partnership and organisation first if they do not exist (how an installation gets its first administrator)',
    )
    .requiredOption('--partnership <name>', 'the partnership’s name')
    .requiredOption('--organisation <name>', 'their organisation’s name')
    .option(
      '--kind <kind>',
      `the organisation’s type if it is new: ${ORGANISATION_KINDS.join(', ')}`,
      'council',
    )
    .requiredOption('--email <email>', 'their email address')
    .requiredOption('--name <name>', 'their full name')
    .option('--role <role>', `what they may do: ${PARTNERSHIP_ROLES.join(', ')}`, 'admin')
    .option('--professional-role <text>', 'their job, like "Community nurse"', 'Administrator')
    .action(async (options: CreateOptions) => {
      // Checked before the password is read or the database opened: the form's message suits a page, not a flag.
      if (!PARTNERSHIP_ROLES.some((r) => r === options.role)) {
        throw new Error(`--role: Use one of ${PARTNERSHIP_ROLES.join(', ')}`);
      }
      const password = await readPassword();
      await withDatabase(async (database) => {
        const clock = systemClock;
        await inTransaction(
          database.db,
          { kind: 'system', partnershipId: null, name: 'joinedup user create' },
          clock,
          async (ctx) => {
            let partnership = await findPartnershipByName(ctx, options.partnership);
            let organisationId: string | undefined;
            if (!partnership) {
              const kind = ORGANISATION_KINDS.find((k) => k === options.kind);
              if (!kind)
                throw new Invalid([
                  { field: 'kind', message: `Use one of ${ORGANISATION_KINDS.join(', ')}` },
                ]);
              const created = await createPartnership(ctx, {
                name: options.partnership,
                organisation: { name: options.organisation, kind },
              });
              organisationId = created.organisationId;
              partnership = await findPartnershipByName(ctx, options.partnership);
            }
            const partnershipId = partnership!.id;
            const inPartnership = {
              ...ctx,
              actor: { kind: 'system' as const, partnershipId, name: 'joinedup user create' },
            };
            if (!organisationId) {
              const org = await ctx.db
                .selectFrom('organisation')
                .select('id')
                .where('partnership_id', '=', partnershipId)
                .where('name', '=', options.organisation)
                .executeTakeFirst();
              if (!org) {
                throw new Invalid([
                  {
                    field: 'organisation',
                    message: `${options.partnership} has no organisation called ${options.organisation}`,
                  },
                ]);
              }
              organisationId = org.id;
            }
            const input = parseInput(createStaffInput, {
              name: options.name,
              email: options.email,
              organisationId,
              professionalRole: options.professionalRole,
              partnershipRole: options.role,
              password,
            });
            await createStaff(inPartnership, input);
          },
        );
        console.log(
          `Created ${options.email} (${options.role}) in ${options.organisation}, ${options.partnership}.`,
        );
      }).catch((error: unknown) => {
        if (error instanceof Invalid) {
          throw new Error(
            error.fields.map((f) => `${SOURCES[f.field] ?? `--${f.field}`}: ${f.message}`).join('\n'),
          );
        }
        throw error;
      });
    });
}
