import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, lstat, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseUpdateFeed, type UpdateFeed } from '../shared/update-feed.js';
import { CHANNEL_FILES } from '../shared/updates.js';

// Publishing a release to the central service's release area: the files electron-builder made,
// each checked against the SHA-512 its channel file names before anything is copied.

export class PublishError extends Error {
  override name = 'PublishError';
}

export async function sha512Base64(file: string): Promise<string> {
  const h = createHash('sha512');
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('base64');
}

async function regularFile(path: string): Promise<{ size: number } | null> {
  const st = await lstat(path).catch(() => null);
  return st?.isFile() ? { size: st.size } : null;
}

export interface PublishedChannel {
  channel: string;
  version: string;
  files: string[];
}

/**
 * Verifies every installer named by the channel files in `srcDir` (size and SHA-512), then copies
 * installers and blockmaps into `releaseDir` and the channel files last, each through a temporary
 * name: a counter polling meanwhile sees the old release or the whole new one, never a half.
 * Nothing is copied when any check fails. An existing file of the same name is kept when
 * identical and refused when different (a rebuilt installer needs a new version number).
 */
export async function publishRelease(srcDir: string, releaseDir: string): Promise<PublishedChannel[]> {
  const names = await readdir(srcDir).catch(() => {
    throw new PublishError(`无法读取发布目录：${srcDir}。请指定 electron-builder 的输出目录（默认为 release/）。`);
  });
  const channels = CHANNEL_FILES.filter((c) => names.includes(c));
  if (channels.length === 0) {
    throw new PublishError(`目录 ${srcDir} 中没有 ${CHANNEL_FILES.join('、')} 中的任何一个：请指定 electron-builder 的输出目录（默认为 release/），且打包时须配置 publish。`);
  }

  const feeds: { channel: string; text: string; feed: UpdateFeed }[] = [];
  for (const channel of channels) {
    const text = await readFile(join(srcDir, channel), 'utf8');
    try {
      feeds.push({ channel, text, feed: parseUpdateFeed(text, channel) });
    } catch (err) {
      throw new PublishError(`${(err as Error).message}发布已中止，中心现有版本未改动。`);
    }
  }

  const copies = new Map<string, string | null>(); // name → sha512 (null: blockmap, not listed with a hash)
  for (const { channel, feed } of feeds) {
    for (const f of feed.files) {
      const path = join(srcDir, f.url);
      const st = await regularFile(path);
      if (!st) throw new PublishError(`${channel} 列出的安装包 ${f.url} 不在目录 ${srcDir} 中。发布已中止，中心现有版本未改动。`);
      if (f.size !== null && f.size !== st.size) {
        throw new PublishError(`安装包 ${f.url} 的大小（${st.size} 字节）与 ${channel} 记载的 ${f.size} 字节不符：文件可能不完整或被替换。发布已中止，中心现有版本未改动。`);
      }
      if ((await sha512Base64(path)) !== f.sha512) {
        throw new PublishError(`安装包 ${f.url} 的 SHA-512 校验值与 ${channel} 不符：文件可能在拷贝中损坏或被篡改。请从打包机重新拷贝整个发布目录后再发布。发布已中止，中心现有版本未改动。`);
      }
      copies.set(f.url, f.sha512);
      if (names.includes(`${f.url}.blockmap`) && (await regularFile(join(srcDir, `${f.url}.blockmap`)))) copies.set(`${f.url}.blockmap`, null);
    }
  }

  await mkdir(releaseDir, { recursive: true });
  // Same name, other bytes: refused before anything is written.
  for (const [name, sha] of copies) {
    const existing = join(releaseDir, name);
    if (!(await regularFile(existing))) continue;
    const same = sha !== null ? (await sha512Base64(existing)) === sha : (await sha512Base64(existing)) === (await sha512Base64(join(srcDir, name)));
    if (!same) {
      throw new PublishError(`中心已有同名但内容不同的文件 ${name}：同一版本号不能发布两次不同的安装包。请提高版本号（package.json 的 version）重新打包后再发布。发布已中止，中心现有版本未改动。`);
    }
    copies.delete(name);
  }

  const tmp = (name: string) => join(releaseDir, `.${name}.${randomBytes(6).toString('hex')}.tmp`);
  for (const name of copies.keys()) {
    const t = tmp(name);
    try {
      await copyFile(join(srcDir, name), t);
      // The copy is checked again: a full disk or a failing share must not publish a broken file.
      const want = copies.get(name);
      if (want && (await sha512Base64(t)) !== want) throw new PublishError(`复制 ${name} 到中心发布目录后校验失败（磁盘或网络存储故障？）。发布已中止。`);
      await rename(t, join(releaseDir, name));
    } catch (err) {
      await rm(t, { force: true });
      throw err;
    }
  }
  for (const { channel, text } of feeds) {
    const t = tmp(channel);
    await writeFile(t, text);
    await rename(t, join(releaseDir, channel));
  }
  return feeds.map(({ channel, feed }) => ({ channel, version: feed.version, files: feed.files.map((f) => f.url) }));
}
