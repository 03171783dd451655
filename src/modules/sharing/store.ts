// The SQL for consent, capacity assessments, other lawful bases and the sharing decision log. Records are
// only ever added; the one change allowed is ending a lawful basis early.
import { type Insertable, sql } from 'kysely';
import type { Db } from '../../storage/database.ts';
import type {
  CapacityAssessmentTable,
  ConsentTable,
  LawfulBasisTable,
  SharingDecisionTable,
} from '../../storage/tables.ts';

/**
 * The person's name, for headings. The people module owns the table; this reads only the name, because a
 * page about sharing must say whose it is even when the people module's pages are not there.
 */
export async function personName(db: Db, partnershipId: string, personId: string) {
  return db
    .selectFrom('person')
    .select(['id', 'given_name', 'family_name', 'preferred_name'])
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', personId)
    .executeTakeFirst();
}

/**
 * Serialises changes to one person's consent and decision log: the policy reads "the newest consent record"
 * by time recorded, and the log reads newest first, so no two records may share a time, even from two
 * requests at once.
 */
export async function lockPersonSharing(db: Db, partnershipId: string, personId: string) {
  const key = `sharing:${partnershipId}:${personId}`;
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(db);
}

/** The latest time at which anything was recorded in the person's consent or decision log. */
export async function latestSharingAt(db: Db, partnershipId: string, personId: string): Promise<Date | null> {
  const [consent, decision] = await Promise.all([
    db
      .selectFrom('consent')
      .select((eb) => eb.fn.max('recorded_at').as('at'))
      .where('partnership_id', '=', partnershipId)
      .where('person_id', '=', personId)
      .executeTakeFirst(),
    db
      .selectFrom('sharing_decision')
      .select((eb) => eb.fn.max('decided_at').as('at'))
      .where('partnership_id', '=', partnershipId)
      .where('person_id', '=', personId)
      .executeTakeFirst(),
  ]);
  const times = [consent?.at, decision?.at]
    .filter((t) => t !== null && t !== undefined)
    .map((t) => new Date(t));
  return times.length ? new Date(Math.max(...times.map((t) => t.getTime()))) : null;
}

/** Oldest first, as the policy reads them: the last record covering an organisation and category is in force. */
export async function consents(db: Db, partnershipId: string, personId: string) {
  return db
    .selectFrom('consent')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('person_id', '=', personId)
    .orderBy('recorded_at')
    .orderBy('id')
    .execute();
}

export async function insertConsent(db: Db, row: Insertable<ConsentTable>) {
  await db.insertInto('consent').values(row).execute();
}

export async function capacityAssessments(db: Db, partnershipId: string, personId: string) {
  return db
    .selectFrom('capacity_assessment')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('person_id', '=', personId)
    .orderBy('assessed_on', 'desc')
    .orderBy('recorded_at', 'desc')
    .execute();
}

export async function capacityAssessment(db: Db, partnershipId: string, personId: string, id: string) {
  return db
    .selectFrom('capacity_assessment')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('person_id', '=', personId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function insertCapacityAssessment(db: Db, row: Insertable<CapacityAssessmentTable>) {
  await db.insertInto('capacity_assessment').values(row).execute();
}

export async function lawfulBases(db: Db, partnershipId: string, personId: string) {
  return db
    .selectFrom('lawful_basis')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('person_id', '=', personId)
    .orderBy('recorded_at', 'desc')
    .orderBy('id')
    .execute();
}

/** Locked, so that two people ending the same basis at once cannot both do it. */
export async function lawfulBasisForUpdate(db: Db, partnershipId: string, personId: string, id: string) {
  return db
    .selectFrom('lawful_basis')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('person_id', '=', personId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export async function insertLawfulBasis(db: Db, row: Insertable<LawfulBasisTable>) {
  await db.insertInto('lawful_basis').values(row).execute();
}

export async function endLawfulBasis(db: Db, partnershipId: string, id: string, at: Date) {
  await db
    .updateTable('lawful_basis')
    .set({ ended_at: at })
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', id)
    .where('ended_at', 'is', null)
    .execute();
}

export async function sharingDecisions(db: Db, partnershipId: string, personId: string) {
  return db
    .selectFrom('sharing_decision')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('person_id', '=', personId)
    .orderBy('decided_at', 'desc')
    .orderBy('id')
    .execute();
}

export async function insertSharingDecision(db: Db, row: Insertable<SharingDecisionTable>) {
  await db.insertInto('sharing_decision').values(row).execute();
}
