import type { Migration } from 'kysely';
import * as m0001 from './0001_initial.js';
import * as m0002 from './0002_catalog.js';
import * as m0003 from './0003_blobs.js';
import * as m0004 from './0004_intake.js';
import * as m0005 from './0005_sync.js';
import * as m0006 from './0006_routing.js';
import * as m0007 from './0007_delivery.js';
import * as m0008 from './0008_reports.js';
import * as m0009 from './0009_archive.js';
import * as m0010 from './0010_assist.js';
import * as m0011 from './0011_display.js';
import * as m0012 from './0012_hall_queue.js';
import * as m0013 from './0013_duplicates.js';
import * as m0014 from './0014_escalations.js';
import * as m0015 from './0015_proxy.js';
import * as m0016 from './0016_accounts.js';

// Listed statically: folder scanning breaks once the host is bundled.
export const clientMigrations: Record<string, Migration> = {
  '0001_initial': m0001,
  '0002_catalog': m0002,
  '0003_blobs': m0003,
  '0004_intake': m0004,
  '0005_sync': m0005,
  '0006_routing': m0006,
  '0007_delivery': m0007,
  '0008_reports': m0008,
  '0009_archive': m0009,
  '0010_assist': m0010,
  '0011_display': m0011,
  '0012_hall_queue': m0012,
  '0013_duplicates': m0013,
  '0014_escalations': m0014,
  '0015_proxy': m0015,
  '0016_accounts': m0016,
};
