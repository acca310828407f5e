import { describe, expect, it } from 'vitest';
import { judgeEvent, type CentralCase, type DeviceScope } from '../../shared/sync-rules.js';
import { backoffMs, blobRefs, BACKOFF_MAX_MS, type WireEvent } from '../../shared/sync.js';
import { syncLabel, type LabelInput } from '../../electron/services/sync/status.js';

const sha = (c: string) => c.repeat(64);

describe('blobRefs', () => {
  it('finds digests in keys ending in Blob or Blobs at any depth, once each', () => {
    const payload = {
      commitmentBlob: sha('a'),
      materials: { idcard: { pageBlobs: [sha('b'), sha('c')], note: 'x' } },
      list: [{ signatureBlob: sha('d') }, { signatureBlob: sha('a') }],
      notABlobField: sha('e'),
      blobs: [sha('f')],
      emptyBlob: null,
    };
    expect(blobRefs(payload).sort()).toEqual([sha('a'), sha('b'), sha('c'), sha('d')]);
    expect(blobRefs(null)).toEqual([]);
  });
});

describe('backoffMs', () => {
  it('doubles from 5 s and stops at 5 min', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20].map(backoffMs)).toEqual([5000, 10000, 20000, 40000, 80000, 160000, 300000, 300000, BACKOFF_MAX_MS]);
  });
});

describe('judgeEvent', () => {
  const counter: DeviceScope = { id: 'dev-a', hallCode: 'H1', departments: [] };
  const reviewer: DeviceScope = { id: 'dev-r', hallCode: null, departments: ['gaj'] };
  const base = (over: Partial<WireEvent>): WireEvent => ({
    id: 'e1',
    caseId: 'c1',
    type: 'case.routed',
    payload: {},
    actorId: null,
    deviceId: 'dev-a',
    hlc: '000000000000001:000000:dev-a',
    createdAt: '2026-11-23T00:00:00.000Z',
    prevHash: sha('0'),
    hash: sha('1'),
    ...over,
  });
  const accepted: CentralCase = { id: 'c1', hallCode: 'H1', state: 'accepted', items: { i1: { state: null, departmentId: null } }, departments: [] };

  it('follows the case state machine', () => {
    expect(judgeEvent(base({}), counter, accepted)).toMatchObject({ ok: true, next: { state: 'in_review' } });
    expect(judgeEvent(base({ type: 'case.delivered', payload: { channel: 'window' } }), counter, accepted)).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
    expect(judgeEvent(base({}), counter, null)).toMatchObject({ ok: false, code: 'UNKNOWN_CASE' });
  });

  it('lets only the case hall act on intake events and only the department review', () => {
    expect(judgeEvent(base({}), { ...counter, hallCode: 'H2' }, accepted)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    const queue = base({ type: 'item.state_changed', payload: { itemId: 'i1', departmentId: 'gaj', to: 'queued' } });
    // Items move only once the case is routed.
    expect(judgeEvent(queue, counter, accepted)).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
    const routed = judgeEvent(queue, counter, { ...accepted, state: 'in_review' });
    expect(routed).toMatchObject({ ok: true, addedDepartments: ['gaj'] });
    const inReview = (routed as { next: CentralCase }).next;
    const receive = base({ type: 'item.state_changed', deviceId: 'dev-r', payload: { itemId: 'i1', departmentId: 'gaj', to: 'received' } });
    expect(judgeEvent({ ...receive, deviceId: 'dev-a' }, counter, inReview)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(judgeEvent(receive, reviewer, inReview)).toMatchObject({ ok: true, next: { items: { i1: { state: 'received' } } } });
    expect(judgeEvent({ ...receive, payload: { itemId: 'i1', departmentId: 'gaj', to: 'approved' } }, reviewer, inReview)).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
  });

  it('derives the case state from its items and keeps decisions away from a routed case', () => {
    const received: CentralCase = { id: 'c1', hallCode: 'H1', state: 'in_review', items: { i1: { state: 'received', departmentId: 'gaj' } }, departments: ['gaj'] };
    const decide = (to: string, extra: object = {}) => base({ type: 'item.state_changed', deviceId: 'dev-r', payload: { itemId: 'i1', departmentId: 'gaj', to, ...extra } });
    expect(judgeEvent(decide('approved'), reviewer, received)).toMatchObject({ ok: true, next: { state: 'ready' } });
    const corr = [{ kind: 'material', key: 'k', name: '户口簿', problem: 'missing', detail: '', items: ['x'] }];
    const waiting = judgeEvent(decide('needs_correction', { corrections: corr }), reviewer, received);
    expect(waiting).toMatchObject({ ok: true, next: { state: 'correction_requested' } });
    const back = (waiting as { next: CentralCase }).next;
    // The counter re-submits: the item is queued again and the case is under review again.
    expect(judgeEvent(base({ type: 'item.state_changed', payload: { itemId: 'i1', departmentId: 'gaj', to: 'queued' } }), counter, back)).toMatchObject({ ok: true, next: { state: 'in_review' } });
    // A routed case waiting for a correction cannot be accepted or refused again at the counter.
    const refuse = base({ type: 'case.refused', payload: { caseNumber: 'N1', reason: '不符合条件', legalBasis: null } });
    expect(judgeEvent(refuse, counter, back)).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
    // A withdrawn case takes no more department decisions.
    expect(judgeEvent(decide('approved'), reviewer, { ...received, state: 'withdrawn' })).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
    // Department devices audit their reading of a case; strangers are refused.
    const audit = base({ type: 'audit.case_viewed', deviceId: 'dev-r', payload: { purpose: 'review' } });
    expect(judgeEvent(audit, reviewer, received)).toMatchObject({ ok: true });
    expect(judgeEvent(audit, { ...reviewer, departments: ['swj'] }, received)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  it('refuses unknown types, bad payloads and events of another device', () => {
    expect(judgeEvent(base({ type: 'case.teleported' }), counter, accepted)).toMatchObject({ ok: false, code: 'UNKNOWN_TYPE' });
    expect(judgeEvent(base({ type: 'case.delivered', payload: { channel: 'pigeon' } }), counter, accepted)).toMatchObject({ ok: false, code: 'INVALID_PAYLOAD' });
    expect(judgeEvent(base({ deviceId: 'dev-x' }), counter, accepted)).toMatchObject({ ok: false, code: 'DEVICE_MISMATCH' });
    expect(judgeEvent(base({ type: 'session.signed_in', caseId: null, payload: { clerkId: 'k' } }), counter, null)).toMatchObject({ ok: true, next: null });
  });
});

describe('syncLabel', () => {
  const base: LabelInput = {
    centralUrl: 'https://yct.example',
    enrolled: true,
    engineState: 'idle',
    lastError: null,
    offlineSince: null,
    pendingEvents: 0,
    pendingBlobs: 0,
    pendingBytes: 0,
    now: new Date(2026, 10, 23, 15, 0).getTime(),
  };
  it('says what the header shows in each situation', () => {
    expect(syncLabel({ ...base, centralUrl: null }).label).toBe('未连接中心');
    expect(syncLabel({ ...base, enrolled: false }).label).toBe('本机未登记');
    expect(syncLabel(base)).toEqual({ state: 'synced', label: '已同步' });
    expect(syncLabel({ ...base, pendingEvents: 12, pendingBlobs: 3, pendingBytes: 2.5 * 1024 * 1024 })).toEqual({ state: 'pending', label: '待同步 12 条（2.5 MB）' });
    expect(syncLabel({ ...base, pendingEvents: 1, pendingBytes: 40 * 1024 * 1024 }).label).toBe('待同步 1 条（40 MB）');
    const since = new Date(2026, 10, 23, 9, 5).toISOString();
    expect(syncLabel({ ...base, engineState: 'offline', offlineSince: since, pendingEvents: 4, pendingBytes: 1000 })).toEqual({ state: 'offline', label: '离线（自 09:05 起） · 待同步 4 条（<0.1 MB）' });
    expect(syncLabel({ ...base, offlineSince: new Date(2026, 10, 21, 17, 30).toISOString() }).label).toBe('离线（自 11-21 17:30 起）');
    expect(syncLabel({ ...base, engineState: 'error', lastError: '本机已被中心停用，不能再同步。请联系大厅管理员。' })).toEqual({
      state: 'error',
      label: '出错：本机已被中心停用，不能再同步。请联系大厅管理员。',
    });
  });
});
