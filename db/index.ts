import type { Kysely } from 'kysely';
import { openClientDb, type SqliteOptions } from './sqlite.js';
import { createCatalogStore, type CatalogStore } from './stores/catalog.js';
import { createBlobIndex, type BlobIndex } from './stores/blobs.js';
import { createCaseStore, type CaseStore } from './stores/cases.js';
import { createClerkStore, type ClerkStore } from './stores/clerks.js';
import { createEventStore, type EventStore } from './stores/events.js';
import { createDeliveryStore, type DeliveryStore } from './stores/deliveries.js';
import { createItemStore, type ItemStore } from './stores/items.js';
import { createNotificationStore, type NotificationStore } from './stores/notifications.js';
import { createSyncStore, type SyncStore } from './stores/sync.js';
import { clientEvents, createReportStore, type FactDeps, type ReportStore, type ReportTables } from './reports.js';
import { createArchiveStore, type ArchiveStore } from './stores/archive.js';
import { createBoardStore, type BoardStore } from './stores/board.js';
import { createAssistStore, type AssistStore } from './stores/assists.js';
import { createEscalationStore, type EscalationStore } from './stores/escalations.js';
import { createTransferStore, type TransferStore } from './stores/transfers.js';
import { createDuplicateStore, type DuplicateStore } from './stores/duplicates.js';
import { createAppointmentStore, type AppointmentStore } from './stores/appointments.js';

export { isStorageFailure, storageError } from './sqlite.js';
export type { ClerkRecord, ClerkStore, ClerkPatch } from './stores/clerks.js';
export type { EventStore, AppendContext } from './stores/events.js';
export type { CatalogStore, CatalogVersionRecord } from './stores/catalog.js';
export type { CaseStore, CaseRecord, CaseSummaryRecord, SearchKey } from './stores/cases.js';
export type { BlobIndex, BlobRecord } from './stores/blobs.js';
export type { DeliveryStore, DeliveryRecord, RatingRecord, RectificationRow } from './stores/deliveries.js';
export type { NotificationStore, NotificationRecord, NewNotification, OutboxRecord } from './stores/notifications.js';
export type { ItemStore, ItemRecord, QueueRecord, QueueQuery } from './stores/items.js';
export type { ReportStore, FactDeps } from './reports.js';
export type { SyncStore, SyncProblem, CaseSyncState, PendingEvent } from './stores/sync.js';
export type { ArchiveStore, ArchivePackageRecord, ArchiveCandidate } from './stores/archive.js';
export type { BoardStore, BoardWindow, AssistDayCounts } from './stores/board.js';
export type { AssistStore, AssistRow } from './stores/assists.js';
export type { EscalationStore, EscalationRecord, EscalationStepRecord } from './stores/escalations.js';
export type { TransferStore, TransferRecord, OpenTransferRecord, CaseProxyRecord } from './stores/transfers.js';
export type { DuplicateStore, PairRecord, SubjectCaseRecord, DraftedRecord } from './stores/duplicates.js';
export type { AppointmentStore, AppointmentRecord, CurrentTicketRecord, ImportedFileRecord } from './stores/appointments.js';

/** Everything the host's services need from the counter's database. */
export interface ClientStore {
  events: EventStore;
  clerks: ClerkStore;
  catalog: CatalogStore;
  cases: CaseStore;
  items: ItemStore;
  deliveries: DeliveryStore;
  notifications: NotificationStore;
  blobs: BlobIndex;
  sync: SyncStore;
  /** Report facts (监察统计) over this store, with the catalog and calendar they are derived with. */
  reports(deps: FactDeps): ReportStore;
  /** 电子化归档: packages written and the sweep's progress. */
  archive: ArchiveStore;
  /** The supervision board's figures. */
  board: BoardStore;
  /** 帮办代办 and 上门服务 records. */
  assists: AssistStore;
  /** 办不成事 records. */
  escalations: EscalationStore;
  /** 代收代办 marks and 材料流转 records. */
  transfers: TransferStore;
  /** 重复办件: open cases of one applicant and the pairs flagged to the supervisor. */
  duplicates: DuplicateStore;
  /** 预约 and 叫号: appointments, imported files and the current queue ticket (device-local). */
  appointments: AppointmentStore;
  /** Raw projection snapshot, for tests and diagnostics. */
  snapshotProjections(): Promise<{ cases: unknown[]; caseItems: unknown[]; deliveries: unknown[]; ratings: unknown[]; rectifications: unknown[]; caseAssists: unknown[]; duplicatePairs: unknown[]; transfers: unknown[] }>;
  close(): Promise<void>;
}

export async function openClientStore(
  file: string,
  deviceId: string,
  options: SqliteOptions & { now?: () => number } = {},
): Promise<ClientStore> {
  const { db, close } = await openClientDb(file, options);
  const events = await createEventStore(db, deviceId, options.now);
  return {
    events,
    clerks: createClerkStore(db),
    catalog: createCatalogStore(db),
    cases: createCaseStore(db),
    items: createItemStore(db),
    deliveries: createDeliveryStore(db),
    notifications: createNotificationStore(db),
    blobs: createBlobIndex(db),
    sync: createSyncStore(db, deviceId, events),
    reports: (deps) => createReportStore(db as unknown as Kysely<ReportTables>, clientEvents(), deps),
    archive: createArchiveStore(db),
    board: createBoardStore(db),
    assists: createAssistStore(db),
    escalations: createEscalationStore(db),
    transfers: createTransferStore(db),
    duplicates: createDuplicateStore(db),
    appointments: createAppointmentStore(db),
    async snapshotProjections() {
      const cases = await db.selectFrom('cases').selectAll().orderBy('id').execute();
      const caseItems = await db.selectFrom('case_items').selectAll().orderBy('case_id').orderBy('item_id').execute();
      const deliveries = await db.selectFrom('deliveries').selectAll().orderBy('visit_id').execute();
      const ratings = await db.selectFrom('ratings').selectAll().orderBy('visit_id').execute();
      const rectifications = await db.selectFrom('rectifications').selectAll().orderBy('visit_id').execute();
      const caseAssists = await db.selectFrom('case_assists').selectAll().orderBy('id').execute();
      const duplicatePairs = await db.selectFrom('duplicate_pairs').selectAll().orderBy('case_a').orderBy('case_b').execute();
      const transfers = await db.selectFrom('transfers').selectAll().orderBy('id').execute();
      return { cases, caseItems, deliveries, ratings, rectifications, caseAssists, duplicatePairs, transfers };
    },
    close,
  };
}
