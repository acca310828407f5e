import { AppError } from '../../../shared/errors.js';
import type { CardFields, IdCardData, IdCardDriverKind, IdCardErrorKind } from '../../../shared/idcard.js';
import { MANUAL_HINT } from '../../../shared/idcard.js';

export type { CardFields, IdCardData, IdCardDriverKind, IdCardErrorKind };

export interface ReadOptions {
  /** How long to wait for a card to be placed (and read). */
  timeoutMs: number;
  signal?: AbortSignal;
}

export type ReaderState = 'connected' | 'disconnected' | 'busy';

export interface ReaderStatus {
  state: ReaderState;
  /** Chinese, e.g. 已连接（USB 1001） or 未连接：… */
  label: string;
}

/**
 * One second-generation ID-card reader. A read waits for a card until the timeout or the
 * signal; a second read while one is running is refused at once with kind `busy` (a clerk who
 * presses F2 twice should not queue two reads). Drivers return the card as decoded; the
 * service validates it with `validateCardData` from shared/idcard.ts.
 */
export interface IdCardReader {
  readonly driver: IdCardDriverKind;
  open(): Promise<void>;
  read(opts: ReadOptions): Promise<CardFields>;
  close(): Promise<void>;
  status(): Promise<ReaderStatus>;
}

/** A reader failure with its kind; the message is Chinese and says how to go on. */
export class IdCardError extends Error {
  readonly kind: IdCardErrorKind;
  /** The vendor's own return code or result flag, for the diagnostics list. */
  readonly vendorCode: string | null;

  constructor(kind: IdCardErrorKind, message: string, vendorCode: string | number | null = null) {
    super(message);
    this.name = 'IdCardError';
    this.kind = kind;
    this.vendorCode = vendorCode === null ? null : String(vendorCode);
  }

  toAppError(): AppError {
    return new AppError('DEVICE_ERROR', this.message, { device: 'idcard', kind: this.kind, ...(this.vendorCode !== null ? { vendorCode: this.vendorCode } : {}) });
  }
}

const manual = `${MANUAL_HINT}继续办理`;

/** The standard wording per kind; drivers add what they know (port, seconds, vendor code). */
export const messages = {
  notConnected: (detail = '') => `读卡器未连接${detail ? `（${detail}）` : ''}：请检查 USB 线和读卡器电源后再读一次，或${manual}。`,
  noCard: (seconds: number) => `${seconds} 秒内未检测到证件：请把证件平放在读卡器感应区后再读一次，或${manual}。`,
  timeout: (seconds: number) => `读卡器 ${seconds} 秒内没有响应：请拔插读卡器 USB 线后再读一次，或${manual}。`,
  cancelled: () => '已取消读卡。',
  busy: () => '正在读卡：请等这次读卡结束（或点“取消”）后再试。',
  removed: () => `读卡过程中证件被移开：请把证件放稳、读完前不要移动，再读一次；仍不成功，${manual}。`,
  unreadable: () => `证件无法读取，可能已损坏或不是第二代证件：请重试一次；仍不成功，${manual}，并提醒申请人到公安机关检查证件。`,
  unsupported: (mark: string) => `暂不支持这种证件（芯片类型标记“${mark}”）：${manual}。`,
  garbage: (what: string) => `读卡器返回的数据无法识别（${what}）：请重试；多次出现请在“设置 → 设备”中检查读卡器类型与文字编码，或${manual}。`,
  library: (what: string) => `读卡器驱动库无法使用：${what}。请管理员在“设置 → 设备”中检查库文件路径和读卡器类型；现在${manual}。`,
  config: (what: string) => `读卡器设置有误：${what}。请管理员在“设置 → 设备”中修改；现在${manual}。`,
};
