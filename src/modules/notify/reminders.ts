// The daily reminders for one partnership, each sent once (its dedupe key names the thing and the date):
// actions due today or tomorrow, and overdue (again each week they stay overdue), to their lead; care plan
// reviews due within a fortnight or overdue, to the lead coordinator and the plan's contacts; consent
// decisions and sharing agreements coming up for review; and dispute stages past their target, to the
// people in the disagreement. Each reminder about a person reaches only those the sharing rules allow.
import type { Ctx } from '../../context.ts';
import { loadPersonFacts } from '../../policy/facts.ts';
import { londonDate, relationshipOf } from '../../policy/person.ts';
import { formatLondon } from '../../web/views.ts';
import { actionsDueBy, reviewsDueBy } from '../careplans/index.ts';
import { overdueDisputeStages } from '../disputes/index.ts';
import { agreementReviewsDue, consentReviewsDue } from '../sharing/index.ts';
import { notify } from './service.ts';
import * as store from './store.ts';

/** Notice given before a plan review or a consent review falls due. */
export const REVIEW_REMINDER_DAYS = 14;
/** Sharing agreements need longer: every party has to sign the renewed one. */
export const AGREEMENT_REMINDER_DAYS = 30;

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T12:00:00Z`) - Date.parse(`${from}T12:00:00Z`)) / 86_400_000);
}

const short = (s: string, max = 120) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);
const day = (iso: string) => formatLondon(iso, false);

export interface ReminderCounts {
  actions: number;
  reviews: number;
  consents: number;
  agreements: number;
  disputes: number;
}

/** Runs as the system for one partnership (ctx.actor.partnershipId). Returns how many were notified. */
export async function sendReminders(ctx: Ctx, partnershipId: string): Promise<ReminderCounts> {
  const today = londonDate(ctx.clock.now());
  return {
    actions: await actionReminders(ctx, partnershipId, today),
    reviews: await reviewReminders(ctx, partnershipId, today),
    consents: await consentReminders(ctx, partnershipId, today),
    agreements: await agreementReminders(ctx, partnershipId, today),
    disputes: await disputeReminders(ctx, partnershipId),
  };
}

async function actionReminders(ctx: Ctx, partnershipId: string, today: string): Promise<number> {
  let n = 0;
  for (const a of await actionsDueBy(ctx.db, partnershipId, today, addDays(today, 1))) {
    const overdue = a.dueOn < today;
    if (!overdue && a.daily) continue;
    const weeksLate = overdue ? Math.floor((daysBetween(a.dueOn, today) - 1) / 7) : 0;
    const when = overdue ? `was due ${day(a.dueOn)}` : a.dueOn === today ? 'is due today' : 'is due tomorrow';
    const { notified } = await notify(ctx, {
      kind: overdue ? 'action_overdue' : 'action_due',
      recipients: [a.leadStaffId],
      about: {
        personId: a.personId,
        category: a.category,
        // As the plan holds it: the lead may always read an action they lead.
        entry: {
          holdingOrganisationId: a.holdingOrganisationId ?? '',
          sharingLevel: 'care_team',
          restrictedTo: [],
          authorId: null,
          assignedTo: [a.leadStaffId],
        },
      },
      title: `${short(a.what)} for ${a.personName} ${when}`,
      link: `/people/${a.personId}/plan`,
      dedupeKey: overdue
        ? `action_overdue:${a.actionId}:${a.dueOn}:${weeksLate}`
        : `action_due:${a.actionId}:${a.dueOn}`,
    });
    n += notified.length;
  }
  return n;
}

async function reviewReminders(ctx: Ctx, partnershipId: string, today: string): Promise<number> {
  let n = 0;
  for (const r of await reviewsDueBy(ctx.db, partnershipId, addDays(today, REVIEW_REMINDER_DAYS))) {
    const overdue = r.dueOn < today;
    const weeksLate = overdue ? Math.floor((daysBetween(r.dueOn, today) - 1) / 7) : 0;
    const { notified } = await notify(ctx, {
      kind: 'review_due',
      recipients: r.recipients,
      // The plan's outcomes and reviews are social care information (careplans' OUTCOME_CATEGORY).
      about: { personId: r.personId, category: 'social_care' },
      title: overdue
        ? `The care plan review for ${r.personName} was due ${day(r.dueOn)}`
        : `The care plan review for ${r.personName} is due ${day(r.dueOn)}`,
      link: `/people/${r.personId}/plan/reviews`,
      dedupeKey: overdue
        ? `review_overdue:${r.planId}:${r.dueOn}:${weeksLate}`
        : `review_due:${r.planId}:${r.dueOn}`,
    });
    n += notified.length;
  }
  return n;
}

async function consentReminders(ctx: Ctx, partnershipId: string, today: string): Promise<number> {
  let n = 0;
  for (const c of await consentReviewsDue(ctx.db, partnershipId, addDays(today, REVIEW_REMINDER_DAYS))) {
    const { notified } = await notify(ctx, {
      kind: 'consent_review_due',
      recipients: c.recipients,
      // The title says who the person is and that a consent decision about them exists: their identity,
      // which those who may read their contact details may know.
      about: { personId: c.personId, category: 'contact' },
      title: `${c.personName}’s consent decision is due for review ${c.reviewOn < today ? 'since' : 'on'} ${day(c.reviewOn)}`,
      link: `/people/${c.personId}/sharing`,
      dedupeKey: `consent_review_due:${c.consentId}:${c.reviewOn}`,
    });
    n += notified.length;
  }
  return n;
}

async function agreementReminders(ctx: Ctx, partnershipId: string, today: string): Promise<number> {
  let n = 0;
  for (const a of await agreementReviewsDue(ctx.db, partnershipId, addDays(today, AGREEMENT_REMINDER_DAYS))) {
    const { notified } = await notify(ctx, {
      kind: 'agreement_review_due',
      recipients: a.recipients,
      title: `The sharing agreement “${short(a.title)}” is due for review ${a.reviewOn < today ? 'since' : 'on'} ${day(a.reviewOn)}`,
      link: `/agreements/${a.agreementId}`,
      dedupeKey: `agreement_review_due:${a.agreementId}:${a.reviewOn}`,
    });
    n += notified.length;
  }
  return n;
}

/**
 * The people in a late disagreement: whoever raised it, the care team members of each party organisation
 * (for one about a person), the parties' managers, and their senior leaders once it reaches them. About a
 * person, only those who may open the person's record are told, as only they can open the dispute; the
 * title names no one, and reminds again each five working days it stays late.
 */
async function disputeReminders(ctx: Ctx, partnershipId: string): Promise<number> {
  let n = 0;
  const now = ctx.clock.now();
  for (const d of await overdueDisputeStages(ctx.db, now)) {
    if (d.partnershipId !== partnershipId) continue;
    const roles = d.stage >= 4 ? ['manager', 'senior_leader'] : ['manager'];
    const staff = await store.staffOf(ctx.db, partnershipId, d.partyOrganisationIds, roles);
    let recipients = [d.raisedBy, ...staff.map((s) => s.id)];
    if (d.personId) {
      const facts = await loadPersonFacts(ctx.db, partnershipId, d.personId);
      if (!facts) continue;
      const team = facts.careTeam
        .filter((m) => m.staffUserId && d.partyOrganisationIds.includes(m.organisationId))
        .map((m) => m.staffUserId as string);
      const everyone = await store.recipients(ctx.db, partnershipId, [...new Set([...recipients, ...team])]);
      recipients = everyone
        .filter(
          (u) =>
            relationshipOf(
              { userId: u.id, organisationId: u.organisation_id, role: u.partnership_role },
              { ...facts, breakGlass: [] },
              now,
            ) !== null,
        )
        .map((u) => u.id);
    }
    const { notified } = await notify(ctx, {
      kind: 'dispute_stage_overdue',
      recipients: [...new Set(recipients)],
      title: `A disagreement you are part of is ${d.workingDaysLate} working ${d.workingDaysLate === 1 ? 'day' : 'days'} past the target for stage ${d.stage} (${d.stageName})`,
      link: `/disputes/${d.disputeId}`,
      dedupeKey: `dispute_stage_overdue:${d.disputeId}:${d.stage}:${Math.floor((d.workingDaysLate - 1) / 5)}`,
    });
    n += notified.length;
  }
  return n;
}
