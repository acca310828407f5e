import { describe, expect, it } from 'vitest';
import {
  barcodeSvg,
  DELIVERY_DOCUMENT_KINDS,
  DOCUMENT_TITLES,
  documentFileName,
  qrSvg,
  receiptHtml,
  receiptInputSchema,
  renderDocument,
  waybillHtml,
  waybillInputSchema,
  type DeliveryDocumentKind,
  type ReceiptInput,
  type WaybillInput,
} from '../../shared/documents/index.js';
import { cssString, esc } from '../../shared/documents/layout.js';
import { AppError } from '../../shared/errors.js';
import { CARRIERS, checkTrackingNumber } from '../../shared/tracking.js';
import { enterprise } from '../fixtures/documents/inputs.js';
import { mailReceipt, receipt, TINY_PNG, waybill } from '../fixtures/documents-delivery/inputs.js';

const render = (kind: DeliveryDocumentKind, input: unknown) => renderDocument(kind, input as never);
const clone = <T>(v: T): T => structuredClone(v);
const text = (html: string) => html.replace(/<[^>]*>/g, '');

function invalid(kind: DeliveryDocumentKind, input: unknown): AppError {
  try {
    render(kind, input);
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('INVALID_INPUT');
    expect((err as AppError).message.startsWith(`${DOCUMENT_TITLES[kind]}无法生成：`)).toBe(true);
    expect((err as AppError).message.endsWith('。请改正后重新打印')).toBe(true);
    return err as AppError;
  }
  throw new Error('expected INVALID_INPUT');
}

const FULL_ID = '232701199003151229';

describe('出件回执', () => {
  it('uses the A4 case frame: hall, counter, case number as text, Code 128 and QR, clerk', () => {
    const html = render('receipt', receipt);
    const h = receipt.header;
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('size: A4');
    expect(html).toContain('<h1>出件回执（送达回证）</h1>');
    expect(html).toContain(`<div class="hall">${h.hallName}</div>`);
    expect(html).toContain(`窗口：${h.counterName}`);
    expect(html).toContain(`<b>${h.caseNumber}</b>`);
    expect(html).toContain(barcodeSvg(h.caseNumber, { heightMm: 8, maxWidthMm: 80 }));
    expect(html).toContain(qrSvg(h.caseNumber, { sizeMm: 22 }));
    expect(html).toContain(`经办人：${h.clerkName}`);
    expect(html).toContain('存档联');
    expect(html).toContain(receipt.receiptNo);
    expect(html).toContain(`<th>申请人</th><td>${h.applicant.name}</td>`);
    expect(text(html)).toContain('申请人李春燕申请办理的“新生儿出生”，下列出件内容已于 2026年3月5日 10:20 在综合窗口 3 号当面交付申请人本人。');
    expect(html).not.toMatch(/<script|src="http|href="http/i);
    expect(html).toContain("default-src 'none'");
  });

  it('prints the recipient with the masked ID number and how the identity was checked', () => {
    const html = render('receipt', receipt);
    expect(html).toContain(`<th>姓名</th><td>${receipt.recipient.name}</td><th>身份</th><td>申请人本人</td>`);
    expect(html).toContain(`<th>证件号码</th><td>${receipt.recipient.idNumberMasked}</td><th>核验方式</th><td>读取居民身份证</td>`);
    expect(html).toContain('<th>出件方式</th><td>窗口领取</td><th>出件时间</th><td>2026年3月5日 10:20</td>');
    const agent = render('receipt', { ...receipt, recipient: { ...mailReceipt.recipient } });
    expect(agent).toContain('<th>身份</th><td>代领人（与申请人关系：配偶）</td>');
    expect(agent).toContain('<th>核验方式</th><td>人工核对证件</td>');
    expect(text(agent)).toContain('当面交付代领人');
    const noRelation = render('receipt', { ...receipt, recipient: { ...mailReceipt.recipient, relation: undefined } });
    expect(noRelation).toContain('<th>身份</th><td>代领人</td>');
  });

  it('lists every entry with its item, department, content, kind label and count, and the total', () => {
    const html = render('receipt', receipt);
    receipt.entries.forEach((e, n) => {
      expect(html).toContain(`<tr><td class="n">${n + 1}</td><td>${esc(e.item)}<br><span class="small">${esc(e.department)}</span></td><td>${esc(e.description)}</td>`);
    });
    expect(html).toContain('<th>序号</th><th>事项</th><th>出件内容</th><th>类别</th><th>份数</th>');
    expect(html).toContain('<td>出生医学证明 编号 Q230012345</td><td class="c">办理结果</td><td class="c">1</td>');
    expect(html).toContain('<td class="c">电子证照</td>');
    expect(html).toContain('<td class="c">决定文书</td>');
    expect(html).toContain('<td>结婚证原件（夫妻双方各一本）</td><td class="c">退还原件</td><td class="c">2</td>');
    const total = receipt.entries.reduce((s, e) => s + e.count, 0);
    expect(total).toBe(7);
    expect(html).toContain(`出件内容（共 ${receipt.entries.length} 项 ${total} 份）`);
    expect(html).toContain(`<td colspan="3"><b>合计</b></td><td class="c"><b>${total}</b></td>`);
  });

  it('shows the signature drawn on the pad in the 领取人签名 box, or notes the paper signature', () => {
    const drawn = render('receipt', receipt);
    expect(drawn).toContain(`<div>领取人签名：</div><div class="sig"><img src="${TINY_PNG}" alt="领取人签名"></div>`);
    expect(drawn).toContain('<div class="date">2026年3月5日</div>');
    const paper = render('receipt', { ...receipt, signature: { kind: 'paper' } });
    expect(paper).not.toContain('<img');
    expect(paper).toContain('领取人已在纸质回执上签名（扫描件存档）');
  });

  it('prints the rating code beside a QR code of the rating link, of the bare code without a link, and nothing without a code', () => {
    const withUrl = render('receipt', receipt);
    expect(withUrl).toContain('扫码或凭评价码 K7QF2M9A 对本次服务进行评价（好差评）');
    expect(withUrl).toContain(qrSvg(receipt.ratingUrl!, { sizeMm: 20 }));
    expect(withUrl).toContain('签收与评价');
    const { ratingUrl: _, ...noUrl } = receipt;
    const codeOnly = render('receipt', noUrl);
    expect(codeOnly).toContain(qrSvg('K7QF2M9A', { sizeMm: 20 }));
    expect(codeOnly).not.toContain(qrSvg(receipt.ratingUrl!, { sizeMm: 20 }));
    const none = render('receipt', { ...receipt, ratingCode: null });
    expect(none).not.toContain('好差评');
    expect(none.match(/class="qr"/g)).toHaveLength(1);
    expect(withUrl.match(/class="qr"/g)).toHaveLength(2);
  });

  it('for the post, becomes the mailing list kept on file, with the carrier and tracking number', () => {
    const html = render('receipt', mailReceipt);
    expect(html).toContain('<h1>出件回执（邮寄清单）</h1>');
    expect(html).toContain('<h2>二、收件人</h2>');
    expect(html).toContain('<th>寄递</th><td colspan="3">中国邮政 EMS\u3000运单号 1100123456789</td>');
    expect(html).toContain('<th>身份</th><td>代收人（与申请人关系：配偶）</td>');
    expect(text(html)).toContain('封装交寄（中国邮政 EMS，运单号 1100123456789），本清单随案存档。');
    expect(html).toContain('收件人已在纸质回执上签名（扫描件存档）');
    for (const e of mailReceipt.entries) expect(html).toContain(esc(e.description));
    const other = render('receipt', { ...mailReceipt, mail: { carrier: 'other', carrierName: '漠河同城速递', trackingNo: 'MH20260305001' } });
    expect(other).toContain('漠河同城速递\u3000运单号 MH20260305001');
    const electronic = render('receipt', { ...receipt, channel: 'electronic' });
    expect(electronic).toContain('<h2>二、接收人</h2>');
    expect(text(electronic)).toContain('以电子证照、电子文书形式送达');
  });

  it('an enterprise applicant is named by the enterprise', () => {
    const html = render('receipt', { ...receipt, header: { ...receipt.header, applicant: enterprise } });
    expect(text(html)).toContain(`申请单位${enterprise.enterpriseName}申请办理的`);
    expect(html).toContain(enterprise.creditCode!);
  });
});

describe('出件回执 input', () => {
  it('refuses a full ID number wherever it is typed, with a Chinese message saying how to mask it', () => {
    expect(invalid('receipt', { ...receipt, recipient: { ...receipt.recipient, idNumberMasked: FULL_ID } }).message).toContain('证件号码须先遮盖');
    expect(invalid('receipt', { ...receipt, header: { ...receipt.header, applicant: { ...receipt.header.applicant, idNumberMasked: FULL_ID } } }).message).toContain(
      '证件号码须先遮盖',
    );
    const inDescription = clone(receipt);
    inDescription.entries[3]!.description = `社会保障卡 卡号 ${FULL_ID}`;
    const err = invalid('receipt', inDescription);
    expect(err.message).toContain('不能填写完整的证件号码');
    expect(err.details).toEqual({ issues: [{ path: ['entries', '3', 'description'], message: expect.stringContaining('2301**********1234') }] });
    const lowerX = clone(receipt);
    lowerX.recipient.name = '张三 23270119920101002x';
    invalid('receipt', lowerX);
    // Other numbers in a description stay: a 9-digit certificate number, a 20-digit bank reference.
    const numbers = clone(receipt);
    numbers.entries[0]!.description = '出生医学证明 编号 Q230012345，回单 62170000123456789012';
    expect(render('receipt', numbers)).toContain('62170000123456789012');
  });

  it('checks the signature image: PNG data URL, base64 characters, at most 2 MB', () => {
    const sig = (dataUrl: string) => ({ ...receipt, signature: { kind: 'image', dataUrl } });
    expect(invalid('receipt', sig('data:image/svg+xml;base64,PHN2Zz4=')).message).toContain('签名图片应为 PNG 格式');
    expect(invalid('receipt', sig('data:image/png;base64,AAAA" onerror="alert(1)')).message).toContain('签名图片数据不完整');
    expect(invalid('receipt', sig('data:image/png;base64,')).message).toContain('签名图片数据不完整');
    expect(invalid('receipt', sig('data:image/png;base64,AAAAA')).message).toContain('签名图片数据不完整');
    // 2 MiB decodes from exactly 2 796 204 base64 characters; four more is over.
    const limit = Math.ceil((2 * 1024 * 1024) / 3) * 4;
    expect(receiptInputSchema.safeParse(sig(`data:image/png;base64,${'A'.repeat(limit)}`)).success).toBe(true);
    expect(invalid('receipt', sig(`data:image/png;base64,${'A'.repeat(limit + 4)}`)).message).toContain('签名图片超过 2 MB');
    invalid('receipt', { ...receipt, signature: { kind: 'stamp' } });
  });

  it('checks the rating code, the rating link, the channel and the entries', () => {
    expect(invalid('receipt', { ...receipt, ratingCode: 'k7qf2m9a' }).message).toContain('评价码应为 8 位大写字母或数字');
    invalid('receipt', { ...receipt, ratingCode: 'K7QF2M9' });
    expect(invalid('receipt', { ...receipt, ratingUrl: 'javascript:alert(1)' }).message).toContain('评价链接应以 http:// 或 https:// 开头');
    invalid('receipt', { ...receipt, ratingUrl: 'https://pj.example.cn/r/K7QF 2M9A' });
    expect(invalid('receipt', { ...receipt, mail: mailReceipt.mail }).message).toContain('只有邮寄出件才填写寄递公司和运单号');
    expect(invalid('receipt', { ...mailReceipt, mail: { carrier: 'other', trackingNo: 'MH20260305001' } }).message).toContain('寄递公司选“其他”时请填写公司名称');
    invalid('receipt', { ...mailReceipt, mail: { carrier: 'ems', trackingNo: '1100 1234 5678 9' } });
    invalid('receipt', { ...receipt, entries: [] });
    invalid('receipt', { ...receipt, entries: [{ ...receipt.entries[0]!, count: 0 }] });
    invalid('receipt', { ...receipt, entries: [{ ...receipt.entries[0]!, kind: 'copy' }] });
    expect(invalid('receipt', { ...receipt, handedAt: '2026-03-05 25:00' }).message).toContain('时间不存在');
    invalid('receipt', { ...receipt, receiptNo: 'R <1>' });
    invalid('receipt', { ...receipt, recipient: { ...receipt.recipient, verification: 'face' } });
  });
});

describe('邮寄面单', () => {
  it('is a 100 × 150 mm label with the carrier, the tracking number as Code 128 and text, the recipient large and the sender small', () => {
    const html = render('waybill', waybill);
    expect(html).toContain('@page { size: 100mm 150mm; margin: 4mm; }');
    expect(html).not.toContain('size: A4');
    expect(html).toContain('<div class="carrier">中国邮政 EMS</div>');
    expect(html).toContain(barcodeSvg(waybill.trackingNo, { heightMm: 15, maxWidthMm: 86 }));
    expect(html).toContain(`<div class="no">${waybill.trackingNo}</div>`);
    expect(html).toContain(`<span class="name">${waybill.recipient.name}</span><span class="phone">${waybill.recipient.phone}</span>`);
    expect(html).toContain(`<div class="addr">${waybill.recipient.address}</div>`);
    expect(html).toContain(`<div class="box party from"><div class="tag">寄</div><div><div>${waybill.sender.name}\u3000${waybill.sender.phone}</div><div class="addr">${waybill.sender.address}</div>`);
    expect(html).toContain(`<span class="case">${waybill.caseNumber}</span>`);
    expect(html).toContain(`内件：${waybill.contents}`);
    expect(html).toContain(`<div class="note">${waybill.note}</div>`);
    expect(html).toContain('2026年3月5日 10:25');
    expect(html).not.toMatch(/到付|<script|src="http|href="http/i);
    expect(html).toContain("default-src 'none'");
  });

  it('prints only the note it is given, and the name of an other carrier', () => {
    const { note: _, ...noNote } = waybill;
    expect(render('waybill', noNote)).not.toContain('class="note"');
    for (const carrier of CARRIERS.filter((c) => c !== 'other')) {
      expect(render('waybill', { ...waybill, carrier })).toContain(`<div class="carrier">${{ ems: '中国邮政 EMS', sf: '顺丰速运', jd: '京东物流' }[carrier]}</div>`);
    }
    expect(render('waybill', { ...waybill, carrier: 'other', carrierName: '漠河同城速递' })).toContain('<div class="carrier">漠河同城速递</div>');
    expect(invalid('waybill', { ...waybill, carrier: 'other' }).message).toContain('寄递公司选“其他”时请填写公司名称');
  });

  it('uses smaller type for long values so they stay on the label', () => {
    const long = render('waybill', { ...waybill, recipient: { ...waybill.recipient, name: '欧阳'.repeat(10), address: '址'.repeat(100) } });
    expect(long).toContain('<span class="name long">');
    expect(long).toContain('<div class="addr longer">');
    expect(render('waybill', { ...waybill, carrier: 'other', carrierName: '漠河同城速递有限公司' })).toContain('<div class="carrier long">');
  });

  it('refuses an ID number, a wrong phone and a tracking number Code 128 would not carry unchanged', () => {
    expect(invalid('waybill', { ...waybill, recipient: { ...waybill.recipient, address: `${waybill.recipient.address} ${FULL_ID}` } }).message).toContain('不能填写完整的证件号码');
    invalid('waybill', { ...waybill, note: `身份证 ${FULL_ID}` });
    expect(invalid('waybill', { ...waybill, recipient: { ...waybill.recipient, phone: '1390457123' } }).message).toContain('收件人电话：手机号码应为 11 位');
    expect(invalid('waybill', { ...waybill, sender: { ...waybill.sender, phone: '12345' } }).message).toContain('寄件人电话：');
    expect(invalid('waybill', { ...waybill, trackingNo: '1100 1234 5678 9' }).message).toContain('运单号应为 6–30 位字母或数字');
    invalid('waybill', { ...waybill, trackingNo: '运单1100123456789' });
    invalid('waybill', { ...waybill, caseNumber: '"><svg>' });
    invalid('waybill', { ...waybill, recipient: { ...waybill.recipient, address: '址'.repeat(101) } });
  });

  it('accepts every number the tracking check normalises, warned about or not', () => {
    const typed: [WaybillInput['carrier'], string][] = [
      ['ems', ' ea 123 456 785 cn'],
      ['ems', 'EA123456784CN'],
      ['sf', 'sf 1234 5678 9012'],
      ['jd', 'jdva 1234 5678 901'],
      ['other', 'mh-2026'.replace('-', '')],
    ];
    for (const [carrier, value] of typed) {
      const { normalized } = checkTrackingNumber(carrier, value);
      expect(waybillInputSchema.safeParse({ ...waybill, carrier, carrierName: '漠河同城速递', trackingNo: normalized }).success, value).toBe(true);
    }
  });
});

describe('escaping', () => {
  const PAYLOAD = `"'><img src=x onerror=alert(1)><script>alert(1)</script></style><style>body{display:none}`;
  // Fields whose values pick a label from a table, are read only as dates, or are checked before use.
  const ENUMS = new Set(['kind', 'role', 'verification', 'channel', 'carrier']);
  const NOT_PRINTED = new Set(['issuedAt', 'handedAt', 'printedAt', 'dataUrl', 'ratingUrl', 'queryChannel']);

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

  const cases: [string, (v: any) => string, object][] = [
    ['receipt at the window', receiptHtml, receipt],
    ['receipt for the post', receiptHtml, { ...mailReceipt, mail: { carrier: 'other', carrierName: '漠河同城速递', trackingNo: 'MH20260305001' } }],
    ['waybill', waybillHtml, { ...waybill, carrier: 'other', carrierName: '漠河同城速递' }],
  ];

  it.each(cases)('no string in the %s input can add markup, whichever field it is typed into', (_, html, input) => {
    const paths = stringPaths(input);
    expect(paths.length).toBeGreaterThan(10);
    for (const path of paths) {
      const evil = clone(input);
      setPath(evil, path, PAYLOAD);
      const out = html(evil);
      const where = path.join('.');
      expect(out, where).not.toMatch(/<img src=x|<script|<\/style><style>|"'>/);
      expect(out.match(/<\/style>/g), where).toHaveLength(1);
      const images = String(path.at(-1)) === 'dataUrl' || !('signature' in input) || (input as ReceiptInput).signature.kind !== 'image' ? 0 : 1;
      expect(out.match(/<img /g)?.length ?? 0, where).toBe(images);
      if (!NOT_PRINTED.has(String(path.at(-1)))) expect(out, where).toContain(esc(PAYLOAD));
      if (['queryChannel', 'hallName', 'caseNumber'].includes(String(path.at(-1))) && path[0] === 'header') expect(out, where).toContain(cssString(PAYLOAD).slice(1, -1));
    }
  });

  it('a signature that is not a PNG data URL is never embedded, even when the schema is bypassed', () => {
    for (const dataUrl of ['data:image/png;base64,AAAA" onerror="alert(1)', 'data:text/html;base64,PGgxPng8L2gxPg==', 'javascript:alert(1)']) {
      const html = receiptHtml({ ...receipt, signature: { kind: 'image', dataUrl } });
      expect(html).not.toContain('<img');
      expect(html).not.toContain('onerror="');
      expect(html).toContain('<div>领取人签名：</div><div class="line"></div>');
    }
  });
});

describe('file names', () => {
  it('names the delivery documents after the case number', () => {
    expect(DELIVERY_DOCUMENT_KINDS).toEqual(['receipt', 'waybill']);
    expect(documentFileName('receipt', 'HLJ232701-20260302-K7QF-0007')).toBe('HLJ232701-20260302-K7QF-0007-出件回执.pdf');
    expect(documentFileName('waybill', 'HLJ232701-20260302-K7QF-0007')).toBe('HLJ232701-20260302-K7QF-0007-邮寄面单.pdf');
  });
});
