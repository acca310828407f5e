/** Chinese names of input fields, for validation messages that name the field. */
export const FIELD_LABELS: Record<string, string> = {
  staffNo: '工号',
  password: '密码',
  oldPassword: '原密码',
  newPassword: '新密码',
  name: '姓名',
  roles: '角色',
  departments: '所属部门',
  hallName: '服务大厅名称',
  hallCode: '行政区划代码',
  counterName: '窗口名称',
  adminStaffNo: '管理员工号',
  adminName: '管理员姓名',
  idleLockSeconds: '自动锁屏时间',
  id: '编号',
  disabled: '停用',
};

export function fieldLabel(path: string): string {
  const head = path.split('.')[0] ?? path;
  return FIELD_LABELS[head] ?? path;
}
