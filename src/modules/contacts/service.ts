// The contact directory: for each member organisation, who to contact about which kind of issue, how, and
// when. Senior leaders and administrators keep any organisation's entries; a manager keeps their own.
import { randomUUID } from 'node:crypto';
import { record } from '../../audit/index.ts';
import type { Actor, Ctx } from '../../context.ts';
import { Invalid, NotFound, Refused } from '../../errors.ts';
import { authorise } from '../../policy/index.ts';
import type { ContactIssue } from '../../storage/tables.ts';
import { listOrganisations, partnershipOf, requirePermission } from '../partnerships/index.ts';
import { type ContactInput, ISSUES } from './schema.ts';
import * as store from './store.ts';

export interface Contact {
  id: string;
  organisationId: string;
  issue: ContactIssue;
  contactName: string;
  phone: string | null;
  email: string | null;
  hours: string;
  outOfHours: boolean;
  notes: string;
  updatedAt: Date;
  updatedByName: string;
}

function toContact(row: store.ContactRow): Contact {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    issue: row.issue,
    contactName: row.contact_name,
    phone: row.phone,
    email: row.email,
    hours: row.hours,
    outOfHours: row.out_of_hours,
    notes: row.notes,
    updatedAt: new Date(row.updated_at),
    updatedByName: row.updated_by_name,
  };
}

/** May this actor keep this organisation's entries? */
export function canManageFor(actor: Actor, organisationId: string): boolean {
  if (!authorise(actor, 'contacts.manage').allowed) return false;
  if (actor.kind === 'staff' && actor.role === 'manager') return actor.organisationId === organisationId;
  return true;
}

function requireManageFor(actor: Actor, organisationId: string): void {
  requirePermission(actor, 'contacts.manage');
  if (!canManageFor(actor, organisationId)) {
    throw new Refused(
      [
        'A manager keeps their own organisation’s contacts; a senior leader or administrator keeps any organisation’s.',
      ],
      'a manager at that organisation',
    );
  }
}

/** Every member with its contacts, in the order of the issue list; out-of-hours lines gathered too. */
export async function directory(ctx: Ctx, issue: ContactIssue | null = null) {
  requirePermission(ctx.actor, 'partnership.view');
  const [organisations, rows] = await Promise.all([
    listOrganisations(ctx),
    store.contacts(ctx.db, partnershipOf(ctx)),
  ]);
  const all = rows.map(toContact).sort((a, b) => ISSUES.indexOf(a.issue) - ISSUES.indexOf(b.issue));
  const shown = issue ? all.filter((c) => c.issue === issue) : all;
  return {
    issue,
    members: organisations.map((organisation) => {
      const own = all.filter((c) => c.organisationId === organisation.id);
      return {
        organisation,
        contacts: shown.filter((c) => c.organisationId === organisation.id),
        missing: ISSUES.filter((i) => i !== 'out_of_hours' && !own.some((c) => c.issue === i)),
        canManage: canManageFor(ctx.actor, organisation.id),
      };
    }),
    outOfHours: all.filter((c) => c.outOfHours),
    organisationNames: Object.fromEntries(organisations.map((o) => [o.id, o.name])),
    count: all.length,
    canAdd: organisations.some((o) => canManageFor(ctx.actor, o.id)),
  };
}

export async function getContact(ctx: Ctx, id: string): Promise<Contact> {
  requirePermission(ctx.actor, 'partnership.view');
  const row = await store.contact(ctx.db, partnershipOf(ctx), id);
  if (!row) throw new NotFound('The contact');
  return toContact(row);
}

async function rowFor(ctx: Ctx, id: string, input: ContactInput): Promise<store.ContactRow> {
  const organisations = await listOrganisations(ctx);
  if (!organisations.some((o) => o.id === input.organisationId)) {
    throw new Invalid([{ field: 'organisationId', message: 'Select one of the member organisations' }]);
  }
  requireManageFor(ctx.actor, input.organisationId);
  return {
    partnership_id: partnershipOf(ctx),
    id,
    organisation_id: input.organisationId,
    issue: input.issue,
    contact_name: input.contactName,
    phone: input.phone,
    email: input.email,
    hours: input.hours,
    out_of_hours: input.outOfHours,
    notes: input.notes,
    updated_at: ctx.clock.now(),
    updated_by_name: ctx.actor.kind === 'staff' ? ctx.actor.name : 'JoinedUp',
  };
}

export async function addContact(ctx: Ctx, input: ContactInput): Promise<{ id: string }> {
  requirePermission(ctx.actor, 'contacts.manage');
  const row = await rowFor(ctx, randomUUID(), input);
  await store.insert(ctx.db, row);
  await record(ctx, {
    action: 'contact.create',
    entityType: 'contact_entry',
    entityId: row.id,
    detail: { organisationId: row.organisation_id, issue: row.issue },
  });
  return { id: row.id };
}

export async function updateContact(ctx: Ctx, id: string, input: ContactInput): Promise<void> {
  requirePermission(ctx.actor, 'contacts.manage');
  const before = await getContact(ctx, id);
  requireManageFor(ctx.actor, before.organisationId);
  const row = await rowFor(ctx, id, input);
  await store.update(ctx.db, row);
  await record(ctx, {
    action: 'contact.update',
    entityType: 'contact_entry',
    entityId: id,
    detail: { organisationId: row.organisation_id, issue: row.issue },
  });
}

export async function removeContact(ctx: Ctx, id: string): Promise<void> {
  requirePermission(ctx.actor, 'contacts.manage');
  const before = await getContact(ctx, id);
  requireManageFor(ctx.actor, before.organisationId);
  await store.remove(ctx.db, partnershipOf(ctx), id);
  await record(ctx, {
    action: 'contact.remove',
    entityType: 'contact_entry',
    entityId: id,
    detail: { organisationId: before.organisationId, issue: before.issue },
  });
}
