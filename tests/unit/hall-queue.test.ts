import { describe, expect, it } from 'vitest';
import { catalog } from '../../seeds/catalog/index.js';
import {
  decodeText,
  hallQueueSettingsSchema,
  normaliseDate,
  normaliseSlot,
  parseAppointmentsCsv,
  parseAppointmentsJson,
  parseCsv,
  pickTicket,
  ticketSchema,
  type BundleResolver,
  bundleResolver,
} from '../../shared/hall-queue.js';
import { idNumber } from '../helpers/intake.js';

// Appointment files as booking systems write them: Chinese or English headers in any order, a BOM,
// CRLF, quoted cells, GB18030 from Excel; every bad row named by its line with what is wrong, and
// the good rows kept.

const bundle: BundleResolver = bundleResolver(catalog.bundles, '232701');
const TODAY = '2026-11-23';
const ID = idNumber('19880512', 321);
const BAD_ID = ID.slice(0, 17) + (ID[17] === '0' ? '1' : '0');

describe('appointment CSV', () => {
  it('reads Chinese headers with a BOM and CRLF, resolving bundles by name or id', () => {
    const csv =
      '\uFEFF预约号,姓名,手机号码,证件号码,一件事,日期,时段\r\n' +
      `B001,张三,13904571234,${ID},新生儿出生,2026-11-23,09:00-09:30\r\n` +
      'B002,李四,0451-82345678,,hlj.newborn,2026/11/23,9:30~10:00\r\n';
    const r = parseAppointmentsCsv(csv, bundle, TODAY);
    expect(r.errors).toEqual([]);
    expect(r.appointments).toEqual([
      { id: 'B001', name: '张三', phone: '13904571234', idNumber: ID, bundleId: 'hlj.newborn', date: '2026-11-23', slot: '09:00-09:30' },
      { id: 'B002', name: '李四', phone: '0451-82345678', idNumber: null, bundleId: 'hlj.newborn', date: '2026-11-23', slot: '09:30-10:00' },
    ]);
  });

  it('reads English headers in another order and quoted cells with commas and line breaks', () => {
    const csv = 'slot,date,bundleId,phone,name,id\n"10:00-10:30",2026-11-23,hlj.newborn,13904571234,"王,小明",X-9\n"10:30-11:00",2026-11-23,企业注销登记,13904571235,"赵 ""大"" 刚\n（代办）",X-10\n';
    const r = parseAppointmentsCsv(csv, bundle, TODAY);
    expect(r.errors).toEqual([]);
    expect(r.appointments.map((a) => [a.id, a.name, a.bundleId])).toEqual([
      ['X-9', '王,小明', 'hlj.newborn'],
      ['X-10', '赵 "大" 刚\n（代办）', 'hlj.enterprise-cancellation'],
    ]);
  });

  it('names each bad row by its line and keeps the good ones', () => {
    const csv = [
      '预约号,姓名,手机号码,证件号码,一件事,日期,时段',
      'B001,张三,13904571234,,新生儿出生,2026-11-23,09:00-09:30',
      'B002,李四,1390457,,新生儿出生,2026-11-23,09:00-09:30',
      'B003,王五,13904571236,,开飞机,2026-11-23,09:00-09:30',
      `B004,赵六,13904571237,${BAD_ID},新生儿出生,2026-11-23,09:00-09:30`,
      'B005,钱七,13904571238,,新生儿出生,2026-13-01,09:00-09:30',
      'B006,孙八,13904571239,,新生儿出生,2026-11-23,10:00-09:30',
      ',周九,13904571240,,新生儿出生,2026-11-23,09:00-09:30',
      'B001,吴十,13904571241,,新生儿出生,2026-11-23,11:00-11:30',
      '',
      'B009,郑十一,13904571242,,新生儿出生,2026-11-23,11:00-11:30',
    ].join('\n');
    const r = parseAppointmentsCsv(csv, bundle, TODAY);
    expect(r.appointments.map((a) => a.id)).toEqual(['B001', 'B009']);
    expect(r.errors.map((e) => e.row)).toEqual([3, 4, 5, 6, 7, 8, 9]);
    const m = r.errors.map((e) => e.message);
    expect(m[0]).toMatch(/^第 3 行：手机号码格式不正确（手机号码应为 11 位/);
    expect(m[1]).toBe('第 4 行：事项目录中没有“开飞机”这件“一件事”，请核对名称或编号');
    expect(m[2]).toMatch(/^第 5 行：证件号码有误（/);
    expect(m[3]).toMatch(/^第 6 行：日期“2026-13-01”格式不正确/);
    expect(m[4]).toMatch(/^第 7 行：时段“10:00-09:30”格式不正确/);
    expect(m[5]).toBe('第 8 行：预约号为空');
    expect(m[6]).toBe('第 9 行：预约号 B001 与第 2 行重复，已按第 2 行导入');
  });

  it('refuses a file without a required column, naming the column and the names it accepts', () => {
    const r = parseAppointmentsCsv('预约号,姓名,一件事,日期,时段\nB1,张三,新生儿出生,2026-11-23,09:00-09:30\n', bundle, TODAY);
    expect(r.appointments).toEqual([]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]!.message).toMatch(/^第 1 行（表头）：缺少“手机号码”列。手机号码（可用列名：手机号码、手机号、联系电话/);
  });

  it('resolves a bundle name shared by two provinces to the hall province, and asks for the id elsewhere', () => {
    const names = catalog.bundles.filter((b) => b.name === '新生儿出生').map((b) => b.id);
    expect(names.sort()).toEqual(['hlj.newborn', 'ln.newborn']);
    expect(bundleResolver(catalog.bundles, '210102')('新生儿出生')).toEqual({ ok: true, id: 'ln.newborn' });
    expect(bundleResolver(catalog.bundles, '')('新生儿出生')).toEqual({ ok: false, message: '“新生儿出生”对应多件“一件事”（hlj.newborn、ln.newborn），请改用编号' });
    expect(bundleResolver(catalog.bundles, '')('ln.newborn')).toEqual({ ok: true, id: 'ln.newborn' });
  });

  it('counts lines from the start of a record when a quoted cell spans lines', () => {
    const rows = parseCsv('a,b\n"x\ny",1\n\nz,2');
    expect(rows.map((r) => [r.cells, r.line])).toEqual([
      [['a', 'b'], 1],
      [['x\ny', '1'], 2],
      [['z', '2'], 5],
    ]);
  });

  it('decodes UTF-8 with BOM and GB18030 as Excel saves it on Chinese Windows', () => {
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from('姓名')]))).toBe('姓名');
    // 姓名 in GB18030.
    expect(decodeText(new Uint8Array([0xd0, 0xd5, 0xc3, 0xfb]))).toBe('姓名');
  });

  it('normalises the dates and slots booking systems write', () => {
    expect(normaliseDate('2026年1月5日')).toBe('2026-01-05');
    expect(normaliseDate('2026.02.30')).toBeNull();
    expect(normaliseSlot('9：00－9：30')).toBe('09:00-09:30');
    expect(normaliseSlot('09:00')).toBeNull();
    expect(normaliseSlot('9：00—9：30')).toBe('09:00-09:30');
    expect(normaliseSlot('14:00至14:30')).toBe('14:00-14:30');
  });
});

describe('appointment JSON', () => {
  it('reads an array or { appointments }, with numbers as text, and reports bad entries by position', () => {
    const list = [
      { id: 'J1', name: '张三', phone: 13904571234, bundleId: 'hlj.newborn', date: '2026-11-23', slot: '09:00-09:30' },
      { 预约号: 'J2', 姓名: '李四', 手机号码: '13904571235', 一件事: '新生儿出生', 日期: '2026-11-23', 时段: '09:30-10:00', 证件号码: ID },
      { id: 'J3', name: '王五', phone: '13904571236', bundleId: 'nope', date: '2026-11-23', slot: '09:00-09:30' },
      'not an object',
    ];
    for (const text of [JSON.stringify(list), `\uFEFF${JSON.stringify({ appointments: list })}`]) {
      const r = parseAppointmentsJson(text, bundle, TODAY);
      expect(r.appointments.map((a) => [a.id, a.phone, a.idNumber])).toEqual([
        ['J1', '13904571234', null],
        ['J2', '13904571235', ID],
      ]);
      expect(r.errors).toEqual([
        { row: 3, message: '第 3 条：事项目录中没有“nope”这件“一件事”，请核对名称或编号' },
        { row: 4, message: '第 4 条：预约号为空' },
      ]);
    }
  });

  it('says so when the file is not JSON or not a list', () => {
    expect(parseAppointmentsJson('[{"id":', bundle).errors[0]!.message).toMatch(/不是有效的 JSON/);
    expect(parseAppointmentsJson('{"rows": []}', bundle).errors[0]!.message).toMatch(/应为预约数组/);
  });
});

describe('queue tickets', () => {
  const t = (number: string, lane: 'normal' | 'priority', issuedAt: string) => ticketSchema.parse({ number, lane, issuedAt });

  it('prefers a priority ticket, then the longest wait, when a queue system offers several', () => {
    const tickets = [t('A003', 'normal', '2026-11-23T08:50:00+08:00'), t('A001', 'normal', '2026-11-23T08:40:00+08:00'), t('Y002', 'priority', '2026-11-23T08:55:00+08:00')];
    expect(pickTicket({ tickets })!.number).toBe('Y002');
    expect(pickTicket({ tickets: tickets.filter((x) => x.lane === 'normal') })!.number).toBe('A001');
    expect(pickTicket({ ticket: null })).toBeNull();
    expect(pickTicket({ ticket: tickets[0] })!.number).toBe('A003');
  });

  it('defaults lane, bundle and appointment, and refuses a ticket without an issue time', () => {
    expect(ticketSchema.parse({ number: 'A1', issuedAt: '2026-11-23T00:40:00Z' })).toEqual({ number: 'A1', lane: 'normal', bundleId: null, appointmentId: null, issuedAt: '2026-11-23T00:40:00Z' });
    expect(ticketSchema.safeParse({ number: 'A1', issuedAt: '08:40' }).success).toBe(false);
  });

  it('accepts only http(s) adapter addresses in the settings', () => {
    expect(hallQueueSettingsSchema.parse({})).toEqual({ appointments: { dropDir: null, pullUrl: null }, queue: { url: null, windowNo: '', timeoutMs: 5000 } });
    const bad = hallQueueSettingsSchema.safeParse({ queue: { url: 'ftp://10.0.0.1/queue' } });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]!.message).toBe('叫号系统地址应以 http:// 或 https:// 开头');
  });
});
