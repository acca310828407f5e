import { sql, type Kysely, type Selectable } from 'kysely';
import { displayPrefsSchema, type DisplayPrefs } from '../../shared/display.js';
import type { Role } from '../../shared/roles.js';
import type { ClerksTable, ClientDatabase } from '../schema.js';

export interface ClerkRecord {
  id: string;
  staffNo: string;
  name: string;
  roles: Role[];
  departments: string[];
  passwordHash: string;
  disabled: boolean;
  failedAttempts: number;
  lockedUntil: string | null;
  lastSignInAt: string | null;
  display: DisplayPrefs;
  /** The clerk must choose a new password before working. */
  mustChangePassword: boolean;
}

function toRecord(r: Selectable<ClerksTable>): ClerkRecord {
  return {
    id: r.id,
    staffNo: r.staff_no,
    name: r.name,
    roles: JSON.parse(r.roles) as Role[],
    departments: JSON.parse(r.departments) as string[],
    passwordHash: r.password_hash,
    disabled: r.disabled === 1,
    failedAttempts: r.failed_attempts,
    lockedUntil: r.locked_until,
    lastSignInAt: r.last_sign_in_at,
    // A value written by a newer version falls back to the defaults rather than failing sign-in.
    display: displayPrefsSchema.catch(displayPrefsSchema.parse({})).parse(JSON.parse(r.display || '{}')),
    mustChangePassword: r.must_change_password === 1,
  };
}

export type ClerkPatch = Partial<Omit<ClerkRecord, 'id' | 'staffNo'>>;

export interface ClerkStore {
  count(): Promise<number>;
  list(): Promise<ClerkRecord[]>;
  byId(id: string): Promise<ClerkRecord | undefined>;
  byStaffNo(staffNo: string): Promise<ClerkRecord | undefined>;
  /** Also records the password in the clerk's history. */
  insert(c: Omit<ClerkRecord, 'failedAttempts' | 'lockedUntil' | 'lastSignInAt' | 'disabled' | 'display'>, at: string): Promise<ClerkRecord>;
  update(id: string, patch: ClerkPatch, at: string): Promise<ClerkRecord>;
  /** Sets a new password hash and records it in the history, in one transaction. */
  setPassword(id: string, passwordHash: string, patch: ClerkPatch, at: string): Promise<ClerkRecord>;
  /** The clerk's most recent password hashes, newest first. */
  recentPasswords(id: string, limit: number): Promise<string[]>;
}

export function createClerkStore(db: Kysely<ClientDatabase>): ClerkStore {
  const byId = async (id: string) => {
    const r = await db.selectFrom('clerks').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toRecord(r);
  };
  return {
    async count() {
      const r = await db.selectFrom('clerks').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return Number(r.n);
    },
    async list() {
      const rows = await db.selectFrom('clerks').selectAll().orderBy('staff_no').execute();
      return rows.map(toRecord);
    },
    byId,
    async byStaffNo(staffNo) {
      const r = await db.selectFrom('clerks').selectAll().where('staff_no', '=', staffNo).executeTakeFirst();
      return r && toRecord(r);
    },
    async insert(c, at) {
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('clerks')
          .values({
            id: c.id,
            staff_no: c.staffNo,
            name: c.name,
            roles: JSON.stringify(c.roles),
            departments: JSON.stringify(c.departments),
            password_hash: c.passwordHash,
            disabled: 0,
            failed_attempts: 0,
            locked_until: null,
            last_sign_in_at: null,
            display: '{}',
            must_change_password: c.mustChangePassword ? 1 : 0,
            created_at: at,
            updated_at: at,
          })
          .execute();
        await trx.insertInto('password_history').values({ clerk_id: c.id, password_hash: c.passwordHash, set_at: at }).execute();
      });
      return (await byId(c.id))!;
    },
    async update(id, patch, at) {
      await db
        .updateTable('clerks')
        .set({
          ...(patch.name !== undefined ? { name: patch.name } : {}),
          ...(patch.roles !== undefined ? { roles: JSON.stringify(patch.roles) } : {}),
          ...(patch.departments !== undefined ? { departments: JSON.stringify(patch.departments) } : {}),
          ...(patch.passwordHash !== undefined ? { password_hash: patch.passwordHash } : {}),
          ...(patch.disabled !== undefined ? { disabled: patch.disabled ? 1 : 0 } : {}),
          ...(patch.failedAttempts !== undefined ? { failed_attempts: patch.failedAttempts } : {}),
          ...(patch.lockedUntil !== undefined ? { locked_until: patch.lockedUntil } : {}),
          ...(patch.lastSignInAt !== undefined ? { last_sign_in_at: patch.lastSignInAt } : {}),
          ...(patch.display !== undefined ? { display: JSON.stringify(patch.display) } : {}),
          ...(patch.mustChangePassword !== undefined ? { must_change_password: patch.mustChangePassword ? 1 : 0 } : {}),
          updated_at: at,
        })
        .where('id', '=', id)
        .execute();
      return (await byId(id))!;
    },
    async setPassword(id, passwordHash, patch, at) {
      await db.transaction().execute(async (trx) => {
        await createClerkStore(trx).update(id, { ...patch, passwordHash }, at);
        await trx.insertInto('password_history').values({ clerk_id: id, password_hash: passwordHash, set_at: at }).execute();
      });
      return (await byId(id))!;
    },
    async recentPasswords(id, limit) {
      // rowid breaks ties between passwords set within the same millisecond.
      const rows = await db.selectFrom('password_history').select('password_hash').where('clerk_id', '=', id).orderBy('set_at', 'desc').orderBy(sql`rowid`, 'desc').limit(limit).execute();
      return rows.map((r) => r.password_hash);
    },
  };
}
