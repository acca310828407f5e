import type { ClerkRecord } from '../../db/index.js';
import type { Clerk, MethodParsedInput } from '../../shared/api/contract.js';
import { AppError } from '../../shared/errors.js';
import type { NewEvent } from '../../shared/events.js';
import { newId } from '../../shared/ids.js';
import type { AuthService, Deps } from './auth.js';
import { PASSWORD_HISTORY } from '../../shared/password-policy.js';
import { checkNewPassword, hashPassword } from './passwords.js';

export function toClerk(c: ClerkRecord): Clerk {
  return {
    id: c.id,
    staffNo: c.staffNo,
    name: c.name,
    roles: c.roles,
    departments: c.departments,
    disabled: c.disabled,
    lockedUntil: c.lockedUntil,
    lastSignInAt: c.lastSignInAt,
    mustChangePassword: c.mustChangePassword,
  };
}

/** The catalog's department ids: a reviewer is bound to these, never to free text. */
export type DepartmentIds = () => Promise<ReadonlySet<string>>;

export function createClerkService({ store, now }: Deps, auth: AuthService, departmentIds: DepartmentIds) {
  async function checkDepartments(roles: readonly string[], departments: readonly string[]): Promise<void> {
    if (roles.includes('review') && departments.length === 0) {
      throw new AppError('INVALID_INPUT', '部门审批人员须至少绑定一个部门。', { field: 'departments' });
    }
    const known = await departmentIds();
    const unknown = departments.filter((d) => !known.has(d));
    if (unknown.length) throw new AppError('INVALID_INPUT', `事项目录中没有这些部门：${unknown.join('、')}，请从列表中选择。`, { field: 'departments' });
  }

  const iso = () => new Date(now()).toISOString();
  // Written after the account row, as the session events are: the row is the truth for sign-in,
  // the event is the audit trail and the central copy.
  const audit = (actorId: string | null, event: NewEvent) => store.events.append({ actorId }, [event]);

  async function existing(id: string): Promise<ClerkRecord> {
    const c = await store.clerks.byId(id);
    if (!c) throw new AppError('NOT_FOUND', '找不到该工作人员账号，可能已被删除，请刷新列表。');
    return c;
  }

  async function ensureAdminRemains(target: ClerkRecord, after: { roles: readonly string[]; disabled: boolean }): Promise<void> {
    const wasActiveAdmin = target.roles.includes('admin') && !target.disabled;
    const staysActiveAdmin = after.roles.includes('admin') && !after.disabled;
    if (!wasActiveAdmin || staysActiveAdmin) return;
    const others = (await store.clerks.list()).filter((c) => c.id !== target.id && c.roles.includes('admin') && !c.disabled);
    if (others.length === 0) throw new AppError('CONFLICT', '这是最后一个可用的管理员账号，不能停用或取消其管理员角色。');
  }

  return {
    /**
     * `mustChangePassword` defaults to true: whoever set the password (an admin) knows it, so the
     * clerk replaces it at the first sign-in. First-run creation passes false: that admin chose it.
     */
    async create(
      input: Omit<MethodParsedInput<'admin.createClerk'>, 'departments'> & { departments: string[] },
      opts: { mustChangePassword?: boolean; actorId?: string | null } = {},
    ): Promise<Clerk> {
      if (await store.clerks.byStaffNo(input.staffNo)) throw new AppError('CONFLICT', `工号 ${input.staffNo} 已被使用，请换一个工号。`);
      await checkDepartments(input.roles, input.departments);
      await checkNewPassword(input.password, input, [], 'password');
      const rec = await store.clerks.insert(
        {
          id: newId(),
          staffNo: input.staffNo,
          name: input.name,
          roles: [...new Set(input.roles)],
          departments: [...new Set(input.departments)],
          passwordHash: await hashPassword(input.password),
          mustChangePassword: opts.mustChangePassword ?? true,
        },
        iso(),
      );
      await audit(opts.actorId ?? null, { type: 'account.created', caseId: null, payload: { clerkId: rec.id, roles: rec.roles, mustChangePassword: rec.mustChangePassword } });
      return toClerk(rec);
    },

    async list(): Promise<Clerk[]> {
      return (await store.clerks.list()).map(toClerk);
    },

    async update(input: MethodParsedInput<'admin.updateClerk'>, actorId: string | null): Promise<Clerk> {
      const c = await existing(input.id);
      const roles = input.roles ?? c.roles;
      const departments = input.departments ?? c.departments;
      const disabled = input.disabled ?? c.disabled;
      if (input.roles !== undefined || input.departments !== undefined) await checkDepartments(roles, departments);
      await ensureAdminRemains(c, { roles, disabled });
      const updated = await store.clerks.update(
        c.id,
        {
          ...(input.name !== undefined ? { name: input.name } : {}),
          roles: [...new Set(roles)],
          departments: [...new Set(departments)],
          disabled,
        },
        iso(),
      );
      if (disabled) auth.dropClerk(c.id);
      const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));
      const changed = [
        ...(updated.name !== c.name ? (['name'] as const) : []),
        ...(!same(updated.roles, c.roles) ? (['roles'] as const) : []),
        ...(!same(updated.departments, c.departments) ? (['departments'] as const) : []),
        ...(updated.disabled !== c.disabled ? ([updated.disabled ? 'disabled' : 'enabled'] as const) : []),
      ];
      if (changed.length > 0) await audit(actorId, { type: 'account.updated', caseId: null, payload: { clerkId: c.id, changed } });
      return toClerk(updated);
    },

    async resetPassword(id: string, password: string, actorId: string | null): Promise<void> {
      const c = await existing(id);
      await checkNewPassword(password, c, await store.clerks.recentPasswords(c.id, PASSWORD_HISTORY), 'password');
      // The admin now knows the password: the clerk must replace it at the next sign-in.
      await store.clerks.setPassword(c.id, await hashPassword(password), { failedAttempts: 0, lockedUntil: null, mustChangePassword: true }, iso());
      await audit(actorId, { type: 'account.password_changed', caseId: null, payload: { clerkId: c.id, reason: 'admin_reset' } });
    },

    async unlock(id: string, actorId: string | null): Promise<Clerk> {
      const c = await existing(id);
      const updated = await store.clerks.update(c.id, { failedAttempts: 0, lockedUntil: null }, iso());
      await audit(actorId, { type: 'account.unlocked', caseId: null, payload: { clerkId: c.id } });
      return toClerk(updated);
    },
  };
}

export type ClerkService = ReturnType<typeof createClerkService>;
