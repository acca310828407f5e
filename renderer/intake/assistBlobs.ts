import type { ConfirmMethod } from '../../shared/assist';
import { api } from '../api';
import { t } from '../i18n';

const WAIT_MS = 800;
/** A signature not given within this time is abandoned; the clerk can ask again. */
const SIGN_TIMEOUT_MS = 5 * 60_000;

/** Shaped like the host's errors so the panel's `errorText` shows the Chinese message. */
class PickError extends Error {
  readonly code = 'DEVICE_ERROR';
}

/**
 * The blobs behind a 帮办代办 record: the 授权委托书 or a signed / fingerprinted paper from the
 * scanner, or the applicant's signature on the applicant screen.
 */
export async function pickAssistBlobs(caseId: string, purpose: 'authorization' | ConfirmMethod): Promise<string[]> {
  if (purpose === 'screen_signature') {
    const { promptId } = await api.assist.signaturePrompt({ caseId, lines: [t('确认工作人员为本人办理的帮办代办事项')] });
    const until = Date.now() + SIGN_TIMEOUT_MS;
    while (Date.now() < until) {
      await new Promise((r) => setTimeout(r, WAIT_MS));
      const r = await api.assist.promptResult({ promptId });
      if (r.state === 'signed' && r.signatureBlob) return [r.signatureBlob];
      if (r.state === 'closed') throw new PickError(t('签字屏已关闭或被其他操作替换，请重新请申请人签名。'));
    }
    throw new PickError(t('申请人 5 分钟内没有签名，请重新请申请人签名。'));
  }
  const r = await api.scanner.scan({});
  if (!r.pages.length) {
    if (r.error) throw new PickError(r.error.message);
    if (r.cancelled) return [];
    throw new PickError(t('没有扫描到任何页面，请放好材料后重试。'));
  }
  return r.pages.map((p) => p.sha256);
}
