// The person's own access: a care team member invites the person, or a representative the person has
// authorised, with a one-time link; the link sets a password; the person then reads their own record, writes
// "about me" and sees who has looked at their record. Every read goes through the policy and is audited.
import { randomBytes, randomUUID } from 'node:crypto';
import { personAccessReport, record } from '../../audit/index.ts';
import type { Ctx, PersonActor, StaffActor } from '../../context.ts';
import { DomainError, type FieldError, Invalid, NotFound, Refused } from '../../errors.ts';
import { londonDate, requirePersonAccess } from '../../policy/index.ts';
import { uniqueOrInvalid } from '../../storage/unique.ts';
import {
  endPersonSessions,
  hashPassword,
  hashToken,
  passwordProblem,
  type SessionSettings,
  startSession,
} from '../identity/index.ts';
import { personRecord, preferredFormat } from '../people/index.ts';
import { notesFor } from '../records/index.ts';
import type { InviteInput, SetPasswordInput } from './schema.ts';
import * as store from './store.ts';
import { basisWords, whatWords } from './words.ts';

/** How long an invitation link works. */
export const INVITATION_DAYS = 7;

/** An invitation link that cannot be used: unknown (404), or expired, already used or withdrawn (410). */
export class InvitationUnusable extends DomainError {
  readonly code = 'JU_INVITATION_UNUSABLE';
  readonly status: 404 | 410;
  constructor(readonly reason: 'unknown' | 'expired' | 'used' | 'withdrawn') {
    super(`This invitation link is ${reason}`);
    this.name = 'InvitationUnusable';
    this.status = reason === 'unknown' ? 404 : 410;
  }
}

function staffOnly(ctx: Ctx): StaffActor {
  if (ctx.actor.kind !== 'staff') throw new Refused(['Only staff can do this.']);
  return ctx.actor;
}

function personOnly(ctx: Ctx): PersonActor {
  if (ctx.actor.kind !== 'person')
    throw new Refused(['Only a person signed in to their own record can see this.']);
  return ctx.actor;
}

/** Invitations are issued by someone on the care team who may change the record. */
async function requireInviter(ctx: Ctx, personId: string): Promise<StaffActor> {
  const actor = staffOnly(ctx);
  await requirePersonAccess(ctx, personId, 'social_care', 'write', 'portal_access');
  return actor;
}

/** The invitation page: the person, the representatives who could be invited, and the accounts so far. */
export async function accessOverview(ctx: Ctx, personId: string) {
  const actor = await requireInviter(ctx, personId);
  const record = await personRecord(ctx, personId);
  const accounts = await store.accountsOf(ctx.db, actor.partnershipId, personId);
  const now = ctx.clock.now().getTime();
  return {
    person: record.person,
    representatives: record.representatives.data ?? [],
    accounts: accounts.map((a) => ({
      id: a.id,
      email: a.email,
      forName: a.representative_name,
      representativeKind: a.representative_kind,
      status: a.disabled_at
        ? ('disabled' as const)
        : a.activated_at
          ? a.locked_until && new Date(a.locked_until).getTime() > now
            ? ('locked' as const)
            : ('active' as const)
          : a.invitation_expires_at && new Date(a.invitation_expires_at).getTime() > now
            ? ('invited' as const)
            : ('expired' as const),
      invitationExpiresAt: a.invitation_expires_at,
      activatedAt: a.activated_at,
    })),
  };
}

const EMAIL_TAKEN = {
  field: 'email',
  message: 'This email address is already used to sign in to JoinedUp. Use a different one.',
};
/** Two invitations for one address at the same instant: the second hits the accounts' unique email index. */
const EMAIL_UNIQUE = { person_account_email: EMAIL_TAKEN };

export async function invite(ctx: Ctx, personId: string, input: InviteInput, publicUrl: string) {
  const actor = await requireInviter(ctx, personId);
  const partnershipId = actor.partnershipId;
  const now = ctx.clock.now();
  const errors: FieldError[] = [];
  let representative: Awaited<ReturnType<typeof store.activeRepresentative>> | undefined;
  if (input.who !== 'person') {
    representative = await store.activeRepresentative(ctx.db, partnershipId, personId, input.who);
    if (!representative) {
      errors.push({
        field: 'who',
        message: 'Select the person or one of the representatives on their record',
      });
    }
    if (input.authorisedOn && input.authorisedOn > londonDate(now)) {
      errors.push({
        field: 'authorisedOn',
        message: 'The date the person agreed must be today or in the past',
      });
    }
  }
  const existing = await store.accountFor(ctx.db, partnershipId, personId, representative?.id ?? null);
  if (await store.emailTaken(ctx.db, input.email, existing?.id ?? null)) errors.push(EMAIL_TAKEN);
  if (errors.length) throw new Invalid(errors);

  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + INVITATION_DAYS * 24 * 3600_000);
  // A new link replaces any earlier one and the password with it, and signs the account out everywhere:
  // until the new link is used, nobody can sign in to it.
  const invitation = {
    email: input.email,
    password_hash: null,
    invitation_hash: hashToken(token),
    invitation_expires_at: expiresAt,
    activated_at: null,
    disabled_at: null,
    failed_sign_ins: 0,
    last_failed_at: null,
    locked_until: null,
  };
  const accountId = existing?.id ?? randomUUID();
  if (existing) {
    await uniqueOrInvalid(
      () => store.updateAccount(ctx.db, partnershipId, accountId, invitation),
      EMAIL_UNIQUE,
    );
    await endPersonSessions(ctx.db, partnershipId, accountId);
  } else {
    await uniqueOrInvalid(
      () =>
        store.insertAccount(ctx.db, {
          partnership_id: partnershipId,
          id: accountId,
          person_id: personId,
          representative_id: representative?.id ?? null,
          created_at: now,
          ...invitation,
        }),
      EMAIL_UNIQUE,
    );
  }
  if (representative) {
    await store.setMaySignIn(ctx.db, partnershipId, representative.id, true);
    // Who authorised it (the person), when they did, and who recorded it (this event's actor).
    await record(ctx, {
      action: 'portal.representative.authorise',
      entityType: 'representative',
      entityId: representative.id,
      personId,
      detail: { authorisedBy: 'person', authorisedOn: input.authorisedOn },
    });
  }
  await record(ctx, {
    action: 'portal.invite',
    entityType: 'person_account',
    entityId: accountId,
    personId,
    detail: {
      for: representative ? 'representative' : 'person',
      representativeId: representative?.id ?? null,
      expiresAt: expiresAt.toISOString(),
      replaced: existing !== undefined,
    },
  });
  return {
    link: `${publicUrl.replace(/\/+$/, '')}/invitation/${token}`,
    expiresAt,
    representativeName: representative?.name ?? null,
  };
}

/** Turns an account off at once: its sessions end, its link stops working, a representative is no longer authorised. */
export async function disableAccount(ctx: Ctx, personId: string, accountId: string): Promise<void> {
  const actor = await requireInviter(ctx, personId);
  const accounts = await store.accountsOf(ctx.db, actor.partnershipId, personId);
  const account = accounts.find((a) => a.id === accountId);
  if (!account) throw new NotFound('The account');
  if (account.disabled_at) return;
  await store.updateAccount(ctx.db, actor.partnershipId, accountId, {
    disabled_at: ctx.clock.now(),
    invitation_expires_at: null,
  });
  await endPersonSessions(ctx.db, actor.partnershipId, accountId);
  if (account.representative_id) {
    await store.setMaySignIn(ctx.db, actor.partnershipId, account.representative_id, false);
  }
  await record(ctx, {
    action: 'portal.account.disable',
    entityType: 'person_account',
    entityId: accountId,
    personId,
    detail: { representativeId: account.representative_id },
  });
}

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

async function openInvitation(ctx: Ctx, token: string) {
  if (!TOKEN.test(token)) throw new InvitationUnusable('unknown');
  const row = await store.accountByInvitation(ctx.db, hashToken(token));
  if (!row) throw new InvitationUnusable('unknown');
  if (row.disabled_at || (row.representative_id && (!row.may_sign_in || row.ended_at))) {
    throw new InvitationUnusable('withdrawn');
  }
  // A used link keeps its hash with no expiry, so that it can be told apart from a mistyped one.
  if (!row.invitation_expires_at) throw new InvitationUnusable('used');
  if (new Date(row.invitation_expires_at).getTime() <= ctx.clock.now().getTime()) {
    throw new InvitationUnusable('expired');
  }
  const personName = `${row.preferred_name || row.given_name} ${row.family_name}`;
  return {
    row,
    email: row.email,
    personName,
    personGivenName: row.preferred_name || row.given_name,
    representativeName: row.representative_name,
  };
}

/** Who a link is for, for the page that sets the password. */
export async function invitation(ctx: Ctx, token: string) {
  const { email, personName, personGivenName, representativeName } = await openInvitation(ctx, token);
  return { email, personName, personGivenName, representativeName };
}

/** Sets the password the link asks for and signs the person in; returns the new session's token. */
export async function activate(
  ctx: Ctx,
  token: string,
  input: SetPasswordInput,
  settings: SessionSettings,
): Promise<string> {
  const { row, personName } = await openInvitation(ctx, token);
  const errors: FieldError[] = [];
  const problem = passwordProblem(input.newPassword, row.email);
  if (problem) errors.push({ field: 'newPassword', message: problem });
  if (input.newPassword !== input.confirmPassword) {
    errors.push({
      field: 'confirmPassword',
      message: 'The passwords do not match. Enter the same password twice.',
    });
  }
  if (errors.length) throw new Invalid(errors);
  const now = ctx.clock.now();
  await store.updateAccount(ctx.db, row.partnership_id, row.id, {
    password_hash: await hashPassword(input.newPassword),
    activated_at: now,
    invitation_expires_at: null,
    failed_sign_ins: 0,
    last_failed_at: null,
    locked_until: null,
  });
  await endPersonSessions(ctx.db, row.partnership_id, row.id);
  const session = await startSession(
    ctx,
    { partnership_id: row.partnership_id, id: row.id },
    'signed_in',
    settings,
    'person',
  );
  // Recorded as the account's own act, whoever else may have been signed in on this browser.
  const self: Ctx = {
    ...ctx,
    actor: {
      kind: 'person',
      partnershipId: row.partnership_id,
      personId: row.person_id,
      accountId: row.id,
      representativeId: row.representative_id,
      name: row.representative_name ?? personName,
    },
  };
  await record(self, {
    action: 'portal.account.activate',
    entityType: 'person_account',
    entityId: row.id,
    personId: row.person_id,
  });
  await record(self, {
    action: 'sign_in',
    personId: row.person_id,
    detail: { account: 'person', stage: 'signed_in' },
  });
  return session;
}

/** The person's own record as the policy lets them see it: restricted and safeguarding entries stay out. */
export async function myRecord(ctx: Ctx) {
  const actor = personOnly(ctx);
  const r = await personRecord(ctx, actor.personId);
  const notes = await notesFor(ctx, actor.personId);
  return {
    viewer: { name: actor.name, representative: actor.representativeId !== null },
    person: r.person,
    aboutMe: r.aboutMe.data,
    communication: r.communication.data,
    representatives: r.representatives.data ?? [],
    careTeam: r.careTeam.map((m) => ({
      name: m.staff_name,
      professionalRole: m.professional_role,
      organisationName: m.organisation_name,
      roleInTeam: m.role_in_team,
      lead: m.is_lead,
    })),
    notes: notes.visible.map((n) => ({
      id: n.id,
      title: n.title,
      body: n.body,
      category: n.category,
      writtenAt: n.written_at,
      authorName: n.author_name,
      authorRole: n.author_role,
      organisationName: n.organisation_name,
      // A correction keeps the earlier text in the entry's history; the person sees the text as it now is.
      correctedAt: n.revision > 1 ? n.revised_at : null,
    })),
  };
}

export type MyRecord = Awaited<ReturnType<typeof myRecord>>;

/** How the person prefers information given to them: their pages are shown that way unless they choose. */
export async function myPreferredFormat(ctx: Ctx) {
  const actor = personOnly(ctx);
  return preferredFormat(ctx, actor.personId);
}

/** The current "about me", to fill the form with. */
export async function myAboutMe(ctx: Ctx) {
  const actor = personOnly(ctx);
  const r = await personRecord(ctx, actor.personId);
  return { person: r.person, aboutMe: r.aboutMe.data };
}

/** Who has looked at the person's record, newest first; reading it is itself recorded. */
export async function myAccessLog(ctx: Ctx, page: number) {
  const actor = personOnly(ctx);
  const report = await personAccessReport(ctx.db, actor.partnershipId, actor.personId, actor.accountId, page);
  await record(ctx, {
    action: 'person.read.access_log',
    entityType: 'person',
    entityId: actor.personId,
    personId: actor.personId,
    basis: actor.representativeId ? 'representative' : 'self',
    detail: { page: report.page },
  });
  return {
    ...report,
    rows: report.rows.map((row) => ({
      at: row.at,
      who: row.staffName ?? row.representativeName ?? 'Someone on the care team',
      role: row.staffName ? row.professionalRole : row.representativeName ? 'Your representative' : null,
      organisation: row.organisationName,
      what: whatWords(row.action, row.detail),
      bases: basisWords(row.basis),
      action: row.action,
      basis: row.basis,
    })),
  };
}

export type MyAccessLog = Awaited<ReturnType<typeof myAccessLog>>;
