// A body nested thousands of levels deep is a few kilobytes that anyone can send, signed in or not: it is
// refused as it is parsed, with a 400 that says what to change, before anything walks it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unstorableFields } from '../src/server/forms.ts';
import { type TestApp, testApp } from './app.ts';
import { signedIn } from './demo-staff.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  await t.reset();
});
afterAll(async () => t.close());

/** `{"a":{"a":...}}` (or `[[...]]`) with `levels` levels of objects or arrays. */
const nested = (levels: number, open = '{"a":', close = '}') =>
  `${open.repeat(levels - 1)}{"givenName":"Deep"}${close.repeat(levels - 1)}`;

describe('deeply nested bodies', () => {
  it('are refused at /sign-in without an account, as a page saying what to change', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: { 'content-type': 'application/json' },
      payload: nested(4000),
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('nested too deeply');
  });

  it('are refused on every kind of API write with 400 problem+json, objects and arrays alike', async () => {
    const sarah = await signedIn(t, 'manager');
    const token = await sarah.csrfFrom('/account');
    for (const [method, url, payload] of [
      ['POST', '/api/v1/people', nested(4000)],
      ['POST', '/api/v1/people', nested(4000, '[', ']')],
      ['PUT', '/api/v1/partnership/agreement', nested(33)],
    ] as const) {
      const res = await t.app.inject({
        method,
        url,
        headers: {
          cookie: sarah.cookieHeader(),
          'content-type': 'application/json',
          'x-csrf-token': token ?? '',
        },
        payload,
      });
      expect(res.statusCode, `${method} ${url}`).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      const problem = res.json();
      expect(problem.code).toBe('JU_BODY_TOO_DEEP');
      expect(problem.detail).toContain('32 levels');
    }
  });

  it('up to 32 levels, and brackets inside strings, are parsed as usual', async () => {
    const sarah = await signedIn(t, 'manager');
    const token = await sarah.csrfFrom('/account');
    const body = `{"givenName":"Ada","familyName":"Brackets [[[[{{{{","extra":${nested(31)}}`;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/people',
      headers: {
        cookie: sarah.cookieHeader(),
        'content-type': 'application/json',
        'x-csrf-token': token ?? '',
      },
      payload: body,
    });
    expect(res.statusCode).toBe(201);
  });

  it('a form whose field names look nested is taken as flat names, never a 500', async () => {
    const key = `a${'[b]'.repeat(4000)}`;
    const res = await t.app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `${encodeURIComponent(key)}=x&email=a%40b.example&password=x`,
    });
    expect(res.statusCode).toBeLessThan(500);
  });

  it('the null-character check walks any depth without recursing', () => {
    let value: Record<string, unknown> = { note: 'bad\u0000' };
    for (let i = 0; i < 10_000; i++) value = { inner: value };
    const fields = unstorableFields(value);
    expect(fields).toHaveLength(1);
    expect(fields[0]!.field).toBe(`${'inner.'.repeat(10_000)}note`);
  });
});
