import { useCallback, useEffect, useRef, useState } from 'react';
import type { MethodInput } from '../../shared/api/contract';
import type { CaseView } from '../../shared/api/intake';
import { api, errorText } from '../api';
import { t } from '../i18n';

type Patch = NonNullable<MethodInput<'intake.update'>['patch']>;

export type SaveState = { kind: 'saved'; at: Date | null } | { kind: 'dirty' } | { kind: 'saving' } | { kind: 'error'; message: string };

const TYPING_DELAY_MS = 400;
const RETRY_MS = 3000;

function mergePatch(into: Patch, p: Patch): Patch {
  return {
    ...into,
    ...p,
    ...(into.fields || p.fields ? { fields: { ...into.fields, ...p.fields } } : {}),
    ...(into.materials || p.materials ? { materials: { ...into.materials, ...p.materials } } : {}),
  };
}

/**
 * The open case with autosave: typing is kept on screen at once and sent in small batches;
 * a failed save keeps the unsent changes and retries, so nothing typed is lost.
 */
export function useCaseDraft(id: string) {
  const [view, setViewState] = useState<CaseView | null>(null);
  // Decisions read the latest saved version synchronously, after a flush.
  const viewRef = useRef<CaseView | null>(null);
  const setView = useCallback((v: CaseView) => {
    viewRef.current = v;
    setViewState(v);
  }, []);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [loadError, setLoadError] = useState<string | null>(null);
  const [save, setSave] = useState<SaveState>({ kind: 'saved', at: null });
  const unsent = useRef<Patch>({});
  const inflight = useRef<Promise<void> | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const retry = useRef<() => Promise<void>>(async () => undefined);

  useEffect(() => {
    let alive = true;
    api.intake
      .open({ id })
      .then((v) => {
        if (!alive) return;
        setView(v);
        setFields(v.data.fields);
      })
      .catch((err: unknown) => alive && setLoadError(errorText(err)));
    return () => {
      alive = false;
    };
  }, [id, setView]);

  const flush = useCallback(async (): Promise<void> => {
    if (timer.current) {
      clearTimeout(timer.current);
      timer.current = null;
    }
    while (inflight.current) await inflight.current;
    const patch = unsent.current;
    if (Object.keys(patch).length === 0) return;
    unsent.current = {};
    setSave({ kind: 'saving' });
    const run = (async () => {
      try {
        const v = await api.intake.update({ id, patch });
        setView(v);
        // What was typed while the save was on its way stays on screen.
        const later = unsent.current.fields ?? {};
        setFields({ ...v.data.fields, ...Object.fromEntries(Object.entries(later).map(([k, val]) => [k, val ?? ''])) });
        setSave(Object.keys(unsent.current).length ? { kind: 'dirty' } : { kind: 'saved', at: new Date() });
      } catch (err) {
        unsent.current = mergePatch(patch, unsent.current);
        setSave({ kind: 'error', message: errorText(err) });
        timer.current = setTimeout(() => void retry.current(), RETRY_MS);
      }
    })();
    inflight.current = run;
    await run;
    inflight.current = null;
  }, [id, setView]);

  useEffect(() => {
    retry.current = flush;
  }, [flush]);

  const change = useCallback(
    (p: Patch, immediate = true) => {
      unsent.current = mergePatch(unsent.current, p);
      setSave((s) => (s.kind === 'error' ? s : { kind: 'dirty' }));
      if (p.fields) setFields((prev) => ({ ...prev, ...Object.fromEntries(Object.entries(p.fields!).map(([k, v]) => [k, v ?? ''])) }));
      if (timer.current) clearTimeout(timer.current);
      if (immediate) void flush();
      else timer.current = setTimeout(() => void flush(), TYPING_DELAY_MS);
    },
    [flush],
  );

  const setField = useCallback((key: string, value: string) => change({ fields: { [key]: value } }, false), [change]);

  // Closing the window sends what is left; the server keeps every saved event anyway.
  useEffect(() => {
    const onHide = () => void flush();
    window.addEventListener('pagehide', onHide);
    return () => {
      window.removeEventListener('pagehide', onHide);
      void flush();
    };
  }, [flush]);

  /** Runs a decision on the saved state: pending changes are sent first. */
  const decide = useCallback(
    async (fn: (v: CaseView) => Promise<CaseView>): Promise<CaseView> => {
      await flush();
      if (Object.keys(unsent.current).length) throw { code: 'CONFLICT', message: t('还有未保存的修改，请稍候重试。') };
      const next = await fn(viewRef.current!);
      setView(next);
      setFields(next.data.fields);
      return next;
    },
    [flush, setView],
  );

  return { view, setView, fields, setField, change, flush, decide, save, loadError };
}
