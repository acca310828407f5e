import { z } from 'zod';
import type { CatalogIndex } from './catalog-builders.js';
import { chosenItems } from './catalog-builders.js';
import type { Item, ResultKind } from './catalog.js';
import type { ItemState } from './case-machine.js';
import { PAUSE_REASONS } from './deadlines.js';
import { IDENTITY_FIELDS, type IntakeData } from './intake.js';

// 后台流转 · 分类审批: how an accepted case splits into sub-applications (one per item, sent to
// the item's department), in which order they may start, what each department gets to see and
// what a decision must carry. Pure functions over one catalog version and the event schemas.

const isoDate = z.string().date();
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, '文件标识格式错误');

/** The clock of a sub-application as last computed: the dates the queue sorts and warns by. */
export const itemClockSchema = z.object({
  /** Acceptance, or the day the item was unblocked; counting starts the next working day. */
  start: isoDate,
  /** Limits from the catalog version the case pinned, in working days; null: none. */
  promisedDays: z.number().int().min(0).max(10_000).nullable(),
  statutoryDays: z.number().int().min(0).max(10_000).nullable(),
  /** Promised due date (承诺); null without a promised limit. */
  dueDate: isoDate.nullable(),
  statutoryDueDate: isoDate.nullable(),
  /** First day on which two thirds of the limit are used (yellow); null: no limit. */
  warnDate: isoDate.nullable(),
});
export type ItemClock = z.infer<typeof itemClockSchema>;

export const itemPauseSchema = z.object({
  from: isoDate,
  reason: z.enum(PAUSE_REASONS),
  note: z.string().trim().max(300).nullable(),
});

/** What an approval hands over: the number, the e-license and/or the result document. */
export const itemResultSchema = z.object({
  /** 证照编号 / 批准文号 / 登记号. */
  number: z.string().trim().max(64).nullable(),
  elicenseId: z.string().trim().max(64).nullable(),
  documentBlobs: z.array(sha256).max(50),
  note: z.string().trim().max(500).nullable(),
});
export type ItemResultRecord = z.infer<typeof itemResultSchema>;

/** What the item's result must carry before it may be approved. */
export interface ResultRequirement {
  number: boolean;
  elicense: boolean;
  document: boolean;
  /** Shown to the reviewer above the result fields. */
  hint: string;
}

const NUMBERED: readonly ResultKind[] = ['certificate', 'approval', 'registration', 'card'];
const DOCUMENTED: readonly ResultKind[] = ['notice', 'report'];

export function resultRequirement(item: Item): ResultRequirement {
  const r = item.result.value;
  const number = NUMBERED.includes(r.kind);
  const document = DOCUMENTED.includes(r.kind);
  const parts = [number ? '证照（文书）编号' : null, r.eLicense ? '电子证照标识' : null, document ? '结果文书扫描件' : null].filter(Boolean);
  return {
    number,
    elicense: r.eLicense,
    document,
    hint: parts.length ? `办理结果“${r.name}”须填写：${parts.join('、')}。` : `办理结果“${r.name}”：请填写办理结果说明或附结果文书。`,
  };
}

/** Every gap of a result against its requirement, in Chinese; empty when it may be approved. */
export function resultProblems(item: Item, result: ItemResultRecord): string[] {
  const need = resultRequirement(item);
  const out: string[] = [];
  if (need.number && !result.number) out.push('请填写证照（文书）编号');
  if (need.elicense && !result.elicenseId) out.push('请填写电子证照标识');
  if (need.document && result.documentBlobs.length === 0) out.push('请扫描或附加结果文书');
  if (!need.number && !need.elicense && !need.document && !result.note && result.documentBlobs.length === 0) {
    out.push('请填写办理结果说明或附加结果文书');
  }
  return out;
}

export interface PlannedItem {
  itemId: string;
  departmentId: string;
  /** Prerequisites among the case's own items. */
  dependsOn: string[];
  state: Extract<ItemState, 'blocked' | 'queued'>;
  promisedDays: number | null;
  statutoryDays: number | null;
}

/** The sub-applications of an accepted case, in dependency order. */
export function planRouting(ix: CatalogIndex, bundleId: string, itemIds: readonly string[]): PlannedItem[] {
  const items = chosenItems(ix, bundleId, itemIds);
  const chosen = new Set(items.map((i) => i.id));
  const deps = new Map(ix.bundle(bundleId).items.map((e) => [e.itemId, (e.dependsOn?.value ?? []).filter((d) => chosen.has(d))]));
  return items.map((item) => {
    const dependsOn = deps.get(item.id) ?? [];
    return {
      itemId: item.id,
      departmentId: item.departmentId.value,
      dependsOn,
      state: dependsOn.length ? 'blocked' : 'queued',
      promisedDays: item.promisedDays.value,
      statutoryDays: item.statutoryDays.value,
    };
  });
}

export interface ItemLink {
  itemId: string;
  state: ItemState | null;
  dependsOn: readonly string[];
}

/** Blocked items whose every prerequisite is now approved: they may be queued. */
export function unblockedItems(items: readonly ItemLink[]): string[] {
  const state = new Map(items.map((i) => [i.itemId, i.state]));
  return items.filter((i) => i.state === 'blocked' && i.dependsOn.every((d) => state.get(d) === 'approved')).map((i) => i.itemId);
}

/**
 * Blocked items that can no longer proceed because a prerequisite, directly or through another
 * blocked item, was rejected or ended: the supervisor is told, and may end them.
 */
export function strandedItems(items: readonly ItemLink[]): string[] {
  const byId = new Map(items.map((i) => [i.itemId, i]));
  const memo = new Map<string, boolean>();
  const dead = (id: string, seen: Set<string>): boolean => {
    if (memo.has(id)) return memo.get(id)!;
    const it = byId.get(id);
    if (!it || seen.has(id)) return false;
    if (it.state === 'rejected' || it.state === 'cancelled') return true;
    if (it.state !== 'blocked') return false;
    seen.add(id);
    const r = it.dependsOn.some((d) => dead(d, seen));
    memo.set(id, r);
    return r;
  };
  return items.filter((i) => i.state === 'blocked' && dead(i.itemId, new Set())).map((i) => i.itemId);
}

/** Keys of the form fields and materials a department sees for one item: its own and who applies. */
export function subApplicationScope(item: Item, data: IntakeData): { fieldKeys: string[]; materialKeys: string[] } {
  const fieldKeys = [...new Set([...IDENTITY_FIELDS[data.applicantKind], ...item.fields.value])];
  const materialKeys = [...new Set(item.materials.map((m) => m.key))];
  return { fieldKeys, materialKeys };
}

/** Sort key of an item without a time limit: after every dated one. */
export const NO_DUE_DATE = '9999-12-31';

/** Sub-application states a department works on now (the default queue). */
export const ACTIVE_ITEM_STATES: readonly ItemState[] = ['queued', 'received'];
