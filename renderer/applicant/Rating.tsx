import { useState } from 'react';
import { isBadRating, RATING_LEVELS, RATING_REASONS, type RatingLevel } from '../../shared/delivery';
import { api, errorText } from '../api';
import { Actions, BigButton, COLORS, ErrorLine, Heading, useSay, useScreen } from './layout';
import { ratingSpeech } from './speech-text';
import { ratingLabels, reasonTexts, type View } from './texts';

// Step 4: 好差评. Five large faces, touch only; the two bad ones ask why (one screen each) before submitting.

type Reason = (typeof RATING_REASONS)[number];

/** Dark enough for white text at 7:1 (WCAG AAA). */
const LEVEL_COLORS: Record<RatingLevel, string> = { 5: '#1b4d1b', 4: '#2e5e1a', 3: '#0d47a1', 2: '#8a3c00', 1: '#a00d0d' };

/** A face drawn in SVG: emoji fonts are missing on many hall computers. */
function Face({ level }: { level: RatingLevel }) {
  const curve = { 5: 12, 4: 6, 3: 0, 2: -6, 1: -12 }[level];
  return (
    <svg width="64" height="64" viewBox="0 0 56 56" aria-hidden="true" focusable="false">
      <circle cx="28" cy="28" r="25" fill="none" stroke="currentColor" strokeWidth="3.5" />
      <circle cx="20" cy="22" r="3.2" fill="currentColor" />
      <circle cx="36" cy="22" r="3.2" fill="currentColor" />
      <path d={`M17 ${37 - curve / 3} Q28 ${37 + curve} 39 ${37 - curve / 3}`} fill="none" stroke="currentColor" strokeWidth="3.5" strokeLinecap="round" />
    </svg>
  );
}

// Stacked on a narrow screen, one row of five on a wide one.
const RATING_CSS = `
.yct-levels { display: grid; grid-template-columns: 1fr; gap: 20px; }
@media (min-width: 1000px) { .yct-levels { grid-template-columns: repeat(5, 1fr); } }
.yct-reasons { display: grid; grid-template-columns: 1fr; gap: 14px; }
@media (min-width: 1000px) { .yct-reasons { grid-template-columns: repeat(2, 1fr); } }
@media (min-width: 1600px) { .yct-reasons { grid-template-columns: repeat(3, 1fr); } }
`;

export function Rating({ view }: { view: Extract<View, { kind: 'rating' }> }) {
  const { lang, t } = useScreen();
  const [level, setLevel] = useState<RatingLevel | null>(null);
  const [reasons, setReasons] = useState<Reason[]>([]);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const bad = level !== null && isBadRating(level);
  useSay(ratingSpeech(lang, sent ? 'sent' : bad ? 'reasons' : 'choose'));
  const labels = ratingLabels(t);
  const reasonText = reasonTexts(t);

  async function submit(l: RatingLevel, why: Reason[]) {
    if (busy || sent) return;
    setBusy(true);
    setError(null);
    try {
      // No free-text comment: this screen has no keyboard.
      await api.applicant.rate({ promptId: view.promptId, level: l, reasons: isBadRating(l) ? why : [], comment: null });
      setSent(true);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  function choose(l: RatingLevel) {
    setLevel(l);
    if (!isBadRating(l)) void submit(l, []);
  }

  return (
    <>
      <style>{RATING_CSS}</style>
      <Heading sub={bad && !sent ? t('您选择了：{{level}}', { level: labels[level] }) : `${view.hallName} · ${view.bundleName}`}>
        {bad && !sent ? t('请选择不满意的原因（可多选）') : t('请对本次服务进行评价')}
      </Heading>
      {!bad || sent ? (
        <div className="yct-levels" style={{ marginTop: 8 }}>
          {RATING_LEVELS.map((l) => {
            const chosen = level === l;
            return (
              <button
                key={l}
                type="button"
                aria-label={labels[l]}
                aria-pressed={chosen}
                disabled={busy || sent}
                onClick={() => choose(l)}
                style={{
                  minHeight: 150,
                  width: '100%',
                  fontSize: 36,
                  fontWeight: 700,
                  fontFamily: 'inherit',
                  padding: '16px 8px',
                  borderRadius: 14,
                  border: `3px solid ${COLORS.text}`,
                  cursor: 'pointer',
                  touchAction: 'manipulation',
                  background: LEVEL_COLORS[l],
                  color: COLORS.text,
                  outline: chosen ? `6px solid ${COLORS.accent}` : 'none',
                  outlineOffset: 4,
                  display: 'flex',
                  flexDirection: 'column',
                  alignItems: 'center',
                  justifyContent: 'center',
                  gap: 8,
                }}
              >
                <Face level={l} />
                <span>{labels[l]}</span>
              </button>
            );
          })}
        </div>
      ) : (
        <section aria-label={t('不满意的原因')} style={{ flex: 1, minHeight: 0 }}>
          <div className="yct-reasons">
            {RATING_REASONS.map((r, i) => {
              const on = reasons.includes(r);
              return (
                <label
                  key={r}
                  style={{
                    display: 'flex',
                    alignItems: 'center',
                    gap: 18,
                    fontSize: 32,
                    padding: '10px 20px',
                    borderRadius: 12,
                    border: `3px solid ${on ? COLORS.accent : COLORS.text}`,
                    background: on ? COLORS.accent : 'transparent',
                    color: on ? COLORS.ink : COLORS.text,
                    cursor: 'pointer',
                    minHeight: 72,
                    touchAction: 'manipulation',
                  }}
                >
                  <input
                    type="checkbox"
                    checked={on}
                    onChange={(e) => {
                      const checked = e.currentTarget.checked;
                      setReasons((rs) => (checked ? [...rs, r] : rs.filter((x) => x !== r)));
                    }}
                    style={{ width: 40, height: 40, margin: 0, flex: 'none' }}
                  />
                  {reasonText[i] ?? r}
                </label>
              );
            })}
          </div>
          <Actions>
            <BigButton variant="primary" onClick={() => void submit(level, reasons)} disabled={busy} style={{ minHeight: 88, padding: '14px 48px', fontSize: 36 }}>
              {t('提交评价')}
            </BigButton>
            <BigButton
              variant="outline"
              onClick={() => {
                setLevel(null);
                setReasons([]);
              }}
              disabled={busy}
              style={{ minHeight: 88 }}
            >
              {t('重新选择')}
            </BigButton>
          </Actions>
        </section>
      )}
      {(busy || sent) && <div style={{ fontSize: 36, marginTop: 24 }}>{sent ? t('评价已提交，谢谢！') : t('正在提交…')}</div>}
      <ErrorLine text={error} />
    </>
  );
}
