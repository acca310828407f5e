import { Alert, Badge, Button, Card, Checkbox, Group, Image, Kbd, Loader, Modal, Select, SimpleGrid, Stack, Stepper, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState, type ReactNode } from 'react';
import { useNavigate, useParams } from 'react-router';
import type { CaseSummary } from '../../shared/api/intake';
import { CASE_STATE_LABELS } from '../../shared/case-machine';
import type { IdCardReadResult } from '../../shared/idcard';
import { IDENTITY_FIELDS, PRIORITY_LABELS, PRIORITY_REASONS, type Agent, type PriorityReason } from '../../shared/intake';
import { api, errorText } from '../api';
import { IdCardButton } from '../devices/IdCardButton';
import { DecisionStep, PrintNotice } from './DecisionStep';
import { FieldGroups } from './FormFields';
import { MaterialsStep, type ScanSlotProps } from './MaterialsStep';
import { ScanSlot } from './ScanSlot';
import { useCaseDraft, type SaveState } from './useCaseDraft';
import { t } from '../i18n';
import { LANG_NAMES, LANGS, type Lang } from '../../shared/i18n';
import { useSession } from '../common/session';
import { hasAnyRole } from '../../shared/roles';
import { AssistPanel } from './AssistPanel';
import { DuplicateNotice } from './DuplicateNotice';
import { pickAssistBlobs } from './assistBlobs';
import { ProxyPanel } from './ProxyPanel';
import { TransferPanel } from './TransferPanel';

const STEPS = [t('申请人'), t('一表申请'), t('一套材料'), t('受理决定')] as const;

function SaveBadge({ save }: { save: SaveState }) {
  if (save.kind === 'saving' || save.kind === 'dirty') return <Badge variant="light">{t('保存中…')}</Badge>;
  if (save.kind === 'error')
    return (
      <Badge color="red" variant="light" title={save.message}>
        {t('未能保存，已保留输入，稍后自动重试：')}{save.message}
      </Badge>
    );
  return (
    <Badge color="green" variant="light" data-testid="save-state">
      {save.at ? t('已保存 {{v0}}', { v0: save.at.toLocaleTimeString('zh-CN', { hour12: false }) }) : t('已保存')}
    </Badge>
  );
}

const renderScan = (p: ScanSlotProps): ReactNode => <ScanSlot {...p} />;

function ApplicantStep({ draft }: { draft: ReturnType<typeof useCaseDraft> }) {
  const view = draft.view!;
  const { fields, setField, change } = draft;
  const [showErrors] = useState(false);
  const [earlier, setEarlier] = useState<CaseSummary[]>([]);
  const kind = view.data.applicantKind;
  const identity = view.evaluation.fields.filter((f) => IDENTITY_FIELDS[kind].includes(f.key));
  const agent = view.data.agent;

  function applyCard(r: IdCardReadResult) {
    const c = r.card;
    setPhoto(c.photo ? `data:${c.photo.mime};base64,${c.photo.base64}` : null);
    change({
      fields: {
        'applicant.name': c.name,
        'applicant.idNumber': c.idNumber,
        'applicant.sex': c.sex,
        'applicant.ethnicity': c.ethnicity || null,
        'applicant.birthDate': c.birthDate,
        'applicant.address': c.address || null,
      },
      card: { cardType: c.cardType, issuer: c.issuer, validFrom: c.validFrom, validTo: c.validTo, photoBlob: null, readAt: new Date().toISOString() },
    });
  }
  const [confirm, setConfirm] = useState<IdCardReadResult | null>(null);
  const [photo, setPhoto] = useState<string | null>(null);
  // A card of somebody else than the person already on the form asks before replacing.
  const onRead = (r: IdCardReadResult) => {
    const current = fields['applicant.idNumber']?.trim().toUpperCase();
    if (current && current !== r.card.idNumber.toUpperCase()) return setConfirm(r);
    applyCard(r);
  };

  // Offer earlier cases of the same person or enterprise once the number is valid; never reuse silently.
  const idKey = kind === 'enterprise' ? 'enterprise.creditCode' : 'applicant.idNumber';
  const idValid = !!view.data.fields[idKey] && !view.evaluation.issues.some((i) => i.key === idKey && i.severity === 'error');
  useEffect(() => {
    if (!idValid) return;
    let alive = true;
    api.intake
      .earlier({ id: view.id })
      .then((r) => alive && setEarlier(r))
      .catch(() => undefined);
    return () => {
      alive = false;
    };
  }, [idValid, view.id, view.data.fields[idKey]]); // eslint-disable-line react-hooks/exhaustive-deps

  async function reuse(from: CaseSummary) {
    await draft.decide((v) => api.intake.reuse({ id: v.id, fromId: from.id, expectedSeq: v.lastEventSeq })).catch(() => undefined);
    setEarlier([]);
  }

  const setAgent = (a: Agent | null) => change({ agent: a });
  return (
    <Stack>
      <Group align="flex-start" gap="xl">
        <Stack gap="xs">
          <IdCardButton onRead={onRead} />
          {photo && <Image src={photo} alt={t('证件照片')} w={102} h={126} radius="sm" />}
          {view.data.card && (
            <Text size="xs" c="dimmed">
              {t('已读卡 · 有效期至')} {view.data.card.validTo}
            </Text>
          )}
        </Stack>
        <Stack style={{ flex: 1 }}>
          <FieldGroups fields={identity} values={fields} issues={view.evaluation.issues} showErrors={showErrors} onChange={setField} />
        </Stack>
      </Group>
      {idValid && earlier.length > 0 && (
        <Alert color="blue" title={t('该申请人有 {{length}} 件历史办件，可复用其已填写的信息', { length: earlier.length })}>
          <Stack gap={4}>
            {earlier.slice(0, 3).map((c) => (
              <Group key={c.id} gap="sm">
                <Text size="sm">
                  {c.caseNumber} · {c.bundleName} · {CASE_STATE_LABELS[c.state]}
                </Text>
                <Button size="compact-xs" onClick={() => void reuse(c)}>
                  {t('复用（只填入空白项）')}
                </Button>
              </Group>
            ))}
          </Stack>
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder>
          <Stack gap="xs">
            <Checkbox
              label={t('代办（帮办）：由他人代为办理')}
              checked={!!agent}
              onChange={(e) => setAgent(e.currentTarget.checked ? { name: '', idNumber: '', phone: '', relation: '', authorizationBlobs: [], cardRead: false } : null)}
            />
            {agent && (
              <>
                <SimpleGrid cols={2}>
                  <TextInput label={t('代办人姓名')} value={agent.name} onChange={(e) => setAgent({ ...agent, name: e.currentTarget.value })} />
                  <TextInput
                    label={t('代办人证件号码')}
                    value={agent.idNumber}
                    error={view.evaluation.issues.find((i) => i.key === 'agent.idNumber' && agent.idNumber)?.message}
                    onChange={(e) => setAgent({ ...agent, idNumber: e.currentTarget.value })}
                  />
                  <TextInput label={t('代办人电话')} value={agent.phone} onChange={(e) => setAgent({ ...agent, phone: e.currentTarget.value })} />
                  <TextInput label={t('与申请人关系')} value={agent.relation} onChange={(e) => setAgent({ ...agent, relation: e.currentTarget.value })} />
                </SimpleGrid>
                <Text size="sm">{t('授权委托书：')}</Text>
                <ScanSlot pages={agent.authorizationBlobs} onChange={(pages) => setAgent({ ...agent, authorizationBlobs: pages })} label={t('授权委托书')} />
              </>
            )}
          </Stack>
        </Card>
        <Card withBorder>
          <Select
            label={t('绿色通道（优先办理）')}
            description={t('老年人、残疾人、孕妇等：后续各环节优先显示')}
            data={PRIORITY_REASONS.map((r) => ({ value: r, label: PRIORITY_LABELS[r] }))}
            value={view.data.priority}
            onChange={(v) => change({ priority: (v as PriorityReason | null) ?? null })}
            clearable
            placeholder={t('不适用')}
          />
          <Select
            mt="sm"
            label={t('申请人阅读语言')}
            description={t('申请人屏、告知单和回执用这种语言；中文版本为准')}
            data={LANGS.map((l) => ({ value: l, label: LANG_NAMES[l] }))}
            value={view.data.lang}
            onChange={(v) => v && change({ lang: v as Lang })}
            allowDeselect={false}
          />
        </Card>
      </SimpleGrid>
      <Modal opened={!!confirm} onClose={() => setConfirm(null)} title={t('读到的是另一个人的证件')}>
        <Stack>
          <Text>
            {t('表单上已是')} {fields['applicant.name'] || t('另一位申请人')}{t('，刚读到的证件是')} {confirm?.card.name}{t('。要用新读到的证件替换申请人信息吗？')}
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirm(null)}>
              {t('保留原信息')}
            </Button>
            <Button
              onClick={() => {
                applyCard(confirm!);
                setConfirm(null);
              }}
            >
              {t('替换')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

/** After the decision: the notices to print, and the supply of pending materials. */
function Decided({ draft }: { draft: ReturnType<typeof useCaseDraft> }) {
  const view = draft.view!;
  const [error, setError] = useState<string | null>(null);
  const [pages, setPages] = useState<Record<string, string[]>>({});
  const kinds = [...new Set(view.notices.map((n) => n.kind))];
  async function supply(key: string, scanned: string[] | null) {
    setError(null);
    try {
      await draft.decide((v) =>
        api.intake.supply(scanned ? { id: v.id, key, status: 'scanned', pageBlobs: scanned } : { id: v.id, key, status: 'original' }),
      );
    } catch (err) {
      setError(errorText(err));
    }
  }
  return (
    <Stack>
      <Alert color={view.state === 'refused' ? 'red' : view.state === 'correction_requested' ? 'yellow' : 'green'} title={CASE_STATE_LABELS[view.state]}>
        <Stack gap={4}>
          <Text>{t('办件编号：')}{view.caseNumber}</Text>
          {view.expectedDate && <Text>{t('预计办结：')}{view.expectedDate}</Text>}
          {view.closingReason && view.state !== 'accepted' && <Text>{view.state === 'refused' ? t('理由') : t('需补正')}{t('：')}{view.closingReason}</Text>}
        </Stack>
      </Alert>
      <Group>
        {kinds.map((k) => (
          <PrintNotice key={k} id={view.id} kind={k} />
        ))}
      </Group>
      {view.pendingMaterials.length > 0 && (
        <Card withBorder>
          <Stack>
            <Title order={4}>{t('待补交的容缺材料')}</Title>
            {view.pendingMaterials.map((m) => (
              <Stack key={m.key} gap={4}>
                <Group>
                  <Text fw={600}>{m.name}</Text>
                  <Text c="dimmed">{t('期限')} {m.deadline}</Text>
                  <Button size="xs" onClick={() => void supply(m.key, null)}>
                    {t('收到原件')}
                  </Button>
                  <Button size="xs" variant="light" disabled={!pages[m.key]?.length} onClick={() => void supply(m.key, pages[m.key]!)}>
                    {t('以扫描件补交')}
                  </Button>
                </Group>
                <ScanSlot pages={pages[m.key] ?? []} onChange={(p) => setPages((x) => ({ ...x, [m.key]: p }))} label={m.name} />
              </Stack>
            ))}
          </Stack>
        </Card>
      )}
      {error && <Alert color="red">{error}</Alert>}
    </Stack>
  );
}

/** Mirrors the form on the applicant screen, read-only, for the applicant to check, and shows their answer. */
function ShowToApplicant({ draft }: { draft: ReturnType<typeof useCaseDraft> }) {
  const [error, setError] = useState<string | null>(null);
  const [asked, setAsked] = useState(false);
  const [answer, setAnswer] = useState<'waiting' | 'right' | 'wrong' | 'closed' | null>(null);
  const id = draft.view!.id;
  useEffect(() => {
    if (!asked) return;
    let live = true;
    const poll = () =>
      api.applicant.formAnswer({ id }).then(
        (r) => live && setAnswer(r.state),
        () => undefined,
      );
    void poll();
    const timer = window.setInterval(() => void poll(), 1500);
    return () => {
      live = false;
      window.clearInterval(timer);
    };
  }, [asked, id]);
  return (
    <Group gap="xs">
      <Button
        variant="default"
        title={error ?? undefined}
        color={error ? 'red' : undefined}
        onClick={() =>
          void draft
            .flush()
            .then(() => api.applicant.showCase({ id, lang: draft.view!.data.lang }))
            .then(() => {
              setError(null);
              setAnswer('waiting');
              setAsked(true);
            })
            .catch((err: unknown) => setError(errorText(err)))
        }
      >
        {t('申请人屏核对')}
      </Button>
      {asked && answer === 'waiting' && (
        <Badge variant="light" color="gray" data-testid="applicant-answer">
          {t('等待申请人核对')}
        </Badge>
      )}
      {asked && answer === 'right' && (
        <Badge variant="light" color="green" data-testid="applicant-answer">
          {t('申请人确认信息无误')}
        </Badge>
      )}
      {asked && answer === 'wrong' && (
        <Badge variant="filled" color="red" data-testid="applicant-answer" role="status">
          {t('申请人表示信息有误，请询问并改正')}
        </Badge>
      )}
    </Group>
  );
}

export function CaseScreen() {
  const { id } = useParams();
  // A fresh screen per case: nothing typed for one case may show, even for a moment, on another.
  return <CaseScreenFor key={id} id={id!} />;
}

function CaseScreenFor({ id }: { id: string }) {
  const navigate = useNavigate();
  const { session } = useSession();
  const canRecord = hasAnyRole(session.clerk.roles, ['intake', 'review', 'delivery', 'supervisor']);
  const draft = useCaseDraft(id);
  const [step, setStep] = useState(0);
  const [showErrors, setShowErrors] = useState(false);
  const view = draft.view;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'F8') setStep((s) => Math.min(s + 1, STEPS.length - 1));
      else if (e.key === 'F7') setStep((s) => Math.max(s - 1, 0));
      else if (e.altKey && /^[1-4]$/.test(e.key)) setStep(Number(e.key) - 1);
      else if (e.key === 'F4') document.querySelector<HTMLButtonElement>('[data-scan-button]')?.click();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  if (draft.loadError) return <Alert color="red">{draft.loadError}</Alert>;
  if (!view) return <Loader />;
  const editable = view.state === 'draft' || view.state === 'correction_requested';
  const identityKeys = IDENTITY_FIELDS[view.data.applicantKind];
  const formFields = view.evaluation.fields.filter((f) => !identityKeys.includes(f.key));
  const chosen = view.items.filter((i) => i.chosen);

  return (
    <Stack maw={1300}>
      <Group justify="space-between" align="flex-start">
        <Stack gap={2}>
          <Group gap="sm">
            <Title order={2}>{view.bundle.name}</Title>
            <Badge size="lg" variant="light" data-testid="case-state">
              {CASE_STATE_LABELS[view.state]}
            </Badge>
            {view.data.priority && (
              <Badge size="lg" color="orange">
                {t('绿色通道·')}{PRIORITY_LABELS[view.data.priority]}
              </Badge>
            )}
          </Group>
          <Text size="sm" c="dimmed">
            {view.caseNumber ? t('办件编号 {{caseNumber}} · ', { caseNumber: view.caseNumber }) : ''}
            {chosen.map((i) => i.name).join(t('、'))} {t('· 目录')} {view.catalogVersion}
            {view.ticketRef ? t(' · 排队号 {{ticketRef}}', { ticketRef: view.ticketRef }) : ''}
          </Text>
        </Stack>
        <Group>
          <SaveBadge save={draft.save} />
          {editable && <ShowToApplicant draft={draft} />}
          <Button variant="default" onClick={() => void draft.flush().then(() => navigate('/intake'))}>
            {t('返回收件')}
          </Button>
        </Group>
      </Group>
      {!editable ? (
        <>
          <Decided draft={draft} />
          {view.proxy && (
            <TransferPanel
              caseId={view.id}
              canSendRole={hasAnyRole(session.clerk.roles, ['intake', 'supervisor'])}
              canReceiveRole={hasAnyRole(session.clerk.roles, ['intake', 'review'])}
              prefill={view.evaluation.materials.filter((m) => m.intake?.status === 'original').map((m) => ({ name: m.name, copies: m.count, kind: 'original' as const }))}
            />
          )}
          <AssistPanel caseId={view.id} clerkName={session.clerk.name} canRecord={canRecord} pickBlobs={(p) => pickAssistBlobs(view.id, p)} />
        </>
      ) : (
        <>
          {view.state === 'correction_requested' && (
            <Alert color="yellow" title={t('申请人补正后再次提交')}>
              {t('上次已一次告知：')}{view.closingReason}{t('。补齐后可直接受理，办件编号不变。')}
            </Alert>
          )}
          <DuplicateNotice duplicates={view.duplicates ?? []} onOpen={(other) => void draft.flush().then(() => navigate(`/intake/case/${other}`))} />
          <Stepper active={step} onStepClick={setStep} size="sm">
            {STEPS.map((s, i) => (
              <Stepper.Step key={s} label={s} description={`Alt+${i + 1}`} />
            ))}
          </Stepper>
          <Card withBorder padding="lg">
            {step === 0 && (
              <Stack>
                <ApplicantStep draft={draft} />
                <ProxyPanel view={view} decide={draft.decide} />
                <AssistPanel caseId={view.id} clerkName={session.clerk.name} canRecord={canRecord} pickBlobs={(p) => pickAssistBlobs(view.id, p)} />
              </Stack>
            )}
            {step === 1 &&
              (formFields.length ? (
                <FieldGroups fields={formFields} values={draft.fields} issues={view.evaluation.issues} showErrors={showErrors} onChange={draft.setField} />
              ) : (
                <Text c="dimmed">{t('所选事项除申请人信息外没有其他表单项。')}</Text>
              ))}
            {step === 2 && <MaterialsStep view={view} onChange={(key, value) => draft.change({ materials: { [key]: value } })} renderScan={renderScan} />}
            {step === 3 && <DecisionStep view={view} decide={draft.decide} renderScan={renderScan} />}
          </Card>
          <Group justify="space-between">
            <Text size="sm" c="dimmed">
              <Kbd>F2</Kbd> {t('读身份证 ·')} <Kbd>F4</Kbd> {t('扫描 ·')} <Kbd>F7</Kbd> {t('上一步 ·')} <Kbd>F8</Kbd> {t('下一步 · 输入即自动保存')}
            </Text>
            <Group>
              <Button variant="default" disabled={step === 0} onClick={() => setStep(step - 1)}>
                {t('上一步')}
              </Button>
              {step < STEPS.length - 1 && (
                <Button
                  onClick={() => {
                    setShowErrors(true);
                    setStep(step + 1);
                  }}
                >
                  {t('下一步')}
                </Button>
              )}
            </Group>
          </Group>
        </>
      )}
    </Stack>
  );
}
