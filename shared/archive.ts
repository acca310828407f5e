import { z } from 'zod';
import type { CaseState } from './case-machine.js';

// 电子化归档: the archive package of a finished case — what it holds, its manifest, and the checks
// a verifier makes. Pure: the host hashes, signs and writes; this file decides names, roles and
// what counts as a problem.

export const ARCHIVE_FORMAT = 'yct-archive';
export const ARCHIVE_FORMAT_VERSION = 1;
export const MANIFEST_FILE = 'manifest.json';
export const SIGNATURE_FILE = 'manifest.sig.json';
export const SIGNATURE_ALGORITHM = 'HMAC-SHA-256';

/**
 * States a case ends in. Nothing in the normal flow emits `case.closed` yet: a delivered case is
 * final for the archive, and a later event (a rating, a rectification, a close) makes a new revision.
 */
export const ARCHIVE_FINAL_STATES = ['delivered', 'closed', 'refused', 'withdrawn'] as const satisfies readonly CaseState[];

/** Event types whose arrival moves a case into a final state; the last one dates the package. */
export const FINAL_EVENT_TYPES = ['case.delivered', 'case.closed', 'case.refused', 'case.withdrawn'] as const;

/** Events that change nothing on record (somebody looked, an SMS went out): no new revision for them. */
export function isBenignForArchive(type: string): boolean {
  return type.startsWith('audit.') || type === 'delivery.notified' || type.startsWith('session.') || type.startsWith('account.');
}

export const FILE_ROLES = [
  'document',
  'form',
  'events',
  'material',
  'result',
  'commitment',
  'signature',
  'signed-receipt',
  'authorization',
  'id-photo',
  'attachment',
  'assistance',
] as const;
export type FileRole = (typeof FILE_ROLES)[number];

export const FILE_ROLE_LABELS: Record<FileRole, string> = {
  document: '文书',
  form: '申请表数据',
  events: '办理过程记录',
  material: '申请材料',
  result: '办理结果',
  commitment: '告知承诺书签字',
  signature: '领取人签名',
  'signed-receipt': '签字回执',
  authorization: '授权委托书',
  'id-photo': '证件照片',
  attachment: '其他附件',
  assistance: '帮办代办记录及确认',
};

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

export const manifestFileSchema = z.object({
  /** Relative to the package folder, `/`-separated. */
  path: z.string().min(1).max(300),
  role: z.enum(FILE_ROLES),
  sha256,
  size: z.number().int().nonnegative(),
  mime: z.string().max(100),
  /** What a person calls it, e.g. 受理通知书, 出生医学证明 第 1 页. */
  title: z.string().max(200),
  /** The material key, item id or delivery visit it belongs to. */
  ref: z.string().max(100).nullable(),
});
export type ManifestFile = z.infer<typeof manifestFileSchema>;

export const manifestSchema = z.object({
  format: z.literal(ARCHIVE_FORMAT),
  formatVersion: z.literal(ARCHIVE_FORMAT_VERSION),
  caseId: z.string().min(1),
  caseNumber: z.string().min(1),
  /** 1 for the first package of a case; later events make revision 2, 3 … in their own folder. */
  revision: z.number().int().min(1),
  /** The package this revision follows, by folder name and the SHA-256 of its manifest. */
  supersedes: z.object({ folder: z.string(), manifestSha256: sha256 }).nullable(),
  hall: z.object({ code: z.string(), name: z.string() }),
  bundle: z.object({ id: z.string(), name: z.string() }),
  catalogVersion: z.string(),
  finalState: z.enum(ARCHIVE_FINAL_STATES),
  /** When the case reached its final state (the event's time, ISO). */
  endedAt: z.string(),
  /** The last event included and its hash in the device's chain. */
  events: z.object({ count: z.number().int().nonnegative(), lastId: z.string(), lastHash: z.string() }),
  generatedAt: z.string(),
  generatedBy: z.object({ deviceId: z.string(), counterName: z.string(), software: z.string() }),
  keyId: z.string().min(1),
  signatureAlgorithm: z.literal(SIGNATURE_ALGORITHM),
  files: z.array(manifestFileSchema),
  /** Documents that could not be re-rendered, with the reason (the events still hold their content). */
  omitted: z.array(z.object({ title: z.string(), reason: z.string() })),
});
export type Manifest = z.infer<typeof manifestSchema>;

export const signatureSchema = z.object({
  algorithm: z.literal(SIGNATURE_ALGORITHM),
  keyId: z.string().min(1),
  /** SHA-256 of manifest.json exactly as stored: tells an altered manifest from a wrong key. */
  manifestSha256: sha256,
  /** HMAC-SHA-256 of manifest.json's bytes with the hall's archive key, hex. */
  hmac: z.string().regex(/^[0-9a-f]{64}$/),
});
export type ManifestSignature = z.infer<typeof signatureSchema>;

/** The manifest exactly as written: stable key order from the schema, two-space indent, final newline. */
export function manifestText(m: Manifest): string {
  return JSON.stringify(manifestSchema.parse(m), null, 2) + '\n';
}

/** Folder of a package: the case number, `.r2` … for later revisions. */
export function packageFolderName(caseNumber: string, revision: number): string {
  const base = caseNumber.replace(/[^A-Za-z0-9._-]/g, '_');
  return revision === 1 ? base : `${base}.r${revision}`;
}

/** A folder name a caller may name inside the archive folder: no separators, no `..`. */
export const FOLDER_NAME_RE = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,120}$/;

/** A manifest path that stays inside the package: relative, no `..`, no backslashes or drive letters. */
export function isSafeRelativePath(p: string): boolean {
  if (!p || p.startsWith('/') || p.includes('\\') || p.includes('\0') || /^[A-Za-z]:/.test(p)) return false;
  return p.split('/').every((seg) => seg !== '' && seg !== '.' && seg !== '..');
}

const segment = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_').slice(0, 80) || '_';

export function extensionOf(mime: string): string {
  const m = mime.toLowerCase().split(';')[0]!.trim();
  return (
    { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/tiff': 'tif', 'image/webp': 'webp', 'image/gif': 'gif', 'application/pdf': 'pdf', 'application/ofd': 'ofd' } as Record<string, string>
  )[m] ?? 'bin';
}

/** One blob a case references, with what it is. */
export interface BlobUse {
  sha256: string;
  role: FileRole;
  /** Material key or item id (per role), null otherwise. */
  ref: string | null;
  /** The event that first referenced it. */
  eventId: string;
}

interface EventLike {
  id: string;
  type: string;
  payload: unknown;
}

function roleOf(type: string, keys: readonly string[], last: string): { role: FileRole; ref: (p: Record<string, unknown>) => string | null } {
  const none = () => null;
  if (last === 'pageBlobs') {
    if (type === 'case.material_supplied') return { role: 'material', ref: (p) => (typeof p.key === 'string' ? p.key : null) };
    const i = keys.lastIndexOf('materials');
    const key = i >= 0 ? keys[i + 1] ?? null : null;
    return { role: 'material', ref: () => key };
  }
  if (last === 'documentBlobs') return { role: 'result', ref: (p) => (typeof p.itemId === 'string' ? p.itemId : null) };
  if (last === 'commitmentBlob') return { role: 'commitment', ref: none };
  if (last === 'signatureBlob') return { role: 'signature', ref: (p) => (typeof p.receiptNo === 'string' ? p.receiptNo : null) };
  if (last === 'signedPaperBlobs') return { role: 'signed-receipt', ref: (p) => (typeof p.receiptNo === 'string' ? p.receiptNo : null) };
  if (last === 'authorizationBlobs') return { role: 'authorization', ref: none };
  if (last === 'photoBlob') return { role: 'id-photo', ref: none };
  if (last === 'confirmationBlob') return { role: 'assistance', ref: none };
  return { role: 'attachment', ref: none };
}

/**
 * Every blob the events reference (same rule as the sync engine: keys ending in `Blob`/`Blobs`), in
 * order of first reference, each once, with its role. Scans replaced during intake are kept too:
 * the record shows what the clerk had in hand.
 */
export function blobUses(events: readonly EventLike[]): BlobUse[] {
  const out = new Map<string, BlobUse>();
  for (const e of events) {
    const payload = (e.payload ?? {}) as Record<string, unknown>;
    const add = (sha: unknown, keys: readonly string[], last: string) => {
      if (typeof sha !== 'string' || !/^[0-9a-f]{64}$/.test(sha) || out.has(sha)) return;
      const r = roleOf(e.type, keys, last);
      out.set(sha, { sha256: sha, role: r.role, ref: r.ref(payload), eventId: e.id });
    };
    const walk = (v: unknown, keys: string[], depth: number): void => {
      if (depth > 20 || v === null || typeof v !== 'object') return;
      if (Array.isArray(v)) {
        for (const x of v) walk(x, keys, depth + 1);
        return;
      }
      for (const [k, x] of Object.entries(v)) {
        if (k.endsWith('Blob') && typeof x === 'string') add(x, keys, k);
        else if (k.endsWith('Blobs') && Array.isArray(x)) for (const s of x) add(s, keys, k);
        else walk(x, [...keys, k], depth + 1);
      }
    };
    walk(payload, [], 0);
  }
  return [...out.values()];
}

const ROLE_FOLDERS: Record<FileRole, string> = {
  document: 'documents',
  form: '',
  events: '',
  material: 'materials',
  result: 'results',
  commitment: 'commitment',
  signature: 'signatures',
  'signed-receipt': 'signed-receipts',
  authorization: 'authorizations',
  'id-photo': 'id-photo',
  attachment: 'attachments',
  assistance: 'assistance',
};

/**
 * Paths and titles for the blobs of a package: `materials/<key>/01.jpg`, `results/<item>/01.pdf`,
 * `signatures/01.png` …, numbered per folder in order of first reference.
 */
export function blobFiles(
  uses: readonly (BlobUse & { mime: string })[],
  names: { material(key: string): string; item(id: string): string },
): { sha256: string; path: string; role: FileRole; title: string; ref: string | null; mime: string }[] {
  const counters = new Map<string, number>();
  return uses.map((u) => {
    const grouped = (u.role === 'material' || u.role === 'result') && u.ref;
    const folder = grouped ? `${ROLE_FOLDERS[u.role]}/${segment(u.ref!)}` : ROLE_FOLDERS[u.role];
    const n = (counters.get(folder) ?? 0) + 1;
    counters.set(folder, n);
    const nn = String(n).padStart(2, '0');
    const what = u.role === 'material' && u.ref ? names.material(u.ref) : u.role === 'result' && u.ref ? names.item(u.ref) : FILE_ROLE_LABELS[u.role];
    const title = u.role === 'material' ? `${what} 第 ${n} 页` : `${what} ${nn}`;
    return { sha256: u.sha256, path: `${folder}/${nn}.${extensionOf(u.mime)}`, role: u.role, title, ref: u.ref, mime: u.mime };
  });
}

/** `documents/01-受理通知书.pdf`: numbered in the order the documents were issued. */
export function documentPath(n: number, title: string): string {
  return `documents/${String(n).padStart(2, '0')}-${title.replace(/[/\\:*?"<>|\0]/g, '_')}.pdf`;
}

// ---- verification ----

export type ProblemKind = 'altered' | 'size' | 'missing' | 'extra' | 'unsafe_path' | 'duplicate_path' | 'signature' | 'unknown_key' | 'manifest';

export interface VerifyProblem {
  kind: ProblemKind;
  /** The file concerned, relative to the package; null for the package as a whole. */
  path: string | null;
  message: string;
}

/** What a verifier found on disk for one file. */
export interface FoundFile {
  size: number;
  sha256: string;
}

/**
 * Compares the manifest's file list with what is on disk (every regular file of the package but
 * the manifest and its signature). Every difference is one problem, in manifest order, extras last.
 */
export function compareFiles(listed: readonly Pick<ManifestFile, 'path' | 'sha256' | 'size'>[], found: ReadonlyMap<string, FoundFile>): VerifyProblem[] {
  const problems: VerifyProblem[] = [];
  const seen = new Set<string>();
  for (const f of listed) {
    if (!isSafeRelativePath(f.path)) {
      problems.push({ kind: 'unsafe_path', path: f.path, message: `清单中的路径不合规（指向归档包之外）：${f.path}` });
      continue;
    }
    if (seen.has(f.path)) {
      problems.push({ kind: 'duplicate_path', path: f.path, message: `清单中重复列出同一文件：${f.path}` });
      continue;
    }
    seen.add(f.path);
    const disk = found.get(f.path);
    if (!disk) problems.push({ kind: 'missing', path: f.path, message: `文件缺失：${f.path}` });
    else if (disk.size !== f.size) problems.push({ kind: 'size', path: f.path, message: `文件已被改动：${f.path}（大小应为 ${f.size} 字节，实际 ${disk.size} 字节）` });
    else if (disk.sha256 !== f.sha256) problems.push({ kind: 'altered', path: f.path, message: `文件已被改动：${f.path}（SHA-256 与清单不符）` });
  }
  for (const p of [...found.keys()].sort()) {
    if (!seen.has(p) && p !== MANIFEST_FILE && p !== SIGNATURE_FILE) problems.push({ kind: 'extra', path: p, message: `清单之外的多余文件：${p}` });
  }
  return problems;
}

/** One line for the clerk: passed, or how many problems and what to do. */
export function verifySummary(caseNumber: string | null, problems: readonly VerifyProblem[]): string {
  const who = caseNumber ? `归档包 ${caseNumber}` : '归档包';
  if (problems.length === 0) return `${who}校验通过：签名有效，全部文件与清单一致。`;
  return `${who}校验未通过，发现 ${problems.length} 处问题。该包不能作为有效档案使用：请从原始数据重新生成，或从备份恢复后再校验。`;
}

/** Export range check, inclusive China-local dates. */
export function inRange(day: string, from: string, to: string): boolean {
  return day >= from && day <= to;
}
