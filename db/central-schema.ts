import type { Generated } from 'kysely';

// Row types of the central database (SQLite or PostgreSQL). JSON columns are TEXT,
// timestamps ISO-8601 TEXT, sequences BIGINT read back as numbers.

export interface MetaTable {
  key: string;
  value: string;
}

export interface DevicesTable {
  id: string;
  hall_code: string | null;
  departments: string;
  label: string;
  token_hash: string;
  enrolled_at: string;
  revoked_at: string | null;
  last_seen_at: string | null;
  last_cursor: number | null;
}

export interface EnrolmentCodesTable {
  code_hash: string;
  hall_code: string | null;
  departments: string;
  label: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  used_by: string | null;
}

export interface CentralEventsTable {
  server_seq: Generated<number>;
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
  received_at: string;
}

export interface RejectionsTable {
  event_id: string;
  device_id: string;
  case_id: string | null;
  code: string;
  reason: string;
  event: string;
  rejected_at: string;
}

export interface CentralCasesTable {
  id: string;
  hall_code: string;
  state: string;
  items: string;
  departments: string;
  updated_at: string;
  /** 代收代办: the deciding division (null: decided by the hall's own departments). */
  deciding_code: string | null;
  deciding_name: string | null;
  /** JSON: transfer id → 'sent' | 'received'. */
  transfers: string;
}

export interface CaseDepartmentsTable {
  case_id: string;
  department_id: string;
}

export interface FeedTable {
  feed_seq: Generated<number>;
  scope: string;
  event_seq: number;
}

export interface CentralBlobsTable {
  sha256: string;
  size: number;
  mime: string;
  uploaded_by: string;
  created_at: string;
}

export interface BlobCasesTable {
  sha256: string;
  case_id: string;
}

export interface PublicationsTable {
  pub_seq: Generated<number>;
  kind: string;
  version: string;
  body: string;
  published_at: string;
}

export interface CentralDatabase {
  meta: MetaTable;
  devices: DevicesTable;
  enrolment_codes: EnrolmentCodesTable;
  events: CentralEventsTable;
  rejections: RejectionsTable;
  cases: CentralCasesTable;
  case_departments: CaseDepartmentsTable;
  feed: FeedTable;
  blobs: CentralBlobsTable;
  blob_cases: BlobCasesTable;
  publications: PublicationsTable;
}
