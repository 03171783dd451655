// Whether a recipient may be told about a person's data: the policy's decision with the recipient as the
// actor. Emergency (break-glass) access is left out on purpose: it lets someone open a record once, in an
// emergency, with a reason; it does not sign them up to hear about the person afterwards.
import type { StaffActor } from '../../context.ts';
import type { Decision } from '../../policy/index.ts';
import { decideForPerson, type EntryFacts, type PersonFacts } from '../../policy/person.ts';
import type { DataCategory, PartnershipRole } from '../../storage/tables.ts';

export interface Recipient {
  id: string;
  partnership_id: string;
  organisation_id: string;
  partnership_role: PartnershipRole;
  name: string;
  disabled_at: Date | null;
}

export function recipientActor(r: Recipient): StaffActor {
  return {
    kind: 'staff',
    userId: r.id,
    partnershipId: r.partnership_id,
    organisationId: r.organisation_id,
    role: r.partnership_role,
    name: r.name,
  };
}

export function mayBeTold(
  recipient: Recipient,
  facts: PersonFacts,
  category: DataCategory,
  entry: EntryFacts | undefined,
  now: Date,
): Decision {
  if (recipient.disabled_at) return { allowed: false, reasons: ['Their account is closed.'], basis: null };
  const standing: PersonFacts = { ...facts, breakGlass: [] };
  return decideForPerson(recipientActor(recipient), standing, category, 'read', now, entry);
}

/** The entry facts kept with a notification, read back from JSON. */
export function entryFromJson(value: unknown): EntryFacts | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  const list = (x: unknown) => (Array.isArray(x) ? x.map(String) : []);
  return {
    holdingOrganisationId: String(v.holdingOrganisationId ?? ''),
    sharingLevel: (v.sharingLevel as EntryFacts['sharingLevel']) ?? 'restricted',
    restrictedTo: list(v.restrictedTo),
    authorId: typeof v.authorId === 'string' ? v.authorId : null,
    ...(Array.isArray(v.assignedTo) ? { assignedTo: list(v.assignedTo) } : {}),
  };
}
