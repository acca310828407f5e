import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, realpath } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseRangeHeader, releaseContentType } from '../../shared/updates.js';
import { HttpError } from '../http-error.js';

// The release area for offline updates, read-only at /updates/<file>: channel files (latest*.yml),
// installers and their blockmaps, published with `npm run server -- publish-release <dir>`.
//
// No device token is asked: electron-updater fetches these before and apart from sync (a fresh or
// re-installed counter that is not enrolled yet must still update), the files hold no hall data,
// and integrity does not rest on who may read them but on the SHA-512 in the channel file (checked
// by the updater after every download, over the hall's TLS) and, on Windows, the installer's
// signature. Names are a flat allow-list (no folders, no listing, no dot files, no symlinks).

const notFound = () => new HttpError(404, 'NOT_FOUND', '没有这个更新文件。请确认中心已发布该版本（npm run server -- publish-release）。');

async function releaseFile(dir: string, name: string): Promise<{ path: string; size: number; mtime: Date; type: string }> {
  const type = releaseContentType(name);
  if (!type) throw notFound();
  const path = join(dir, name);
  const st = await lstat(path).catch(() => null);
  if (!st?.isFile()) throw notFound();
  // The directory itself may be a link (a mounted share): what counts is that the file stays inside it.
  const [realDir, realFile] = await Promise.all([realpath(dir), realpath(path)]);
  if (!realFile.startsWith(realDir + sep)) throw notFound();
  return { path, size: st.size, mtime: st.mtime, type };
}

function multipart(path: string, size: number, type: string, ranges: { start: number; end: number }[], boundary: string): { stream: Readable; length: number } {
  const heads = ranges.map((r, i) => Buffer.from(`${i === 0 ? '' : '\r\n'}--${boundary}\r\nContent-Type: ${type}\r\nContent-Range: bytes ${r.start}-${r.end}/${size}\r\n\r\n`));
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const length = heads.reduce((n, h, i) => n + h.length + (ranges[i]!.end - ranges[i]!.start + 1), 0) + tail.length;
  async function* parts() {
    for (let i = 0; i < ranges.length; i++) {
      yield heads[i]!;
      for await (const chunk of createReadStream(path, { start: ranges[i]!.start, end: ranges[i]!.end })) yield chunk as Buffer;
    }
    yield tail;
  }
  return { stream: Readable.from(parts()), length };
}

export async function updateRoutes(app: FastifyInstance, releaseDir: string): Promise<void> {
  async function serve(req: FastifyRequest<{ Params: { file: string } }>, reply: FastifyReply) {
    const f = await releaseFile(releaseDir, req.params.file);
    const etag = `"${f.size.toString(16)}-${f.mtime.getTime().toString(16)}"`;
    reply
      .header('accept-ranges', 'bytes')
      .header('etag', etag)
      .header('last-modified', f.mtime.toUTCString())
      .header('x-content-type-options', 'nosniff')
      // Channel files change with every release; installers are named by version and never change.
      .header('cache-control', f.path.endsWith('.yml') ? 'no-cache' : 'public, max-age=86400');
    const head = req.method === 'HEAD';
    let range = parseRangeHeader(typeof req.headers.range === 'string' ? req.headers.range : undefined, f.size);
    // If-Range: a range only of the very file the client already holds part of.
    const ifRange = req.headers['if-range'];
    if (range.kind !== 'full' && typeof ifRange === 'string' && ifRange !== etag && ifRange !== f.mtime.toUTCString()) range = { kind: 'full' };

    if (range.kind === 'unsatisfiable') {
      return reply.status(416).header('content-range', `bytes */${f.size}`).send({ code: 'RANGE_NOT_SATISFIABLE', message: '请求的字节范围超出文件长度。' });
    }
    if (range.kind === 'full') {
      reply.status(200).header('content-type', f.type).header('content-length', String(f.size));
      return head ? reply.send() : reply.send(createReadStream(f.path));
    }
    if (range.ranges.length === 1) {
      const r = range.ranges[0]!;
      reply
        .status(206)
        .header('content-type', f.type)
        .header('content-range', `bytes ${r.start}-${r.end}/${f.size}`)
        .header('content-length', String(r.end - r.start + 1));
      return head ? reply.send() : reply.send(createReadStream(f.path, { start: r.start, end: r.end }));
    }
    const boundary = `yct-${randomBytes(12).toString('hex')}`;
    const body = multipart(f.path, f.size, f.type, range.ranges, boundary);
    reply.status(206).header('content-type', `multipart/byteranges; boundary=${boundary}`).header('content-length', String(body.length));
    if (head) {
      body.stream.destroy();
      return reply.send();
    }
    return reply.send(body.stream);
  }

  const schema = { summary: '下载更新文件（latest*.yml、安装包、blockmap；支持 Range）', tags: ['更新'], security: [] };
  app.get<{ Params: { file: string } }>('/updates/:file', { schema, exposeHeadRoute: false }, serve);
  app.head<{ Params: { file: string } }>('/updates/:file', { schema: { ...schema, hide: true } }, serve);
}
