// The person's own access report: who has looked at their record, when, and on which basis, read from the
// audit trail. Only other people's looks are listed: staff, and representatives other than the one reading.
// UK GDPR Art. 15 gives the person a right to know who their information has been disclosed to.
import { sql } from 'kysely';
import type { Db } from '../storage/database.ts';

/** Reads of the record, an emergency access starting, and an audit search about the person. */
const LOOKS = ['break_glass.start', 'audit.search'] as const;

export interface AccessReportRow {
  id: string;
  at: Date;
  action: string;
  basis: string | null;
  detail: Record<string, unknown>;
  staffName: string | null;
  professionalRole: string | null;
  organisationName: string | null;
  representativeName: string | null;
}

export interface AccessReportPage {
  rows: AccessReportRow[];
  total: number;
  page: number;
  pages: number;
  pageSize: number;
}

function looks(db: Db, partnershipId: string, personId: string, viewerAccountId: string) {
  return db
    .selectFrom('audit_event as e')
    .where('e.partnership_id', '=', partnershipId)
    .where('e.person_id', '=', personId)
    .where('e.outcome', '=', 'success')
    .where((eb) => eb.or([eb('e.action', 'like', 'person.read.%'), eb('e.action', 'in', LOOKS)]))
    .where((eb) =>
      eb.or([
        eb('e.actor_user_id', 'is not', null),
        eb.and([
          eb(sql<string>`e.detail->>'representativeId'`, 'is not', null),
          eb(sql<string>`e.detail->>'personAccountId'`, '<>', viewerAccountId),
        ]),
      ]),
    );
}

/** One page of the report, newest first. */
export async function personAccessReport(
  db: Db,
  partnershipId: string,
  personId: string,
  viewerAccountId: string,
  requestedPage: number,
  pageSize = 20,
): Promise<AccessReportPage> {
  const count = await looks(db, partnershipId, personId, viewerAccountId)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const total = Number(count.n);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, requestedPage), pages);
  const rows = await looks(db, partnershipId, personId, viewerAccountId)
    .leftJoin('staff_user as u', (j) =>
      j.onRef('u.partnership_id', '=', 'e.partnership_id').onRef('u.id', '=', 'e.actor_user_id'),
    )
    .leftJoin('organisation as o', (j) =>
      j.onRef('o.partnership_id', '=', 'e.partnership_id').onRef('o.id', '=', 'e.actor_organisation_id'),
    )
    .leftJoin('representative as r', (j) =>
      j
        .onRef('r.partnership_id', '=', 'e.partnership_id')
        .on(sql<string>`r.id::text`, '=', sql<string>`e.detail->>'representativeId'`),
    )
    .select([
      'e.id',
      'e.at',
      'e.action',
      'e.basis',
      'e.detail',
      'u.name as staff_name',
      'u.professional_role',
      'o.name as organisation_name',
      'r.name as representative_name',
    ])
    .orderBy('e.at', 'desc')
    .orderBy('e.seq', 'desc')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  return {
    rows: rows.map((r) => ({
      id: r.id,
      at: new Date(r.at),
      action: r.action,
      basis: r.basis,
      detail: r.detail,
      staffName: r.staff_name,
      professionalRole: r.professional_role,
      organisationName: r.organisation_name,
      representativeName: r.representative_name,
    })),
    total,
    page,
    pages,
    pageSize,
  };
}
