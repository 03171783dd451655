import { describe, expect, it } from 'vitest';
import { safeNext } from './forms.ts';

describe('the page to go to after signing in (safeNext)', () => {
  it('keeps a same-site path with its query', () => {
    expect(safeNext('/people/2f1c?tab=plan')).toBe('/people/2f1c?tab=plan');
    expect(safeNext('/my')).toBe('/my');
  });

  it.each([
    ['a tab after the slash', '/\t/evil.example/'],
    ['a newline', '/\n/evil.example/'],
    ['a carriage return and header', '/x\r\nSet-Cookie: a=b'],
    ['a backslash', '\\evil.example'],
    ['two slashes', '//evil.example/'],
    ['slash backslash', '/\\evil.example'],
    ['a dot segment that leaves two slashes', '/.//evil.example'],
    ['a dot-dot segment that leaves two slashes', '/a/..//evil.example'],
    ['an absolute address', 'https://evil.example/'],
    ['a scheme without slashes', 'javascript:alert(1)'],
    ['a relative path', 'evil.example'],
    ['a space', '/ /evil.example'],
    ['nothing', ''],
  ])('sends %s home', (_what, next) => {
    expect(safeNext(next)).toBe('/');
  });

  it.each([
    ['an encoded tab', '/%09/evil.example/'],
    ['encoded slashes', '/%2F%2Fevil.example'],
    ['an encoded backslash', '/%5Cevil.example'],
    ['an encoded newline', '/%0A/evil.example'],
  ])('keeps %s as a path on this site, never another host', (_what, next) => {
    const target = safeNext(next);
    expect(target.startsWith('/')).toBe(true);
    expect(target.startsWith('//')).toBe(false);
    expect(target.startsWith('/\\')).toBe(false);
    expect(new URL(target, 'https://joinedup.example').origin).toBe('https://joinedup.example');
    expect(target).not.toMatch(/[\s\\]/);
  });

  it('ignores what is not a string', () => {
    expect(safeNext(undefined)).toBe('/');
    expect(safeNext(['/a', '/b'])).toBe('/');
  });
});
