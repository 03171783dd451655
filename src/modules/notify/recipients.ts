// Who a reminder about a person goes to: the queries the daily reminders of other modules share.
import { type ExpressionBuilder, type RawBuilder, sql } from 'kysely';
import type { Tables } from '../../storage/tables.ts';

/**
 * The lead coordinators on the care team of the person a row is about, as an array of staff ids: a column
 * for a query whose row, `c`, has the person's `partnership_id` and `person_id`.
 */
export function leadCoordinatorIds(
  eb: ExpressionBuilder<Tables & { c: { partnership_id: string; person_id: string } }, 'c'>,
): RawBuilder<string[]> {
  return sql<string[]>`array(${eb
    .selectFrom('care_team_member as m')
    .select('m.staff_user_id')
    .whereRef('m.partnership_id', '=', 'c.partnership_id')
    .whereRef('m.person_id', '=', 'c.person_id')
    .where('m.is_lead', '=', true)
    .where('m.staff_user_id', 'is not', null)})`;
}
