import { Alert, Button, Group, Loader, Modal, Select, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import type { MethodInput, MethodOutput } from '../../shared/api/contract';
import { SERVICE_OBJECT_LABELS } from '../../shared/catalog';
import type { ApplicantKind } from '../../shared/intake';
import { api, errorText } from '../api';
import { ItemPicker } from '../intake/ItemPicker';
import { t } from '../i18n';

type Source = NonNullable<MethodInput<'intake.start'>['source']>;
type BundleDetail = MethodOutput<'catalog.bundle'>;

export interface StartRequest {
  source: Source;
  /** The bundle the ticket or appointment names; null: the clerk chooses it here. */
  bundleId: string | null;
  /** Who is being served: "A012 号 · 张三". */
  title: string;
}

/**
 * 开始收件 from a ticket or an appointment: the bundle preselected (chosen here when the ticket
 * names none), every item ticked as on the new-case card, then the case screen with the applicant prefilled.
 */
export function StartDialog({ request, onClose }: { request: StartRequest | null; onClose(): void }) {
  return (
    <Modal opened={request !== null} onClose={onClose} title={request ? t('开始收件：{{title}}', { title: request.title }) : ''} size="lg">
      {request && <StartBody key={`${JSON.stringify(request.source)}|${request.bundleId ?? ''}`} request={request} onClose={onClose} />}
    </Modal>
  );
}

function StartBody({ request, onClose }: { request: StartRequest; onClose(): void }) {
  const navigate = useNavigate();
  const [bundleId, setBundleId] = useState<string | null>(request.bundleId);
  const [bundles, setBundles] = useState<{ value: string; label: string }[]>([]);
  const [detail, setDetail] = useState<BundleDetail | null>(null);
  const [items, setItems] = useState<string[]>([]);
  const [kind, setKind] = useState<ApplicantKind>('person');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (request.bundleId) return;
    api.catalog
      .bundles({})
      .then((r) => setBundles(r.bundles.map((b) => ({ value: b.id, label: b.name }))))
      .catch((err: unknown) => setError(errorText(err)));
  }, [request.bundleId]);

  useEffect(() => {
    if (!bundleId) return;
    let alive = true;
    api.catalog
      .bundle({ id: bundleId })
      .then((d) => {
        if (!alive) return;
        setDetail(d);
        setItems(d.items.map((i) => i.id));
        setKind(d.serviceObject === SERVICE_OBJECT_LABELS.enterprise ? 'enterprise' : 'person');
      })
      .catch((err: unknown) => alive && setError(errorText(err)));
    return () => {
      alive = false;
    };
  }, [bundleId]);

  async function start() {
    if (!detail) return;
    setBusy(true);
    setError(null);
    try {
      const v = await api.intake.start({ bundleId: detail.id, itemIds: items, applicantKind: kind, source: request.source });
      onClose();
      navigate(`/intake/case/${v.id}`);
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  }

  return (
    <Stack>
      {!request.bundleId && (
        <Select
          label={t('该号办理的“一件事”')}
          placeholder={t('输入名称查找')}
          searchable
          data={bundles}
          value={bundleId}
          onChange={(v) => {
            setDetail(null);
            setBundleId(v);
          }}
          nothingFoundMessage={t('没有找到，请换个说法')}
        />
      )}
      {bundleId && !detail && !error && <Loader size="sm" />}
      {detail && (
        <>
          <Text fw={700}>{detail.name}</Text>
          <ItemPicker items={detail.items} value={items} onChange={setItems} kind={kind} onKind={setKind} />
          {items.length === 0 && <Text c="red">{t('至少选择一个事项。')}</Text>}
        </>
      )}
      {error && <Alert color="red">{error}</Alert>}
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          {t('取消')}
        </Button>
        <Button onClick={() => void start()} loading={busy} disabled={!detail || items.length === 0}>
          {t('确认并开始收件')}
        </Button>
      </Group>
    </Stack>
  );
}
