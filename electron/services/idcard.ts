import { createIdCardReader, IdCardError, isSimulator, type IdCardReader } from '../devices/idcard/index.js';
import { messages } from '../devices/idcard/types.js';
import { AppError } from '../../shared/errors.js';
import {
  beijingDate,
  ID_CARD_ERROR_SUMMARIES,
  maskName,
  validateCardData,
  type IdCardErrorEntry,
  type IdCardReadResult,
  type IdCardSettings,
  type IdCardStatus,
  type IdCardTestResult,
  type SimulatorScenario,
} from '../../shared/idcard.js';
import type { SettingsStore } from '../../shared/settings.js';
import { maskIdNumber } from '../../shared/validators.js';
import { log } from '../host/log.js';

// The ID-card reader as the host uses it: the driver chosen in settings (rebuilt when they
// change), reads validated against the card rules, cancel, the admin's test read, and the
// last errors for diagnostics, kept by kind only (no personal data).

const MAX_ERRORS = 20;

export interface IdCardDeps {
  settings: SettingsStore;
  now: () => number;
}

type Operation = IdCardErrorEntry['operation'];

export function createIdCardService({ settings, now }: IdCardDeps) {
  let reader: IdCardReader | null = null;
  let readerKey = '';
  let current: AbortController | null = null;
  const errors: IdCardErrorEntry[] = [];
  const today = () => beijingDate(now());
  const config = (): IdCardSettings => settings.read().idcard;

  function record(operation: Operation, e: IdCardError): void {
    if (e.kind === 'cancelled') return;
    errors.push({ at: new Date(now()).toISOString(), driver: config().driver, operation, kind: e.kind, summary: ID_CARD_ERROR_SUMMARIES[e.kind], vendorCode: e.vendorCode });
    if (errors.length > MAX_ERRORS) errors.splice(0, errors.length - MAX_ERRORS);
    log.warn('idcard failure', { operation, driver: config().driver, kind: e.kind, vendorCode: e.vendorCode });
  }

  function asIdCardError(err: unknown): IdCardError {
    if (err instanceof IdCardError) return err;
    log.error('idcard driver threw', { driver: config().driver, error: (err as Error)?.name });
    return new IdCardError('garbage', messages.garbage('驱动返回了意外结果'));
  }

  /** The reader for the current settings; the previous one is closed when they changed. */
  function getReader(): IdCardReader {
    const cfg = config();
    const key = JSON.stringify(cfg);
    if (reader && key === readerKey) return reader;
    const old = reader;
    reader = null;
    if (old) void old.close().catch(() => undefined);
    reader = createIdCardReader(cfg, { today });
    readerKey = key;
    return reader;
  }

  async function readValidated(operation: Operation, timeoutMs?: number): Promise<IdCardReadResult> {
    const t0 = performance.now();
    if (current) {
      const e = new IdCardError('busy', messages.busy());
      record(operation, e);
      throw e;
    }
    const ctl = new AbortController();
    current = ctl;
    try {
      const fields = await getReader().read({ timeoutMs: timeoutMs ?? config().timeoutMs, signal: ctl.signal });
      const check = validateCardData(fields, today());
      if (!check.ok) throw new IdCardError('invalid_data', check.message);
      return { card: check.card, expired: check.expired, warnings: check.warnings, ms: Math.round((performance.now() - t0) * 10) / 10 };
    } catch (err) {
      const e = asIdCardError(err);
      record(operation, e);
      throw e;
    } finally {
      if (current === ctl) current = null;
    }
  }

  /** Without `probe` a real reader is not touched: opening it may scan 32 ports and block reads meanwhile. */
  async function status(input: { probe?: boolean } = {}): Promise<IdCardStatus> {
    const driver = config().driver;
    let r: IdCardReader;
    try {
      r = getReader();
    } catch (err) {
      return { driver, state: 'disconnected', label: asIdCardError(err).message, simulator: null };
    }
    if (!input.probe && !isSimulator(r)) {
      return current ? { driver, state: 'busy', label: '正在读卡', simulator: null } : { driver, state: 'unknown', label: '未检测', simulator: null };
    }
    const s = await r.status();
    return { driver, state: s.state, label: s.label, simulator: isSimulator(r) ? { cards: [...r.cards()], placed: r.placed() } : null };
  }

  const settingsView = (): { settings: IdCardSettings; errors: IdCardErrorEntry[] } => ({ settings: config(), errors: [...errors].reverse() });

  return {
    /** A read for a case: the card, validated; failures as DEVICE_ERROR with a Chinese message. */
    async read(input: { timeoutMs?: number }): Promise<IdCardReadResult> {
      try {
        return await readValidated('read', input.timeoutMs);
      } catch (err) {
        throw (err as IdCardError).toAppError();
      }
    },

    /** Stops a read that is waiting for a card. */
    cancel(): { cancelled: boolean } {
      if (!current) return { cancelled: false };
      current.abort();
      return { cancelled: true };
    },

    /** The admin's 测试读卡: outcome and timing, the card masked. */
    async test(): Promise<IdCardTestResult> {
      const t0 = performance.now();
      const driver = config().driver;
      const ms = () => Math.round((performance.now() - t0) * 10) / 10;
      try {
        const r = await readValidated('test');
        return {
          ok: true,
          ms: ms(),
          driver,
          summary: { cardType: r.card.cardType, name: maskName(r.card.name), idNumber: maskIdNumber(r.card.idNumber), validTo: r.card.validTo, hasPhoto: r.card.photo !== null },
          expired: r.expired,
          warnings: r.warnings,
        };
      } catch (err) {
        const e = err as IdCardError;
        return { ok: false, ms: ms(), driver, kind: e.kind, message: e.message };
      }
    },

    status,

    /** The developer panel: place a simulated card or set up a failure. */
    async simulate(input: { card?: number; scenario?: SimulatorScenario }): Promise<IdCardStatus> {
      let r: IdCardReader;
      try {
        r = getReader();
      } catch (err) {
        throw asIdCardError(err).toAppError();
      }
      if (!isSimulator(r)) throw new AppError('CONFLICT', '当前读卡器不是模拟读卡器：模拟放卡只在“设置 → 设备”中选择模拟读卡器时可用。');
      try {
        r.place(input.card ?? input.scenario ?? 'none');
      } catch (err) {
        throw asIdCardError(err).toAppError();
      }
      return status({ probe: true });
    },

    settingsView,

    async updateSettings(next: IdCardSettings): Promise<{ settings: IdCardSettings; errors: IdCardErrorEntry[] }> {
      if (current) throw new AppError('CONFLICT', '正在读卡，请等这次读卡结束后再保存读卡器设置。');
      let fresh: IdCardReader;
      try {
        fresh = createIdCardReader(next, { today });
      } catch (err) {
        throw new AppError('INVALID_INPUT', asIdCardError(err).message, { field: 'simulator.cardsFile' });
      }
      const old = reader;
      settings.update({ idcard: next });
      reader = fresh;
      readerKey = JSON.stringify(config());
      if (old) await old.close().catch(() => undefined);
      return settingsView();
    },

    async close(): Promise<void> {
      current?.abort();
      await reader?.close().catch(() => undefined);
      reader = null;
    },
  };
}

export type IdCardService = ReturnType<typeof createIdCardService>;
