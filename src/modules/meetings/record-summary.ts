// The summary for the person: written by staff in plain words (checked for jargon and reading ease against
// the target for text written for the person), published with who and when, and kept version by version.
// Editing a published summary starts the next version as a draft; the person sees the latest published one
// (record-summary-copies.ts).
import { record } from '../../audit/index.ts';
import type { Ctx } from '../../context.ts';
import { Conflict, Invalid, NotFound, Refused } from '../../errors.ts';
import { personFormatFor } from '../careplans/index.ts';
import { wordingCheck } from '../glossary/index.ts';
import { preferredFormat } from '../people/index.ts';
import { type OpenMeeting, openMeeting, requireStarted, requireWrite } from './record-access.ts';
import { meetingRecord } from './record-page.ts';
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
