import type { Calendar, IsoDate, UncoveredYears } from '../calendar.js';
import { buildMergedForm, chosenItems, type CatalogIndex } from '../catalog-builders.js';
import { ITEM_DECIDED, type ItemState } from '../case-machine.js';
import { computeDeadline, type ClockPause } from '../deadlines.js';
import { isBadRating, rectificationStateAfter, type RectificationState } from '../delivery.js';
import type { EventPayload, EventType } from '../events.js';
import { IDENTITY_FIELDS, type ApplicantKind, type MaterialStatus, type PriorityReason } from '../intake.js';
import type { ItemClock } from '../routing.js';

// The facts of one case, derived purely from its events (in store order), the catalog version it
// pinned and the working-day calendar. One derivation for the hall's client and the central
// service: both feed their own event rows through it and store the result in report_cases /
// report_items. Every figure a supervisor reports upward is defined here.
//
// Definitions (dates are China dates, UTC+8, of the events' createdAt):
// - accepted: the first case.accepted. Cases never accepted have no facts.
// - ready: the first moment every item of the case is decided (approved / rejected / cancelled).
// - delivered: case.delivered (the last result handed over, released, or confirmed received by mail).
// - readyDays / deliveryDays: working days in (accepted, ready] and (accepted, delivered] by the
//   calendar (holidays off, make-up workdays on); the applicant's wait, so 补正 pauses count.
// - item workdays: the item's own clock, working days in (clock start, decided] minus its pauses
//   (补正, 专家评审 …), as the deadlines module counts them.
// - on time (item): decided on or before its due date — the promised limit, else the statutory one,
//   pushed back by its pauses. Cancelled items and items without any limit are not judged.
//   On time (case): every judged item on time; null while not ready or when nothing is judged.
// - corrections: counter notices (case.correction_notified) plus department requests
//   (item.state_changed → needs_correction).
// - 容缺: pending materials at acceptance. Kept: each supplied on or before its own deadline. Broken:
//   one supplied late (or, at report time, one still missing after its deadline: see commitmentDue).
// - rating: the worst counted rating of the case's visits (a rating voided on appeal does not
//   count); rectification: the state of that rating's rectification when it is a bad one.
// - visits made: distinct days the applicant had to come: the draft started and the counter's
//   decisions (accept / correction notice / refusal), materials supplied other than by e-license,
//   corrected materials re-submitted after a department's 补正, and results collected at the
//   window. Mail and electronic release are no visit. 上门服务 is none either: results handed over
//   at home (channel `home`) add no day, and on the day of a home intake (assist.home_intake) the
//   counter's intake steps (draft, decisions) add none.
// - assisted: 帮办代办 records of the case (assist.recorded); proxy: one of them was 代办; home: the
//   case was taken in or handed over at the applicant's home.
// - visits the separate way: 2 per department of the case's items (take the application in,
//   pick the result up), as the applicant would without the combined window.
// - fields: merged form (fields of the chosen items, each once, plus the applicant's identity
//   fields) vs the sum over the items of each item's own fields plus the identity fields (every
//   separate form asks who applies again).
// - materials submitted: materials of the case handed in (original, copy or scanned) at the end;
//   e-license: materials with status `elicense`; separate: the sum over the items of the
//   requirements that applied to this case (always-needed ones, and conditional ones the counter
//   recorded), as each department would ask for its own set.
// - promised days: the longest chain of promised limits of the chosen items (independent items in
//   parallel, dependent ones one after another; an item without a promised limit counts its
//   statutory one, without either 0). Statutory days: the sum over the items of their statutory
//   limits (promised where none is set), the separate way one department after another.

export interface FactEvent {
  type: EventType | string;
  payload: unknown;
  actorId: string | null;
  deviceId: string;
  /** ISO-8601 timestamp. */
  createdAt: string;
  /** The event's own id: a mail visit is the id of its `delivery.mailed` event. */
  id: string;
}

export interface FactContext {
  /** The catalog version the case pinned; null when this store does not hold it (figures from the catalog are then 0). */
  catalog(version: string): CatalogIndex | null;
  calendar: Calendar;
}

export interface CaseFacts {
  caseId: string;
  hallCode: string;
  bundleId: string;
  catalogVersion: string;
  /** Device of the acceptance: the counter. */
  deviceId: string;
  /** Actor of the acceptance: the intake clerk. */
  clerkId: string | null;
  priority: PriorityReason | null;
  acceptedDate: IsoDate;
  readyDate: IsoDate | null;
  deliveredDate: IsoDate | null;
  readyDays: number | null;
  deliveryDays: number | null;
  onTime: boolean | null;
  corrections: number;
  itemCount: number;
  withdrawn: boolean;
  /** Pending materials at acceptance (容缺). */
  pendingCount: number;
  /** true: all supplied in time; false: one supplied late; null: none pending, or not all supplied yet. */
  commitmentKept: boolean | null;
  /** Earliest deadline among materials still missing; past it at report time the commitment is broken. */
  commitmentDue: IsoDate | null;
  rating: number | null;
  rectification: RectificationState | null;
  fieldsMerged: number;
  fieldsSeparate: number;
  materialsSubmitted: number;
  materialsSeparate: number;
  materialsElicense: number;
  visitsMade: number;
  visitsSeparate: number;
  promisedDays: number;
  statutoryDays: number;
  /** 帮办代办 records of the case. */
  assisted: number;
  /** One of them was 代办 (on the applicant's behalf). */
  proxy: boolean;
  /** 上门服务: taken in or handed over at the applicant's home. */
  home: boolean;
}

export interface ItemFacts {
  caseId: string;
  itemId: string;
  departmentId: string;
  state: ItemState | null;
  decidedDate: IsoDate | null;
  /** Working days on the item's own clock up to the decision (pauses excluded). */
  workdays: number | null;
  /** Working days from the case's acceptance to this item's result reaching the applicant. */
  deliveryDays: number | null;
  promisedDays: number | null;
  statutoryDays: number | null;
  onTime: boolean | null;
  corrections: number;
}

export interface DerivedFacts {
  case: CaseFacts;
  items: ItemFacts[];
  uncoveredYears: UncoveredYears;
}

/** China date (UTC+8, no daylight saving) of an ISO timestamp. */
export function chinaDateOf(iso: string): IsoDate {
  return new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10);
}

interface ItemTrack {
  itemId: string;
  departmentId: string | null;
  state: ItemState | null;
  clock: ItemClock | null;
  pauses: ClockPause[];
  decidedDate: IsoDate | null;
  corrections: number;
  /** Day its result reached the applicant (handed over, released, or mail confirmed). */
  handedDate: IsoDate | null;
}

interface RatingTrack {
  level: number;
  voided: boolean;
  rect: RectificationState | null;
  seq: number;
}

type P<T extends EventType> = EventPayload<T>;

/** Facts of one case from its events in order; null when the case was never accepted. */
export function deriveFacts(caseId: string, events: readonly FactEvent[], ctx: FactContext): DerivedFacts | null {
  let bundleId = '';
  let hallCode = '';
  let catalogVersion = '';
  let applicantKind: ApplicantKind = 'person';
  let itemIds: string[] = [];
  let priority: PriorityReason | null = null;
  const materials = new Map<string, MaterialStatus>();
  let accepted: { date: IsoDate; deviceId: string; clerkId: string | null; priority: PriorityReason | null } | null = null;
  let pending: { key: string; deadline: IsoDate; supplied: IsoDate | null }[] = [];
  let readyDate: IsoDate | null = null;
  let deliveredDate: IsoDate | null = null;
  let withdrawn = false;
  let counterCorrections = 0;
  const items = new Map<string, ItemTrack>();
  const visits = new Set<IsoDate>();
  /** Days the counter's intake steps happened: no visit on a day the application was taken in at home. */
  const intakeDays = new Set<IsoDate>();
  const homeIntakeDays = new Set<IsoDate>();
  let assisted = 0;
  let proxy = false;
  let homeDelivered = false;
  const mailVisits = new Map<string, string[]>();
  const ratings = new Map<string, RatingTrack>();
  let seq = 0;

  const track = (itemId: string): ItemTrack => {
    let t = items.get(itemId);
    if (!t) {
      t = { itemId, departmentId: null, state: null, clock: null, pauses: [], decidedDate: null, corrections: 0, handedDate: null };
      items.set(itemId, t);
    }
    return t;
  };
  const closePauses = (t: ItemTrack, lastDay: IsoDate) => {
    t.pauses = t.pauses.map((p) => (p.to === null ? { ...p, to: lastDay < p.from ? p.from : lastDay } : p));
  };

  for (const e of events) {
    seq++;
    const day = chinaDateOf(e.createdAt);
    switch (e.type) {
      case 'case.drafted': {
        const p = e.payload as P<'case.drafted'>;
        bundleId = p.bundleId;
        hallCode = p.hallCode;
        catalogVersion = p.catalogVersion;
        applicantKind = p.applicantKind;
        itemIds = [...new Set(p.itemIds)];
        intakeDays.add(day);
        break;
      }
      case 'case.draft_updated': {
        const p = e.payload as P<'case.draft_updated'>;
        if (p.itemIds) itemIds = [...new Set(p.itemIds)];
        if (p.priority !== undefined) priority = p.priority;
        for (const [k, v] of Object.entries(p.materials ?? {})) {
          if (v === null) materials.delete(k);
          else materials.set(k, v.status);
        }
        break;
      }
      case 'case.accepted': {
        const p = e.payload as P<'case.accepted'>;
        if (!accepted) {
          accepted = { date: day, deviceId: e.deviceId, clerkId: e.actorId, priority };
          pending = p.pendingMaterials.map((m) => ({ key: m.key, deadline: m.deadline, supplied: null }));
        }
        intakeDays.add(day);
        break;
      }
      case 'case.correction_notified':
        counterCorrections++;
        intakeDays.add(day);
        break;
      case 'case.refused':
        intakeDays.add(day);
        break;
      case 'case.material_supplied': {
        const p = e.payload as P<'case.material_supplied'>;
        materials.set(p.key, p.status);
        const m = pending.find((x) => x.key === p.key && x.supplied === null);
        if (m) m.supplied = day;
        if (p.status !== 'elicense') visits.add(day);
        break;
      }
      case 'case.withdrawn':
        withdrawn = true;
        break;
      case 'case.delivered':
        deliveredDate ??= day;
        break;
      case 'item.state_changed': {
        const p = e.payload as P<'item.state_changed'>;
        const t = track(p.itemId);
        t.departmentId = p.departmentId;
        t.state = p.to;
        if (p.clock) t.clock = p.clock;
        if (p.resumeLastDay) {
          closePauses(t, p.resumeLastDay);
          // The applicant brought the corrected materials back to the counter.
          visits.add(day);
        }
        if (p.pause) t.pauses.push({ from: p.pause.from, to: null, reason: p.pause.reason });
        if (p.to === 'needs_correction') t.corrections++;
        if (ITEM_DECIDED.includes(p.to)) t.decidedDate = day;
        break;
      }
      case 'item.clock_paused': {
        const p = e.payload as P<'item.clock_paused'>;
        track(p.itemId).pauses.push({ from: p.pause.from, to: null, reason: p.pause.reason });
        break;
      }
      case 'item.clock_resumed': {
        const p = e.payload as P<'item.clock_resumed'>;
        const t = track(p.itemId);
        closePauses(t, p.lastDay);
        t.clock = p.clock;
        break;
      }
      case 'delivery.handed_over': {
        const p = e.payload as P<'delivery.handed_over'>;
        for (const id of p.itemIds) track(id).handedDate ??= day;
        if (p.channel === 'window') visits.add(day);
        if (p.channel === 'home') homeDelivered = true;
        break;
      }
      case 'assist.recorded': {
        assisted++;
        if ((e.payload as P<'assist.recorded'>).mode === 'proxy') proxy = true;
        break;
      }
      case 'assist.home_intake': {
        const p = e.payload as P<'assist.home_intake'>;
        homeIntakeDays.add(p.date);
        // Recorded on a later day than the visit: the recording day is no visit either.
        homeIntakeDays.add(day);
        break;
      }
      case 'delivery.mailed':
        mailVisits.set(e.id, (e.payload as P<'delivery.mailed'>).itemIds);
        break;
      case 'delivery.mail_delivered': {
        const p = e.payload as P<'delivery.mail_delivered'>;
        for (const id of mailVisits.get(p.visitId) ?? []) track(id).handedDate ??= day;
        break;
      }
      case 'rating.submitted': {
        const p = e.payload as P<'rating.submitted'>;
        // 一次一评: a second rating of the same visit counts nothing.
        if (!ratings.has(p.visitId)) ratings.set(p.visitId, { level: p.level, voided: false, rect: isBadRating(p.level) ? 'open' : null, seq });
        break;
      }
      case 'rating.appeal_decided': {
        const p = e.payload as P<'rating.appeal_decided'>;
        const r = ratings.get(p.visitId);
        if (r && p.upheld) {
          r.voided = true;
          r.rect = r.rect && 'closed';
        }
        break;
      }
      case 'rectification.recorded': {
        const p = e.payload as P<'rectification.recorded'>;
        const r = ratings.get(p.visitId);
        if (r?.rect) r.rect = rectificationStateAfter(r.rect, p.entry.step);
        break;
      }
      default:
        break;
    }
    // Ready: the first moment every item of a routed case has been decided.
    if (readyDate === null && accepted && itemIds.length > 0) {
      if (itemIds.every((id) => {
        const s = items.get(id)?.state ?? null;
        return s !== null && ITEM_DECIDED.includes(s);
      })) readyDate = day;
    }
  }
  if (!accepted) return null;
  const acc = accepted;
  for (const d of intakeDays) if (!homeIntakeDays.has(d)) visits.add(d);

  const cal = ctx.calendar;
  const uncovered = new Set<number>();
  const between = (a: IsoDate, b: IsoDate | null): number | null => {
    if (b === null) return null;
    const r = cal.workdaysBetween(a, b);
    for (const y of r.uncoveredYears) uncovered.add(y);
    return Math.max(0, r.days);
  };

  const ix = ctx.catalog(catalogVersion);
  let catItems: ReturnType<typeof chosenItems> = [];
  if (ix) {
    try {
      catItems = chosenItems(ix, bundleId, itemIds);
    } catch {
      catItems = [];
    }
  }
  const catItem = new Map(catItems.map((i) => [i.id, i]));

  const itemFacts: ItemFacts[] = itemIds.map((itemId) => {
    const t = items.get(itemId) ?? null;
    const cat = catItem.get(itemId);
    const promisedDays = t?.clock?.promisedDays ?? cat?.promisedDays.value ?? null;
    const statutoryDays = t?.clock?.statutoryDays ?? cat?.statutoryDays.value ?? null;
    let workdays: number | null = null;
    let onTime: boolean | null = null;
    if (t?.decidedDate && t.clock) {
      const st = computeDeadline(cal, { start: t.clock.start, promisedDays, statutoryDays, pauses: t.pauses }, t.decidedDate < t.clock.start ? t.clock.start : t.decidedDate);
      for (const y of st.uncoveredYears) uncovered.add(y);
      workdays = st.usedWorkdays;
      const due = st.dueDate ?? st.statutoryDueDate;
      if (t.state !== 'cancelled' && due !== null) onTime = t.decidedDate <= due;
    }
    return {
      caseId,
      itemId,
      departmentId: t?.departmentId ?? cat?.departmentId.value ?? '',
      state: t?.state ?? null,
      decidedDate: t?.decidedDate ?? null,
      workdays,
      deliveryDays: between(acc.date, t?.handedDate ?? null),
      promisedDays,
      statutoryDays,
      onTime,
      corrections: t?.corrections ?? 0,
    };
  });

  const judged = itemFacts.filter((i) => i.onTime !== null);
  const onTime = readyDate === null || judged.length === 0 ? null : judged.every((i) => i.onTime);

  const pendingCount = pending.length;
  let commitmentKept: boolean | null = null;
  let commitmentDue: IsoDate | null = null;
  if (pendingCount > 0) {
    const late = pending.some((m) => m.supplied !== null && m.supplied > m.deadline);
    const missing = pending.filter((m) => m.supplied === null);
    if (late) commitmentKept = false;
    else if (missing.length === 0) commitmentKept = true;
    if (missing.length > 0 && !late) commitmentDue = missing.map((m) => m.deadline).sort()[0]!;
  }

  let worst: RatingTrack | null = null;
  for (const r of ratings.values()) {
    if (r.voided) continue;
    if (!worst || r.level < worst.level || (r.level === worst.level && r.seq > worst.seq)) worst = r;
  }

  const reform = reformFigures(ix, bundleId, itemIds, catItems, applicantKind, materials);
  const departments = new Set(itemFacts.map((i) => i.departmentId).filter((d) => d !== ''));

  return {
    case: {
      caseId,
      hallCode,
      bundleId,
      catalogVersion,
      deviceId: acc.deviceId,
      clerkId: acc.clerkId,
      priority: acc.priority,
      acceptedDate: acc.date,
      readyDate,
      deliveredDate,
      readyDays: between(acc.date, readyDate),
      deliveryDays: between(acc.date, deliveredDate),
      onTime,
      corrections: counterCorrections + itemFacts.reduce((n, i) => n + i.corrections, 0),
      itemCount: itemIds.length,
      withdrawn,
      pendingCount,
      commitmentKept,
      commitmentDue,
      rating: worst?.level ?? null,
      rectification: worst && isBadRating(worst.level) ? worst.rect : null,
      ...reform,
      visitsMade: visits.size,
      visitsSeparate: 2 * departments.size,
      assisted,
      proxy,
      home: homeDelivered || homeIntakeDays.size > 0,
    },
    items: itemFacts,
    uncoveredYears: [...uncovered].sort(),
  };
}

const HANDED_IN: readonly MaterialStatus[] = ['original', 'copy', 'scanned'];

function reformFigures(
  ix: CatalogIndex | null,
  bundleId: string,
  itemIds: readonly string[],
  catItems: ReturnType<typeof chosenItems>,
  kind: ApplicantKind,
  materials: ReadonlyMap<string, MaterialStatus>,
) {
  const zero = { fieldsMerged: 0, fieldsSeparate: 0, materialsSubmitted: 0, materialsSeparate: 0, materialsElicense: 0, promisedDays: 0, statutoryDays: 0 };
  if (!ix || catItems.length === 0) return zero;
  const form = buildMergedForm(ix, bundleId, itemIds);
  const identity = IDENTITY_FIELDS[kind];
  const merged = new Set([...form.fields.map((f) => f.key), ...identity]);
  // Each separate form asks who applies again, besides the item's own fields.
  const fieldsSeparate = catItems.reduce((sum, i) => sum + new Set([...i.fields.value, ...identity]).size, 0);

  const keys = new Set(catItems.flatMap((i) => i.materials.map((m) => m.key)));
  let submitted = 0;
  let elicense = 0;
  for (const k of keys) {
    const s = materials.get(k);
    if (s && HANDED_IN.includes(s)) submitted++;
    if (s === 'elicense') elicense++;
  }
  let separate = 0;
  for (const item of catItems) {
    for (const r of item.materials) {
      const s = materials.get(r.key);
      if (s === 'not_applicable') continue;
      if (!r.when || s !== undefined) separate++;
    }
  }

  const chosen = new Set(catItems.map((i) => i.id));
  const deps = new Map(ix.bundle(bundleId).items.map((e) => [e.itemId, (e.dependsOn?.value ?? []).filter((d) => chosen.has(d))]));
  const finish = new Map<string, number>();
  let statutory = 0;
  // chosenItems returns dependency order, so every prerequisite finishes first.
  for (const item of catItems) {
    const promised = item.promisedDays.value ?? item.statutoryDays.value ?? 0;
    const start = Math.max(0, ...(deps.get(item.id) ?? []).map((d) => finish.get(d) ?? 0));
    finish.set(item.id, start + promised);
    statutory += item.statutoryDays.value ?? item.promisedDays.value ?? 0;
  }
  return {
    fieldsMerged: merged.size,
    fieldsSeparate,
    materialsSubmitted: submitted,
    materialsSeparate: separate,
    materialsElicense: elicense,
    promisedDays: Math.max(0, ...finish.values()),
    statutoryDays: statutory,
  };
}
