import { useRef } from 'react';
import { Actions, COLORS, Heading, PageBox, PagerButtons, pageItem, usePages, useSay, useScreen } from './layout';
import { noticeSpeech } from './speech-text';
import { askedFor, daysText, list, type View } from './texts';

// The one-time notice (一次告知单) of a bundle, for an applicant who is still deciding what to bring.

export function Notice({ view }: { view: Extract<View, { kind: 'notice' }> }) {
  const { lang, t } = useScreen();
  const b = view.bundle;
  const box = useRef<HTMLDivElement>(null);
  const p = usePages(box, b.materials.length, lang);
  const last = p.page >= p.pages - 1;
  useSay(
    noticeSpeech(lang, {
      bundleName: b.name,
      materials: b.materials.slice(p.from, p.to),
      first: p.from,
      total: b.materials.length,
      promisedDays: b.promisedDays,
      page: p.page,
      pages: p.pages,
    }),
  );
  return (
    <>
      <Heading sub={view.hallName}>{t('{{name}} · 一次告知单', { name: b.name })}</Heading>
      <h2 style={{ fontSize: 40, margin: '0 0 8px' }}>{t('需要准备的材料')}</h2>
      <PageBox boxRef={box}>
        <ol style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {b.materials.map((m, i) => {
            const item = pageItem(i, p);
            return (
              <li key={m.key} {...item} style={{ ...item.style, padding: '8px 0', borderBottom: `2px solid ${COLORS.soft}` }}>
                <strong>
                  {i + 1}. {m.name}
                </strong>
                <span style={{ marginLeft: 16, color: COLORS.soft }}>{askedFor(m, t)}</span>
                {m.exempt && <div style={{ color: COLORS.accent }}>{t('免提交（由部门通过电子证照或共享数据调取）')}</div>}
                {!m.always && m.when.length > 0 && <div style={{ color: COLORS.accent }}>{t('仅在以下情况需要：{{when}}', { when: list(m.when, lang) })}</div>}
              </li>
            );
          })}
        </ol>
      </PageBox>
      <Actions>
        <PagerButtons p={p} />
        <span className="yct-spacer" />
        {last && b.promisedDays !== null && <span style={{ fontSize: 32 }}>{t('承诺办结时限：{{days}}', { days: daysText(b.promisedDays, t) })}</span>}
      </Actions>
    </>
  );
}
