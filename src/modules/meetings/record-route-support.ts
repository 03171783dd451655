// What the record's page handlers share: route parameter types, the flash after a step, and the record
// page itself (rendered again, with errors, when a step taken on it fails).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Refused } from '../../errors.ts';
import { meetingRecord } from './record-page.ts';
import { CATEGORY_CHOICES } from './record-schema.ts';

export type WithId = { Params: { id: string } };
export type WithItem = { Params: { id: string; itemId: string } };

const FLASH: Record<string, string> = {
  agenda: 'The item is on the agenda.',
  moved: 'The agenda is in its new order.',
  minutes: 'The minutes are saved.',
  contribution: 'The contribution is recorded.',
  decision: 'The decision is recorded.',
  'action-point': 'The action point is recorded. Add it to the care plan when you are ready.',
  added: 'The action point is now an action in the care plan, led by its owner.',
  'added-all': 'The action points are now actions in the care plan, each led by its owner.',
  already: 'That action point was already in the care plan, so nothing was added again.',
  summary: 'The summary is saved as a draft.',
  published: 'The summary is published: the person can read it when they sign in.',
};

export function flashOf(request: FastifyRequest): string | undefined {
  const done = (request.query as Record<string, unknown>).done;
  return typeof done === 'string' ? FLASH[done] : undefined;
}

export function recordPath(id: string, anchor = ''): string {
  return `/meetings/${id}/record${anchor ? `#${anchor}` : ''}`;
}

/** The record page, with any errors from a step taken on it (adding to the plan). */
export async function renderRecord(
  request: FastifyRequest,
  reply: FastifyReply,
  id: string,
  extra: Record<string, unknown> = {},
) {
  const page = await request.tx((ctx) => meetingRecord(ctx, id));
  return reply.render('meetings/views/record/record.njk', {
    ...page,
    title: `Meeting record: ${page.meeting.title}`,
    section: 'meetings',
    categories: CATEGORY_CHOICES,
    flash: flashOf(request),
    ...extra,
  });
}

/** Refuses, before any form is shown, someone who may read the record but not write it. */
export function requireWritable(page: { can: { write: boolean }; meeting: { status: string } }): void {
  if (page.can.write) return;
  throw new Refused(
    [
      page.meeting.status === 'cancelled'
        ? 'This meeting was cancelled, so it has no record to write.'
        : 'Only the care team (not volunteers) can write this meeting’s record.',
    ],
    'the meeting’s organiser',
  );
}

/** The record for one of its forms. */
export async function formPage(request: FastifyRequest, id: string, title: string) {
  const page = await request.tx((ctx) => meetingRecord(ctx, id));
  requireWritable(page);
  return { ...page, title, section: 'meetings', categories: CATEGORY_CHOICES };
}
