import type { MethodOutput, MethodParsedInput } from '../../shared/api/contract.js';
import {
  catalogSchema,
  LIFE_STAGE_LABELS,
  REGION_LABELS,
  SERVICE_OBJECT_LABELS,
  validateCatalog,
  type Catalog,
  type Sourced,
} from '../../shared/catalog.js';
import { buildMaterialSet, buildMergedForm, bundlePromisedDays, chosenItems, indexCatalog, type CatalogIndex } from '../../shared/catalog-builders.js';
import { parseCatalogFile } from '../../shared/catalog-import.js';
import { compareVersions, type Bundle } from '../../shared/catalog.js';
import { AppError } from '../../shared/errors.js';
import { noticeHtml } from '../../shared/notice.js';
import { buildSearchIndex, type SearchIndex } from '../../shared/search.js';
import { installationOf, type Deps } from './auth.js';

// The service catalog as the counter sees it: the newest stored version, searchable
// by name and pinyin, with the merged form and material set of each bundle.

interface Loaded {
  version: string;
  ix: CatalogIndex;
  search: SearchIndex<Bundle>;
}

const view = <T>(s: Sourced<T>) => ({ value: s.value, placeholder: s.source === 'placeholder' });

/** Prints a self-contained HTML document to PDF; each shell brings its own. */
export type PdfRenderer = (html: string) => Promise<Buffer>;

export function createCatalogService({ store, settings, now }: Deps, seed: Catalog, renderPdf: PdfRenderer) {
  let loaded: Loaded | null = null;

  /** Stores the catalog shipped with the program as the first version of an empty store. */
  async function ensureSeeded(): Promise<void> {
    if (await store.catalog.latestVersion()) return;
    const errors = validateCatalog(seed);
    if (errors.length) throw new AppError('INTERNAL', `随程序发布的事项目录有误：${errors[0]}`);
    await store.catalog.insert({ version: seed.version, createdAt: new Date(now()).toISOString(), createdBy: null, note: '随程序发布的目录', body: JSON.stringify(seed) });
  }

  async function current(): Promise<Loaded> {
    const version = await store.catalog.latestVersion();
    if (!version) throw new AppError('NOT_FOUND', '本机还没有事项目录，请重新启动程序。');
    if (loaded?.version === version) return loaded;
    const catalog = catalogSchema.parse(JSON.parse((await store.catalog.get(version))!.body));
    const ix = indexCatalog(catalog);
    loaded = {
      version,
      ix,
      // A bundle is found by its own name and by the names of its items.
      search: buildSearchIndex(catalog.bundles, (b) => [b.name, ...b.items.map((e) => ix.item(e.itemId).name)]),
    };
    return loaded;
  }

  const pinned = new Map<string, CatalogIndex>();
  /** The index of a given version (cases pin theirs), or of the newest one. */
  async function indexOf(version?: string): Promise<{ version: string; ix: CatalogIndex }> {
    const latest = await current();
    if (!version || version === latest.version) return { version: latest.version, ix: latest.ix };
    let ix = pinned.get(version);
    if (!ix) {
      const row = await store.catalog.get(version);
      if (!row) throw new AppError('NOT_FOUND', `本机没有事项目录 ${version} 版，请同步目录后重试。`);
      ix = indexCatalog(catalogSchema.parse(JSON.parse(row.body)));
      if (pinned.size >= 8) pinned.delete(pinned.keys().next().value!);
      pinned.set(version, ix);
    }
    return { version, ix };
  }

  /** Applies an edit to a copy of the newest version and stores it as the next one if the catalog stays valid. */
  async function publishEdit(actorId: string, note: string | undefined, edit: (next: Catalog) => void): Promise<{ version: string }> {
    const { ix, version } = await current();
    const next = structuredClone(ix.catalog);
    edit(next);
    const errors = validateCatalog(next);
    if (errors.length) throw new AppError('INVALID_INPUT', `修改未保存：${errors[0]}`, { errors: errors.slice(0, 20) });
    const [year, n] = version.split('.').map(Number) as [number, number];
    next.version = `${year}.${n + 1}`;
    if (await store.catalog.get(next.version)) throw new AppError('CONFLICT', `目录版本 ${next.version} 已存在，请刷新后重试。`);
    await store.catalog.insert({ version: next.version, createdAt: new Date(now()).toISOString(), createdBy: actorId, note: note ?? null, body: JSON.stringify(next) });
    return { version: next.version };
  }

  function summary(ix: CatalogIndex, b: Bundle) {
    return {
      id: b.id,
      name: b.name,
      region: REGION_LABELS[b.region],
      serviceObject: SERVICE_OBJECT_LABELS[b.serviceObject.value],
      lifeStages: b.lifeStages.map((s) => LIFE_STAGE_LABELS[s]),
      leadDepartment: ix.departmentName(b.leadDepartmentId.value),
      itemCount: b.items.length,
      promisedDays: bundlePromisedDays(ix, b.id),
    };
  }

  return {
    indexOf,
    ensureSeeded,

    async bundles(input: MethodParsedInput<'catalog.bundles'>): Promise<MethodOutput<'catalog.bundles'>> {
      const { ix, search, version } = await current();
      const all = input.query ? search.search(input.query, 100) : ix.catalog.bundles;
      const bundles = all.filter(
        (b) =>
          (!input.serviceObject || b.serviceObject.value === input.serviceObject) &&
          (!input.lifeStage || b.lifeStages.includes(input.lifeStage)) &&
          (!input.region || b.region === input.region),
      );
      return { version, bundles: bundles.map((b) => summary(ix, b)) };
    },

    /** Admin edit of one item's elements: validated as a whole catalog, stored as the next version. */
    async editItem(actorId: string, input: MethodParsedInput<'admin.catalogEditItem'>): Promise<{ version: string }> {
      return publishEdit(actorId, input.note, (next) => {
        const item = next.items.find((i) => i.id === input.itemId);
        if (!item) throw new AppError('NOT_FOUND', `事项不存在：${input.itemId}`);
        for (const k of input.confirm ?? []) if (item[k].source === 'placeholder') item[k] = { ...item[k], source: 'hall' } as never;
        if (input.statutoryDays !== undefined) item.statutoryDays = { value: input.statutoryDays, source: 'hall' };
        if (input.promisedDays !== undefined) item.promisedDays = { value: input.promisedDays, source: 'hall' };
        if (input.fee !== undefined) item.fee = { value: input.fee, source: 'hall' };
        if (input.removeMaterials) item.materials = item.materials.filter((m) => !input.removeMaterials!.includes(m.key));
      });
    },

    async setDependencies(actorId: string, input: MethodParsedInput<'admin.catalogSetDependencies'>): Promise<{ version: string }> {
      return publishEdit(actorId, undefined, (next) => {
        const entry = next.bundles.find((b) => b.id === input.bundleId)?.items.find((e) => e.itemId === input.itemId);
        if (!entry) throw new AppError('NOT_FOUND', `“一件事”或其事项不存在：${input.bundleId} / ${input.itemId}`);
        entry.dependsOn = { value: [...new Set(input.dependsOn)], source: 'hall' };
      });
    },

    async setPartialDelivery(actorId: string, input: MethodParsedInput<'admin.catalogSetPartialDelivery'>): Promise<{ version: string }> {
      return publishEdit(actorId, undefined, (next) => {
        const bundle = next.bundles.find((b) => b.id === input.bundleId);
        if (!bundle) throw new AppError('NOT_FOUND', `“一件事”不存在：${input.bundleId}`);
        bundle.partialDelivery = input.allowed;
      });
    },

    /** A whole catalog file (from the central service or the province) becomes the next version. */
    async importFile(actorId: string | null, text: string): Promise<{ version: string }> {
      const parsed = parseCatalogFile(text);
      if (!parsed.ok) throw new AppError('INVALID_INPUT', `目录文件未导入：${parsed.errors[0]}`, { errors: parsed.errors.slice(0, 50) });
      const latest = await store.catalog.latestVersion();
      if (latest && compareVersions(parsed.catalog.version, latest) <= 0) {
        throw new AppError('CONFLICT', `目录文件的版本 ${parsed.catalog.version} 不比本机当前版本 ${latest} 新，未导入。`);
      }
      await store.catalog.insert({ version: parsed.catalog.version, createdAt: new Date(now()).toISOString(), createdBy: actorId, note: '导入的目录文件', body: JSON.stringify(parsed.catalog) });
      return { version: parsed.catalog.version };
    },

    async noticePdf(input: MethodParsedInput<'catalog.noticePdf'>): Promise<MethodOutput<'catalog.noticePdf'>> {
      const detail = await this.bundle({ id: input.id, itemIds: input.itemIds });
      const d = new Date(now());
      const printedAt = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
      const html = noticeHtml(detail, input.lang, { hallName: installationOf(settings).hallName, printedAt });
      const pdf = await renderPdf(html);
      const suffix = input.lang === 'zh' ? '' : `-${input.lang}`;
      return { fileName: `${detail.name}-一次告知单${suffix}.pdf`, pdfBase64: pdf.toString('base64') };
    },

    async bundle(input: MethodParsedInput<'catalog.bundle'>): Promise<MethodOutput<'catalog.bundle'>> {
      const { ix, version } = await current();
      let b: Bundle;
      let items;
      try {
        b = ix.bundle(input.id);
        items = chosenItems(ix, b.id, input.itemIds);
      } catch (err) {
        throw new AppError('NOT_FOUND', (err as Error).message);
      }
      const deps = new Map(b.items.map((e) => [e.itemId, e.dependsOn?.value ?? []]));
      const level = new Map<string, number>();
      for (const it of items) level.set(it.id, Math.max(-1, ...(deps.get(it.id) ?? []).map((d) => level.get(d) ?? -1)) + 1);
      const form = buildMergedForm(ix, b.id, input.itemIds);
      const materials = buildMaterialSet(ix, b.id, input.itemIds);
      const promised = items.map((i) => i.promisedDays.value).filter((d): d is number => d !== null);
      return {
        version,
        ...summary(ix, b),
        eligibility: b.eligibility.map(view),
        policyBasis: view(b.policyBasis),
        items: items.map((i) => ({
          id: i.id,
          name: i.name,
          department: ix.departmentName(i.departmentId.value),
          dependsOn: (deps.get(i.id) ?? []).filter((d) => level.has(d)),
          level: level.get(i.id)!,
          legalBasis: view(i.legalBasis),
          conditions: i.conditions.map(view),
          steps: i.steps.map(view),
          statutoryDays: view(i.statutoryDays),
          promisedDays: view(i.promisedDays),
          fee: view(i.fee),
          result: { value: i.result.value.name, placeholder: i.result.source === 'placeholder' },
          consultation: view(i.consultation),
          pendingMaterialsAllowed: i.pendingMaterialsAllowed.value,
        })),
        materials: materials.materials,
        separateMaterialCount: materials.separateMaterialCount,
        mergedFieldCount: form.fields.length,
        separateFieldCount: form.separateFieldCount,
        longestItemPromisedDays: promised.length ? Math.max(...promised) : null,
        promisedDays: bundlePromisedDays(ix, b.id, input.itemIds),
      };
    },
  };
}

export type CatalogService = ReturnType<typeof createCatalogService>;
