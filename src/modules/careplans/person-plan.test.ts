import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../../test/app.ts';
import { Agent, mainText } from '../../../test/http.ts';
import { verifyTrail } from '../../audit/index.ts';
import { DEMO_PASSWORD, DEMO_STAFF, demoPersonId } from '../../demo/index.ts';
import { accept, inviteJohn } from '../portal/test-support.ts';

const email = (key: string) => DEMO_STAFF.find((s) => s.key === key)!.email;

const JOHNS_OUTCOMES = [
  'I want to keep living in my own flat.',
  'I want to go to the allotment group every Wednesday with my friend Dave.',
  'I want to stay well and know what is happening with my health.',
  'I want to feel less low on Sundays.',
];

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

/** The text of each easy-read line on a page: what sits beside each picture box. */
function easyReadLines(html: string): string[] {
  return [...html.matchAll(/<p class="app-easy-read-plan__words">([\s\S]*?)<\/p>/g)].map((m) =>
    m[1]!.replace(/&#39;/g, "'").replace(/&amp;/g, '&').trim(),
  );
}

const WIN_ANSI: Record<number, string> = { 145: '‘', 146: '’', 147: '“', 148: '”', 150: '–', 151: '—' };

/**
 * A small reading of a PDF, enough to check one: its pages, and the text of each line drawn, taken from the
 * (deflated) content streams, where PDFKit writes each line as one TJ array of hex strings.
 */
function readPdf(bytes: Buffer): { pages: number; lines: string[]; raw: string } {
  const raw = bytes.toString('latin1');
  const lines: string[] = [];
  for (const m of raw.matchAll(/\bobj\s*<<((?:(?!endobj)[\s\S])*?)>>\s*stream\r?\n/g)) {
    const length = Number(/\/Length (\d+)/.exec(m[1]!)?.[1]);
    const start = m.index! + m[0].length;
    const data = bytes.subarray(start, start + length);
    const content = (m[1]!.includes('/FlateDecode') ? inflateSync(data) : data).toString('latin1');
    for (const tj of content.matchAll(/\[([^\]]*)\]\s*TJ/g)) {
      const text = [...tj[1]!.matchAll(/<([0-9a-f]*)>/g)]
        .map((h) => [...Buffer.from(h[1]!, 'hex')].map((c) => WIN_ANSI[c] ?? String.fromCharCode(c)).join(''))
        .join('');
      lines.push(text);
    }
  }
  return { pages: raw.match(/\/Type \/Page\b/g)?.length ?? 0, lines, raw };
}

async function exports(personId: string) {
  return t.database.db
    .selectFrom('audit_event')
    .select(['action', 'outcome', 'basis', 'detail', 'actor_user_id'])
    .where('person_id', '=', personId)
    .where('action', '=', 'care_plan.export.pdf')
    .execute();
}

describe('the person’s own copy of the plan, for the care team', () => {
  it('easy read for John: his outcomes in his words, the weekly allotment action, one short idea a line', async () => {
    const sarah = await as('manager');
    // John prefers easy read (his communication needs), so that is what opens.
    const page = await sarah.get(`/people/${john}/plan/for-person`);
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    const text = mainText(page.body);
    for (const words of JOHNS_OUTCOMES) expect(text).toContain(words);
    const lines = easyReadLines(page.body);
    expect(lines).toContain('A volunteer goes with John to the allotment group.');
    expect(lines).toContain('Priya Shah helps me with this.');
    expect(lines).toContain('This happens every week.');
    expect(lines).toContain('Next time: Wednesday 25 November 2026.');
    expect(lines).toContain('This happens every year.');
    expect(lines).toContain('Next time: Wednesday 9 December 2026.');
    expect(lines.length).toBeGreaterThan(30);
    for (const line of lines) expect(line.split(/\s+/).length).toBeLessThanOrEqual(15);
    // A box for a picture beside every line, hidden from screen readers.
    expect(page.body.match(/class="app-easy-read-plan__picture" aria-hidden="true"/g)).toHaveLength(
      lines.length,
    );
    for (const heading of ['What I want', 'Who helps me', 'About my plan']) expect(text).toContain(heading);
    // Nothing in the care team's own terms.
    for (const code of [
      'Weekly social engagement',
      'Social activities',
      'social_care',
      'Daily living support:',
      'Planned',
      'Version 2',
    ]) {
      expect(text).not.toContain(code);
    }
    expect(page.body).toContain('<strong aria-current="page">Easy read</strong> (preferred)');
  });

  it('switches format with links: plain words and large print say the same in labelled rows', async () => {
    const sarah = await as('manager');
    const easy = await sarah.get(`/people/${john}/plan/for-person`);
    expect(easy.body).toContain(`href="/people/${john}/plan/for-person?format=plain"`);
    expect(easy.body).toContain(`href="/people/${john}/plan/for-person.pdf?format=easy_read"`);

    const plain = await sarah.get(`/people/${john}/plan/for-person?format=plain`);
    expect(plain.statusCode).toBe(200);
    const text = mainText(plain.body);
    expect(text).toContain('“I want to go to the allotment group every Wednesday with my friend Dave.”');
    expect(text).toMatch(/What will happen\s+A volunteer goes with John to the allotment group\./);
    expect(text).toMatch(/Who helps me\s+Priya Shah, Volunteer coordinator, Friends Together/);
    expect(text).toMatch(/When\s+Every week\. Next time: Wednesday 25 November 2026\./);
    expect(easyReadLines(plain.body)).toEqual([]);
    expect(plain.body).not.toContain('app-large-print-plan');
    expect(plain.body).toContain('<strong aria-current="page">Plain words</strong>');
    expect(plain.body).toContain(`href="/people/${john}/plan/for-person.pdf?format=plain"`);

    const large = await sarah.get(`/people/${john}/plan/for-person?format=large_print`);
    expect(large.body).toContain('class="app-large-print-plan"');
    expect(mainText(large.body)).toContain(
      'What will happen A volunteer goes with John to the allotment group.',
    );

    const bad = await sarah.get(`/people/${john}/plan/for-person?format=braille`);
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Choose plain words, large print or easy read');
  });

  it('the volunteer’s copy holds only her own task, on the page and in the PDF', async () => {
    const priya = await as('volunteer');
    const page = await priya.get(`/people/${john}/plan/for-person`);
    expect(page.statusCode).toBe(200);
    const text = mainText(page.body);
    expect(text).toContain('A volunteer goes with John to the allotment group.');
    expect(text).toContain('This copy shows only your own tasks');
    for (const hidden of [
      ...JOHNS_OUTCOMES,
      'Meadow Lane Surgery',
      'Mental health',
      'Tom',
      'morning visit',
      'wound',
    ]) {
      expect(text).not.toContain(hidden);
    }
    const pdf = await priya.get(`/people/${john}/plan/for-person.pdf?format=plain`);
    expect(pdf.statusCode).toBe(200);
    const all = readPdf(pdf.rawPayload).lines.join(' ');
    expect(all).toContain('A volunteer goes with John to the allotment group.');
    for (const hidden of [...JOHNS_OUTCOMES, 'Meadow Lane', 'morning visit', 'wound'])
      expect(all).not.toContain(hidden);
  });

  it('the PDF is a tagged PDF with a title and language, attached and not cached, and its export is audited', async () => {
    const sarah = await as('manager');
    const res = await sarah.get(`/people/${john}/plan/for-person.pdf?format=easy_read`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe('attachment; filename="care-plan-easy-read.pdf"');
    expect(res.headers['cache-control']).toBe('no-store');
    const bytes = res.rawPayload;
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.subarray(-6).toString('latin1')).toContain('%%EOF');
    const pdf = readPdf(bytes);
    expect(pdf.raw).toContain('(My plan: John Carter)');
    expect(pdf.raw).toContain('/Lang (en-GB)');
    expect(pdf.raw).toMatch(/\/Marked true/);
    expect(pdf.raw).toContain('/StructTreeRoot');
    expect(pdf.raw).toContain('/DisplayDocTitle true');
    expect(pdf.pages).toBeGreaterThan(1);
    expect(pdf.lines).toContain('This happens every week.');
    expect(pdf.lines).toContain(`Page 1 of ${pdf.pages}`);
    const all = pdf.lines.join(' ');
    for (const words of JOHNS_OUTCOMES) expect(all.replace(/\s+/g, ' ')).toContain(words.slice(0, 30));

    const rows = await exports(john);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.outcome).toBe('success');
    // Five from the plan's own demo and three from John's planning meeting (src/demo/meetings.ts).
    expect(rows[0]!.detail).toMatchObject({ format: 'easy_read', whole: true, outcomes: 4, actions: 8 });
    expect(rows[0]!.basis).toBeTruthy();
    const reads = await t.database.db
      .selectFrom('audit_event')
      .select('action')
      .where('person_id', '=', john)
      .where('action', '=', 'person.read.care_plan')
      .execute();
    expect(reads.length).toBeGreaterThan(0);
    expect((await verifyTrail(t.database.db)).broken).toBeNull();
  });

  it('the PDF is refused to someone off the care team, and the refusal is recorded', async () => {
    const outsider = await as('outOfHours');
    const res = await outsider.get(`/people/${john}/plan/for-person.pdf?format=plain`);
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).not.toContain('application/pdf');
    expect(mainText(res.body)).toContain('not on this person’s care team');
    expect((await outsider.get(`/people/${john}/plan/for-person`)).statusCode).toBe(403);
    expect(await exports(john)).toHaveLength(0);
    const refusals = await t.database.db
      .selectFrom('audit_event')
      .select('outcome')
      .where('person_id', '=', john)
      .where('outcome', '=', 'refused')
      .execute();
    expect(refusals.length).toBeGreaterThan(0);
  });
});

describe('John’s own plan, signed in', () => {
  it('opens in his preferred format, switches format, and downloads as a PDF he can keep', async () => {
    const me = await accept(t, await inviteJohn(t, john));
    const page = await me.get('/my/plan');
    expect(page.statusCode).toBe(200);
    // In his navigation, from every one of his pages.
    expect(page.body).toMatch(
      /<a class="govuk-service-navigation__link" href="\/my\/plan" aria-current="true">/,
    );
    expect((await me.get('/my')).body).toContain('href="/my/plan"');
    const lines = easyReadLines(page.body);
    expect(lines).toContain('A volunteer goes with John to the allotment group.');
    expect(lines).toContain('This happens every week.');
    for (const words of JOHNS_OUTCOMES) expect(mainText(page.body)).toContain(words);
    expect(page.body).toContain('href="/my/plan.pdf?format=easy_read"');

    const large = await me.get('/my/plan?format=large_print');
    expect(large.body).toContain('class="app-large-print-plan"');
    // The choice is remembered, as on the rest of his pages.
    expect((await me.get('/my/plan')).body).toContain('class="app-large-print-plan"');

    const pdf = await me.get('/my/plan.pdf');
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-disposition']).toBe('attachment; filename="my-plan-large-print.pdf"');
    expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(readPdf(pdf.rawPayload).raw).toContain('(My care plan: John Carter)');
    const rows = await exports(john);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.actor_user_id).toBeNull();
    expect(rows[0]!.detail).toMatchObject({ format: 'large_print' });
    expect(rows[0]!.detail).toHaveProperty('personAccountId');
  });

  it('follows the sharing rules: an action kept for safeguarding is not in his copy', async () => {
    const sarah = await as('manager');
    const outcome = await t.database.db
      .selectFrom('care_plan_outcome')
      .select('id')
      .where('words', 'like', 'I want to keep living%')
      .executeTakeFirstOrThrow();
    const staff = await t.database.db
      .selectFrom('staff_user')
      .select('id')
      .where('email', '=', email('manager'))
      .executeTakeFirstOrThrow();
    const added = await sarah.post(
      `/people/${john}/plan/actions/new`,
      {
        outcomeId: outcome.id,
        what: 'Safeguarding strategy meeting about the neighbour',
        kind: 'other',
        category: 'safeguarding',
        leadStaffId: staff.id,
        timing: 'once',
        dueOn: '2026-12-01',
      },
      { formUrl: `/people/${john}/plan/actions/new` },
    );
    expect(added.statusCode).toBe(303);
    expect(mainText((await sarah.get(`/people/${john}/plan/for-person?format=plain`)).body)).toContain(
      'Safeguarding strategy meeting',
    );
    const me = await accept(t, await inviteJohn(t, john));
    const mine = mainText((await me.get('/my/plan?format=plain')).body);
    expect(mine).toContain('A volunteer goes with John to the allotment group.');
    expect(mine).not.toContain('Safeguarding strategy meeting');
    const pdf = readPdf((await me.get('/my/plan.pdf?format=plain')).rawPayload).lines.join(' ');
    expect(pdf).not.toContain('Safeguarding');
  });

  it('is only for the person: staff are sent to the care team’s page, and the person cannot open it there', async () => {
    const sarah = await as('manager');
    expect((await sarah.get('/my/plan')).statusCode).toBe(403);
    expect((await sarah.get('/my/plan.pdf')).statusCode).toBe(403);
    const me = await accept(t, await inviteJohn(t, john));
    expect((await me.get(`/people/${john}/plan/for-person`)).statusCode).toBe(403);
    expect((await me.get(`/people/${john}/plan/for-person.pdf`)).statusCode).toBe(403);
    const anonymous = new Agent(t.app);
    expect([302, 303, 401]).toContain((await anonymous.get('/my/plan')).statusCode);
  });
});
