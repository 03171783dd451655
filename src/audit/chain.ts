// How one audit row is hashed. Each row's hash covers its own fields and the previous row's hash, so
// altering, inserting or removing a row breaks every link after it.
import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/** Audit rows for events outside any partnership (an unknown email at sign-in) use this nil id. */
export const PLATFORM_CHAIN = '00000000-0000-0000-0000-000000000000';

export interface ChainFields {
  partnership_id: string;
  seq: number;
  id: string;
  at: Date;
  actor_user_id: string | null;
  actor_organisation_id: string | null;
  action: string;
  outcome: string;
  entity_type: string | null;
  entity_id: string | null;
  person_id: string | null;
  basis: string | null;
  detail: unknown;
  prev_hash: string;
}

/** JSON with object keys sorted at every depth: jsonb does not keep key order, so hashes must not depend on it. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function hashRow(row: ChainFields): string {
  const material = canonicalJson([
    row.partnership_id,
    String(row.seq),
    row.id,
    row.at.toISOString(),
    row.actor_user_id,
    row.actor_organisation_id,
    row.action,
    row.outcome,
    row.entity_type,
    row.entity_id,
    row.person_id,
    row.basis,
    row.detail,
    row.prev_hash,
  ]);
  return createHash('sha256').update(material).digest('hex');
}
