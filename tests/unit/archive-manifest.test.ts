import { describe, expect, it } from 'vitest';
import {
  blobFiles,
  blobUses,
  compareFiles,
  documentPath,
  extensionOf,
  isBenignForArchive,
  isSafeRelativePath,
  manifestSchema,
  manifestText,
  packageFolderName,
  verifySummary,
  type FoundFile,
  type Manifest,
} from '../../shared/archive.js';

// The pure parts of the archive package: names, roles, the manifest text and the comparison a verifier makes.

const h = (c: string) => c.repeat(64);

describe('archive manifest functions', () => {
  it('names package folders by case number, later revisions with .rN, and keeps paths inside the package', () => {
    expect(packageFolderName('HLJ232701-20261123-K7QF-0001', 1)).toBe('HLJ232701-20261123-K7QF-0001');
    expect(packageFolderName('HLJ232701-20261123-K7QF-0001', 3)).toBe('HLJ232701-20261123-K7QF-0001.r3');
    expect(packageFolderName('A/B C', 1)).toBe('A_B_C');
    for (const p of ['form.json', 'materials/hlj.x/01.jpg', 'documents/01-受理通知书.pdf']) expect(isSafeRelativePath(p)).toBe(true);
    for (const p of ['', '/etc/passwd', '../x', 'a/../../x', 'a//b', './a', 'a\\b', 'C:/x', 'a/\0']) expect(isSafeRelativePath(p)).toBe(false);
    expect(documentPath(2, '出件回执-C1')).toBe('documents/02-出件回执-C1.pdf');
    expect(documentPath(1, 'a/b')).toBe('documents/01-a_b.pdf');
    expect(extensionOf('image/jpeg')).toBe('jpg');
    expect(extensionOf('application/pdf; charset=binary')).toBe('pdf');
    expect(extensionOf('application/x-unknown')).toBe('bin');
  });

  it('finds every blob of the events once, with its role, and places it by material and item', () => {
    const events = [
      { id: 'e1', type: 'case.draft_updated', payload: { card: { photoBlob: h('a') }, materials: { 'mat.one': { status: 'scanned', pageBlobs: [h('b'), h('c')] }, 'mat.two': null } } },
      // A rescan of the same page references it again: still one file.
      { id: 'e2', type: 'case.draft_updated', payload: { materials: { 'mat.one': { status: 'scanned', pageBlobs: [h('c')] } }, agent: { authorizationBlobs: [h('d')] } } },
      { id: 'e3', type: 'case.accepted', payload: { commitmentBlob: h('e'), caseNumber: 'X' } },
      { id: 'e4', type: 'case.material_supplied', payload: { key: 'mat.two', pageBlobs: [h('f')] } },
      { id: 'e5', type: 'item.state_changed', payload: { itemId: 'item.a', result: { documentBlobs: [h('1')] } } },
      { id: 'e6', type: 'delivery.handed_over', payload: { receiptNo: 'X-C1', signatureBlob: h('2'), signedPaperBlobs: [h('3')], authorizationBlobs: [] } },
      { id: 'e7', type: 'case.draft_updated', payload: { otherBlob: h('4'), blobNote: h('5'), badBlob: 'nothex' } },
    ];
    const uses = blobUses(events);
    expect(uses.map((u) => [u.sha256[0], u.role, u.ref, u.eventId])).toEqual([
      ['a', 'id-photo', null, 'e1'],
      ['b', 'material', 'mat.one', 'e1'],
      ['c', 'material', 'mat.one', 'e1'],
      ['d', 'authorization', null, 'e2'],
      ['e', 'commitment', null, 'e3'],
      ['f', 'material', 'mat.two', 'e4'],
      ['1', 'result', 'item.a', 'e5'],
      ['2', 'signature', 'X-C1', 'e6'],
      ['3', 'signed-receipt', 'X-C1', 'e6'],
      ['4', 'attachment', null, 'e7'],
    ]);
    const mime = (u: (typeof uses)[number]) => (u.role === 'result' ? 'application/pdf' : u.role === 'signature' ? 'image/png' : 'image/jpeg');
    const placed = blobFiles(
      uses.map((u) => ({ ...u, mime: mime(u) })),
      { material: (k) => ({ 'mat.one': '出生医学证明', 'mat.two': '户口簿' })[k] ?? k, item: (id) => (id === 'item.a' ? '出生登记' : id) },
    );
    expect(placed.map((p) => [p.path, p.title])).toEqual([
      ['id-photo/01.jpg', '证件照片 01'],
      ['materials/mat.one/01.jpg', '出生医学证明 第 1 页'],
      ['materials/mat.one/02.jpg', '出生医学证明 第 2 页'],
      ['authorizations/01.jpg', '授权委托书 01'],
      ['commitment/01.jpg', '告知承诺书签字 01'],
      ['materials/mat.two/01.jpg', '户口簿 第 1 页'],
      ['results/item.a/01.pdf', '出生登记 01'],
      ['signatures/01.png', '领取人签名 01'],
      ['signed-receipts/01.jpg', '签字回执 01'],
      ['attachments/01.jpg', '其他附件 01'],
    ]);
    expect(new Set(placed.map((p) => p.path)).size).toBe(placed.length);
  });

  it('reports every altered, resized, missing, extra and unsafe file, in manifest order with extras last', () => {
    const listed = [
      { path: 'a.pdf', sha256: h('a'), size: 10 },
      { path: 'b.jpg', sha256: h('b'), size: 20 },
      { path: 'c.json', sha256: h('c'), size: 30 },
      { path: 'd.txt', sha256: h('d'), size: 40 },
      { path: '../escape', sha256: h('e'), size: 1 },
      { path: 'a.pdf', sha256: h('a'), size: 10 },
    ];
    const found = new Map<string, FoundFile>([
      ['a.pdf', { sha256: h('a'), size: 10 }],
      ['b.jpg', { sha256: h('f'), size: 20 }],
      ['c.json', { sha256: h('c'), size: 31 }],
      ['zz/extra.bin', { sha256: h('0'), size: 1 }],
      ['manifest.json', { sha256: h('1'), size: 1 }],
      ['manifest.sig.json', { sha256: h('2'), size: 1 }],
    ]);
    const problems = compareFiles(listed, found);
    expect(problems.map((p) => [p.kind, p.path])).toEqual([
      ['altered', 'b.jpg'],
      ['size', 'c.json'],
      ['missing', 'd.txt'],
      ['unsafe_path', '../escape'],
      ['duplicate_path', 'a.pdf'],
      ['extra', 'zz/extra.bin'],
    ]);
    expect(problems[0]!.message).toBe('文件已被改动：b.jpg（SHA-256 与清单不符）');
    expect(problems[1]!.message).toBe('文件已被改动：c.json（大小应为 30 字节，实际 31 字节）');
    expect(problems[2]!.message).toBe('文件缺失：d.txt');
    expect(problems[5]!.message).toBe('清单之外的多余文件：zz/extra.bin');
    expect(compareFiles(listed.slice(0, 1), new Map([['a.pdf', { sha256: h('a'), size: 10 }]]))).toEqual([]);
    expect(verifySummary('X-1', [])).toBe('归档包 X-1校验通过：签名有效，全部文件与清单一致。');
    expect(verifySummary(null, problems)).toMatch(/^归档包校验未通过，发现 6 处问题/);
  });

  it('writes the manifest in one stable form and refuses one that does not fit the format', () => {
    const m: Manifest = {
      format: 'yct-archive',
      formatVersion: 1,
      caseId: 'c1',
      caseNumber: 'N-1',
      revision: 1,
      supersedes: null,
      hall: { code: '232701', name: '漠河市政务服务中心' },
      bundle: { id: 'b', name: '出生一件事' },
      catalogVersion: '2026.1',
      finalState: 'delivered',
      endedAt: '2026-11-23T01:00:00.000Z',
      events: { count: 3, lastId: 'e3', lastHash: h('9') },
      generatedAt: '2026-11-23T01:05:00.000Z',
      generatedBy: { deviceId: 'd1', counterName: '综合窗口 1 号', software: '一窗通 0.1.0' },
      keyId: 'K1',
      signatureAlgorithm: 'HMAC-SHA-256',
      files: [{ path: 'form.json', role: 'form', sha256: h('a'), size: 5, mime: 'application/json', title: '申请表数据', ref: null }],
      omitted: [],
    };
    const text = manifestText(m);
    // Key order follows the schema, whatever order the object was built in.
    const shuffled = Object.fromEntries(Object.entries(m).reverse()) as Manifest;
    expect(manifestText(shuffled)).toBe(text);
    expect(text.endsWith('}\n')).toBe(true);
    expect(manifestSchema.parse(JSON.parse(text))).toEqual(m);
    expect(() => manifestText({ ...m, finalState: 'in_review' as never })).toThrow();
    expect(manifestSchema.safeParse({ ...m, files: [{ ...m.files[0]!, sha256: 'xyz' }] }).success).toBe(false);
  });

  it('counts looking at a case and messages sent as no change to the record', () => {
    expect(isBenignForArchive('audit.case_viewed')).toBe(true);
    expect(isBenignForArchive('delivery.notified')).toBe(true);
    expect(isBenignForArchive('rating.submitted')).toBe(false);
    expect(isBenignForArchive('case.closed')).toBe(false);
  });
});
