import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

// The on-disk format of an encrypted blob (AES-256-GCM in fixed chunks, so a large scan streams and
// a single page can be read without the rest):
//
//   header (28 bytes): "YCTB" | version 1 | log2(chunk size) | 2 zero bytes | key id (4) | salt (16)
//   then per chunk:    ciphertext (chunk size, the last one shorter or equal) | GCM tag (16)
//
// Each file gets its own AES key, HKDF-SHA256(data key, salt); the nonce of chunk i is i (96 bits,
// big-endian), unique under that key. Every chunk authenticates the header and a final-chunk flag,
// so a changed byte, swapped or dropped chunks and a file cut at a chunk boundary are all refused.
// Blobs stay named by the SHA-256 of their plaintext: sync and the central service are unchanged.

export const MAGIC = Buffer.from('YCTB', 'latin1');
const VERSION = 1;
const CHUNK_LOG2 = 16;
export const CHUNK = 1 << CHUNK_LOG2;
export const HEADER_BYTES = 28;
export const TAG_BYTES = 16;

export interface BlobKey {
  /** 8 hex digits, written into the header. */
  id: string;
  key: Buffer;
}

export interface BlobKeys {
  /** The key new files are written under. */
  current: BlobKey;
  get(id: string): BlobKey | undefined;
}

export class BlobCipherError extends Error {
  constructor(
    readonly reason: 'format' | 'unknown-key' | 'tampered',
    message: string,
  ) {
    super(message);
  }
}

export function isEncryptedHeader(head: Buffer): boolean {
  return head.length >= MAGIC.length && head.subarray(0, MAGIC.length).equals(MAGIC);
}

const fileKey = (dataKey: Buffer, salt: Buffer) => Buffer.from(hkdfSync('sha256', dataKey, salt, 'yct blob v1', 32));

function nonce(index: number): Buffer {
  const n = Buffer.alloc(12);
  n.writeBigUInt64BE(BigInt(index), 4);
  return n;
}

function aad(header: Buffer, final: boolean): Buffer {
  return Buffer.concat([header, Buffer.from([final ? 1 : 0])]);
}

/** Stored size of a plaintext of `size` bytes (always at least one, possibly empty, chunk). */
export function encryptedSize(size: number): number {
  const chunks = Math.max(1, Math.ceil(size / CHUNK));
  return HEADER_BYTES + size + chunks * TAG_BYTES;
}

/** Plaintext size and chunk count of a stored file of `fileSize` bytes, or null when impossible. */
export function layoutOf(fileSize: number): { size: number; chunks: number } | null {
  const body = fileSize - HEADER_BYTES;
  if (body < TAG_BYTES) return null;
  const chunks = Math.ceil(body / (CHUNK + TAG_BYTES));
  const size = body - chunks * TAG_BYTES;
  return size >= 0 ? { size, chunks } : null;
}

/** Encrypts a stream of plaintext into the format above, one output buffer per chunk. */
export class BlobEncryptor {
  readonly header: Buffer;
  private readonly key: Buffer;
  private index = 0;
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  constructor(k: BlobKey) {
    const salt = randomBytes(16);
    this.header = Buffer.alloc(HEADER_BYTES);
    MAGIC.copy(this.header, 0);
    this.header[4] = VERSION;
    this.header[5] = CHUNK_LOG2;
    Buffer.from(k.id, 'hex').copy(this.header, 8);
    salt.copy(this.header, 12);
    this.key = fileKey(k.key, salt);
  }

  private seal(plain: Buffer, final: boolean): Buffer {
    const c = createCipheriv('aes-256-gcm', this.key, nonce(this.index++));
    c.setAAD(aad(this.header, final));
    const body = c.update(plain);
    c.final();
    return Buffer.concat([body, c.getAuthTag()]);
  }

  /** Whole chunks ready to write; one full chunk is held back until it is known not to be the last. */
  update(data: Uint8Array): Buffer[] {
    if (data.length === 0) return [];
    // Copied: a caller may reuse its buffer for the next read.
    this.pending.push(Buffer.from(data));
    this.pendingBytes += data.length;
    const out: Buffer[] = [];
    if (this.pendingBytes <= CHUNK) return out;
    let buf = Buffer.concat(this.pending, this.pendingBytes);
    while (buf.length > CHUNK) {
      out.push(this.seal(buf.subarray(0, CHUNK), false));
      buf = buf.subarray(CHUNK);
    }
    this.pending = [Buffer.from(buf)];
    this.pendingBytes = buf.length;
    return out;
  }

  final(): Buffer {
    const last = Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    return this.seal(last, true);
  }
}

/** Encrypts bytes already in memory. */
export function encryptBytes(k: BlobKey, plain: Uint8Array): Buffer {
  const e = new BlobEncryptor(k);
  return Buffer.concat([e.header, ...e.update(plain), e.final()]);
}

/** Decrypts chunks of one file given its header; chunk i must be passed with its index. */
export class BlobDecryptor {
  private readonly key: Buffer;

  constructor(
    private readonly header: Buffer,
    keys: BlobKeys,
    readonly chunks: number,
  ) {
    if (header.length !== HEADER_BYTES || !isEncryptedHeader(header)) throw new BlobCipherError('format', 'not an encrypted blob');
    if (header[4] !== VERSION || header[5] !== CHUNK_LOG2) throw new BlobCipherError('format', 'unsupported blob format');
    const id = header.subarray(8, 12).toString('hex');
    const k = keys.get(id);
    if (!k) throw new BlobCipherError('unknown-key', 'blob key not in the ring');
    this.key = fileKey(k.key, header.subarray(12, 28));
  }

  static keyIdOf(header: Buffer): string {
    return header.subarray(8, 12).toString('hex');
  }

  /** `sealed` is ciphertext + tag of chunk `index`. */
  open(index: number, sealed: Buffer): Buffer {
    if (sealed.length < TAG_BYTES || sealed.length > CHUNK + TAG_BYTES) throw new BlobCipherError('tampered', 'chunk size');
    const d = createDecipheriv('aes-256-gcm', this.key, nonce(index));
    d.setAAD(aad(this.header, index === this.chunks - 1));
    d.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    const body = d.update(sealed.subarray(0, sealed.length - TAG_BYTES));
    try {
      d.final();
    } catch {
      throw new BlobCipherError('tampered', 'chunk authentication failed');
    }
    return body;
  }
}

/** Decrypts a whole stored file held in memory. */
export function decryptBytes(keys: BlobKeys, stored: Buffer): Buffer {
  const layout = layoutOf(stored.length);
  if (!layout) throw new BlobCipherError('tampered', 'file too short');
  const d = new BlobDecryptor(stored.subarray(0, HEADER_BYTES), keys, layout.chunks);
  const out = Buffer.alloc(layout.size);
  let pos = HEADER_BYTES;
  for (let i = 0; i < layout.chunks; i++) {
    const len = Math.min(CHUNK + TAG_BYTES, stored.length - pos);
    d.open(i, stored.subarray(pos, pos + len)).copy(out, i * CHUNK);
    pos += len;
  }
  return out;
}
