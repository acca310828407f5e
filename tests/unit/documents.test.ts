import fc from 'fast-check';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import {
  barcodeSvg,
  commitmentHtml,
  correctionHtml,
  DOCUMENT_KINDS,
  DOCUMENT_TITLES,
  documentFileName,
  groupProblems,
  PENDING_DEFAULTS,
  qrSvg,
  renderDocument,
  type CorrectionInput,
  type CorrectionProblem,
  type DocumentInputs,
  type DocumentKind,
} from '../../shared/documents/index.js';
import { code128Bars, qrMatrix } from '../../shared/documents/codes.js';
import { cssString, esc } from '../../shared/documents/layout.js';
import { acceptanceHtml } from '../../shared/documents/acceptance.js';
import { pendingHtml } from '../../shared/documents/pending.js';
import { refusalHtml } from '../../shared/documents/refusal.js';
import { AppError } from '../../shared/errors.js';
import { acceptance, correction, enterprise, header, pending, refusal, samples } from '../fixtures/documents/inputs.js';

const renderers: { [K in DocumentKind]: (v: DocumentInputs[K]) => string } = {
  acceptance: acceptanceHtml,
  pending: pendingHtml,
  commitment: commitmentHtml,
  correction: correctionHtml,
  refusal: refusalHtml,
};
const render = (kind: DocumentKind, input: unknown) => renderDocument(kind, input as never);
const clone = <T>(v: T): T => structuredClone(v);

function invalid(kind: DocumentKind, input: unknown): AppError {
  try {
    render(kind, input);
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('INVALID_INPUT');
    return err as AppError;
  }
  throw new Error('expected INVALID_INPUT');
}

describe('every document kind', () => {
  it.each(DOCUMENT_KINDS)('%s renders a complete A4 document with the case number as text, barcode and QR', (kind) => {
    const input = samples[kind];
    const html = render(kind, input);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('size: A4');
    expect(html).toContain(`<h1>${DOCUMENT_TITLES[kind]}</h1>`);
    expect(html).toContain(`<div class="hall">${esc(input.hallName)}</div>`);
    expect(html).toContain(`<b>${input.caseNumber}</b>`);
    expect(html).toContain(input.clerkName);
    expect(html).toContain(esc(input.applicant.name));
    expect(html).toContain(input.applicant.idNumberMasked);
    expect(html).toContain('2026年3月2日');
    expect(html).toContain('counter(page)');
    expect(html).toContain('"Noto Sans CJK SC"');
    expect(html).toContain('"Noto Serif CJK SC"');
    expect(html).toContain(barcodeSvg(input.caseNumber, { heightMm: 8, maxWidthMm: 80 }));
    expect(html).toContain(qrSvg(input.caseNumber, { sizeMm: 22 }));
    // Nothing is fetched: no scripts, no external references.
    expect(html).not.toMatch(/<script|src="http|href="http/i);
    expect(html).toContain("default-src 'none'");
  });

  it('the acceptance notice lists every item, every material received, the time limit and the delivery', () => {
    const html = render('acceptance', acceptance);
    for (const i of acceptance.items) expect(html).toContain(esc(i.name));
    for (const m of acceptance.received) expect(html).toContain(esc(m.name));
    expect(html).toContain('J232701-2019-000318');
    expect(html).toContain('本件承诺办结时限：15 个工作日，预计 2026年3月23日 前办结');
    expect(html).toContain('已收取的申请材料（共 7 件）');
    expect(html).toContain('EMS 免费寄递至：黑龙江省大兴安岭地区漠河市西林吉镇中华路 18 号 3 单元 502 室');
    expect(html).toContain(header.queryChannel);
    expect(html).toContain('申请人联');
  });

  it('the delivery text follows the method', () => {
    expect(render('acceptance', { ...acceptance, delivery: { method: 'window' } })).toContain('到本中心综合出件窗口领取办理结果');
    expect(render('acceptance', { ...acceptance, delivery: { method: 'window', counter: '2 号出件窗口' } })).toContain('到2 号出件窗口领取');
    expect(render('acceptance', { ...acceptance, delivery: { method: 'electronic' } })).toContain('以电子证照形式发放');
  });

  it('an enterprise applicant shows the enterprise, its credit code, the handler and the agent', () => {
    const html = render('acceptance', { ...acceptance, applicant: enterprise });
    expect(html).toContain(`<p class="to">${enterprise.enterpriseName}：</p>`);
    expect(html).toContain(enterprise.creditCode);
    expect(html).toContain('你单位于');
    expect(html).toContain(`<th>代办人</th><td>${enterprise.agentName}</td>`);
    expect(html).toContain(enterprise.agentIdNumberMasked);
  });
});

describe('容缺受理', () => {
  it('the notice gives each pending material with its items, deadline and what happens when it lapses', () => {
    const html = render('pending', pending);
    expect(html).toContain('<td>出院记录</td><td>生育医疗费用报销</td><td class="c"><b>2026年3月16日</b>前</td>');
    expect(html).toContain(PENDING_DEFAULTS.lapse);
    expect(html).toContain('现予以容缺受理');
    expect(html).not.toContain('<img');
  });

  it('the commitment embeds the signature captured on the applicant screen', () => {
    const html = render('commitment', pending);
    expect(html).toContain(`<img src="data:image/png;base64,${pending.signature!.base64}"`);
    expect(html).toContain('申请人已于 2026年3月2日 09:34 在申请人屏上签字确认');
    for (const c of PENDING_DEFAULTS.commitment) expect(html).toContain(c);
    expect(html).toContain('存根（窗口留存）');
  });

  it('without a captured signature the commitment has a blank line and date to sign by hand', () => {
    const { signature: _, ...unsigned } = pending;
    const html = render('commitment', unsigned);
    expect(html).not.toContain('<img');
    expect(html).toContain('<div class="line"></div>');
    expect(html).toContain('年　　月　　日');
  });

  it('the hall’s own commitment clauses and lapse wording replace the defaults', () => {
    const html = render('commitment', { ...pending, commitment: ['第一条承诺'], lapse: '逾期视为撤回申请。' });
    expect(html).toContain('<li>第一条承诺</li>');
    expect(html).toContain('逾期视为撤回申请。');
    expect(html).not.toContain(PENDING_DEFAULTS.lapse);
  });

  it('a deadline later than the promised date of an item needing it is refused', () => {
    const late = clone(pending);
    late.pending[0]!.deadline = '2026-03-24';
    expect(invalid('pending', late).message).toContain('“出院记录”的补齐期限 2026-03-24 晚于“生育医疗费用报销”的承诺办结日期 2026-03-23');
    const earlierItem = clone(pending);
    earlierItem.pending[0]!.items = ['生育登记'];
    expect(invalid('commitment', earlierItem).message).toContain('晚于“生育登记”的承诺办结日期 2026-03-03');
  });

  it('a pending material for an item not in the case, or due before the acceptance, is refused', () => {
    const unknown = clone(pending);
    unknown.pending[0]!.items = ['不存在的事项'];
    expect(invalid('pending', unknown).message).toContain('“不存在的事项”不在本次受理的事项中');
    const past = clone(pending);
    past.pending[0]!.deadline = '2026-03-01';
    expect(invalid('pending', past).message).toContain('早于受理日期');
  });

  it('a malformed signature is never embedded, even when the schema is bypassed', () => {
    for (const signature of [
      { mime: 'image/png', base64: 'AAAA" onerror="alert(1)', signedAt: '2026-03-02 09:34' },
      { mime: 'text/html', base64: 'PGgxPng8L2gxPg==', signedAt: '2026-03-02 09:34' },
    ]) {
      const html = commitmentHtml({ ...pending, signature } as never);
      expect(html).not.toContain('<img');
      expect(html).not.toContain('onerror="');
      expect(() => render('commitment', { ...pending, signature })).toThrow(AppError);
    }
  });
});

describe('补正告知书', () => {
  it('lists every missing and wrong material once, grouped, with all items needing it and how to fix it', () => {
    const html = render('correction', correction);
    const groups = groupProblems(correction.problems);
    expect(groups).toHaveLength(6);
    expect(html).toContain('现将需要补正的全部内容一次性告知如下（共 6 项）');
    expect(html).toContain('需补交的材料（4 项）');
    expect(html).toContain('需更正的材料（2 项）');
    for (const p of correction.problems) {
      expect(html.split(`<b>${esc(p.name)}</b>`).length - 1, p.name).toBe(1);
      expect(html).toContain(esc(p.detail));
      if (p.fix) expect(html).toContain(esc(p.fix));
    }
    // The resolution of two items' identical need: one row naming both items.
    expect(html).toMatch(/<b>股东会决议或股东（投资人）决定<\/b><br><span class="small">原件 1 份<\/span><\/td><td>税务注销<br>企业注销登记<\/td>/);
    expect(html).toContain('本窗口办理下列事项时不再要求提交本告知书以外的其他材料：</b>税务注销、企业注销登记、企业印章注销、银行账户注销');
    expect(html).toContain('本告知书不是受理凭证');
  });

  it('whatever the checks produce, each material appears in exactly one row naming every item that needs it', () => {
    const names = ['居民身份证', '营业执照', '申请表', '结婚证', '户口簿', '清税证明'];
    const items = ['税务注销', '企业注销登记', '银行账户注销', '企业印章注销'];
    const problem = fc.record({
      name: fc.constantFrom(...names),
      problem: fc.constantFrom('missing' as const, 'wrong' as const),
      detail: fc.constantFrom('未提交', '已过期', '签字不全'),
      fix: fc.option(fc.constantFrom('到发证机关补办', '重新签字'), { nil: undefined }),
      items: fc.uniqueArray(fc.constantFrom(...items), { minLength: 1, maxLength: 4 }),
    });
    fc.assert(
      fc.property(fc.array(problem, { minLength: 1, maxLength: 30 }), (problems: CorrectionProblem[]) => {
        const input: CorrectionInput = { ...correction, problems };
        const html = render('correction', input);
        const rows = [...html.matchAll(/<tr><td class="n">(\d+)<\/td><td><b>(.*?)<\/b>.*?<\/td><td>(.*?)<\/td><td>(.*?)<\/td><td>(.*?)<\/td><\/tr>/g)];
        const expected = new Map<string, CorrectionProblem[]>();
        for (const p of problems) expected.set(`${p.problem}/${p.name}`, [...(expected.get(`${p.problem}/${p.name}`) ?? []), p]);
        expect(rows.map((r) => Number(r[1]))).toEqual(rows.map((_, n) => n + 1));
        expect(rows).toHaveLength(expected.size);
        expect(html).toContain(`（共 ${expected.size} 项）`);
        const missingCount = [...expected.keys()].filter((k) => k.startsWith('missing/')).length;
        rows.forEach((r, n) => {
          const kind = n < missingCount ? 'missing' : 'wrong';
          const ps = expected.get(`${kind}/${r[2]}`);
          expect(ps, `${kind} ${r[2]}`).toBeDefined();
          const rowItems = r[3]!.split('<br>');
          expect(new Set(rowItems)).toEqual(new Set(ps!.flatMap((p) => p.items)));
          expect(rowItems).toHaveLength(new Set(rowItems).size);
          for (const p of ps!) {
            expect(r[4]!.split('<br>')).toContain(p.detail);
            if (p.fix) expect(r[5]!.split('<br>')).toContain(p.fix);
          }
        });
      }),
      { numRuns: 200 },
    );
  });
});

describe('不予受理通知书', () => {
  it('gives the reason, the legal basis and the standard remedies', () => {
    const html = render('refusal', refusal);
    expect(html).toContain(esc(refusal.reason));
    expect(html).toContain(esc(refusal.legalBasis!));
    expect(html).toContain(
      '如对本决定不服，可以自收到本通知书之日起六十日内，依照《中华人民共和国行政复议法》的规定向依法有管辖权的行政复议机关申请行政复议；' +
        '也可以自收到本通知书之日起六个月内，依照《中华人民共和国行政诉讼法》的规定向有管辖权的人民法院提起行政诉讼。',
    );
    for (const i of refusal.items) expect(html).toContain(esc(i.name));
  });

  it('names the review body and court when the hall knows them, and leaves out a missing legal basis', () => {
    const { legalBasis: _, ...noBasis } = refusal;
    const html = render('refusal', { ...noBasis, reviewBody: '漠河市人民政府', court: '漠河市人民法院' });
    expect(html).toContain('向漠河市人民政府申请行政复议');
    expect(html).toContain('向漠河市人民法院提起行政诉讼');
    expect(html).not.toContain('、依据</h2>');
  });
});

describe('escaping', () => {
  const PAYLOAD = `"'><img src=x onerror=alert(1)><script>alert(1)</script></style><style>body{display:none}`;
  // Fields whose values pick a label from a table rather than being printed.
  const ENUMS = new Set(['kind', 'how', 'method', 'problem', 'form', 'mime']);
  // The commitment is about the pending materials; the case's items, materials received and delivery are on the notice.
  const NOT_ON_COMMITMENT = new Set(['items', 'received', 'delivery']);

  function stringPaths(v: unknown, path: (string | number)[] = []): (string | number)[][] {
    if (typeof v === 'string') return ENUMS.has(String(path.at(-1))) ? [] : [path];
    if (Array.isArray(v)) return v.flatMap((x, i) => stringPaths(x, [...path, i]));
    if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => stringPaths(x, [...path, k]));
    return [];
  }
  function setPath(root: any, path: (string | number)[], value: string): void {
    let o = root;
    for (const k of path.slice(0, -1)) o = o[k];
    o[path.at(-1)!] = value;
  }
  const withEnterprise = { ...samples, refusal: { ...refusal, applicant: enterprise }, pending: { ...pending, applicant: enterprise } };

  it.each(DOCUMENT_KINDS)('no string in the %s input can add markup, whichever field it is typed into', (kind) => {
    for (const input of [samples[kind], withEnterprise[kind]]) {
      const paths = stringPaths(input);
      expect(paths.length).toBeGreaterThan(10);
      for (const path of paths) {
        const evil = clone(input);
        const isDate = /issuedAt|expectedDate|deadline|signedAt/.test(String(path.at(-1)));
        setPath(evil, path, PAYLOAD);
        const html = (renderers[kind] as (v: unknown) => string)(evil);
        const where = path.join('.');
        expect(html, where).not.toMatch(/<img src=x|<script|<\/style><style>|"'>/);
        expect(html.match(/<\/style>/g), where).toHaveLength(1);
        expect(html.match(/<img /g)?.length ?? 0, where).toBe(kind === 'commitment' && !['mime', 'base64'].includes(String(path.at(-1))) ? 1 : 0);
        // The value is still printed, escaped (dates are only ever read as dates; the base64 is refused).
        const printed = !isDate && !['base64', 'queryChannel'].includes(String(path.at(-1))) && !(kind === 'commitment' && NOT_ON_COMMITMENT.has(String(path[0])));
        if (printed) expect(html, where).toContain(esc(PAYLOAD));
        // The footer on every page carries the query channel, hall and case number as CSS strings.
        if (['queryChannel', 'hallName', 'caseNumber'].includes(String(path.at(-1)))) expect(html, where).toContain(cssString(PAYLOAD).slice(1, -1));
      }
    }
  });

  it('the schemas refuse markup where only identifiers belong', () => {
    const evil = (patch: object) => ({ ...acceptance, ...patch });
    invalid('acceptance', evil({ caseNumber: '"><svg/onload=alert(1)>' }));
    invalid('acceptance', evil({ applicant: { ...acceptance.applicant, idNumberMasked: '<b>*</b>' } }));
    invalid('acceptance', evil({ issuedAt: '2026-03-02 09:30<script>' }));
  });
});

describe('input validation', () => {
  it('refuses an unmasked ID number', () => {
    expect(invalid('acceptance', { ...acceptance, applicant: { ...acceptance.applicant, idNumberMasked: '232701199003151229' } }).message).toContain(
      '证件号码须先遮盖',
    );
  });

  it('refuses an enterprise without its credit code, or with a malformed one', () => {
    const { creditCode: _, ...noCode } = enterprise;
    expect(invalid('refusal', { ...refusal, applicant: noCode }).message).toContain('单位申请须填写统一社会信用代码');
    expect(invalid('refusal', { ...refusal, applicant: { ...enterprise, creditCode: '91232721MA1B2C3D4' } }).message).toContain('统一社会信用代码应为 18 位');
  });

  it('refuses mail delivery without an address and times that do not exist', () => {
    invalid('acceptance', { ...acceptance, delivery: { method: 'mail' } });
    expect(invalid('acceptance', { ...acceptance, issuedAt: '2026-02-30 09:30' }).message).toContain('时间不存在');
    expect(invalid('acceptance', { ...acceptance, issuedAt: '2026-03-02 24:00' }).message).toContain('时间不存在');
  });

  it('refuses an expected date before the acceptance or an item finishing after the whole case', () => {
    expect(invalid('acceptance', { ...acceptance, expectedDate: '2026-03-01' }).message).toContain('预计办结日期早于受理日期');
    expect(invalid('acceptance', { ...acceptance, expectedDate: '2026-03-20' }).message).toContain('“生育医疗费用报销”的预计办结日期晚于整体预计办结日期');
  });

  it('dates the application when it was handed in, never after the notice', () => {
    expect(render('correction', { ...correction, submittedAt: '2026-02-27 10:05' })).toContain('你单位于 2026年2月27日 10:05 提交的“企业注销登记”申请');
    expect(render('refusal', refusal)).toContain('你于 2026年3月2日 09:30 提交的“新生儿出生”申请');
    expect(invalid('refusal', { ...refusal, submittedAt: '2026-03-02 09:31' }).message).toContain('提交时间晚于出具时间');
  });

  it('refuses an empty correction notice', () => {
    invalid('correction', { ...correction, problems: [] });
  });

  it('names the file after the case number and the document', () => {
    expect(documentFileName('acceptance', 'HLJ232701-20260302-K7QF-0007')).toBe('HLJ232701-20260302-K7QF-0007-受理通知书.pdf');
    expect(documentFileName('refusal', 'A/B')).toBe('A_B-不予受理通知书.pdf');
  });
});

describe('codes', () => {
  function pathToMatrix(svg: string): { quiet: number; m: boolean[][] } {
    const side = Number(/viewBox="0 0 (\d+) \1"/.exec(svg)![1]);
    const d = /<path fill="#000" d="([^"]*)"/.exec(svg)![1]!;
    const grid = Array.from({ length: side }, () => Array<boolean>(side).fill(false));
    for (const [, x, y, w] of d.matchAll(/M(\d+) (\d+)h(\d+)v1h-\3z/g)) {
      for (let i = 0; i < Number(w); i++) grid[Number(y)]![Number(x) + i] = true;
    }
    return { quiet: 4, m: grid };
  }

  it.each(['HLJ232701-20260302-K7QF-0007', 'A', 'N-1', 'x'.repeat(40)])('the QR path of %s is exactly the module matrix of QRCode.create, with a quiet zone', (text) => {
    const svg = qrSvg(text, { sizeMm: 20 });
    expect(svg).toContain('width="20mm" height="20mm"');
    const { quiet, m } = pathToMatrix(svg);
    const ref = QRCode.create(text, { errorCorrectionLevel: 'M' }).modules;
    expect(m.length).toBe(ref.size + 2 * quiet);
    for (let y = 0; y < m.length; y++) {
      for (let x = 0; x < m.length; x++) {
        const inside = x >= quiet && y >= quiet && x < quiet + ref.size && y < quiet + ref.size;
        expect(m[y]![x], `${x},${y}`).toBe(inside ? Boolean(ref.get(y - quiet, x - quiet)) : false);
      }
    }
    expect(qrMatrix(text).flat().filter(Boolean).length).toBe(m.flat().filter(Boolean).length);
  });

  // Code 128: symbols of 11 modules (3 bars, 3 spaces, each 1–4 wide), a start code, and the 13-module stop.
  function runLengths(text: string): number[] {
    const { bars, modules } = code128Bars(text);
    const runs: number[] = [];
    let x = 0;
    for (const [left, width] of bars) {
      expect(Number.isInteger(left) && Number.isInteger(width)).toBe(true);
      if (left > x) runs.push(left - x);
      else expect(runs.length).toBe(0);
      runs.push(width);
      x = left + width;
    }
    expect(x).toBe(modules);
    return runs;
  }

  it.each(['HLJ232701-20260302-K7QF-0007', '0123456789', 'abc-XYZ_./', 'N-1'])('the Code 128 bars of %s form start, 11-module symbols and the stop', (text) => {
    const runs = runLengths(text);
    const stop = runs.slice(-7);
    expect(stop).toEqual([2, 3, 3, 1, 1, 1, 2]);
    const symbols = runs.slice(0, -7);
    expect(symbols.length % 6).toBe(0);
    // start + at least one symbol per two digits + check symbol
    expect(symbols.length / 6).toBeGreaterThanOrEqual(2 + Math.ceil(text.length / 2));
    for (let i = 0; i < symbols.length; i += 6) {
      const s = symbols.slice(i, i + 6);
      expect(s.reduce((a, b) => a + b, 0)).toBe(11);
      for (const w of s) expect(w >= 1 && w <= 4).toBe(true);
    }
    expect(['2,1,1,4,1,2', '2,1,1,2,1,4', '2,1,1,2,3,2']).toContain(symbols.slice(0, 6).join(','));
  });

  it('prints the barcode with modules of 0.19–0.33 mm and a 10-module quiet zone each side', () => {
    const short = barcodeSvg('N-1');
    const { modules } = code128Bars('N-1');
    expect(short).toContain(`viewBox="0 0 ${modules + 20} 1"`);
    expect(Number(/width="([\d.]+)mm"/.exec(short)![1])).toBeCloseTo((modules + 20) * 0.33, 1);
    const long = barcodeSvg('Y'.repeat(40), { maxWidthMm: 60 });
    const longModules = code128Bars('Y'.repeat(40)).modules + 20;
    expect(Number(/width="([\d.]+)mm"/.exec(long)![1])).toBeCloseTo(longModules * 0.19, 1);
  });

  it('refuses to encode characters Code 128 cannot carry, saying what to check', () => {
    expect(() => barcodeSvg('受理-001')).toThrow(/条形码只能编码半角字母、数字和符号/);
    try {
      barcodeSvg('受理-001');
    } catch (err) {
      expect((err as AppError).code).toBe('INVALID_INPUT');
    }
  });
});
