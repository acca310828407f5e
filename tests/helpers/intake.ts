import type { CaseView } from '../../shared/api/intake.js';
import { idCheckChar, usccCheckChar } from '../../shared/validators.js';

/** A valid citizen ID number for a birth date and a serial, for test applicants. */
export function idNumber(birth = '19900101', serial = 123, region = '232701'): string {
  const first17 = `${region}${birth}${String(serial).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
}

export function creditCode(body = '91232701MA1B2C3D4'): string {
  return body + usccCheckChar(body);
}

/** A value each field type accepts, so a test can complete a form whatever the catalog asks. */
export function validValue(f: CaseView['evaluation']['fields'][number], n = 0): string {
  switch (f.type) {
    case 'idNumber':
      return idNumber('19900101', 100 + n);
    case 'creditCode':
      return creditCode();
    case 'phone':
      return `1380451${String(1000 + n).slice(-4)}`;
    case 'date':
      return '2026-11-01';
    case 'number':
      return '3';
    case 'select':
      return f.options![0]!;
    default:
      return `${f.label}内容`;
  }
}

/** Values for every field of the form that is still empty or wrong. */
export function completeFields(view: CaseView, overrides: Record<string, string> = {}): Record<string, string> {
  const out: Record<string, string> = {};
  view.evaluation.fields.forEach((f, i) => {
    if (view.evaluation.issues.some((x) => x.key === f.key && x.severity === 'error')) out[f.key] = validValue(f, i);
  });
  return { ...out, ...overrides };
}

/** Marks every required material (or the given ones) as received in original. */
export function receiveMaterials(view: CaseView, except: readonly string[] = []) {
  const out: Record<string, { status: 'original'; pageBlobs: string[]; licenceNo: null; problem: null }> = {};
  for (const m of view.evaluation.materials) {
    if (m.required && !m.received && !except.includes(m.key)) out[m.key] = { status: 'original', pageBlobs: [], licenceNo: null, problem: null };
  }
  return out;
}
