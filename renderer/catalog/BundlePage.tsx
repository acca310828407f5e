import { Alert, Badge, Button, Card, Group, List, Loader, Select, SimpleGrid, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import type { BundleDetail } from '../../shared/api/contract';
import { MATERIAL_FORM_LABELS } from '../../shared/catalog';
import { api, errorText } from '../api';
import { downloadPdf } from '../common/pdf';
import { useSession } from '../common/session';
import { ItemEditor } from './ItemEditor';
import { t } from '../i18n';

/** Values the documents do not state are shown, but flagged for the hall admin to confirm. */
function Unconfirmed({ show }: { show: boolean }) {
  if (!show) return null;
  return (
    <Tooltip label={t('来源文件未载明，为暂定值，须由大厅管理员确认')}>
      <Badge size="xs" color="orange" variant="light" ml={4}>
        {t('待确认')}
      </Badge>
    </Tooltip>
  );
}

const days = (d: { value: number | null; placeholder: boolean }) => (
  <>
    {d.value === null ? '—' : t('{{value}} 个工作日', { value: d.value })}
    <Unconfirmed show={d.placeholder} />
  </>
);

/** Items in columns by how many items they wait for: what can run in parallel stands in one column. */
function OrderDiagram({ items }: { items: BundleDetail['items'] }) {
  const names = new Map(items.map((i) => [i.id, i.name]));
  const levels = Math.max(0, ...items.map((i) => i.level)) + 1;
  return (
    // Focusable so keyboard users can scroll a chain wider than the screen (large text).
    <Group align="stretch" wrap="nowrap" gap="xs" style={{ overflowX: 'auto' }} role="region" tabIndex={0} aria-label={t('办理顺序')}>
      {Array.from({ length: levels }, (_, level) => (
        <Group key={level} wrap="nowrap" gap="xs" align="stretch">
          {level > 0 && (
            <Text c="dimmed" fz={24} style={{ alignSelf: 'center' }} aria-hidden>
              →
            </Text>
          )}
          <Stack gap="xs" miw={200}>
            <Text size="xs" c="dimmed">
              {level === 0 ? t('第 1 步（可同时办理）') : t('第 {{v0}} 步', { v0: level + 1 })}
            </Text>
            {items
              .filter((i) => i.level === level)
              .map((i) => (
                <Card key={i.id} withBorder padding="xs">
                  <Text size="sm" fw={600}>
                    {i.name}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {i.department}
                  </Text>
                  {i.dependsOn.length > 0 && (
                    <Text size="xs" c="blue">
                      {t('需先取得：')}{i.dependsOn.map((d) => names.get(d)).join(t('、'))}
                    </Text>
                  )}
                </Card>
              ))}
          </Stack>
        </Group>
      ))}
    </Group>
  );
}

function Stat({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <Card withBorder>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="xl" data-testid={testId}>
        {value}
      </Text>
    </Card>
  );
}

const LANGS = [
  { value: 'zh', label: t('中文') },
  { value: 'en', label: 'English' },
  { value: 'ru', label: 'Русский' },
];

/** The one-time notice as a PDF made by the host, in Chinese or for foreign applicants. */
function NoticeButton({ id }: { id: string }) {
  const [lang, setLang] = useState<'zh' | 'en' | 'ru'>('zh');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function download() {
    setBusy(true);
    setError(null);
    try {
      const { fileName, pdfBase64 } = await api.catalog.noticePdf({ id, lang });
      downloadPdf(fileName, pdfBase64);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  async function showToApplicant() {
    setError(null);
    try {
      await api.applicant.show({ bundleId: id, lang });
      notifications.show({ color: 'green', message: t('已在申请人屏显示一次告知单。') });
    } catch (err) {
      setError(errorText(err));
    }
  }

  return (
    <Group gap="xs">
      {error && (
        <Text c="red" size="sm" role="alert">
          {error}
        </Text>
      )}
      <Select aria-label={t('告知单语言')} data={LANGS} value={lang} onChange={(v) => setLang((v ?? 'zh') as typeof lang)} w={120} allowDeselect={false} />
      <Button variant="default" onClick={() => void showToApplicant()}>
        {t('在申请人屏显示')}
      </Button>
      <Button variant="light" loading={busy} onClick={() => void download()}>
        {t('一次告知单 PDF')}
      </Button>
    </Group>
  );
}

export function BundlePage() {
  const { id } = useParams();
  const navigate = useNavigate();
  const [bundle, setBundle] = useState<BundleDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<BundleDetail['items'][number] | null>(null);
  const [reload, setReload] = useState(0);
  const isAdmin = useSession().session.clerk.roles.includes('admin');

  useEffect(() => {
    let alive = true;
    api.catalog
      .bundle({ id: id ?? '' })
      .then((b) => alive && setBundle(b))
      .catch((err: unknown) => alive && setError(errorText(err)));
    return () => {
      alive = false;
    };
  }, [id, reload]);

  if (error) return <Alert color="red">{error}</Alert>;
  if (!bundle) return <Loader />;
  const conditions = [...new Map(bundle.items.flatMap((i) => i.conditions).map((c) => [c.value, c])).values()];
  const consult = [...new Set(bundle.items.map((i) => i.consultation.value))];

  return (
    <Stack maw={1200} gap="lg">
      <Group justify="space-between">
        <Button variant="subtle" onClick={() => void navigate('/catalog')}>
          {t('← 返回事项库')}
        </Button>
        <NoticeButton id={bundle.id} />
      </Group>
      <div>
        <Title order={2}>{bundle.name}</Title>
        <Text c="dimmed">
          {bundle.region} · {bundle.serviceObject} {t('· 牵头部门：')}{bundle.leadDepartment} {t('· 目录版本')} {bundle.version}
        </Text>
      </div>

      <SimpleGrid cols={{ base: 2, md: 4 }}>
        <Stat label={t('事项')} value={t('{{itemCount}} 个', { itemCount: bundle.itemCount })} />
        <Stat label={t('一表申请（合并后 / 分别填写）')} value={t('{{mergedFieldCount}} / {{separateFieldCount}} 项', { mergedFieldCount: bundle.mergedFieldCount, separateFieldCount: bundle.separateFieldCount })} testId="field-counts" />
        <Stat label={t('一套材料（合并后 / 分别提交）')} value={t('{{length}} / {{separateMaterialCount}} 份', { length: bundle.materials.length, separateMaterialCount: bundle.separateMaterialCount })} testId="material-counts" />
        <Stat label={t('整体承诺时限')} value={bundle.promisedDays === null ? '—' : t('{{promisedDays}} 个工作日', { promisedDays: bundle.promisedDays })} />
      </SimpleGrid>

      <Card withBorder>
        <Title order={4} mb="sm">
          {t('办理顺序')}
        </Title>
        <OrderDiagram items={bundle.items} />
      </Card>

      <Card withBorder>
        <Title order={4} mb="sm">
          {t('一次告知：申请材料')}
        </Title>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('材料')}</Table.Th>
              <Table.Th>{t('形式与份数')}</Table.Th>
              <Table.Th>{t('用于事项')}</Table.Th>
              <Table.Th>{t('说明')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {bundle.materials.map((m) => (
              <Table.Tr key={m.key}>
                <Table.Td>
                  {m.name}
                  <Unconfirmed show={m.placeholder} />
                  {m.wording.length > 0 && (
                    <Text size="xs" c="dimmed">
                      {m.wording.join(t('；'))}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  {MATERIAL_FORM_LABELS[m.form]} {m.count} {t('份')}
                </Table.Td>
                <Table.Td>{m.items.map((i) => i.name).join(t('、'))}</Table.Td>
                <Table.Td>
                  {m.exempt && (
                    <Badge color="green" variant="light">
                      {t('免提交（电子证照调取）')}
                    </Badge>
                  )}
                  {!m.always && <Text size="xs">{t('仅在以下情形提交：')}{m.when.join(t('；'))}</Text>}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Card>

      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder>
          <Title order={4} mb="sm">
            {t('申请条件')}
          </Title>
          <List size="sm" spacing={4}>
            {[...bundle.eligibility, ...conditions].map((c) => (
              <List.Item key={c.value}>
                {c.value}
                <Unconfirmed show={c.placeholder} />
              </List.Item>
            ))}
          </List>
        </Card>
        <Card withBorder>
          <Title order={4} mb="sm">
            {t('咨询方式')}
          </Title>
          <List size="sm">
            {consult.map((c) => (
              <List.Item key={c}>{c}</List.Item>
            ))}
          </List>
        </Card>
      </SimpleGrid>

      <Card withBorder>
        <Title order={4} mb="sm">
          {t('事项与时限')}
        </Title>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('事项')}</Table.Th>
              <Table.Th>{t('责任部门')}</Table.Th>
              <Table.Th>{t('法定时限')}</Table.Th>
              <Table.Th>{t('承诺时限')}</Table.Th>
              <Table.Th>{t('收费')}</Table.Th>
              <Table.Th>{t('办理结果')}</Table.Th>
              {isAdmin && <Table.Th />}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {bundle.items.map((i) => (
              <Table.Tr key={i.id}>
                <Table.Td>{i.name}</Table.Td>
                <Table.Td>{i.department}</Table.Td>
                <Table.Td>{days(i.statutoryDays)}</Table.Td>
                <Table.Td>{days(i.promisedDays)}</Table.Td>
                <Table.Td>
                  {i.fee.value}
                  <Unconfirmed show={i.fee.placeholder} />
                </Table.Td>
                <Table.Td>
                  {i.result.value}
                  <Unconfirmed show={i.result.placeholder} />
                </Table.Td>
                {isAdmin && (
                  <Table.Td>
                    <Button size="compact-xs" variant="light" onClick={() => setEditing(i)} aria-label={t('修改 {{name}}', { name: i.name })}>
                      {t('修改')}
                    </Button>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Card>
      {editing && (
        <ItemEditor
          item={editing}
          materials={bundle.materials}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            setReload((r) => r + 1);
          }}
        />
      )}
    </Stack>
  );
}
