import type { Insertable } from 'kysely';
import type { Db } from '../../storage/database.ts';
import type { PersonTable } from '../../storage/tables.ts';

export async function getPerson(db: Db, partnershipId: string, id: string) {
  return db
    .selectFrom('person')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function insertPerson(db: Db, row: Insertable<PersonTable>) {
  await db.insertInto('person').values(row).execute();
}

/** The people whose care team names this member of staff, or (for a manager) includes their organisation. */
export async function caseload(
  db: Db,
  partnershipId: string,
  staff: { userId: string; organisationId: string; includeOrganisation: boolean },
  query: string | null,
) {
  let q = db
    .selectFrom('person as p')
    .select(['p.id', 'p.given_name', 'p.family_name', 'p.preferred_name', 'p.date_of_birth'])
    .where('p.partnership_id', '=', partnershipId)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('care_team_member as m')
          .select('m.id')
          .whereRef('m.partnership_id', '=', 'p.partnership_id')
          .whereRef('m.person_id', '=', 'p.id')
          .where((w) =>
            staff.includeOrganisation
              ? w.or([
                  w('m.staff_user_id', '=', staff.userId),
                  w('m.organisation_id', '=', staff.organisationId),
                ])
              : w('m.staff_user_id', '=', staff.userId),
          ),
      ),
    );
  if (query) {
    const like = `%${query.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) =>
      eb.or([
        eb(eb.fn('lower', ['p.given_name']), 'like', like),
        eb(eb.fn('lower', ['p.family_name']), 'like', like),
        eb(eb.fn('lower', ['p.preferred_name']), 'like', like),
      ]),
    );
  }
  return q.orderBy('p.family_name').orderBy('p.given_name').limit(200).execute();
}

export async function aboutMe(db: Db, partnershipId: string, personId: string) {
  return db
    .selectFrom('person_about_me')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('person_id', '=', personId)
    .executeTakeFirst();
}

export async function communication(db: Db, partnershipId: string, personId: string) {
  return db
    .selectFrom('person_communication')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('person_id', '=', personId)
    .executeTakeFirst();
}

export async function representatives(db: Db, partnershipId: string, personId: string) {
  return db
    .selectFrom('representative')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('person_id', '=', personId)
    .where('ended_at', 'is', null)
    .orderBy('created_at')
    .execute();
}

export async function careTeam(db: Db, partnershipId: string, personId: string) {
  return db
    .selectFrom('care_team_member as m')
    .innerJoin('organisation as o', (j) =>
      j.onRef('o.partnership_id', '=', 'm.partnership_id').onRef('o.id', '=', 'm.organisation_id'),
    )
    .leftJoin('staff_user as u', (j) =>
      j.onRef('u.partnership_id', '=', 'm.partnership_id').onRef('u.id', '=', 'm.staff_user_id'),
    )
    .select([
      'm.id',
      'm.organisation_id',
      'm.staff_user_id',
      'm.role_in_team',
      'm.is_lead',
      'o.name as organisation_name',
      'o.kind as organisation_kind',
      'u.name as staff_name',
      'u.professional_role',
    ])
    .where('m.partnership_id', '=', partnershipId)
    .where('m.person_id', '=', personId)
    .orderBy('m.is_lead', 'desc')
    .orderBy('o.name')
    .orderBy('u.name')
    .execute();
}
