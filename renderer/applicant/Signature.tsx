import { useEffect, useRef, useState } from 'react';
import { api, errorText } from '../api';
import { Actions, BigButton, COLORS, ErrorLine, Heading, PageBox, PagerButtons, pageItem, usePages, useSay, useScreen } from './layout';
import { signatureSpeech } from './speech-text';
import type { View } from './texts';

// Step 3: signing for what is handed over. Pointer events, so a finger, a pen and a mouse all draw.

export function Signature({ view }: { view: Extract<View, { kind: 'signature' }> }) {
  const { lang, t } = useScreen();
  const canvas = useRef<HTMLCanvasElement>(null);
  const last = useRef<{ x: number; y: number } | null>(null);
  const [drawn, setDrawn] = useState(false);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const box = useRef<HTMLDivElement>(null);
  const p = usePages(box, view.entries.length, lang);
  useSay(signatureSpeech(lang, { entries: view.entries.slice(p.from, p.to), total: view.entries.length, page: p.page, pages: p.pages, state: sent ? 'sent' : 'drawing' }));

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
    const pt = at(e, c);
    last.current = pt;
    const ctx = c.getContext('2d');
    if (ctx) {
      ctx.beginPath();
      ctx.arc(pt.x, pt.y, width(e) / 2, 0, Math.PI * 2);
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
      const pt = at(pe, c);
      ctx.lineWidth = width(e);
      ctx.beginPath();
      ctx.moveTo(last.current.x, last.current.y);
      ctx.lineTo(pt.x, pt.y);
      ctx.stroke();
      last.current = pt;
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
    <>
      <Heading sub={view.caseNumber ? `${view.hallName} · ${t('办件编号 {{number}}', { number: view.caseNumber })}` : view.hallName}>{t('请核对并签名')}</Heading>
      <div style={{ fontSize: 32, fontWeight: 700 }}>{t('您本次领取：')}</div>
      <PageBox boxRef={box} minHeight={56}>
        <ol style={{ margin: 0, paddingLeft: 48 }} data-testid="signature-entries">
          {view.entries.map((e, i) => {
            const item = pageItem(i, p);
            return (
              <li key={`${e}-${i}`} {...item}>
                {e}
              </li>
            );
          })}
        </ol>
      </PageBox>
      {p.pages > 1 && (
        <Actions>
          <PagerButtons p={p} />
        </Actions>
      )}
      <div style={{ position: 'relative', flex: 'none', marginTop: 12 }}>
        {!drawn && (
          <div aria-hidden="true" style={{ position: 'absolute', left: 20, top: 12, fontSize: 28, color: '#4a4a4a', pointerEvents: 'none' }}>
            {t('请用手指在这里签写您的姓名')}
          </div>
        )}
        <canvas
        ref={canvas}
        aria-label={t('签名区域')}
        data-testid="signature-pad"
        onPointerDown={down}
        onPointerMove={move}
        onPointerUp={up}
        onPointerCancel={up}
        onLostPointerCapture={up}
        style={{ display: 'block', width: '100%', height: 'clamp(224px, 26vh, 360px)', background: '#fff', borderRadius: 8, border: `4px solid ${COLORS.accent}`, touchAction: 'none', cursor: 'crosshair' }}
        />
      </div>
      <Actions>
        <BigButton variant="outline" onClick={clear} disabled={busy || sent}>
          {t('清除')}
        </BigButton>
        <BigButton variant="primary" onClick={() => void confirm()} disabled={!drawn || busy || sent}>
          {t('确认签名')}
        </BigButton>
        {(busy || sent) && <span style={{ fontSize: 32 }}>{sent ? t('签名已提交，谢谢') : t('正在提交…')}</span>}
      </Actions>
      <ErrorLine text={error} />
    </>
  );
}
