import { createReadStream } from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { MAX_BLOB_BYTES, MAX_BLOB_CHUNK_BYTES, SHA256_RE } from '../../shared/sync.js';
import { scopeOf, type CentralContext } from '../app.js';
import type { BlobFiles } from '../blob-files.js';
import { HttpError } from '../http-error.js';

// Resumable blob upload by a simple offset protocol (in the spirit of tus core):
//   HEAD  /blobs/:sha256  → Upload-Offset (bytes the service holds), Blob-Complete: 1 when done
//   PATCH /blobs/:sha256  Upload-Offset, Upload-Length, Upload-Mime, body = the next chunk
//                         → 204 + Upload-Offset; 409 + Upload-Offset when the offset is stale;
//                           422 when the finished bytes do not hash to :sha256 (bytes discarded)
//   GET   /blobs/:sha256  → the bytes (Range: bytes=N- to resume)

const OCTETS = 'application/offset+octet-stream';

function shaParam(req: FastifyRequest<{ Params: { sha256: string } }>): string {
  const sha = req.params.sha256;
  if (!SHA256_RE.test(sha)) throw new HttpError(400, 'INVALID_INPUT', '附件编号应为 64 位小写十六进制的 SHA-256 值。');
  return sha;
}

function intHeader(req: FastifyRequest, name: string): number | null {
  const v = req.headers[name];
  if (typeof v !== 'string' || !/^\d{1,15}$/.test(v)) return null;
  return Number(v);
}

export async function blobRoutes(app: FastifyInstance, ctx: CentralContext, files: BlobFiles): Promise<void> {
  app.addContentTypeParser(OCTETS, { parseAs: 'buffer', bodyLimit: MAX_BLOB_CHUNK_BYTES }, (_req, body, done) => done(null, body));

  app.head<{ Params: { sha256: string } }>('/blobs/:sha256', { schema: { summary: '附件已上传的字节数', tags: ['附件'] } }, async (req, reply) => {
    await ctx.device(req);
    const sha = shaParam(req);
    const done = await ctx.central.blobs.get(sha);
    const offset = done ? done.size : await files.partialSize(sha);
    return reply.header('upload-offset', String(offset)).header('blob-complete', done ? '1' : '0').header('cache-control', 'no-store').status(200).send();
  });

  app.patch<{ Params: { sha256: string } }>(
    '/blobs/:sha256',
    { bodyLimit: MAX_BLOB_CHUNK_BYTES, schema: { summary: '上传附件的下一段（Upload-Offset / Upload-Length）', tags: ['附件'] } },
    async (req, reply) => {
      const device = await ctx.device(req);
      const sha = shaParam(req);
      if (req.headers['content-type'] !== OCTETS) throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', `附件分段的内容类型应为 ${OCTETS}。`);
      const offset = intHeader(req, 'upload-offset');
      const length = intHeader(req, 'upload-length');
      if (offset === null || length === null) throw new HttpError(400, 'INVALID_INPUT', '缺少 Upload-Offset 或 Upload-Length 请求头。');
      if (length < 1 || length > MAX_BLOB_BYTES) throw new HttpError(413, 'PAYLOAD_TOO_LARGE', `附件过大（上限 ${MAX_BLOB_BYTES / 1024 / 1024} MiB）。`);
      const chunk = req.body as Buffer;
      if (!Buffer.isBuffer(chunk)) throw new HttpError(400, 'INVALID_INPUT', '附件分段内容为空。');
      if (offset + chunk.length > length) throw new HttpError(400, 'INVALID_INPUT', '附件分段超出声明的总长度。');

      return files.withLock(sha, async () => {
        // A blob sent whole is verified and stored without asking first whether it is here
        // already (a query per upload, for the rare resend): storing it again changes nothing.
        // Nor does a part of it left by an earlier chunked upload matter.
        const whole = offset === 0 && chunk.length === length;
        const done = whole ? undefined : await ctx.central.blobs.get(sha);
        if (done) return reply.header('upload-offset', String(done.size)).header('blob-complete', '1').status(204).send();
        const current = whole ? 0 : await files.partialSize(sha);
        if (offset !== current) {
          return reply
            .header('upload-offset', String(current))
            .status(409)
            .send({ code: 'OFFSET_MISMATCH', message: '附件续传位置与中心不一致，请按中心给出的位置继续。', details: { offset: current } });
        }
        const size = whole ? length : chunk.length > 0 ? await files.append(sha, offset, chunk) : current;
        if (size < length) return reply.header('upload-offset', String(size)).header('blob-complete', '0').status(204).send();
        if ((await (whole ? files.putWhole(sha, chunk) : files.finish(sha))) === 'mismatch') {
          throw new HttpError(422, 'BLOB_HASH_MISMATCH', '附件内容与其 SHA-256 编号不符，中心已丢弃。请检查本机附件文件是否损坏后重新上传。');
        }
        const mime = String(req.headers['upload-mime'] ?? '');
        await ctx.central.blobs.record(sha, size, /^[\w.+-]+\/[\w.+-]+$/.test(mime) ? mime : 'application/octet-stream', device.id);
        return reply.header('upload-offset', String(size)).header('blob-complete', '1').status(204).send();
      });
    },
  );

  app.get<{ Params: { sha256: string } }>(
    '/blobs/:sha256',
    { exposeHeadRoute: false, schema: { summary: '下载附件（可用 Range: bytes=N- 续传）', tags: ['附件'] } },
    async (req, reply: FastifyReply) => {
      const device = await ctx.device(req);
      const sha = shaParam(req);
      const blob = await ctx.central.blobs.get(sha);
      const forbidden = () => new HttpError(404, 'NOT_FOUND', '中心没有该附件，或本机无权查看。');
      if (!blob) throw forbidden();
      if (blob.uploadedBy !== device.id) {
        let visible = false;
        for (const caseId of await ctx.central.blobs.caseIds(sha)) {
          if (await ctx.central.sync.canSeeCase(scopeOf(device), caseId)) {
            visible = true;
            break;
          }
        }
        if (!visible) throw forbidden();
      }
      const range = /^bytes=(\d+)-$/.exec(String(req.headers.range ?? ''));
      const start = range ? Number(range[1]) : 0;
      if (range && start >= blob.size) throw new HttpError(416, 'INVALID_INPUT', '续传位置超出附件长度。');
      reply.header('content-type', blob.mime).header('content-length', String(blob.size - start));
      if (range) reply.status(206).header('content-range', `bytes ${start}-${blob.size - 1}/${blob.size}`);
      return reply.send(createReadStream(files.finalPath(sha), { start }));
    },
  );
}
