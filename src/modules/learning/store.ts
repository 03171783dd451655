// Learning's SQL. Staff names and organisations are read here too (never written): sessions, placements
// and training dates are about people on the staff list.
import type { Insertable } from 'kysely';
import type { Db } from '../../storage/database.ts';
import type {
  InformationSharingTrainingTable,
  OrganisationGuideTable,
  RoleGuideTable,
  ShadowingPlacementTable,
  TrainingSessionTable,
} from '../../storage/tables.ts';

export async function staffDirectory(db: Db, partnershipId: string) {
  return db
    .selectFrom('staff_user as u')
    .innerJoin('organisation as o', (j) =>
      j.onRef('o.partnership_id', '=', 'u.partnership_id').onRef('o.id', '=', 'u.organisation_id'),
    )
    .select([
      'u.id',
      'u.name',
      'u.professional_role',
      'u.partnership_role',
      'u.organisation_id',
      'o.name as organisation_name',
    ])
    .where('u.partnership_id', '=', partnershipId)
    .where('u.disabled_at', 'is', null)
    .orderBy('o.name')
    .orderBy('u.name')
    .execute();
}

// Sessions and attendance

export async function listSessions(db: Db, partnershipId: string) {
  return db
    .selectFrom('training_session as s')
    .selectAll('s')
    .select((eb) =>
      eb
        .selectFrom('training_attendance as a')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('a.partnership_id', '=', 's.partnership_id')
        .whereRef('a.session_id', '=', 's.id')
        .as('attendee_count'),
    )
    .where('s.partnership_id', '=', partnershipId)
    .orderBy('s.held_on', 'desc')
    .orderBy('s.topic')
    .execute();
}

export async function getSession(db: Db, partnershipId: string, id: string) {
  return db
    .selectFrom('training_session')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function attendeesOf(db: Db, partnershipId: string, sessionId: string) {
  const rows = await db
    .selectFrom('training_attendance')
    .select('staff_user_id')
    .where('partnership_id', '=', partnershipId)
    .where('session_id', '=', sessionId)
    .execute();
  return rows.map((r) => r.staff_user_id);
}

export async function insertSession(db: Db, row: Insertable<TrainingSessionTable>) {
  await db.insertInto('training_session').values(row).execute();
}

export async function updateSession(
  db: Db,
  partnershipId: string,
  id: string,
  changes: Omit<
    TrainingSessionTable,
    'partnership_id' | 'id' | 'created_by' | 'created_at' | 'updated_at'
  > & {
    updated_at: Date;
  },
) {
  await db
    .updateTable('training_session')
    .set(changes)
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', id)
    .execute();
}

export async function setAttendees(
  db: Db,
  partnershipId: string,
  sessionId: string,
  staffIds: readonly string[],
) {
  await db
    .deleteFrom('training_attendance')
    .where('partnership_id', '=', partnershipId)
    .where('session_id', '=', sessionId)
    .execute();
  if (!staffIds.length) return;
  await db
    .insertInto('training_attendance')
    .values(
      staffIds.map((id) => ({ partnership_id: partnershipId, session_id: sessionId, staff_user_id: id })),
    )
    .execute();
}

// Shadowing

export async function listPlacements(db: Db, partnershipId: string) {
  return db
    .selectFrom('shadowing_placement')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .orderBy('starts_on', 'desc')
    .execute();
}

export async function insertPlacement(db: Db, row: Insertable<ShadowingPlacementTable>) {
  await db.insertInto('shadowing_placement').values(row).execute();
}

// Information sharing training

export async function recordedTraining(db: Db, partnershipId: string, staffId?: string) {
  let q = db
    .selectFrom('information_sharing_training')
    .selectAll()
    .where('partnership_id', '=', partnershipId);
  if (staffId) q = q.where('staff_user_id', '=', staffId);
  return q.orderBy('trained_on', 'desc').execute();
}

/** Information sharing sessions each person attended, held on or before `today`. */
export async function attendedInformationSharing(
  db: Db,
  partnershipId: string,
  today: string,
  staffId?: string,
) {
  let q = db
    .selectFrom('training_attendance as a')
    .innerJoin('training_session as s', (j) =>
      j.onRef('s.partnership_id', '=', 'a.partnership_id').onRef('s.id', '=', 'a.session_id'),
    )
    .select(['a.staff_user_id', 's.id as session_id', 's.topic', 's.held_on', 's.led_by'])
    .where('a.partnership_id', '=', partnershipId)
    .where('s.kind', '=', 'information_sharing')
    .where('s.held_on', '<=', today);
  if (staffId) q = q.where('a.staff_user_id', '=', staffId);
  return q.orderBy('s.held_on', 'desc').execute();
}

export async function insertTraining(db: Db, row: Insertable<InformationSharingTrainingTable>) {
  await db.insertInto('information_sharing_training').values(row).execute();
}

// What each organisation and role does

export async function organisationGuides(db: Db, partnershipId: string) {
  return db
    .selectFrom('organisation_guide')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .execute();
}

export async function organisationGuide(db: Db, partnershipId: string, organisationId: string) {
  return db
    .selectFrom('organisation_guide')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
}

export async function saveOrganisationGuide(db: Db, row: Insertable<OrganisationGuideTable>) {
  const { partnership_id: _p, organisation_id: _o, ...changes } = row;
  await db
    .insertInto('organisation_guide')
    .values(row)
    .onConflict((oc) => oc.columns(['partnership_id', 'organisation_id']).doUpdateSet(changes))
    .execute();
}

export async function roleGuides(db: Db, partnershipId: string) {
  return db
    .selectFrom('role_guide')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .orderBy('role_name')
    .execute();
}

export async function roleGuide(db: Db, partnershipId: string, roleKey: string) {
  return db
    .selectFrom('role_guide')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('role_key', '=', roleKey)
    .executeTakeFirst();
}

export async function saveRoleGuide(db: Db, row: Insertable<RoleGuideTable>) {
  const { partnership_id: _p, role_key: _k, ...changes } = row;
  await db
    .insertInto('role_guide')
    .values(row)
    .onConflict((oc) => oc.columns(['partnership_id', 'role_key']).doUpdateSet(changes))
    .execute();
}
