import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCentralDb, type CentralDb } from '../../db/central.js';
import { tempDir } from '../helpers/tmp.js';

// The central blob index records uploads that finish together with one statement (group
// commit), on a real SQLite file.

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

describe('central blob index', () => {
  let t: ReturnType<typeof tempDir>;
  let central: CentralDb;
  let inserts: number;
  beforeEach(async () => {
    t = tempDir('yct-central-blobs-');
    inserts = 0;
    central = await openCentralDb({ sqliteFile: join(t.dir, 'central.sqlite'), log: (q) => void (/^insert into "blobs"/.test(q) && inserts++) });
  });
  afterEach(async () => {
    await central.close();
    t.cleanup();
  });

  it('records uploads that finish together in fewer statements, each caller only once its row is there', async () => {
    const shas = Array.from({ length: 30 }, (_, i) => sha(`page ${i}`));
    await Promise.all(
      shas.map(async (s, i) => {
        await central.blobs.record(s, 1000 + i, 'image/jpeg', 'device-a');
        // Resolved means committed: the row can be read at once.
        expect(await central.blobs.get(s)).toEqual({ size: 1000 + i, mime: 'image/jpeg', uploadedBy: 'device-a' });
      }),
    );
    expect(inserts).toBeLessThan(shas.length);
    // A second record of a blob keeps the first.
    await central.blobs.record(shas[0]!, 1, 'image/png', 'device-b');
    expect(await central.blobs.get(shas[0]!)).toMatchObject({ size: 1000, uploadedBy: 'device-a' });
    expect(Number((await central.db.selectFrom('blobs').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n)).toBe(30);
  });

  it('tells every upload of a group that failed to be recorded, and records them when sent again', async () => {
    const [good1, bad, good2] = [sha('good 1'), sha('bad'), sha('good 2')];
    // A statement that fails for one row fails for the whole group, as a full disk would.
    await sql.raw(`create trigger refuse_one before insert on blobs when new.sha256 = '${bad}' begin select raise(abort, 'refused'); end`).execute(central.db);
    const results = await Promise.allSettled([good1, bad, good2].map((s) => central.blobs.record(s, 10, 'image/jpeg', 'device-a')));
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(await central.blobs.get(good1)).toBeUndefined();
    await sql.raw('drop trigger refuse_one').execute(central.db);
    await Promise.all([good1, bad, good2].map((s) => central.blobs.record(s, 10, 'image/jpeg', 'device-a')));
    for (const s of [good1, bad, good2]) expect(await central.blobs.get(s)).toMatchObject({ size: 10 });
  });
});
