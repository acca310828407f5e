import { createRoot } from 'react-dom/client';
import { useEffect, useState } from 'react';
import type { MethodOutput } from '../../shared/api/contract';
import { NOTICE_LABELS } from '../../shared/notice';
import { api } from '../api';

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

function ApplicantScreen() {
  const [view, setView] = useState<View>({ kind: 'idle' });
  useEffect(() => {
    let alive = true;
    const load = () =>
      api.applicant
        .view()
        .then((v) => alive && setView(v))
        .catch(() => undefined); // keep showing the last view while the host is briefly away
    void load();
    const timer = window.setInterval(load, 1000);
    return () => {
      alive = false;
      window.clearInterval(timer);
    };
  }, []);
  if (view.kind === 'notice') return <Notice view={view} />;
  return view.kind === 'form' ? <FormCheck view={view} /> : <Waiting />;
}

createRoot(document.getElementById('root')!).render(<ApplicantScreen />);
