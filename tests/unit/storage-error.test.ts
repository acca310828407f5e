import { describe, expect, it } from 'vitest';
import { isStorageFailure, storageError } from '../../db/sqlite.js';

// The one mapping from disk and SQLite failures to what the clerk reads (disk-faults.test.ts
// shows it on a real full disk; here the codes a real disk cannot easily produce on demand).

const err = (code: string) => Object.assign(new Error('x'), { code });

describe('storage failures', () => {
  it('names a full disk, a read-only directory and an I/O error, extended SQLite codes included', () => {
    for (const code of ['SQLITE_FULL', 'ENOSPC', 'EDQUOT', 'EFBIG']) expect(storageError(err(code), 'f').message, code).toContain('磁盘已满');
    for (const code of ['SQLITE_READONLY', 'SQLITE_READONLY_DBMOVED', 'EROFS', 'EACCES']) expect(storageError(err(code), 'f').message, code).toContain('只读');
    for (const code of ['SQLITE_IOERR', 'SQLITE_IOERR_WRITE', 'SQLITE_IOERR_FSYNC', 'EIO']) expect(storageError(err(code), 'f').message, code).toContain('磁盘读写出错');
    expect(storageError(err('SQLITE_CORRUPT_VTAB'), 'f').message).toContain('已损坏');
    for (const code of ['SQLITE_FULL', 'SQLITE_IOERR_SHORT_READ', 'EROFS']) {
      const e = storageError(err(code), 'f');
      expect(e.code).toBe('STORAGE_FAILED');
      expect(e.message).toContain('没有保存');
    }
  });

  it('tells disk failures from errors of our own logic', () => {
    for (const code of ['SQLITE_FULL', 'SQLITE_IOERR_WRITE', 'SQLITE_READONLY', 'ENOSPC', 'EROFS']) expect(isStorageFailure(err(code)), code).toBe(true);
    for (const code of ['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_ERROR', 'SQLITE_BUSY', 'ENOENT', 'SQLITE_FULLX']) expect(isStorageFailure(err(code)), code).toBe(false);
    expect(isStorageFailure(new Error('plain'))).toBe(false);
    expect(isStorageFailure(null)).toBe(false);
  });
});
