// The dispute procedure's stages and the input for each step. The stages are the guide's: the
// practitioners talk it through, then their managers, then mediation, then senior leaders decide.
import { z } from 'zod';

export interface Stage {
  stage: 1 | 2 | 3 | 4;
  key: 'practitioners' | 'managers' | 'mediation' | 'senior_leaders';
  name: string;
  what: string;
  /** Working days, until the partnership sets its own. */
  defaultTargetDays: number;
}

/**
 * Default targets: a working week for the practitioners to talk, two for their managers, three to arrange
 * and hold mediation, four for senior leaders to decide. Ten working weeks at most from start to finish,
 * so that nobody waits a season for an answer while the person's support is uncertain.
 */
export const STAGES: readonly Stage[] = [
  {
    stage: 1,
    key: 'practitioners',
    name: 'Practitioners talk it through',
    what: 'The people involved talk calmly, listen to each other and try to agree.',
    defaultTargetDays: 5,
  },
  {
    stage: 2,
    key: 'managers',
    name: 'Managers meet',
    what: 'Their managers meet, hear each view and try to agree a way forward.',
    defaultTargetDays: 10,
  },
  {
    stage: 3,
    key: 'mediation',
    name: 'Mediation',
    what: 'A named mediator, independent of the disagreement, helps the parties reach an agreement.',
    defaultTargetDays: 15,
  },
  {
    stage: 4,
    key: 'senior_leaders',
    name: 'Senior leaders decide',
    what: 'Senior leaders of the organisations involved decide, and record what was agreed.',
    defaultTargetDays: 20,
  },
];

export function stageOf(n: number): Stage {
  const s = STAGES.find((x) => x.stage === n);
  if (!s) throw new Error(`No dispute stage ${n}`);
  return s;
}

const words = (what: string, max = 4000) =>
  z
    .string({ error: `Enter ${what}` })
    .trim()
    .min(1, `Enter ${what}`)
    .max(max, `Keep ${what} to ${max} characters or fewer`);

function asList(value: unknown): unknown {
  if (value === undefined || value === null || value === '') return [];
  return Array.isArray(value) ? value : [value];
}

const optionalId = (message: string) =>
  z
    .string({ error: message })
    .trim()
    .nullish()
    .transform((v) => (v ? v.toLowerCase() : null))
    .refine((v) => v === null || z.uuid().safeParse(v).success, message);

export const raiseInput = z.object({
  title: z
    .string({ error: 'Enter what the disagreement is about, in a few words' })
    .trim()
    .min(1, 'Enter what the disagreement is about, in a few words')
    .max(200, 'Keep the summary to 200 characters or fewer'),
  details: words('what has happened'),
  personId: optionalId('Choose the person from the list'),
  actionId: optionalId('Select an action from the plan'),
  partyOrganisationIds: z.preprocess(
    asList,
    z
      .array(z.string(), { error: 'Select the other organisations in the disagreement' })
      .refine((l) => l.every((id) => z.uuid().safeParse(id).success), 'Select organisations from the list')
      .transform((l) => [...new Set(l.map((id) => id.toLowerCase()))]),
  ),
  view: words('your view, in your own words'),
});
export type RaiseInput = z.output<typeof raiseInput>;

export const viewInput = z.object({ words: words('your view, in your own words') });

export const personViewInput = z.object({
  personView: words('the person’s view, in their own words'),
  howAsked: words('how their view was asked for, and who helped', 1000),
});
export type PersonViewInput = z.output<typeof personViewInput>;

const fromStage = z.coerce
  .number({ error: 'Reload the page and try again' })
  .int('Reload the page and try again')
  .min(1, 'Reload the page and try again')
  .max(4, 'Reload the page and try again');

const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be ${max} characters or fewer`)
    .nullish()
    .transform((v) => (v ? v : null));

export const escalateInput = z.object({
  fromStage,
  reason: words('why it needs to go to the next stage', 2000),
  mediatorName: optionalText(200, 'The mediator’s name'),
  mediatorRole: optionalText(200, 'The mediator’s role'),
});
export type EscalateInput = z.output<typeof escalateInput>;

export const mediatorInput = z.object({
  mediatorName: z
    .string({ error: 'Enter the mediator’s name' })
    .trim()
    .min(1, 'Enter the mediator’s name')
    .max(200, 'The mediator’s name must be 200 characters or fewer'),
  mediatorRole: z
    .string({ error: 'Enter the mediator’s role and organisation' })
    .trim()
    .min(1, 'Enter the mediator’s role and organisation')
    .max(200, 'The mediator’s role must be 200 characters or fewer'),
});
export type MediatorInput = z.output<typeof mediatorInput>;

export const outcomeInput = z.object({ outcome: words('what was agreed') });

const days = (n: number) =>
  z.coerce
    .number({ error: `Enter the working days for stage ${n}, from 1 to 60` })
    .int(`Enter a whole number of working days for stage ${n}`)
    .min(1, `Stage ${n} needs at least 1 working day`)
    .max(60, `Stage ${n} can have at most 60 working days`);

export const procedureInput = z.object({
  stage1Days: days(1),
  stage2Days: days(2),
  stage3Days: days(3),
  stage4Days: days(4),
});
export type ProcedureInput = z.output<typeof procedureInput>;
