// The record of a meeting: the agenda in order with the minutes of each item, each agency's contribution,
// decisions with the reasons and every attendee's agreement or disagreement in their own words, action
// points that become care plan actions, and the summary for the person, kept version by version.
// What is about a person carries a data category, so the sharing rules decide who reads it.
import { type Kysely, sql } from 'kysely';

const CATEGORY = `('health','social_care','mental_health','contact','communication','safeguarding')`;

export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    // `revision` guards the minutes: a save based on an older revision is refused, showing both versions.
    sql`CREATE TABLE meeting_agenda_item (
      partnership_id uuid NOT NULL,
      meeting_id uuid NOT NULL,
      id uuid NOT NULL,
      position integer NOT NULL CHECK (position > 0),
      title text NOT NULL,
      category text CHECK (category IN ${sql.raw(CATEGORY)}),
      minutes text NOT NULL DEFAULT '',
      revision integer NOT NULL DEFAULT 1,
      minutes_updated_at timestamptz,
      minutes_updated_by_name text,
      created_at timestamptz NOT NULL,
      created_by_name text NOT NULL,
      removed_at timestamptz,
      PRIMARY KEY (partnership_id, meeting_id, id),
      FOREIGN KEY (partnership_id, meeting_id) REFERENCES meeting(partnership_id, id)
    )`,
    // What each organisation reported, who spoke for it, and the data category of what they said.
    sql`CREATE TABLE meeting_contribution (
      partnership_id uuid NOT NULL,
      meeting_id uuid NOT NULL,
      id uuid NOT NULL,
      agenda_item_id uuid,
      organisation_id uuid NOT NULL,
      speaker_name text NOT NULL,
      speaker_invitee_id uuid,
      category text CHECK (category IN ${sql.raw(CATEGORY)}),
      words text NOT NULL,
      written_by uuid NOT NULL,
      written_by_name text NOT NULL,
      written_at timestamptz NOT NULL,
      PRIMARY KEY (partnership_id, meeting_id, id),
      FOREIGN KEY (partnership_id, meeting_id) REFERENCES meeting(partnership_id, id),
      FOREIGN KEY (partnership_id, meeting_id, agenda_item_id)
        REFERENCES meeting_agenda_item(partnership_id, meeting_id, id),
      FOREIGN KEY (partnership_id, organisation_id) REFERENCES organisation(partnership_id, id),
      FOREIGN KEY (partnership_id, meeting_id, speaker_invitee_id)
        REFERENCES meeting_invitee(partnership_id, meeting_id, id)
    )`,
    sql`CREATE TABLE meeting_decision (
      partnership_id uuid NOT NULL,
      meeting_id uuid NOT NULL,
      id uuid NOT NULL,
      agenda_item_id uuid,
      what text NOT NULL,
      why text NOT NULL,
      category text CHECK (category IN ${sql.raw(CATEGORY)}),
      recorded_by uuid NOT NULL,
      recorded_by_name text NOT NULL,
      recorded_at timestamptz NOT NULL,
      PRIMARY KEY (partnership_id, meeting_id, id),
      FOREIGN KEY (partnership_id, meeting_id) REFERENCES meeting(partnership_id, id),
      FOREIGN KEY (partnership_id, meeting_id, agenda_item_id)
        REFERENCES meeting_agenda_item(partnership_id, meeting_id, id)
    )`,
    // Each attendee's stance on a decision. A disagreement is kept with its reason, in their own words.
    sql`CREATE TABLE meeting_decision_stance (
      partnership_id uuid NOT NULL,
      meeting_id uuid NOT NULL,
      decision_id uuid NOT NULL,
      invitee_id uuid NOT NULL,
      stance text NOT NULL CHECK (stance IN ('agreed','disagreed')),
      reason text,
      PRIMARY KEY (partnership_id, meeting_id, decision_id, invitee_id),
      FOREIGN KEY (partnership_id, meeting_id, decision_id)
        REFERENCES meeting_decision(partnership_id, meeting_id, id),
      FOREIGN KEY (partnership_id, meeting_id, invitee_id)
        REFERENCES meeting_invitee(partnership_id, meeting_id, id),
      CHECK ((stance = 'disagreed') = (reason IS NOT NULL))
    )`,
    // An action point names one owner (their organisation is kept as it was then) and a due date; for a
    // meeting about a person, the plan outcome it serves. Once added to the care plan it remembers the
    // action it became, and no action point becomes two actions.
    sql`CREATE TABLE meeting_action_point (
      partnership_id uuid NOT NULL,
      meeting_id uuid NOT NULL,
      id uuid NOT NULL,
      agenda_item_id uuid,
      decision_id uuid,
      what text NOT NULL,
      owner_staff_id uuid NOT NULL,
      organisation_id uuid NOT NULL,
      due_on date NOT NULL,
      outcome_id uuid,
      kind text,
      category text CHECK (category IN ${sql.raw(CATEGORY)}),
      plan_action_id uuid,
      added_to_plan_at timestamptz,
      added_to_plan_by_name text,
      created_at timestamptz NOT NULL,
      created_by_name text NOT NULL,
      PRIMARY KEY (partnership_id, meeting_id, id),
      FOREIGN KEY (partnership_id, meeting_id) REFERENCES meeting(partnership_id, id),
      FOREIGN KEY (partnership_id, meeting_id, agenda_item_id)
        REFERENCES meeting_agenda_item(partnership_id, meeting_id, id),
      FOREIGN KEY (partnership_id, meeting_id, decision_id)
        REFERENCES meeting_decision(partnership_id, meeting_id, id),
      FOREIGN KEY (partnership_id, owner_staff_id) REFERENCES staff_user(partnership_id, id),
      FOREIGN KEY (partnership_id, organisation_id) REFERENCES organisation(partnership_id, id),
      FOREIGN KEY (partnership_id, outcome_id) REFERENCES care_plan_outcome(partnership_id, id),
      FOREIGN KEY (partnership_id, plan_action_id) REFERENCES care_plan_action(partnership_id, id),
      CHECK ((plan_action_id IS NULL) = (added_to_plan_at IS NULL))
    )`,
    sql`CREATE UNIQUE INDEX meeting_action_point_plan_action ON meeting_action_point (partnership_id, plan_action_id)
      WHERE plan_action_id IS NOT NULL`,
    sql`CREATE INDEX meeting_action_point_owner ON meeting_action_point (partnership_id, owner_staff_id, due_on)`,
    // The summary for the person, in plain words. Each published version is kept with who published it and
    // when; editing after publishing starts the next version as a draft.
    sql`CREATE TABLE meeting_summary (
      partnership_id uuid NOT NULL,
      meeting_id uuid NOT NULL,
      version integer NOT NULL CHECK (version > 0),
      words text NOT NULL,
      revision integer NOT NULL DEFAULT 1,
      status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','published')),
      written_by_name text NOT NULL,
      updated_at timestamptz NOT NULL,
      published_at timestamptz,
      published_by_name text,
      PRIMARY KEY (partnership_id, meeting_id, version),
      FOREIGN KEY (partnership_id, meeting_id) REFERENCES meeting(partnership_id, id),
      CHECK ((status = 'published') = (published_at IS NOT NULL))
    )`,
  ];
  for (const statement of statements) await statement.execute(db);
}
