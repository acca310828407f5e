import { randomUUID } from 'node:crypto';
import type { MethodOutput, MethodParsedInput } from '../../shared/api/contract.js';
import { evaluateIntake, IDENTITY_FIELDS, type IntakeMaterial } from '../../shared/intake.js';
import { AppError } from '../../shared/errors.js';
import { installationOf, type Deps } from './auth.js';
import type { CatalogService } from './catalog.js';

// What the applicant screen shows: set by the clerk, read by the applicant window.
// Held in memory only: after a restart the applicant screen waits again.

type View = MethodOutput<'applicant.view'>;
type FormView = Extract<View, { kind: 'form' }>;
type Held = FormView['materials'][number]['held'];

/** How the counter holds one material, from what the clerk recorded at intake; null when not needed. */
export function heldMaterial(m: IntakeMaterial, deadline: string | null): FormView['materials'][number] | null {
  const intake = m.intake;
  if (intake?.status === 'not_applicable') return null;
  if (!m.required && !m.exempt && !intake) return null;
  const pages = intake?.pageBlobs.length ?? 0;
  let held: Held;
  if (intake && !intake.problem && m.received && (intake.status === 'original' || intake.status === 'copy' || intake.status === 'scanned' || intake.status === 'elicense')) {
    held = intake.status;
  } else if (m.exempt) held = 'exempt';
  else held = 'missing';
  return { name: m.name, form: m.form, count: m.count, held, pages, problem: intake?.problem ?? null, deadline };
}

export function createApplicantService({ settings, store, now }: Deps, catalog: CatalogService) {
  let view: View = { kind: 'idle' };
  /** The case whose form is (or was last) shown, and what the applicant answered about it. */
  let shown: { caseId: string; formId: string; answer: 'right' | 'wrong' | null; at: string | null } | null = null;
  return {
    async show(input: MethodParsedInput<'applicant.show'>): Promise<void> {
      const bundle = await catalog.bundle({ id: input.bundleId, itemIds: input.itemIds });
      view = { kind: 'notice', lang: input.lang, bundle, hallName: installationOf(settings).hallName };
    },
    /**
     * Shows the applicant their own form and what the hall keeps of their materials, from the case
     * as saved; replaced by the next view or cleared by the clerk.
     */
    async showCase(input: MethodParsedInput<'applicant.showCase'>): Promise<void> {
      const rec = await store.cases.get(input.id);
      if (!rec) throw new AppError('NOT_FOUND', '找不到该办件，可能已被删除或编号有误。');
      const { ix } = await catalog.indexOf(rec.catalogVersion);
      const ev = evaluateIntake(ix, rec.bundleId, rec.itemIds, rec.data, new Date(now()).toISOString().slice(0, 10));
      // Who applies first, in the order of the 申请人 step; then the rest of the form.
      const identity = IDENTITY_FIELDS[rec.data.applicantKind];
      const rank = (key: string) => (identity.includes(key) ? identity.indexOf(key) : identity.length);
      const fields = [...ev.fields].sort((a, b) => rank(a.key) - rank(b.key));
      const deadlines = new Map(rec.pendingMaterials.map((p) => [p.key, p.deadline]));
      shown = { caseId: rec.id, formId: randomUUID(), answer: null, at: null };
      view = {
        kind: 'form',
        formId: shown.formId,
        hallName: installationOf(settings).hallName,
        bundleName: ix.bundle(rec.bundleId).name,
        lang: input.lang,
        rows: fields.map((f) => ({ key: f.key, label: f.label, type: f.type, value: rec.data.fields[f.key] ?? '' })),
        materials: ev.materials.flatMap((m) => heldMaterial(m, deadlines.get(m.key) ?? null) ?? []),
      };
    },
    /** 信息无误 / 信息有误 tapped on the applicant screen, for the form as shown. */
    answerForm(input: MethodParsedInput<'applicant.answerForm'>): void {
      if (view.kind !== 'form' || !shown || view.formId !== input.formId) {
        throw new AppError('CONFLICT', '工作人员已更换了屏幕内容，请按新的内容核对。');
      }
      shown.answer = input.answer;
      shown.at = new Date(now()).toISOString();
    },
    formAnswer(caseId: string): { state: 'waiting' | 'right' | 'wrong' | 'closed'; at: string | null } {
      if (!shown || shown.caseId !== caseId) return { state: 'closed', at: null };
      if (shown.answer) return { state: shown.answer, at: shown.at };
      return { state: view.kind === 'form' && view.formId === shown.formId ? 'waiting' : 'closed', at: null };
    },
    /** A prompt of the delivery window (signature, rating) or its thanks. */
    set(next: View): void {
      view = next;
    },
    clear(): void {
      view = { kind: 'idle' };
    },
    view: (): View => view,
  };
}
