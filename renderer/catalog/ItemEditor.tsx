import { Alert, Button, Checkbox, Group, Modal, NumberInput, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import type { BundleDetail } from '../../shared/api/contract';
import { api, errorText } from '../api';

type Item = BundleDetail['items'][number];

const CONFIRMABLE = [
  ['statutoryDays', '法定时限'],
  ['promisedDays', '承诺时限'],
  ['fee', '收费标准'],
  ['result', '办理结果'],
  ['consultation', '咨询方式'],
  ['legalBasis', '实施依据'],
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
      notifications.show({ color: 'green', message: `已保存为目录版本 ${version}；此前受理的办件仍按原版本办理。` });
      onSaved();
    } catch (err) {
      setError(errorText(err));
    }
  }

  return (
    <Modal opened onClose={onClose} title={`修改事项：${item.name}`} size="lg">
      <Stack>
        <Group grow>
          <NumberInput label="法定办结时限（工作日，空为无）" value={statutory} onChange={setStatutory} allowDecimal={false} />
          <NumberInput label="承诺办结时限（工作日）" value={promised} onChange={setPromised} allowDecimal={false} />
        </Group>
        <TextInput label="收费标准" value={fee} onChange={(e) => setFee(e.currentTarget.value)} />
        {own.length > 0 && (
          <Checkbox.Group label="删除申请材料" value={remove} onChange={setRemove}>
            <Stack gap={4} mt={4}>
              {own.map((m) => (
                <Checkbox key={m.key} value={m.key} label={m.name} />
              ))}
            </Stack>
          </Checkbox.Group>
        )}
        {unconfirmed.length > 0 && (
          <Checkbox.Group label="按现值确认的暂定内容" value={confirm} onChange={setConfirm}>
            <Group mt={4}>
              {unconfirmed.map(([k, label]) => (
                <Checkbox key={k} value={k} label={label} />
              ))}
            </Group>
          </Checkbox.Group>
        )}
        <TextInput label="修改说明" placeholder="如：经市场监管局确认" value={note} onChange={(e) => setNote(e.currentTarget.value)} />
        <Text size="xs" c="dimmed">
          保存后生成新的目录版本；已受理的办件仍按受理时的版本办理。
        </Text>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            取消
          </Button>
          <Button onClick={() => void save()}>保存为新版本</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
