// The partnership-working part of the case example: the written agreement the members signed, their own
// priorities beside the shared aims, who to contact at each, what each puts in and a joint funding bid, and
// the disagreement over roles the guide describes: who helps John with his morning medicines, the support
// worker (daily living support) or the community nurse. It was settled at the managers' stage, with each
// side's view and John's own, and the agreement's responsibilities were made clearer afterwards.
import type { Ctx, StaffActor } from '../context.ts';
import { addContact } from '../modules/contacts/index.ts';
import { addView, escalate, raiseDispute, recordPersonView, resolve } from '../modules/disputes/index.ts';
import { addPriority, currentVersion, recordSignatory, saveAgreement } from '../modules/mou/index.ts';
import { addBid, addCommitment } from '../modules/resources/index.ts';
import { londonDate } from '../policy/index.ts';
import { DEMO_NHS_NUMBER, type DemoStaffRef } from './people.ts';

type OrgKey = 'council' | 'gp' | 'nursing' | 'mentalHealth' | 'volunteers';
type Orgs = Record<OrgKey, { id: string }>;

const DAY = 86_400_000;

export async function loadPartnershipWorking(
  ctx: Ctx,
  partnershipId: string,
  orgs: Orgs,
  staff: Record<string, DemoStaffRef>,
): Promise<void> {
  const now = ctx.clock.now().getTime();
  /** Acting as a member of staff, on a day this many days before the demo was loaded. */
  const as = (key: string, daysAgo = 0): Ctx => {
    const s = staff[key]!;
    const actor: StaffActor = {
      kind: 'staff',
      userId: s.id,
      partnershipId,
      organisationId: s.organisationId,
      role: s.role,
      name: s.name,
    };
    const at = new Date(now - daysAgo * DAY);
    return { ...ctx, actor, clock: { now: () => at } };
  };
  await loadAgreement(as, orgs);
  await loadContacts(as, orgs);
  await loadResources(as, orgs);
  await loadDisagreement(ctx, as, orgs, partnershipId);
}

type As = (key: string, daysAgo?: number) => Ctx;

const AIMS = [
  'Put the person at the centre: plans are made with them and reflect what matters to them',
  'One shared care plan for each person, naming who does each task',
  'Share information safely, with consent, under signed information sharing agreements',
  'Keep people well and living in their own homes for as long as they wish',
  'Learn each other’s roles through joint training and shadowing',
];

const RESPONSIBILITIES_V1: Record<OrgKey, string> = {
  council:
    'Coordinates each person’s care team and joint care plan.\nProvides daily living support where the person is eligible under the Care Act 2014.',
  gp: 'Provides primary care and the annual learning disability health check.\nShares health information the care team needs, with consent.',
  nursing: 'Provides community nursing care at home.',
  mentalHealth:
    'Provides mental health assessment and regular check-ins.\nAdvises the care team on mental health.',
  volunteers: 'Provides social activities and volunteer support, such as the allotment group.',
};

async function loadAgreement(as: As, orgs: Orgs) {
  const reviewOn = (daysAgo: number) =>
    londonDate(new Date(as('seniorLeader', daysAgo).clock.now().getTime() + 365 * DAY));
  const aimsV1 = AIMS.slice(0, 4).map((text) => ({ id: null, text }));
  await saveAgreement(as('seniorLeader', 120), {
    purpose:
      'The members of the Riverside Care Partnership work together so that adults with care and health needs get joined-up support that puts them at the centre.',
    aims: aimsV1,
    responsibilities: Object.fromEntries(
      Object.entries(RESPONSIBILITIES_V1).map(([k, v]) => [orgs[k as OrgKey].id, v]),
    ),
    reviewOn: reviewOn(120),
    revision: 0,
  });
  const signatories: Array<[OrgKey, string, string]> = [
    ['council', 'David Evans', 'Director of adult social services'],
    ['gp', 'Dr Amir Khan', 'GP partner, Meadow Lane Surgery'],
    ['nursing', 'Joanne Price', 'Head of community nursing'],
    ['mentalHealth', 'Dr Susan Hall', 'Clinical director'],
    ['volunteers', 'Priya Shah', 'Volunteer coordinator'],
  ];
  for (const [i, [org, name, role]] of signatories.entries()) {
    const day = as('seniorLeader', 115 - i);
    await recordSignatory(day, {
      organisationId: orgs[org].id,
      name,
      role,
      signedOn: londonDate(day.clock.now()),
      revision: 1,
    });
  }
  // After the disagreement over morning medicines, version 2 says plainly who does what.
  const v1 = (await currentVersion(as('seniorLeader', 6)))!;
  await saveAgreement(as('seniorLeader', 6), {
    purpose: v1.purpose,
    aims: [...v1.aims.map((a) => ({ id: a.id, text: a.text })), { id: null, text: AIMS[4]! }],
    responsibilities: {
      ...v1.responsibilities,
      [orgs.council.id]:
        'Coordinates each person’s care team and joint care plan.\nProvides daily living support where the person is eligible under the Care Act 2014, including prompting medicines from a blister pack.',
      [orgs.nursing.id]:
        'Provides community nursing care at home, such as wound care and health monitoring.\nTells the person’s support worker about any concern with their medicines.',
    },
    reviewOn: v1.reviewOn,
    revision: v1.revision,
  });
  for (const [org, name, role] of signatories.slice(0, 2)) {
    const day = as('seniorLeader', 5);
    await recordSignatory(day, {
      organisationId: orgs[org].id,
      name,
      role,
      signedOn: londonDate(day.clock.now()),
      revision: 2,
    });
  }

  const aims = (await currentVersion(as('seniorLeader')))!.aims;
  const aim = (i: number) => aims[i]!.id;
  const priorities: Array<[OrgKey, string, string, number[]]> = [
    [
      'council',
      'Support people to live independently at home',
      'Fewer than 5% of people supported move into residential care each year',
      [0, 3],
    ],
    [
      'council',
      'Review every care plan at least once a year',
      '100% of plans reviewed within 12 months',
      [1],
    ],
    [
      'gp',
      'Annual health checks for people with a learning disability',
      '75% of people on the register have a check each year',
      [3],
    ],
    ['gp', 'Fewer unplanned hospital admissions', 'Admissions for the practice’s over-65s down 10%', [3]],
    ['nursing', 'Heal wounds at home, without a hospital stay', 'Leg ulcers healed within 12 weeks', [3]],
    ['mentalHealth', 'See people within four weeks of referral', '95% seen within 28 days', []],
    [
      'mentalHealth',
      'Involve people in planning their own care',
      'Every care plan agreed with the person',
      [0, 1],
    ],
    [
      'volunteers',
      'Reduce loneliness through weekly groups',
      '40 regular members at the allotment group',
      [0],
    ],
  ];
  for (const [org, priority, target, supports] of priorities) {
    await addPriority(as('seniorLeader', 4), {
      organisationId: orgs[org].id,
      priority,
      target,
      supportsAims: supports.map(aim),
    });
  }
}

async function loadContacts(as: As, orgs: Orgs) {
  type Entry = [
    OrgKey,
    'safeguarding' | 'referrals' | 'care_plan' | 'information_sharing' | 'complaints' | 'out_of_hours',
    string,
    string | null,
    string | null,
    string,
    boolean,
  ];
  const entries: Entry[] = [
    [
      'council',
      'safeguarding',
      'Adult safeguarding team',
      '01632 960 200',
      'safeguarding@riverside.example',
      'Monday to Friday, 9am to 5pm',
      false,
    ],
    [
      'council',
      'referrals',
      'Adult social care front door',
      '01632 960 201',
      'adultcare@riverside.example',
      'Monday to Friday, 8.30am to 5pm',
      false,
    ],
    [
      'council',
      'care_plan',
      'Sarah Mitchell, adult social care manager',
      '01632 960 202',
      'sarah.mitchell@riverside.example',
      'Monday to Thursday, 9am to 5pm',
      false,
    ],
    [
      'council',
      'out_of_hours',
      'Emergency duty team',
      '01632 960 299',
      null,
      'Evenings from 5pm, weekends and bank holidays',
      true,
    ],
    [
      'council',
      'complaints',
      'Customer feedback team',
      null,
      'feedback@riverside.example',
      'Replies within 10 working days',
      false,
    ],
    [
      'gp',
      'referrals',
      'Practice reception (ask for the duty doctor)',
      '01632 960 300',
      null,
      'Monday to Friday, 8am to 6.30pm',
      false,
    ],
    [
      'gp',
      'care_plan',
      'Dr Amir Khan, GP',
      null,
      'amir.khan@meadowlane.example',
      'Replies within 2 working days',
      false,
    ],
    ['gp', 'out_of_hours', 'NHS 111', '111', null, '24 hours a day', true],
    [
      'nursing',
      'referrals',
      'Community nursing single point of access',
      '01632 960 400',
      'spa@riversidenursing.example',
      '8am to 8pm, every day',
      true,
    ],
    [
      'nursing',
      'information_sharing',
      'Helen Brooks, information governance lead',
      '01632 960 401',
      'helen.brooks@riversidenursing.example',
      'Monday to Friday, 9am to 5pm',
      false,
    ],
    [
      'mentalHealth',
      'referrals',
      'Mental health access team',
      '01632 960 500',
      null,
      'Monday to Friday, 9am to 5pm',
      false,
    ],
    [
      'mentalHealth',
      'out_of_hours',
      'Mental health crisis line',
      '0800 160 1632',
      null,
      '24 hours a day',
      true,
    ],
    [
      'mentalHealth',
      'safeguarding',
      'Safeguarding lead',
      '01632 960 501',
      'safeguarding@riversidemh.example',
      'Monday to Friday, 9am to 5pm',
      false,
    ],
    [
      'volunteers',
      'care_plan',
      'Priya Shah, volunteer coordinator',
      '01632 960 600',
      'priya.shah@friendstogether.example',
      'Tuesday to Friday, 10am to 4pm',
      false,
    ],
  ];
  for (const [org, issue, contactName, phone, email, hours, outOfHours] of entries) {
    await addContact(as('seniorLeader', 60), {
      organisationId: orgs[org].id,
      issue,
      contactName,
      phone,
      email,
      hours,
      outOfHours,
      notes: '',
    });
  }
}

async function loadResources(as: As, orgs: Orgs) {
  const base: {
    hoursPerWeek: number | null;
    amountPerYear: number | null;
    startsOn: string;
    endsOn: string | null;
  } = {
    hoursPerWeek: null,
    amountPerYear: null,
    startsOn: '2026-04-01',
    endsOn: null,
  };
  const commitments: Array<[OrgKey, 'staff_time' | 'funding' | 'other', string, Partial<typeof base>]> = [
    ['council', 'staff_time', 'Care coordinator time for joint care plans', { hoursPerWeek: 15 }],
    ['council', 'funding', 'Pooled budget for joint working', { amountPerYear: 20_000 }],
    ['gp', 'staff_time', 'GP time for care team meetings and health checks', { hoursPerWeek: 2 }],
    ['nursing', 'staff_time', 'Community nurse time for joint reviews', { hoursPerWeek: 4 }],
    ['mentalHealth', 'staff_time', 'Mental health worker time for check-ins and advice', { hoursPerWeek: 3 }],
    [
      'volunteers',
      'staff_time',
      'Volunteer hours for the allotment group and befriending',
      { hoursPerWeek: 10 },
    ],
    ['volunteers', 'other', 'Minibus on Wednesdays for the allotment group', {}],
  ];
  for (const [org, kind, description, figures] of commitments) {
    await addCommitment(as('seniorLeader', 90), {
      ...base,
      ...figures,
      organisationId: orgs[org].id,
      kind,
      description,
    });
  }
  await addBid(as('seniorLeader', 45), {
    title: 'Growing together: a year-round allotment and cooking club',
    funder: 'National Lottery Community Fund',
    amount: 48_000,
    leadOrganisationId: orgs.volunteers.id,
    partnerOrganisationIds: [orgs.council.id, orgs.mentalHealth.id],
    status: 'awarded',
    deadlineOn: null,
    submittedOn: londonDate(as('seniorLeader', 100).clock.now()),
    decisionOn: londonDate(as('seniorLeader', 45).clock.now()),
    notes: 'Pays for a sessional worker and a greenhouse.',
  });
  await addBid(as('seniorLeader', 10), {
    title: 'Joint training in each other’s roles for health and social care staff',
    funder: 'Riverside Integrated Care Board',
    amount: 12_500,
    leadOrganisationId: orgs.council.id,
    partnerOrganisationIds: [orgs.gp.id, orgs.nursing.id, orgs.mentalHealth.id],
    status: 'drafting',
    deadlineOn: londonDate(as('seniorLeader', -30).clock.now()),
    submittedOn: null,
    decisionOn: null,
    notes: '',
  });
}

async function loadDisagreement(ctx: Ctx, as: As, orgs: Orgs, partnershipId: string) {
  const person = await ctx.db
    .selectFrom('person')
    .select('id')
    .where('partnership_id', '=', partnershipId)
    .where('nhs_number', '=', DEMO_NHS_NUMBER)
    .executeTakeFirstOrThrow();
  const action = await ctx.db
    .selectFrom('care_plan_action')
    .select('id')
    .where('partnership_id', '=', partnershipId)
    .where('what', 'like', 'Daily living support%')
    .executeTakeFirstOrThrow();
  const { id } = await raiseDispute(as('nurse', 22), {
    title: 'Who helps John with his morning medicines',
    details:
      'John’s morning support worker has been asking me to prompt his tablets and to check his leg on the same visit. My visits are weekly, for the dressing. John has had two mornings this month when nobody was sure his tablets were taken.',
    personId: person.id,
    actionId: action.id,
    partyOrganisationIds: [orgs.council.id],
    view: 'Prompting tablets from a blister pack is part of daily living support, so it belongs with the support worker who visits every morning. I can advise on his medicines and I will always pass on a concern, but I cannot add a daily visit, and John should not wait for me to take them.',
  });
  await addView(
    as('manager', 20),
    id,
    'Our support workers prompt medicines for most people, but they were told the nurse was now checking John’s medicines because of his leg. We need one clear answer, written into John’s plan, so nobody assumes the other has done it.',
  );
  await escalate(as('manager', 14), id, {
    fromStage: 1,
    reason:
      'Grace and the support worker talked it through but neither team had a clear answer from its own service about who is responsible. Our managers need to decide.',
    mediatorName: null,
    mediatorRole: null,
  });
  await recordPersonView(as('manager', 12), id, {
    personView:
      'I want the same person in the morning. Grace does my leg. I don’t want two people coming at breakfast, and I want someone to check I took my tablets.',
    howAsked:
      'Sarah asked John at his flat, in the morning as he prefers, with Maya Patel (his advocate), using the easy-read picture cards.',
  });
  await addView(
    as('nurse', 9),
    id,
    'I spoke with my team leader, Joanne Price. Community nursing agrees the support worker prompts John’s tablets each morning; we will phone the support worker about anything we notice about his medicines.',
  );
  await resolve(
    as('manager', 8),
    id,
    'Agreed at the managers’ meeting: the council’s morning support worker prompts John’s tablets from his blister pack every day, as part of his daily living support (led by Sarah Mitchell). Grace Lee’s weekly nursing visit is for the dressing on his leg, and she phones the support worker about any concern with his medicines. John keeps the same support worker each morning, as he asked. The written agreement’s responsibilities for adult social care and community nursing are to be made clearer at its next version.',
  );
}
