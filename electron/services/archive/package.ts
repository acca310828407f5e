import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, mkdir, open, readdir, readFile, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import {
  compareFiles,
  isSafeRelativePath,
  MANIFEST_FILE,
  manifestSchema,
  SIGNATURE_ALGORITHM,
  SIGNATURE_FILE,
  signatureSchema,
  verifySummary,
  type FoundFile,
  type Manifest,
  type VerifyProblem,
} from '../../../shared/archive.js';
import type { VerifyResult } from '../../../shared/api/archive.js';
import { AppError } from '../../../shared/errors.js';

// Writing a package folder atomically (temp folder, every file fsynced, one rename) and checking one.

export const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
export const hmacHex = (key: Buffer, bytes: Uint8Array) => createHmac('sha256', key).update(bytes).digest('hex');

export function storageError(err: unknown, what: string): AppError {
  if (err instanceof AppError) return err;
  const code = (err as { code?: string }).code ?? null;
  if (code === 'ENOSPC') return new AppError('STORAGE_FAILED', `${what}失败：归档位置磁盘已满。请清理空间或在设置中更换归档文件夹（archive.dir）后重试。`, { fsCode: code });
  return new AppError('STORAGE_FAILED', `${what}失败：无法写入归档文件夹。请检查该文件夹（或网络共享）是否可用、是否有写入权限后重试。`, { fsCode: code });
}

async function syncPath(path: string): Promise<void> {
  // Directories cannot be opened for sync on Windows: best effort there.
  let fh: FileHandle | undefined;
  try {
    fh = await open(path, 'r');
    await fh.sync();
  } catch {
    // best effort
  } finally {
    await fh?.close().catch(() => undefined);
  }
}

async function writeAll(fh: FileHandle, chunk: Uint8Array): Promise<void> {
  let off = 0;
  while (off < chunk.length) off += (await fh.write(chunk, off, chunk.length - off)).bytesWritten;
}

/** What goes into a package: bytes made now, or a stored blob's plaintext copied with its hash checked. */
export type PackageSource = { bytes: Uint8Array } | { stream: () => AsyncIterable<Uint8Array>; sha256: string };

export interface WrittenFile {
  path: string;
  sha256: string;
  size: number;
}

/**
 * A folder being filled in `<dir>/.tmp`: nothing appears under its final name until `commit`.
 * `abort` removes it.
 */
export async function stagePackage(dir: string, folder: string) {
  const tmpRoot = join(dir, '.tmp');
  const root = join(tmpRoot, `${folder}-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await mkdir(root, { recursive: true });
  } catch (err) {
    throw storageError(err, '创建归档包');
  }
  const dirs = new Set<string>([root]);
  return {
    root,
    async add(path: string, source: PackageSource): Promise<WrittenFile> {
      if (!isSafeRelativePath(path)) throw new AppError('INTERNAL', '归档包文件名不合规。', { path });
      const target = join(root, ...path.split('/'));
      let fh: FileHandle | undefined;
      try {
        await mkdir(dirname(target), { recursive: true });
        for (let d = dirname(target); d.startsWith(root); d = dirname(d)) dirs.add(d);
        fh = await open(target, 'wx');
        const hash = createHash('sha256');
        let size = 0;
        if ('bytes' in source) {
          hash.update(source.bytes);
          size = source.bytes.length;
          await writeAll(fh, source.bytes);
        } else {
          for await (const c of source.stream()) {
            hash.update(c);
            size += c.length;
            await writeAll(fh, c);
          }
        }
        await fh.sync();
        await fh.close();
        fh = undefined;
        const sha256 = hash.digest('hex');
        if ('sha256' in source && sha256 !== source.sha256) {
          throw new AppError('STORAGE_FAILED', '本机保存的一份扫描件或附件已损坏（内容与其编号不符），不能归档：请从中心服务重新取回或重新扫描后再归档。', { sha256: source.sha256 });
        }
        return { path, sha256, size };
      } catch (err) {
        await fh?.close().catch(() => undefined);
        if ('stream' in source && ((err as { code?: string }).code === 'ENOENT' || (err instanceof AppError && err.code === 'NOT_FOUND'))) {
          throw new AppError('NOT_FOUND', '归档需要的一份扫描件或附件在本机缺失：请连接中心服务后重试，或重新扫描。', { sha256: source.sha256 });
        }
        throw storageError(err, '写入归档包');
      }
    },
    /** fsyncs the folders, then renames into place; fails if the name is taken. */
    async commit(): Promise<string> {
      const target = join(dir, folder);
      try {
        for (const d of [...dirs].sort((a, b) => b.length - a.length)) await syncPath(d);
        if (await exists(target)) throw Object.assign(new Error('exists'), { code: 'EEXIST' });
        await rename(root, target);
        await syncPath(dir);
        return target;
      } catch (err) {
        if ((err as { code?: string }).code === 'EEXIST' || (err as { code?: string }).code === 'ENOTEMPTY') throw new PackageExists(target);
        throw storageError(err, '保存归档包');
      }
    },
    abort: () => rm(root, { recursive: true, force: true }).catch(() => undefined),
  };
}

export class PackageExists extends Error {
  constructor(readonly path: string) {
    super('package folder exists');
  }
}

export async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Every regular file under root, `/`-separated relative paths; anything else (links, devices) is a problem. */
async function listFiles(root: string): Promise<{ found: Map<string, FoundFile>; odd: VerifyProblem[] }> {
  const found = new Map<string, FoundFile>();
  const odd: VerifyProblem[] = [];
  const walk = async (d: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const full = join(d, e.name);
      const rel = relative(root, full).split(sep).join('/');
      if (e.isDirectory()) await walk(full);
      else if (e.isFile()) found.set(rel, { size: (await lstat(full)).size, sha256: await hashFile(full) });
      else odd.push({ kind: 'extra', path: rel, message: `清单之外的多余文件（链接或特殊文件）：${rel}` });
    }
  };
  await walk(root);
  return { found, odd };
}

/**
 * Checks a package: the manifest's signature with the key it names, then every listed file's size
 * and SHA-256, then that nothing else is there. Reports every problem, not only the first.
 */
export async function verifyPackage(root: string, keyOf: (keyId: string) => Buffer | null): Promise<VerifyResult> {
  const problems: VerifyProblem[] = [];
  if (!(await exists(root))) throw new AppError('NOT_FOUND', `找不到归档包：${root}。请核对路径后重试。`);
  let manifestBytes: Buffer | null = null;
  try {
    manifestBytes = await readFile(join(root, MANIFEST_FILE));
  } catch {
    problems.push({ kind: 'missing', path: MANIFEST_FILE, message: `缺少清单文件 ${MANIFEST_FILE}：无法核对文件，该文件夹不是完整的归档包。` });
  }
  let manifest: Manifest | null = null;
  if (manifestBytes) {
    try {
      manifest = manifestSchema.parse(JSON.parse(manifestBytes.toString('utf8')));
    } catch {
      problems.push({ kind: 'manifest', path: MANIFEST_FILE, message: `清单文件 ${MANIFEST_FILE} 无法解析或格式不符：该包已被改动或损坏。` });
    }
  }

  let signature: VerifyResult['signature'] = 'missing';
  let sigRaw: unknown = null;
  try {
    sigRaw = JSON.parse(await readFile(join(root, SIGNATURE_FILE), 'utf8'));
  } catch {
    problems.push({ kind: 'signature', path: SIGNATURE_FILE, message: `缺少或无法读取签名文件 ${SIGNATURE_FILE}：无法确认清单未被改动。` });
  }
  if (sigRaw !== null) {
    const sig = signatureSchema.safeParse(sigRaw);
    if (!sig.success) {
      signature = 'invalid';
      problems.push({ kind: 'signature', path: SIGNATURE_FILE, message: `签名文件 ${SIGNATURE_FILE} 格式不符：该包已被改动或损坏。` });
    } else {
      const key = keyOf(sig.data.keyId);
      if (!key) {
        signature = 'unknown_key';
        problems.push({ kind: 'unknown_key', path: SIGNATURE_FILE, message: `签名密钥 ${sig.data.keyId} 不在本机：请在生成该包的大厅设备上校验（签名算法 ${SIGNATURE_ALGORITHM}）。` });
      } else if (manifestBytes) {
        const expected = Buffer.from(hmacHex(key, manifestBytes), 'hex');
        const given = Buffer.from(sig.data.hmac, 'hex');
        if (expected.length === given.length && timingSafeEqual(expected, given)) {
          signature = 'valid';
        } else {
          signature = 'invalid';
          const altered = sha256Hex(manifestBytes) !== sig.data.manifestSha256;
          problems.push({
            kind: 'signature',
            path: altered ? MANIFEST_FILE : SIGNATURE_FILE,
            message: altered ? `签名不符：清单 ${MANIFEST_FILE} 在签名后被改动。` : `签名不符：签名文件被改动，或该包不是用密钥 ${sig.data.keyId} 签名的。`,
          });
        }
      }
      if (manifest && manifest.keyId !== sig.data.keyId) {
        signature = signature === 'valid' ? 'invalid' : signature;
        problems.push({ kind: 'signature', path: SIGNATURE_FILE, message: `签名文件所用密钥（${sig.data.keyId}）与清单记载的密钥（${manifest.keyId}）不一致。` });
      }
    }
  }

  const { found, odd } = await listFiles(root);
  if (manifest) problems.push(...compareFiles(manifest.files, found));
  problems.push(...odd);
  return {
    ok: problems.length === 0,
    caseNumber: manifest?.caseNumber ?? null,
    revision: manifest?.revision ?? null,
    signature,
    checkedFiles: manifest ? manifest.files.length : 0,
    problems,
    summary: verifySummary(manifest?.caseNumber ?? null, problems),
  };
}
