import type { Condition, Item, ItemVariant, PeriodRule } from './catalog.js';
import { checkIdNumber } from './validators.js';

// The catalog's machine-readable rules (conditions, conditional fields and materials, waiting
// periods) evaluated for one intake. Pure: dates are China calendar dates (YYYY-MM-DD) the host
// passes in; nothing here reads the clock.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parts(date: string): [number, number, number] | null {
  const m = ISO_DATE.exec(date.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  return [y, mo, d];
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeap(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
}

const iso = (y: number, m: number, d: number) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/** A valid YYYY-MM-DD calendar date. */
export function isIsoDate(date: string): boolean {
  return parts(date) !== null;
}

/** The same calendar date `years` later; 29 February becomes 1 March in a common year. */
export function addYears(date: string, years: number): string {
  const p = parts(date);
  if (!p) throw new Error(`日期格式错误：${date}`);
  const [y, m, d] = p;
  const ty = y + years;
  if (m === 2 && d === 29 && !isLeap(ty)) return iso(ty, 3, 1);
  return iso(ty, m, d);
}

/** 2026年3月1日 */
export function chineseDate(date: string): string {
  const p = parts(date);
  if (!p) return date;
  return `${p[0]}年${p[1]}月${p[2]}日`;
}

/** The birth date an ID number or date field stands for; null when the value gives none. */
export function birthDateOf(value: string, type: 'idNumber' | 'date'): string | null {
  if (type === 'date') return isIsoDate(value) ? value.trim() : null;
  const r = checkIdNumber(value);
  return r.ok ? r.value.birthDate : null;
}

/**
 * Full years of age on `today`: the birthday counts from the day itself (born 29 February:
 * from 1 March in a common year), as `addYears` does.
 */
export function ageOn(birthDate: string, today: string): number {
  const b = parts(birthDate);
  const t = parts(today);
  if (!b || !t) throw new Error('日期格式错误');
  let age = t[0] - b[0];
  if (age > 0 && addYears(birthDate, age) > today) age--;
  return Math.max(0, age);
}

export interface ConditionContext {
  fields: Readonly<Record<string, string>>;
  today: string;
  /** How to read a field for an age test; the catalog's field types. */
  fieldType(key: string): string | undefined;
}

/** Whether the condition holds; a field left empty or unreadable meets no test but `not`. */
export function holds(c: Condition, ctx: ConditionContext): boolean {
  if ('all' in c) return c.all.every((x) => holds(x, ctx));
  if ('any' in c) return c.any.some((x) => holds(x, ctx));
  if ('not' in c) return !holds(c.not, ctx);
  const value = (ctx.fields[c.field] ?? '').trim();
  if (value === '') return false;
  if ('in' in c) return c.in.includes(value);
  const type = ctx.fieldType(c.field);
  const birth = type === 'idNumber' || type === 'date' ? birthDateOf(value, type) : null;
  return birth !== null && birth <= ctx.today && ageOn(birth, ctx.today) < c.ageBelow;
}

/** A result of an earlier case for the same applicant, from the local history. */
export interface PriorCase {
  /** The items whose result (approved) was handed over. */
  itemIds: readonly string[];
  fields: Readonly<Record<string, string>>;
  /** China date of the handover. */
  on: string;
}

export interface PeriodBlock {
  itemId: string;
  ruleKey: string;
  /** The latest start and the first day an application is possible again. */
  from: string;
  until: string;
  message: string;
  waivable: boolean;
}

export interface Eligibility {
  /** The variants each item's form selects. */
  variants: Map<string, ItemVariant[]>;
  /** Materials a rule requires now, with the case in words (the requirement's `when`). */
  requiredMaterials: Map<string, string[]>;
  /** Fields of the chosen items that may stay empty now. */
  optionalFields: Set<string>;
  /** Why a conditional field is needed now, for the clerk's message. */
  fieldReasons: Map<string, string>;
  /** Date fields a period starts from that lie after today. */
  futureDates: string[];
  blocks: PeriodBlock[];
}

function periodStarts(item: Item, rule: PeriodRule, ctx: ConditionContext, history: readonly PriorCase[], futureDates: Set<string>): string[] {
  const out: string[] = [];
  for (const s of rule.from) {
    if ('field' in s) {
      const v = (ctx.fields[s.field] ?? '').trim();
      if (!isIsoDate(v)) continue;
      if (v > ctx.today) futureDates.add(s.field);
      else out.push(v);
      continue;
    }
    for (const p of history) {
      if (!p.itemIds.includes(item.id) || !isIsoDate(p.on)) continue;
      if (holds(s.history, { ...ctx, fields: p.fields, today: p.on })) out.push(p.on);
    }
  }
  return out;
}

/**
 * What the rules of the chosen items say about this intake: the variants the form selects,
 * the materials and fields they make necessary, and the waiting periods still running.
 * `waived`: keys of waivable period rules a supervisor lifted for this case.
 */
export function evaluateEligibility(
  items: readonly Item[],
  fields: Readonly<Record<string, string>>,
  today: string,
  fieldType: (key: string) => string | undefined,
  history: readonly PriorCase[] = [],
  waived: readonly string[] = [],
): Eligibility {
  const ctx: ConditionContext = { fields, today, fieldType };
  const variants = new Map<string, ItemVariant[]>();
  const requiredMaterials = new Map<string, string[]>();
  const needed = new Set<string>();
  const listed = new Set<string>();
  const fieldReasons = new Map<string, string>();
  const futureDates = new Set<string>();
  const blocks: PeriodBlock[] = [];

  for (const item of items) {
    const chosen = (item.variants ?? []).filter((v) => v.appliesWhen && holds(v.appliesWhen, ctx));
    if (chosen.length) variants.set(item.id, chosen);
    for (const r of [...item.materials, ...chosen.flatMap((v) => v.materials)]) {
      if (!r.requiredWhen || !holds(r.requiredWhen, ctx)) continue;
      const reasons = requiredMaterials.get(r.key) ?? [];
      if (r.when && !reasons.includes(r.when)) reasons.push(r.when);
      requiredMaterials.set(r.key, reasons);
    }

    const ruled = new Map((item.rules?.fields ?? []).map((r) => [r.key, r]));
    for (const key of item.fields.value) {
      listed.add(key);
      const rule = ruled.get(key);
      if (!rule) needed.add(key);
      else if (rule.requiredWhen && holds(rule.requiredWhen, ctx)) {
        needed.add(key);
        if (rule.when && !fieldReasons.has(key)) fieldReasons.set(key, rule.when);
      }
    }

    for (const rule of item.rules?.periods ?? []) {
      if (rule.appliesWhen && !holds(rule.appliesWhen, ctx)) continue;
      const starts = periodStarts(item, rule, ctx, history, futureDates);
      if (starts.length === 0) continue;
      const from = starts.sort().at(-1)!;
      const until = addYears(from, rule.years);
      if (today >= until) continue;
      if (rule.unless && holds(rule.unless, ctx)) continue;
      if (rule.waivable && waived.includes(rule.key)) continue;
      const message = rule.message.replaceAll('{from}', chineseDate(from)).replaceAll('{until}', chineseDate(until));
      blocks.push({ itemId: item.id, ruleKey: rule.key, from, until, message, waivable: rule.waivable });
    }
  }

  const optionalFields = new Set([...listed].filter((k) => !needed.has(k)));
  for (const k of optionalFields) fieldReasons.delete(k);
  return { variants, requiredMaterials, optionalFields, fieldReasons, futureDates: [...futureDates], blocks };
}

/** Whether any chosen item reads the local history, so the host need not look it up otherwise. */
export function needsHistory(items: readonly Item[]): boolean {
  return items.some((i) => (i.rules?.periods ?? []).some((p) => p.from.some((s) => 'history' in s)));
}
