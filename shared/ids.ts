import { v7 } from 'uuid';

/** Time-ordered id made on the device (RFC 9562 UUIDv7). */
export function newId(): string {
  return v7();
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
