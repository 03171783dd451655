// Who may see or change which part of a person's record. A member of staff may read a category of a
// person's data only when all four hold:
//   1. a relationship: they are named on the person's care team, their organisation is on it and their
//      role is manager, or break-glass access is in force for them;
//   2. a lawful basis for their organisation: the newest consent record covering their organisation and the
//      category says "given", or a best-interests decision, safeguarding or vital-interests basis covers it
//      (UK GDPR Art. 6 and 9; Mental Capacity Act 2005 s.4);
//   3. an active information sharing agreement between the organisation holding the data and theirs that
//      covers the category;
//   4. the entry's sharing level lets them see it.
// Conditions 2 and 3 are met by themselves when their own organisation holds the data. Volunteers see only
// communication needs and "about me". Anyone with a relationship sees the tasks assigned to them.
// This file is pure: facts in, a decision out.
import type { Actor } from '../context.ts';
import type { ConsentStatus, DataCategory, LawfulBasisKind, SharingLevel } from '../storage/tables.ts';
import type { Decision } from './index.ts';

export const CATEGORIES = [
  'health',
  'social_care',
  'mental_health',
  'contact',
  'communication',
  'safeguarding',
] as const satisfies readonly DataCategory[];

export const CATEGORY_LABELS: Record<DataCategory, string> = {
  health: 'health',
  social_care: 'social care',
  mental_health: 'mental health',
  contact: 'contact details',
  communication: 'communication needs and “about me”',
  safeguarding: 'safeguarding',
};

/**
 * 'write' changes the person's record; 'add_update' adds an entry of one's own to their shared timeline.
 * A volunteer sees the person at the group or at home, and what they notice should reach the care team: they
 * may add an update in the categories they may read, though they change nothing else.
 */
export type PersonAction = 'read' | 'write' | 'add_update';

export interface PersonFacts {
  personId: string;
  /** The organisation that holds the person's core record (details, about me, communication needs). */
  holdingOrganisationId: string;
  careTeam: ReadonlyArray<{ organisationId: string; staffUserId: string | null }>;
  /** Consent records, newest last within each organisation. */
  consents: ReadonlyArray<{
    organisationId: string;
    categories: readonly DataCategory[];
    status: ConsentStatus;
  }>;
  lawfulBases: ReadonlyArray<{
    organisationId: string;
    kind: LawfulBasisKind;
    categories: readonly DataCategory[];
    startsOn: string;
    endsOn: string | null;
    ended: boolean;
  }>;
  agreements: ReadonlyArray<{
    id: string;
    title: string;
    status: 'draft' | 'active' | 'ended';
    categories: readonly DataCategory[];
    parties: readonly string[];
    startsOn: string;
    endsOn: string | null;
  }>;
  breakGlass: ReadonlyArray<{ staffUserId: string; expiresAt: Date }>;
  /** Who to ask when refused: the lead coordinator, if there is one. */
  lead?: { name: string; organisationName: string } | undefined;
}

export interface EntryFacts {
  holdingOrganisationId: string;
  sharingLevel: SharingLevel;
  restrictedTo: readonly string[];
  authorId: string | null;
  /** For a task (a care plan action): who leads it. Someone's own task is shared with them by assigning it. */
  assignedTo?: readonly string[] | undefined;
}

/** The London calendar date of an instant, as YYYY-MM-DD: agreements and bases run by calendar date. */
// Made once: building an Intl.DateTimeFormat costs far more than using one, and the policy asks for today's
// date on every decision (a plan page makes dozens).
const londonDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' });

export function londonDate(at: Date): string {
  return londonDay.format(at);
}

function refuse(reason: string, facts: PersonFacts, askWhom?: string): Decision {
  const decision: Decision = { allowed: false, reasons: [reason], basis: null };
  const who =
    askWhom ??
    (facts.lead ? `${facts.lead.name} (${facts.lead.organisationName}), the lead coordinator` : undefined);
  if (who) decision.askWhom = who;
  return decision;
}

export function relationshipOf(
  actor: { userId: string; organisationId: string; role: string },
  facts: PersonFacts,
  now: Date,
): 'care_team' | 'organisation_on_care_team' | 'break_glass' | null {
  if (facts.careTeam.some((m) => m.staffUserId === actor.userId)) return 'care_team';
  if (actor.role === 'manager' && facts.careTeam.some((m) => m.organisationId === actor.organisationId)) {
    return 'organisation_on_care_team';
  }
  if (facts.breakGlass.some((b) => b.staffUserId === actor.userId && b.expiresAt.getTime() > now.getTime())) {
    return 'break_glass';
  }
  return null;
}

export function lawfulBasisFor(
  organisationId: string,
  category: DataCategory,
  facts: PersonFacts,
  today: string,
): 'consent' | LawfulBasisKind | null {
  let latest: ConsentStatus | null = null;
  for (const c of facts.consents) {
    if (c.organisationId === organisationId && c.categories.includes(category)) latest = c.status;
  }
  if (latest === 'given') return 'consent';
  const other = facts.lawfulBases.find(
    (b) =>
      b.organisationId === organisationId &&
      b.categories.includes(category) &&
      !b.ended &&
      b.startsOn <= today &&
      (b.endsOn === null || today <= b.endsOn),
  );
  return other ? other.kind : null;
}

export function agreementFor(
  holder: string,
  recipient: string,
  category: DataCategory,
  facts: PersonFacts,
  today: string,
): PersonFacts['agreements'][number] | null {
  return (
    facts.agreements.find(
      (a) =>
        a.status === 'active' &&
        a.startsOn <= today &&
        (a.endsOn === null || today <= a.endsOn) &&
        a.categories.includes(category) &&
        a.parties.includes(holder) &&
        a.parties.includes(recipient),
    ) ?? null
  );
}

export function decideForPerson(
  actor: Actor,
  facts: PersonFacts,
  category: DataCategory,
  action: PersonAction,
  now: Date,
  entry?: EntryFacts,
): Decision {
  const label = CATEGORY_LABELS[category];
  if (actor.kind === 'system')
    return { allowed: true, reasons: [`${actor.name} acts for the system`], basis: 'system' };
  if (actor.kind === 'anonymous') return refuse('You are not signed in.', facts);
  if (actor.kind === 'person') {
    if (actor.personId !== facts.personId) return refuse('You can only see your own record.', facts);
    if (action !== 'read') return refuse('Ask your care team to change this part of your record.', facts);
    // An entry kept within its organisation is a working note between that organisation's staff. The person's
    // full right of access (UK GDPR Art. 15) is met by a subject access request to the organisation, which can
    // weigh the exemptions for health and social work data (DPA 2018 Sch. 3); their own pages show what the
    // care team shares.
    if ((entry && entry.sharingLevel !== 'care_team') || category === 'safeguarding') {
      return refuse(
        'Some entries are kept by the people supporting you; ask your lead coordinator about them.',
        facts,
      );
    }
    return {
      allowed: true,
      reasons: ['This is your own record.'],
      basis: actor.representativeId ? 'representative' : 'self',
    };
  }
  const relationship = relationshipOf(actor, facts, now);
  if (!relationship) {
    return refuse(
      'You are not on this person’s care team. Ask to be added, or, in an emergency, use emergency access and give your reason.',
      facts,
    );
  }
  // Assigning a task to someone is the care team's decision to share that task with them (issue 3: a
  // volunteer sees their own tasks), so their own task needs no further basis.
  if (action === 'read' && entry?.assignedTo?.includes(actor.userId)) {
    return {
      allowed: true,
      reasons: [reasonFor(relationship), 'This is a task you lead.'],
      basis: `${relationship};assigned_task`,
    };
  }
  if (actor.role === 'volunteer' && category !== 'communication') {
    return refuse(
      `Volunteers see only a person’s communication needs, “about me” and their own tasks, not ${label} information.`,
      facts,
    );
  }
  if (action !== 'read') {
    if (actor.role === 'volunteer' && action === 'write')
      return refuse('Volunteers cannot change a person’s record.', facts);
    return { allowed: true, reasons: [reasonFor(relationship)], basis: relationship };
  }
  const holder = entry?.holdingOrganisationId ?? facts.holdingOrganisationId;
  const today = londonDate(now);
  const reasons = [reasonFor(relationship)];
  const basis: string[] = [relationship];
  if (holder === actor.organisationId) {
    reasons.push('Your organisation holds this information.');
    basis.push('own_organisation');
  } else {
    const lawful = lawfulBasisFor(actor.organisationId, category, facts, today);
    if (!lawful) {
      return refuse(
        `Your organisation has no lawful basis to see ${label} information: the person has not given consent for it (or has withdrawn it), and no best-interests, safeguarding or vital-interests basis is recorded.`,
        facts,
      );
    }
    const agreement = agreementFor(holder, actor.organisationId, category, facts, today);
    if (!agreement) {
      return refuse(
        `There is no active information sharing agreement between the organisation that holds this and yours covering ${label} information.`,
        facts,
        'your information governance lead, who keeps the register of sharing agreements',
      );
    }
    reasons.push(
      lawful === 'consent'
        ? `The person consented to sharing ${label} information with your organisation.`
        : `A ${lawful.replace('_', '-')} basis is recorded for your organisation.`,
    );
    reasons.push(`Sharing agreement: ${agreement.title}.`);
    basis.push(lawful, `agreement:${agreement.id}`);
  }
  if (entry) {
    if (entry.sharingLevel === 'own_organisation' && entry.holdingOrganisationId !== actor.organisationId) {
      return refuse('This entry is shared only within the organisation that wrote it.', facts);
    }
    if (
      entry.sharingLevel === 'restricted' &&
      entry.authorId !== actor.userId &&
      !entry.restrictedTo.includes(actor.userId)
    ) {
      return refuse('This entry is restricted to named people, and you are not one of them.', facts);
    }
  }
  return { allowed: true, reasons, basis: basis.join(';') };
}

function reasonFor(relationship: 'care_team' | 'organisation_on_care_team' | 'break_glass'): string {
  if (relationship === 'care_team') return 'You are on this person’s care team.';
  if (relationship === 'organisation_on_care_team')
    return 'Your organisation is on this person’s care team and you are its manager.';
  return 'Emergency (break-glass) access is in force for you.';
}
