// The person's copy of a meeting's summary: for the care team to check before publishing or to print, and
// for the person (or a representative they authorise) signed in to their own pages. It is made only from the
// published summary, who came, and what the person may see of the action points; every read is audited.
import type { Ctx, PersonActor } from '../../context.ts';
import { NotFound, Refused } from '../../errors.ts';
import { auditPersonRead, decideForPerson, type PersonAccess, personAccess } from '../../policy/index.ts';
import type { DataCategory } from '../../storage/tables.ts';
import { type PersonFormat, personFormatFor } from '../careplans/index.ts';
import { personHeader, preferredFormat } from '../people/index.ts';
import { openMeeting, readDecision } from './record-access.ts';
import { MEETING_FOR_PERSON, type PersonSummarySource, personSummary } from './record-person.ts';
import * as store from './record-store.ts';

function forPersonOnly(meeting: { person_id: string | null }): string {
  if (!meeting.person_id) throw new NotFound('The summary');
  return meeting.person_id;
}

/** As the person would be decided for: their own record, but never safeguarding or restricted entries. */
function personMaySee(access: PersonAccess, category: DataCategory | null, now: Date): boolean {
  const me: PersonActor = {
    kind: 'person',
    partnershipId: '',
    personId: access.facts.personId,
    accountId: '',
    representativeId: null,
    name: '',
  };
  return decideForPerson(me, access.facts, category ?? 'social_care', 'read', now).allowed;
}

/** What the person's copy is made from: the summary version, who came, and what they may see of the action points. */
async function sourceFor(
  ctx: Ctx,
  partnershipId: string,
  meeting: store.MeetingRow,
  access: PersonAccess,
  summary: store.SummaryRow,
): Promise<PersonSummarySource> {
  const personId = meeting.person_id!;
  const [{ person }, invitees, points] = await Promise.all([
    personHeader(ctx, personId),
    store.invitees(ctx.db, partnershipId, meeting.id),
    store.actionPoints(ctx.db, partnershipId, meeting.id),
  ]);
  const now = ctx.clock.now();
  return {
    meeting: {
      kind: meeting.kind,
      startsAt: new Date(meeting.starts_at),
      mode: meeting.mode,
      location: meeting.location,
    },
    person,
    people: invitees.map((i) => ({
      kind: i.kind,
      name: i.name,
      role: i.professional_role,
      organisationName: i.organisation_name,
      forMe: i.kind === 'representative' ? representativeForMe(i.representative_kind, i.relationship) : null,
      attendance: i.attendance,
    })),
    summary: {
      words: summary.words,
      version: summary.version,
      publishedAt: new Date(summary.published_at ?? summary.updated_at),
      publishedByName: summary.published_by_name ?? summary.written_by_name,
    },
    actionPoints: points
      .filter((a) => personMaySee(access, a.category, now))
      .map((a) => ({
        what: a.what,
        ownerName: a.owner_name,
        organisationName: a.organisation_name,
        dueOn: String(a.due_on).slice(0, 10),
      })),
    lead: access.facts.lead,
  };
}

/** A representative as the person would name them. */
function representativeForMe(kind: string | null, relationship: string | null): string {
  if (kind === 'care_act_advocate' || kind === 'imca') return 'my advocate';
  if (kind === 'lpa_health_welfare' || kind === 'lpa_property_finance') return 'my attorney';
  if (kind === 'deputy') return 'my deputy';
  const r = relationship?.trim();
  if (r && r.split(/\s+/).length <= 3) return `my ${r.toLowerCase()}`;
  return 'someone who helps me';
}

async function formatFor(ctx: Ctx, personId: string, asked: PersonFormat | null) {
  const stated = await preferredFormat(ctx, personId);
  const preferred = stated && stated !== 'standard' ? personFormatFor(stated) : null;
  return { format: asked ?? personFormatFor(stated), preferred };
}

/**
 * For the care team: the person's copy of the latest version (draft or published), to check before
 * publishing or to print for them. Audited as a read of the person's record.
 */
export async function summaryForPersonPreview(ctx: Ctx, meetingId: string, asked: PersonFormat | null) {
  const open = await openMeeting(ctx, meetingId);
  const personId = forPersonOnly(open.meeting);
  const decision = readDecision(open, 'social_care');
  await auditPersonRead(ctx, personId, 'meeting_summary', [{ category: 'social_care', decision }]);
  if (!decision.allowed) throw new Refused(decision.reasons, decision.askWhom);
  const rows = await store.summaries(ctx.db, open.actor.partnershipId, meetingId);
  const latest = rows[0];
  if (!latest) throw new NotFound('The summary');
  const { format, preferred } = await formatFor(ctx, personId, asked);
  const source = await sourceFor(ctx, open.actor.partnershipId, open.meeting, open.access!, latest);
  return {
    meetingId,
    person: source.person,
    status: latest.status,
    version: latest.version,
    format,
    preferred,
    doc: personSummary(source, format),
  };
}

function personOnly(ctx: Ctx): PersonActor {
  if (ctx.actor.kind !== 'person') {
    throw new Refused([
      'These pages are for a person signed in to their own record, or their representative.',
    ]);
  }
  return ctx.actor;
}

/** The person's meetings with a published summary, newest first. Audited as a read of their record. */
export async function mySummaries(ctx: Ctx) {
  const actor = personOnly(ctx);
  const access = await personAccess(ctx, actor.personId);
  const decision = access.decide('social_care', 'read');
  await auditPersonRead(ctx, actor.personId, 'meeting_summaries', [{ category: 'social_care', decision }]);
  if (!decision.allowed) return [];
  const rows = await store.publishedForPerson(ctx.db, actor.partnershipId, actor.personId);
  return rows.map((r) => ({
    id: r.id,
    startsAt: new Date(r.starts_at),
    day: r.starts_at,
    what: MEETING_FOR_PERSON[r.kind] ?? 'A meeting about my care',
    publishedAt: new Date(r.published_at as unknown as string),
  }));
}

/** One meeting's published summary for the person, in their format; NotFound for anyone else's or a draft. */
export async function mySummary(ctx: Ctx, meetingId: string, asked: PersonFormat | null) {
  const actor = personOnly(ctx);
  const meeting = await store.meeting(ctx.db, actor.partnershipId, meetingId);
  // Another person's meeting, or a partnership meeting, is simply not found: its existence is not theirs to know.
  if (!meeting || meeting.person_id !== actor.personId || meeting.status === 'cancelled') {
    throw new NotFound('The meeting');
  }
  const access = await personAccess(ctx, actor.personId);
  const decision = access.decide('social_care', 'read');
  await auditPersonRead(ctx, actor.personId, 'meeting_summary', [{ category: 'social_care', decision }]);
  if (!decision.allowed) throw new Refused(decision.reasons, decision.askWhom);
  const published = (await store.summaries(ctx.db, actor.partnershipId, meetingId)).find(
    (s) => s.status === 'published',
  );
  if (!published) throw new NotFound('The meeting');
  const { format, preferred } = await formatFor(ctx, actor.personId, asked);
  const source = await sourceFor(ctx, actor.partnershipId, meeting, access, published);
  return { meetingId, format, preferred, version: published.version, doc: personSummary(source, format) };
}
