import Database from 'better-sqlite3-multiple-ciphers';
import { Kysely, Migrator, PostgresDialect, type LogEvent, type Migration, type MigrationProvider } from 'kysely';
import pg from 'pg';
import { StoreDialect } from './sqlite-dialect.js';
import { centralMigrations, type CentralDialect } from './migrations/central/index.js';
import type { CentralDatabase } from './central-schema.js';
import { createCentralBlobStore, type CentralBlobStore } from './stores/central-blobs.js';
import { createCentralDeviceStore, type CentralDeviceStore } from './stores/central-devices.js';
import { createCentralPublicationStore, type CentralPublicationStore } from './stores/central-publications.js';
import { createCentralSyncStore, type CentralSyncStore } from './stores/central-sync.js';
import { centralEvents, createReportStore, type FactDeps, type ReportStore, type ReportTables } from './reports.js';

// The central service's database: a SQLite file by default, PostgreSQL in production.
// The only place the server's Kysely and pg are set up.

export type { CentralDialect } from './migrations/central/index.js';
export type { CentralDatabase } from './central-schema.js';
export type { DeviceRecord } from './stores/central-devices.js';
export type { RejectionRecord } from './stores/central-sync.js';
export type { ReportStore } from './reports.js';
export type { CentralDeviceStore, CentralSyncStore, CentralBlobStore, CentralPublicationStore };

export type CentralDbOptions = ({ sqliteFile: string } | { postgresUrl: string; poolSize?: number }) & {
  now?: () => number;
  /** Kysely's query log (SQL text and duration, never parameters), for diagnosing slow queries. */
  log?: (sql: string, ms: number) => void;
};

export interface CentralDb {
  db: Kysely<CentralDatabase>;
  dialect: CentralDialect;
  devices: CentralDeviceStore;
  sync: CentralSyncStore;
  blobs: CentralBlobStore;
  publications: CentralPublicationStore;
  /** Report facts (监察统计) of every hall, with the catalog and calendar they are derived with. */
  reports(deps: FactDeps): ReportStore;
  close(): Promise<void>;
}

class StaticProvider implements MigrationProvider {
  constructor(private readonly migrations: Record<string, Migration>) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return this.migrations;
  }
}

const INT8_OID = 20;

function queryLog(log: CentralDbOptions['log']) {
  return log ? (e: LogEvent) => log(e.query.sql, e.queryDurationMillis) : undefined;
}

export async function openCentralDb(opts: CentralDbOptions): Promise<CentralDb> {
  let db: Kysely<CentralDatabase>;
  let dialect: CentralDialect;
  if ('sqliteFile' in opts) {
    const raw = new Database(opts.sqliteFile);
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = FULL');
    raw.pragma('busy_timeout = 10000');
    db = new Kysely<CentralDatabase>({ dialect: new StoreDialect(raw), log: queryLog(opts.log) });
    dialect = 'sqlite';
  } else {
    const pool = new pg.Pool({
      connectionString: opts.postgresUrl,
      max: opts.poolSize ?? 20,
      // Sequences are BIGINT; they stay far below 2^53, so read them as numbers.
      types: { getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === INT8_OID ? Number : pg.types.getTypeParser(oid, format as 'text'))) as typeof pg.types.getTypeParser },
    });
    // A connection dropped while idle (database restart, failover) must not end the service;
    // the pool replaces it and the next query reconnects.
    pool.on('error', (err: Error & { code?: string }) => {
      process.stderr.write(`${JSON.stringify({ t: new Date().toISOString(), level: 'warn', msg: 'postgres idle connection lost', code: err.code ?? null })}\n`);
    });
    db = new Kysely<CentralDatabase>({ dialect: new PostgresDialect({ pool }), log: queryLog(opts.log) });
    dialect = 'postgres';
  }
  try {
    // Several instances may start at once on one PostgreSQL: Kysely's migrator takes a lock.
    const { error } = await new Migrator({ db, provider: new StaticProvider(centralMigrations(dialect)) }).migrateToLatest();
    if (error) throw error;
  } catch (err) {
    await db.destroy();
    throw err;
  }
  const now = opts.now ?? Date.now;
  return {
    db,
    dialect,
    devices: createCentralDeviceStore(db, now),
    sync: createCentralSyncStore(db, dialect, now),
    blobs: createCentralBlobStore(db, now),
    publications: createCentralPublicationStore(db, now),
    reports: (deps) => createReportStore(db as unknown as Kysely<ReportTables>, centralEvents(dialect), deps),
    close: () => db.destroy(),
  };
}

