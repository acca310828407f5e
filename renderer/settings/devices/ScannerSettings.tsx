import { Alert, Badge, Button, Card, Group, Image, NumberInput, SegmentedControl, Select, SimpleGrid, Stack, Switch, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState } from 'react';
import type { MethodOutput } from '../../../shared/api/contract';
import { SCANNER_DRIVER_LABELS, SCANNER_DRIVERS, type ScannerDriverName, type ScannerSettings as Settings } from '../../../shared/scanner';
import { api, errorText } from '../../api';
import { formError } from '../../common/FieldErrors';
import { t } from '../../i18n';

type ErrorEntry = MethodOutput<'admin.getScannerSettings'>['errors'][number];
type TestResult = MethodOutput<'scanner.test'>;

const RESOLUTIONS = ['150', '200', '300', '400', '600'].map((v) => ({ value: v, label: `${v} dpi${v === '300' ? t('（推荐）') : ''}` }));

function TestOutcome({ r, thumbs }: { r: TestResult; thumbs: Record<string, string> }) {
  if (!r.ok) {
    return (
      <Alert color="red" title={t('扫描失败（用时 {{ms}} 毫秒）', { ms: r.ms })} data-testid="scanner-test-result">
        {r.error?.message ?? t('没有得到任何页面。')}
      </Alert>
    );
  }
  return (
    <Alert color="green" title={t('扫描成功，{{length}} 页，用时 {{ms}} 毫秒', { length: r.pages.length, ms: r.ms })} data-testid="scanner-test-result">
      <Group gap="sm" align="flex-start">
        {r.pages.map((p) => (
          <Stack key={p.sha256} gap={2} align="center">
            {thumbs[p.sha256] ? <Image src={thumbs[p.sha256]} alt={t('测试扫描')} h={160} w="auto" fit="contain" /> : <Text size="xs">{t('加载中…')}</Text>}
            <Text size="xs" c="dimmed">
              {p.width}×{p.height} {t('像素 ·')} {Math.round(p.bytes / 1024)} KB
            </Text>
          </Stack>
        ))}
      </Group>
    </Alert>
  );
}

/** 设置 → 设备 → 扫描仪 / 高拍仪 (admin): driver and its parameters, 测试扫描, last errors. */
export function ScannerSettings() {
  const [saved, setSaved] = useState<Settings | null>(null);
  const [form, setForm] = useState<Settings | null>(null);
  const [errors, setErrors] = useState<ErrorEntry[]>([]);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [test, setTest] = useState<TestResult | null>(null);
  const [thumbs, setThumbs] = useState<Record<string, string>>({});
  const [testing, setTesting] = useState(false);
  const [devices, setDevices] = useState<{ list: { id: string; label: string }[]; message: string | null; ms: number } | null>(null);
  const [finding, setFinding] = useState(false);

  useEffect(() => {
    api.admin
      .getScannerSettings()
      .then((v) => {
        setSaved(v.settings);
        setForm(v.settings);
        setErrors(v.errors);
      })
      .catch((err: unknown) => setError(errorText(err)));
  }, []);

  if (!form) return error ? <Alert color="red">{error}</Alert> : null;
  const dirty = JSON.stringify(form) !== JSON.stringify(saved);
  const set = (patch: Partial<Settings>) => setForm({ ...form, ...patch });
  const setSane = (patch: Partial<Settings['sane']>) => set({ sane: { ...form.sane, ...patch } });
  const setFolder = (patch: Partial<Settings['folder']>) => set({ folder: { ...form.folder, ...patch } });
  const setBridge = (patch: Partial<Settings['bridge']>) => set({ bridge: { ...form.bridge, ...patch } });
  const num = (v: string | number, fallback: number) => (typeof v === 'number' ? v : Number(v) || fallback);

  async function save() {
    if (!form) return;
    setError(null);
    try {
      const v = await api.admin.updateScannerSettings(form);
      setSaved(v.settings);
      setForm(v.settings);
      setErrors(v.errors);
      setFields({});
      setTest(null);
      setDevices(null);
      notifications.show({ color: 'green', message: t('扫描设置已保存。') });
    } catch (err) {
      const f = formError(err);
      setFields(f.fields);
      setError(f.summary);
    }
  }

  async function runTest() {
    setTesting(true);
    setTest(null);
    setError(null);
    try {
      const r = await api.scanner.test();
      setTest(r);
      const loaded: Record<string, string> = {};
      for (const p of r.pages) {
        const v = await api.scanner.page({ sha256: p.sha256, maxSide: 240 });
        if (v.dataBase64) loaded[p.sha256] = `data:${v.mime};base64,${v.dataBase64}`;
      }
      setThumbs(loaded);
      setErrors((await api.admin.getScannerSettings()).errors);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setTesting(false);
    }
  }

  async function findDevices() {
    setFinding(true);
    try {
      const r = await api.scanner.devices();
      setDevices({ list: r.devices, message: r.error?.message ?? null, ms: r.ms });
    } catch (err) {
      setDevices({ list: [], message: errorText(err), ms: 0 });
    } finally {
      setFinding(false);
    }
  }

  return (
    <Card withBorder>
      <Stack>
        <Group justify="space-between">
          <Title order={4}>{t('扫描仪 / 高拍仪')}</Title>
          {form.driver === 'simulator' && <Badge color="orange">{t('模拟设备：扫描结果不是真实材料')}</Badge>}
        </Group>
        <Select
          label={t('扫描方式')}
          data={SCANNER_DRIVERS.map((d) => ({ value: d, label: SCANNER_DRIVER_LABELS[d] }))}
          value={form.driver}
          allowDeselect={false}
          onChange={(v) => v && set({ driver: v as ScannerDriverName })}
        />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Select label={t('分辨率')} data={RESOLUTIONS} value={String(form.resolution)} allowDeselect={false} onChange={(v) => v && set({ resolution: Number(v) })} />
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              {t('颜色')}
            </Text>
            <SegmentedControl
              data={[
                { value: 'color', label: t('彩色') },
                { value: 'gray', label: t('灰度') },
              ]}
              value={form.colour}
              onChange={(v) => set({ colour: v as Settings['colour'] })}
            />
          </Stack>
          <Switch label={t('双面扫描')} mt="xl" checked={form.duplex} onChange={(e) => set({ duplex: e.currentTarget.checked })} />
          <NumberInput label={t('JPEG 质量（30–95）')} min={30} max={95} value={form.jpegQuality} error={fields.jpegQuality} onChange={(v) => set({ jpegQuality: num(v, 80) })} />
          <NumberInput
            label={t('图像长边上限（像素）')}
            description="3508 ≈ A4 300 dpi"
            min={800}
            max={10000}
            value={form.maxLongSide}
            error={fields.maxLongSide}
            onChange={(v) => set({ maxLongSide: num(v, 3508) })}
          />
          <NumberInput label={t('单个文件上限（MB）')} min={1} max={500} value={form.maxFileMB} error={fields.maxFileMB} onChange={(v) => set({ maxFileMB: num(v, 50) })} />
        </SimpleGrid>

        {form.driver === 'sane' && (
          <Stack gap="xs">
            <Group align="flex-end">
              <TextInput
                style={{ flex: 1 }}
                label={t('扫描仪设备名')}
                description={t('留空则使用找到的第一台，如 fujitsu:fi-7160:12345')}
                value={form.sane.device}
                error={fields['sane.device']}
                onChange={(e) => setSane({ device: e.currentTarget.value })}
              />
              <Button variant="default" loading={finding} onClick={() => void findDevices()}>
                {t('查找扫描仪')}
              </Button>
            </Group>
            {devices && (
              <Alert color={devices.message ? 'red' : devices.list.length ? 'blue' : 'yellow'}>
                {devices.message ?? (devices.list.length === 0 ? t('没有找到扫描仪。') : t('找到 {{length}} 台（用时 {{ms}} 毫秒），点击选用：', { length: devices.list.length, ms: devices.ms }))}
                <Group gap="xs" mt={devices.list.length ? 'xs' : 0}>
                  {devices.list.map((d) => (
                    <Button key={d.id} size="xs" variant="light" onClick={() => setSane({ device: d.id })}>
                      {d.label} · {d.id}
                    </Button>
                  ))}
                </Group>
              </Alert>
            )}
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <TextInput label={t('scanimage 程序')} value={form.sane.scanimagePath} error={fields['sane.scanimagePath']} onChange={(e) => setSane({ scanimagePath: e.currentTarget.value })} />
              <NumberInput
                label={t('单页超时（秒）')}
                min={5}
                max={600}
                value={form.sane.pageTimeoutSeconds}
                onChange={(v) => setSane({ pageTimeoutSeconds: num(v, 120) })}
              />
              <Switch label={t('使用自动进纸器')} mt="xl" checked={form.sane.feeder} onChange={(e) => setSane({ feeder: e.currentTarget.checked })} />
            </SimpleGrid>
            <TextInput
              label={t('附加参数（可选）')}
              description={t('设备专用选项，如 --swcrop=yes；可用 scanimage -d 设备名 -A 查看')}
              value={form.sane.options}
              error={fields['sane.options']}
              onChange={(e) => setSane({ options: e.currentTarget.value })}
            />
          </Stack>
        )}

        {form.driver === 'folder' && (
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput
              label={t('高拍仪软件保存图片的文件夹')}
              value={form.folder.path}
              error={fields['folder.path']}
              onChange={(e) => setFolder({ path: e.currentTarget.value })}
            />
            <NumberInput
              label={t('文件写完判定（毫秒）')}
              description={t('大小不再变化多久后读取')}
              min={200}
              max={30000}
              step={100}
              value={form.folder.settleMs}
              onChange={(v) => setFolder({ settleMs: num(v, 1500) })}
            />
            <NumberInput label={t('等待拍摄（秒）')} min={5} max={600} value={form.folder.waitSeconds} onChange={(v) => setFolder({ waitSeconds: num(v, 60) })} />
          </SimpleGrid>
        )}

        {form.driver === 'bridge' && (
          <Stack gap="xs">
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput label={t('服务地址')} value={form.bridge.url} error={fields['bridge.url']} onChange={(e) => setBridge({ url: e.currentTarget.value })} />
              <NumberInput label={t('超时（秒）')} min={1} max={120} value={form.bridge.timeoutSeconds} onChange={(v) => setBridge({ timeoutSeconds: num(v, 15) })} />
            </SimpleGrid>
            <Textarea label={t('拍摄指令（每页发送一次）')} autosize minRows={1} value={form.bridge.request} onChange={(e) => setBridge({ request: e.currentTarget.value })} />
            <SimpleGrid cols={{ base: 2, sm: 4 }}>
              <TextInput label={t('图像字段')} value={form.bridge.imageField} onChange={(e) => setBridge({ imageField: e.currentTarget.value })} />
              <TextInput label={t('结果码字段')} value={form.bridge.codeField} onChange={(e) => setBridge({ codeField: e.currentTarget.value })} />
              <TextInput label={t('成功结果码')} value={form.bridge.okCode} onChange={(e) => setBridge({ okCode: e.currentTarget.value })} />
              <TextInput label={t('错误信息字段')} value={form.bridge.messageField} onChange={(e) => setBridge({ messageField: e.currentTarget.value })} />
            </SimpleGrid>
          </Stack>
        )}

        {error && <Alert color="red">{error}</Alert>}
        <Group>
          <Button onClick={() => void save()} disabled={!dirty}>
            {t('保存')}
          </Button>
          <Button variant="default" onClick={() => void runTest()} loading={testing} disabled={dirty} data-testid="scanner-test">
            {t('测试扫描')}
          </Button>
          {dirty && (
            <Text size="sm" c="dimmed">
              {t('请先保存再测试。')}
            </Text>
          )}
        </Group>
        {test && <TestOutcome r={test} thumbs={thumbs} />}

        <Title order={5}>{t('最近的错误')}</Title>
        {errors.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('暂无。')}
          </Text>
        ) : (
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('时间')}</Table.Th>
                <Table.Th>{t('方式')}</Table.Th>
                <Table.Th>{t('信息')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {errors.map((e, i) => (
                <Table.Tr key={`${e.at}-${i}`}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{new Date(e.at).toLocaleString('zh-CN')}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{SCANNER_DRIVER_LABELS[e.driver]}</Table.Td>
                  <Table.Td>{e.message}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Card>
  );
}
