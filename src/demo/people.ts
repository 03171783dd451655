// John's part of the demo: his record, "about me" written with him, his care team with Sarah as lead
// coordinator, his consent to share, the partnership's information sharing agreements, updates on his
// timeline from each agency, and one emergency (break-glass) access for the information governance lead
// to review.
import { randomUUID } from 'node:crypto';
import type { Ctx, StaffActor } from '../context.ts';
import {
  addMember,
  addRepresentative,
  createPerson,
  updateAboutMe,
  updateCommunication,
} from '../modules/people/index.ts';
import { addEntry } from '../modules/records/index.ts';
import type { DataCategory } from '../storage/tables.ts';
import { loadDemoPlan } from './careplan.ts';
import { loadDemoTimeline } from './records.ts';

export interface DemoStaffRef {
  key: string;
  id: string;
  organisationId: string;
  name: string;
  role: StaffActor['role'];
}

export const DEMO_NHS_NUMBER = '9434765919';

type Orgs = Record<'council' | 'gp' | 'nursing' | 'mentalHealth' | 'volunteers', { id: string }>;

function as(ctx: Ctx, s: DemoStaffRef, partnershipId: string): Ctx {
  return {
    ...ctx,
    actor: {
      kind: 'staff',
      userId: s.id,
      partnershipId,
      organisationId: s.organisationId,
      role: s.role,
      name: s.name,
    },
  };
}

export async function loadDemoPerson(
  ctx: Ctx,
  partnershipId: string,
  orgs: Orgs,
  staff: Record<string, DemoStaffRef>,
): Promise<string> {
  const sarah = as(ctx, staff.manager!, partnershipId);
  const { id: personId } = await createPerson(sarah, {
    givenName: 'John',
    familyName: 'Carter',
    preferredName: null,
    pronouns: 'he/him',
    dateOfBirth: '1986-04-12',
    nhsNumber: DEMO_NHS_NUMBER,
    address: 'Flat 3, 14 Willow Court, Riverside RV1 4QT',
    phone: '01632 960 123',
    email: null,
  });
  await updateAboutMe(sarah, personId, {
    whatMatters:
      'Going to the allotment group every Wednesday with my friend Dave. Keeping my flat tidy myself. Knowing what is going to happen before it happens.',
    wishes:
      'I want to keep living in my own flat. I would like to grow enough vegetables to give some to my sister.',
    preferences:
      'Talk to me, not to the person with me. Use short words and show me pictures. Mornings are best for me: I get tired after 3 o’clock.',
    lifeHistory:
      'I grew up in Riverside and worked at the garden centre for 12 years. My mum looked after me until she died in 2019. My sister Karen lives in Leeds and phones me on Sundays.',
    writtenWith: 'John, at his flat, with Sarah Mitchell',
    version: 1,
  });
  await updateCommunication(sarah, personId, {
    preferredFormat: 'easy_read',
    easyRead: true,
    largePrint: false,
    bsl: false,
    interpreterLanguage: null,
    otherNeeds:
      'Give John extra time. Check he has understood by asking him to say it back in his own words.',
  });
  await addRepresentative(sarah, personId, {
    name: 'Maya Patel',
    kind: 'care_act_advocate',
    relationship: 'Advocate, Riverside Advocacy',
    phone: '01632 960 555',
    email: 'maya.patel@riversideadvocacy.example',
  });
  await addRepresentative(sarah, personId, {
    name: 'Karen Carter',
    kind: 'family_carer',
    relationship: 'Sister',
    phone: '0113 496 0000',
    email: null,
  });

  const team: Array<[string, keyof Orgs, string]> = [
    ['gp', 'gp', 'Annual health check'],
    ['nurse', 'nursing', 'Community nursing'],
    ['mentalHealth', 'mentalHealth', 'Mental health check-ins'],
    ['volunteer', 'volunteers', 'Weekly social engagement'],
  ];
  for (const [key, org, role] of team) {
    await addMember(sarah, personId, {
      organisationId: orgs[org].id,
      staffUserId: staff[key]!.id,
      roleInTeam: role,
    });
  }

  await recordConsentsAndAgreements(sarah, partnershipId, personId, orgs, staff);

  const notes: Array<[string, DataCategory, string, string]> = [
    [
      'manager',
      'social_care',
      'Daily living support reviewed',
      'Met John at home. Morning support visits (8am, 45 minutes) are working well; he now makes his own lunch. He asked to keep the same support worker.',
    ],
    [
      'gp',
      'health',
      'Annual health check booked',
      'Annual learning disability health check booked for 9 December at 10am. Easy-read letter sent. Karen will come with him.',
    ],
    [
      'nurse',
      'health',
      'Leg dressing',
      'Dressing changed on the left leg. Healing well. Next visit in one week.',
    ],
    [
      'mentalHealth',
      'mental_health',
      'Mental health check-in',
      'John said he has been sleeping badly since the clocks changed and feels low on Sundays after Karen’s call. Agreed to meet every two weeks for now. No concerns about his safety.',
    ],
  ];
  for (const [key, category, title, body] of notes) {
    await addEntry(as(ctx, staff[key]!, partnershipId), personId, {
      title,
      body,
      category,
      sharingLevel: 'care_team',
      restrictedTo: [],
    });
  }

  // An out-of-hours GP, not on John's team, used emergency access one night; it awaits review.
  const outOfHours = staff.outOfHours!;
  const startedAt = new Date(ctx.clock.now().getTime() - 2 * 24 * 3600_000);
  await ctx.db
    .insertInto('break_glass')
    .values({
      partnership_id: partnershipId,
      id: randomUUID(),
      person_id: personId,
      staff_user_id: outOfHours.id,
      organisation_id: outOfHours.organisationId,
      reason:
        'Called out at night: John was found unwell at home and could not tell me his medicines. I needed his health record and how best to talk with him.',
      started_at: startedAt,
      expires_at: new Date(startedAt.getTime() + 4 * 3600_000),
      review_outcome: null,
      review_note: null,
      reviewed_by: null,
      reviewed_at: null,
    })
    .execute();
  await loadDemoPlan(ctx, partnershipId, personId, staff);
  await loadDemoTimeline(ctx, partnershipId, personId, staff);
  return personId;
}

async function recordConsentsAndAgreements(
  ctx: Ctx,
  partnershipId: string,
  personId: string,
  orgs: Orgs,
  staff: Record<string, DemoStaffRef>,
) {
  const now = ctx.clock.now();
  const consents: Array<[keyof Orgs, DataCategory[]]> = [
    // The council coordinates John's care: he agreed that his lead coordinator sees what the others record.
    ['council', ['health', 'social_care', 'mental_health', 'contact', 'communication']],
    ['gp', ['health', 'social_care', 'contact', 'communication']],
    ['nursing', ['health', 'social_care', 'contact', 'communication']],
    ['mentalHealth', ['mental_health', 'health', 'social_care', 'contact', 'communication']],
    ['volunteers', ['communication']],
  ];
  for (const [org, categories] of consents) {
    await ctx.db
      .insertInto('consent')
      .values({
        partnership_id: partnershipId,
        id: randomUUID(),
        person_id: personId,
        organisation_id: orgs[org].id,
        status: 'given',
        categories,
        purposes: ['direct_care', 'care_coordination'],
        obtained_how: 'easy_read_form',
        obtained_by_name: 'Sarah Mitchell',
        decided_on: '2026-09-15',
        review_on: '2027-09-15',
        note: 'Talked through with John using the easy-read consent form, with Maya Patel (advocate) present.',
        recorded_by: staff.manager!.id,
        recorded_at: now,
      })
      .execute();
  }
  const agreements: Array<{
    title: string;
    parties: Array<keyof Orgs>;
    categories: DataCategory[];
    signatories: Record<string, [string, string]>;
  }> = [
    {
      title: 'Riverside health and social care information sharing agreement',
      parties: ['council', 'gp', 'nursing', 'mentalHealth'],
      categories: ['health', 'social_care', 'mental_health', 'contact', 'communication', 'safeguarding'],
      signatories: {
        council: ['David Evans', 'Director of adult social services'],
        gp: ['Dr Amir Khan', 'GP partner'],
        nursing: ['Helen Brooks', 'Information governance lead'],
        mentalHealth: ['Dr Susan Hall', 'Caldicott guardian'],
      },
    },
    {
      title: 'Riverside voluntary sector information sharing agreement',
      parties: ['council', 'volunteers'],
      categories: ['communication'],
      signatories: {
        council: ['David Evans', 'Director of adult social services'],
        volunteers: ['Priya Shah', 'Volunteer coordinator'],
      },
    },
  ];
  for (const a of agreements) {
    const id = randomUUID();
    await ctx.db
      .insertInto('sharing_agreement')
      .values({
        partnership_id: partnershipId,
        id,
        title: a.title,
        purposes: ['direct_care', 'care_coordination'],
        categories: a.categories,
        lawful_basis:
          'UK GDPR Article 6(1)(e) public task and Article 9(2)(h) health or social care; Care Act 2014 s.6 duty to co-operate',
        status: 'active',
        starts_on: '2026-09-01',
        review_on: '2027-09-01',
        ends_on: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    for (const org of a.parties) {
      const [name, role] = a.signatories[org]!;
      await ctx.db
        .insertInto('sharing_agreement_party')
        .values({
          partnership_id: partnershipId,
          agreement_id: id,
          organisation_id: orgs[org].id,
          signatory_name: name,
          signatory_role: role,
          signed_on: '2026-08-28',
        })
        .execute();
    }
  }
}
