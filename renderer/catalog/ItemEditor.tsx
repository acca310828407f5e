import { Alert, Button, Checkbox, Group, Modal, NumberInput, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import type { BundleDetail } from '../../shared/api/contract';
import { api, errorText } from '../api';
import { t } from '../i18n';

type Item = BundleDetail['items'][number];

const CONFIRMABLE = [
  ['statutoryDays', t('法定时限')],
  ['promisedDays', t('承诺时限')],
  ['fee', t('收费标准')],
  ['result', t('办理结果')],
  ['consultation', t('咨询方式')],
  ['legalBasis', t('实施依据')],
] as const;

/** Admin: change or confirm an item's elements; the host stores the result as a new catalog version. */
export function ItemEditor({ item, materials, onClose, onSaved }: { item: Item; materials: BundleDetail['materials']; onClose(): void; onSaved(): void }) {
  const [statutory, setStatutory] = useState<number | string>(item.statutoryDays.value ?? '');
  const [promised, setPromised] = useState<number | string>(item.promisedDays.value ?? '');
  const [fee, setFee] = useState(item.fee.value);
  const [remove, setRemove] = useState<string[]>([]);
  const [confirm, setConfirm] = useState<string[]>([]);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const unconfirmed = CONFIRMABLE.filter(([k]) => item[k].placeholder);
  const own = materials.filter((m) => m.items.some((i) => i.itemId === item.id));
  const days = (v: number | string) => (v === '' ? null : Number(v));

  async function save() {
    setError(null);
    try {
      const { version } = await api.admin.catalogEditItem({
        itemId: item.id,
        ...(days(statutory) !== item.statutoryDays.value ? { statutoryDays: days(statutory) } : {}),
        ...(days(promised) !== item.promisedDays.value ? { promisedDays: days(promised) } : {}),
        ...(fee !== item.fee.value ? { fee } : {}),
        ...(remove.length ? { removeMaterials: remove } : {}),
        ...(confirm.length ? { confirm: confirm as (typeof CONFIRMABLE)[number][0][] } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      notifications.show({ color: 'green', message: t('已保存为目录版本 {{version}}；此前受理的办件仍按原版本办理。', { version }) });
      onSaved();
    } catch (err) {
      setError(errorText(err));
    }
  }

  return (
    <Modal opened onClose={onClose} title={t('修改事项：{{name}}', { name: item.name })} size="lg">
      <Stack>
        <Group grow>
          <NumberInput label={t('法定办结时限（工作日，空为无）')} value={statutory} onChange={setStatutory} allowDecimal={false} />
          <NumberInput label={t('承诺办结时限（工作日）')} value={promised} onChange={setPromised} allowDecimal={false} />
        </Group>
        <TextInput label={t('收费标准')} value={fee} onChange={(e) => setFee(e.currentTarget.value)} />
        {own.length > 0 && (
          <Checkbox.Group label={t('删除申请材料')} value={remove} onChange={setRemove}>
            <Stack gap={4} mt={4}>
              {own.map((m) => (
                <Checkbox key={m.key} value={m.key} label={m.name} />
              ))}
            </Stack>
          </Checkbox.Group>
        )}
        {unconfirmed.length > 0 && (
          <Checkbox.Group label={t('按现值确认的暂定内容')} value={confirm} onChange={setConfirm}>
            <Group mt={4}>
              {unconfirmed.map(([k, label]) => (
                <Checkbox key={k} value={k} label={label} />
              ))}
            </Group>
          </Checkbox.Group>
        )}
        <TextInput label={t('修改说明')} placeholder={t('如：经市场监管局确认')} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
        <Text size="xs" c="dimmed">
          {t('保存后生成新的目录版本；已受理的办件仍按受理时的版本办理。')}
        </Text>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('取消')}
          </Button>
          <Button onClick={() => void save()}>{t('保存为新版本')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
