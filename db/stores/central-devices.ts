import { createHash, randomBytes, randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import { ENROLMENT_CODE_TTL_MS } from '../../shared/sync.js';
import type { CentralDatabase } from '../central-schema.js';

// Enrolled devices, one-time enrolment codes and the central admin token. Secrets are
// kept only as SHA-256 digests: a copy of the database enrols and impersonates nobody.

export const sha256Hex = (s: string) => createHash('sha256').update(s).digest('hex');

// No 0/O/1/I: codes are read aloud and typed by hand.
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export function normalizeCode(code: string): string {
  return code.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

export interface DeviceRecord {
  id: string;
  hallCode: string | null;
  departments: string[];
  label: string;
  enrolledAt: string;
  revokedAt: string | null;
  lastSeenAt: string | null;
  lastCursor: number | null;
}

type Row = CentralDatabase['devices'];
const toRecord = (r: Row): DeviceRecord => ({
  id: r.id,
  hallCode: r.hall_code,
  departments: JSON.parse(r.departments) as string[],
  label: r.label,
  enrolledAt: r.enrolled_at,
  revokedAt: r.revoked_at,
  lastSeenAt: r.last_seen_at,
  lastCursor: r.last_cursor === null ? null : Number(r.last_cursor),
});

export type EnrolOutcome =
  | { ok: true; device: DeviceRecord; token: string }
  | { ok: false; reason: 'unknown' | 'expired' | 'used' };

export function createCentralDeviceStore(db: Kysely<CentralDatabase>, now: () => number = Date.now) {
  const iso = () => new Date(now()).toISOString();
  return {
    /** The admin token's digest, set once: by the environment or generated on first start. */
    async ensureAdminToken(fromEnv: string | undefined): Promise<{ generated: string | null }> {
      if (fromEnv) {
        const hash = sha256Hex(fromEnv);
        const existing = await db.selectFrom('meta').select('value').where('key', '=', 'admin_token_hash').executeTakeFirst();
        if (!existing) await db.insertInto('meta').values({ key: 'admin_token_hash', value: hash }).onConflict((oc) => oc.column('key').doNothing()).execute();
        else if (existing.value !== hash) await db.updateTable('meta').set({ value: hash }).where('key', '=', 'admin_token_hash').execute();
        return { generated: null };
      }
      const token = randomBytes(32).toString('base64url');
      const r = await db
        .insertInto('meta')
        .values({ key: 'admin_token_hash', value: sha256Hex(token) })
        .onConflict((oc) => oc.column('key').doNothing())
        .executeTakeFirst();
      return { generated: Number(r.numInsertedOrUpdatedRows ?? 0) > 0 ? token : null };
    },

    async isAdminToken(token: string): Promise<boolean> {
      const r = await db.selectFrom('meta').select('value').where('key', '=', 'admin_token_hash').executeTakeFirst();
      return !!r && r.value === sha256Hex(token);
    },

    /** A central supervisor's token (监察报表): all halls (hallCode null) or one. Kept as a digest in meta. */
    async issueSupervisorToken(opts: { label: string; hallCode: string | null }): Promise<{ token: string }> {
      const token = randomBytes(32).toString('base64url');
      const value = JSON.stringify({ label: opts.label, hallCode: opts.hallCode, issuedAt: iso() });
      await db.insertInto('meta').values({ key: `supervisor:${sha256Hex(token)}`, value }).execute();
      return { token };
    },

    async supervisorByToken(token: string): Promise<{ label: string; hallCode: string | null } | undefined> {
      const r = await db.selectFrom('meta').select('value').where('key', '=', `supervisor:${sha256Hex(token)}`).executeTakeFirst();
      if (!r) return undefined;
      const v = JSON.parse(r.value) as { label: string; hallCode: string | null };
      return { label: v.label, hallCode: v.hallCode };
    },

    async issueCode(opts: { hallCode: string | null; departments: string[]; label: string }): Promise<{ code: string; expiresAt: string }> {
      let raw = '';
      for (let i = 0; i < 12; i++) raw += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
      const expiresAt = new Date(now() + ENROLMENT_CODE_TTL_MS).toISOString();
      await db
        .insertInto('enrolment_codes')
        .values({
          code_hash: sha256Hex(raw),
          hall_code: opts.hallCode,
          departments: JSON.stringify(opts.departments),
          label: opts.label,
          created_at: iso(),
          expires_at: expiresAt,
          used_at: null,
          used_by: null,
        })
        .execute();
      return { code: `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8)}`, expiresAt };
    },

    /** Consumes a code (single use, even under concurrent attempts) and (re)binds the device. */
    async enrol(code: string, deviceId: string, label: string): Promise<EnrolOutcome> {
      const codeHash = sha256Hex(normalizeCode(code));
      return db.transaction().execute(async (trx) => {
        const c = await trx.selectFrom('enrolment_codes').selectAll().where('code_hash', '=', codeHash).executeTakeFirst();
        if (!c) return { ok: false, reason: 'unknown' } as const;
        if (c.used_at) return { ok: false, reason: 'used' } as const;
        if (Date.parse(c.expires_at) <= now()) return { ok: false, reason: 'expired' } as const;
        const at = iso();
        const claimed = await trx
          .updateTable('enrolment_codes')
          .set({ used_at: at, used_by: deviceId })
          .where('code_hash', '=', codeHash)
          .where('used_at', 'is', null)
          .executeTakeFirst();
        if (Number(claimed.numUpdatedRows) !== 1) return { ok: false, reason: 'used' } as const;
        const token = randomBytes(32).toString('base64url');
        const row: Row = {
          id: deviceId,
          hall_code: c.hall_code,
          departments: c.departments,
          label: label || c.label,
          token_hash: sha256Hex(token),
          enrolled_at: at,
          revoked_at: null,
          last_seen_at: null,
          last_cursor: null,
        };
        // Re-enrolling a device (lost token, reinstalled) replaces its token and binding.
        await trx
          .insertInto('devices')
          .values(row)
          .onConflict((oc) =>
            oc.column('id').doUpdateSet({
              hall_code: row.hall_code,
              departments: row.departments,
              label: row.label,
              token_hash: row.token_hash,
              enrolled_at: at,
              revoked_at: null,
            }),
          )
          .execute();
        return { ok: true, device: toRecord(row), token } as const;
      });
    },

    async byToken(token: string): Promise<DeviceRecord | undefined> {
      const r = await db.selectFrom('devices').selectAll().where('token_hash', '=', sha256Hex(token)).executeTakeFirst();
      return r && toRecord(r);
    },

    async byId(id: string): Promise<DeviceRecord | undefined> {
      const r = await db.selectFrom('devices').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toRecord(r);
    },

    async list(): Promise<DeviceRecord[]> {
      const rows = await db.selectFrom('devices').selectAll().orderBy('enrolled_at').execute();
      return rows.map(toRecord);
    },

    async revoke(id: string): Promise<boolean> {
      const r = await db.updateTable('devices').set({ revoked_at: iso() }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    async touch(id: string, cursor?: number): Promise<void> {
      await db
        .updateTable('devices')
        .set({ last_seen_at: iso(), ...(cursor !== undefined ? { last_cursor: cursor } : {}) })
        .where('id', '=', id)
        .execute();
    },
  };
}

export type CentralDeviceStore = ReturnType<typeof createCentralDeviceStore>;
