import type { Role } from '../shared/roles.js';

// Demo installation and accounts loaded by `npm start` on its embedded defaults
// (never in a packaged build). Every demo account has the same password; the README lists them.

export const DEMO_PASSWORD = 'Yct2026demo';

export const demoInstallation = {
  hallName: '漠河市政务服务中心',
  hallCode: '232701',
  counterName: '综合受理 3 号窗口',
};

/** Printed as the sender on the demo hall's waybills. */
export const demoSender = { senderAddress: '黑龙江省漠河市西林吉镇中央街 88 号政务服务中心', senderPhone: '0457-2822345' };

export const demoClerks: readonly { staffNo: string; name: string; roles: Role[]; departments: string[] }[] = [
  { staffNo: 'admin', name: '系统管理员', roles: ['admin'], departments: [] },
  { staffNo: 'sj01', name: '王晓燕', roles: ['intake'], departments: [] },
  // Department ids of the catalog (seeds/catalog/departments.ts).
  { staffNo: 'sp01', name: '李建国', roles: ['review'], departments: ['scjgj'] },
  { staffNo: 'sp02', name: '陈秀梅', roles: ['review'], departments: ['wjw', 'jkzx'] },
  { staffNo: 'sp03', name: '孙志强', roles: ['review'], departments: ['gaj', 'ybj', 'rsj'] },
  { staffNo: 'cj01', name: '赵丽', roles: ['delivery'], departments: [] },
  { staffNo: 'zb01', name: '刘海涛', roles: ['supervisor'], departments: [] },
];
