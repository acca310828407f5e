import { createRoot } from 'react-dom/client';
import { useEffect, useRef, useState } from 'react';
import type { Lang } from '../../shared/i18n';
import { api } from '../api';
import { FormSteps, type FormStep } from './FormSteps';
import { Screen, useSay, useScreen } from './layout';
import { Notice } from './Notice';
import { Rating } from './Rating';
import { Signature } from './Signature';
import { idleSpeech, thanksSpeech } from './speech-text';
import type { Step, View } from './texts';

// The applicant-facing screen (the second monitor, touch only). The clerk pushes what it shows;
// it polls for it, and answers only signatures and ratings. One thing at a time, large, spoken,
// in the applicant's language.

function Waiting() {
  const { lang, t } = useScreen();
  // Not spoken: the screen waits between applicants, and a voice every time would only disturb.
  useSay(idleSpeech(lang), true);
  return (
    <div style={{ flex: 1, display: 'grid', placeItems: 'center', textAlign: 'center' }}>
      <div>
        <div style={{ fontSize: 80, fontWeight: 700 }}>{t('请稍候')}</div>
        <div style={{ fontSize: 40, marginTop: 24 }}>{t('工作人员正在为您办理')}</div>
      </div>
    </div>
  );
}

function Thanks({ view, after }: { view: Extract<View, { kind: 'thanks' }>; after: 'signature' | 'rating' | null }) {
  const { lang, t } = useScreen();
  useSay(thanksSpeech(lang, after));
  return (
    <div style={{ flex: 1, display: 'grid', placeItems: 'center', textAlign: 'center' }}>
      <div>
        <div style={{ fontSize: 120, lineHeight: 1 }} aria-hidden="true">
          ✓
        </div>
        <div style={{ fontSize: 72, fontWeight: 700 }}>{after === 'signature' ? t('签名已确认') : t('感谢您的评价')}</div>
        <div style={{ fontSize: 40, marginTop: 24 }}>{t('已完成')}</div>
        <div style={{ fontSize: 32, marginTop: 24 }}>{view.hallName}</div>
      </div>
    </div>
  );
}

/** What identifies one push of the clerk: a new one may bring the applicant's language. */
function pushKey(v: View): string {
  switch (v.kind) {
    case 'notice':
      return `notice:${v.bundle.id}:${v.lang}`;
    case 'form':
      return `form:${v.bundleName}:${v.lang}`;
    case 'signature':
    case 'rating':
      return `${v.kind}:${v.promptId}`;
    default:
      return v.kind;
  }
}

function stepOf(v: View, formStep: FormStep): Step | null {
  if (v.kind === 'form') return formStep === 'check' || formStep === 'wrong' ? 'check' : 'keep';
  if (v.kind === 'signature') return 'sign';
  if (v.kind === 'rating') return 'rate';
  return null;
}

function ApplicantScreen() {
  const [view, setView] = useState<View>({ kind: 'idle' });
  const [lang, setLang] = useState<Lang>('zh');
  const [form, setForm] = useState<{ key: string; step: FormStep }>({ key: '', step: 'check' });
  // The thanks screen follows a signature or a rating; it says which.
  const [lastPrompt, setLastPrompt] = useState<'signature' | 'rating' | null>(null);
  const lastPush = useRef('');

  useEffect(() => {
    let alive = true;
    const load = () =>
      api.applicant
        .view()
        .then((v) => {
          if (!alive) return;
          setView(v);
          if (v.kind === 'signature' || v.kind === 'rating') setLastPrompt(v.kind);
          const key = pushKey(v);
          if (key !== lastPush.current) {
            lastPush.current = key;
            // The clerk's choice of language starts each push; the applicant's own choice holds
            // until the next one. Between applicants the screen is Chinese again.
            if (v.kind === 'notice' || v.kind === 'form') setLang(v.lang);
            else if (v.kind === 'idle') setLang('zh');
          }
        })
        .catch(() => undefined); // keep showing the last view while the host is briefly away
    void load();
    const timer = window.setInterval(load, 1000);
    return () => {
      alive = false;
      window.clearInterval(timer);
    };
  }, []);

  // A form pushed again with other content starts over at step 1; the same content keeps the step.
  const formKey = view.kind === 'form' ? JSON.stringify([view.rows, view.materials]) : '';
  const formStep = form.key === formKey ? form.step : 'check';
  const setFormStep = (step: FormStep) => {
    setForm({ key: formKey, step });
    // The clerk's screen shows the answer; a failed call leaves the applicant's step as tapped.
    if (view.kind === 'form' && (step === 'wrong' || step === 'keep')) {
      void api.applicant.answerForm({ formId: view.formId, answer: step === 'wrong' ? 'wrong' : 'right' }).catch(() => undefined);
    }
  };

  let body: React.ReactNode;
  if (view.kind === 'notice') body = <Notice key={pushKey(view)} view={view} />;
  else if (view.kind === 'form') body = <FormSteps key={formKey} view={view} step={formStep} onStep={setFormStep} />;
  // Keyed by prompt: a new prompt starts clean, the one-second poll keeps what is drawn or chosen.
  else if (view.kind === 'signature') body = <Signature key={view.promptId} view={view} />;
  else if (view.kind === 'rating') body = <Rating key={view.promptId} view={view} />;
  else if (view.kind === 'thanks') body = <Thanks view={view} after={lastPrompt} />;
  else body = <Waiting />;

  return (
    <Screen lang={lang} onLang={setLang} step={stepOf(view, formStep)}>
      {body}
    </Screen>
  );
}

createRoot(document.getElementById('root')!).render(<ApplicantScreen />);
