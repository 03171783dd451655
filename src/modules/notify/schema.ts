// What a notification is and the input each entry point accepts: the kinds with their plain labels (the
// label is all an email says about what happened), and the schemas that refuse bad input with clear errors.
import { z } from 'zod';
import { CATEGORIES } from '../../policy/person.ts';
import type { EmailMode, NotificationKind } from '../../storage/tables.ts';
import { email as emailAddress, text, uuid } from '../../validation.ts';

export type { EmailMode, NotificationKind };

export const KINDS = [
  'timeline_update',
  'action_assigned',
  'action_due',
  'action_overdue',
  'review_due',
  'meeting_invitation',
  'meeting_changed',
  'meeting_cancelled',
  'consent_review_due',
  'agreement_review_due',
  'dispute_stage_overdue',
] as const satisfies readonly NotificationKind[];

/** Says what happened without saying to whom: safe for an email subject. */
export const KIND_LABELS: Record<NotificationKind, string> = {
  timeline_update: 'New update for someone you support',
  action_assigned: 'An action has been assigned to you',
  action_due: 'An action you lead is due',
  action_overdue: 'An action you lead is overdue',
  review_due: 'A care plan review is due',
  meeting_invitation: 'Meeting invitation',
  meeting_changed: 'A meeting has changed',
  meeting_cancelled: 'A meeting has been cancelled',
  consent_review_due: 'A consent review is due',
  agreement_review_due: 'A sharing agreement review is due',
  dispute_stage_overdue: 'A disagreement stage is overdue',
};

export const EMAIL_MODES = ['immediate', 'digest'] as const satisfies readonly EmailMode[];

/** An app path: starts with one slash, so a link can never lead to another site. */
const link = z
  .string({ error: 'Give the link as a path in JoinedUp, like /people/<id>/timeline' })
  .max(500, 'The link must be 500 characters or fewer')
  .regex(/^\/(?!\/)[^\s\\]*$/, 'Give the link as a path in JoinedUp, like /people/<id>/timeline');

/** One line: a subject with a line break in it could add headers to the email. */
const subject = text('a subject', 200).regex(/^[^\r\n]*$/, 'The subject must be one line');

const ics = z.object({
  method: z.enum(['REQUEST', 'CANCEL'], { error: 'The calendar method must be REQUEST or CANCEL' }),
  content: z
    .string({ error: 'Give the calendar content' })
    .min(1, 'Give the calendar content')
    .refine((s) => s.startsWith('BEGIN:VCALENDAR'), 'The calendar content must be an iCalendar file'),
});

const dedupeKey = z
  .string({ error: 'The dedupe key must be text' })
  .min(1, 'The dedupe key must not be empty')
  .max(300, 'The dedupe key must be 300 characters or fewer');

const entry = z.object({
  holdingOrganisationId: z.string({ error: 'The entry needs the organisation that holds it' }),
  sharingLevel: z.enum(['care_team', 'own_organisation', 'restricted'], {
    error: 'The entry needs a sharing level',
  }),
  restrictedTo: z.array(z.string()).readonly(),
  authorId: z.string().nullable(),
  assignedTo: z.array(z.string()).readonly().optional(),
});

export const notifyInput = z.object({
  kind: z.enum(KINDS, { error: 'Choose a kind of notification' }),
  recipients: z.array(uuid('Each recipient must be a staff user id')).readonly(),
  about: z
    .object({
      personId: uuid('The person must be given by id'),
      category: z.enum(CATEGORIES, { error: 'Choose the category of the person’s data' }),
      entry: entry.optional(),
    })
    .optional(),
  title: text('a title', 300),
  link,
  dedupeKey: dedupeKey.optional(),
  email: z
    .object({
      subject,
      text: text('the email text', 20_000),
      ics: ics.optional(),
    })
    .optional(),
});

export const emailInput = z.object({
  to: emailAddress(),
  toName: text('a name', 200)
    .regex(/^[^\r\n<>"]*$/, 'The name must be one line without < > or "')
    .optional(),
  subject,
  text: text('the email text', 20_000),
  ics: ics.optional(),
  dedupeKey: dedupeKey.optional(),
});

export const preferenceInput = z.object({
  emailMode: z.enum(EMAIL_MODES, { error: 'Choose when to get emails: straight away or in a daily digest' }),
});

export const listQuery = z.object({
  page: z.coerce
    .number({ error: 'The page must be a whole number' })
    .int('The page must be a whole number')
    .min(1, 'The page must be 1 or more')
    .max(10_000, 'The page must be 10000 or less')
    .default(1),
  unread: z.enum(['true', 'false'], { error: 'unread must be true or false' }).optional(),
});
