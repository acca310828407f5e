import { Checkbox, SegmentedControl, Stack } from '@mantine/core';
import type { ApplicantKind } from '../../shared/intake';
import { t } from '../i18n';

/** The items of the chosen bundle to apply for, and whether the applicant is a person or an enterprise. */
export function ItemPicker(props: {
  items: readonly { id: string; name: string; department: string }[];
  value: string[];
  onChange(ids: string[]): void;
  kind: ApplicantKind;
  onKind(kind: ApplicantKind): void;
}) {
  return (
    <>
      <Checkbox.Group label={t('申请人需要办理的事项（可只选其中几项）')} value={props.value} onChange={props.onChange}>
        <Stack gap={4} mt={4}>
          {props.items.map((i) => (
            <Checkbox key={i.id} value={i.id} label={t('{{name}}（{{department}}）', { name: i.name, department: i.department })} />
          ))}
        </Stack>
      </Checkbox.Group>
      <SegmentedControl
        aria-label={t('申请人类型')}
        value={props.kind}
        onChange={(v) => props.onKind(v as ApplicantKind)}
        data={[
          { value: 'person', label: t('个人') },
          { value: 'enterprise', label: t('企业/单位') },
        ]}
      />
    </>
  );
}
