import { useRef } from 'react';
import { Actions, BigButton, COLORS, Heading, PageBox, PagerButtons, pageItem, usePages, useSay, useScreen } from './layout';
import { checkSpeech, confirmedSpeech, keepSpeech, spokenKind, wrongSpeech } from './speech-text';
import { askedFor, fieldLabel, fieldValue, groupedId, heldText, pagesText, type FormView } from './texts';

// Steps 1 and 2 of a case: the applicant checks what the clerk typed, then sees what the hall
// keeps of their materials. One thing at a time, page by page; nothing needs a keyboard.

export type FormStep = 'check' | 'wrong' | 'keep' | 'done';

function Check({ view, onWrong, onRight }: { view: FormView; onWrong: () => void; onRight: () => void }) {
  const { lang, t } = useScreen();
  const box = useRef<HTMLDivElement>(null);
  const p = usePages(box, view.rows.length, lang);
  useSay(checkSpeech(lang, { bundleName: view.bundleName, rows: view.rows.slice(p.from, p.to), page: p.page, pages: p.pages }));
  const last = p.page >= p.pages - 1;
  return (
    <>
      <Heading sub={`${view.hallName} · ${t('如有不符，请告诉窗口工作人员')}`}>{t('{{bundle}} · 请核对您的申请信息', { bundle: view.bundleName })}</Heading>
      <PageBox boxRef={box}>
        <table style={{ width: '100%', borderCollapse: 'collapse', fontSize: 32 }} data-testid="form-rows">
          <tbody>
            {view.rows.map((r, i) => {
              const item = pageItem(i, p);
              const empty = !r.value.trim();
              return (
                <tr key={r.key} {...item} style={{ ...item.style, borderBottom: `2px solid ${COLORS.soft}` }}>
                  <td style={{ padding: '10px 24px 10px 0', width: '38%', verticalAlign: 'top', color: COLORS.soft }}>{fieldLabel(r, lang)}</td>
                  <td style={{ padding: '10px 0', fontWeight: 700, verticalAlign: 'top', color: empty ? COLORS.accent : COLORS.text, wordBreak: 'break-word' }}>
                    {!empty && spokenKind(r) === 'id' ? groupedId(r.value) : fieldValue(r, lang)}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </PageBox>
      <Actions>
        <PagerButtons p={p} />
        <span className="yct-spacer" />
        {last && (
          <>
            <BigButton variant="outline" onClick={onWrong}>
              {t('信息有误')}
            </BigButton>
            <BigButton variant="primary" onClick={onRight}>
              {t('信息无误')}
            </BigButton>
          </>
        )}
      </Actions>
    </>
  );
}

function Wrong({ onBack }: { onBack: () => void }) {
  const { lang, t } = useScreen();
  useSay(wrongSpeech(lang));
  return (
    <>
      <Heading>{t('请告诉工作人员哪里需要修改')}</Heading>
      <p style={{ fontSize: 36, margin: '16px 0', flex: 1 }}>{t('工作人员修改后，屏幕会重新显示您的信息，请再核对一遍。')}</p>
      <Actions>
        <BigButton variant="primary" onClick={onBack}>
          {t('返回核对')}
        </BigButton>
      </Actions>
    </>
  );
}

function Keep({ view, onBack, onDone }: { view: FormView; onBack: () => void; onDone: () => void }) {
  const { lang, t } = useScreen();
  const box = useRef<HTMLDivElement>(null);
  const p = usePages(box, view.materials.length, lang);
  useSay(keepSpeech(lang, { materials: view.materials.slice(p.from, p.to), total: view.materials.length, page: p.page, pages: p.pages }));
  const last = p.page >= p.pages - 1;
  return (
    <>
      <Heading>{t('我们为您留存的材料')}</Heading>
      <PageBox boxRef={box}>
        {view.materials.length === 0 ? (
          <p style={{ fontSize: 36, margin: 0 }}>{t('本次没有需要留存的材料。')}</p>
        ) : (
          <ol style={{ listStyle: 'none', margin: 0, padding: 0 }} data-testid="kept-materials">
            {view.materials.map((m, i) => {
              const item = pageItem(i, p);
              return (
                <li key={`${m.name}-${i}`} {...item} data-held={m.held} style={{ ...item.style, padding: '10px 0', borderBottom: `2px solid ${COLORS.soft}` }}>
                  <div style={{ fontWeight: 700 }}>
                    {i + 1}. {m.name}
                    <span style={{ fontWeight: 400, color: COLORS.soft, marginLeft: 16 }}>{askedFor(m, t)}</span>
                  </div>
                  <div style={{ color: m.held === 'missing' || m.problem ? COLORS.accent : COLORS.text }}>
                    {heldText(m, lang)}
                    {m.pages > 0 && <span style={{ marginLeft: 16, color: COLORS.soft }}>{pagesText(m.pages, t)}</span>}
                  </div>
                </li>
              );
            })}
          </ol>
        )}
      </PageBox>
      <Actions>
        <BigButton variant="outline" onClick={onBack}>
          {t('返回核对')}
        </BigButton>
        <PagerButtons p={p} />
        <span className="yct-spacer" />
        {last && (
          <BigButton variant="primary" onClick={onDone}>
            {t('我知道了')}
          </BigButton>
        )}
      </Actions>
    </>
  );
}

function Done({ onBack }: { onBack: () => void }) {
  const { lang, t } = useScreen();
  useSay(confirmedSpeech(lang));
  return (
    <>
      <div style={{ flex: 1, display: 'grid', placeItems: 'center', textAlign: 'center' }}>
        <div>
          <div style={{ fontSize: 96, lineHeight: 1 }} aria-hidden="true">
            ✓
          </div>
          <h1 style={{ fontSize: 64, margin: '16px 0' }}>{t('谢谢您的确认')}</h1>
          <div style={{ fontSize: 40 }}>{t('工作人员将继续为您办理')}</div>
        </div>
      </div>
      <Actions>
        <BigButton variant="outline" onClick={onBack}>
          {t('再看一遍')}
        </BigButton>
      </Actions>
    </>
  );
}

/** Steps 1 and 2; `step` lives in the parent so the step indicator follows it. */
export function FormSteps({ view, step, onStep }: { view: FormView; step: FormStep; onStep: (s: FormStep) => void }) {
  if (step === 'wrong') return <Wrong onBack={() => onStep('check')} />;
  if (step === 'keep') return <Keep view={view} onBack={() => onStep('check')} onDone={() => onStep('done')} />;
  if (step === 'done') return <Done onBack={() => onStep('check')} />;
  return <Check view={view} onWrong={() => onStep('wrong')} onRight={() => onStep('keep')} />;
}
