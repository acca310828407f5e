import type { StageKey } from '../../shared/roles';
import { t } from '../i18n';

export const STAGE_INFO: Record<StageKey, { title: string; summary: string }> = {
  intake: { title: t('一窗收件'), summary: t('选择“一件事”、读取身份证、一表申请、一套材料、一次告知、受理。') },
  routing: { title: t('后台流转 · 分类审批'), summary: t('按部门拆分子件，限时审批，按工作日计算办结时限。') },
  delivery: { title: t('综合出件 · 好差评'), summary: t('核验身份后一次领取全部结果，或免费邮寄；申请人评价。') },
  escalation: { title: t('办不成事 反映窗口'), summary: t('登记申请人在别处办不成的事，指定承办人和协调部门，限时办结并回访。') },
  supervision: { title: t('电子监察'), summary: t('当日办件、预警与超期、统计报表与归档。') },
  settings: { title: t('设置'), summary: t('修改密码；管理员管理工作人员账号、锁屏时间与本机信息。') },
};
