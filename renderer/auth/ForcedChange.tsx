import { Alert, Button, Group } from '@mantine/core';
import type { SessionView } from '../../shared/api/contract';
import { api } from '../api';
import { t } from '../i18n';
import { ChangePassword } from '../settings/ChangePassword';
import { AuthFrame } from './AuthFrame';

/**
 * Full screen after signing in with a password an admin set (new or reset account): nothing else
 * is reachable until the clerk chooses their own. The host refuses other methods meanwhile, too.
 */
export function ForcedChange({ session, onChanged, onSignedOut }: { session: SessionView; onChanged(s: SessionView): void; onSignedOut(): void }) {
  async function changed() {
    const s = await api.auth.session().catch(() => null);
    onChanged(s ?? { ...session, mustChangePassword: false });
  }
  async function signOut() {
    await api.auth.signOut().catch(() => undefined);
    onSignedOut();
  }
  return (
    <AuthFrame subtitle={t('{{name}}（工号 {{staffNo}}），请先设置新密码', { name: session.clerk.name, staffNo: session.clerk.staffNo })} width={480}>
      <Alert color="blue" title={t('请设置只有您知道的新密码')}>
        {t('您的密码是管理员新建账号或重置密码时设置的。为保证办件记录确为本人所办，请先修改密码，之后才能办理业务。原密码即管理员告诉您的密码。')}
      </Alert>
      <ChangePassword bare onChanged={() => void changed()} />
      <Group justify="flex-end">
        <Button variant="subtle" onClick={() => void signOut()}>
          {t('退出登录')}
        </Button>
      </Group>
    </AuthFrame>
  );
}
