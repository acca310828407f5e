import { createRoot } from 'react-dom/client';
import { useEffect, useRef, useState } from 'react';
import type { MethodOutput } from '../../shared/api/contract';
import { isBadRating, RATING_LABELS, RATING_LEVELS, RATING_REASONS, type RatingLevel } from '../../shared/delivery';
import { NOTICE_LABELS } from '../../shared/notice';
import { api, errorText } from '../api';

// The applicant-facing screen: large type and high contrast, showing what the clerk chose.

type View = MethodOutput<'applicant.view'>;

const page: React.CSSProperties = {
  minHeight: '100vh',
  margin: 0,
  background: '#0b3d91',
  color: '#fff',
  fontFamily: '"Noto Sans CJK SC", "Microsoft YaHei", sans-serif',
  padding: '40px 56px',
  boxSizing: 'border-box',
};

function Waiting() {
  return (
    <main style={{ ...page, display: 'grid', placeItems: 'center' }}>
      <div style={{ textAlign: 'center' }}>
        <div style={{ fontSize: 72, fontWeight: 700 }}>请稍候</div>
        <div style={{ fontSize: 36, marginTop: 24 }}>工作人员正在为您办理</div>
      </div>
    </main>
  );
}

function Notice({ view }: { view: Extract<View, { kind: 'notice' }> }) {
  const t = NOTICE_LABELS[view.lang];
  const b = view.bundle;
  return (
    <main style={page} lang={view.lang === 'zh' ? 'zh-CN' : view.lang}>
      <h1 style={{ fontSize: 48, margin: '0 0 8px' }}>
        {b.name} · {t.title}
      </h1>
      <div style={{ fontSize: 24, opacity: 0.9 }}>{view.hallName}</div>
      <h2 style={{ fontSize: 34, marginTop: 32 }}>{t.materials}</h2>
      <ol style={{ fontSize: 32, lineHeight: 1.5, paddingLeft: 48 }}>
        {b.materials.map((m) => (
          <li key={m.key} style={{ marginBottom: 12 }}>
            <strong>{m.name}</strong>
            <span style={{ fontSize: 26, marginLeft: 16 }}>
              {t.forms[m.form]} {t.copies(m.count)}
            </span>
            {m.exempt && <div style={{ fontSize: 26, color: '#9ff0b0' }}>{t.exempt}</div>}
            {!m.always && (
              <div style={{ fontSize: 24, color: '#ffe08a' }}>
                {t.onlyWhen}
                {m.when.join('；')}
              </div>
            )}
          </li>
        ))}
      </ol>
      {b.promisedDays !== null && <p style={{ fontSize: 30 }}>{t.total(t.days(b.promisedDays))}</p>}
    </main>
  );
}

function FormCheck({ view }: { view: Extract<View, { kind: 'form' }> }) {
  return (
    <main style={page}>
      <h1 style={{ fontSize: 44, margin: '0 0 8px' }}>{view.bundleName} · 请核对您的申请信息</h1>
      <div style={{ fontSize: 24, opacity: 0.9 }}>{view.hallName} · 如有不符，请告诉窗口工作人员</div>
      <table style={{ fontSize: 30, lineHeight: 1.5, marginTop: 24, borderCollapse: 'collapse', width: '100%' }}>
        <tbody>
          {view.rows.map((r) => (
            <tr key={r.label} style={{ borderBottom: '1px solid rgba(255,255,255,0.2)' }}>
              <td style={{ padding: '6px 24px 6px 0', whiteSpace: 'nowrap', opacity: 0.85 }}>{r.label}</td>
              <td style={{ padding: '6px 0', fontWeight: 700 }}>{r.value || '（未填写）'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2 style={{ fontSize: 34, marginTop: 32 }}>材料</h2>
      <ul style={{ fontSize: 30, lineHeight: 1.5 }}>
        {view.materials.map((m) => (
          <li key={m.name}>
            {m.name}：<strong>{m.status}</strong>
          </li>
        ))}
      </ul>
    </main>
  );
}

const button: React.CSSProperties = {
  fontSize: 32,
  fontWeight: 700,
  padding: '18px 40px',
  borderRadius: 12,
  border: 'none',
  cursor: 'pointer',
  fontFamily: 'inherit',
  touchAction: 'manipulation',
};

function ErrorLine({ text }: { text: string | null }) {
  if (!text) return null;
  return (
    <div role="alert" style={{ fontSize: 28, marginTop: 20, background: '#fff3f3', color: '#a50e0e', padding: '12px 20px', borderRadius: 8 }}>
      {text}
    </div>
  );
}

/** Signing for what is handed over: pointer events so a finger, a pen and a mouse all draw. */
function Signature({ view }: { view: Extract<View, { kind: 'signature' }> }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const last = useRef<{ x: number; y: number } | null>(null);
  const [drawn, setDrawn] = useState(false);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string | null>(null);

  /** White paper at the device's pixel density; drawing coordinates stay in CSS pixels. */
  function blank() {
    const c = canvas.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx) return;
    const dpr = window.devicePixelRatio || 1;
    const rect = c.getBoundingClientRect();
    c.width = Math.round(rect.width * dpr);
    c.height = Math.round(rect.height * dpr);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, rect.width, rect.height);
    ctx.strokeStyle = '#000';
    ctx.fillStyle = '#000';
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
  }

  useEffect(() => {
    blank();
  }, []);

  /** The pointer in drawing units, also when the window was resized since the canvas was set up. */
  function at(e: { clientX: number; clientY: number }, c: HTMLCanvasElement) {
    const rect = c.getBoundingClientRect();
    const dpr = window.devicePixelRatio || 1;
    return { x: ((e.clientX - rect.left) * c.width) / dpr / rect.width, y: ((e.clientY - rect.top) * c.height) / dpr / rect.height };
  }

  const width = (e: React.PointerEvent) => (e.pointerType === 'pen' && e.pressure > 0 ? 1.5 + e.pressure * 4 : 3.5);

  function down(e: React.PointerEvent<HTMLCanvasElement>) {
    if (sent) return;
    e.preventDefault();
    const c = e.currentTarget;
    c.setPointerCapture(e.pointerId);
    const p = at(e, c);
    last.current = p;
    const ctx = c.getContext('2d');
    if (ctx) {
      ctx.beginPath();
      ctx.arc(p.x, p.y, width(e) / 2, 0, Math.PI * 2);
      ctx.fill();
    }
    setDrawn(true);
  }

  function move(e: React.PointerEvent<HTMLCanvasElement>) {
    if (!last.current) return;
    const c = e.currentTarget;
    const ctx = c.getContext('2d');
    if (!ctx) return;
    // Coalesced events keep fast strokes smooth where the browser offers them.
    const points = e.nativeEvent.getCoalescedEvents?.() ?? [];
    for (const pe of points.length ? points : [e.nativeEvent]) {
      const p = at(pe, c);
      ctx.lineWidth = width(e);
      ctx.beginPath();
      ctx.moveTo(last.current.x, last.current.y);
      ctx.lineTo(p.x, p.y);
      ctx.stroke();
      last.current = p;
    }
  }

  function up() {
    last.current = null;
  }

  function clear() {
    blank();
    setDrawn(false);
    setError(null);
  }

  async function confirm() {
    const c = canvas.current;
    if (!c || !drawn || busy) return;
    setBusy(true);
    setError(null);
    try {
      const pngBase64 = c.toDataURL('image/png').replace(/^data:image\/png;base64,/, '');
      await api.applicant.sign({ promptId: view.promptId, pngBase64 });
      setSent(true);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main style={page}>
      <h1 style={{ fontSize: 56, margin: '0 0 8px' }}>请核对并签名</h1>
      <div style={{ fontSize: 24, opacity: 0.9 }}>
        {view.hallName}
        {view.caseNumber ? ` · 办件编号 ${view.caseNumber}` : ''}
      </div>
      <h2 style={{ fontSize: 32, margin: '24px 0 8px' }}>您本次领取：</h2>
      <ol style={{ fontSize: 30, lineHeight: 1.5, paddingLeft: 48, margin: '0 0 16px' }} data-testid="signature-entries">
        {view.entries.map((e, i) => (
          <li key={`${e}-${i}`}>{e}</li>
        ))}
      </ol>
      <div style={{ fontSize: 26, marginBottom: 8 }}>请在下方白色区域内签写您的姓名：</div>
      <canvas
        ref={canvas}
        aria-label="签名区域"
        data-testid="signature-pad"
        onPointerDown={down}
        onPointerMove={move}
        onPointerUp={up}
        onPointerCancel={up}
        onLostPointerCapture={up}
        style={{ display: 'block', width: '100%', minWidth: 800, height: 320, background: '#fff', borderRadius: 8, touchAction: 'none', cursor: 'crosshair' }}
      />
      <div style={{ display: 'flex', gap: 24, marginTop: 24 }}>
        <button type="button" onClick={clear} disabled={busy || sent} style={{ ...button, background: '#e8eaed', color: '#202124' }}>
          清除
        </button>
        <button
          type="button"
          onClick={() => void confirm()}
          disabled={!drawn || busy || sent}
          style={{ ...button, background: drawn && !sent ? '#188038' : '#7d8a99', color: '#fff', cursor: drawn && !sent ? 'pointer' : 'not-allowed' }}
        >
          确认签名
        </button>
        {(busy || sent) && <span style={{ fontSize: 28, alignSelf: 'center' }}>{sent ? '签名已提交，谢谢' : '正在提交…'}</span>}
      </div>
      <ErrorLine text={error} />
    </main>
  );
}

type Reason = (typeof RATING_REASONS)[number];

const LEVEL_COLORS: Record<RatingLevel, string> = { 5: '#0d652d', 4: '#2e7d32', 3: '#1a73e8', 2: '#e37400', 1: '#c5221f' };

/** A face drawn in SVG: emoji fonts are missing on many hall computers. */
function Face({ level }: { level: RatingLevel }) {
  const curve = { 5: 12, 4: 6, 3: 0, 2: -6, 1: -12 }[level];
  return (
    <svg width="56" height="56" viewBox="0 0 56 56" aria-hidden="true" focusable="false">
      <circle cx="28" cy="28" r="25" fill="none" stroke="currentColor" strokeWidth="3.5" />
      <circle cx="20" cy="22" r="3.2" fill="currentColor" />
      <circle cx="36" cy="22" r="3.2" fill="currentColor" />
      <path d={`M17 ${37 - curve / 3} Q28 ${37 + curve} 39 ${37 - curve / 3}`} fill="none" stroke="currentColor" strokeWidth="3.5" strokeLinecap="round" />
    </svg>
  );
}

function SpeakerIcon() {
  return (
    <svg width="32" height="32" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <path d="M4 12h6l8-6v20l-8-6H4z" fill="currentColor" />
      <path d="M22 11a7 7 0 0 1 0 10M25 7a12 12 0 0 1 0 18" fill="none" stroke="currentColor" strokeWidth="2.5" strokeLinecap="round" />
    </svg>
  );
}

// Stacked full width on a narrow screen, one row of five on a wide one.
const RATING_CSS = `
.yct-levels { display: grid; grid-template-columns: 1fr; gap: 20px; }
@media (min-width: 1000px) { .yct-levels { grid-template-columns: repeat(5, 1fr); } }
.yct-reasons { display: grid; grid-template-columns: 1fr; gap: 14px; }
@media (min-width: 1000px) { .yct-reasons { grid-template-columns: repeat(2, 1fr); } }
@media (min-width: 1400px) { .yct-reasons { grid-template-columns: repeat(3, 1fr); } }
`;

const RATING_PROMPT = `请对本次服务进行评价：${RATING_LEVELS.map((l) => RATING_LABELS[l]).join('、')}。请点击屏幕上的按钮。`;
const REASON_PROMPT = '请选择不满意的原因，然后点击“提交评价”。';

/** Reads a prompt aloud in Chinese where the system has speech; silent where it has not. */
function speak(text: string) {
  try {
    const synth = window.speechSynthesis;
    if (!synth || typeof SpeechSynthesisUtterance === 'undefined') return;
    synth.cancel();
    const u = new SpeechSynthesisUtterance(text);
    u.lang = 'zh-CN';
    u.rate = 0.9;
    const voices = synth.getVoices();
    const voice = voices.find((v) => /^zh[-_]CN/i.test(v.lang)) ?? voices.find((v) => v.lang.toLowerCase().startsWith('zh'));
    if (voice) u.voice = voice;
    synth.speak(u);
  } catch {
    // No speech on this system: the screen says everything too.
  }
}

function hush() {
  try {
    window.speechSynthesis?.cancel();
  } catch {
    // nothing to stop
  }
}

/** 好差评: five large buttons, touch only; the two bad ones ask why before submitting. */
function Rating({ view }: { view: Extract<View, { kind: 'rating' }> }) {
  const [level, setLevel] = useState<RatingLevel | null>(null);
  const [reasons, setReasons] = useState<Reason[]>([]);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    speak(RATING_PROMPT);
    return hush;
  }, []);

  async function submit(l: RatingLevel, why: Reason[], text: string) {
    if (busy || sent) return;
    setBusy(true);
    setError(null);
    try {
      await api.applicant.rate({ promptId: view.promptId, level: l, reasons: isBadRating(l) ? why : [], comment: isBadRating(l) && text.trim() ? text.trim() : null });
      setSent(true);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  function choose(l: RatingLevel) {
    if (isBadRating(l)) {
      setLevel(l);
      speak(REASON_PROMPT);
    } else {
      setLevel(l);
      void submit(l, [], '');
    }
  }

  const bad = level !== null && isBadRating(level);
  return (
    <main style={page}>
      <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 24 }}>
        <h1 style={{ fontSize: 56, margin: 0 }}>请对本次服务进行评价</h1>
        <button
          type="button"
          aria-label="朗读"
          onClick={() => speak(bad ? REASON_PROMPT : RATING_PROMPT)}
          style={{ ...button, fontSize: 28, padding: '14px 28px', background: '#fff', color: '#0b3d91', minHeight: 72, display: 'flex', alignItems: 'center', gap: 10 }}
        >
          <SpeakerIcon />
          朗读
        </button>
      </div>
      <div style={{ fontSize: 26, opacity: 0.9, margin: '8px 0 32px' }}>
        {view.hallName} · {view.bundleName}
      </div>
      <style>{RATING_CSS}</style>
      <div className="yct-levels">
        {RATING_LEVELS.map((l) => {
          const chosen = level === l;
          return (
            <button
              key={l}
              type="button"
              aria-label={RATING_LABELS[l]}
              aria-pressed={chosen}
              disabled={busy || sent}
              onClick={() => choose(l)}
              style={{
                ...button,
                minHeight: 140,
                width: '100%',
                fontSize: 36,
                padding: '16px 8px',
                whiteSpace: 'nowrap',
                background: LEVEL_COLORS[l],
                color: '#fff',
                outline: chosen ? '6px solid #ffd54f' : 'none',
                outlineOffset: 4,
                opacity: level !== null && !chosen ? 0.55 : 1,
                display: 'flex',
                flexDirection: 'column',
                alignItems: 'center',
                justifyContent: 'center',
                gap: 8,
              }}
            >
              <Face level={l} />
              <span>{RATING_LABELS[l]}</span>
            </button>
          );
        })}
      </div>
      {bad && !sent && (
        <section style={{ marginTop: 36 }} aria-label="不满意的原因">
          <h2 style={{ fontSize: 36, margin: '0 0 16px' }}>请选择不满意的原因（可多选）</h2>
          <div className="yct-reasons">
            {RATING_REASONS.map((r) => {
              const on = reasons.includes(r);
              return (
                <label
                  key={r}
                  style={{
                    display: 'flex',
                    alignItems: 'center',
                    gap: 18,
                    fontSize: 30,
                    padding: '16px 20px',
                    borderRadius: 10,
                    background: on ? '#ffd54f' : 'rgba(255,255,255,0.12)',
                    color: on ? '#202124' : '#fff',
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
                  {r}
                </label>
              );
            })}
          </div>
          <label style={{ display: 'block', fontSize: 28, marginTop: 24 }}>
            其他意见（选填）
            <textarea
              value={comment}
              onChange={(e) => setComment(e.currentTarget.value)}
              maxLength={500}
              rows={3}
              style={{ display: 'block', width: '100%', boxSizing: 'border-box', fontSize: 28, marginTop: 8, padding: 12, borderRadius: 8, fontFamily: 'inherit' }}
            />
          </label>
          <div style={{ display: 'flex', gap: 24, marginTop: 24 }}>
            <button
              type="button"
              onClick={() => void submit(level, reasons, comment)}
              disabled={busy}
              style={{ ...button, fontSize: 36, minHeight: 96, padding: '18px 56px', background: '#ffd54f', color: '#202124' }}
            >
              提交评价
            </button>
            <button
              type="button"
              onClick={() => {
                setLevel(null);
                setReasons([]);
              }}
              disabled={busy}
              style={{ ...button, minHeight: 96, background: 'transparent', color: '#fff', border: '2px solid #fff' }}
            >
              重新选择
            </button>
          </div>
        </section>
      )}
      {(busy || sent) && <div style={{ fontSize: 32, marginTop: 32 }}>{sent ? '评价已提交，谢谢！' : '正在提交…'}</div>}
      <ErrorLine text={error} />
    </main>
  );
}

function Thanks({ view, after }: { view: Extract<View, { kind: 'thanks' }>; after: 'signature' | 'rating' | null }) {
  return (
    <main style={{ ...page, display: 'grid', placeItems: 'center' }}>
      <div style={{ textAlign: 'center' }}>
        <div style={{ fontSize: 120 }} aria-hidden="true">
          ✓
        </div>
        <div style={{ fontSize: 72, fontWeight: 700 }}>{after === 'signature' ? '签名已确认' : '感谢您的评价'}</div>
        <div style={{ fontSize: 40, marginTop: 24 }}>已完成</div>
        <div style={{ fontSize: 24, marginTop: 24, opacity: 0.85 }}>{view.hallName}</div>
      </div>
    </main>
  );
}

function ApplicantScreen() {
  const [view, setView] = useState<View>({ kind: 'idle' });
  // The thanks screen follows a signature or a rating; it says which.
  const [lastPrompt, setLastPrompt] = useState<'signature' | 'rating' | null>(null);
  useEffect(() => {
    let alive = true;
    const load = () =>
      api.applicant
        .view()
        .then((v) => {
          if (!alive) return;
          setView(v);
          if (v.kind === 'signature' || v.kind === 'rating') setLastPrompt(v.kind);
        })
        .catch(() => undefined); // keep showing the last view while the host is briefly away
    void load();
    const timer = window.setInterval(load, 1000);
    return () => {
      alive = false;
      window.clearInterval(timer);
    };
  }, []);
  if (view.kind === 'notice') return <Notice view={view} />;
  // Keyed by prompt: a new prompt starts clean, the one-second poll keeps what is drawn or chosen.
  if (view.kind === 'signature') return <Signature key={view.promptId} view={view} />;
  if (view.kind === 'rating') return <Rating key={view.promptId} view={view} />;
  if (view.kind === 'thanks') return <Thanks view={view} after={lastPrompt} />;
  return view.kind === 'form' ? <FormCheck view={view} /> : <Waiting />;
}

createRoot(document.getElementById('root')!).render(<ApplicantScreen />);
