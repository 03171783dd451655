// Server-side rendering with Nunjucks and the GOV.UK Frontend macros. Templates format; they never
// query or decide.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';
import type { FieldError } from '../errors.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');

export function createViews(): nunjucks.Environment {
  const env = new nunjucks.Environment(
    new nunjucks.FileSystemLoader(
      [
        path.join(root, 'src', 'web', 'views'),
        path.join(root, 'src', 'modules'),
        path.join(root, 'node_modules', 'govuk-frontend', 'dist'),
      ],
      { noCache: process.env.NODE_ENV === 'development' },
    ),
    { autoescape: true, throwOnUndefined: false, trimBlocks: true, lstripBlocks: true },
  );
  env.addFilter('londonDate', (value: Date | string | null | undefined) => formatLondon(value, false));
  env.addFilter('londonDateTime', (value: Date | string | null | undefined) => formatLondon(value, true));
  env.addFilter('fieldError', (errors: FieldError[] | undefined, field: string) => {
    const found = errors?.find((e) => e.field === field);
    return found ? { text: found.message } : undefined;
  });
  env.addFilter('errorList', (errors: FieldError[] | undefined) =>
    (errors ?? []).map((e) => ({ text: e.message, href: `#${e.field}` })),
  );
  return env;
}

const dateFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});
const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  // hourCycle, not hour12: en-GB's 12-hour clock otherwise shows half past midnight as "0:30 am".
  hourCycle: 'h12',
});

/** Times are stored in UTC and shown in Europe/London, as people in England read them. */
export function formatLondon(value: Date | string | null | undefined, withTime: boolean): string {
  if (value === null || value === undefined || value === '') return '';
  const date =
    typeof value === 'string' ? new Date(value.length === 10 ? `${value}T12:00:00Z` : value) : value;
  if (Number.isNaN(date.getTime())) return '';
  return (withTime ? dateTimeFormat : dateFormat).format(date);
}
