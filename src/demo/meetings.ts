// The case example's meetings for John. Six days before the demo loads, John held a planning meeting near
// his flat with Maya, his advocate, and everyone on his care team: each agency reported, three decisions were
// made (the nurse disagreed with one and said why), action points became actions in his plan (one is left
// for the lead coordinator to add), and Sarah published a summary for John in plain words. His next review
// is eight weeks after the demo loads, with its agenda set. Everything goes through the meetings services,
// each step on the day it happened, so the audit trail and the invitations read as they would have.
import type { Ctx } from '../context.ts';
import {
  addActionPoint,
  addAgendaItem,
  addContribution,
  addToPlan,
  publishSummary,
  recordAttendance,
  recordDecision,
  saveMinutes,
  saveSummary,
  scheduleMeeting,
} from '../modules/meetings/index.ts';
import { londonDate } from '../policy/index.ts';
import type { DataCategory } from '../storage/tables.ts';
import type { DemoStaffRef } from './people.ts';

type Orgs = Record<'council' | 'gp' | 'nursing' | 'mentalHealth' | 'volunteers', { id: string }>;

const DAY = 86_400_000;
/** Invitations queued while the demo loads link to JoinedUp at its default local address. */
const DEMO_APP_URL = 'http://localhost:3000';
/** The letter after John's annual health check on 9 December (src/demo/careplan.ts), by the Friday. */
const LETTER_BY = '2026-12-11';

function dayOffset(from: Date, days: number): string {
  return londonDate(new Date(from.getTime() + days * DAY));
}

export async function loadDemoMeetings(
  ctx: Ctx,
  partnershipId: string,
  personId: string,
  orgs: Orgs,
  staff: Record<string, DemoStaffRef>,
): Promise<void> {
  const now = ctx.clock.now();
  /** Acting as a member of staff at an instant. */
  const as = (key: string, at: Date): Ctx => {
    const s = staff[key]!;
    return {
      ...ctx,
      clock: { now: () => at },
      actor: {
        kind: 'staff',
        userId: s.id,
        partnershipId,
        organisationId: s.organisationId,
        role: s.role,
        name: s.name,
      },
    };
  };
  const maya = await ctx.db
    .selectFrom('representative')
    .select('id')
    .where('partnership_id', '=', partnershipId)
    .where('person_id', '=', personId)
    .where('name', '=', 'Maya Patel')
    .executeTakeFirstOrThrow();
  const team = ['gp', 'nurse', 'mentalHealth', 'volunteer'].map((k) => staff[k]!.id);
  const planningDay = dayOffset(now, -6);
  const planned = await scheduleMeeting(
    as('manager', new Date(now.getTime() - 20 * DAY)),
    {
      kind: 'planning',
      title: 'Planning meeting',
      date: planningDay,
      startTime: { hour: 10, minute: 0 },
      endTime: { hour: 11, minute: 30 },
      mode: 'face_to_face',
      venueOrganisationId: null,
      location: 'Community room, Willow Court, Riverside RV1 4QT',
      videoLink: null,
      agenda: '',
      staffIds: team,
      invitePerson: true,
      representativeIds: [maya.id],
      personId,
      repeat: 'none',
      repeatEnd: null,
      count: null,
      until: null,
      rotationOrganisationIds: [],
    },
    { appUrl: DEMO_APP_URL },
  );
  const meetingId = planned.id;
  const start = await ctx.db
    .selectFrom('meeting')
    .select(['starts_at', 'ends_at'])
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', meetingId)
    .executeTakeFirstOrThrow();
  const before = new Date(new Date(start.starts_at).getTime() - 2 * DAY);
  const after = new Date(new Date(start.ends_at).getTime() + 2 * 3600_000);
  // Sarah writes up the meeting that afternoon, a minute a step, so the record keeps the order she wrote it in.
  let minute = 0;
  const sarahNext = () => as('manager', new Date(after.getTime() + minute++ * 60_000));
  const sarah = as('manager', after);

  const items: Record<string, string> = {};
  const agenda: Array<[string, string, DataCategory]> = [
    ['wants', 'What John wants to talk about', 'social_care'],
    ['health', 'Health: the annual health check and John’s leg', 'health'],
    ['mood', 'Sleep and low Sundays', 'mental_health'],
    ['evenings', 'Evenings and the allotment group', 'social_care'],
  ];
  for (const [key, title, category] of agenda) {
    items[key] = (await addAgendaItem(as('manager', before), meetingId, { title, category })).id;
  }

  const invitees = await ctx.db
    .selectFrom('meeting_invitee')
    .select(['id', 'kind', 'staff_user_id'])
    .where('partnership_id', '=', partnershipId)
    .where('meeting_id', '=', meetingId)
    .execute();
  await recordAttendance(sarah, meetingId, {
    attendance: invitees.map((i) => ({ inviteeId: i.id, attendance: 'present' as const })),
  });
  const invitee = (key: 'person' | 'maya' | string) =>
    invitees.find((i) =>
      key === 'person'
        ? i.kind === 'person'
        : key === 'maya'
          ? i.kind === 'representative'
          : i.staff_user_id === staff[key]!.id,
    )!.id;

  const minutes: Record<string, string> = {
    wants:
      'John opened the meeting. He wanted to talk about sleeping badly, Sundays, and having more to do in the evenings. He asked everyone to use short words and to talk to him, not to Maya.',
    health:
      'Dr Khan confirmed the annual health check on 9 December at 10am. Grace reported that the leg wound is healing. The meeting discussed whether John’s medicines should be reviewed before the health check or at it.',
    mood: 'Tom reported on the check-ins since early November. John said Sundays are the hardest day, after Karen’s call. John asked to see Tom more often over the winter.',
    evenings:
      'Priya said John has been to the allotment group every Wednesday this autumn. John said evenings are lonely. Sarah will look for an evening group near his flat.',
  };
  for (const [key, text] of Object.entries(minutes)) {
    await saveMinutes(sarahNext(), meetingId, items[key]!, { minutes: text, revision: 1 });
  }

  const contributions: Array<[string, keyof Orgs, string, DataCategory, string]> = [
    [
      'health',
      'gp',
      'gp',
      'health',
      'The annual health check is booked for 9 December at 10am, with an easy-read letter sent beforehand. I can review all of John’s medicines at the same appointment.',
    ],
    [
      'health',
      'nursing',
      'nurse',
      'health',
      'The wound on John’s left leg is healing well with weekly dressings. He has taken painkillers for it since October; some can upset sleep.',
    ],
    [
      'mood',
      'mentalHealth',
      'mentalHealth',
      'mental_health',
      'John has slept badly since the clocks changed and feels low on Sundays after Karen’s call. No concerns for his safety. The fortnightly check-ins help, and he would like them more often over the winter.',
    ],
    [
      'evenings',
      'volunteers',
      'volunteer',
      'social_care',
      'John has come to the allotment group every Wednesday this autumn and is proud of his leeks. Two members, including Dave, would be glad to phone him on Sunday evenings.',
    ],
    [
      'wants',
      'council',
      'manager',
      'social_care',
      'The morning visits are working: John now makes his own lunch. He says evenings are the loneliest time.',
    ],
  ];
  for (const [item, org, speaker, category, words] of contributions) {
    // Sarah takes the minutes: she writes each agency's report as its speaker gave it.
    await addContribution(sarahNext(), meetingId, {
      agendaItemId: items[item]!,
      organisationId: orgs[org].id,
      speakerInviteeId: invitee(speaker),
      speakerName: null,
      category,
      words,
    });
  }

  const everyone = ['person', 'maya', 'manager', 'gp', 'nurse', 'mentalHealth', 'volunteer'].map(invitee);
  const weekly = await recordDecision(sarahNext(), meetingId, {
    agendaItemId: items.mood!,
    what: 'Tom will see John every week instead of every two weeks until the end of March.',
    why: 'John is sleeping badly and feels low on Sundays, and he asked to see Tom more often over the winter.',
    category: 'mental_health',
    agreed: everyone,
    disagreed: [],
  });
  const medicines = await recordDecision(sarahNext(), meetingId, {
    agendaItemId: items.health!,
    what: 'John’s medicines, including the painkillers for his leg, will be reviewed at his annual health check on 9 December, not at a separate appointment before then.',
    why: 'John wants fewer appointments, the health check is long enough to cover his medicines, and Karen will be with him.',
    category: 'health',
    agreed: ['person', 'maya', 'manager', 'gp'].map(invitee),
    disagreed: [
      {
        inviteeId: invitee('nurse'),
        reason:
          'The painkillers may be why John is sleeping badly. I would rather a pharmacist looked at them this week than wait until December.',
      },
    ],
  });
  const calls = await recordDecision(sarahNext(), meetingId, {
    agendaItemId: items.evenings!,
    what: 'A volunteer from the allotment group will phone John on Sunday evenings, after Karen’s call.',
    why: 'Sundays are John’s hardest day, and he likes talking to people from the allotment group.',
    category: 'social_care',
    agreed: ['person', 'maya', 'manager', 'mentalHealth', 'volunteer'].map(invitee),
    disagreed: [],
  });

  const outcomes = await ctx.db
    .selectFrom('care_plan_outcome as o')
    .innerJoin('care_plan as p', (j) =>
      j.onRef('p.partnership_id', '=', 'o.partnership_id').onRef('p.id', '=', 'o.plan_id'),
    )
    .select(['o.id', 'o.words'])
    .where('o.partnership_id', '=', partnershipId)
    .where('p.person_id', '=', personId)
    .execute();
  const outcome = (start: string) => outcomes.find((o) => o.words.startsWith(start))!.id;
  const meetingDay = londonDate(new Date(start.starts_at));
  const points = [
    {
      decisionId: weekly.id,
      agendaItemId: items.mood!,
      what: 'Arrange weekly check-ins with John. Agree the day and time with him.',
      ownerStaffId: staff.mentalHealth!.id,
      dueOn: dayOffset(new Date(start.starts_at), 7),
      outcomeId: outcome('I want to feel less low'),
      kind: 'mental_health_support' as const,
      toPlan: true,
    },
    {
      decisionId: medicines.id,
      agendaItemId: items.health!,
      what: 'Check John’s medicines, and his painkillers, at his health check. Send him an easy-read letter about any change.',
      ownerStaffId: staff.gp!.id,
      dueOn: LETTER_BY > meetingDay ? LETTER_BY : dayOffset(new Date(start.starts_at), 22),
      outcomeId: outcome('I want to stay well'),
      kind: 'health_check' as const,
      toPlan: true,
    },
    {
      decisionId: calls.id,
      agendaItemId: items.evenings!,
      // Sarah arranges it with the group: the volunteer's own plan stays her weekly visit, which is what a
      // volunteer is meant to see of John's plan (issue 4's walk-through checks it).
      what: 'Ask the allotment group for a volunteer to phone John on Sunday evenings.',
      ownerStaffId: staff.manager!.id,
      dueOn: dayOffset(new Date(start.starts_at), 14),
      outcomeId: outcome('I want to feel less low'),
      kind: 'social_engagement' as const,
      toPlan: true,
    },
    {
      decisionId: null,
      agendaItemId: items.evenings!,
      what: 'Find an evening group near John’s flat. Bring two ideas to his review.',
      ownerStaffId: staff.manager!.id,
      dueOn: dayOffset(new Date(start.starts_at), 42),
      outcomeId: outcome('I want to keep living in my own flat'),
      kind: 'social_engagement' as const,
      // Left for Sarah to add to the plan: the demo shows the step as well as its result.
      toPlan: false,
    },
  ];
  for (const { toPlan, ...input } of points) {
    const { id } = await addActionPoint(sarahNext(), meetingId, input);
    if (toPlan) await addToPlan(sarahNext(), meetingId, id);
  }

  const draft = await saveSummary(sarahNext(), meetingId, {
    words: [
      'Thank you for coming to your meeting, John. Maya came with you.',
      'You told us you sleep badly and Sundays are hard. Tom will see you every week until the end of March.',
      'Someone from the allotment group will phone you on Sunday evenings, after Karen calls.',
      'Dr Khan will look at your medicines at your health check on 9 December. Grace would like this to happen sooner. We wrote down what she said.',
      'Sarah will look for an evening group near your flat. She will bring two ideas to your next meeting.',
    ].join('\n'),
    version: 0,
    revision: 0,
  });
  await publishSummary(sarahNext(), meetingId, draft);

  // The review, eight weeks on, with its agenda set: minutes and decisions come once it has been held.
  const reviewed = await scheduleMeeting(
    as('manager', new Date(now.getTime() - DAY)),
    {
      kind: 'review',
      title: 'Review of the winter changes',
      date: dayOffset(now, 57),
      startTime: { hour: 10, minute: 0 },
      endTime: { hour: 11, minute: 0 },
      mode: 'face_to_face',
      venueOrganisationId: null,
      location: 'Community room, Willow Court, Riverside RV1 4QT',
      videoLink: null,
      agenda: '',
      staffIds: team,
      invitePerson: true,
      representativeIds: [maya.id],
      personId,
      repeat: 'none',
      repeatEnd: null,
      count: null,
      until: null,
      rotationOrganisationIds: [],
    },
    { appUrl: DEMO_APP_URL },
  );
  const reviewAgenda: Array<[string, DataCategory]> = [
    ['How the weekly check-ins with Tom are going', 'mental_health'],
    ['The Sunday evening phone calls', 'social_care'],
    ['Evening groups: the two ideas Sarah found', 'social_care'],
    ['John’s medicines after the health check', 'health'],
  ];
  for (const [title, category] of reviewAgenda) {
    await addAgendaItem(as('manager', new Date(now.getTime() - DAY)), reviewed.id, { title, category });
  }
}
