// Foundation: the partnership (the tenant), its member organisations, staff accounts, sessions and the
// hash-chained audit trail. Every tenant table leads its key with partnership_id so that a distributed
// PostgreSQL can place a partnership's rows together.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`
      CREATE TABLE partnership (
      id uuid PRIMARY KEY,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      created_at timestamptz NOT NULL
      )
    `,
    sql`
      CREATE TABLE organisation (
      partnership_id uuid NOT NULL REFERENCES partnership(id),
      id uuid NOT NULL,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      kind text NOT NULL CHECK (kind IN ('council','gp','community_health','mental_health','housing','voluntary','other')),
      created_at timestamptz NOT NULL,
      PRIMARY KEY (partnership_id, id),
      UNIQUE (partnership_id, name)
      )
    `,
    sql`
      CREATE TABLE staff_user (
      partnership_id uuid NOT NULL REFERENCES partnership(id),
      id uuid NOT NULL,
      organisation_id uuid NOT NULL,
      email text NOT NULL,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      professional_role text NOT NULL CHECK (length(professional_role) BETWEEN 1 AND 200),
      partnership_role text NOT NULL CHECK (partnership_role IN
        ('practitioner','manager','senior_leader','ig_lead','volunteer','admin')),
      password_hash text NOT NULL,
      password_changed_at timestamptz NOT NULL,
      totp_secret text,
      totp_enabled_at timestamptz,
      totp_last_step bigint,
      failed_sign_ins integer NOT NULL DEFAULT 0,
      last_failed_at timestamptz,
      locked_until timestamptz,
      disabled_at timestamptz,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (partnership_id, id),
      FOREIGN KEY (partnership_id, organisation_id) REFERENCES organisation(partnership_id, id)
      )
    `,
    sql`
      -- Sign-in starts from an email alone, so an address belongs to one account across the platform.
      CREATE UNIQUE INDEX staff_user_email ON staff_user (lower(email))
    `,
    sql`
      CREATE TABLE session (
      partnership_id uuid NOT NULL REFERENCES partnership(id),
      id_hash text NOT NULL,
      user_id uuid NOT NULL,
      stage text NOT NULL CHECK (stage IN ('signed_in','second_factor','second_factor_setup')),
      created_at timestamptz NOT NULL,
      last_seen_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      PRIMARY KEY (partnership_id, id_hash),
      FOREIGN KEY (partnership_id, user_id) REFERENCES staff_user(partnership_id, id) ON DELETE CASCADE
      )
    `,
    sql`
      -- Requests find their session by the cookie's hash alone.
      CREATE UNIQUE INDEX session_id_hash ON session (id_hash)
    `,
    sql`
      CREATE TABLE audit_event (
      partnership_id uuid NOT NULL,
      seq bigint NOT NULL,
      id uuid NOT NULL,
      at timestamptz NOT NULL,
      actor_user_id uuid,
      actor_organisation_id uuid,
      action text NOT NULL,
      outcome text NOT NULL CHECK (outcome IN ('success','failure','refused')),
      entity_type text,
      entity_id uuid,
      person_id uuid,
      basis text,
      detail jsonb NOT NULL,
      prev_hash text NOT NULL,
      hash text NOT NULL,
      PRIMARY KEY (partnership_id, seq)
      )
    `,
    sql`
      -- The newest link of each chain, locked while a row is appended so that links are written one at a time,
      -- and kept so that removing the newest rows is caught too.
      CREATE TABLE audit_chain_head (
      partnership_id uuid PRIMARY KEY,
      seq bigint NOT NULL,
      hash text NOT NULL
      )
    `,
    sql`
      CREATE INDEX audit_event_person ON audit_event (partnership_id, person_id, at) WHERE person_id IS NOT NULL
    `,
    sql`
      CREATE INDEX audit_event_actor ON audit_event (partnership_id, actor_user_id, at)
    `,
    sql`
      CREATE INDEX audit_event_at ON audit_event (partnership_id, at)
    `,
    sql`
      -- The trail is append-only: changing or removing a row is refused by the database itself.
      CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
      RAISE EXCEPTION 'audit_event is append-only';
      END $$
    `,
    sql`
      CREATE TRIGGER audit_event_no_update BEFORE UPDATE OR DELETE ON audit_event
      FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()
    `,
    sql`
      CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
      FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()
    `,
    sql`
      CREATE TABLE person (
      partnership_id uuid NOT NULL REFERENCES partnership(id),
      id uuid NOT NULL,
      given_name text NOT NULL,
      family_name text NOT NULL,
      preferred_name text,
      date_of_birth date,
      nhs_number text,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (partnership_id, id)
      )
    `,
  ];
  // One statement at a time: PGlite runs each as a prepared statement, which holds a single command.
  for (const statement of statements) await statement.execute(db);
}
