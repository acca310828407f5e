import type { Generated } from 'kysely';

// Row types of the counter's SQLite database. JSON columns are stored as TEXT.

export interface EventsTable {
  seq: Generated<number>;
  id: string;
  case_id: string | null;
  type: string;
  payload: string;
  actor_id: string | null;
  device_id: string;
  hlc: string;
  created_at: string;
  prev_hash: string;
  hash: string;
}

export interface CasesTable {
  id: string;
  case_number: string | null;
  bundle_id: string;
  state: string;
  applicant_name: string;
  priority: string | null;
  pending_materials: string;
  commitment_deadline: string | null;
  closing_reason: string | null;
  delivery_channel: string | null;
  created_at: string;
  updated_at: string;
  accepted_at: string | null;
  last_event_seq: number;
  hall_code: string;
  catalog_version: string;
  applicant_kind: string;
  ticket_ref: string | null;
  data: string;
  applicant_id_number: string | null;
  applicant_phone: string | null;
  credit_code: string | null;
  enterprise_name: string | null;
  expected_date: string | null;
  decided_by: string | null;
  /** 1 while a decided result waits to be handed over (not in the mail either): the delivery queue. */
  handover_due: Generated<number>;
  /** When the first result became deliverable. */
  ready_at: string | null;
  /** When the applicant was told their results are ready. */
  notified_at: string | null;
  partial_delivery: Generated<number>;
  /** The queue ticket the case was started from (case.drafted): its lane and times, for the waits on the board. */
  ticket_lane: string | null;
  ticket_issued_at: string | null;
  ticket_called_at: string | null;
  /** 代收代办: the deciding division's code and name, and the hall that took the case in. */
  deciding_code: string | null;
  deciding_name: string | null;
  taken_in_name: string | null;
}

export interface SequencesTable {
  name: string;
  value: number;
}

export interface CaseItemsTable {
  case_id: string;
  item_id: string;
  position: number;
  state: string | null;
  reason: string | null;
  updated_at: string;
  department_id: string | null;
  /** JSON string[] */
  depends_on: Generated<string>;
  /** 1: the case is in the priority lane (优先通道). */
  lane: Generated<number>;
  /** 1 while queued or received: the department works on it now. */
  active: Generated<number>;
  start_date: string | null;
  promised_days: number | null;
  statutory_days: number | null;
  due_date: string | null;
  statutory_due_date: string | null;
  warn_date: string | null;
  /** due_date, or '9999-12-31' without a limit: the queue's sort key. */
  due_key: Generated<string>;
  /** JSON ClockPause[] */
  pauses: Generated<string>;
  /** JSON ItemResultRecord */
  result: string | null;
  /** JSON CorrectionEntry[] */
  corrections: string | null;
  legal_basis: string | null;
  received_by: string | null;
  decided_by: string | null;
  decided_at: string | null;
  /** Seq of the last event that changed the item: the version a reviewer acts on. */
  version: Generated<number>;
  /** null until handed over; 'mailed' while in the post; 'delivered' once the applicant has it. */
  handover: string | null;
  handover_visit: string | null;
}

export interface DeliveriesTable {
  /** The id of the event that handed over or mailed: one visit, one rating. */
  visit_id: string;
  case_id: string;
  channel: string;
  /** JSON string[] */
  item_ids: string;
  receipt_no: string;
  recipient_name: string | null;
  recipient_role: string | null;
  carrier: string | null;
  tracking_no: string | null;
  /** The code the applicant rates with later (好差评 reminder). */
  rating_code: string | null;
  /** delivered | in_transit | returned */
  status: string;
  /** JSON: the event payload as handed over (checklist, recipient, signature, address …). */
  detail: string;
  actor_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface RatingsTable {
  visit_id: string;
  case_id: string;
  level: number;
  /** JSON string[] */
  reasons: string;
  comment: string | null;
  source: string;
  rated_clerk_id: string | null;
  /** valid | appealed | voided */
  status: string;
  created_at: string;
}

export interface RectificationsTable {
  visit_id: string;
  case_id: string;
  /** open | verified | rectified | closed */
  state: string;
  due_date: string;
  /** JSON RectificationStep[] */
  steps: string;
  version: number;
  created_at: string;
  updated_at: string;
}

/** 办不成事 反映窗口: one row per record (migration 0014). */
export interface EscalationsTable {
  id: string;
  number: string;
  hall_code: string;
  /** open | in_progress | resolved | closed */
  state: string;
  applicant_name: string;
  applicant_phone: string;
  applicant_id_number: string | null;
  problem: string;
  /** JSON [{ place, when, result }] */
  tried_where: string;
  category: string | null;
  /** JSON [{ clerkId, name }], the lead first. */
  staff: Generated<string>;
  /** JSON department ids. */
  departments: Generated<string>;
  deadline: string | null;
  outcome: string | null;
  outcome_detail: string | null;
  resolved_on: string | null;
  resolved_at: string | null;
  feedback: string | null;
  feedback_comment: string | null;
  opened_by: string | null;
  opened_at: string;
  updated_at: string;
  last_event_seq: number;
}

/** One row per escalation.* event: the record's timeline. */
export interface EscalationStepsTable {
  id: string;
  escalation_id: string;
  kind: string;
  /** JSON: the event payload. */
  detail: string;
  actor_id: string | null;
  created_at: string;
  seq: number;
}

export interface CaseAssistsTable {
  /** The id of the event that recorded it. */
  id: string;
  case_id: string;
  /** assist | intake | delivery (上门收件 / 上门送达) */
  kind: string;
  /** help | proxy; null for home visits. */
  mode: string | null;
  /** JSON: the assist.recorded payload, or the home visit. */
  detail: string;
  actor_id: string | null;
  created_at: string;
}

/** 材料流转: originals of a proxy case posted to the deciding side (one row per transfer.sent). */
export interface TransfersTable {
  id: string;
  case_id: string;
  /** JSON TransferLine[] */
  lines: string;
  courier: string;
  tracking_no: string;
  sent_on: string;
  due_on: string;
  sent_actor: string | null;
  sent_at: string;
  received_on: string | null;
  received_by: string | null;
  received_actor: string | null;
  discrepancy: string | null;
  received_at: string | null;
}

/** 重复办件: two open cases of one applicant drafted on different counters (case_a < case_b). */
export interface DuplicatePairsTable {
  case_a: string;
  case_b: string;
  /** person | enterprise */
  subject_kind: string;
  /** ID number masked, or the credit code. */
  subject_masked: string;
  detected_at: string;
  /** open | decided */
  status: string;
  /** merge | distinct */
  decision: string | null;
  keep_case_id: string | null;
  note: string | null;
  decided_by: string | null;
  decided_at: string | null;
  decision_event_id: string | null;
  decision_hlc: string | null;
}

export interface NotificationsTable {
  id: string;
  case_id: string;
  kind: string;
  recipient: string;
  body: string;
  /** pending | sending | sent | failed */
  status: string;
  attempts: Generated<number>;
  next_attempt_at: string | null;
  last_error: string | null;
  provider_ref: string | null;
  created_at: string;
  sent_at: string | null;
}

export interface SmsOutboxTable {
  message_id: string;
  recipient: string;
  body: string;
  accepted_at: string;
}

export interface ClerksTable {
  id: string;
  staff_no: string;
  name: string;
  roles: string;
  departments: string;
  password_hash: string;
  disabled: number;
  failed_attempts: number;
  locked_until: string | null;
  last_sign_in_at: string | null;
  /** JSON of DisplayPrefs. */
  display: string;
  /** 1: the clerk must choose a new password before working (set by an admin's create/reset). */
  must_change_password: number;
  created_at: string;
  updated_at: string;
}

/** Hashes of each clerk's passwords, newest last, so a recent one is not chosen again. */
export interface PasswordHistoryTable {
  clerk_id: string;
  password_hash: string;
  set_at: string;
}

export interface CatalogVersionsTable {
  version: string;
  created_at: string;
  created_by: string | null;
  note: string | null;
  body: string;
}

export interface BlobsTable {
  sha256: string;
  size: number;
  mime: string;
  created_at: string;
  uploaded_at: string | null;
}

export interface ArchivePackagesTable {
  case_id: string;
  revision: number;
  case_number: string;
  folder: string;
  dir: string;
  event_seq: number;
  final_state: string;
  ended_at: string;
  ended_on: string;
  manifest_sha256: string;
  key_id: string;
  files: number;
  bytes: number;
  built_at: string;
}

export interface ArchiveFailuresTable {
  case_id: string;
  attempts: number;
  message: string;
  next_attempt_at: string;
  updated_at: string;
}

export interface ArchiveMarksTable {
  name: string;
  value: number;
}

/** 预约: the booking system's appointments, device-local (external data, not events). */
export interface AppointmentsTable {
  id: string;
  name: string;
  phone: string;
  id_number: string | null;
  bundle_id: string;
  date: string;
  slot: string;
  source: string;
  imported_at: string;
  case_id: string | null;
}

export interface AppointmentFilesTable {
  sha256: string;
  name: string;
  imported_at: string;
  imported: number;
  /** JSON string[] */
  errors: string;
}

/** This counter's current queue ticket (one row, slot = 1). */
export interface QueueTicketTable {
  slot: number;
  number: string;
  lane: string;
  bundle_id: string | null;
  appointment_id: string | null;
  issued_at: string;
  called_at: string;
  recalls: Generated<number>;
  case_id: string | null;
}

export interface ClientDatabase {
  archive_packages: ArchivePackagesTable;
  archive_failures: ArchiveFailuresTable;
  archive_marks: ArchiveMarksTable;
  blobs: BlobsTable;
  catalog_versions: CatalogVersionsTable;
  events: EventsTable;
  cases: CasesTable;
  case_assists: CaseAssistsTable;
  escalations: EscalationsTable;
  escalation_steps: EscalationStepsTable;
  case_items: CaseItemsTable;
  transfers: TransfersTable;
  duplicate_pairs: DuplicatePairsTable;
  clerks: ClerksTable;
  password_history: PasswordHistoryTable;
  sequences: SequencesTable;
  deliveries: DeliveriesTable;
  ratings: RatingsTable;
  rectifications: RectificationsTable;
  notifications: NotificationsTable;
  sms_outbox: SmsOutboxTable;
  appointments: AppointmentsTable;
  appointment_files: AppointmentFilesTable;
  queue_ticket: QueueTicketTable;
}
