// The generator's care steps: for every person, a care team of 2–5 members from different organisations
// (one lead, whose organisation holds the record, as when a person is added through the app), consent for
// each organisation on it, a care plan (bench/generate-plans.ts) and a few notes; and the partnership's
// sharing agreements joined by every organisation. Each step fills in only the people who have none of
// its rows yet, so a second run adds nothing, and a larger --people adds only what the new people need.
import { randomUUID } from 'node:crypto';
import type { DataCategory, SharingLevel } from '../src/storage/tables.ts';
import { chunks, DAY, directory, isoDate, type Member, peopleWithout, teamsOf } from './care-directory.ts';
import { carePlans } from './generate-plans.ts';
import { type GenerationContext, insertBatches, type Step } from './rows.ts';
import { CONSENT_CATEGORIES, NOTE_TEXT, TEAM_ROLES } from './vocabulary.ts';

const agreements: Step = {
  name: 'sharing agreement parties',
  async run(g) {
    const dir = await directory(g);
    const active = () =>
      g.db
        .selectFrom('sharing_agreement')
        .select(['id', 'categories'])
        .where('partnership_id', '=', g.partnershipId)
        .where('status', '=', 'active')
        .execute();
    let found = await active();
    // A new partnership gets the demo's two agreements: health and social care, and the voluntary sector.
    if (!found.some((a) => a.categories.includes('health'))) {
      await newAgreement(g, 'Health and social care information sharing agreement', [
        'health',
        'social_care',
        'mental_health',
        'contact',
        'communication',
        'safeguarding',
      ]);
    }
    if (!found.some((a) => !a.categories.includes('health'))) {
      await newAgreement(g, 'Voluntary sector information sharing agreement', ['communication']);
    }
    found = await active();
    const main = found
      .filter((a) => a.categories.includes('health'))
      .sort((a, b) => b.categories.length - a.categories.length)[0]!;
    const voluntary = found.find((a) => !a.categories.includes('health'))!;
    const parties = await g.db
      .selectFrom('sharing_agreement_party')
      .select(['agreement_id', 'organisation_id'])
      .where('partnership_id', '=', g.partnershipId)
      .execute();
    const has = new Set(parties.map((p) => `${p.agreement_id}:${p.organisation_id}`));
    const rows = [];
    // Statutory services share care records with each other; everyone shares communication needs with
    // the voluntary sector, so that a volunteer can see how to talk with the person they visit.
    for (const org of dir.organisations.values()) {
      const joins = org.kind === 'voluntary' ? [voluntary] : [main, voluntary];
      for (const a of joins) {
        if (has.has(`${a.id}:${org.id}`)) continue;
        rows.push({
          partnership_id: g.partnershipId,
          agreement_id: a.id,
          organisation_id: org.id,
          signatory_name: 'Information governance lead',
          signatory_role: 'Signatory',
          signed_on: isoDate(g.now),
        });
      }
    }
    await insertBatches(g.db, 'sharing_agreement_party', rows);
    return rows.length;
  },
};

async function newAgreement(g: GenerationContext, title: string, categories: DataCategory[]) {
  await g.db
    .insertInto('sharing_agreement')
    .values({
      partnership_id: g.partnershipId,
      id: randomUUID(),
      title,
      purposes: ['direct_care', 'care_coordination'],
      categories,
      lawful_basis: 'UK GDPR Article 6(1)(e) and Article 9(2)(h); Care Act 2014 s.6',
      status: 'active',
      starts_on: isoDate(new Date(g.now.getTime() - 365 * DAY)),
      review_on: isoDate(new Date(g.now.getTime() + 365 * DAY)),
      ends_on: null,
      created_at: g.now,
      updated_at: g.now,
    })
    .execute();
}

const careTeams: Step = {
  name: 'care team members',
  async run(g) {
    const dir = await directory(g);
    const people = await peopleWithout(g, 'care_team_member', false);
    const teamOrgs = [...dir.teamStaff.keys()];
    const coordinator = g.coordinatorId ? dir.staff.get(g.coordinatorId) : undefined;
    let toCoordinate = 0;
    if (coordinator) {
      const led = await g.db
        .selectFrom('care_team_member')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('partnership_id', '=', g.partnershipId)
        .where('staff_user_id', '=', coordinator.id)
        .where('is_lead', '=', true)
        .executeTakeFirstOrThrow();
      toCoordinate = Math.max(0, g.size.coordinated - Number(led.n));
    }
    let added = 0;
    for (const chunk of chunks(people)) {
      const rows = [];
      for (const personId of chunk) {
        const lead = coordinator && toCoordinate-- > 0 ? coordinator : g.random.pick(dir.leaders);
        const others = g.random.sample(
          teamOrgs.filter((o) => o !== lead.organisationId),
          g.random.int(1, 4),
        );
        const members: Member[] = [
          { organisationId: lead.organisationId, staffUserId: lead.id, isLead: true },
          ...others.map((o) => ({
            organisationId: o,
            // Now and then an organisation is on the team without a named worker yet.
            staffUserId: g.random.chance(0.9) ? g.random.pick(dir.teamStaff.get(o)!).id : null,
            isLead: false,
          })),
        ];
        const addedAt = new Date(g.now.getTime() - g.random.int(30, 700) * DAY);
        for (const m of members) {
          const kind = dir.organisations.get(m.organisationId)!.kind;
          rows.push({
            partnership_id: g.partnershipId,
            id: randomUUID(),
            person_id: personId,
            organisation_id: m.organisationId,
            staff_user_id: m.staffUserId,
            role_in_team: m.isLead ? 'Lead coordinator' : g.random.pick(TEAM_ROLES[kind]),
            is_lead: m.isLead,
            added_at: addedAt,
          });
        }
      }
      await insertBatches(g.db, 'care_team_member', rows);
      added += rows.length;
    }
    // The lead's organisation holds the record, as it does for a person added through the app.
    await g.db
      .updateTable('person')
      .from('care_team_member as m')
      .set((eb) => ({ holding_organisation_id: eb.ref('m.organisation_id') }))
      .whereRef('m.partnership_id', '=', 'person.partnership_id')
      .whereRef('m.person_id', '=', 'person.id')
      .where('m.is_lead', '=', true)
      .where('person.partnership_id', '=', g.partnershipId)
      .where('person.holding_organisation_id', 'is', null)
      .execute();
    return added;
  },
};

const consents: Step = {
  name: 'consents',
  async run(g) {
    const dir = await directory(g);
    let added = 0;
    for (const chunk of chunks(await peopleWithout(g, 'consent'))) {
      const teams = await teamsOf(g, chunk);
      const rows = [];
      for (const personId of chunk) {
        const orgs = [...new Set((teams.get(personId) ?? []).map((m) => m.organisationId))];
        const decided = new Date(g.now.getTime() - g.random.int(30, 700) * DAY);
        const record = (
          organisationId: string,
          status: string,
          categories: readonly DataCategory[],
          at: Date,
        ) => ({
          partnership_id: g.partnershipId,
          id: randomUUID(),
          person_id: personId,
          organisation_id: organisationId,
          status,
          categories,
          purposes: ['direct_care', 'care_coordination'],
          obtained_how: g.random.pick(['easy_read_form', 'verbal', 'written_form']),
          obtained_by_name: 'Lead coordinator',
          decided_on: isoDate(at),
          review_on: isoDate(new Date(at.getTime() + 365 * DAY)),
          note: '',
          recorded_by: null,
          recorded_at: at,
        });
        for (const org of orgs) {
          rows.push(record(org, 'given', CONSENT_CATEGORIES[dir.organisations.get(org)!.kind], decided));
        }
        // Now and then the person later withdraws one category from one organisation.
        const from = orgs.slice(1);
        if (from.length && g.random.chance(0.05)) {
          const org = g.random.pick(from);
          const category = g.random.pick(CONSENT_CATEGORIES[dir.organisations.get(org)!.kind]);
          rows.push(
            record(org, 'withdrawn', [category], new Date(decided.getTime() + g.random.int(1, 25) * DAY)),
          );
        }
      }
      await insertBatches(g.db, 'consent', rows);
      added += rows.length;
    }
    return added;
  },
};

const notes: Step = {
  name: 'notes',
  async run(g) {
    const dir = await directory(g);
    let added = 0;
    for (const chunk of chunks(await peopleWithout(g, 'note'))) {
      const teams = await teamsOf(g, chunk);
      const rows = [];
      for (const personId of chunk) {
        const authors = (teams.get(personId) ?? [])
          .filter((m) => m.staffUserId)
          .map((m) => dir.staff.get(m.staffUserId!)!);
        if (!authors.length) continue;
        for (let n = g.random.int(1, 4); n > 0; n--) {
          const author = g.random.pick(authors);
          const kind = dir.organisations.get(author.organisationId)!.kind;
          const category: DataCategory = g.random.chance(0.02)
            ? 'safeguarding'
            : g.random.pick(CONSENT_CATEGORIES[kind]);
          const level: SharingLevel = g.random.weighted({
            care_team: 85,
            own_organisation: 10,
            restricted: 5,
          });
          const [title, body] = g.random.pick(NOTE_TEXT[category]);
          rows.push({
            partnership_id: g.partnershipId,
            id: randomUUID(),
            person_id: personId,
            organisation_id: author.organisationId,
            author_id: author.id,
            category,
            sharing_level: level,
            restricted_to: level === 'restricted' ? [author.id] : [],
            title,
            body,
            written_at: new Date(g.now.getTime() - g.random.int(0, 400) * DAY),
          });
        }
      }
      await insertBatches(g.db, 'note', rows);
      added += rows.length;
    }
    return added;
  },
};

export const CARE_STEPS: Step[] = [agreements, careTeams, consents, carePlans, notes];
