import { parse } from 'yaml';
import { z } from 'zod';
import { isVersion, releaseContentType } from './updates.js';

// The channel file electron-builder writes (latest.yml, latest-linux.yml, …) as the central service
// and the counter read it. Kept apart from shared/updates.ts so the renderer never bundles a YAML parser.

const feedFileSchema = z.object({
  url: z.string(),
  /** Base64 SHA-512 of the whole file: what electron-updater checks after the download. */
  sha512: z.string().regex(/^[A-Za-z0-9+/]{86}==$/),
  size: z.number().int().positive().optional(),
});

const feedSchema = z.object({
  version: z.string(),
  files: z.array(feedFileSchema).min(1),
  releaseDate: z.string().optional(),
});

export interface UpdateFeed {
  version: string;
  releaseDate: string | null;
  files: { url: string; sha512: string; size: number | null }[];
}

/** Parses a channel file; the error message says in Chinese what is wrong with it. */
export function parseUpdateFeed(text: string, name: string): UpdateFeed {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch {
    throw new Error(`${name} 不是有效的 YAML 文件。`);
  }
  const r = feedSchema.safeParse(raw);
  if (!r.success) {
    const where = r.error.issues.map((i) => i.path.join('.') || '(根)').slice(0, 5);
    throw new Error(`${name} 内容不完整或格式错误（${where.join('、')}）。`);
  }
  const feed = r.data;
  if (!isVersion(feed.version)) throw new Error(`${name} 中的版本号无效：${feed.version}。`);
  for (const f of feed.files) {
    // Only plain names next to the channel file: a URL elsewhere would bypass the central service.
    if (!releaseContentType(f.url) || f.url.endsWith('.yml') || f.url.endsWith('.blockmap')) {
      throw new Error(`${name} 引用了不允许的文件名：${f.url}（只能是与它同目录的安装包）。`);
    }
  }
  return { version: feed.version, releaseDate: feed.releaseDate ?? null, files: feed.files.map((f) => ({ url: f.url, sha512: f.sha512, size: f.size ?? null })) };
}
