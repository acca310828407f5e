import { IdCardError, messages } from './types.js';

// Text as vendor libraries hand it over: GBK (the Windows code page of most termb builds)
// or UTF-16LE, NUL-terminated or padded with spaces. Invalid bytes are an error, never
// replacement characters: a wrong name on a case is worse than no name.

export type TextEncoding = 'auto' | 'gbk' | 'utf-16le';

// GB18030 is a superset of GBK. Node's 'gbk' decoder maps rare name characters (生僻字 such as
// 䶮, FE 9F) to private-use code points and refuses four-byte sequences; 'gb18030' reads both.
const gbk = new TextDecoder('gb18030', { fatal: true });
const utf16 = new TextDecoder('utf-16le', { fatal: true });

/**
 * Decides the encoding of a read from an all-ASCII field (the ID number): in UTF-16LE every
 * second byte of it is zero, in GBK none is. CJK-only fields cannot tell the two apart.
 */
export function detectEncoding(asciiField: Uint8Array): 'gbk' | 'utf-16le' {
  const b = untilDoubleNul(asciiField);
  if (b.length >= 2 && b[1] === 0 && b[0] !== 0) return 'utf-16le';
  return 'gbk';
}

function untilDoubleNul(bytes: Uint8Array): Uint8Array {
  for (let i = 0; i + 1 < bytes.length; i += 2) if (bytes[i] === 0 && bytes[i + 1] === 0) return bytes.subarray(0, i);
  return bytes;
}

function untilNul(bytes: Uint8Array, unit: 1 | 2): Uint8Array {
  for (let i = 0; i + unit <= bytes.length; i += unit) {
    if (bytes[i] === 0 && (unit === 1 || bytes[i + 1] === 0)) return bytes.subarray(0, i);
  }
  return unit === 2 ? bytes.subarray(0, bytes.length - (bytes.length % 2)) : bytes;
}

/** Decodes one field; `field` names it (in Chinese) in the error. */
export function decodeText(bytes: Uint8Array, enc: 'gbk' | 'utf-16le', field: string): string {
  try {
    const text = enc === 'utf-16le' ? utf16.decode(untilNul(bytes, 2)) : gbk.decode(untilNul(bytes, 1));
    return text.replace(/^[\s\u3000]+|[\s\u3000]+$/g, '');
  } catch {
    throw new IdCardError('garbage', messages.garbage(`${field}不是有效的 ${enc === 'gbk' ? 'GBK/GB18030' : 'UTF-16LE'} 文字`));
  }
}

/** One fixed-width UCS-2 field of the sdtapi text block, padding removed. */
export function ucs2Field(block: Uint8Array, offset: number, length: number, field: string): string {
  return decodeText(block.subarray(offset, offset + length), 'utf-16le', field);
}
