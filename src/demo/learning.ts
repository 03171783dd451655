// The demo's shared language and learning: the starting glossary, a page on what each organisation and
// role does, the case example's training session on each other's roles, the information sharing session
// led by the NHS information governance lead, shadowing, and a feed of successes and thanks. Some staff
// are overdue or due soon for information sharing training, so the list has something to show.
import type { Clock, Ctx } from '../context.ts';
import { createTerm, seedGlossary } from '../modules/glossary/index.ts';
import {
  createPlacement,
  createSession,
  recordTraining,
  roleKey,
  saveOrganisationGuide,
  saveRoleGuide,
} from '../modules/learning/index.ts';
import { giveThanks, postSuccess } from '../modules/successes/index.ts';
import type { OrganisationKind } from '../storage/tables.ts';
import type { DemoStaffRef } from './people.ts';

type Orgs = Record<
  'council' | 'gp' | 'nursing' | 'mentalHealth' | 'volunteers',
  { id: string; kind: OrganisationKind }
>;

const ORGANISATION_PAGES: Record<keyof Orgs, [author: string, what: string, when: string, together: string]> =
  {
    council: [
      'manager',
      'We assess what care and support adults need under the Care Act 2014, arrange it, and review it. A care coordinator, often a social worker or care manager, brings the other services together around the person.\nWe also lead on safeguarding adults: if you think someone is being abused or neglected, tell us the same day.',
      'When someone is struggling with everyday tasks at home, when a carer needs a break, when support is not working, or when you are worried about someone’s safety.',
      'Tell us what matters to the person, not only what is wrong. We work to the person’s outcomes in their own words, so please use the shared plan rather than separate lists.',
    ],
    gp: [
      'admin',
      'The surgery looks after people’s physical and mental health over the long term: appointments, prescriptions, referrals to specialists, and the annual health check for adults with a learning disability.',
      'For new or worsening health problems, medicines, and the annual health check. For anything urgent out of hours, call NHS 111.',
      'Appointments run in 10-minute slots. If the person needs longer or an easy read letter, ask reception to note a reasonable adjustment.',
    ],
    nursing: [
      'igLead',
      'Community nurses visit people at home: wound care, injections, managing long-term conditions like diabetes, and checking how someone is doing after a hospital stay.',
      'When someone needs nursing care at home, or their health is changing and they cannot easily get to the surgery.',
      'We plan visits a day ahead. Let us know about changes to someone’s routine (a new day centre, a holiday) so we do not miss them.',
    ],
    mentalHealth: [
      'admin',
      'The community mental health service supports adults with serious or long-lasting mental health problems: a named worker, talking therapies, medicine reviews and crisis plans.',
      'When someone’s mood, sleep or behaviour changes, or they talk about harming themselves. In a crisis, use the 24-hour crisis line on the person’s plan.',
      'Share what you notice, even small things. We see people every week or two; you may see them every day.',
    ],
    volunteers: [
      'admin',
      'Friends Together runs social groups and befriending: the allotment group, a Friday café and volunteers who visit or phone people who are lonely.',
      'When someone would like company, a regular activity or help to get out and about.',
      'Our volunteers are not care workers: they do not give personal care or medicines. Tell us what the person enjoys and what support they need to take part.',
    ],
  };

const ROLE_PAGES: Array<[role: string, what: string, when: string]> = [
  [
    'Community nurse',
    'A registered nurse who works in people’s homes rather than on a ward: dressings, injections, diabetes and heart conditions, catheter and continence care, and spotting when someone is getting unwell.',
    'When a person needs nursing care at home or has just come out of hospital.',
  ],
  [
    'GP',
    'A family doctor: the person’s first point of contact for health, who knows their history, prescribes medicines and refers to hospital and specialist services.',
    'For health problems and medicines, and the annual health check.',
  ],
  [
    'Mental health worker',
    'A nurse, social worker or occupational therapist in the community mental health team who is the person’s named contact for their mental health care.',
    'When someone’s mental health changes, or to agree how the team will respond if they become unwell.',
  ],
  [
    'Adult social care manager',
    'Manages the council’s adult social care team: agrees care and support, makes sure reviews happen, and often coordinates the partnership around a person.',
    'When support needs to change, or organisations disagree about who does what.',
  ],
  [
    'Volunteer coordinator',
    'Matches volunteers with people who would like company or help to take part in activities, and supports the volunteers.',
    'When someone would like a regular activity, company, or help getting to a group.',
  ],
];

export async function loadDemoLearning(
  ctx: Ctx,
  partnershipId: string,
  orgs: Orgs,
  staff: Record<string, DemoStaffRef>,
) {
  const as = (key: string, daysAgo = 0): Ctx => {
    const s = staff[key]!;
    const base = ctx.clock.now().getTime() - daysAgo * 86_400_000;
    const clock: Clock = daysAgo ? { now: () => new Date(base) } : ctx.clock;
    return {
      ...ctx,
      clock,
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
  const id = (key: string) => staff[key]!.id;
  const all = Object.values(orgs).map((o) => o.id);

  await seedGlossary(ctx, Object.values(orgs));
  await createTerm(as('manager'), {
    term: 'care coordinator',
    meaning:
      'The one person who makes sure everyone in the care team works together, and whom the person can always ask.',
    preferred: 'care coordinator',
    usedBy: [],
  });
  await createTerm(as('manager'), {
    term: 'reablement',
    meaning:
      'Short-term help at home, usually up to six weeks, to regain skills and confidence after illness or a hospital stay.',
    preferred: 'help to get back on your feet at home',
    usedBy: [orgs.council.id, orgs.nursing.id],
  });

  for (const [key, [author, whatTheyDo, whenToInvolve, workingTogether]] of Object.entries(
    ORGANISATION_PAGES,
  )) {
    await saveOrganisationGuide(as(author), orgs[key as keyof Orgs].id, {
      whatTheyDo,
      whenToInvolve,
      workingTogether,
    });
  }
  for (const [role, whatTheyDo, whenToInvolve] of ROLE_PAGES) {
    await saveRoleGuide(as('manager'), roleKey(role), { whatTheyDo, whenToInvolve, workingTogether: '' });
  }

  // The case example: Sarah's training for health and social care staff on each other's roles, and the
  // information sharing training led with the NHS information governance lead.
  await createSession(as('manager'), {
    topic: 'Health and social care: each other’s roles',
    kind: 'roles',
    description:
      'Each organisation explained what it does, what it cannot do, and what it needs from the others, using a real plan as the worked example, with the person’s agreement.',
    heldOn: '2026-09-22',
    location: 'Riverside Council offices, Room 2',
    ledBy: 'Sarah Mitchell, adult social care manager',
    organisationIds: all,
    attendeeIds: ['manager', 'gp', 'nurse', 'mentalHealth', 'volunteer', 'seniorLeader'].map(id),
  });
  await createSession(as('igLead'), {
    topic: 'Information sharing: consent and sharing safely',
    kind: 'information_sharing',
    description:
      'When and how to share under the partnership’s information sharing agreement, checking consent, what to do when someone lacks capacity for the decision, and recording every sharing decision.',
    heldOn: '2026-10-14',
    location: 'Meadow Lane Surgery meeting room',
    ledBy: 'Helen Brooks, NHS information governance lead',
    organisationIds: all,
    attendeeIds: ['manager', 'gp', 'nurse', 'mentalHealth', 'volunteer', 'igLead'].map(id),
  });
  await createSession(as('manager'), {
    topic: 'The Mental Capacity Act in everyday practice',
    kind: 'policies',
    description: 'Supporting people to make their own decisions, and what to do when they cannot.',
    heldOn: '2027-01-20',
    location: 'Video call',
    ledBy: '',
    organisationIds: all,
    attendeeIds: ['manager', 'nurse', 'volunteer'].map(id),
  });
  // Training elsewhere: one overdue (over a year ago), one due within the month.
  await recordTraining(as('igLead'), id('outOfHours'), {
    trainedOn: '2025-10-01',
    note: 'Data Security Awareness e-learning',
  });
  await recordTraining(as('igLead'), id('seniorLeader'), {
    trainedOn: '2025-12-10',
    note: 'Council data protection course',
  });

  await createPlacement(as('manager'), {
    shadowStaffId: id('manager'),
    hostStaffId: id('nurse'),
    place: 'Home visits with the community nursing team',
    startsOn: '2026-10-05',
    endsOn: '2026-10-05',
    purpose: 'To see what a nursing visit involves and how visits are planned.',
  });
  await createPlacement(as('manager'), {
    shadowStaffId: id('volunteer'),
    hostStaffId: id('mentalHealth'),
    place: 'The mental health service’s Tuesday drop-in',
    startsOn: '2027-01-12',
    endsOn: '2027-01-12',
    purpose: 'To understand how the team responds when someone’s mood drops.',
  });

  // The feed: partnership-level stories, with nobody named.
  const allotment = await postSuccess(as('manager', 6), {
    title: 'Back at the allotment group every week',
    story:
      'A man we support has been to his allotment group every Wednesday since the plan was agreed. The volunteer group found him a lift, and the mental health worker moved check-ins to Tuesdays so they no longer clash.',
    kind: 'outcome_achieved',
    organisationIds: [orgs.council.id, orgs.mentalHealth.id, orgs.volunteers.id],
  });
  await giveThanks(as('nurse', 5), {
    toStaffId: id('volunteer'),
    message: 'Thank you for sorting the lifts every week: it has made all the difference.',
    successId: allotment.id,
  });
  await postSuccess(as('nurse', 3), {
    title: 'One home visit instead of two trips',
    story:
      'The surgery and community nursing did an annual health check together in a single home visit, with an easy read letter beforehand.',
    kind: 'joint_work',
    organisationIds: [orgs.gp.id, orgs.nursing.id],
  });
  await giveThanks(as('manager', 2), {
    toStaffId: id('igLead'),
    message:
      'Thank you for leading the information sharing session: staff from every organisation now know what they can share, and when.',
    successId: null,
  });
  await giveThanks(as('mentalHealth', 1), {
    toStaffId: id('manager'),
    message: 'Thanks for moving the plan meeting so that I could be there.',
    successId: null,
  });
}
