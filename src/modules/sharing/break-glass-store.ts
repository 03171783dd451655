// The SQL of emergency (break-glass) access. Finding the person reads the person table directly, and only
// names and dates of birth: someone breaking glass has no relationship yet, which the people module's own
// reads (all behind the care-team rule) would refuse.
import type { Insertable } from 'kysely';
import type { Db } from '../../storage/database.ts';
import type { BreakGlassTable } from '../../storage/tables.ts';

export async function findByNhsNumber(db: Db, partnershipId: string, nhsNumber: string) {
  return db
    .selectFrom('person')
    .select(['id', 'given_name', 'family_name', 'date_of_birth'])
    .where('partnership_id', '=', partnershipId)
    .where('nhs_number', '=', nhsNumber)
    .orderBy('family_name')
    .limit(20)
    .execute();
}

export async function findByNameAndBirth(
  db: Db,
  partnershipId: string,
  familyName: string,
  dateOfBirth: string,
) {
  return db
    .selectFrom('person')
    .select(['id', 'given_name', 'family_name', 'date_of_birth'])
    .where('partnership_id', '=', partnershipId)
    .where((eb) => eb(eb.fn('lower', ['family_name']), '=', familyName.toLowerCase()))
    .where('date_of_birth', '=', dateOfBirth)
    .orderBy('given_name')
    .limit(20)
    .execute();
}

export async function personHeader(db: Db, partnershipId: string, personId: string) {
  return db
    .selectFrom('person')
    .select(['id', 'given_name', 'family_name', 'date_of_birth'])
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', personId)
    .executeTakeFirst();
}

export async function insertBreakGlass(db: Db, row: Insertable<BreakGlassTable>) {
  await db.insertInto('break_glass').values(row).execute();
}

/** The newest emergency access this member of staff holds on this person that has not yet run out. */
export async function activeFor(
  db: Db,
  partnershipId: string,
  personId: string,
  staffUserId: string,
  now: Date,
) {
  return db
    .selectFrom('break_glass')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('person_id', '=', personId)
    .where('staff_user_id', '=', staffUserId)
    .where('expires_at', '>', now)
    .orderBy('expires_at', 'desc')
    .executeTakeFirst();
}

const USE_COLUMNS = [
  'b.id',
  'b.person_id',
  'b.staff_user_id',
  'b.organisation_id',
  'b.reason',
  'b.started_at',
  'b.expires_at',
  'b.review_outcome',
  'b.review_note',
  'b.reviewed_by',
  'b.reviewed_at',
  'u.name as staff_name',
  'u.professional_role as staff_role',
  'o.name as organisation_name',
  'p.given_name',
  'p.family_name',
  'p.date_of_birth',
  'r.name as reviewer_name',
] as const;

function uses(db: Db, partnershipId: string) {
  return db
    .selectFrom('break_glass as b')
    .innerJoin('staff_user as u', (j) =>
      j.onRef('u.partnership_id', '=', 'b.partnership_id').onRef('u.id', '=', 'b.staff_user_id'),
    )
    .innerJoin('organisation as o', (j) =>
      j.onRef('o.partnership_id', '=', 'b.partnership_id').onRef('o.id', '=', 'b.organisation_id'),
    )
    .innerJoin('person as p', (j) =>
      j.onRef('p.partnership_id', '=', 'b.partnership_id').onRef('p.id', '=', 'b.person_id'),
    )
    .leftJoin('staff_user as r', (j) =>
      j.onRef('r.partnership_id', '=', 'b.partnership_id').onRef('r.id', '=', 'b.reviewed_by'),
    )
    .select(USE_COLUMNS)
    .where('b.partnership_id', '=', partnershipId);
}

export async function unreviewed(db: Db, partnershipId: string) {
  return uses(db, partnershipId).where('b.review_outcome', 'is', null).orderBy('b.started_at').execute();
}

export async function reviewed(db: Db, partnershipId: string, limit: number) {
  return uses(db, partnershipId)
    .where('b.review_outcome', 'is not', null)
    .orderBy('b.reviewed_at', 'desc')
    .limit(limit)
    .execute();
}

export async function getUse(db: Db, partnershipId: string, id: string) {
  return uses(db, partnershipId).where('b.id', '=', id).executeTakeFirst();
}

/** Records the review, only if nobody reviewed it first. Returns false if someone had. */
export async function recordReview(
  db: Db,
  partnershipId: string,
  id: string,
  review: {
    outcome: 'appropriate' | 'not_appropriate';
    note: string;
    reviewedBy: string;
    at: Date;
    expiresAt: Date;
  },
): Promise<boolean> {
  const result = await db
    .updateTable('break_glass')
    .set({
      review_outcome: review.outcome,
      review_note: review.note,
      reviewed_by: review.reviewedBy,
      reviewed_at: review.at,
      expires_at: review.expiresAt,
    })
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', id)
    .where('review_outcome', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
