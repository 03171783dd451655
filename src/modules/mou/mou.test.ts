// The written agreement: versions with what changed, signatures that make a version agreed, a stale save
// refused with both texts shown, and each member's priorities beside the shared aims.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../../test/app.ts';
import { Agent, mainText } from '../../../test/http.ts';
import { DEMO_ORGANISATIONS, DEMO_PASSWORD, DEMO_STAFF } from '../../demo/index.ts';
import { lineDiff } from './diff.ts';

const email = (key: string) => DEMO_STAFF.find((s) => s.key === key)!.email;
const orgs = DEMO_ORGANISATIONS;

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t.close());
beforeEach(async () => t.reset());

async function as(key: string): Promise<Agent> {
  const agent = new Agent(t.app);
  expect((await agent.signIn(email(key), DEMO_PASSWORD)).statusCode).toBe(303);
  return agent;
}

async function versions() {
  return t.database.db.selectFrom('mou_version').selectAll().orderBy('version').execute();
}

async function stored() {
  const db = t.database.db;
  return JSON.stringify(
    await Promise.all([
      versions(),
      db.selectFrom('mou_signatory').selectAll().orderBy('version').orderBy('organisation_id').execute(),
      db.selectFrom('organisation_priority').selectAll().orderBy('id').execute(),
      db.selectFrom('audit_event').select('seq').orderBy('seq').execute(),
    ]),
  );
}

/** The edit form's fields as the page fills them, so a test changes only what it means to. */
async function formFields(agent: Agent): Promise<Record<string, string>> {
  const page = await agent.get('/partnership/agreement/edit');
  expect(page.statusCode).toBe(200);
  const fields: Record<string, string> = {};
  for (const m of page.body.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)) fields[m[1]!] = m[2]!;
  for (const m of page.body.matchAll(/<textarea[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/textarea>/g)) {
    fields[m[1]!] = m[2]!
      .trim()
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&')
      .replace(/&quot;/g, '"');
  }
  delete fields._csrf;
  return fields;
}

const today = { 'signedOn-day': '25', 'signedOn-month': '11', 'signedOn-year': '2026' };

async function signRemaining(david: Agent) {
  for (const [org, name] of [
    [orgs.nursing, 'Joanne Price'],
    [orgs.mentalHealth, 'Dr Susan Hall'],
    [orgs.volunteers, 'Priya Shah'],
  ] as const) {
    const res = await david.post('/partnership/agreement/sign', {
      organisationId: org.id,
      name,
      role: 'Signatory',
      revision: '2',
      ...today,
    });
    expect(res.statusCode).toBe(303);
  }
}

describe('the written agreement', () => {
  it('everyone reads version 2, waiting for signatures, with what changed since version 1 was agreed', async () => {
    const priya = await as('volunteer');
    const page = await priya.get('/partnership/agreement');
    expect(page.statusCode).toBe(200);
    const text = mainText(page.body);
    expect(text).toContain('Version 2: Draft: waiting for signatures');
    expect(text).toContain('Version 1 stays in force until every member signs this one');
    expect(text).toContain('What changed since version 1 was agreed');
    expect(text).toContain('Added: + Learn each other’s roles through joint training and shadowing');
    expect(text).toContain('Responsibilities: Riverside Community Nursing');
    expect(text).toContain('Removed: − Provides community nursing care at home.');
    expect(text).toContain(
      'Added: + Tells the person’s support worker about any concern with their medicines.',
    );
    // Unchanged sections are left out of what changed.
    expect(text).not.toContain('Responsibilities: Meadow Lane Surgery');
    expect(text).not.toContain('Change the agreement');
    expect(text).toMatch(/Riverside Council Adult Social Care David Evans Director of adult social services/);
    expect(text).toMatch(/Friends Together Volunteer Group Not signed/);
  });

  it('becomes agreed when every member has signed; changing it then starts version 3, line by line', async () => {
    const david = await as('seniorLeader');
    await signRemaining(david);
    expect((await versions()).map((v) => v.status)).toEqual(['agreed', 'agreed']);
    expect(mainText((await david.get('/partnership/agreement')).body)).toContain(
      'Version 2: Agreed by every member',
    );

    const fields = await formFields(david);
    expect(fields.revision).toBe('2');
    const firstAimId = fields['aimId-1'];
    const res = await david.post('/partnership/agreement/edit', {
      ...fields,
      'aim-1': 'Put the person at the centre: every plan is made with them',
      'aim-5': '',
      'aim-6': 'Settle disagreements quickly, hearing everyone',
      'reviewOn-day': '1',
      'reviewOn-month': '12',
      'reviewOn-year': '2027',
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/partnership/agreement?saved=new_version');

    const rows = await versions();
    expect(rows.map((v) => [v.version, v.status, v.revision])).toEqual([
      [1, 'agreed', 1],
      [2, 'agreed', 2],
      [3, 'draft', 3],
    ]);
    // A reworded aim keeps its id, so the priorities that support it stay linked.
    expect(rows[2]!.aims[0]).toEqual({
      id: firstAimId,
      text: 'Put the person at the centre: every plan is made with them',
    });
    expect(rows[2]!.aims.map((a) => a.text)).not.toContain(
      'Learn each other’s roles through joint training and shadowing',
    );

    const text = mainText((await david.get(String(res.headers.location))).body);
    expect(text).toContain('Your changes start a new version');
    expect(text).toContain('What changed since version 2 was agreed');
    expect(text).toContain(
      'Removed: − Put the person at the centre: plans are made with them and reflect what matters to them',
    );
    expect(text).toContain('Added: + Put the person at the centre: every plan is made with them');
    expect(text).toContain('Removed: − Learn each other’s roles through joint training and shadowing');
    expect(text).toContain('Added: + Settle disagreements quickly, hearing everyone');
    expect(text).toContain('Review date');
    expect(text).toContain('Added: + 1 December 2027');
    const version = mainText((await david.get('/partnership/agreement/versions/3')).body);
    expect(version).toContain('What changed from version 2');
    expect(version).toContain('Added: + Settle disagreements quickly, hearing everyone');
    expect(version).toContain('Nobody has signed this version');

    const audit = await t.database.db
      .selectFrom('audit_event')
      .select(['action', 'detail'])
      .where('action', 'in', ['mou.save', 'mou.agreed'])
      .orderBy('seq')
      .execute();
    expect(audit.slice(-2).map((a) => [a.action, a.detail.version])).toEqual([
      ['mou.agreed', 2],
      ['mou.save', 3],
    ]);
  });

  it('changing a draft clears its signatures, since they were to other words', async () => {
    const david = await as('seniorLeader');
    const fields = await formFields(david);
    const res = await david.post('/partnership/agreement/edit', {
      ...fields,
      purpose: `${fields.purpose} Together.`,
    });
    expect(res.statusCode).toBe(303);
    const rows = await versions();
    expect(rows.map((v) => [v.version, v.revision])).toEqual([
      [1, 1],
      [2, 3],
    ]);
    const signed = await t.database.db
      .selectFrom('mou_signatory')
      .select('version')
      .where('version', '=', 2)
      .execute();
    expect(signed).toHaveLength(0);
  });

  it('refuses a save based on an older revision, showing the saved text beside the person’s own', async () => {
    const david = await as('seniorLeader');
    const fields = await formFields(david);
    expect(
      (
        await david.post('/partnership/agreement/edit', {
          ...fields,
          purpose: 'First change to the purpose.',
        })
      ).statusCode,
    ).toBe(303);
    const before = await stored();

    const stale = await david.post('/partnership/agreement/edit', {
      ...fields,
      purpose: 'My own, later change.',
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('govuk-error-summary');
    const text = mainText(stale.body);
    expect(text).toContain('Someone else saved the agreement while you were editing it');
    expect(text).toContain('Your changes');
    expect(text).toContain('Saved by David Evans');
    expect(text).toContain('First change to the purpose.');
    expect(stale.body).toContain('My own, later change.');
    // The form now carries the saved revision: saving again is a deliberate choice.
    expect(stale.body).toContain('name="revision" value="3"');
    expect(await stored()).toBe(before);

    const api = await david.json('PUT', '/api/v1/partnership/agreement', {
      purpose: 'From a script',
      aims: [{ text: 'One aim' }],
      reviewOn: '2027-12-01',
      revision: 2,
    });
    expect(api.statusCode).toBe(409);
    expect(api.headers['content-type']).toContain('application/problem+json');
    const problem = JSON.parse(api.body);
    expect(problem).toMatchObject({ status: 409, code: 'JU_CONFLICT', current: { version: 2, revision: 3 } });
    expect(await stored()).toBe(before);
  });

  it('the API reads the agreement and saves a change with the current revision', async () => {
    const david = await as('seniorLeader');
    const read = JSON.parse((await david.get('/api/v1/partnership/agreement')).body);
    expect(read.current).toMatchObject({ version: 2, status: 'draft', revision: 2 });
    expect(read.changesSinceAgreed.version).toBe(1);
    expect(read.signatories).toHaveLength(5);
    const res = await david.json('PUT', '/api/v1/partnership/agreement', {
      purpose: read.current.purpose,
      aims: read.current.aims,
      responsibilities: read.current.responsibilities,
      reviewOn: '2028-01-31',
      revision: 2,
    });
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({
      outcome: 'updated',
      signaturesCleared: 2,
      current: { revision: 3 },
    });
  });
});

describe('who may change it', () => {
  it('only senior leaders and administrators; practitioners and managers read it', async () => {
    for (const key of ['gp', 'manager']) {
      const agent = await as(key);
      const before = await stored();
      expect((await agent.get('/partnership/agreement')).statusCode).toBe(200);
      const attempts = [
        await agent.get('/partnership/agreement/edit'),
        await agent.post(
          '/partnership/agreement/edit',
          { purpose: 'x', revision: '2' },
          { formUrl: '/partnership' },
        ),
        await agent.post(
          '/partnership/agreement/sign',
          { organisationId: orgs.gp.id },
          { formUrl: '/partnership' },
        ),
        await agent.post('/partnership/priorities/new', { priority: 'x' }, { formUrl: '/partnership' }),
        await agent.json('PUT', '/api/v1/partnership/agreement', {}),
      ];
      for (const res of attempts) {
        expect(res.statusCode).toBe(403);
        expect(res.body).not.toContain('govuk-error-summary');
      }
      expect(mainText(attempts[0]!.body)).toContain('a senior leader in your organisation');
      expect(await stored()).toBe(before);
    }
  });
});

describe('bad input', () => {
  it('the agreement form refuses a blank purpose, no aims and an impossible date, changing nothing', async () => {
    const david = await as('seniorLeader');
    const fields = await formFields(david);
    const before = await stored();
    const blanks = Object.fromEntries(
      Object.keys(fields)
        .filter((k) => k.startsWith('aim-'))
        .map((k) => [k, '']),
    );
    const res = await david.post('/partnership/agreement/edit', {
      ...fields,
      ...blanks,
      purpose: '  ',
      'reviewOn-day': '31',
      'reviewOn-month': '2',
      'reviewOn-year': '2027',
    });
    expect(res.statusCode).toBe(422);
    expect(res.body).toMatch(/<title>Error: /);
    for (const field of ['purpose', 'aim-1', 'reviewOn']) {
      expect(res.body).toContain(`href="#${field}"`);
      expect(res.body).toContain(`id="${field}"`);
    }
    expect(await stored()).toBe(before);

    const past = await david.post('/partnership/agreement/edit', {
      ...fields,
      'reviewOn-day': '1',
      'reviewOn-month': '1',
      'reviewOn-year': '2026',
    });
    expect(past.statusCode).toBe(422);
    expect(mainText(past.body)).toContain('The review date must be in the future');
    expect(await stored()).toBe(before);
  });

  it('a signature dated in the future, or for a member that already signed, is refused', async () => {
    const david = await as('seniorLeader');
    const before = await stored();
    const future = await david.post('/partnership/agreement/sign', {
      organisationId: orgs.nursing.id,
      name: 'Joanne Price',
      role: 'Head of community nursing',
      revision: '2',
      'signedOn-day': '1',
      'signedOn-month': '1',
      'signedOn-year': '2027',
    });
    expect(future.statusCode).toBe(422);
    expect(mainText(future.body)).toContain('The date they signed must be today or in the past');
    const again = await david.post('/partnership/agreement/sign', {
      organisationId: orgs.council.id,
      name: 'Someone Else',
      role: 'Deputy',
      revision: '2',
      ...today,
    });
    expect(again.statusCode).toBe(422);
    expect(mainText(again.body)).toContain(
      'Riverside Council Adult Social Care has already signed version 2',
    );
    const missing = await david.post('/partnership/agreement/sign', { revision: '2' });
    expect(missing.statusCode).toBe(422);
    for (const field of ['organisationId', 'name', 'role', 'signedOn'])
      expect(missing.body).toContain(`href="#${field}"`);
    expect(await stored()).toBe(before);
  });

  it('a priority needs an organisation and words, and may only support the agreement’s aims', async () => {
    const david = await as('seniorLeader');
    const before = await stored();
    const res = await david.post('/partnership/priorities/new', {
      organisationId: '',
      priority: ' ',
      supportsAims: 'nonsense',
    });
    expect(res.statusCode).toBe(422);
    for (const field of ['organisationId', 'priority', 'supportsAims'])
      expect(res.body).toContain(`href="#${field}"`);
    const api = await david.json('POST', '/api/v1/partnership/priorities', {
      organisationId: orgs.gp.id,
      priority: 'Something',
      supportsAims: ['6a0c1d1e-0000-4000-8000-00000000dead'],
    });
    expect(api.statusCode).toBe(422);
    expect(JSON.parse(api.body).errors).toEqual([
      { field: 'supportsAims', message: 'Select shared aims from the written agreement' },
    ]);
    expect(await stored()).toBe(before);
  });
});

describe('priorities beside the shared aims', () => {
  it('shows which members’ priorities support each aim, and where interests meet', async () => {
    const tom = await as('mentalHealth');
    const page = await tom.get('/partnership/priorities');
    expect(page.statusCode).toBe(200);
    const text = mainText(page.body);
    expect(text).toContain(
      'Areas of shared interest Put the person at the centre: plans are made with them and reflect what matters to them : Friends Together Volunteer Group; Riverside Council Adult Social Care; Riverside Mental Health Service',
    );
    expect(text).toContain('Which members’ priorities support each shared aim');
    expect(text).toMatch(/Aims no member’s priorities support yet Share information safely/);
    expect(text).toMatch(
      /Priorities outside the shared aims .* Riverside Mental Health Service: See people within four weeks of referral/,
    );
    expect(text).not.toContain('Friends Together Volunteer Group: See people');

    const api = JSON.parse((await tom.get('/api/v1/partnership/priorities')).body);
    const keepWell = api.sharedInterest.find((r: { aim: { text: string } }) =>
      r.aim.text.startsWith('Keep people well'),
    );
    expect(keepWell.shared).toBe(true);
    expect(keepWell.organisations.map((o: { organisationId: string }) => o.organisationId).sort()).toEqual(
      [orgs.council.id, orgs.gp.id, orgs.nursing.id].sort(),
    );
  });

  it('a new priority linked to an aim nobody supported makes it an area of shared interest with another', async () => {
    const david = await as('seniorLeader');
    const api = JSON.parse((await david.get('/api/v1/partnership/priorities')).body);
    const share = api.sharedInterest.find((r: { aim: { text: string } }) =>
      r.aim.text.startsWith('Share information'),
    );
    expect(share.organisations).toEqual([]);
    for (const [org, words] of [
      [orgs.nursing, 'Every nurse trained in information sharing each year'],
      [orgs.gp, 'Share records safely with the care team'],
    ] as const) {
      const res = await david.post('/partnership/priorities/new', {
        organisationId: org.id,
        priority: words,
        target: '100% of staff',
        supportsAims: share.aim.id,
      });
      expect(res.statusCode).toBe(303);
    }
    const text = mainText((await david.get('/partnership/priorities')).body);
    expect(text).toMatch(
      /Areas of shared interest .*Share information safely, with consent, under signed information sharing agreements : Meadow Lane Surgery; Riverside Community Nursing/,
    );
    expect(text).not.toContain('Aims no member’s priorities support yet Share information');
    expect(text).toContain('Every nurse trained in information sharing each year (target: 100% of staff)');
  });
});

describe('the Partnership page', () => {
  it('lists each part of partnership working with live counts', async () => {
    const priya = await as('volunteer');
    const page = await priya.get('/partnership');
    expect(page.statusCode).toBe(200);
    const text = mainText(page.body);
    expect(text).toContain('Written agreement Version 2, draft. Signed by 2 of 5 members.');
    expect(text).toContain(
      '8 priorities across the members; 3 of 5 shared aims are areas of shared interest.',
    );
    expect(text).toContain('14 contacts, 4 out of hours.');
    expect(text).toContain(
      '7 commitments (34 hours a week, £20,000 a year). 2 funding bids: 1 in progress, 1 awarded (£48,000).',
    );
    expect(text).toContain('Disagreements 0 open, 1 resolved.');
    expect(page.body).toContain('href="/partnership" aria-current="true"');
  });
});

describe('what changed, line by line', () => {
  it('keeps common lines and marks the rest as removed or added, in order', () => {
    expect(lineDiff(['a', 'b', 'c'], ['a', 'c', 'd'])).toEqual([
      { kind: 'same', text: 'a' },
      { kind: 'removed', text: 'b' },
      { kind: 'same', text: 'c' },
      { kind: 'added', text: 'd' },
    ]);
    expect(lineDiff([], ['x'])).toEqual([{ kind: 'added', text: 'x' }]);
    expect(lineDiff(['x'], [])).toEqual([{ kind: 'removed', text: 'x' }]);
  });
});
