// The summary for the person: written by staff in plain words (checked for jargon and reading ease against
// the target for text written for the person), published with who and when, and kept version by version.
// Editing a published summary starts the next version as a draft; the person sees the latest published one.
// The person (or a representative they authorise) reads it in their own format, with nothing the sharing
// rules keep from them.
import { record } from '../../audit/index.ts';
import type { Ctx, PersonActor } from '../../context.ts';
import { Conflict, Invalid, NotFound, Refused } from '../../errors.ts';
import { auditPersonRead, decideForPerson, type PersonAccess, personAccess } from '../../policy/index.ts';
import type { DataCategory } from '../../storage/tables.ts';
import { type PersonFormat, personFormatFor } from '../careplans/index.ts';
import { wordingCheck } from '../glossary/index.ts';
import { personHeader, preferredFormat } from '../people/index.ts';
import {
  type OpenMeeting,
  openMeeting,
  readDecision,
  requireStarted,
  requireWrite,
} from './record-access.ts';
import { meetingRecord } from './record-page.ts';
import { MEETING_FOR_PERSON, type PersonSummarySource, personSummary } from './record-person.ts';
import type { PublishInput, SummaryInput } from './record-schema.ts';
import * as store from './record-store.ts';

export interface SummaryConflict {
  words: string;
  version: number;
  revision: number;
  status: 'draft' | 'published';
  writtenByName: string;
}

function forPersonOnly(open: OpenMeeting): string {
  if (!open.meeting.person_id) {
    throw new Invalid([
      {
        field: 'words',
        message: 'A partnership meeting is not about one person, so it has no summary for them',
      },
    ]);
  }
  return open.meeting.person_id;
}

function conflictOf(row: store.SummaryRow, message: string) {
  return new Conflict<SummaryConflict>(message, {
    words: row.words,
    version: row.version,
    revision: row.revision,
    status: row.status,
    writtenByName: row.written_by_name,
  });
}

/**
 * Saves the summary. The form carries the version and revision it was opened at; if the summary changed
 * since (another save, or a publication) the save is refused with the other version to combine.
 */
export async function saveSummary(ctx: Ctx, meetingId: string, input: SummaryInput) {
  const open = await openMeeting(ctx, meetingId);
  const personId = forPersonOnly(open);
  requireWrite(open);
  requireStarted(ctx, open, 'words');
  const pid = open.actor.partnershipId;
  const latest = await store.latestSummaryForUpdate(ctx.db, pid, meetingId);
  const now = ctx.clock.now();
  const by = open.actor.name;
  if (!latest) {
    if (input.version !== 0) throw new NotFound('The summary');
    await store.insertSummary(ctx.db, {
      partnership_id: pid,
      meeting_id: meetingId,
      version: 1,
      words: input.words,
      written_by_name: by,
      updated_at: now,
      published_at: null,
      published_by_name: null,
    });
    await audit(ctx, personId, meetingId, 'meeting.summary.save', { version: 1, revision: 1 });
    return { version: 1, revision: 1 };
  }
  if (latest.version !== input.version || latest.revision !== input.revision) {
    throw conflictOf(
      latest,
      latest.status === 'published' && latest.version !== input.version
        ? `${latest.published_by_name ?? 'Someone else'} published a newer version while you were writing. Both versions are shown: combine them and save again.`
        : `${latest.written_by_name} saved the summary while you were writing. Both versions are shown: combine them and save again.`,
    );
  }
  if (latest.status === 'published') {
    // What the person has been given stays as it was; the change becomes the next version.
    const version = latest.version + 1;
    await store.insertSummary(ctx.db, {
      partnership_id: pid,
      meeting_id: meetingId,
      version,
      words: input.words,
      written_by_name: by,
      updated_at: now,
      published_at: null,
      published_by_name: null,
    });
    await audit(ctx, personId, meetingId, 'meeting.summary.save', { version, revision: 1 });
    return { version, revision: 1 };
  }
  await store.updateDraftSummary(
    ctx.db,
    { partnershipId: pid, meetingId, version: latest.version },
    { words: input.words, revision: latest.revision, at: now, by },
  );
  await audit(ctx, personId, meetingId, 'meeting.summary.save', {
    version: latest.version,
    revision: latest.revision + 1,
  });
  return { version: latest.version, revision: latest.revision + 1 };
}

/** Publishes the draft the page showed: the person sees it from now on, with who published it and when. */
export async function publishSummary(ctx: Ctx, meetingId: string, input: PublishInput) {
  const open = await openMeeting(ctx, meetingId);
  const personId = forPersonOnly(open);
  requireWrite(open);
  const pid = open.actor.partnershipId;
  const latest = await store.latestSummaryForUpdate(ctx.db, pid, meetingId);
  if (!latest) throw new Invalid([{ field: 'words', message: 'Write the summary before publishing it' }]);
  if (latest.status === 'published' && latest.version === input.version) {
    throw conflictOf(latest, `Version ${latest.version} is already published.`);
  }
  if (latest.version !== input.version || latest.revision !== input.revision) {
    throw conflictOf(
      latest,
      `${latest.written_by_name} changed the summary after you opened it. Read the version below before publishing.`,
    );
  }
  await store.publishSummary(
    ctx.db,
    { partnershipId: pid, meetingId, version: latest.version },
    { at: ctx.clock.now(), by: open.actor.name },
  );
  await audit(ctx, personId, meetingId, 'meeting.summary.publish', { version: latest.version });
  return { version: latest.version };
}

async function audit(
  ctx: Ctx,
  personId: string,
  meetingId: string,
  action: string,
  detail: Record<string, unknown>,
) {
  await record(ctx, { action, entityType: 'meeting', entityId: meetingId, personId, detail });
}

/** The plain English check of some summary text, against the target for text written for the person. */
export function checkSummaryWording(ctx: Ctx, text: string) {
  return wordingCheck(ctx, text, 'person');
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
  const personId = forPersonOnly(open);
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

/** What the summary page needs: the record, the latest version and those published, and the person's format. */
export async function summaryEditor(ctx: Ctx, meetingId: string) {
  const page = await meetingRecord(ctx, meetingId);
  if (!page.person) throw new NotFound('The summary');
  if (!page.summary) {
    throw new Refused(['You cannot see the summary written for this person.'], 'the meeting’s organiser');
  }
  const stated = await preferredFormat(ctx, page.person.id);
  return {
    ...page,
    person: page.person,
    latest: page.summary.latest,
    published: page.summary.published,
    preferred: stated && stated !== 'standard' ? personFormatFor(stated) : null,
  };
}
