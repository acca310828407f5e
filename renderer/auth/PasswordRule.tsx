import { PASSWORD_HISTORY, PASSWORD_MIN_LENGTH } from '../../shared/password-policy';
import { t } from '../i18n';

/** The password policy in one line, under every field where a new password is typed. */
export function PasswordRule() {
  return <>{t('至少 {{min}} 位，须同时包含字母和数字，不能含工号或身份证号码，不能与最近 {{n}} 次用过的密码相同', { min: PASSWORD_MIN_LENGTH, n: PASSWORD_HISTORY })}</>;
}
