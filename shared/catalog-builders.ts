import type { Bundle, Catalog, FieldDef, Item, MaterialForm, MaterialRequirement } from './catalog.js';
import { itemOrder } from './catalog.js';

// The merged form (一表申请), the material set (一套材料) and the one-time notice (一次告知)
// for a bundle or a chosen subset of its items. Pure functions over one catalog version.

export interface CatalogIndex {
  catalog: Catalog;
  bundle(id: string): Bundle;
  item(id: string): Item;
  departmentName(id: string): string;
  field(key: string): FieldDef;
}

export function indexCatalog(catalog: Catalog): CatalogIndex {
  const bundles = new Map(catalog.bundles.map((b) => [b.id, b]));
  const items = new Map(catalog.items.map((i) => [i.id, i]));
  const departments = new Map(catalog.departments.map((d) => [d.id, d.name]));
  const fields = new Map(catalog.fields.map((f) => [f.key, f]));
  const get = <T>(m: Map<string, T>, key: string, what: string): T => {
    const v = m.get(key);
    if (v === undefined) throw new Error(`${what}不存在：${key}`);
    return v;
  };
  return {
    catalog,
    bundle: (id) => get(bundles, id, '“一件事”'),
    item: (id) => get(items, id, '事项'),
    departmentName: (id) => departments.get(id) ?? id,
    field: (key) => get(fields, key, '表单字段'),
  };
}

/** The items of the bundle a case includes, in dependency order. `itemIds` absent: all of them. */
export function chosenItems(ix: CatalogIndex, bundleId: string, itemIds?: readonly string[]): Item[] {
  const bundle = ix.bundle(bundleId);
  const wanted = itemIds ? new Set(itemIds) : null;
  if (wanted) {
    const inBundle = new Set(bundle.items.map((e) => e.itemId));
    const stray = [...wanted].filter((id) => !inBundle.has(id));
    if (stray.length) throw new Error(`事项不属于“${bundle.name}”：${stray.join('、')}`);
    if (wanted.size === 0) throw new Error('至少选择一个事项');
  }
  return itemOrder(bundle)
    .filter((id) => !wanted || wanted.has(id))
    .map((id) => ix.item(id));
}

export interface MergedField extends FieldDef {
  /** Ids of the items that need this field. */
  itemIds: string[];
}

export interface MergedForm {
  fields: MergedField[];
  /** Fields the applicant would fill item by item, without merging. */
  separateFieldCount: number;
}

export function buildMergedForm(ix: CatalogIndex, bundleId: string, itemIds?: readonly string[]): MergedForm {
  const byKey = new Map<string, MergedField>();
  let separate = 0;
  for (const item of chosenItems(ix, bundleId, itemIds)) {
    for (const key of item.fields.value) {
      separate++;
      const existing = byKey.get(key);
      if (existing) {
        if (!existing.itemIds.includes(item.id)) existing.itemIds.push(item.id);
      } else {
        byKey.set(key, { ...ix.field(key), itemIds: [item.id] });
      }
    }
  }
  // Dictionary order keeps related fields (applicant.*, child.* …) together.
  const order = new Map(ix.catalog.fields.map((f, i) => [f.key, i]));
  const fields = [...byKey.values()].sort((a, b) => order.get(a.key)! - order.get(b.key)!);
  return { fields, separateFieldCount: separate };
}

export interface MergedMaterial {
  key: string;
  name: string;
  form: MaterialForm;
  count: number;
  /** Fetched from the e-license system for every item that needs it: the applicant brings nothing. */
  exempt: boolean;
  /** Needed only in some situations (the conditions of every item that asks for it). */
  when: string[];
  /** Needed whatever the situation by at least one item. */
  always: boolean;
  /** How the items themselves word the material, where that differs from the dictionary name. */
  wording: string[];
  items: { itemId: string; name: string }[];
  placeholder: boolean;
}

export interface MaterialSet {
  materials: MergedMaterial[];
  /** Materials the applicant would hand in item by item, without merging. */
  separateMaterialCount: number;
  exemptCount: number;
}

function mergeForm(a: MaterialForm, b: MaterialForm): MaterialForm {
  return a === b ? a : 'original_and_copy';
}

export function buildMaterialSet(ix: CatalogIndex, bundleId: string, itemIds?: readonly string[]): MaterialSet {
  const names = new Map(ix.catalog.materials.map((m) => [m.key, m.name]));
  const byKey = new Map<string, MergedMaterial>();
  let separate = 0;
  const add = (item: Item, r: MaterialRequirement) => {
    separate++;
    const m = byKey.get(r.key);
    const placeholder = r.source === 'placeholder' || r.form.source === 'placeholder' || r.exempt.source === 'placeholder';
    if (!m) {
      byKey.set(r.key, {
        key: r.key,
        name: names.get(r.key) ?? r.name ?? r.key,
        form: r.form.value,
        count: r.count.value,
        exempt: r.exempt.value,
        when: r.when ? [r.when] : [],
        always: !r.when,
        wording: r.name ? [r.name] : [],
        items: [{ itemId: item.id, name: item.name }],
        placeholder,
      });
      return;
    }
    m.form = mergeForm(m.form, r.form.value);
    m.count = Math.max(m.count, r.count.value);
    m.exempt = m.exempt && r.exempt.value; // one item that needs the paper makes the applicant bring it
    if (r.when && !m.when.includes(r.when)) m.when.push(r.when);
    m.always ||= !r.when;
    if (r.name && !m.wording.includes(r.name)) m.wording.push(r.name);
    if (!m.items.some((i) => i.itemId === item.id)) m.items.push({ itemId: item.id, name: item.name });
    m.placeholder ||= placeholder;
  };
  for (const item of chosenItems(ix, bundleId, itemIds)) for (const r of item.materials) add(item, r);
  const materials = [...byKey.values()];
  return { materials, separateMaterialCount: separate, exemptCount: materials.filter((m) => m.exempt).length };
}

/**
 * Working days until the last result when dependent items run one after another and
 * independent ones in parallel: the longest chain of promised limits. Null when an item has none.
 */
export function bundlePromisedDays(ix: CatalogIndex, bundleId: string, itemIds?: readonly string[]): number | null {
  const items = chosenItems(ix, bundleId, itemIds);
  const chosen = new Set(items.map((i) => i.id));
  const deps = new Map(ix.bundle(bundleId).items.map((e) => [e.itemId, (e.dependsOn?.value ?? []).filter((d) => chosen.has(d))]));
  const finish = new Map<string, number>();
  for (const item of items) {
    const days = item.promisedDays.value ?? item.statutoryDays.value;
    if (days === null) return null;
    const start = Math.max(0, ...(deps.get(item.id) ?? []).map((d) => finish.get(d)!));
    finish.set(item.id, start + days);
  }
  return Math.max(0, ...finish.values());
}
