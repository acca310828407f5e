import { Alert, Badge, Button, Card, Code, Group, List, LoadingOverlay, Modal, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState, type FormEvent } from 'react';
import type { ArchivePackageView, VerifyResult } from '../../shared/api/archive';
import type { MethodOutput } from '../../shared/api/contract';
import { CASE_STATE_LABELS } from '../../shared/case-machine';
import { CASE_NUMBER_RE } from '../../shared/intake';
import { api, errorText } from '../api';
import { useSession } from '../common/session';
import { fmt } from '../routing/ui';
import { t } from '../i18n';

// 电子归档: where the packages lie and how the sweep is doing, a package built now by case number,
// a check of any recent package, and an export of the packages of cases ended in a date range.

type Status = MethodOutput<'archive.status'>;
type ExportResult = MethodOutput<'archive.export'>;

const RECENT_LIMIT = 50;

const SIGNATURE_LABELS: Record<VerifyResult['signature'], string> = {
  valid: t('签名有效'),
  invalid: t('签名无效'),
  unknown_key: t('签名密钥未知'),
  missing: t('缺少签名'),
};

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function localDate(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** A real calendar day typed as 年-月-日; the message says how to put it right. */
function dateProblem(value: string, label: string): string | null {
  const v = value.trim();
  if (!v) return t('请填写{{label}}，格式为 年-月-日，如 2026-11-01', { label });
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) return t('{{label}}格式应为 年-月-日，如 2026-11-01', { label });
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return t('{{label}}不是有效日期，请检查月份和日期', { label });
  return null;
}

function VerifyModal({ target, onClose }: { target: { pkg: ArchivePackageView; result: VerifyResult } | null; onClose(): void }) {
  const r = target?.result;
  return (
    <Modal opened={target !== null} onClose={onClose} title={target ? t('校验结果 {{caseNumber}}（第 {{revision}} 版）', { caseNumber: target.pkg.caseNumber, revision: target.pkg.revision }) : t('校验结果')} size="lg" closeButtonProps={{ 'aria-label': t('关闭') }}>
      {r && (
        <Alert color={r.ok ? 'green' : 'red'} title={r.ok ? t('校验通过') : t('校验未通过')} data-testid="archive-verify-result" data-ok={String(r.ok)}>
          <Stack gap="xs">
            <Text size="sm">{r.summary}</Text>
            <Text size="sm" c="dimmed">
              {SIGNATURE_LABELS[r.signature]} {t('· 已核对')} {r.checkedFiles} {t('个文件')}
            </Text>
            {r.problems.length > 0 && (
              <List size="sm" spacing={4} data-testid="archive-verify-problems">
                {r.problems.map((p, i) => (
                  <List.Item key={i}>
                    {p.message}
                    {p.path ? (
                      <Text span size="xs" c="dimmed">
                        {' '}
                        {t('（')}{p.path}{t('）')}
                      </Text>
                    ) : null}
                  </List.Item>
                ))}
              </List>
            )}
          </Stack>
        </Alert>
      )}
    </Modal>
  );
}

function StatusFigures({ status }: { status: Status }) {
  return (
    <Stack gap="xs">
      <Group gap="xs" wrap="nowrap" align="baseline">
        <Text size="sm" fw={500} style={{ whiteSpace: 'nowrap' }}>
          {t('归档文件夹')}
        </Text>
        <Code data-testid="archive-location" style={{ wordBreak: 'break-all' }}>
          {status.location}
        </Code>
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
        <Text size="sm">
          {t('签名密钥：')}<span data-testid="archive-key">{status.keyId ?? t('尚未生成（生成第一个归档包时创建）')}</span>
        </Text>
        <Text size="sm">
          {t('归档包：')}<span data-testid="archive-count">{status.packages}</span> {t('个')}
        </Text>
        <Text size="sm">
          {t('待归档办件：')}<span data-testid="archive-waiting">{status.waiting}</span> {t('件')}
        </Text>
      </SimpleGrid>
    </Stack>
  );
}

function Failures({ failures }: { failures: Status['failures'] }) {
  if (failures.length === 0) return null;
  return (
    <Alert color="red" title={t('{{length}} 个办件归档失败，系统将自动重试；如持续失败，请按提示处理', { length: failures.length })}>
      <Table data-testid="archive-failures" aria-label={t('归档失败的办件')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('办件编号')}</Table.Th>
            <Table.Th>{t('已尝试')}</Table.Th>
            <Table.Th>{t('原因')}</Table.Th>
            <Table.Th>{t('下次重试')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {failures.map((f) => (
            <Table.Tr key={f.caseId}>
              <Table.Td>{f.caseNumber ?? t('（未编号）')}</Table.Td>
              <Table.Td>{f.attempts} {t('次')}</Table.Td>
              <Table.Td>{f.message}</Table.Td>
              <Table.Td>{fmt(f.nextAttemptAt)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Alert>
  );
}

function RecentTable({ recent, checking, onVerify }: { recent: ArchivePackageView[]; checking: string | null; onVerify(p: ArchivePackageView): void }) {
  if (recent.length === 0)
    return (
      <Text size="sm" c="dimmed" data-testid="archive-recent-empty">
        {t('还没有归档包。办件出件、不予受理或撤回后，系统会在一分钟内自动归档，也可以在上方按办件编号立即归档。')}
      </Text>
    );
  return (
    <Table striped highlightOnHover data-testid="archive-recent" aria-label={t('最近的归档包')}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('办件编号')}</Table.Th>
          <Table.Th>{t('版次')}</Table.Th>
          <Table.Th>{t('最终状态')}</Table.Th>
          <Table.Th>{t('办结日期')}</Table.Th>
          <Table.Th>{t('归档时间')}</Table.Th>
          <Table.Th>{t('文件数')}</Table.Th>
          <Table.Th>{t('大小')}</Table.Th>
          <Table.Th>{t('操作')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {recent.map((p) => (
          <Table.Tr key={p.folder} data-case={p.caseNumber} data-folder={p.folder}>
            <Table.Td>{p.caseNumber}</Table.Td>
            <Table.Td>{t('第')} {p.revision} {t('版')}</Table.Td>
            <Table.Td>
              <Badge variant="light" color={p.finalState === 'delivered' || p.finalState === 'closed' ? 'green' : 'gray'}>
                {CASE_STATE_LABELS[p.finalState]}
              </Badge>
            </Table.Td>
            <Table.Td>{p.endedOn}</Table.Td>
            <Table.Td>{fmt(p.builtAt)}</Table.Td>
            <Table.Td>{p.files}</Table.Td>
            <Table.Td>{size(p.bytes)}</Table.Td>
            <Table.Td>
              <Button
                size="xs"
                variant="light"
                aria-label={t('校验 {{caseNumber}} 第 {{revision}} 版', { caseNumber: p.caseNumber, revision: p.revision })}
                loading={checking === p.folder}
                disabled={checking !== null && checking !== p.folder}
                onClick={() => onVerify(p)}
              >
                {t('校验')}
              </Button>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** 立即归档 by case number: the number is looked up among the hall's cases, then packaged. */
function BuildForm({ onBuilt }: { onBuilt(): void }) {
  const { session } = useSession();
  // Looking a case up by number is a counter/supervisor method; an admin relies on the sweep.
  const canSearch = session.clerk.roles.includes('supervisor');
  const [number, setNumber] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ text: string; built: boolean } | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const n = number.trim().toUpperCase();
    setDone(null);
    if (!CASE_NUMBER_RE.test(n)) {
      setProblem(t('办件编号格式不正确，请按受理通知书上的编号填写，如 232701-20261101-A1B2-0001'));
      return;
    }
    setProblem(null);
    setBusy(true);
    try {
      const hit = (await api.intake.search({ query: n })).find((c) => c.caseNumber === n);
      if (!hit) {
        setProblem(t('没有找到办件编号为 {{n}} 的办件，请核对编号后重试。', { n }));
        return;
      }
      const pkg = await api.archive.build({ caseId: hit.id });
      setDone({
        built: pkg.built,
        text: pkg.built
          ? t('已生成归档包 {{caseNumber}}（第 {{revision}} 版，{{files}} 个文件，{{v3}}）。', { caseNumber: pkg.caseNumber, revision: pkg.revision, files: pkg.files, v3: size(pkg.bytes) })
          : t('归档包 {{caseNumber}}（第 {{revision}} 版）已是最新，无需重新生成。', { caseNumber: pkg.caseNumber, revision: pkg.revision }),
      });
      onBuilt();
    } catch (err) {
      setProblem(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  if (!canSearch)
    return (
      <Text size="sm" c="dimmed">
        {t('按办件编号立即归档需要监察人员账号；已办结的办件会由系统在一分钟内自动归档。')}
      </Text>
    );
  return (
    <form onSubmit={(e) => void submit(e)} aria-label={t('立即归档')}>
      <Stack gap="xs">
        {/* Messages go under the row, so the button stays level with the field. */}
        <Group gap="sm" align="flex-end">
          <TextInput
            label={t('办件编号')}
            placeholder="232701-20261101-A1B2-0001"
            value={number}
            onChange={(e) => setNumber(e.currentTarget.value)}
            error={problem !== null}
            aria-describedby={problem ? 'archive-build-problem' : undefined}
            w={320}
          />
          <Button type="submit" loading={busy}>
            {t('立即归档')}
          </Button>
        </Group>
        <Text size="xs" c="dimmed">
          {t('已出件、不予受理或已撤回的办件才能归档。')}
        </Text>
        {problem && (
          <Text size="sm" c="red" role="alert" id="archive-build-problem" data-testid="archive-build-problem">
            {problem}
          </Text>
        )}
        {done && (
          <Alert color="green" data-testid="archive-build-result" role="status">
            {done.text}
          </Alert>
        )}
      </Stack>
    </form>
  );
}

function ExportForm({ onExported }: { onExported(): void }) {
  const [from, setFrom] = useState(() => {
    const d = new Date();
    return localDate(new Date(d.getFullYear(), d.getMonth(), 1));
  });
  const [to, setTo] = useState(() => localDate(new Date()));
  const [errors, setErrors] = useState<{ from: string | null; to: string | null }>({ from: null, to: null });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<ExportResult | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const f = from.trim();
    const until = to.trim();
    const next = { from: dateProblem(f, t('开始日期')), to: dateProblem(until, t('结束日期')) };
    if (!next.from && !next.to && f > until) next.to = t('结束日期不能早于开始日期，请调整');
    setErrors(next);
    if (next.from || next.to) return;
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(await api.archive.export({ from: f, to: until }));
      onExported();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Stack gap="sm">
      <form onSubmit={(e) => void submit(e)} aria-label={t('导出归档包')}>
        <Stack gap="xs">
          <Group gap="sm" align="flex-end">
            <TextInput
              label={t('开始日期')}
              placeholder="2026-11-01"
              value={from}
              onChange={(e) => setFrom(e.currentTarget.value)}
              error={errors.from !== null}
              aria-describedby={errors.from ? 'archive-from-problem' : undefined}
              w={180}
            />
            <TextInput
              label={t('结束日期')}
              placeholder="2026-11-30"
              value={to}
              onChange={(e) => setTo(e.currentTarget.value)}
              error={errors.to !== null}
              aria-describedby={errors.to ? 'archive-to-problem' : undefined}
              w={180}
            />
            <Button type="submit" loading={busy}>
              {t('导出')}
            </Button>
          </Group>
          {errors.from && (
            <Text size="sm" c="red" role="alert" id="archive-from-problem">
              {errors.from}
            </Text>
          )}
          {errors.to && (
            <Text size="sm" c="red" role="alert" id="archive-to-problem">
              {errors.to}
            </Text>
          )}
        </Stack>
      </form>
      <Text size="xs" c="dimmed">
        {t('日期按 年-月-日 填写。导出办结日期在此范围内的全部归档包（尚未归档的会先生成），每个包导出前都会重新校验。')}
      </Text>
      {error && (
        <Alert color="red" title={t('导出失败')}>
          {error}
        </Alert>
      )}
      {result && (
        <Alert color={result.damaged.length + result.failed.length === 0 ? 'green' : 'yellow'} title={t('导出完成')} data-testid="archive-export-result">
          <Stack gap="xs">
            <Group gap="xs" wrap="nowrap" align="baseline">
              <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                {t('导出位置')}
              </Text>
              <Code data-testid="archive-export-location" style={{ wordBreak: 'break-all' }}>
                {result.location}
              </Code>
            </Group>
            <Text size="sm">
              {t('共导出')} <span data-testid="archive-export-packages">{result.packages}</span> {t('个归档包，其中本次新生成')} {result.built} {t('个。')}
            </Text>
            {result.damaged.length > 0 && (
              <Stack gap={4} data-testid="archive-export-damaged">
                <Text size="sm" fw={600} c="red">
                  {result.damaged.length} {t('个归档包校验未通过，未导出：')}
                </Text>
                <List size="sm" spacing={2}>
                  {result.damaged.map((d) => (
                    <List.Item key={d.folder}>
                      {d.caseNumber}{t('：')}{d.summary}
                    </List.Item>
                  ))}
                </List>
              </Stack>
            )}
            {result.failed.length > 0 && (
              <Stack gap={4} data-testid="archive-export-failed">
                <Text size="sm" fw={600} c="red">
                  {result.failed.length} {t('个办件未能生成归档包：')}
                </Text>
                <List size="sm" spacing={2}>
                  {result.failed.map((d, i) => (
                    <List.Item key={`${d.caseNumber}-${i}`}>
                      {d.caseNumber}{t('：')}{d.message}
                    </List.Item>
                  ))}
                </List>
              </Stack>
            )}
          </Stack>
        </Alert>
      )}
    </Stack>
  );
}

export function ArchivePanel() {
  // Each refresh asks again; the last answer stays on screen until the new one arrives.
  const [tick, setTick] = useState(0);
  const [loaded, setLoaded] = useState<{ tick: number; status: Status | null; error: string | null }>({ tick: -1, status: null, error: null });
  const [checking, setChecking] = useState<string | null>(null);
  const [verified, setVerified] = useState<{ pkg: ArchivePackageView; result: VerifyResult } | null>(null);
  const { status, error } = loaded;
  const loading = loaded.tick !== tick;
  const load = () => setTick((t) => t + 1);

  useEffect(() => {
    let alive = true;
    api.archive
      .status({ limit: RECENT_LIMIT })
      .then((s) => alive && setLoaded({ tick, status: s, error: null }))
      .catch((err: unknown) => alive && setLoaded((l) => ({ tick, status: l.status, error: errorText(err) })));
    return () => {
      alive = false;
    };
  }, [tick]);

  async function verify(pkg: ArchivePackageView) {
    setChecking(pkg.folder);
    try {
      setVerified({ pkg, result: await api.archive.verify({ folder: pkg.folder }) });
    } catch (err) {
      notifications.show({ color: 'red', title: t('无法校验 {{caseNumber}}', { caseNumber: pkg.caseNumber }), message: errorText(err) });
    } finally {
      setChecking(null);
    }
  }

  return (
    <Stack gap="md" data-testid="archive">
      <Card withBorder>
        <Stack gap="sm">
          <Group justify="space-between">
            <Title order={4}>{t('归档状态')}</Title>
            <Button variant="default" size="xs" onClick={load} loading={loading}>
              {t('刷新')}
            </Button>
          </Group>
          {error && (
            <Alert color="red" title={t('无法读取归档状态')}>
              {error}
            </Alert>
          )}
          {status && <StatusFigures status={status} />}
          {status && <Failures failures={status.failures} />}
        </Stack>
      </Card>

      <Card withBorder>
        <Stack gap="sm">
          <Title order={4}>{t('立即归档')}</Title>
          <BuildForm onBuilt={load} />
        </Stack>
      </Card>

      <Card withBorder>
        <Stack gap="sm">
          <Title order={4}>{t('最近的归档包')}</Title>
          <div style={{ position: 'relative', minHeight: 60 }} aria-busy={loading}>
            <LoadingOverlay visible={loading && status === null} />
            {status && <RecentTable recent={status.recent} checking={checking} onVerify={(p) => void verify(p)} />}
          </div>
        </Stack>
      </Card>

      <Card withBorder>
        <Stack gap="sm">
          <Title order={4}>{t('按日期导出')}</Title>
          <ExportForm onExported={load} />
        </Stack>
      </Card>

      <VerifyModal target={verified} onClose={() => setVerified(null)} />
    </Stack>
  );
}
