// The feed is read by everyone in the partnership, volunteers included, most of whom may not open a given
// person's record. So a success is told at partnership level and never links to a person: there is no
// field for one, and text that points at a record or identifies someone is refused. Names cannot be
// checked against people on record without telling the writer who is on record, so the form asks instead.
import type { FieldError } from '../../errors.ts';

const NHS_NUMBER = /(?<!\d)\d{3}[\s-]?\d{3}[\s-]?\d{4}(?!\d)/;
const RECORD_LINK = /\/(?:api\/v1\/)?people\/[0-9a-f]{8}-[0-9a-f]{4}-|\/fhir\/R4\/Patient\//i;
// A full UK postcode (outward and inward code): with it a reader can find someone's home.
const POSTCODE = /\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[ABD-HJLNP-UW-Z]{2}\b/i;

/** Field errors for text that would disclose a person's data on the shared feed. */
export function personalDataProblems(fields: Record<string, string>): FieldError[] {
  const errors: FieldError[] = [];
  for (const [field, value] of Object.entries(fields)) {
    if (RECORD_LINK.test(value)) {
      errors.push({
        field,
        message:
          'Remove the link to a person’s record: everyone in the partnership reads the feed, including people who may not see that record',
      });
    } else if (NHS_NUMBER.test(value)) {
      errors.push({
        field,
        message: 'Remove the NHS number or other 10-digit number: it identifies the person',
      });
    } else if (POSTCODE.test(value)) {
      errors.push({ field, message: 'Remove the postcode: with it a reader could find where someone lives' });
    }
  }
  return errors;
}
