import type { Condition, FieldRule, MaterialRequirement, PeriodRule, Source } from '../../shared/catalog.js';

// The 残疾人证 rules of doc:000 (黑龙江残疾人服务“一件事”工作方案) as catalog rules, shared by the
// regions that follow them. Liaoning borrows them as placeholders (seeds/catalog/liaoning-2023.ts).

export const PROCEDURE = 'disability.procedure';
export const procedureIs = (...values: string[]): Condition => ({ field: PROCEDURE, in: values });

/**
 * 申请智力、精神残疾人证和未成年人申请残疾人证须同时提供法定监护人的证明材料. A 多重残疾 card that
 * records an intellectual or mental disability counts too: the guardian is needed because of what
 * those disabilities do to the holder's capacity, which the other categories on the card do not change.
 */
export const GUARDIAN_NEEDED: Condition = {
  any: [
    { field: 'disability.type', in: ['智力残疾', '精神残疾'] },
    { all: [{ field: 'disability.type', in: ['多重残疾'] }, { field: 'disability.multipleIncludes', in: ['含智力或精神残疾'] }] },
    { field: 'applicant.idNumber', ageBelow: 18 },
  ],
};
export const GUARDIAN_WHEN = '申请智力、精神残疾人证或未成年人申请时';

/** The guardian proof as a rule; `when` stays the notice's wording. */
export const guardianRequired = (r: MaterialRequirement, onlyFor?: Condition): MaterialRequirement => ({
  ...r,
  requiredWhen: onlyFor ? { all: [onlyFor, GUARDIAN_NEEDED] } : GUARDIAN_NEEDED,
});

/** 监护人 fields: needed with the guardian proof; the phone is optional (the applicant's is asked anyway). */
export function guardianFields(onlyFor?: Condition): FieldRule[] {
  const requiredWhen = onlyFor ? { all: [onlyFor, GUARDIAN_NEEDED] } : GUARDIAN_NEEDED;
  return [
    { key: 'guardian.name', requiredWhen, when: GUARDIAN_WHEN },
    { key: 'guardian.idNumber', requiredWhen, when: GUARDIAN_WHEN },
    { key: 'guardian.phone' },
    { key: 'disability.multipleIncludes', requiredWhen: { field: 'disability.type', in: ['多重残疾'] }, when: '残疾类别为多重残疾时' },
    { key: 'disability.cancelledOn' },
  ];
}

/** 残疾人证注销未满一年的，原则上不得重新申请. */
export function cancelledWithinYear(source: Source, o: { appliesWhen?: Condition; history?: Condition; note?: string }): PeriodRule {
  return {
    key: 'cancelled_within_year',
    source,
    note: o.note ?? '“原则上”：可由值班长记录理由后对个案放行（waivable）',
    ...(o.appliesWhen ? { appliesWhen: o.appliesWhen } : {}),
    from: [{ field: 'disability.cancelledOn' }, ...(o.history ? [{ history: o.history }] : [])],
    years: 1,
    message: '残疾人证注销未满一年（{from}注销），{until}起方可重新申请；如有疑问请咨询残联',
    waivable: true,
  };
}
