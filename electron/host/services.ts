import type { ClientStore } from '../../db/index.js';
import type { SettingsStore } from '../../shared/settings.js';
import type { Catalog } from '../../shared/catalog.js';
import { createApplicantService } from '../services/applicant.js';
import { createAuthService } from '../services/auth.js';
import { createCatalogService, type PdfRenderer } from '../services/catalog.js';
import { createClerkService } from '../services/clerks.js';
import { createInstallationService } from '../services/installation.js';
import { createSyncService } from '../services/sync.js';

export type Shell = 'electron' | 'browser';

export function createServices(opts: { store: ClientStore; settings: SettingsStore; now: () => number; shell: Shell; version: string; catalog: Catalog; renderPdf: PdfRenderer }) {
  const deps = { store: opts.store, settings: opts.settings, now: opts.now };
  const auth = createAuthService(deps);
  const clerks = createClerkService(deps, auth);
  const catalog = createCatalogService(deps, opts.catalog, opts.renderPdf);
  return {
    shell: opts.shell,
    version: opts.version,
    store: opts.store,
    settings: opts.settings,
    auth,
    clerks,
    installation: createInstallationService(deps, auth, clerks),
    sync: createSyncService(deps),
    catalog,
    applicant: createApplicantService(deps, catalog),
  };
}

export type Services = ReturnType<typeof createServices>;
