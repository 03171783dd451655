// The contact directory: who to contact at each member for which issue, out of hours flagged, linked from
// every care plan action and every care team; managers keep their own organisation's entries.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../../test/app.ts';
import { Agent, mainText } from '../../../test/http.ts';
import { DEMO_ORGANISATIONS, DEMO_PASSWORD, DEMO_STAFF, demoPersonId } from '../../demo/index.ts';

const email = (key: string) => DEMO_STAFF.find((s) => s.key === key)!.email;
const orgs = DEMO_ORGANISATIONS;

let t: TestApp;
let john: string;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t.close());
beforeEach(async () => {
  await t.reset();
  john = await demoPersonId(t.database.db);
});

async function as(key: string): Promise<Agent> {
  const agent = new Agent(t.app);
  expect((await agent.signIn(email(key), DEMO_PASSWORD)).statusCode).toBe(303);
  return agent;
}

async function stored() {
  const db = t.database.db;
  return JSON.stringify(
    await Promise.all([
      db.selectFrom('contact_entry').selectAll().orderBy('id').execute(),
      db.selectFrom('audit_event').select('seq').orderBy('seq').execute(),
    ]),
  );
}

/** The section of the directory page for one organisation. */
function section(html: string, orgId: string): string {
  return /<section[^>]*>[\s\S]*?<\/section>/g.exec(html.slice(html.indexOf(`id="org-${orgId}"`) - 200))![0]!;
}

describe('the contact directory', () => {
  it('lists each member’s contacts by issue, with out-of-hours lines flagged and gathered', async () => {
    const priya = await as('volunteer');
    const page = await priya.get('/contacts');
    expect(page.statusCode).toBe(200);
    for (const org of Object.values(orgs)) expect(page.body).toContain(`id="org-${org.id}"`);
    const council = mainText(section(page.body, orgs.council.id));
    expect(council).toContain('Safeguarding concerns Adult safeguarding team 01632 960 200');
    expect(council).toContain('Emergency duty team Out of hours 01632 960 299');
    expect(council).not.toContain('Change');
    const text = mainText(page.body);
    expect(text).toMatch(/Out of hours .*Meadow Lane Surgery : NHS 111/);
    expect(text).toContain('Riverside Mental Health Service : Mental health crisis line');
    expect(page.body).toContain('href="tel:01632960299"');
    // One kind of issue at a time, still in a page that works without JavaScript.
    const safeguarding = mainText((await priya.get('/contacts?issue=safeguarding')).body);
    expect(safeguarding).toContain('Adult safeguarding team');
    expect(safeguarding).not.toContain('Adult social care front door');
    expect(safeguarding).toContain('No contact for safeguarding concerns yet.');
  });

  it('is linked from every action in John’s plan and from his care team, for the lead’s organisation', async () => {
    const sarah = await as('manager');
    const plan = await sarah.get(`/people/${john}/plan`);
    expect(plan.statusCode).toBe(200);
    const actions = await t.database.db
      .selectFrom('care_plan_action')
      .select(['what', 'lead_organisation_id'])
      .where('removed_at', 'is', null)
      .execute();
    expect(actions.length).toBeGreaterThan(3);
    for (const a of actions) {
      expect(a.lead_organisation_id).not.toBeNull();
      expect(plan.body).toContain(`href="/contacts#org-${a.lead_organisation_id}"`);
    }
    expect(mainText(plan.body)).toContain('Contact Meadow Lane Surgery about Annual health check');

    const team = await sarah.get(`/people/${john}/care-team`);
    expect(team.statusCode).toBe(200);
    for (const org of Object.values(orgs)) {
      expect(team.body).toContain(
        `<a class="govuk-link" href="/contacts#org-${org.id}">Contact ${org.name}</a>`,
      );
    }
  });
});

describe('keeping the directory', () => {
  it('a manager adds and changes their own organisation’s contacts, each change audited', async () => {
    const sarah = await as('manager');
    const res = await sarah.post('/contacts/new', {
      organisationId: orgs.council.id,
      issue: 'information_sharing',
      contactName: 'Data protection officer',
      phone: '',
      email: 'dpo@riverside.example',
      hours: 'Monday to Friday, 9am to 5pm',
      notes: 'For requests to share or correct records',
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/contacts?done=saved#org-${orgs.council.id}`);
    const row = await t.database.db
      .selectFrom('contact_entry')
      .selectAll()
      .where('contact_name', '=', 'Data protection officer')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ phone: null, email: 'dpo@riverside.example', out_of_hours: false });
    const page = await sarah.get('/contacts');
    expect(mainText(section(page.body, orgs.council.id))).toContain(
      'Information sharing Data protection officer',
    );

    const change = await sarah.post(`/contacts/${row.id}/edit`, {
      organisationId: orgs.council.id,
      issue: 'out_of_hours',
      contactName: 'Data protection officer',
      phone: '01632 960 777',
      email: '',
      hours: 'Weekends',
    });
    expect(change.statusCode).toBe(303);
    const changed = await t.database.db
      .selectFrom('contact_entry')
      .selectAll()
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow();
    // An out-of-hours line is flagged as answering out of hours even if the box was left unticked.
    expect(changed).toMatchObject({ issue: 'out_of_hours', out_of_hours: true, email: null });
    const audit = await t.database.db
      .selectFrom('audit_event')
      .select('action')
      .where('entity_id', '=', row.id)
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['contact.create', 'contact.update']);
  });

  it('a manager is refused another organisation’s contacts; a practitioner is refused all', async () => {
    const sarah = await as('manager');
    const amir = await as('gp');
    const before = await stored();
    const gpEntry = await t.database.db
      .selectFrom('contact_entry')
      .select('id')
      .where('organisation_id', '=', orgs.gp.id)
      .executeTakeFirstOrThrow();
    const attempts = [
      await sarah.post(
        '/contacts/new',
        {
          organisationId: orgs.gp.id,
          issue: 'referrals',
          contactName: 'X',
          phone: '01632 960 111',
          hours: 'Any',
        },
        { formUrl: '/contacts' },
      ),
      await sarah.get(`/contacts/${gpEntry.id}/edit`).then(async (r) => {
        // The form opens for a manager (they keep their own), but saving another's entry is refused.
        expect(r.statusCode).toBe(200);
        return sarah.post(`/contacts/${gpEntry.id}/remove`, {}, { formUrl: '/contacts' });
      }),
      await sarah.json('DELETE', `/api/v1/contacts/${gpEntry.id}`, {}),
    ];
    for (const res of attempts) expect(res.statusCode).toBe(403);
    expect(mainText(attempts[0]!.body)).toContain('a manager at that organisation');

    expect((await amir.get('/contacts/new')).statusCode).toBe(403);
    expect(
      (await amir.json('POST', '/api/v1/contacts', { organisationId: orgs.gp.id, issue: 'referrals' }))
        .statusCode,
    ).toBe(403);
    expect(mainText((await amir.get('/contacts')).body)).not.toContain('Add a contact');
    expect(await stored()).toBe(before);
  });

  it('refuses bad input with field errors and changes nothing, on the form and the API', async () => {
    const david = await as('seniorLeader');
    const before = await stored();
    const res = await david.post('/contacts/new', {
      organisationId: orgs.gp.id,
      issue: 'referrals',
      contactName: '  ',
      phone: '',
      email: '',
      hours: '',
    });
    expect(res.statusCode).toBe(422);
    expect(res.body).toMatch(/<title>Error: /);
    for (const field of ['contactName', 'phone', 'hours']) {
      expect(res.body).toContain(`href="#${field}"`);
      expect(res.body).toContain(`id="${field}"`);
    }
    expect(mainText(res.body)).toContain('Enter a phone number or an email address');

    const api = await david.json('POST', '/api/v1/contacts', {
      organisationId: orgs.gp.id,
      issue: 'gossip',
      contactName: 'Reception',
      phone: 'ring the bell',
      email: 'not-an-email',
      hours: 'Mornings',
    });
    expect(api.statusCode).toBe(422);
    const problem = JSON.parse(api.body) as { errors: Array<{ field: string }> };
    expect(problem.errors.map((e) => e.field).sort()).toEqual(['email', 'issue', 'phone']);
    const unknownOrg = await david.json('POST', '/api/v1/contacts', {
      organisationId: '6a0c1d1e-0000-4000-8000-00000000dead',
      issue: 'referrals',
      contactName: 'Reception',
      phone: '01632 960 000',
      hours: 'Mornings',
    });
    expect(unknownOrg.statusCode).toBe(422);
    expect(await stored()).toBe(before);
  });

  it('the API lists contacts by organisation with the issues each has not covered', async () => {
    const priya = await as('volunteer');
    const body = JSON.parse((await priya.get('/api/v1/contacts')).body) as {
      organisations: Array<{
        id: string;
        contacts: Array<{ issue: string; outOfHours: boolean }>;
        missingIssues: string[];
      }>;
    };
    const volunteers = body.organisations.find((o) => o.id === orgs.volunteers.id)!;
    expect(volunteers.contacts.map((c) => c.issue)).toEqual(['care_plan']);
    expect(volunteers.missingIssues).toContain('safeguarding');
    const mh = body.organisations.find((o) => o.id === orgs.mentalHealth.id)!;
    expect(mh.contacts.find((c) => c.issue === 'out_of_hours')?.outOfHours).toBe(true);
  });
});
