import { createRoot } from 'react-dom/client';

// The applicant screen. Later issues show the form to confirm, the notice, the signature pad and rating.
function Waiting() {
  return (
    <main style={{ display: 'grid', placeItems: 'center', height: '100vh', margin: 0, background: '#0b3d91', color: '#fff', fontFamily: 'sans-serif' }}>
      <div style={{ textAlign: 'center' }}>
        <div style={{ fontSize: 72, fontWeight: 700 }}>请稍候</div>
        <div style={{ fontSize: 36, marginTop: 24 }}>工作人员正在为您办理</div>
      </div>
    </main>
  );
}

createRoot(document.getElementById('root')!).render(<Waiting />);
