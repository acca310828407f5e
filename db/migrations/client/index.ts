import type { Migration } from 'kysely';
import * as m0001 from './0001_initial.js';
import * as m0002 from './0002_catalog.js';

// Listed statically: folder scanning breaks once the host is bundled.
export const clientMigrations: Record<string, Migration> = {
  '0001_initial': m0001,
  '0002_catalog': m0002,
};
