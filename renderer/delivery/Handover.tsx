import { Alert, Anchor, Badge, Button, Card, Checkbox, Group, Image, SegmentedControl, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { DeliveryView } from '../../shared/api/delivery';
import { RATING_LABELS, type RatingLevel } from '../../shared/delivery';
import { CARRIER_LABELS, CARRIERS, checkTrackingNumber, type Carrier } from '../../shared/tracking';
import { api, errorCode, errorText } from '../api';
import { useIdCardRead } from '../devices/IdCardButton';
import { SimulatorPanel } from '../devices/SimulatorPanel';
import { ScanSlot } from '../intake/ScanSlot';
import { ActionError, Checklist, PrintButton, usePromptResult, type Entry, type Handed } from './ui';
import { useSession } from '../common/session';
import { HomeDelivery, type HomeVisitDraft } from './HomeDelivery';
import { t } from '../i18n';

/** Today in China (the hall's calendar), whatever the machine's time zone. */
const chinaToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

// 出件: the clerk picks the results, checks who collects, ticks every paper handed over and has it
// signed for — or posts it. One screen; a refused call keeps everything typed.

type Mode = 'window' | 'mail';

export interface Done {
  channel: 'window' | 'electronic' | 'mail' | 'home';
  visitId: string;
  receiptNo: string;
  trackingWarning: string | null;
}

interface Shared {
  view: DeliveryView;
  itemIds: string[];
  entries: Entry[];
  ticked: string[];
  onTick(key: string, on: boolean): void;
  onHanded(r: Handed, d: Done): void;
  onRefresh(): Promise<unknown>;
}

/** Busy flag and the last refusal of the handover calls; a conflict offers to reload the case. */
function useSubmit(onRefresh: () => Promise<unknown>) {
  const [busy, setBusy] = useState(false);
  const [refreshing, setRefreshing] = useState(false);
  const [error, setError] = useState<{ text: string; conflict: boolean } | null>(null);
  async function run<T>(call: () => Promise<T>): Promise<T | null> {
    if (busy) return null; // a double click sends once
    setBusy(true);
    setError(null);
    try {
      return await call();
    } catch (err) {
      setError({ text: errorText(err), conflict: errorCode(err) === 'CONFLICT' });
      return null;
    } finally {
      setBusy(false);
    }
  }
  /** The latest case version under what was typed: the clerk checks and confirms again. */
  function reload() {
    setRefreshing(true);
    void onRefresh().finally(() => {
      setRefreshing(false);
      setError(null);
    });
  }
  return { busy, error, run, refreshing, reload: error?.conflict ? reload : undefined };
}

const MATCH_LABELS = { applicant: t('申请人本人'), agent: t('已登记代办人') } as const;

function Step({ n, title, children }: { n: number; title: string; children: React.ReactNode }) {
  return (
    <Card withBorder>
      <Stack gap="xs">
        <Title order={4}>
          {n}. {title}
        </Title>
        {children}
      </Stack>
    </Card>
  );
}

function SignatureImage({ sha }: { sha: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let alive = true;
    // Without the picture the ✓ still says the signature arrived.
    api.scanner
      .page({ sha256: sha, maxSide: 400 })
      .then((p) => alive && p.dataBase64 && setSrc(`data:${p.mime};base64,${p.dataBase64}`))
      .catch(() => undefined);
    return () => {
      alive = false;
    };
  }, [sha]);
  return src ? <Image src={src} alt={t('申请人签名')} h={80} w="auto" fit="contain" bg="white" style={{ border: '1px solid var(--mantine-color-gray-3)' }} /> : null;
}

function WindowForm({ view, itemIds, entries, ticked, onTick, onHanded, onRefresh }: Shared) {
  const card = useIdCardRead();
  const [name, setName] = useState('');
  const [idNumber, setIdNumber] = useState('');
  const [verification, setVerification] = useState<'reader' | 'manual'>('manual');
  const [match, setMatch] = useState<{ idNumber: string; match: 'applicant' | 'agent' | null; message: string } | null>(null);
  const [checking, setChecking] = useState(false);
  const [checkError, setCheckError] = useState<string | null>(null);
  const [authorize, setAuthorize] = useState(false);
  const [relation, setRelation] = useState('');
  const [authBlobs, setAuthBlobs] = useState<string[]>([]);
  const [sig, setSig] = useState<{ promptId: string; items: string } | null>(null);
  const [sigError, setSigError] = useState<string | null>(null);
  const [sigBusy, setSigBusy] = useState(false);
  const [paper, setPaper] = useState(false);
  const [paperBlobs, setPaperBlobs] = useState<string[]>([]);
  const [home, setHome] = useState<HomeVisitDraft | null>(null);
  const { session } = useSession();
  const submit = useSubmit(onRefresh);

  const normalizedId = idNumber.trim().toUpperCase();
  const shownMatch = match && match.idNumber === normalizedId ? match : null;
  // A signature covers the results on the pad; choosing others asks for a new one.
  const sigCurrent = sig && sig.items === itemIds.join(',') ? sig : null;
  const prompt = usePromptResult(sigCurrent?.promptId ?? null);
  const signatureBlob = prompt?.state === 'signed' ? prompt.signatureBlob : null;

  async function check(id: string) {
    const n = id.trim().toUpperCase();
    if (!n) return;
    setChecking(true);
    setCheckError(null);
    try {
      const r = await api.delivery.checkRecipient({ caseId: view.caseId, idNumber: n });
      setMatch({ idNumber: n, ...r });
    } catch (err) {
      setCheckError(errorText(err));
    } finally {
      setChecking(false);
    }
  }

  async function readCard() {
    const r = await card.read();
    if (!r) return;
    setName(r.card.name);
    setIdNumber(r.card.idNumber);
    setVerification('reader');
    await check(r.card.idNumber);
  }

  async function askSignature() {
    setSigBusy(true);
    setSigError(null);
    try {
      const { promptId } = await api.delivery.signaturePrompt({ caseId: view.caseId, itemIds });
      setSig({ promptId, items: itemIds.join(',') });
    } catch (err) {
      setSigError(errorText(err));
    } finally {
      setSigBusy(false);
    }
  }

  async function handOver() {
    const keys = new Set(entries.map((e) => e.key));
    const r = await submit.run(() =>
      api.delivery.handOver({
        caseId: view.caseId,
        expectedSeq: view.expectedSeq,
        itemIds,
        recipient: { name: name.trim(), idNumber: normalizedId, verification },
        authorization: shownMatch && shownMatch.match === null && authorize ? { relation: relation.trim(), blobs: authBlobs } : null,
        ticked: ticked.filter((k) => keys.has(k)),
        signatureBlob,
        signedPaperBlobs: paper ? paperBlobs : [],
        home,
      }),
    );
    if (r) onHanded(r, { channel: home ? 'home' : 'window', visitId: r.visitId, receiptNo: r.receiptNo, trackingWarning: null });
  }

  let sigStatus: string;
  if (sigCurrent) {
    sigStatus =
      prompt?.state === 'signed'
        ? t('已收到申请人签名 ✓')
        : prompt?.state === 'closed'
          ? t('签字屏已关闭或被其他操作替换，请重新请申请人签名。')
          : t('等待申请人在签字屏上签名…');
  } else if (sig) sigStatus = t('出件事项已改变，请重新请申请人签名。');
  else if (paper) sigStatus = paperBlobs.length ? t('已扫描纸质签收回执 {{length}} 页 ✓', { length: paperBlobs.length }) : t('请扫描领取人签字的纸质回执。');
  else sigStatus = t('尚未签名');

  return (
    <Stack gap="md">
      <Step n={2} title={t('核验领取人身份')}>
        <Group gap="xs">
          <Button onClick={() => void readCard()} loading={card.reading}>
            {t('读取身份证')}
          </Button>
          {card.reading && (
            <>
              <Text size="sm" c="dimmed">
                {t('请把证件放到读卡器上…')}
              </Text>
              <Button variant="subtle" size="compact-sm" onClick={card.cancel}>
                {t('取消')}
              </Button>
            </>
          )}
        </Group>
        {card.error && (
          <Alert color="red" title={t('读卡未成功')} data-testid="idcard-error">
            {card.error}{t('（请核对证件原件后在下方输入姓名和证件号码）')}
          </Alert>
        )}
        {card.warnings.length > 0 && (
          <Alert color={card.expired ? 'orange' : 'yellow'} title={card.expired ? t('证件已过期') : t('请注意')}>
            {card.warnings.join(' ')}
          </Alert>
        )}
        <SimulatorPanel compact />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput label={t('领取人姓名')} value={name} onChange={(e) => setName(e.currentTarget.value)} />
          <TextInput
            label={t('领取人证件号码')}
            value={idNumber}
            maxLength={18}
            onChange={(e) => {
              const v = e.currentTarget.value;
              setIdNumber(v);
              setVerification('manual');
              if (v.trim().length === 18) void check(v);
            }}
            description={verification === 'reader' ? t('已读卡核验') : t('手工输入（请核对证件原件）')}
          />
          <Group align="flex-end">
            <Button variant="default" loading={checking} disabled={!normalizedId} onClick={() => void check(idNumber)}>
              {t('核验身份')}
            </Button>
          </Group>
        </SimpleGrid>
        {checkError && (
          <Alert color="red" p="xs">
            {checkError}
          </Alert>
        )}
        {shownMatch && (
          <Group gap="xs" data-testid="recipient-match" data-match={shownMatch.match ?? 'none'}>
            <Badge size="lg" color={shownMatch.match === 'applicant' ? 'green' : shownMatch.match === 'agent' ? 'teal' : 'red'}>
              {shownMatch.match ? MATCH_LABELS[shownMatch.match] : t('不符')}
            </Badge>
            <Text size="sm">{shownMatch.message}</Text>
          </Group>
        )}
        {shownMatch && shownMatch.match === null && (
          <Stack gap="xs">
            <Checkbox label={t('登记新的代办授权（申请人委托他人代领）')} checked={authorize} onChange={(e) => setAuthorize(e.currentTarget.checked)} />
            {authorize && (
              <>
                <TextInput label={t('代办人与申请人的关系')} value={relation} onChange={(e) => setRelation(e.currentTarget.value)} maxLength={20} w={260} />
                <Text size="sm">{t('授权委托书（扫描）：')}</Text>
                <ScanSlot pages={authBlobs} onChange={setAuthBlobs} label={t('授权委托书')} />
              </>
            )}
          </Stack>
        )}
      </Step>

      <Step n={3} title={t('逐项核对交付')}>
        <Checklist entries={entries} ticked={ticked} onTick={onTick} />
      </Step>

      <Step n={4} title={t('领取人签收')}>
        <Group gap="xs">
          <Button variant="light" loading={sigBusy} onClick={() => void askSignature()}>
            {t('请申请人在签字屏签名')}
          </Button>
          <Button variant={paper ? 'filled' : 'default'} onClick={() => setPaper((p) => !p)}>
            {t('纸质签收（扫描）')}
          </Button>
        </Group>
        <Group gap="sm">
          <Text size="sm" c={signatureBlob || (paper && paperBlobs.length) ? 'green' : undefined} data-testid="signature-status">
            {sigStatus}
          </Text>
          {signatureBlob && <SignatureImage key={signatureBlob} sha={signatureBlob} />}
        </Group>
        {sigError && (
          <Alert color="red" p="xs">
            {sigError}
          </Alert>
        )}
        {paper && <ScanSlot pages={paperBlobs} onChange={setPaperBlobs} label={t('签字回执')} />}
      </Step>

      <HomeDelivery value={home} onChange={setHome} today={chinaToday()} clerkName={session.clerk.name} disabled={submit.busy} />

      <ActionError
        text={submit.error?.text ?? null}
        testId="handover-error"
        busy={submit.refreshing}
        onRefresh={submit.reload}
      />
      <Group>
        <Button size="md" loading={submit.busy} onClick={() => void handOver()}>
          {t('确认交付')}
        </Button>
      </Group>
    </Stack>
  );
}

function MailForm({ view, itemIds, entries, ticked, onTick, onHanded, onRefresh }: Shared) {
  const [address, setAddress] = useState(view.preferred?.address ?? '');
  const [toName, setToName] = useState(view.applicant.name === '—' ? '' : view.applicant.name);
  const [phone, setPhone] = useState('');
  const [carrier, setCarrier] = useState<Carrier>('ems');
  const [carrierName, setCarrierName] = useState('');
  const [trackingNo, setTrackingNo] = useState('');
  const submit = useSubmit(onRefresh);
  const tracking = trackingNo.trim() ? checkTrackingNumber(carrier, trackingNo) : null;

  async function mail() {
    const keys = new Set(entries.map((e) => e.key));
    const r = await submit.run(() =>
      api.delivery.mail({
        caseId: view.caseId,
        expectedSeq: view.expectedSeq,
        itemIds,
        carrier,
        carrierName: carrier === 'other' ? carrierName.trim() || null : null,
        trackingNo,
        to: { name: toName.trim(), phone: phone.trim(), address: address.trim() },
        ticked: ticked.filter((k) => keys.has(k)),
      }),
    );
    if (r) onHanded(r, { channel: 'mail', visitId: r.visitId, receiptNo: r.receiptNo, trackingWarning: r.trackingWarning });
  }

  return (
    <Stack gap="md">
      <Step n={2} title={t('邮寄信息')}>
        <TextInput label={t('邮寄地址')} value={address} onChange={(e) => setAddress(e.currentTarget.value)} maxLength={200} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t('收件人姓名')} value={toName} onChange={(e) => setToName(e.currentTarget.value)} maxLength={50} />
          <TextInput
            label={t('收件人电话')}
            value={phone}
            onChange={(e) => setPhone(e.currentTarget.value)}
            maxLength={20}
            description={view.applicant.phone ? t('申请人登记电话 {{phone}}（请向申请人核实后完整填写）', { phone: view.applicant.phone }) : undefined}
          />
          <Select
            label={t('寄递公司')}
            data={CARRIERS.map((c) => ({ value: c, label: CARRIER_LABELS[c] }))}
            value={carrier}
            onChange={(v) => v && setCarrier(v as Carrier)}
            allowDeselect={false}
          />
          {carrier === 'other' && <TextInput label={t('寄递公司名称')} value={carrierName} onChange={(e) => setCarrierName(e.currentTarget.value)} maxLength={30} />}
          <TextInput
            label={t('运单号')}
            placeholder={t('输入或用扫码枪扫描面单条码')}
            value={trackingNo}
            onChange={(e) => setTrackingNo(e.currentTarget.value)}
            onKeyDown={(e) => {
              // The barcode gun ends with Enter: keep the number, submit nothing.
              if (e.key === 'Enter') e.preventDefault();
            }}
            maxLength={40}
            styles={{ input: { fontFamily: 'monospace' } }}
          />
        </SimpleGrid>
        {tracking && !tracking.ok && (
          <Alert color="yellow" p="xs" data-testid="tracking-warning">
            {tracking.message}
          </Alert>
        )}
        {tracking?.ok && (
          <Text size="xs" c="green">
            {t('运单号格式正确：')}{tracking.normalized}
          </Text>
        )}
      </Step>

      <Step n={3} title={t('逐项核对装袋')}>
        <Checklist entries={entries} ticked={ticked} onTick={onTick} />
      </Step>

      <ActionError
        text={submit.error?.text ?? null}
        testId="handover-error"
        busy={submit.refreshing}
        onRefresh={submit.reload}
      />
      <Group>
        <Button size="md" loading={submit.busy} onClick={() => void mail()}>
          {t('确认寄出')}
        </Button>
      </Group>
    </Stack>
  );
}

/** Choosing the results, then the window or the post. */
export function Handover({ view, onHanded, onRefresh }: { view: DeliveryView; onHanded(r: Handed, d: Done): void; onRefresh(): Promise<unknown> }) {
  const deliverable = view.items.filter((i) => i.deliverable);
  const [selected, setSelected] = useState<string[]>(() => deliverable.map((i) => i.itemId));
  const [mode, setMode] = useState<Mode>(view.preferred?.method ?? 'window');
  const [ticked, setTicked] = useState<string[]>([]);
  const electronic = useSubmit(onRefresh);
  // Items that stopped being deliverable (another counter handed them over) drop out by themselves.
  const itemIds = deliverable.filter((i) => selected.includes(i.itemId)).map((i) => i.itemId);
  const entries = [...deliverable.filter((i) => itemIds.includes(i.itemId)).flatMap((i) => i.entries), ...view.originals];
  const electronicOnly = deliverable.filter((i) => i.electronicOnly);

  const onTick = (key: string, on: boolean) => setTicked((t) => (on ? [...t.filter((k) => k !== key), key] : t.filter((k) => k !== key)));

  async function releaseElectronic() {
    const r = await electronic.run(() => api.delivery.releaseElectronic({ caseId: view.caseId, expectedSeq: view.expectedSeq, itemIds: electronicOnly.map((i) => i.itemId) }));
    if (r) onHanded(r, { channel: 'electronic', visitId: r.visitId, receiptNo: r.receiptNo, trackingWarning: null });
  }

  const shared: Shared = { view, itemIds, entries, ticked, onTick, onHanded, onRefresh };
  return (
    <Stack gap="md" data-testid="handover">
      <Step n={1} title={t('选择出件事项')}>
        <Stack gap={6}>
          {deliverable.map((i) => (
            <Checkbox
              key={i.itemId}
              label={t('{{name}}（{{department}}）', { name: i.name, department: i.department })}
              description={i.electronicOnly ? t('仅电子证照') : t('{{length}} 项结果', { length: i.entries.length })}
              checked={selected.includes(i.itemId)}
              onChange={(e) => {
                const on = e.currentTarget.checked;
                setSelected((s) => (on ? [...s, i.itemId] : s.filter((x) => x !== i.itemId)));
              }}
            />
          ))}
        </Stack>
        {electronicOnly.length > 0 && (
          <Stack gap={4}>
            <Group gap="xs">
              <Button variant="light" color="teal" loading={electronic.busy} onClick={() => void releaseElectronic()}>
                {t('电子证照已推送，标记为电子送达')}
              </Button>
              <Text size="xs" c="dimmed">
                {electronicOnly.map((i) => i.name).join(t('、'))} {t('的结果均为电子证照，可不到窗口领取。')}
              </Text>
            </Group>
            <ActionError
              text={electronic.error?.text ?? null}
              testId="electronic-error"
              busy={electronic.refreshing}
              onRefresh={electronic.reload}
            />
          </Stack>
        )}
        <SegmentedControl
          aria-label={t('出件方式')}
          value={mode}
          onChange={(v) => setMode(v as Mode)}
          data={[
            { value: 'window', label: t('窗口领取') },
            { value: 'mail', label: t('免费邮寄') },
          ]}
          w={260}
        />
        {view.preferred && (
          <Text size="xs" c="dimmed">
            {t('申请人受理时选择：')}{view.preferred.method === 'mail' ? t('免费邮寄{{v0}}', { v0: view.preferred.address ? t('（{{address}}）', { address: view.preferred.address }) : '' }) : t('窗口领取')}
          </Text>
        )}
      </Step>
      {mode === 'window' ? <WindowForm {...shared} /> : <MailForm {...shared} />}
    </Stack>
  );
}

/** After a handover: the receipt, the documents to print and the applicant's rating. */
export function DonePanel({ caseId, done, onClose, onRated }: { caseId: string; done: Done; onClose(): void; onRated(): void }) {
  const [promptId, setPromptId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const result = usePromptResult(promptId);
  const ratedNow = result?.state === 'rated';
  useEffect(() => {
    if (ratedNow) onRated();
  }, [ratedNow, onRated]);

  async function askRating() {
    setBusy(true);
    setError(null);
    try {
      setPromptId((await api.delivery.ratingPrompt({ caseId, visitId: done.visitId })).promptId);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  const title = done.channel === 'mail' ? t('已寄出') : done.channel === 'electronic' ? t('已标记为电子送达') : t('已交付');
  const rated = result?.state === 'rated' && result.ratingLevel !== null ? RATING_LABELS[result.ratingLevel as RatingLevel] : null;
  return (
    <Card withBorder style={{ borderLeft: '4px solid var(--mantine-color-green-6)' }} data-testid="handover-done">
      <Stack gap="sm">
        <Group gap="sm">
          <Title order={3} c="green.8">
            {title}
          </Title>
          <Text>
            {t('回执号：')}
            <Text span fw={700} ff="monospace" data-testid="receipt-no">
              {done.receiptNo}
            </Text>
          </Text>
        </Group>
        {done.trackingWarning && (
          <Alert color="yellow" title={t('运单号提醒')} data-testid="tracking-warning">
            {done.trackingWarning}
          </Alert>
        )}
        <Group gap="sm" align="flex-start">
          {done.channel === 'mail' ? (
            <>
              <PrintButton caseId={caseId} visitId={done.visitId} kind="waybill" label={t('打印邮寄面单')} />
              <PrintButton caseId={caseId} visitId={done.visitId} kind="receipt" label={t('打印邮寄清单')} />
            </>
          ) : (
            <PrintButton caseId={caseId} visitId={done.visitId} kind="receipt" label={t('打印出件回执')} />
          )}
        </Group>
        {done.channel !== 'mail' && (
          <Stack gap="xs">
            <Group gap="sm">
              <Button onClick={() => void askRating()} loading={busy} disabled={rated !== null}>
                {t('请申请人评价')}
              </Button>
              {!rated && (
                <Anchor component="button" type="button" size="sm" onClick={onClose}>
                  {t('跳过（稍后短信提醒评价）')}
                </Anchor>
              )}
            </Group>
            {promptId && (
              <Text size="sm" data-testid="rating-result" c={rated ? 'green' : undefined}>
                {rated
                  ? t('申请人评价：{{rated}}', { rated })
                  : result?.state === 'closed'
                    ? t('评价页面已关闭，可再次请申请人评价，或跳过由短信提醒。')
                    : t('等待申请人在评价屏上评价…')}
              </Text>
            )}
            {error && (
              <Alert color="red" p="xs" data-testid="rating-error">
                {error}
              </Alert>
            )}
          </Stack>
        )}
        <Group>
          <Button variant="default" onClick={onClose}>
            {t('完成')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
