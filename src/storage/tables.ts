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
  second_factor_failures: ColumnType<number, number | undefined, number>;
  second_factor_locked_until: Timestamp | null;
  disabled_at: Timestamp | null;
  created_at: Timestamp;
}

export interface SessionTable {
  partnership_id: string;
  id_hash: string;
  user_id: string;
  stage: SessionStage;
  account_kind: ColumnType<'staff' | 'person', 'staff' | 'person' | undefined, never>;
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
  holding_organisation_id: string | null;
  pronouns: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
  updated_at: Timestamp | null;
  version: ColumnType<number, number | undefined, number>;
}

export type DataCategory =
  | 'health'
  | 'social_care'
  | 'mental_health'
  | 'contact'
  | 'communication'
  | 'safeguarding';
export type SharingLevel = 'care_team' | 'own_organisation' | 'restricted';
export type ConsentStatus = 'given' | 'refused' | 'withdrawn';
export type LawfulBasisKind = 'best_interests' | 'safeguarding' | 'vital_interests';
export type PreferredFormat = 'standard' | 'plain' | 'large_print' | 'easy_read';
export type RepresentativeKind =
  | 'care_act_advocate'
  | 'imca'
  | 'lpa_health_welfare'
  | 'lpa_property_finance'
  | 'deputy'
  | 'family_carer'
  | 'other';

export interface PersonAboutMeTable {
  partnership_id: string;
  person_id: string;
  what_matters: string;
  wishes: string;
  preferences: string;
  life_history: string;
  written_with: string;
  updated_at: Timestamp;
  updated_by_kind: 'staff' | 'person' | 'representative' | 'system';
  updated_by_name: string;
  version: ColumnType<number, number | undefined, number>;
}

export interface PersonCommunicationTable {
  partnership_id: string;
  person_id: string;
  preferred_format: PreferredFormat;
  easy_read: boolean;
  large_print: boolean;
  bsl: boolean;
  interpreter_language: string | null;
  other_needs: string;
  updated_at: Timestamp;
}

export interface RepresentativeTable {
  partnership_id: string;
  id: string;
  person_id: string;
  name: string;
  kind: RepresentativeKind;
  relationship: string;
  phone: string | null;
  email: string | null;
  may_sign_in: boolean;
  created_at: Timestamp;
  ended_at: Timestamp | null;
}

export interface CareTeamMemberTable {
  partnership_id: string;
  id: string;
  person_id: string;
  organisation_id: string;
  staff_user_id: string | null;
  role_in_team: string;
  is_lead: boolean;
  added_at: Timestamp;
}

export interface ConsentTable {
  partnership_id: string;
  id: string;
  person_id: string;
  organisation_id: string;
  status: ConsentStatus;
  categories: DataCategory[];
  purposes: string[];
  obtained_how: string;
  obtained_by_name: string;
  decided_on: string;
  review_on: string | null;
  note: string;
  recorded_by: string | null;
  recorded_at: Timestamp;
}

export interface CapacityAssessmentTable {
  partnership_id: string;
  id: string;
  person_id: string;
  decision: string;
  can_understand: boolean;
  can_retain: boolean;
  can_weigh: boolean;
  can_communicate: boolean;
  has_capacity: boolean;
  support_given: string;
  assessed_by_name: string;
  assessed_on: string;
  recorded_by: string | null;
  recorded_at: Timestamp;
}

export interface LawfulBasisTable {
  partnership_id: string;
  id: string;
  person_id: string;
  organisation_id: string;
  kind: LawfulBasisKind;
  categories: DataCategory[];
  capacity_assessment_id: string | null;
  decision_maker: string;
  consulted: string;
  known_wishes: string;
  justification: string;
  starts_on: string;
  ends_on: string | null;
  ended_at: Timestamp | null;
  recorded_by: string | null;
  recorded_at: Timestamp;
}

export interface SharingAgreementTable {
  partnership_id: string;
  id: string;
  title: string;
  purposes: string[];
  categories: DataCategory[];
  lawful_basis: string;
  status: 'draft' | 'active' | 'ended';
  starts_on: string;
  review_on: string;
  ends_on: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: ColumnType<number, number | undefined, number>;
}

export interface SharingAgreementPartyTable {
  partnership_id: string;
  agreement_id: string;
  organisation_id: string;
  signatory_name: string;
  signatory_role: string;
  signed_on: string | null;
}

export interface BreakGlassTable {
  partnership_id: string;
  id: string;
  person_id: string;
  staff_user_id: string;
  organisation_id: string;
  reason: string;
  started_at: Timestamp;
  expires_at: Timestamp;
  review_outcome: 'appropriate' | 'not_appropriate' | null;
  review_note: string | null;
  reviewed_by: string | null;
  reviewed_at: Timestamp | null;
}

export interface NoteTable {
  partnership_id: string;
  id: string;
  person_id: string;
  organisation_id: string;
  author_id: string;
  category: DataCategory;
  sharing_level: SharingLevel;
  restricted_to: string[];
  title: string;
  body: string;
  written_at: Timestamp;
  /** The entry's current revision: 1 as written, one more for each correction (optimistic concurrency). */
  revision: ColumnType<number, number | undefined, number>;
  revised_by: string | null;
  revised_at: Timestamp | null;
  revision_reason: string | null;
}

/** An earlier revision of a timeline entry (a note), kept when a correction replaced it. Append-only. */
export interface NoteRevisionTable {
  partnership_id: string;
  note_id: string;
  revision: number;
  title: string;
  body: string;
  written_by: string;
  written_at: Timestamp;
  /** Why this revision was written: null for the entry as first written. */
  reason: string | null;
  superseded_by: string;
  superseded_at: Timestamp;
}

/** Someone who may read an entry confirmed this revision of it is accurate. */
export interface NoteConfirmationTable {
  partnership_id: string;
  note_id: string;
  revision: number;
  staff_user_id: string;
  organisation_id: string;
  confirmed_at: Timestamp;
}

export interface SharingDecisionTable {
  partnership_id: string;
  id: string;
  person_id: string;
  decided_at: Timestamp;
  decided_by: string | null;
  decided_by_name: string;
  decided_by_organisation_id: string | null;
  recipient_organisation_id: string | null;
  categories: DataCategory[];
  decision: 'share' | 'do_not_share';
  basis: string;
  reason: string;
}

export interface PersonAccountTable {
  partnership_id: string;
  id: string;
  person_id: string;
  representative_id: string | null;
  email: string;
  password_hash: string | null;
  invitation_hash: string | null;
  invitation_expires_at: Timestamp | null;
  activated_at: Timestamp | null;
  failed_sign_ins: ColumnType<number, number | undefined, number>;
  last_failed_at: Timestamp | null;
  locked_until: Timestamp | null;
  disabled_at: Timestamp | null;
  created_at: Timestamp;
}

export type ActionStatus = 'planned' | 'in_progress' | 'done' | 'stopped';

export interface CarePlanTable {
  partnership_id: string;
  id: string;
  person_id: string;
  plan_version: ColumnType<number, number | undefined, number>;
  revision: ColumnType<number, number | undefined, number>;
  status: ColumnType<'draft' | 'agreed', 'draft' | 'agreed' | undefined, 'draft' | 'agreed'>;
  next_review_on: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  updated_by_name: string;
}

export interface CarePlanOutcomeTable {
  partnership_id: string;
  id: string;
  plan_id: string;
  words: string;
  priority: number;
  position: number;
  revision: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
  removed_at: Timestamp | null;
}

export interface CarePlanActionTable {
  partnership_id: string;
  id: string;
  plan_id: string;
  outcome_id: string;
  what: string;
  kind: string;
  category: DataCategory;
  lead_staff_id: string | null;
  lead_organisation_id: string | null;
  supporting_organisation_ids: string[];
  starts_on: string | null;
  due_on: string | null;
  recurrence: string | null;
  status: ActionStatus;
  stopped_reason: string | null;
  last_done_on: string | null;
  revision: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  removed_at: Timestamp | null;
}

export interface CarePlanVersionTable {
  partnership_id: string;
  plan_id: string;
  plan_version: number;
  snapshot: ColumnType<unknown, string, string>;
  agreed_at: Timestamp | null;
}

export interface CarePlanSignoffTable {
  partnership_id: string;
  id: string;
  plan_id: string;
  plan_version: number;
  /** 'person', or 'organisation:<id>'. */
  party: string;
  organisation_id: string | null;
  signed_by_kind: 'staff' | 'person' | 'representative';
  signed_by_id: string;
  signed_by_name: string;
  signed_at: Timestamp;
}

export interface CarePlanReviewTable {
  partnership_id: string;
  id: string;
  plan_id: string;
  due_on: string;
  reason: 'scheduled' | 'requested';
  requested_by_name: string;
  request_note: string;
  held_on: string | null;
  summary: string | null;
  recorded_by_name: string | null;
  created_at: Timestamp;
}

export interface CarePlanReviewProgressTable {
  partnership_id: string;
  review_id: string;
  outcome_id: string;
  score: number;
  working: string;
  not_working: string;
}

export interface CarePlanContactTable {
  partnership_id: string;
  plan_id: string;
  organisation_id: string;
  staff_user_id: string;
}

export type TrainingKind = 'information_sharing' | 'roles' | 'policies' | 'other';
export type SuccessKind = 'outcome_achieved' | 'joint_work' | 'other';

export interface GlossaryTermTable {
  partnership_id: string;
  id: string;
  term: string;
  meaning: string;
  preferred: string;
  used_by_organisation_ids: string[];
  created_at: Timestamp;
  updated_at: Timestamp;
  updated_by_name: string;
}

export interface OrganisationGuideTable {
  partnership_id: string;
  organisation_id: string;
  what_they_do: string;
  when_to_involve: string;
  working_together: string;
  updated_at: Timestamp;
  updated_by_name: string;
}

export interface RoleGuideTable {
  partnership_id: string;
  role_key: string;
  role_name: string;
  what_they_do: string;
  when_to_involve: string;
  working_together: string;
  updated_at: Timestamp;
  updated_by_name: string;
}

export interface TrainingSessionTable {
  partnership_id: string;
  id: string;
  topic: string;
  kind: TrainingKind;
  description: string;
  held_on: string;
  location: string;
  led_by: string;
  organisation_ids: string[];
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TrainingAttendanceTable {
  partnership_id: string;
  session_id: string;
  staff_user_id: string;
}

export interface ShadowingPlacementTable {
  partnership_id: string;
  id: string;
  shadow_staff_id: string;
  host_staff_id: string;
  place: string;
  starts_on: string;
  ends_on: string;
  purpose: string;
  created_by: string | null;
  created_at: Timestamp;
}

export interface InformationSharingTrainingTable {
  partnership_id: string;
  id: string;
  staff_user_id: string;
  trained_on: string;
  note: string;
  recorded_by: string | null;
  recorded_by_name: string;
  recorded_at: Timestamp;
}

export interface SuccessTable {
  partnership_id: string;
  id: string;
  title: string;
  story: string;
  kind: SuccessKind;
  organisation_ids: string[];
  posted_by: string;
  posted_at: Timestamp;
  removed_at: Timestamp | null;
  removed_by: string | null;
}

export interface ThanksTable {
  partnership_id: string;
  id: string;
  from_staff_id: string;
  to_staff_id: string;
  message: string;
  success_id: string | null;
  given_at: Timestamp;
  removed_at: Timestamp | null;
  removed_by: string | null;
}

export type ContactIssue =
  | 'safeguarding'
  | 'referrals'
  | 'care_plan'
  | 'information_sharing'
  | 'complaints'
  | 'out_of_hours';
export type ResourceKind = 'staff_time' | 'funding' | 'other';
export type BidStatus = 'drafting' | 'submitted' | 'awarded' | 'declined';

export interface MouAim {
  id: string;
  text: string;
}

export interface MouVersionTable {
  partnership_id: string;
  version: number;
  status: 'draft' | 'agreed';
  purpose: string;
  aims: ColumnType<MouAim[], string, string>;
  responsibilities: ColumnType<Record<string, string>, string, string>;
  review_on: string;
  revision: number;
  created_at: Timestamp;
  updated_at: Timestamp;
  updated_by_name: string;
  agreed_at: Timestamp | null;
}

export interface MouSignatoryTable {
  partnership_id: string;
  version: number;
  organisation_id: string;
  name: string;
  role: string;
  signed_on: string;
  recorded_by_name: string;
  recorded_at: Timestamp;
}

export interface OrganisationPriorityTable {
  partnership_id: string;
  id: string;
  organisation_id: string;
  priority: string;
  target: string;
  supports_aims: string[];
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ContactEntryTable {
  partnership_id: string;
  id: string;
  organisation_id: string;
  issue: ContactIssue;
  contact_name: string;
  phone: string | null;
  email: string | null;
  hours: string;
  out_of_hours: boolean;
  notes: string;
  updated_at: Timestamp;
  updated_by_name: string;
}

export interface ResourceCommitmentTable {
  partnership_id: string;
  id: string;
  organisation_id: string;
  kind: ResourceKind;
  description: string;
  /** numeric: both engines return it as a string. */
  hours_per_week: ColumnType<string | null, number | null, number | null>;
  amount_per_year: number | null;
  starts_on: string | null;
  ends_on: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface JointFundingBidTable {
  partnership_id: string;
  id: string;
  title: string;
  funder: string;
  amount: number;
  lead_organisation_id: string;
  partner_organisation_ids: string[];
  status: BidStatus;
  deadline_on: string | null;
  submitted_on: string | null;
  decision_on: string | null;
  notes: string;
  revision: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  updated_by_name: string;
}

export interface DisputeProcedureStageTable {
  partnership_id: string;
  stage: number;
  target_working_days: number;
  updated_at: Timestamp;
  updated_by_name: string;
}

export interface DisputeTable {
  partnership_id: string;
  id: string;
  title: string;
  details: string;
  person_id: string | null;
  action_id: string | null;
  raised_by: string;
  raised_by_name: string;
  raised_by_organisation_id: string;
  raised_at: Timestamp;
  stage: number;
  status: ColumnType<'open' | 'resolved', 'open' | 'resolved' | undefined, 'open' | 'resolved'>;
  mediator_name: string | null;
  mediator_role: string | null;
  outcome: string | null;
  resolved_at: Timestamp | null;
  resolved_by_name: string | null;
}

export interface DisputePartyTable {
  partnership_id: string;
  dispute_id: string;
  organisation_id: string;
}

export interface DisputeStageTable {
  partnership_id: string;
  dispute_id: string;
  stage: number;
  started_at: Timestamp;
  started_on: string;
  target_working_days: number;
  due_on: string;
  ended_at: Timestamp | null;
  end_reason: 'escalated' | 'resolved' | null;
  escalation_reason: string | null;
  ended_by_name: string | null;
}

export interface DisputeViewTable {
  partnership_id: string;
  id: string;
  dispute_id: string;
  kind: 'party' | 'person';
  organisation_id: string | null;
  author_id: string;
  author_name: string;
  author_role: string;
  stage: number;
  words: string;
  how_asked: string | null;
  written_at: Timestamp;
}

export type MeetingKind =
  | 'planning'
  | 'review'
  | 'case_review'
  | 'partnership_board'
  | 'joint_briefing'
  | 'phone_check_in';
export type MeetingMode = 'face_to_face' | 'virtual' | 'hybrid';
export type MeetingStatus = 'scheduled' | 'held' | 'cancelled';
export type InviteeKind = 'staff' | 'person' | 'representative';
export type Attendance = 'present' | 'apologies' | 'absent';

export interface MeetingTable {
  partnership_id: string;
  id: string;
  person_id: string | null;
  kind: MeetingKind;
  title: string;
  mode: MeetingMode;
  location: string | null;
  venue_organisation_id: string | null;
  video_link: string | null;
  starts_at: Timestamp;
  ends_at: Timestamp;
  series_id: string | null;
  series_rule: string | null;
  status: ColumnType<MeetingStatus, MeetingStatus | undefined, MeetingStatus>;
  cancelled_reason: string | null;
  agenda: ColumnType<string, string | undefined, string>;
  ical_uid: string;
  ical_sequence: ColumnType<number, number | undefined, number>;
  revision: ColumnType<number, number | undefined, number>;
  organiser_id: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  updated_by_name: string;
}

export interface MeetingInviteeTable {
  partnership_id: string;
  meeting_id: string;
  id: string;
  kind: InviteeKind;
  staff_user_id: string | null;
  representative_id: string | null;
  name: string;
  email: string | null;
  attendance: Attendance | null;
}

export interface CalendarFeedTable {
  partnership_id: string;
  staff_user_id: string;
  token_hash: string;
  created_at: Timestamp;
  revoked_at: Timestamp | null;
}

export type NotificationKind =
  | 'timeline_update'
  | 'action_assigned'
  | 'action_due'
  | 'action_overdue'
  | 'review_due'
  | 'meeting_invitation'
  | 'meeting_changed'
  | 'meeting_cancelled'
  | 'consent_review_due'
  | 'agreement_review_due'
  | 'dispute_stage_overdue';
export type EmailMode = 'immediate' | 'digest';
export type OutboxStatus = 'queued' | 'sent' | 'failed' | 'withheld';

export interface NotificationTable {
  partnership_id: string;
  id: string;
  recipient_id: string;
  kind: NotificationKind;
  title: string;
  link: string;
  person_id: string | null;
  category: DataCategory | null;
  /** The entry's sharing facts (EntryFacts) when the notification is about one entry, kept to decide again. */
  entry: ColumnType<unknown, string | null, string | null> | null;
  dedupe_key: string | null;
  email_subject: string;
  created_at: Timestamp;
  read_at: Timestamp | null;
  visible: ColumnType<boolean, boolean | undefined, boolean>;
  /** The London date the recipient's access was last decided; null when the facts changed since. */
  checked_on: string | null;
  /** The policy's basis for the recipient when last decided, for the audit record when it is shown. */
  basis: string | null;
  digest_pending: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface NotificationPreferenceTable {
  partnership_id: string;
  staff_user_id: string;
  email_mode: EmailMode;
  updated_at: Timestamp;
}

export interface EmailOutboxTable {
  partnership_id: string;
  id: string;
  to_address: string;
  to_name: string | null;
  subject: string;
  body: string;
  link: string | null;
  ics_method: 'REQUEST' | 'CANCEL' | null;
  ics_content: string | null;
  notification_id: string | null;
  dedupe_key: string | null;
  status: ColumnType<OutboxStatus, OutboxStatus | undefined, OutboxStatus>;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: Timestamp;
  claimed_until: Timestamp | null;
  last_error: string | null;
  created_at: Timestamp;
  sent_at: Timestamp | null;
}

export interface JobRunTable {
  partnership_id: string;
  job: string;
  slot: string;
  started_at: Timestamp;
  instance: string;
  summary: ColumnType<unknown, string | undefined, string>;
}

export type DecisionStance = 'agreed' | 'disagreed';

export interface MeetingAgendaItemTable {
  partnership_id: string;
  meeting_id: string;
  id: string;
  position: number;
  title: string;
  category: DataCategory | null;
  minutes: ColumnType<string, string | undefined, string>;
  revision: ColumnType<number, number | undefined, number>;
  minutes_updated_at: Timestamp | null;
  minutes_updated_by_name: string | null;
  created_at: Timestamp;
  created_by_name: string;
  removed_at: Timestamp | null;
}

export interface MeetingContributionTable {
  partnership_id: string;
  meeting_id: string;
  id: string;
  agenda_item_id: string | null;
  organisation_id: string;
  speaker_name: string;
  speaker_invitee_id: string | null;
  category: DataCategory | null;
  words: string;
  written_by: string;
  written_by_name: string;
  written_at: Timestamp;
}

export interface MeetingDecisionTable {
  partnership_id: string;
  meeting_id: string;
  id: string;
  agenda_item_id: string | null;
  what: string;
  why: string;
  category: DataCategory | null;
  recorded_by: string;
  recorded_by_name: string;
  recorded_at: Timestamp;
}

export interface MeetingDecisionStanceTable {
  partnership_id: string;
  meeting_id: string;
  decision_id: string;
  invitee_id: string;
  stance: DecisionStance;
  reason: string | null;
}

export interface MeetingActionPointTable {
  partnership_id: string;
  meeting_id: string;
  id: string;
  agenda_item_id: string | null;
  decision_id: string | null;
  what: string;
  owner_staff_id: string;
  organisation_id: string;
  due_on: string;
  outcome_id: string | null;
  kind: string | null;
  category: DataCategory | null;
  plan_action_id: string | null;
  added_to_plan_at: Timestamp | null;
  added_to_plan_by_name: string | null;
  created_at: Timestamp;
  created_by_name: string;
}

export interface MeetingSummaryTable {
  partnership_id: string;
  meeting_id: string;
  version: number;
  words: string;
  revision: ColumnType<number, number | undefined, number>;
  status: ColumnType<'draft' | 'published', 'draft' | 'published' | undefined, 'draft' | 'published'>;
  written_by_name: string;
  updated_at: Timestamp;
  published_at: Timestamp | null;
  published_by_name: string | null;
}

export interface MeetingVenueTable {
  partnership_id: string;
  organisation_id: string;
  address: string;
  access_notes: ColumnType<string, string | undefined, string>;
  updated_at: Timestamp;
  updated_by_name: string;
}

export interface Tables {
  partnership: PartnershipTable;
  organisation: OrganisationTable;
  staff_user: StaffUserTable;
  session: SessionTable;
  audit_event: AuditEventTable;
  audit_chain_head: AuditChainHeadTable;
  person: PersonTable;
  person_about_me: PersonAboutMeTable;
  person_communication: PersonCommunicationTable;
  representative: RepresentativeTable;
  care_team_member: CareTeamMemberTable;
  consent: ConsentTable;
  capacity_assessment: CapacityAssessmentTable;
  lawful_basis: LawfulBasisTable;
  sharing_agreement: SharingAgreementTable;
  sharing_agreement_party: SharingAgreementPartyTable;
  break_glass: BreakGlassTable;
  note: NoteTable;
  note_revision: NoteRevisionTable;
  note_confirmation: NoteConfirmationTable;
  sharing_decision: SharingDecisionTable;
  person_account: PersonAccountTable;
  care_plan: CarePlanTable;
  care_plan_outcome: CarePlanOutcomeTable;
  care_plan_action: CarePlanActionTable;
  care_plan_version: CarePlanVersionTable;
  care_plan_signoff: CarePlanSignoffTable;
  care_plan_review: CarePlanReviewTable;
  care_plan_review_progress: CarePlanReviewProgressTable;
  care_plan_contact: CarePlanContactTable;
  glossary_term: GlossaryTermTable;
  organisation_guide: OrganisationGuideTable;
  role_guide: RoleGuideTable;
  training_session: TrainingSessionTable;
  training_attendance: TrainingAttendanceTable;
  shadowing_placement: ShadowingPlacementTable;
  information_sharing_training: InformationSharingTrainingTable;
  success: SuccessTable;
  thanks: ThanksTable;
  mou_version: MouVersionTable;
  mou_signatory: MouSignatoryTable;
  organisation_priority: OrganisationPriorityTable;
  contact_entry: ContactEntryTable;
  resource_commitment: ResourceCommitmentTable;
  joint_funding_bid: JointFundingBidTable;
  dispute_procedure_stage: DisputeProcedureStageTable;
  dispute: DisputeTable;
  dispute_party: DisputePartyTable;
  dispute_stage: DisputeStageTable;
  dispute_view: DisputeViewTable;
  meeting: MeetingTable;
  meeting_invitee: MeetingInviteeTable;
  calendar_feed: CalendarFeedTable;
  meeting_venue: MeetingVenueTable;
  meeting_agenda_item: MeetingAgendaItemTable;
  meeting_contribution: MeetingContributionTable;
  meeting_decision: MeetingDecisionTable;
  meeting_decision_stance: MeetingDecisionStanceTable;
  meeting_action_point: MeetingActionPointTable;
  meeting_summary: MeetingSummaryTable;
  notification: NotificationTable;
  notification_preference: NotificationPreferenceTable;
  email_outbox: EmailOutboxTable;
  job_run: JobRunTable;
}
