// A person's record: who they are, "about me" in their own words, how they need information given to them,
// who represents them. Every part is shown only as the policy allows, and every view is audited.
import { randomUUID } from 'node:crypto';
import { record } from '../../audit/index.ts';
import type { Ctx, StaffActor } from '../../context.ts';
import { Conflict, NotFound, Refused } from '../../errors.ts';
import {
  actorPartnership,
  auditPersonRead,
  type Decision,
  type PersonAccess,
  personAccess,
  requirePersonAccess,
} from '../../policy/index.ts';
import type { DataCategory, PreferredFormat } from '../../storage/tables.ts';
import type { AboutMeInput, CommunicationInput, PersonInput, RepresentativeInput } from './schema.ts';
import * as store from './store.ts';

export function staffOnly(ctx: Ctx): StaffActor {
  if (ctx.actor.kind !== 'staff') throw new Refused(['Only staff can do this.']);
  return ctx.actor;
}

export interface Section<T> {
  decision: Decision;
  data: T | null;
}

function section<T>(decision: Decision, load: () => T): Section<T> {
  return { decision, data: decision.allowed ? load() : null };
}

/** Opens a person's record: refused (and recorded) unless the actor has a relationship with the person. */
export async function openPerson(ctx: Ctx, personId: string): Promise<PersonAccess> {
  const access = await personAccess(ctx, personId);
  if (!access.opens.allowed) {
    await auditPersonRead(ctx, personId, 'record', [{ category: 'contact', decision: access.opens }]);
    throw new Refused(access.opens.reasons, access.opens.askWhom).keepingRecord();
  }
  return access;
}

export async function caseload(ctx: Ctx, query: string | null) {
  const actor = staffOnly(ctx);
  return store.caseload(
    ctx.db,
    actor.partnershipId,
    {
      userId: actor.userId,
      organisationId: actor.organisationId,
      includeOrganisation: actor.role === 'manager',
    },
    query,
  );
}

export async function createPerson(ctx: Ctx, input: PersonInput) {
  const actor = staffOnly(ctx);
  if (actor.role !== 'practitioner' && actor.role !== 'manager') {
    throw new Refused(
      ['Only practitioners and managers record new people.'],
      'a practitioner or manager in your organisation',
    );
  }
  const now = ctx.clock.now();
  const id = randomUUID();
  await store.insertPerson(ctx.db, {
    partnership_id: actor.partnershipId,
    id,
    given_name: input.givenName,
    family_name: input.familyName,
    preferred_name: input.preferredName,
    pronouns: input.pronouns,
    date_of_birth: input.dateOfBirth,
    nhs_number: input.nhsNumber,
    address: input.address,
    phone: input.phone,
    email: input.email,
    holding_organisation_id: actor.organisationId,
    created_at: now,
    updated_at: now,
  });
  await ctx.db
    .insertInto('person_communication')
    .values({
      partnership_id: actor.partnershipId,
      person_id: id,
      preferred_format: 'standard',
      easy_read: false,
      large_print: false,
      bsl: false,
      interpreter_language: null,
      other_needs: '',
      updated_at: now,
    })
    .execute();
  // Whoever records the person coordinates their care until someone else is named lead.
  await ctx.db
    .insertInto('care_team_member')
    .values({
      partnership_id: actor.partnershipId,
      id: randomUUID(),
      person_id: id,
      organisation_id: actor.organisationId,
      staff_user_id: actor.userId,
      role_in_team: 'Lead coordinator',
      is_lead: true,
      added_at: now,
    })
    .execute();
  await record(ctx, { action: 'person.create', entityType: 'person', entityId: id, personId: id });
  return { id };
}

/** The record as the actor may see it, section by section, with the read audited once. */
export async function personRecord(ctx: Ctx, personId: string) {
  const access = await openPerson(ctx, personId);
  const partnershipId = staffOrPersonPartnership(ctx);
  const person = await store.getPerson(ctx.db, partnershipId, personId);
  if (!person) throw new NotFound('The person');
  const [aboutMe, communication, representatives, careTeam] = await Promise.all([
    store.aboutMe(ctx.db, partnershipId, personId),
    store.communication(ctx.db, partnershipId, personId),
    store.representatives(ctx.db, partnershipId, personId),
    store.careTeam(ctx.db, partnershipId, personId),
  ]);
  const comm = access.decide('communication', 'read');
  const contact = access.decide('contact', 'read');
  const record = {
    person: {
      id: person.id,
      givenName: person.given_name,
      familyName: person.family_name,
      preferredName: person.preferred_name,
      pronouns: person.pronouns,
      dateOfBirth: person.date_of_birth,
      version: person.version,
    },
    aboutMe: section(comm, () => aboutMe ?? null),
    communication: section(comm, () => communication ?? null),
    contact: section(contact, () => ({
      address: person.address,
      phone: person.phone,
      email: person.email,
      nhsNumber: person.nhs_number,
    })),
    representatives: section(contact, () => representatives),
    careTeam,
    canWrite: access.decide('social_care', 'write').allowed,
    access,
  };
  await auditPersonRead(ctx, personId, 'record', [
    { category: 'communication', decision: comm },
    { category: 'contact', decision: contact },
  ]);
  return record;
}

const staffOrPersonPartnership = actorPartnership;

async function requireWrite(ctx: Ctx, personId: string, category: DataCategory, what: string) {
  await requirePersonAccess(ctx, personId, category, 'write', what);
  return staffOrPersonPartnership(ctx);
}

export async function updateDetails(ctx: Ctx, personId: string, input: PersonInput, version: number) {
  const partnershipId = await requireWrite(ctx, personId, 'contact', 'details');
  const result = await ctx.db
    .updateTable('person')
    .set({
      given_name: input.givenName,
      family_name: input.familyName,
      preferred_name: input.preferredName,
      pronouns: input.pronouns,
      date_of_birth: input.dateOfBirth,
      nhs_number: input.nhsNumber,
      address: input.address,
      phone: input.phone,
      email: input.email,
      updated_at: ctx.clock.now(),
      version: version + 1,
    })
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', personId)
    .where('version', '=', version)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) {
    throw new Conflict(
      'Someone else changed these details while you were editing. Your changes are shown below; check them against the current details and save again.',
    );
  }
  await record(ctx, { action: 'person.update.details', entityType: 'person', entityId: personId, personId });
}

/** "About me" is the person's own words: the person, their representative or a care team member writes it with them. */
export async function updateAboutMe(ctx: Ctx, personId: string, input: AboutMeInput) {
  const actor = ctx.actor;
  let partnershipId: string;
  let by: { kind: 'staff' | 'person' | 'representative'; name: string };
  if (actor.kind === 'person') {
    if (actor.personId !== personId) throw new Refused(['You can only change your own “about me”.']);
    partnershipId = actor.partnershipId;
    by = { kind: actor.representativeId ? 'representative' : 'person', name: actor.name };
  } else {
    partnershipId = await requireWrite(ctx, personId, 'communication', 'about_me');
    by = { kind: 'staff', name: actor.kind === 'staff' ? actor.name : 'system' };
  }
  const now = ctx.clock.now();
  const current = await store.aboutMe(ctx.db, partnershipId, personId);
  const values = {
    what_matters: input.whatMatters,
    wishes: input.wishes,
    preferences: input.preferences,
    life_history: input.lifeHistory,
    written_with: input.writtenWith,
    updated_at: now,
    updated_by_kind: by.kind,
    updated_by_name: by.name,
  };
  if (!current) {
    await ctx.db
      .insertInto('person_about_me')
      .values({ partnership_id: partnershipId, person_id: personId, ...values, version: 1 })
      .execute();
  } else {
    const result = await ctx.db
      .updateTable('person_about_me')
      .set({ ...values, version: input.version + 1 })
      .where('partnership_id', '=', partnershipId)
      .where('person_id', '=', personId)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) {
      throw new Conflict(
        '“About me” was changed by someone else while you were writing. Both versions are shown: combine them and save again.',
        current,
      );
    }
  }
  await record(ctx, {
    action: 'person.update.about_me',
    entityType: 'person',
    entityId: personId,
    personId,
    detail: { by: by.kind },
  });
}

export async function updateCommunication(ctx: Ctx, personId: string, input: CommunicationInput) {
  const partnershipId = await requireWrite(ctx, personId, 'communication', 'communication');
  await ctx.db
    .updateTable('person_communication')
    .set({
      preferred_format: input.preferredFormat,
      easy_read: input.easyRead,
      large_print: input.largePrint,
      bsl: input.bsl,
      interpreter_language: input.interpreterLanguage,
      other_needs: input.otherNeeds,
      updated_at: ctx.clock.now(),
    })
    .where('partnership_id', '=', partnershipId)
    .where('person_id', '=', personId)
    .execute();
  await record(ctx, {
    action: 'person.update.communication',
    entityType: 'person',
    entityId: personId,
    personId,
  });
}

export async function addRepresentative(ctx: Ctx, personId: string, input: RepresentativeInput) {
  const partnershipId = await requireWrite(ctx, personId, 'contact', 'representative');
  const id = randomUUID();
  await ctx.db
    .insertInto('representative')
    .values({
      partnership_id: partnershipId,
      id,
      person_id: personId,
      name: input.name,
      kind: input.kind,
      relationship: input.relationship,
      phone: input.phone,
      email: input.email,
      may_sign_in: false,
      created_at: ctx.clock.now(),
      ended_at: null,
    })
    .execute();
  await record(ctx, {
    action: 'person.representative.add',
    entityType: 'representative',
    entityId: id,
    personId,
    detail: { kind: input.kind },
  });
  return { id };
}

export async function endRepresentative(ctx: Ctx, personId: string, representativeId: string) {
  const partnershipId = await requireWrite(ctx, personId, 'contact', 'representative');
  const result = await ctx.db
    .updateTable('representative')
    .set({ ended_at: ctx.clock.now() })
    .where('partnership_id', '=', partnershipId)
    .where('person_id', '=', personId)
    .where('id', '=', representativeId)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw new NotFound('The representative');
  await record(ctx, {
    action: 'person.representative.end',
    entityType: 'representative',
    entityId: representativeId,
    personId,
  });
}

export interface PersonHeader {
  id: string;
  givenName: string;
  familyName: string;
  preferredName: string | null;
  dateOfBirth: string | null;
  holdingOrganisationId: string | null;
}

/**
 * Opens the record and returns who the person is: their name and date of birth, which anyone with a
 * relationship may see (they need it to know whom they are helping). Other modules' pages use it.
 */
export async function personHeader(
  ctx: Ctx,
  personId: string,
): Promise<{ person: PersonHeader; access: PersonAccess }> {
  const access = await openPerson(ctx, personId);
  const row = await store.getPerson(ctx.db, actorPartnership(ctx), personId);
  if (!row) throw new NotFound('The person');
  return {
    access,
    person: {
      id: row.id,
      givenName: row.given_name,
      familyName: row.family_name,
      preferredName: row.preferred_name,
      dateOfBirth: row.date_of_birth,
      holdingOrganisationId: row.holding_organisation_id,
    },
  };
}

/**
 * The format the person prefers information in (Accessible Information Standard), so that what is made for
 * them is made that way; null when the viewer may not see their communication needs. The read is audited.
 */
export async function preferredFormat(ctx: Ctx, personId: string): Promise<PreferredFormat | null> {
  const access = await openPerson(ctx, personId);
  const decision = access.decide('communication', 'read');
  await auditPersonRead(ctx, personId, 'preferred_format', [{ category: 'communication', decision }]);
  if (!decision.allowed) return null;
  const row = await store.communication(ctx.db, actorPartnership(ctx), personId);
  return row?.preferred_format ?? null;
}
