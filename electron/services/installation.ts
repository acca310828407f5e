import type { MethodParsedInput, SessionView } from '../../shared/api/contract.js';
import { AppError } from '../../shared/errors.js';
import type { Installation } from '../../shared/settings.js';
import { installationOf, type AuthService, type CallContext, type Deps } from './auth.js';
import type { ClerkService } from './clerks.js';

export function installationView(inst: Installation) {
  return { hallName: inst.hallName, hallCode: inst.hallCode, counterName: inst.counterName, deviceId: inst.deviceId };
}

export function createInstallationService({ store, settings }: Deps, auth: AuthService, clerks: ClerkService) {
  async function isSetUp(): Promise<boolean> {
    return settings.read().installation !== null && (await store.clerks.count()) > 0;
  }

  function settingsView() {
    return { idleLockSeconds: settings.read().idleLockSeconds, installation: installationView(installationOf(settings)) };
  }

  return {
    isSetUp,

    /** First run: names the hall and counter and creates the first admin, then signs them in. */
    async setUp(ctx: CallContext, input: MethodParsedInput<'setup.create'>): Promise<SessionView> {
      if (await isSetUp()) throw new AppError('ALREADY_SET_UP', '本机已完成初始设置。如需修改大厅或窗口，请以管理员身份登录后在“设置”中修改。');
      const deviceId = settings.read().deviceId;
      if (!deviceId) throw new AppError('INTERNAL', '本机设备编号缺失，请重新启动程序。');
      const created = await clerks.create({
        staffNo: input.adminStaffNo,
        name: input.adminName,
        roles: ['admin'],
        departments: [],
        password: input.password,
      }, { mustChangePassword: false });
      settings.update({ installation: { deviceId, hallName: input.hallName, hallCode: input.hallCode, counterName: input.counterName } });
      const rec = await store.clerks.byId(created.id);
      return auth.start(ctx, rec!);
    },

    current: () => installationView(installationOf(settings)),

    settingsView,

    update(input: MethodParsedInput<'admin.updateSettings'>) {
      const inst = installationOf(settings);
      settings.update({
        ...(input.idleLockSeconds !== undefined ? { idleLockSeconds: input.idleLockSeconds } : {}),
        installation: {
          ...inst,
          ...(input.hallName !== undefined ? { hallName: input.hallName } : {}),
          ...(input.hallCode !== undefined ? { hallCode: input.hallCode } : {}),
          ...(input.counterName !== undefined ? { counterName: input.counterName } : {}),
        },
      });
      return settingsView();
    },
  };
}
