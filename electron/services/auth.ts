import type { ClerkRecord, ClientStore } from '../../db/index.js';
import type { MethodName, SessionView } from '../../shared/api/contract.js';
import type { DisplayPrefs } from '../../shared/display.js';
import { AppError } from '../../shared/errors.js';
import type { Installation, SettingsStore } from '../../shared/settings.js';
import { PASSWORD_HISTORY } from '../../shared/password-policy.js';
import { checkNewPassword, decoyHash, hashPassword, verifyPassword } from './passwords.js';

export const MAX_FAILED_ATTEMPTS = 5;
export const LOCKOUT_MS = 15 * 60 * 1000;

/** What a clerk who must change the password may still call (public methods need no session anyway). */
const ALLOWED_BEFORE_CHANGE: ReadonlySet<string> = new Set<MethodName>(['auth.changePassword', 'auth.heartbeat', 'auth.lock', 'auth.setDisplay']);
/**
 * What the renderer asks on a timer (header status, board refresh, waiting for the applicant's
 * answer): proof that a screen is open, not that a clerk is at it, so it does not hold off the
 * idle lock. The renderer's heartbeat reports real input.
 */
const POLLED: ReadonlySet<string> = new Set<MethodName>(['sync.status', 'updates.status', 'supervision.board', 'delivery.promptResult', 'assist.promptResult', 'applicant.formAnswer']);

/** Who is calling: one renderer window in Electron, the launch token's holder in browser mode. */
export interface CallContext {
  clientId: string;
}

interface Session {
  clerkId: string;
  lastActivity: number;
  locked: boolean;
}

export interface Deps {
  store: ClientStore;
  settings: SettingsStore;
  now: () => number;
}

function hhmm(iso: string): string {
  const d = new Date(iso);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

export function installationOf(settings: SettingsStore): Installation {
  const inst = settings.read().installation;
  if (!inst) throw new AppError('NOT_SET_UP', '本机尚未完成初始设置，请先创建管理员账号并填写大厅与窗口。');
  return inst;
}

export function createAuthService({ store, settings, now }: Deps) {
  const sessions = new Map<string, Session>();
  const iso = () => new Date(now()).toISOString();
  const idleMs = () => settings.read().idleLockSeconds * 1000;

  async function view(s: Session): Promise<SessionView> {
    const c = await store.clerks.byId(s.clerkId);
    if (!c) throw new AppError('UNAUTHENTICATED', '账号不存在，请重新登录。');
    const inst = installationOf(settings);
    return {
      clerk: { id: c.id, staffNo: c.staffNo, name: c.name, roles: c.roles, departments: c.departments },
      locked: s.locked,
      idleLockSeconds: settings.read().idleLockSeconds,
      installation: { hallName: inst.hallName, hallCode: inst.hallCode, counterName: inst.counterName, deviceId: inst.deviceId },
      display: c.display,
      mustChangePassword: c.mustChangePassword,
    };
  }

  /** Checks a password and keeps the failed-attempt count; returns the clerk or throws the reason. */
  async function checkPassword(clerk: ClerkRecord | undefined, password: string): Promise<ClerkRecord> {
    if (!clerk) {
      await verifyPassword(password, await decoyHash());
      await store.events.append({ actorId: null }, [{ type: 'session.sign_in_failed', caseId: null, payload: { clerkId: null, reason: 'unknown' } }]);
      throw new AppError('WRONG_CREDENTIALS', '工号或密码错误，请核对后重新输入。');
    }
    if (clerk.disabled) {
      await store.events.append({ actorId: null }, [{ type: 'session.sign_in_failed', caseId: null, payload: { clerkId: clerk.id, reason: 'disabled' } }]);
      throw new AppError('ACCOUNT_DISABLED', '该账号已停用，请联系系统管理员。');
    }
    if (clerk.lockedUntil && Date.parse(clerk.lockedUntil) > now()) {
      await store.events.append({ actorId: null }, [{ type: 'session.sign_in_failed', caseId: null, payload: { clerkId: clerk.id, reason: 'locked' } }]);
      throw new AppError('ACCOUNT_LOCKED', `密码连续输错 ${MAX_FAILED_ATTEMPTS} 次，账号已锁定至 ${hhmm(clerk.lockedUntil)}。请稍后再试，或请系统管理员解锁。`, {
        lockedUntil: clerk.lockedUntil,
      });
    }
    if (await verifyPassword(password, clerk.passwordHash)) {
      if (clerk.failedAttempts > 0 || clerk.lockedUntil) await store.clerks.update(clerk.id, { failedAttempts: 0, lockedUntil: null }, iso());
      return clerk;
    }
    // An expired lock starts a fresh count.
    const previous = clerk.lockedUntil ? 0 : clerk.failedAttempts;
    const failed = previous + 1;
    await store.events.append({ actorId: null }, [{ type: 'session.sign_in_failed', caseId: null, payload: { clerkId: clerk.id, reason: 'wrong_password' } }]);
    if (failed >= MAX_FAILED_ATTEMPTS) {
      const until = new Date(now() + LOCKOUT_MS).toISOString();
      await store.clerks.update(clerk.id, { failedAttempts: failed, lockedUntil: until }, iso());
      throw new AppError('ACCOUNT_LOCKED', `密码连续输错 ${MAX_FAILED_ATTEMPTS} 次，账号已锁定至 ${hhmm(until)}。请稍后再试，或请系统管理员解锁。`, {
        lockedUntil: until,
      });
    }
    await store.clerks.update(clerk.id, { failedAttempts: failed, lockedUntil: null }, iso());
    throw new AppError('WRONG_CREDENTIALS', `工号或密码错误，请核对后重新输入（再错 ${MAX_FAILED_ATTEMPTS - failed} 次账号将锁定 15 分钟）。`, {
      remainingAttempts: MAX_FAILED_ATTEMPTS - failed,
    });
  }

  async function endSession(ctx: CallContext, reason: 'user' | 'idle' | 'replaced'): Promise<void> {
    const s = sessions.get(ctx.clientId);
    if (!s) return;
    sessions.delete(ctx.clientId);
    await store.events.append({ actorId: s.clerkId }, [{ type: 'session.signed_out', caseId: null, payload: { clerkId: s.clerkId, reason } }]);
  }

  async function start(ctx: CallContext, clerk: ClerkRecord): Promise<SessionView> {
    if (sessions.has(ctx.clientId)) await endSession(ctx, 'replaced');
    await store.clerks.update(clerk.id, { lastSignInAt: iso() }, iso());
    await store.events.append({ actorId: clerk.id }, [{ type: 'session.signed_in', caseId: null, payload: { clerkId: clerk.id } }]);
    const s: Session = { clerkId: clerk.id, lastActivity: now(), locked: false };
    sessions.set(ctx.clientId, s);
    return view(s);
  }

  return {
    start,

    async signIn(ctx: CallContext, input: { staffNo: string; password: string }): Promise<SessionView> {
      installationOf(settings);
      const clerk = await checkPassword(await store.clerks.byStaffNo(input.staffNo), input.password);
      return start(ctx, clerk);
    },

    signOut: (ctx: CallContext) => endSession(ctx, 'user'),

    async current(ctx: CallContext): Promise<SessionView | null> {
      const s = sessions.get(ctx.clientId);
      if (!s) return null;
      if (!s.locked && now() - s.lastActivity > idleMs()) s.locked = true;
      return view(s);
    },

    lock(ctx: CallContext): void {
      const s = sessions.get(ctx.clientId);
      if (s) s.locked = true;
    },

    async unlock(ctx: CallContext, password: string): Promise<SessionView> {
      const s = sessions.get(ctx.clientId);
      if (!s) throw new AppError('UNAUTHENTICATED', '登录已失效，请重新登录。');
      const clerk = await store.clerks.byId(s.clerkId);
      try {
        await checkPassword(clerk, password);
      } catch (err) {
        // A lockout or disabling while locked ends the session: the next person signs in afresh.
        if (err instanceof AppError && err.code !== 'WRONG_CREDENTIALS') await endSession(ctx, 'idle');
        throw err;
      }
      s.locked = false;
      s.lastActivity = now();
      return view(s);
    },

    /**
     * The session check of every non-public call: an idle session locks itself here,
     * so the host enforces the idle lock even if the renderer is tampered with.
     */
    async require(ctx: CallContext, method?: string): Promise<ClerkRecord> {
      const s = sessions.get(ctx.clientId);
      if (!s) throw new AppError('UNAUTHENTICATED', '请先登录。');
      if (!s.locked && now() - s.lastActivity > idleMs()) s.locked = true;
      if (s.locked) throw new AppError('SESSION_LOCKED', '屏幕已锁定，请输入密码解锁后继续。已填写的内容不会丢失。');
      const clerk = await store.clerks.byId(s.clerkId);
      if (!clerk || clerk.disabled) {
        sessions.delete(ctx.clientId);
        throw new AppError('UNAUTHENTICATED', '账号已停用或不存在，请重新登录。');
      }
      if (method === undefined || !POLLED.has(method)) s.lastActivity = now();
      // Checked on every call, so a renderer that skips the change screen still cannot work.
      if (clerk.mustChangePassword && (method === undefined || !ALLOWED_BEFORE_CHANGE.has(method))) {
        throw new AppError('PASSWORD_CHANGE_REQUIRED', '该账号的密码由管理员设置，须先修改为只有您知道的新密码，才能继续办理业务。请在“修改密码”中设置新密码。');
      }
      return clerk;
    },

    async changePassword(clerk: ClerkRecord, oldPassword: string, newPassword: string): Promise<void> {
      const current = await checkPassword(await store.clerks.byId(clerk.id), oldPassword);
      if (oldPassword === newPassword) throw new AppError('INVALID_INPUT', '新密码不能与原密码相同。', { field: 'newPassword' });
      // The current hash counts too: a store from before the history began has no entry for it.
      const recent = [current.passwordHash, ...(await store.clerks.recentPasswords(clerk.id, PASSWORD_HISTORY))];
      await checkNewPassword(newPassword, current, [...new Set(recent)], 'newPassword');
      await store.clerks.setPassword(clerk.id, await hashPassword(newPassword), { mustChangePassword: false }, iso());
      await store.events.append({ actorId: clerk.id }, [{ type: 'account.password_changed', caseId: null, payload: { clerkId: clerk.id, reason: 'self' } }]);
    },

    async setDisplay(clerk: ClerkRecord, prefs: DisplayPrefs): Promise<DisplayPrefs> {
      return (await store.clerks.update(clerk.id, { display: prefs }, iso())).display;
    },

    /** Ends every session of a clerk, e.g. when an admin disables the account. */
    dropClerk(clerkId: string): void {
      for (const [k, s] of sessions) if (s.clerkId === clerkId) sessions.delete(k);
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
