import { createContext, useCallback, useContext, useEffect, useLayoutEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import { LANG_NAMES, LANG_TAGS, LANGS, type Lang, type T } from '../../shared/i18n';
import { canSpeak, hush, speak, useVoices } from './speech';
import { STEPS, stepName, tr, type Step } from './texts';

// The frame of every applicant view: the language buttons and the step indicator on top, the
// view in the middle, what is being said (caption, replay) at the bottom. Sizes for elderly and
// low-vision readers on a touch monitor: body ≥ 32 px, headings ≥ 48 px, targets ≥ 64 px, and
// every text colour at least 7:1 against its background (WCAG AAA).

export const COLORS = {
  page: '#0b3d91',
  text: '#ffffff',
  /** Secondary text on the page colour (8:1). */
  soft: '#dbe7ff',
  /** Highlight on the page colour (7.8:1); dark text on it (13:1). */
  accent: '#ffe082',
  ink: '#1a1a1a',
  band: '#06285f',
  errorBg: '#fff3f3',
  errorText: '#a50e0e',
};

export const FONT = '"Noto Sans CJK SC", "Noto Sans", "Microsoft YaHei", "PingFang SC", "DejaVu Sans", sans-serif';

const CSS = `
.yct-a * { box-sizing: border-box; }
.yct-a button:focus-visible, .yct-a label:focus-within { outline: 5px solid ${COLORS.accent}; outline-offset: 4px; }
.yct-a button:disabled { cursor: not-allowed; }
.yct-steps { display: flex; flex-wrap: wrap; gap: 8px 20px; list-style: none; margin: 0; padding: 0; }
.yct-actions { display: flex; flex-wrap: wrap; gap: 20px; align-items: center; }
.yct-spacer { flex: 1; }
`;

interface ScreenCtx {
  lang: Lang;
  t: T;
  /** Shows the text in the caption and speaks it (unless silent), stopping what was said before. */
  say(text: string, silent?: boolean): void;
}

const Ctx = createContext<ScreenCtx>({ lang: 'zh', t: tr('zh'), say: () => undefined });

export const useScreen = (): ScreenCtx => useContext(Ctx);

/** A view's spoken text: said when it appears or changes (a new page, another language), stopped when it goes. */
export function useSay(text: string, silent = false): void {
  const { say } = useScreen();
  useEffect(() => {
    say(text, silent);
  }, [say, text, silent]);
  useEffect(() => hush, []);
}

type Variant = 'primary' | 'secondary' | 'outline';

const VARIANTS: Record<Variant, React.CSSProperties> = {
  primary: { background: COLORS.accent, color: COLORS.ink, border: `3px solid ${COLORS.accent}` },
  secondary: { background: COLORS.text, color: COLORS.page, border: `3px solid ${COLORS.text}` },
  outline: { background: 'transparent', color: COLORS.text, border: `3px solid ${COLORS.text}` },
};

export function BigButton({
  variant = 'secondary',
  style,
  children,
  ...rest
}: { variant?: Variant; children: ReactNode } & React.ButtonHTMLAttributes<HTMLButtonElement>) {
  const off = rest.disabled;
  return (
    <button
      type="button"
      {...rest}
      style={{
        fontSize: 32,
        fontWeight: 700,
        fontFamily: 'inherit',
        minHeight: 72,
        minWidth: 120,
        padding: '10px 32px',
        borderRadius: 14,
        cursor: 'pointer',
        touchAction: 'manipulation',
        ...VARIANTS[variant],
        // Disabled keeps its contrast: dashed, not faded.
        ...(off ? { background: 'transparent', color: COLORS.text, border: `3px dashed ${COLORS.soft}` } : {}),
        ...style,
      }}
    >
      {children}
    </button>
  );
}

function StepBar({ step, t }: { step: Step; t: T }) {
  const at = STEPS.indexOf(step);
  return (
    <ol className="yct-steps" aria-label={t('办理步骤')} data-testid="steps">
      {STEPS.map((s, i) => {
        const current = i === at;
        const done = i < at;
        return (
          <li key={s} aria-current={current ? 'step' : undefined} data-step={s} style={{ display: 'flex', alignItems: 'center', gap: 10, fontSize: 32, fontWeight: current ? 700 : 400 }}>
            <span
              aria-hidden="true"
              style={{
                display: 'inline-grid',
                placeItems: 'center',
                width: 48,
                height: 48,
                borderRadius: '50%',
                fontSize: 28,
                fontWeight: 700,
                background: current ? COLORS.accent : done ? COLORS.text : 'transparent',
                color: current ? COLORS.ink : done ? COLORS.page : COLORS.text,
                border: `3px solid ${current ? COLORS.accent : COLORS.text}`,
              }}
            >
              {done ? '✓' : i + 1}
            </span>
            <span style={{ color: current ? COLORS.accent : COLORS.text, textDecoration: current ? 'underline' : 'none', textUnderlineOffset: 8 }}>{stepName(s, t)}</span>
          </li>
        );
      })}
    </ol>
  );
}

function LanguageBar({ lang, onChange, t }: { lang: Lang; onChange: (l: Lang) => void; t: T }) {
  return (
    <div role="group" aria-label={t('语言')} style={{ display: 'flex', gap: 10 }}>
      {LANGS.map((l) => (
        <BigButton
          key={l}
          lang={LANG_TAGS[l]}
          aria-pressed={l === lang}
          variant={l === lang ? 'primary' : 'outline'}
          onClick={() => onChange(l)}
          style={{ fontSize: 26, minHeight: 64, padding: '6px 16px', minWidth: 0 }}
        >
          {LANG_NAMES[l]}
        </BigButton>
      ))}
    </div>
  );
}

function SpeakerIcon() {
  return (
    <svg width="36" height="36" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <path d="M4 12h6l8-6v20l-8-6H4z" fill="currentColor" />
      <path d="M22 11a7 7 0 0 1 0 10M25 7a12 12 0 0 1 0 18" fill="none" stroke="currentColor" strokeWidth="2.5" strokeLinecap="round" />
    </svg>
  );
}

/** The whole screen: one view at a time between the fixed top and bottom bands. */
export function Screen({ lang, onLang, step, children }: { lang: Lang; onLang: (l: Lang) => void; step: Step | null; children: ReactNode }) {
  const t = tr(lang);
  const voices = useVoices();
  const voicesRef = useRef(voices);
  useEffect(() => {
    voicesRef.current = voices;
  }, [voices]);
  const [caption, setCaption] = useState('');
  const say = useCallback(
    (text: string, silent = false) => {
      setCaption(text);
      if (silent) hush();
      else speak(text, lang, voicesRef.current);
    },
    [lang],
  );
  const voiceless = !canSpeak(voices, lang);
  return (
    <Ctx.Provider value={{ lang, t, say }}>
      <style>{CSS}</style>
      <div
        className="yct-a"
        lang={LANG_TAGS[lang]}
        style={{ height: '100vh', display: 'flex', flexDirection: 'column', background: COLORS.page, color: COLORS.text, fontFamily: FONT, fontSize: 32, lineHeight: 1.4 }}
      >
        <header style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 16, padding: '16px 40px 0' }}>
          {step && <StepBar step={step} t={t} />}
          <div className="yct-spacer" />
          <LanguageBar lang={lang} onChange={onLang} t={t} />
        </header>
        <main style={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column', padding: '12px 40px' }}>{children}</main>
        <footer style={{ display: 'flex', alignItems: 'center', gap: 24, padding: '10px 40px', background: COLORS.band, minHeight: 96 }}>
          <div style={{ flex: 1, minWidth: 0 }}>
            <div
              aria-live="polite"
              data-testid="spoken"
              style={{ fontSize: 32, maxHeight: '2.8em', overflowY: 'auto', overscrollBehavior: 'contain', touchAction: 'pan-y' }}
            >
              {caption}
            </div>
            {voiceless && (
              <div data-testid="voice-unavailable" style={{ fontSize: 22, color: COLORS.soft }}>
                {t('本机没有这种语言的语音朗读，请阅读屏幕上的文字。')}
              </div>
            )}
          </div>
          <BigButton variant="secondary" onClick={() => speak(caption, lang, voices)} aria-label={t('重播')} style={{ display: 'flex', alignItems: 'center', gap: 12, flex: 'none' }}>
            <SpeakerIcon />
            {t('重播')}
          </BigButton>
        </footer>
      </div>
    </Ctx.Provider>
  );
}

export function Heading({ children, sub }: { children: ReactNode; sub?: ReactNode }) {
  return (
    <div style={{ marginBottom: 16 }}>
      <h1 style={{ fontSize: 48, lineHeight: 1.25, margin: 0 }}>{children}</h1>
      {sub && <div style={{ fontSize: 32, color: COLORS.soft, marginTop: 4 }}>{sub}</div>}
    </div>
  );
}

export function ErrorLine({ text }: { text: string | null }) {
  if (!text) return null;
  return (
    <div role="alert" style={{ fontSize: 32, marginTop: 16, background: COLORS.errorBg, color: COLORS.errorText, padding: '12px 20px', borderRadius: 8 }}>
      {text}
    </div>
  );
}

const sameStarts = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((x, i) => x === b[i]);

export interface Pages {
  page: number;
  pages: number;
  /** Items shown now: [from, to). */
  from: number;
  to: number;
  go(page: number): void;
}

/**
 * Pages of the `[data-page-item]` children of a box that does not scroll by hand: as many whole
 * items as fit its height, turned with big buttons instead of a thin scrollbar. `remeasure` lists
 * what changes the items' heights (the language).
 */
export function usePages(box: RefObject<HTMLElement | null>, count: number, remeasure: unknown): Pages {
  const [starts, setStarts] = useState<number[]>([0]);
  const [page, setPage] = useState(0);
  const items = () => [...(box.current?.querySelectorAll<HTMLElement>('[data-page-item]') ?? [])];

  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () => {
      const origin = el.getBoundingClientRect().top - el.scrollTop;
      const height = el.clientHeight;
      const next = [0];
      let pageTop = 0;
      items().forEach((it, i) => {
        const r = it.getBoundingClientRect();
        const top = r.top - origin;
        if (i === 0) pageTop = top;
        else if (r.bottom - origin - pageTop > height + 1) {
          next.push(i);
          pageTop = top;
        }
      });
      setStarts((prev) => (sameStarts(prev, next) ? prev : next));
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    if (el.firstElementChild) ro.observe(el.firstElementChild);
    return () => ro.disconnect();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [count, remeasure]);

  const p = Math.min(page, starts.length - 1);
  const from = starts[p] ?? 0;
  const to = starts[p + 1] ?? count;

  useLayoutEffect(() => {
    const el = box.current;
    const first = items()[from];
    if (!el) return;
    el.scrollTo(0, first ? first.getBoundingClientRect().top - (el.getBoundingClientRect().top - el.scrollTop) : 0);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [from, starts]);

  return { page: p, pages: starts.length, from, to, go: (n) => setPage(Math.max(0, Math.min(n, starts.length - 1))) };
}

/** Props for one paged item: out-of-page items keep their place (for measuring) but are not seen or read. */
export function pageItem(i: number, p: Pages): { 'data-page-item': true; 'aria-hidden'?: true; style: React.CSSProperties } {
  const shown = i >= p.from && i < p.to;
  return shown ? { 'data-page-item': true, style: {} } : { 'data-page-item': true, 'aria-hidden': true, style: { visibility: 'hidden' } };
}

/** 上一页 · 第 n 页，共 m 页 · 下一页; nothing when everything fits. */
export function PagerButtons({ p }: { p: Pages }) {
  const { t } = useScreen();
  if (p.pages <= 1) return null;
  return (
    <>
      <BigButton variant="outline" disabled={p.page === 0} onClick={() => p.go(p.page - 1)}>
        {t('上一页')}
      </BigButton>
      <span style={{ fontSize: 32 }} data-testid="page-of">
        {t('第 {{page}} 页，共 {{count}} 页', { page: p.page + 1, count: p.pages })}
      </span>
      <BigButton variant={p.page === p.pages - 1 ? 'outline' : 'primary'} disabled={p.page === p.pages - 1} onClick={() => p.go(p.page + 1)}>
        {t('下一页')}
      </BigButton>
    </>
  );
}

/** The box the paged items live in: takes the height left, never scrolls by hand. */
export function PageBox({ boxRef, children, minHeight = 120 }: { boxRef: RefObject<HTMLDivElement | null>; children: ReactNode; minHeight?: number }) {
  return (
    <div ref={boxRef} style={{ flex: 1, minHeight, overflow: 'hidden', position: 'relative' }}>
      <div>{children}</div>
    </div>
  );
}

export function Actions({ children }: { children: ReactNode }) {
  return (
    <div className="yct-actions" style={{ marginTop: 16 }}>
      {children}
    </div>
  );
}
