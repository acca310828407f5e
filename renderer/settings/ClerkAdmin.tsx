import { Alert, Badge, Button, Card, Checkbox, Group, Modal, MultiSelect, PasswordInput, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { Clerk } from '../../shared/api/contract';
import { ROLE_LABELS, ROLES, type Role } from '../../shared/roles';
import { api, errorText } from '../api';
import { formError } from '../common/FieldErrors';
import { t } from '../i18n';
import { PasswordRule } from '../auth/PasswordRule';

function statusOf(c: Clerk): { label: string; color: string } {
  if (c.disabled) return { label: t('已停用'), color: 'gray' };
  if (c.lockedUntil && Date.parse(c.lockedUntil) > Date.now()) return { label: t('已锁定'), color: 'red' };
  return { label: t('正常'), color: 'green' };
}

const EMPTY = { staffNo: '', name: '', roles: [] as Role[], departments: [] as string[], password: '' };

type Departments = { value: string; label: string }[];

function CreateClerk({ opened, onClose, onCreated, departments }: { opened: boolean; onClose(): void; onCreated(): void; departments: Departments }) {
  const [form, setForm] = useState(EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      await api.admin.createClerk(form);
      notifications.show({ color: 'green', message: t('已创建账号 {{staffNo}}', { staffNo: form.staffNo }) });
      setForm(EMPTY);
      setErrors({});
      onCreated();
    } catch (err) {
      const { fields, summary } = formError(err);
      setErrors(fields);
      setError(summary);
    }
  }

  return (
    <Modal opened={opened} onClose={onClose} title={t('新建工作人员账号')} size="lg">
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack>
          <SimpleGrid cols={2}>
            <TextInput label={t('工号')} required value={form.staffNo} error={errors.staffNo} onChange={(e) => setForm({ ...form, staffNo: e.currentTarget.value })} />
            <TextInput label={t('姓名')} required value={form.name} error={errors.name} onChange={(e) => setForm({ ...form, name: e.currentTarget.value })} />
          </SimpleGrid>
          <Checkbox.Group label={t('角色')} required value={form.roles} error={errors.roles} onChange={(v) => setForm({ ...form, roles: v as Role[] })}>
            <Group mt={6}>
              {ROLES.map((r) => (
                <Checkbox key={r} value={r} label={ROLE_LABELS[r]} />
              ))}
            </Group>
          </Checkbox.Group>
          <MultiSelect
            label={t('所属部门')}
            description={t('部门审批人员必填：只能看到和办理这些部门的子件')}
            data={departments}
            searchable
            value={form.departments}
            error={errors.departments}
            onChange={(v) => setForm({ ...form, departments: v })}
          />
          <PasswordInput label={t('初始密码')} required description={<><PasswordRule />{t('。首次登录时须改为本人的新密码。')}</>} value={form.password} error={errors.password} onChange={(e) => setForm({ ...form, password: e.currentTarget.value })} />
          {error && <Alert color="red">{error}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('取消')}
            </Button>
            <Button type="submit">{t('创建')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function ClerkAdmin() {
  const [clerks, setClerks] = useState<Clerk[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [resetting, setResetting] = useState<Clerk | null>(null);
  const [newPassword, setNewPassword] = useState('');

  const [departments, setDepartments] = useState<Departments>([]);

  const load = useCallback(() => {
    api.admin
      .listClerks()
      .then(setClerks)
      .catch((err: unknown) => setError(errorText(err)));
  }, []);
  useEffect(load, [load]);
  useEffect(() => {
    api.catalog
      .departments()
      .then((list) => setDepartments(list.map((d) => ({ value: d.id, label: d.name }))))
      .catch((err: unknown) => setError(errorText(err)));
  }, []);
  const departmentName = (id: string) => departments.find((d) => d.value === id)?.label ?? id;

  async function act(fn: () => Promise<unknown>, done: string) {
    setError(null);
    try {
      await fn();
      notifications.show({ color: 'green', message: done });
      load();
    } catch (err) {
      setError(errorText(err));
    }
  }

  return (
    <Card withBorder>
      <Stack>
        <Group justify="space-between">
          <Title order={4}>{t('工作人员账号')}</Title>
          <Button onClick={() => setCreating(true)}>{t('新建账号')}</Button>
        </Group>
        {error && <Alert color="red">{error}</Alert>}
        <Table striped highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('工号')}</Table.Th>
              <Table.Th>{t('姓名')}</Table.Th>
              <Table.Th>{t('角色')}</Table.Th>
              <Table.Th>{t('部门')}</Table.Th>
              <Table.Th>{t('状态')}</Table.Th>
              <Table.Th>{t('操作')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {clerks.map((c) => {
              const st = statusOf(c);
              return (
                <Table.Tr key={c.id}>
                  <Table.Td>{c.staffNo}</Table.Td>
                  <Table.Td>{c.name}</Table.Td>
                  <Table.Td>{c.roles.map((r) => ROLE_LABELS[r]).join(t('、'))}</Table.Td>
                  <Table.Td>{c.departments.map(departmentName).join(t('、')) || <Text c="dimmed">—</Text>}</Table.Td>
                  <Table.Td>
                    <Badge color={st.color} variant="light">
                      {st.label}
                    </Badge>
                    {c.mustChangePassword && !c.disabled && (
                      <Badge color="yellow" variant="light" ml={4}>
                        {t('待本人改密码')}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {st.label === t('已锁定') && (
                        <Button size="compact-xs" variant="light" onClick={() => void act(() => api.admin.unlockClerk({ id: c.id }), t('已解锁 {{staffNo}}', { staffNo: c.staffNo }))}>
                          {t('解锁')}
                        </Button>
                      )}
                      <Button
                        size="compact-xs"
                        variant="light"
                        color={c.disabled ? 'green' : 'red'}
                        onClick={() => void act(() => api.admin.updateClerk({ id: c.id, disabled: !c.disabled }), c.disabled ? t('已启用 {{staffNo}}', { staffNo: c.staffNo }) : t('已停用 {{staffNo}}', { staffNo: c.staffNo }))}
                      >
                        {c.disabled ? t('启用') : t('停用')}
                      </Button>
                      <Button size="compact-xs" variant="default" onClick={() => setResetting(c)}>
                        {t('重置密码')}
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Stack>
      <CreateClerk
        departments={departments}
        opened={creating}
        onClose={() => setCreating(false)}
        onCreated={() => {
          setCreating(false);
          load();
        }}
      />
      <Modal opened={resetting !== null} onClose={() => setResetting(null)} title={t('重置 {{v0}} 的密码', { v0: resetting?.name ?? '' })}>
        <Stack>
          <PasswordInput label={t('新密码')} description={<><PasswordRule />{t('。该工作人员下次登录时须改为本人的新密码。')}</>} value={newPassword} onChange={(e) => setNewPassword(e.currentTarget.value)} />
          <Group justify="flex-end">
            <Button
              onClick={() => {
                const target = resetting!;
                setResetting(null);
                void act(() => api.admin.resetPassword({ id: target.id, password: newPassword }), t('已重置 {{staffNo}} 的密码', { staffNo: target.staffNo })).then(() => setNewPassword(''));
              }}
            >
              {t('确定')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Card>
  );
}
