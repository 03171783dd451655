// What the daily reminders need from sharing: consent decisions and sharing agreements whose review date is
// near, and who should review them. Read as the system by the notify module's job.
import { sql } from 'kysely';
import type { Db } from '../../storage/database.ts';
import { leadCoordinatorIds } from '../notify/index.ts';

export interface ConsentReviewReminder {
  consentId: string;
  personId: string;
  personName: string;
  reviewOn: string;
  /** Who recorded it, and the person's lead coordinators: those who would ask the person again. */
  recipients: string[];
}

/**
 * Consent decisions due for review by `horizon`. Only the newest decision for a person and organisation
 * counts: a later one (given again, or withdrawn) replaces the one it followed.
 */
export async function consentReviewsDue(
  db: Db,
  partnershipId: string,
  horizon: string,
): Promise<ConsentReviewReminder[]> {
  const rows = await db
    .selectFrom('consent as c')
    .innerJoin('person as p', (j) =>
      j.onRef('p.partnership_id', '=', 'c.partnership_id').onRef('p.id', '=', 'c.person_id'),
    )
    .select((eb) => [
      'c.id',
      'c.review_on',
      'c.recorded_by',
      'p.id as person_id',
      'p.given_name',
      'p.family_name',
      leadCoordinatorIds(eb).as('leads'),
    ])
    .where('c.partnership_id', '=', partnershipId)
    .where('c.review_on', 'is not', null)
    .where('c.review_on', '<=', horizon)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('consent as later')
            .select('later.id')
            .whereRef('later.partnership_id', '=', 'c.partnership_id')
            .whereRef('later.person_id', '=', 'c.person_id')
            .whereRef('later.organisation_id', '=', 'c.organisation_id')
            .whereRef('later.recorded_at', '>', 'c.recorded_at'),
        ),
      ),
    )
    .execute();
  return rows.map((r) => ({
    consentId: r.id,
    personId: r.person_id,
    personName: `${r.given_name} ${r.family_name}`,
    reviewOn: String(r.review_on),
    recipients: [...new Set([...(r.recorded_by ? [r.recorded_by] : []), ...(r.leads ?? [])])],
  }));
}

export interface AgreementReviewReminder {
  agreementId: string;
  title: string;
  reviewOn: string;
  /** The partnership's information governance leads, who keep the register, and each party's managers. */
  recipients: string[];
}

export async function agreementReviewsDue(
  db: Db,
  partnershipId: string,
  horizon: string,
): Promise<AgreementReviewReminder[]> {
  const rows = await db
    .selectFrom('sharing_agreement as a')
    .select((eb) => [
      'a.id',
      'a.title',
      'a.review_on',
      sql<string[]>`array(${eb
        .selectFrom('staff_user as u')
        .select('u.id')
        .whereRef('u.partnership_id', '=', 'a.partnership_id')
        .where('u.disabled_at', 'is', null)
        .where((w) =>
          w.or([
            w('u.partnership_role', '=', 'ig_lead'),
            w.and([
              w('u.partnership_role', '=', 'manager'),
              w.exists(
                w
                  .selectFrom('sharing_agreement_party as ap')
                  .select('ap.organisation_id')
                  .whereRef('ap.partnership_id', '=', 'a.partnership_id')
                  .whereRef('ap.agreement_id', '=', 'a.id')
                  .whereRef('ap.organisation_id', '=', 'u.organisation_id'),
              ),
            ]),
          ]),
        )})`.as('recipients'),
    ])
    .where('a.partnership_id', '=', partnershipId)
    .where('a.status', '=', 'active')
    .where('a.review_on', '<=', horizon)
    .execute();
  return rows.map((r) => ({
    agreementId: r.id,
    title: r.title,
    reviewOn: String(r.review_on),
    recipients: r.recipients ?? [],
  }));
}
