// The one place that decides access. Routes ask here and pass the Decision on, so the basis can be
// audited and a refusal explained. Partnership-level permissions live here now; decisions about a
// person's record (consent, agreements, care team) join them in the same module.
import type { Actor } from '../context.ts';
import type { PartnershipRole } from '../storage/tables.ts';

export interface Decision {
  allowed: boolean;
  /** Plain-words reasons: why it was allowed, or which rule stopped it. */
  reasons: string[];
  /** The basis recorded in the audit trail when allowed. */
  basis: string | null;
  /** Who to ask when refused. */
  askWhom?: string;
}

export type Permission =
  | 'partnership.view'
  | 'organisation.manage'
  | 'staff.manage'
  | 'audit.search'
  | 'agreement.manage'
  | 'break_glass.review'
  | 'self.manage'
  | 'glossary.manage'
  | 'learning.manage'
  | 'success.moderate'
  | 'mou.manage'
  | 'contacts.manage'
  | 'resources.manage'
  | 'disputes.procedure'
  | 'outbox.view';

const ROLE_LABELS: Record<PartnershipRole, string> = {
  practitioner: 'Practitioner',
  manager: 'Manager',
  senior_leader: 'Senior leader',
  ig_lead: 'Information governance lead',
  volunteer: 'Volunteer',
  admin: 'Administrator',
};

export function roleLabel(role: PartnershipRole): string {
  return ROLE_LABELS[role];
}

const GRANTS: Record<Permission, readonly PartnershipRole[]> = {
  'partnership.view': ['practitioner', 'manager', 'senior_leader', 'ig_lead', 'volunteer', 'admin'],
  'organisation.manage': ['admin'],
  'staff.manage': ['admin'],
  'audit.search': ['ig_lead'],
  'agreement.manage': ['ig_lead'],
  'break_glass.review': ['ig_lead'],
  'self.manage': ['practitioner', 'manager', 'senior_leader', 'ig_lead', 'volunteer', 'admin'],
  // Shared language and joint learning are kept by managers and leaders; the information governance lead
  // runs information sharing training, so records it too. Organisation pages and training dates are limited
  // to the manager's own organisation in the learning service.
  'glossary.manage': ['manager', 'senior_leader', 'admin'],
  'learning.manage': ['manager', 'senior_leader', 'ig_lead', 'admin'],
  // Anyone may post a success or thanks; managers may take one down (it named someone, or was unkind).
  'success.moderate': ['manager', 'senior_leader', 'admin'],
  // The written agreement and the dispute procedure commit every member: senior leaders sign them off.
  'mou.manage': ['senior_leader', 'admin'],
  'disputes.procedure': ['senior_leader', 'admin'],
  // Managers keep their own organisation's contacts and commitments current (checked in each service).
  'contacts.manage': ['manager', 'senior_leader', 'admin'],
  'resources.manage': ['manager', 'senior_leader', 'admin'],
  // Whether email is going out: the administrator runs the service; the IG lead answers for what it sends.
  'outbox.view': ['admin', 'ig_lead'],
};

const ASK: Partial<Record<Permission, string>> = {
  'organisation.manage': "your partnership's administrator",
  'staff.manage': "your partnership's administrator",
  'audit.search': "your partnership's information governance lead",
  'agreement.manage': "your partnership's information governance lead",
  'break_glass.review': "your partnership's information governance lead",
  'glossary.manage': 'a manager in your organisation',
  'learning.manage': 'a manager in your organisation',
  'success.moderate': 'a manager in your organisation',
  'mou.manage': 'a senior leader in your organisation',
  'disputes.procedure': 'a senior leader in your organisation',
  'contacts.manage': 'your manager',
  'outbox.view': "your partnership's administrator",
  'resources.manage': 'your manager',
};

export function authorise(actor: Actor, permission: Permission): Decision {
  if (actor.kind === 'system') {
    return { allowed: true, reasons: [`${actor.name} acts for the system`], basis: 'system' };
  }
  if (actor.kind !== 'staff') {
    return { allowed: false, reasons: ['You are not signed in.'], basis: null };
  }
  const roles = GRANTS[permission];
  if (roles.includes(actor.role)) {
    return { allowed: true, reasons: [`${roleLabel(actor.role)}s may do this`], basis: `role:${actor.role}` };
  }
  const who = roles.map((r) => roleLabel(r).toLowerCase()).join(' or ');
  const decision: Decision = {
    allowed: false,
    reasons: [
      `Only ${article(who)} ${who} may do this; you are signed in as ${article(roleLabel(actor.role))} ${roleLabel(actor.role).toLowerCase()}.`,
    ],
    basis: null,
  };
  const ask = ASK[permission];
  if (ask) decision.askWhom = ask;
  return decision;
}

function article(noun: string): 'a' | 'an' {
  return /^[aeiou]/i.test(noun) ? 'an' : 'a';
}

/** Roles that must use a second factor to sign in (they can change who sees what). */
export function requiresSecondFactor(role: PartnershipRole): boolean {
  return role === 'admin' || role === 'ig_lead';
}

export {
  actorPartnership,
  auditPersonRead,
  type PersonAccess,
  personAccess,
  requirePersonAccess,
} from './access.ts';
export {
  CATEGORIES,
  CATEGORY_LABELS,
  decideForPerson,
  type EntryFacts,
  londonDate,
  type PersonAction,
  type PersonFacts,
} from './person.ts';
