export const ROLES = ['intake', 'review', 'delivery', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  intake: '综窗收件',
  review: '部门审批',
  delivery: '出件',
  supervisor: '值班长/监察',
  admin: '系统管理员',
};

/** The workflow stages of the navigation and which roles work in each. */
export const STAGES = [
  { key: 'intake', label: '收件', roles: ['intake', 'supervisor'] },
  { key: 'routing', label: '后台', roles: ['review', 'supervisor'] },
  { key: 'delivery', label: '出件', roles: ['delivery', 'supervisor'] },
  { key: 'escalation', label: '办不成事', roles: ['intake', 'supervisor'] },
  { key: 'supervision', label: '监察', roles: ['supervisor'] },
  { key: 'settings', label: '设置', roles: ['admin', 'intake', 'review', 'delivery', 'supervisor'] },
] as const satisfies readonly { key: string; label: string; roles: readonly Role[] }[];

export type StageKey = (typeof STAGES)[number]['key'];

export function hasAnyRole(held: readonly Role[], allowed: readonly Role[]): boolean {
  return held.some((r) => allowed.includes(r));
}
