import type { CaseRecord, CaseSummaryRecord, SearchKey } from '../../db/index.js';
import type { MethodParsedInput } from '../../shared/api/contract.js';
import type { CaseSummary, CaseView, NoticeKind } from '../../shared/api/intake.js';
import { chosenItems, type CatalogIndex } from '../../shared/catalog-builders.js';
import type { CaseState } from '../../shared/case-machine.js';
import { renderDocument, documentFileName, type Applicant, type DocumentItem, type ReceivedMaterial } from '../../shared/documents/index.js';
import type { Lang } from '../../shared/i18n/index.js';
import { needsHistory, type PriorCase } from '../../shared/eligibility.js';
import { AppError } from '../../shared/errors.js';
import type { EventPayload, NewEvent, StoredEvent } from '../../shared/events.js';
import { beijingDate } from '../../shared/idcard.js';
import { newId } from '../../shared/ids.js';
import { CASE_NUMBER_RE, correctionList, deviceTag, evaluateIntake, formatCaseNumber, type IntakeEvaluation, type PriorityReason } from '../../shared/intake.js';
import { maskIdNumber, maskPhone } from '../../shared/validators.js';
import { installationOf, type Deps } from './auth.js';
import type { CalendarService } from './calendar.js';
import type { CatalogService, PdfRenderer } from './catalog.js';
import { chinaDateTime } from './calendar.js';
import type { ELicenseAdapter } from './elicense.js';
import type { CaseLocks } from './case-locks.js';
import { proxyView } from '../../shared/proxy.js';
import { caseDuplicates, checkSingleApplication } from './duplicates.js';
import type { HallQueueService, StartPrefill } from './hall-queue/index.js';

// 一窗收件: start a case, save every keystroke-batch as an event, decide (受理 / 容缺受理 /
// 补正告知 / 不予受理) and print the notice. The rules live in shared/intake.ts; this file
// loads, checks versions, numbers cases and appends.

interface Clerk {
  id: string;
  name: string;
}

export interface IntakeDeps extends Deps {
  catalog: CatalogService;
  calendar: CalendarService;
  renderPdf: PdfRenderer;
  elicense: ELicenseAdapter;
  /** Reads a stored blob (signature image) for printing; null when it is not on this device. */
  readBlob(sha256: string): Promise<{ mime: string; bytes: Buffer } | null>;
  hasBlob(sha256: string): Promise<boolean>;
  withCaseLock: CaseLocks;
  /** The routing events that follow an acceptance in the same append. */
  routeOnAcceptance(rec: CaseRecord, ix: CatalogIndex): NewEvent[];
  /** 叫号 / 预约: cases started from the current ticket or an appointment. */
  hallQueue?: Pick<HallQueueService, 'startFrom'>;
}

const EDITABLE: readonly string[] = ['draft', 'correction_requested'];

export function createIntakeService(deps: IntakeDeps) {
  const { store, settings, catalog, calendar, withCaseLock } = deps;

  async function load(id: string): Promise<CaseRecord> {
    const rec = await store.cases.get(id);
    if (!rec) throw new AppError('NOT_FOUND', '找不到该办件，可能已被删除或编号有误。');
    return rec;
  }

  async function evaluate(ix: CatalogIndex, rec: CaseRecord): Promise<IntakeEvaluation> {
    return evaluateIntake(ix, rec.bundleId, rec.itemIds, rec.data, calendar.today(), { history: await historyOf(ix, rec) });
  }

  /**
   * The applicant's earlier results on this device that waiting-period rules read (注销未满一年):
   * approved items handed over to the same ID number, with the China date of the handover.
   */
  async function historyOf(ix: CatalogIndex, rec: CaseRecord): Promise<PriorCase[]> {
    if (rec.applicantKind !== 'person' || !needsHistory(chosenItems(ix, rec.bundleId, rec.itemIds))) return [];
    const idNumber = (rec.data.fields['applicant.idNumber'] ?? '').trim().toUpperCase();
    if (!/^[0-9]{17}[0-9X]$/.test(idNumber)) return [];
    const out: PriorCase[] = [];
    for (const r of await store.cases.search('idNumber', idNumber, 200)) {
      if (r.id === rec.id || !['ready', 'delivered', 'closed'].includes(r.state)) continue;
      const approved = new Set((await store.items.ofCase(r.id)).filter((i) => i.state === 'approved').map((i) => i.itemId));
      const visits = (await store.deliveries.ofCase(r.id)).filter((d) => d.status === 'delivered');
      const prior = approved.size && visits.length ? await store.cases.get(r.id) : undefined;
      if (!prior) continue;
      for (const v of visits) {
        const itemIds = v.itemIds.filter((i) => approved.has(i));
        if (itemIds.length) out.push({ itemIds, fields: prior.data.fields, on: beijingDate(Date.parse(v.createdAt)) });
      }
    }
    return out;
  }

  /** Working days from the start to each item's result: dependent items wait for their prerequisites. */
  function itemFinishDays(ix: CatalogIndex, rec: CaseRecord): Map<string, number> {
    const items = chosenItems(ix, rec.bundleId, rec.itemIds);
    const chosen = new Set(items.map((i) => i.id));
    const deps = new Map(ix.bundle(rec.bundleId).items.map((e) => [e.itemId, (e.dependsOn?.value ?? []).filter((d) => chosen.has(d))]));
    const finish = new Map<string, number>();
    for (const item of items) {
      const days = item.promisedDays.value ?? item.statutoryDays.value ?? 0;
      finish.set(item.id, Math.max(0, ...(deps.get(item.id) ?? []).map((d) => finish.get(d) ?? 0)) + days);
    }
    return finish;
  }

  async function view(rec: CaseRecord): Promise<CaseView> {
    const { ix } = await catalog.indexOf(rec.catalogVersion);
    const bundle = ix.bundle(rec.bundleId);
    const ev = await evaluate(ix, rec);
    const today = calendar.today();
    const uncovered = new Set<number>();
    const add = (days: number) => {
      const r = calendar.addWorkdays(today, days);
      r.uncoveredYears.forEach((y) => uncovered.add(y));
      return r.date;
    };
    const pendingLatest: Record<string, string | null> = {};
    for (const m of ev.missing.filter((x) => x.tolerable)) {
      const d = ev.pendingLimitDays[m.key];
      pendingLatest[m.key] = d === null || d === undefined ? null : add(Math.max(1, d));
    }
    const finish = itemFinishDays(ix, rec);
    const expectedDate = finish.size ? add(Math.max(...finish.values())) : null;
    const chosen = new Set(rec.itemIds);
    const routedItems = (await store.items.ofCase(rec.id)).filter((i) => i.state !== null);
    return {
      id: rec.id,
      caseNumber: rec.caseNumber,
      state: rec.state as CaseState,
      bundle: { id: bundle.id, name: bundle.name, serviceObject: bundle.serviceObject.value },
      items: bundle.items.map((e) => {
        const item = ix.item(e.itemId);
        return {
          id: item.id,
          name: item.name,
          department: ix.departmentName(item.departmentId.value),
          promisedDays: item.promisedDays.value,
          chosen: chosen.has(item.id),
        };
      }),
      catalogVersion: rec.catalogVersion,
      ticketRef: rec.ticketRef,
      data: rec.data,
      evaluation: {
        fields: ev.fields.map((f) => ({
          key: f.key,
          label: f.label,
          type: f.type,
          ...(f.options ? { options: f.options } : {}),
          ...(f.hint ? { hint: f.hint } : {}),
          items: f.itemIds.map((id) => ix.item(id).name),
        })),
        materials: ev.materials.map((m) => ({
          key: m.key,
          name: m.name,
          form: m.form,
          count: m.count,
          exempt: m.exempt,
          eLicense: ix.catalog.materials.find((d) => d.key === m.key)?.eLicense.value ?? false,
          when: m.when,
          always: m.always,
          required: m.required,
          tolerable: m.tolerable,
          received: m.received,
          items: m.items.map((i) => i.name),
          intake: m.intake,
        })),
        issues: ev.issues,
        canAccept: ev.canAccept,
        canAcceptPending: ev.canAcceptPending,
        acceptBlockers: ev.acceptBlockers,
        pendingBlockers: ev.pendingBlockers,
        pendingLatest,
        correction: correctionList(ix, ev),
        expectedDate,
        calendarWarning: calendar.warning([...uncovered].sort()),
      },
      pendingMaterials: rec.pendingMaterials,
      commitmentDeadline: rec.commitmentDeadline,
      expectedDate: rec.expectedDate,
      deliveryChannel: rec.deliveryChannel,
      closingReason: rec.closingReason,
      routed: routedItems.length > 0,
      departmentCorrections: routedItems
        .filter((i) => i.state === 'needs_correction' && i.corrections)
        .map((i) => ({ item: ix.item(i.itemId).name, department: ix.departmentName(i.departmentId ?? ''), entries: i.corrections! })),
      notices: rec.state === 'draft' ? [] : await notices(rec.id),
      proxy: await proxyOf(rec.id),
      // Told at the counter only: the clerk may open the other case instead (informational).
      duplicates: EDITABLE.includes(rec.state) ? await caseDuplicates(store, catalog, ix, rec) : [],
      lastEventSeq: rec.lastEventSeq,
      updatedAt: rec.updatedAt,
    };
  }

  async function clerkName(id: string | null): Promise<string> {
    if (!id) return '—';
    return (await store.clerks.byId(id))?.name ?? '—';
  }

  /** 代收代办: where the case is decided, with the scope derived from the two division codes. */
  async function proxyOf(id: string): Promise<CaseView['proxy']> {
    const p = await store.transfers.proxyOf(id);
    return p ? proxyView(p.hallCode, p) : null;
  }

  async function decisionEvents(caseId: string): Promise<StoredEvent[]> {
    return (await store.events.caseEvents(caseId)).filter((e) => e.type === 'case.accepted' || e.type === 'case.correction_notified' || e.type === 'case.refused');
  }

  function noticeKind(e: StoredEvent): NoticeKind {
    if (e.type === 'case.accepted') return (e.payload as EventPayload<'case.accepted'>).pendingMaterials.length ? 'pending' : 'acceptance';
    return e.type === 'case.refused' ? 'refusal' : 'correction';
  }

  async function notices(caseId: string): Promise<CaseView['notices']> {
    const out: CaseView['notices'] = [];
    for (const e of await decisionEvents(caseId)) {
      const kind = noticeKind(e);
      const clerk = await clerkName(e.actorId);
      out.push({ kind, at: e.createdAt, clerkName: clerk });
      // The signed commitment is kept with the case and can be printed for the hall's file.
      if (kind === 'pending') out.push({ kind: 'commitment', at: e.createdAt, clerkName: clerk });
    }
    return out;
  }

  function summaryOf(r: CaseSummaryRecord, bundleName: string): CaseSummary {
    return {
      id: r.id,
      caseNumber: r.caseNumber,
      state: r.state as CaseState,
      bundleName,
      applicantName: r.applicantName,
      applicantIdMasked: r.applicantIdNumber ? maskIdNumber(r.applicantIdNumber) : null,
      enterpriseName: r.enterpriseName,
      creditCode: r.creditCode,
      phoneMasked: r.applicantPhone ? maskPhone(r.applicantPhone) : null,
      priority: r.priority as PriorityReason | null,
      ticketRef: r.ticketRef,
      updatedAt: r.updatedAt,
    };
  }

  async function summaries(rows: CaseSummaryRecord[]): Promise<CaseSummary[]> {
    const out: CaseSummary[] = [];
    for (const r of rows) {
      const { ix } = await catalog.indexOf(r.catalogVersion);
      let name = r.bundleId;
      try {
        name = ix.bundle(r.bundleId).name;
      } catch {
        // A bundle removed from later catalogs still shows by id.
      }
      out.push(summaryOf(r, name));
    }
    return out;
  }

  function checkVersion(rec: CaseRecord, expectedSeq: number | undefined): void {
    if (expectedSeq !== undefined && rec.lastEventSeq !== expectedSeq) {
      throw new AppError('CONFLICT', '该办件刚被更新（可能在另一窗口操作），请查看最新内容后再操作。', { lastEventSeq: rec.lastEventSeq });
    }
  }

  function checkEditable(rec: CaseRecord): void {
    // A proxy case pulled by the deciding hall is the taking-in hall's to edit (the centre refuses it too).
    if (rec.hallCode !== installationOf(settings).hallCode) {
      throw new AppError('FORBIDDEN', '该办件由其他大厅受理（代收代办），表单、材料和受理决定只能在受理大厅办理。', { hallCode: rec.hallCode });
    }
    if (!EDITABLE.includes(rec.state)) {
      throw new AppError('INVALID_TRANSITION', '该办件已作出受理决定，表单和材料不能再修改；补交容缺材料请用“补交材料”。', { state: rec.state });
    }
  }

  async function caseNumberFor(rec: CaseRecord): Promise<string> {
    if (rec.caseNumber) return rec.caseNumber;
    const day = calendar.today();
    const seq = await store.cases.nextSequence(`case:${day}`);
    const inst = installationOf(settings);
    return formatCaseNumber(inst.hallCode, day, deviceTag(inst.deviceId), seq);
  }

  /**
   * Runs one decision: version check, then the event. A repeat of the decision just made by the
   * same clerk (a double click that slipped through) returns the case as it is instead of failing.
   */
  async function decide(clerk: Clerk, id: string, expectedSeq: number, type: NewEvent['type'], build: (rec: CaseRecord, ix: CatalogIndex, ev: IntakeEvaluation) => Promise<NewEvent | NewEvent[]>) {
    return withCaseLock(id, async () => {
      const rec = await load(id);
      if (rec.lastEventSeq !== expectedSeq) {
        const events = await store.events.caseEvents(id);
        // An acceptance is followed by its routing events: the decision is the last one the clerk made.
        const last = events.filter((e) => e.actorId === clerk.id && !e.type.startsWith('item.') && e.type !== 'case.routed').at(-1);
        if (last && last.type === type && events.at(-1)!.seq === rec.lastEventSeq && events.slice(events.indexOf(last) + 1).every((e) => e.actorId === clerk.id)) return view(rec);
      }
      checkVersion(rec, expectedSeq);
      checkEditable(rec);
      const { ix } = await catalog.indexOf(rec.catalogVersion);
      const built = await build(rec, ix, await evaluate(ix, rec));
      await store.events.append({ actorId: clerk.id }, Array.isArray(built) ? built : [built]);
      return view(await load(id));
    });
  }

  function searchKeysFor(query: string): { key: SearchKey; value: string }[] {
    const q = query.trim();
    const upper = q.toUpperCase();
    if (CASE_NUMBER_RE.test(upper)) return [{ key: 'caseNumber', value: upper }];
    if (/^[0-9A-Z]{18}$/.test(upper)) {
      return [
        { key: 'idNumber', value: upper },
        { key: 'creditCode', value: upper },
      ];
    }
    if (/^[\d-]{7,20}$/.test(q)) return [{ key: 'phone', value: q.replaceAll(' ', '') }];
    return [
      { key: 'name', value: q },
      { key: 'enterpriseName', value: q },
    ];
  }

  async function documentInput(rec: CaseRecord, kind: NoticeKind) {
    const decisionKind = kind === 'commitment' ? 'pending' : kind;
    const decisions = (await decisionEvents(rec.id)).filter((e) => noticeKind(e) === decisionKind);
    const decision = decisions.at(-1);
    if (!decision) {
      throw new AppError('NOT_FOUND', '该办件还没有作出此项决定，无法打印对应的通知书。');
    }
    const { ix } = await catalog.indexOf(rec.catalogVersion);
    const inst = installationOf(settings);
    const f = rec.data.fields;
    const issuedMs = Date.parse(decision.createdAt);
    const issuedOn = chinaDateTime(issuedMs).slice(0, 10);
    const applicant: Applicant = {
      kind: rec.applicantKind,
      name: f['applicant.name'] || f['enterprise.legalRep'] || '—',
      idNumberMasked: maskIdNumber(f['applicant.idNumber'] ?? '********'),
      ...(rec.applicantKind === 'enterprise' ? { enterpriseName: f['enterprise.name'] ?? '—', creditCode: f['enterprise.creditCode'] ?? '' } : {}),
      ...(rec.data.agent ? { agentName: rec.data.agent.name, agentIdNumberMasked: maskIdNumber(rec.data.agent.idNumber || '********') } : {}),
    };
    const header = {
      hallName: inst.hallName,
      counterName: inst.counterName,
      caseNumber: rec.caseNumber!,
      clerkName: await clerkName(decision.actorId),
      issuedAt: chinaDateTime(issuedMs),
      queryChannel: settings.read().queryChannel,
      applicant,
      bundleName: ix.bundle(rec.bundleId).name,
    };
    const items = chosenItems(ix, rec.bundleId, rec.itemIds);
    const finish = itemFinishDays(ix, rec);
    const docItems: DocumentItem[] = items.map((i) => ({
      name: i.name,
      department: ix.departmentName(i.departmentId.value),
      promisedDays: i.promisedDays.value ?? i.statutoryDays.value ?? 0,
      statutoryDays: i.statutoryDays.value,
      expectedDate: calendar.addWorkdays(issuedOn, finish.get(i.id) ?? 0).date,
    }));
    if (kind === 'correction') {
      const p = decision.payload as EventPayload<'case.correction_notified'>;
      return {
        kind,
        input: {
          ...header,
          problems: p.entries.map((e) => ({
            name: e.name,
            problem: e.problem,
            detail: e.detail,
            items: e.items.length ? e.items : [header.bundleName],
          })),
        },
      };
    }
    if (kind === 'refusal') {
      const p = decision.payload as EventPayload<'case.refused'>;
      return {
        kind,
        input: { ...header, items: docItems.map((i) => ({ name: i.name, department: i.department })), reason: p.reason, ...(p.legalBasis ? { legalBasis: p.legalBasis } : {}) },
      };
    }
    const p = decision.payload as EventPayload<'case.accepted'>;
    const ev = await evaluate(ix, rec);
    const received: ReceivedMaterial[] = ev.materials
      .filter((m) => m.received)
      .map((m) => {
        const status = m.exempt && !m.intake ? 'elicense' : (m.intake!.status as ReceivedMaterial['how']);
        return {
          name: m.name,
          how: status,
          ...(m.intake?.pageBlobs.length ? { pages: m.intake.pageBlobs.length } : {}),
          ...(m.intake?.licenceNo ? { licenceNo: m.intake.licenceNo } : {}),
        };
      });
    const promisedDays = Math.max(0, ...finish.values());
    const expectedDate = p.expectedDate ?? calendar.addWorkdays(issuedOn, promisedDays).date;
    const delivery = p.delivery.method === 'mail' ? { method: 'mail' as const, address: p.delivery.address ?? '—' } : { method: 'window' as const };
    const base = { ...header, items: docItems, received, promisedDays, expectedDate, delivery };
    if (kind === 'acceptance') return { kind, input: base };
    const set = new Map(ev.materials.map((m) => [m.key, m]));
    let signature;
    if (p.commitmentBlob) {
      const blob = await deps.readBlob(p.commitmentBlob);
      if (blob && (blob.mime === 'image/png' || blob.mime === 'image/jpeg')) {
        signature = { mime: blob.mime as 'image/png' | 'image/jpeg', base64: blob.bytes.toString('base64'), signedAt: header.issuedAt };
      }
    }
    return {
      kind,
      input: {
        ...base,
        pending: p.pendingMaterials.map((m) => ({ name: m.name, items: set.get(m.key)?.items.map((i) => i.name) ?? [header.bundleName], deadline: m.deadline })),
        ...(signature ? { signature } : {}),
      },
    };
  }

  /** The draft, with the ticket's times and the appointment's applicant when it starts from one (one append). */
  async function startCase(clerk: Clerk, input: MethodParsedInput<'intake.start'>, from: StartPrefill | null): Promise<CaseView> {
    const inst = installationOf(settings);
    const { version, ix } = await catalog.indexOf();
    try {
      chosenItems(ix, input.bundleId, input.itemIds);
    } catch (err) {
      throw new AppError('INVALID_INPUT', `${(err as Error).message}，请重新选择。`);
    }
    const id = newId();
    const ticketRef = from?.ticketRef ?? input.ticketRef;
    await store.events.append({ actorId: clerk.id }, [
      {
        type: 'case.drafted',
        caseId: id,
        payload: { bundleId: input.bundleId, itemIds: input.itemIds, catalogVersion: version, hallCode: inst.hallCode, applicantKind: input.applicantKind, ticketRef, ...(from?.ticket ? { ticket: from.ticket } : {}) },
      },
      ...(from && Object.keys(from.fields).length ? [{ type: 'case.draft_updated' as const, caseId: id, payload: { fields: from.fields } }] : []),
    ]);
    return view(await load(id));
  }

  return {
    async start(clerk: Clerk, input: MethodParsedInput<'intake.start'>): Promise<CaseView> {
      const source = input.source;
      if (!source) return startCase(clerk, input, null);
      if (!deps.hallQueue) throw new AppError('INVALID_INPUT', '本机未启用叫号与预约，请在“新建办件”中直接收件。');
      return deps.hallQueue.startFrom(source, (from) => startCase(clerk, input, from));
    },

    /** The case as the counter shows it after a change made by another service (not an opening: not audited again). */
    async viewOf(id: string): Promise<CaseView> {
      return view(await load(id));
    },

    async open(clerk: Clerk, input: MethodParsedInput<'intake.open'>): Promise<CaseView> {
      const rec = 'id' in input ? await load(input.id) : await store.cases.byNumber(input.caseNumber.toUpperCase());
      if (!rec) throw new AppError('NOT_FOUND', `没有编号为 ${'caseNumber' in input ? input.caseNumber : ''} 的办件，请核对编号。`);
      // Opening shows the unmasked record: who looked is part of the audit trail.
      await store.events.append({ actorId: clerk.id }, [{ type: 'audit.case_viewed', caseId: rec.id, payload: { purpose: 'open' } }]);
      return view(rec);
    },

    async update(clerk: Clerk, input: MethodParsedInput<'intake.update'>): Promise<CaseView> {
      return withCaseLock(input.id, async () => {
        const rec = await load(input.id);
        checkVersion(rec, input.expectedSeq);
        checkEditable(rec);
        if (input.patch.itemIds) {
          const { ix } = await catalog.indexOf(rec.catalogVersion);
          try {
            chosenItems(ix, rec.bundleId, input.patch.itemIds);
          } catch (err) {
            throw new AppError('INVALID_INPUT', `${(err as Error).message}，请重新选择。`);
          }
        }
        await store.events.append({ actorId: clerk.id }, [{ type: 'case.draft_updated', caseId: rec.id, payload: input.patch }]);
        return view(await load(rec.id));
      });
    },

    async drafts(): Promise<CaseSummary[]> {
      return summaries(await store.cases.open(EDITABLE, 100, installationOf(settings).hallCode));
    },

    async search(input: MethodParsedInput<'intake.search'>): Promise<CaseSummary[]> {
      const seen = new Set<string>();
      const rows: CaseSummaryRecord[] = [];
      for (const { key, value } of searchKeysFor(input.query)) {
        for (const r of await store.cases.search(key, value, 50)) {
          if (!seen.has(r.id)) {
            seen.add(r.id);
            rows.push(r);
          }
        }
      }
      return summaries(rows.slice(0, 50));
    },

    async earlier(input: MethodParsedInput<'intake.earlier'>): Promise<CaseSummary[]> {
      const rec = await load(input.id);
      const rows: CaseSummaryRecord[] = [];
      if (rec.applicantKind === 'enterprise' && rec.creditCode) rows.push(...(await store.cases.search('creditCode', rec.creditCode, 20)));
      else if (rec.applicantIdNumber) rows.push(...(await store.cases.search('idNumber', rec.applicantIdNumber, 20)));
      return summaries(rows.filter((r) => r.id !== rec.id && r.state !== 'draft'));
    },

    async reuse(clerk: Clerk, input: MethodParsedInput<'intake.reuse'>): Promise<CaseView> {
      return withCaseLock(input.id, async () => {
        const rec = await load(input.id);
        checkVersion(rec, input.expectedSeq);
        checkEditable(rec);
        const from = await load(input.fromId);
        const same =
          (rec.applicantKind === 'enterprise' && rec.creditCode && rec.creditCode === from.creditCode) ||
          (rec.applicantIdNumber && rec.applicantIdNumber === from.applicantIdNumber);
        if (!same) throw new AppError('FORBIDDEN', '只能复用同一申请人（同一证件号码或信用代码）的历史办件数据。');
        const { ix } = await catalog.indexOf(rec.catalogVersion);
        const keys = new Set((await evaluate(ix, rec)).fields.map((f) => f.key));
        const fields: Record<string, string> = {};
        for (const [k, v] of Object.entries(from.data.fields)) if (keys.has(k) && !rec.data.fields[k] && v) fields[k] = v;
        await store.events.append({ actorId: clerk.id }, [{ type: 'case.draft_updated', caseId: rec.id, payload: { fields, reusedFromCaseId: from.id } }]);
        return view(await load(rec.id));
      });
    },

    accept(clerk: Clerk, input: MethodParsedInput<'intake.accept'>): Promise<CaseView> {
      return decide(clerk, input.id, input.expectedSeq, 'case.accepted', async (rec, ix, ev) => {
        await checkSingleApplication(store, ix, rec);
        if (!ev.canAccept) throw new AppError('INVALID_TRANSITION', `还不能受理：${ev.acceptBlockers.join('；')}。`, { blockers: ev.acceptBlockers });
        if (input.delivery.method === 'mail' && !input.delivery.address) throw new AppError('INVALID_INPUT', '选择邮寄送达时请填写邮寄地址。');
        const finish = itemFinishDays(ix, rec);
        const accepted: NewEvent = {
          type: 'case.accepted',
          caseId: rec.id,
          payload: {
            caseNumber: await caseNumberFor(rec),
            pendingMaterials: [],
            commitmentDeadline: null,
            commitmentBlob: null,
            expectedDate: calendar.addWorkdays(calendar.today(), Math.max(0, ...finish.values())).date,
            delivery: input.delivery,
          },
        };
        return [accepted, ...deps.routeOnAcceptance(rec, ix)];
      });
    },

    acceptPending(clerk: Clerk, input: MethodParsedInput<'intake.acceptPending'>): Promise<CaseView> {
      return decide(clerk, input.id, input.expectedSeq, 'case.accepted', async (rec, ix, ev) => {
        await checkSingleApplication(store, ix, rec);
        if (!ev.canAcceptPending) throw new AppError('INVALID_TRANSITION', `不能容缺受理：${ev.pendingBlockers.join('；')}。`, { blockers: ev.pendingBlockers });
        const missing = new Map(ev.missing.map((m) => [m.key, m]));
        const listed = new Set(input.pending.map((p) => p.key));
        const unlisted = ev.missing.filter((m) => !listed.has(m.key));
        if (unlisted.length) throw new AppError('INVALID_INPUT', `容缺受理须为每项欠缺材料约定补交期限，还缺：${unlisted.map((m) => m.name).join('、')}。`);
        const today = calendar.today();
        const pendingMaterials = input.pending.map((p) => {
          const m = missing.get(p.key);
          if (!m) throw new AppError('INVALID_INPUT', '所列容缺材料不在本办件的欠缺材料中，请刷新后重试。', { key: p.key });
          const limit = ev.pendingLimitDays[p.key];
          const latest = limit === null || limit === undefined ? null : calendar.addWorkdays(today, Math.max(1, limit)).date;
          if (p.deadline <= today) throw new AppError('INVALID_INPUT', `“${m.name}”的补交期限应晚于今天。`);
          if (latest && p.deadline > latest) {
            throw new AppError('INVALID_INPUT', `“${m.name}”的补交期限不能晚于事项承诺时限（${limit} 个工作日，即 ${latest}），请提前。`, { key: p.key, latest });
          }
          return { key: p.key, name: m.name, deadline: p.deadline };
        });
        if (!(await deps.hasBlob(input.commitmentBlob))) {
          throw new AppError('INVALID_INPUT', '没有找到申请人签署的承诺书，请在申请人屏签字或扫描纸质承诺书后再容缺受理。');
        }
        const finish = itemFinishDays(ix, rec);
        const commitmentDeadline = pendingMaterials.map((m) => m.deadline).sort()[0]!;
        const accepted: NewEvent = {
          type: 'case.accepted',
          caseId: rec.id,
          payload: {
            caseNumber: await caseNumberFor(rec),
            pendingMaterials,
            commitmentDeadline,
            commitmentBlob: input.commitmentBlob,
            expectedDate: calendar.addWorkdays(today, Math.max(0, ...finish.values())).date,
            delivery: input.delivery,
          },
        };
        return [accepted, ...deps.routeOnAcceptance(rec, ix)];
      });
    },

    notifyCorrection(clerk: Clerk, input: MethodParsedInput<'intake.notifyCorrection'>): Promise<CaseView> {
      return decide(clerk, input.id, input.expectedSeq, 'case.correction_notified', async (rec, ix, ev) => {
        const entries = correctionList(ix, ev);
        if (entries.length === 0) throw new AppError('INVALID_TRANSITION', '材料和表单已齐全，无需补正，请直接受理。');
        return { type: 'case.correction_notified', caseId: rec.id, payload: { caseNumber: await caseNumberFor(rec), entries } };
      });
    },

    refuse(clerk: Clerk, input: MethodParsedInput<'intake.refuse'>): Promise<CaseView> {
      return decide(clerk, input.id, input.expectedSeq, 'case.refused', async (rec) => ({
        type: 'case.refused',
        caseId: rec.id,
        payload: { caseNumber: await caseNumberFor(rec), reason: input.reason, legalBasis: input.legalBasis },
      }));
    },

    async supply(clerk: Clerk, input: MethodParsedInput<'intake.supply'>): Promise<CaseView> {
      return withCaseLock(input.id, async () => {
        const rec = await load(input.id);
        if (!rec.pendingMaterials.some((m) => m.key === input.key)) {
          throw new AppError('INVALID_INPUT', '该材料不在本办件的待补交（容缺）材料中。', { key: input.key });
        }
        if (input.status === 'scanned' && input.pageBlobs.length === 0) throw new AppError('INVALID_INPUT', '请先扫描或附加补交的材料。');
        if (input.status === 'elicense' && !input.licenceNo) throw new AppError('INVALID_INPUT', '请填写电子证照编号。');
        await store.events.append({ actorId: clerk.id }, [
          { type: 'case.material_supplied', caseId: rec.id, payload: { key: input.key, status: input.status, pageBlobs: input.pageBlobs, licenceNo: input.licenceNo } },
        ]);
        return view(await load(rec.id));
      });
    },

    async document(input: MethodParsedInput<'intake.document'>): Promise<{ fileName: string; pdfBase64: string }> {
      const rec = await load(input.id);
      const doc = await documentInput(rec, input.kind);
      // The applicant's language unless the clerk asks for another one.
      const lang = input.lang ?? rec.data.lang;
      const html = renderDocument(doc.kind, doc.input as never, lang);
      const pdf = await deps.renderPdf(html);
      return { fileName: documentFileName(input.kind, rec.caseNumber!, lang), pdfBase64: pdf.toString('base64') };
    },

    async elicense(input: MethodParsedInput<'intake.elicense'>) {
      const rec = await load(input.id);
      const holder = rec.applicantKind === 'enterprise' ? rec.creditCode : rec.applicantIdNumber;
      if (!holder) return { found: false, licenceNo: null, message: '请先填写申请人证件号码或统一社会信用代码，再调取电子证照。' };
      return deps.elicense.lookup(holder, input.key);
    },

    /** For tests and the bench: the document HTML without printing. */
    async documentHtml(id: string, kind: NoticeKind, lang?: Lang): Promise<string> {
      const rec = await load(id);
      const doc = await documentInput(rec, kind);
      return renderDocument(doc.kind, doc.input as never, lang ?? rec.data.lang);
    },
  };
}

export type IntakeService = ReturnType<typeof createIntakeService>;
