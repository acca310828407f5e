import type { MethodOutput, MethodParsedInput } from '../../shared/api/contract.js';
import { installationOf, type Deps } from './auth.js';
import type { CatalogService } from './catalog.js';

// What the applicant screen shows: set by the clerk, read by the applicant window.
// Held in memory only: after a restart the applicant screen waits again.

type View = MethodOutput<'applicant.view'>;

export function createApplicantService({ settings }: Deps, catalog: CatalogService) {
  let view: View = { kind: 'idle' };
  return {
    async show(input: MethodParsedInput<'applicant.show'>): Promise<void> {
      const bundle = await catalog.bundle({ id: input.bundleId, itemIds: input.itemIds });
      view = { kind: 'notice', lang: input.lang, bundle, hallName: installationOf(settings).hallName };
    },
    /** Shows the applicant their own form; replaced by the next view or cleared by the clerk. */
    showForm(form: Omit<Extract<View, { kind: 'form' }>, 'kind' | 'hallName'>): void {
      view = { kind: 'form', hallName: installationOf(settings).hallName, ...form };
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
