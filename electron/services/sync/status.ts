import type { SyncStatus } from '../../../shared/api/sync.js';
import type { EngineState } from './engine.js';

// What the header says about sync: 已同步 / 待同步 N 条（x MB）/ 离线（自 … 起）/ 出错：reason.

const pad = (n: number) => String(n).padStart(2, '0');

/** HH:mm today, MM-DD HH:mm on another day (local time of the counter). */
export function shortTime(iso: string, now: number): string {
  const d = new Date(iso);
  const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return new Date(now).toDateString() === d.toDateString() ? hm : `${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${hm}`;
}

export function megabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  if (bytes > 0 && mb < 0.1) return '<0.1 MB';
  return mb >= 10 ? `${Math.round(mb)} MB` : `${(Math.round(mb * 10) / 10).toFixed(1)} MB`;
}

export interface LabelInput {
  centralUrl: string | null;
  enrolled: boolean;
  engineState: EngineState;
  lastError: string | null;
  offlineSince: string | null;
  pendingEvents: number;
  pendingBlobs: number;
  pendingBytes: number;
  now: number;
}

export function syncLabel(s: LabelInput): { state: SyncStatus['state']; label: string } {
  const waiting = s.pendingEvents + s.pendingBlobs > 0;
  const pending = `待同步 ${s.pendingEvents} 条（${megabytes(s.pendingBytes)}）`;
  if (!s.centralUrl) return { state: 'not_configured', label: '未连接中心' };
  if (!s.enrolled) return { state: 'not_enrolled', label: '本机未登记' };
  if (s.engineState === 'error' && s.lastError) return { state: 'error', label: `出错：${s.lastError}` };
  if (s.offlineSince) return { state: 'offline', label: `离线（自 ${shortTime(s.offlineSince, s.now)} 起）${waiting ? ` · ${pending}` : ''}` };
  if (s.engineState === 'syncing') return { state: 'syncing', label: waiting ? `同步中 · ${pending}` : '同步中…' };
  if (waiting) return { state: 'pending', label: pending };
  return { state: 'synced', label: '已同步' };
}
