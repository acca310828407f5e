import type { ClientStore } from '../../../db/index.js';
import { calendarOverridesSchema, type CalendarOverride } from '../../../shared/calendar.js';
import { AppError } from '../../../shared/errors.js';
import type { SettingsStore } from '../../../shared/settings.js';
import type { Publication } from '../../../shared/sync.js';

// Catalog and calendar versions the central service publishes, applied on the counter.
// A catalog version is stored next to the older ones (cases pin theirs); a calendar version
// brings the central overrides, merged with the hall's own (the central one wins a date).

export interface PublicationDeps {
  store: ClientStore;
  settings: SettingsStore;
  /** The catalog service's import: validates the whole catalog and refuses an older version. */
  importCatalog: (text: string) => Promise<{ version: string }>;
}

const overrideKey = (o: CalendarOverride) => (o.kind === 'year_complete' ? `year:${o.year}` : `date:${o.date}`);

export function publicationHandlers(deps: PublicationDeps) {
  return {
    async publishedVersion(kind: Publication['kind']): Promise<string | null> {
      if (kind === 'catalog') return (await deps.store.catalog.latestVersion()) ?? null;
      return deps.store.sync.getState('calendar_version');
    },
    async apply(p: Publication): Promise<void> {
      if (p.kind === 'catalog') {
        const latest = await deps.store.catalog.latestVersion();
        if (latest === p.version || (await deps.store.catalog.get(p.version))) return;
        await deps.importCatalog(JSON.stringify(p.body));
        return;
      }
      const parsed = calendarOverridesSchema.safeParse((p.body as { overrides?: unknown } | null)?.overrides);
      if (!parsed.success) throw new AppError('INVALID_INPUT', `中心发布的工作日历 ${p.version} 格式有误，未采用。请联系中心管理员。`);
      const merged = new Map(deps.settings.read().calendarOverrides.map((o) => [overrideKey(o), o]));
      for (const o of parsed.data) merged.set(overrideKey(o), o);
      deps.settings.update({ calendarOverrides: [...merged.values()] });
      await deps.store.sync.setState('calendar_version', p.version);
    },
  };
}
