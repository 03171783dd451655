// Row types, written once, for every table. Kysely checks every query against them.
import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export type OrganisationKind =
  | 'council'
  | 'gp'
  | 'community_health'
  | 'mental_health'
  | 'housing'
  | 'voluntary'
  | 'other';

export type PartnershipRole =
  | 'practitioner'
  | 'manager'
  | 'senior_leader'
  | 'ig_lead'
  | 'volunteer'
  | 'admin';

export type SessionStage = 'signed_in' | 'second_factor' | 'second_factor_setup';

export interface PartnershipTable {
  id: string;
  name: string;
  created_at: Timestamp;
}

export interface OrganisationTable {
  partnership_id: string;
  id: string;
  name: string;
  kind: OrganisationKind;
  created_at: Timestamp;
}

export interface StaffUserTable {
  partnership_id: string;
  id: string;
  organisation_id: string;
  email: string;
  name: string;
  professional_role: string;
  partnership_role: PartnershipRole;
  password_hash: string;
  password_changed_at: Timestamp;
  totp_secret: string | null;
  totp_enabled_at: Timestamp | null;
  totp_last_step: number | null;
  failed_sign_ins: ColumnType<number, number | undefined, number>;
  last_failed_at: Timestamp | null;
  locked_until: Timestamp | null;
  disabled_at: Timestamp | null;
  created_at: Timestamp;
}

export interface SessionTable {
  partnership_id: string;
  id_hash: string;
  user_id: string;
  stage: SessionStage;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
}

export type AuditOutcome = 'success' | 'failure' | 'refused';

export interface AuditEventTable {
  partnership_id: string;
  seq: number;
  id: string;
  at: Timestamp;
  actor_user_id: string | null;
  actor_organisation_id: string | null;
  action: string;
  outcome: AuditOutcome;
  entity_type: string | null;
  entity_id: string | null;
  person_id: string | null;
  basis: string | null;
  detail: ColumnType<Record<string, unknown>, string, string>;
  prev_hash: string;
  hash: string;
}

export interface AuditChainHeadTable {
  partnership_id: string;
  seq: number;
  hash: string;
}

export interface PersonTable {
  partnership_id: string;
  id: string;
  given_name: string;
  family_name: string;
  preferred_name: string | null;
  date_of_birth: string | null;
  nhs_number: string | null;
  created_at: Timestamp;
}

export interface Tables {
  partnership: PartnershipTable;
  organisation: OrganisationTable;
  staff_user: StaffUserTable;
  session: SessionTable;
  audit_event: AuditEventTable;
  audit_chain_head: AuditChainHeadTable;
  person: PersonTable;
}
