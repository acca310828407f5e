import type { Migration } from 'kysely';
import { initial } from './0001_initial.js';
import { reports } from './0002_reports.js';
import { assist } from './0003_assist.js';
import { proxy } from './0004_proxy.js';

export type CentralDialect = 'sqlite' | 'postgres';

// One migration set for both databases, listed statically (folder scanning breaks once
// bundled); a migration that must differ per dialect receives it.
export function centralMigrations(dialect: CentralDialect): Record<string, Migration> {
  return {
    '0001_initial': initial(dialect),
    '0002_reports': reports(dialect),
    '0003_assist': assist(dialect),
    '0004_proxy': proxy(dialect),
  };
}
