// John's joint care plan: what he wants, in his words, and who does what (the guide's annual health
// check, daily living support and weekly social engagement, with his mental health check-ins). Version 1
// was agreed by John and every organisation; a later change made version 2, a draft awaiting agreement.
import type { Ctx } from '../context.ts';
import { addAction, addOutcome, recordReview, requestReview, signOff } from '../modules/careplans/index.ts';
import type { DemoStaffRef } from './people.ts';

export async function loadDemoPlan(
  ctx: Ctx,
  partnershipId: string,
  personId: string,
  staff: Record<string, DemoStaffRef>,
) {
  const as = (key: string): Ctx => {
    const s = staff[key]!;
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
  };
  const sarah = as('manager');
  const home = await addOutcome(sarah, personId, {
    words: 'I want to keep living in my own flat.',
    priority: 1,
  });
  const allotment = await addOutcome(sarah, personId, {
    words: 'I want to go to the allotment group every Wednesday with my friend Dave.',
    priority: 1,
  });
  const health = await addOutcome(sarah, personId, {
    words: 'I want to stay well and know what is happening with my health.',
    priority: 2,
  });
  const mood = await addOutcome(sarah, personId, {
    words: 'I want to feel less low on Sundays.',
    priority: 2,
  });

  const base = {
    category: null,
    supportingOrganisationIds: [],
    dueOn: null,
    startsOn: null,
    frequency: null,
  };
  await addAction(sarah, personId, {
    ...base,
    outcomeId: home.id,
    what: 'Daily living support: a morning visit to help with breakfast, medicines and planning the day',
    kind: 'daily_living',
    leadStaffId: staff.manager!.id,
    timing: 'repeats',
    frequency: 'daily',
    startsOn: '2026-09-01',
  });
  await addAction(sarah, personId, {
    ...base,
    outcomeId: allotment.id,
    what: 'Weekly social engagement: a volunteer goes with John to the allotment group',
    kind: 'social_engagement',
    leadStaffId: staff.volunteer!.id,
    timing: 'repeats',
    frequency: 'weekly',
    startsOn: '2026-09-02',
  });
  await addAction(sarah, personId, {
    ...base,
    outcomeId: health.id,
    what: 'Annual health check at Meadow Lane Surgery, with an easy-read letter beforehand',
    kind: 'health_check',
    leadStaffId: staff.gp!.id,
    timing: 'repeats',
    frequency: 'yearly',
    startsOn: '2026-12-09',
  });
  await addAction(sarah, personId, {
    ...base,
    outcomeId: mood.id,
    what: 'Mental health check-ins with Tom',
    kind: 'mental_health_support',
    leadStaffId: staff.mentalHealth!.id,
    timing: 'repeats',
    frequency: 'fortnightly',
    startsOn: '2026-11-08',
  });

  // Version 1: John (recorded by Sarah at the planning meeting) and each organisation agree.
  await signOff(sarah, personId, { party: 'person', planVersion: 1 });
  for (const key of ['manager', 'gp', 'nurse', 'mentalHealth', 'volunteer']) {
    await signOff(as(key), personId, { party: `organisation:${staff[key]!.organisationId}`, planVersion: 1 });
  }
  // After the review of the leg wound, the nurse's visits were added: version 2 awaits agreement.
  await addAction(sarah, personId, {
    ...base,
    outcomeId: health.id,
    what: 'Check and dress the wound on John’s left leg',
    kind: 'nursing',
    leadStaffId: staff.nurse!.id,
    timing: 'repeats',
    frequency: 'weekly',
    startsOn: '2026-11-04',
  });

  // The yearly review John held at his flat in September 2026 (Care Act 2014 s.27), and the next one.
  const held = await requestReview(sarah, personId, { reason: 'scheduled', dueOn: '2026-09-15', note: '' });
  const progress = (score: number, working: string, notWorking = '') => ({ score, working, notWorking });
  await recordReview(sarah, personId, held.id, {
    heldOn: '2026-09-15',
    summary:
      'John, Karen, Maya (advocate), Sarah, Dr Khan and Priya met at John’s flat. John is proud of his vegetables and wants to keep his morning visits. Agreed: Tom to start check-ins for low Sundays.',
    progress: {
      [home.id]: progress(4, 'Morning visits; John makes his own lunch now.', 'Evenings are lonely.'),
      [allotment.id]: progress(5, 'Every Wednesday with Dave and Priya.'),
      [health.id]: progress(3, 'Easy-read letters before appointments.', 'Health check not yet booked.'),
      [mood.id]: progress(1, '', 'Sundays after Karen’s call are hard.'),
    },
  });
  await requestReview(sarah, personId, {
    reason: 'scheduled',
    dueOn: '2027-09-15',
    note: 'Yearly review at John’s flat, in the morning.',
  });
}
