// Input for joint training, shadowing, the pages on what each organisation and role does, and information
// sharing training dates. Forms send dates as three boxes and lists as checkboxes; the API sends ISO dates
// and arrays. The same schemas serve both.
import { z } from 'zod';
import type { TrainingKind } from '../../storage/tables.ts';
import { choice, text } from '../../validation.ts';
import { isoDate, joinDateParts, optionalIsoDate } from '../../web/date-input.ts';

export const TRAINING_KINDS = [
  'information_sharing',
  'roles',
  'policies',
  'other',
] as const satisfies readonly TrainingKind[];

export const TRAINING_KIND_LABELS: Record<TrainingKind, string> = {
  information_sharing: 'Information sharing: consent and sharing safely',
  roles: 'Each other’s roles',
  policies: 'New policies, systems or procedures',
  other: 'Something else',
};

function asList(value: unknown): unknown {
  if (value === undefined || value === null || value === '') return [];
  return Array.isArray(value) ? value : [value];
}

const ids = (message: string) =>
  z.preprocess(
    asList,
    z
      .array(z.string(), { error: message })
      .refine((list) => list.every((id) => z.uuid().safeParse(id).success), { message })
      .transform((list) => [...new Set(list.map((id) => id.toLowerCase()))]),
  );

const optionalText = (label: string, max: number) =>
  z
    .string({ error: `${label} must be text` })
    .trim()
    .max(max, `${label} must be ${max} characters or fewer`)
    .default('');

const staffId = (message: string) =>
  z
    .string({ error: message })
    .trim()
    .min(1, message)
    .pipe(z.uuid(message))
    .transform((id) => id.toLowerCase());

export const sessionInput = z.preprocess(
  joinDateParts(['heldOn']),
  z.object({
    topic: text('the topic', 200),
    kind: choice(TRAINING_KINDS, 'Select what the session is about'),
    description: optionalText('What it covers', 2000),
    heldOn: isoDate('the date of the session', '22 9 2026'),
    location: text('where it is held, or “Video call”', 200),
    ledBy: optionalText('Who leads it', 200),
    organisationIds: ids('Select organisations from the list').refine((list) => list.length > 0, {
      message: 'Select the organisations taking part',
    }),
    attendeeIds: ids('Select attendees from the list of staff'),
  }),
);
export type SessionInput = z.output<typeof sessionInput>;

export const placementInput = z.preprocess(
  joinDateParts(['startsOn', 'endsOn']),
  z
    .object({
      shadowStaffId: staffId('Select who is shadowing'),
      hostStaffId: staffId('Select whom they shadow'),
      place: text('where it happens', 200),
      startsOn: isoDate('the first day', '6 1 2027'),
      endsOn: optionalIsoDate('the last day', '7 1 2027'),
      purpose: optionalText('What they want to learn', 1000),
    })
    .superRefine((v, ctx) => {
      if (v.endsOn !== null && v.endsOn < v.startsOn) {
        ctx.addIssue({
          code: 'custom',
          path: ['endsOn'],
          message: 'The last day must be on or after the first day',
        });
      }
    })
    .transform((v) => ({ ...v, endsOn: v.endsOn ?? v.startsOn })),
);
export type PlacementInput = z.output<typeof placementInput>;

export const guideInput = z.object({
  whatTheyDo: text('what they do', 4000),
  whenToInvolve: optionalText('When to involve them', 2000),
  workingTogether: optionalText('How to work well with them', 2000),
});
export type GuideInput = z.output<typeof guideInput>;

export const newRoleGuideInput = guideInput.extend({ roleName: text('the name of the role', 100) });
export type NewRoleGuideInput = z.output<typeof newRoleGuideInput>;

export const trainingRecordInput = z.preprocess(
  joinDateParts(['trainedOn']),
  z.object({
    trainedOn: isoDate('the date of the training', '14 10 2026'),
    note: optionalText('Where or how', 500),
  }),
);
export type TrainingRecordInput = z.output<typeof trainingRecordInput>;
