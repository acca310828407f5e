import { v7 } from 'uuid';

/** Time-ordered id made on the device (RFC 9562 UUIDv7). */
export function newId(): string {
  return v7();
}

