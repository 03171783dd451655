// Wrong security codes are counted apart from wrong passwords: a good password used to reset the one shared
// counter, so second-factor guesses never reached a limit. Only a good code resets this one.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE staff_user
    ADD COLUMN second_factor_failures integer NOT NULL DEFAULT 0,
    ADD COLUMN second_factor_locked_until timestamptz,
    ADD CONSTRAINT staff_user_second_factor_failures_not_negative CHECK (second_factor_failures >= 0)`.execute(
    db,
  );
}
