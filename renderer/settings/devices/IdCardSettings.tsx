import { Alert, Badge, Button, Card, Group, NumberInput, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useCallback, useEffect, useState } from 'react';
import {
  BRIDGE_FIELD_LABELS,
  BRIDGE_FIELDS,
  CARD_TYPE_LABELS,
  ID_CARD_DRIVER_LABELS,
  ID_CARD_DRIVERS,
  SDK_FAMILIES,
  SDK_FAMILY_LABELS,
  type IdCardErrorEntry,
  type IdCardSettings as Settings,
  type IdCardStatus,
  type IdCardTestResult,
} from '../../../shared/idcard';
import { api, errorText } from '../../api';
import { formError } from '../../common/FieldErrors';
import { SimulatorPanel } from '../../devices/SimulatorPanel';
import { t } from '../../i18n';

const PORTS = [
  { value: '0', label: t('自动查找（先 USB 后串口）') },
  ...Array.from({ length: 16 }, (_, i) => ({ value: String(1001 + i), label: `USB ${1001 + i}` })),
  ...Array.from({ length: 16 }, (_, i) => ({ value: String(1 + i), label: t('串口 COM{{v0}}', { v0: 1 + i }) })),
];
const ENCODINGS = [
  { value: 'auto', label: t('自动识别') },
  { value: 'gbk', label: t('GBK / GB18030（多数 Windows 版本）') },
  { value: 'utf-16le', label: 'UTF-16LE' },
];
const OPERATIONS: Record<IdCardErrorEntry['operation'], string> = { read: t('读卡'), test: t('测试读卡'), status: t('查询状态') };
const STATE_BADGES: Record<IdCardStatus['state'], { color: string; label: string }> = {
  connected: { color: 'green', label: t('已连接') },
  disconnected: { color: 'red', label: t('未连接') },
  busy: { color: 'yellow', label: t('正在读卡') },
  unknown: { color: 'gray', label: t('未检测') },
};

function TestOutcome({ r }: { r: IdCardTestResult }) {
  if (!r.ok) {
    return (
      <Alert color="red" title={t('读卡失败（用时 {{ms}} 毫秒）', { ms: r.ms })} data-testid="idcard-test-result">
        {r.message}
      </Alert>
    );
  }
  const s = r.summary;
  return (
    <Alert color={r.expired ? 'orange' : 'green'} title={t('读卡成功，用时 {{ms}} 毫秒', { ms: r.ms })} data-testid="idcard-test-result">
      <Stack gap={2}>
        <Text size="sm">
          {CARD_TYPE_LABELS[s.cardType]} · {s.name} · {s.idNumber} {t('· 有效期至')} {s.validTo} · {s.hasPhoto ? t('有照片') : t('无照片')}
        </Text>
        {r.warnings.map((w) => (
          <Text key={w} size="sm" c="dimmed">
            {w}
          </Text>
        ))}
      </Stack>
    </Alert>
  );
}

/** 设置 → 设备 → 身份证阅读器 (admin): driver and its parameters, 测试读卡, last errors. */
export function IdCardSettings() {
  const [saved, setSaved] = useState<Settings | null>(null);
  const [form, setForm] = useState<Settings | null>(null);
  const [errors, setErrors] = useState<IdCardErrorEntry[]>([]);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<IdCardStatus | null>(null);
  const [test, setTest] = useState<IdCardTestResult | null>(null);
  const [testing, setTesting] = useState(false);
  const [generation, setGeneration] = useState(0);

  const refresh = useCallback(async () => {
    const view = await api.admin.getIdcardSettings();
    setErrors(view.errors);
    return view;
  }, []);
  const refreshStatus = useCallback(() => {
    api.idcard
      .status({ probe: true })
      .then(setStatus)
      .catch((err: unknown) => setError(errorText(err)));
  }, []);

  useEffect(() => {
    api.admin
      .getIdcardSettings()
      .then((v) => {
        setSaved(v.settings);
        setForm(v.settings);
        setErrors(v.errors);
      })
      .catch((err: unknown) => setError(errorText(err)));
    api.idcard
      .status({ probe: true })
      .then(setStatus)
      .catch((err: unknown) => setError(errorText(err)));
  }, []);

  if (!form) return error ? <Alert color="red">{error}</Alert> : null;
  const dirty = JSON.stringify(form) !== JSON.stringify(saved);
  const set = (patch: Partial<Settings>) => setForm({ ...form, ...patch });
  const setSdk = (patch: Partial<Settings['sdk']>) => set({ sdk: { ...form.sdk, ...patch } });
  const setBridge = (patch: Partial<Settings['bridge']>) => set({ bridge: { ...form.bridge, ...patch } });
  const setSim = (patch: Partial<Settings['simulator']>) => set({ simulator: { ...form.simulator, ...patch } });

  async function save() {
    if (!form) return;
    setError(null);
    try {
      const v = await api.admin.updateIdcardSettings(form);
      setSaved(v.settings);
      setForm(v.settings);
      setErrors(v.errors);
      setFields({});
      setTest(null);
      setGeneration((g) => g + 1);
      refreshStatus();
      notifications.show({ color: 'green', message: t('读卡器设置已保存。') });
    } catch (err) {
      const f = formError(err);
      setFields(f.fields);
      setError(f.summary);
    }
  }

  async function runTest() {
    setTesting(true);
    setTest(null);
    try {
      setTest(await api.idcard.test());
      await refresh();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setTesting(false);
    }
  }

  const badge = status ? STATE_BADGES[status.state] : null;
  return (
    <Card withBorder>
      <Stack>
        <Group justify="space-between">
          <Title order={4}>{t('身份证阅读器')}</Title>
          <Group gap="xs">
            {badge ? <Badge color={badge.color}>{badge.label}</Badge> : <Badge color="gray">{t('检测中…')}</Badge>}
            <Button
              size="compact-sm"
              variant="subtle"
              onClick={() => {
                setStatus(null);
                refreshStatus();
              }}
            >
              {t('刷新状态')}
            </Button>
          </Group>
        </Group>
        {status && status.state !== 'connected' && (
          <Text size="sm" c="dimmed">
            {status.label}
          </Text>
        )}

        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('驱动')}
            data={ID_CARD_DRIVERS.map((d) => ({ value: d, label: ID_CARD_DRIVER_LABELS[d] }))}
            value={form.driver}
            allowDeselect={false}
            onChange={(v) => v && set({ driver: v as Settings['driver'] })}
          />
          <NumberInput
            label={t('等待放卡（秒）')}
            min={1}
            max={25}
            allowDecimal={false}
            value={form.timeoutMs / 1000}
            error={fields.timeoutMs}
            onChange={(v) => set({ timeoutMs: Math.round(Number(v) * 1000) || 1000 })}
          />
        </SimpleGrid>

        {form.driver === 'sdk' && (
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select
              label={t('读卡库类型')}
              data={SDK_FAMILIES.map((f) => ({ value: f, label: SDK_FAMILY_LABELS[f] }))}
              value={form.sdk.family}
              allowDeselect={false}
              onChange={(v) => v && setSdk({ family: v as Settings['sdk']['family'] })}
            />
            <TextInput
              label={t('库文件路径')}
              description={t('留空则按文件名 {{v0}} 查找', { v0: form.sdk.family === 'termb' ? 'termb.dll / libtermb.so' : 'sdtapi.dll / libsdtapi.so' })}
              value={form.sdk.libraryPath}
              error={fields['sdk.libraryPath']}
              onChange={(e) => setSdk({ libraryPath: e.currentTarget.value })}
            />
            <Select label={t('端口')} data={PORTS} value={String(form.sdk.port)} allowDeselect={false} error={fields['sdk.port']} onChange={(v) => v && setSdk({ port: Number(v) })} />
            <Select
              label={t('文字编码')}
              data={ENCODINGS}
              value={form.sdk.textEncoding}
              allowDeselect={false}
              onChange={(v) => v && setSdk({ textEncoding: v as Settings['sdk']['textEncoding'] })}
            />
            {form.sdk.family === 'sdtapi' && (
              <TextInput
                label={t('照片解码库（WLT，可选）')}
                description={t('厂商提供的 libwlt2bmp 等；不填则读卡不带照片')}
                value={form.sdk.wltDecoderPath}
                error={fields['sdk.wltDecoderPath']}
                onChange={(e) => setSdk({ wltDecoderPath: e.currentTarget.value })}
              />
            )}
          </SimpleGrid>
        )}

        {form.driver === 'bridge' && (
          <Stack gap="sm">
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput label={t('读卡服务地址（本机）')} value={form.bridge.url} error={fields['bridge.url']} onChange={(e) => setBridge({ url: e.currentTarget.value })} />
              <Select label={t('请求方式')} data={['GET', 'POST']} value={form.bridge.method} allowDeselect={false} onChange={(v) => v && setBridge({ method: v as 'GET' | 'POST' })} />
              <TextInput label={t('打开设备路径')} value={form.bridge.openPath} error={fields['bridge.openPath']} onChange={(e) => setBridge({ openPath: e.currentTarget.value })} />
              <TextInput label={t('读卡路径')} value={form.bridge.readPath} error={fields['bridge.readPath']} onChange={(e) => setBridge({ readPath: e.currentTarget.value })} />
              <TextInput label={t('关闭设备路径')} value={form.bridge.closePath} error={fields['bridge.closePath']} onChange={(e) => setBridge({ closePath: e.currentTarget.value })} />
              <NumberInput
                label={t('单次请求超时（毫秒）')}
                min={200}
                max={20000}
                allowDecimal={false}
                value={form.bridge.requestTimeoutMs}
                error={fields['bridge.requestTimeoutMs']}
                onChange={(v) => setBridge({ requestTimeoutMs: Number(v) || 200 })}
              />
              <TextInput label={t('成功标志字段')} value={form.bridge.successField} error={fields['bridge.successField']} onChange={(e) => setBridge({ successField: e.currentTarget.value })} />
              <TextInput label={t('成功标志取值')} value={form.bridge.successValue} onChange={(e) => setBridge({ successValue: e.currentTarget.value })} />
              <TextInput label={t('提示信息字段')} value={form.bridge.messageField} error={fields['bridge.messageField']} onChange={(e) => setBridge({ messageField: e.currentTarget.value })} />
            </SimpleGrid>
            <Text size="sm" fw={500}>
              {t('字段对应（读卡服务应答中的字段名，可用 data.partyName 表示嵌套字段）')}
            </Text>
            <SimpleGrid cols={{ base: 2, sm: 4 }}>
              {BRIDGE_FIELDS.map((f) => (
                <TextInput
                  key={f}
                  size="xs"
                  label={BRIDGE_FIELD_LABELS[f]}
                  value={form.bridge.fieldMap[f]}
                  error={fields[`bridge.fieldMap.${f}`]}
                  onChange={(e) => setBridge({ fieldMap: { ...form.bridge.fieldMap, [f]: e.currentTarget.value } })}
                />
              ))}
            </SimpleGrid>
          </Stack>
        )}

        {form.driver === 'simulator' && (
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label={t('模拟证件文件（JSON，可选）')}
              description={t('留空使用内置的演示证件')}
              value={form.simulator.cardsFile}
              error={fields['simulator.cardsFile']}
              onChange={(e) => setSim({ cardsFile: e.currentTarget.value })}
            />
            <NumberInput
              label={t('模拟读卡耗时（毫秒）')}
              min={0}
              max={5000}
              allowDecimal={false}
              value={form.simulator.readDelayMs}
              onChange={(v) => setSim({ readDelayMs: Number(v) || 0 })}
            />
          </SimpleGrid>
        )}
        {saved?.driver === 'simulator' && <SimulatorPanel key={generation} />}

        {error && <Alert color="red">{error}</Alert>}
        <Group>
          <Button onClick={() => void save()} disabled={!dirty}>
            {t('保存')}
          </Button>
          <Button variant="light" onClick={() => void runTest()} loading={testing} disabled={dirty} data-testid="idcard-test">
            {t('测试读卡')}
          </Button>
          {testing && (
            <Button variant="subtle" onClick={() => void api.idcard.cancel().catch(() => undefined)}>
              {t('取消')}
            </Button>
          )}
          {dirty && (
            <Text size="sm" c="dimmed">
              {t('测试读卡使用已保存的设置，请先保存。')}
            </Text>
          )}
        </Group>
        {test && <TestOutcome r={test} />}

        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {t('最近的读卡错误（仅记录类型，不含证件信息）')}
          </Text>
          {errors.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('暂无')}
            </Text>
          ) : (
            <Table striped withTableBorder fz="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('时间')}</Table.Th>
                  <Table.Th>{t('驱动')}</Table.Th>
                  <Table.Th>{t('操作')}</Table.Th>
                  <Table.Th>{t('问题')}</Table.Th>
                  <Table.Th>{t('设备返回码')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {errors.map((e, i) => (
                  <Table.Tr key={`${e.at}-${i}`}>
                    <Table.Td>{new Date(e.at).toLocaleString('zh-CN', { hour12: false })}</Table.Td>
                    <Table.Td>{ID_CARD_DRIVER_LABELS[e.driver]}</Table.Td>
                    <Table.Td>{OPERATIONS[e.operation]}</Table.Td>
                    <Table.Td>{e.summary}</Table.Td>
                    <Table.Td>{e.vendorCode ?? '—'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Stack>
      </Stack>
    </Card>
  );
}
