import { Checkbox, Stack, TextInput, Textarea } from '@mantine/core';
import type { HomeVisit } from '../../shared/assist';
import { t } from '../i18n';

// 上门送达: the part of the handover form that says the results were taken to the applicant's home
// (address, staff who went, date). The handover form passes `value` on as `home` of delivery.handOver;
// null is an ordinary handover at the window.

export type HomeVisitDraft = Pick<HomeVisit, 'address' | 'staff' | 'date'> & { note: string | null };

export interface HomeDeliveryProps {
  value: HomeVisitDraft | null;
  onChange(value: HomeVisitDraft | null): void;
  /** Today (YYYY-MM-DD): the default date, and the latest one allowed. */
  today: string;
  /** The applicant's address from the form, offered as the default. */
  defaultAddress?: string;
  /** The signed-in clerk, offered as the first staff member. */
  clerkName?: string;
  /** Field errors from the host (`home.date` …), shown under the field. */
  errors?: Partial<Record<'address' | 'staff' | 'date', string>>;
  disabled?: boolean;
}

const splitStaff = (s: string) =>
  s
    .split(/[、,，\s]+/)
    .map((x) => x.trim())
    .filter(Boolean);

export function HomeDelivery({ value, onChange, today, defaultAddress, clerkName, errors, disabled }: HomeDeliveryProps) {
  const on = value !== null;
  return (
    <Stack gap="xs" data-testid="home-delivery">
      <Checkbox
        label={t('上门送达（工作人员将结果送到申请人家中）')}
        checked={on}
        disabled={disabled}
        onChange={(e) =>
          onChange(e.currentTarget.checked ? { address: defaultAddress ?? '', staff: clerkName ? [clerkName] : [], date: today, note: null } : null)
        }
      />
      {value && (
        <>
          <TextInput
            label={t('上门地址')}
            description={t('区县、街道、门牌')}
            required
            value={value.address}
            error={errors?.address}
            disabled={disabled}
            onChange={(e) => onChange({ ...value, address: e.currentTarget.value })}
          />
          <TextInput
            label={t('上门工作人员')}
            description={t('多人用顿号分隔，最多 5 人')}
            required
            value={value.staff.join(t('、'))}
            error={errors?.staff}
            disabled={disabled}
            onChange={(e) => onChange({ ...value, staff: splitStaff(e.currentTarget.value) })}
          />
          <TextInput
            type="date"
            label={t('上门日期')}
            required
            max={today}
            value={value.date}
            error={errors?.date}
            disabled={disabled}
            onChange={(e) => onChange({ ...value, date: e.currentTarget.value })}
          />
          <Textarea
            label={t('说明（可不填）')}
            autosize
            minRows={1}
            value={value.note ?? ''}
            disabled={disabled}
            onChange={(e) => onChange({ ...value, note: e.currentTarget.value.trim() ? e.currentTarget.value : null })}
          />
        </>
      )}
    </Stack>
  );
}
