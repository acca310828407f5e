import { describe, expect, it } from 'vitest';
import { catalog } from '../../seeds/catalog/index.js';
import { parseCatalogFile } from '../../shared/catalog-import.js';

const text = JSON.stringify(catalog, null, 2);
const lineOf = (needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;

describe('catalog import file', () => {
  it('accepts the shipped catalog', () => {
    const r = parseCatalogFile(text);
    expect(r.ok).toBe(true);
  });

  it('names the line of a JSON syntax error', () => {
    const broken = text.replace('"version": "2024.1",', '"version": "2024.1"');
    const r = parseCatalogFile(broken);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors[0]).toMatch(/^文件不是有效的 JSON：第 \d+ 行第 \d+ 列附近有语法错误/);
    const line = Number(/第 (\d+) 行/.exec(!r.ok ? r.errors[0]! : '')![1]);
    expect(Math.abs(line - lineOf('"title"'))).toBeLessThanOrEqual(1);
  });

  it('names the line and field of a wrong value', () => {
    const item = catalog.items[5]!;
    const needle = `"id": "${item.id}"`;
    const at = text.indexOf(needle);
    const feeAt = text.indexOf('"fee"', at);
    const bad = text.slice(0, feeAt) + text.slice(feeAt).replace(/"fee": \{\s*"value": "[^"]*"/, '"fee": { "value": 42');
    const r = parseCatalogFile(bad);
    expect(r.ok).toBe(false);
    const msg = !r.ok ? r.errors[0]! : '';
    expect(msg).toMatch(/^第 \d+ 行，字段 items\.5\.fee\.value：/);
    expect(Number(/第 (\d+) 行/.exec(msg)![1])).toBe(bad.slice(0, feeAt).split('\n').length);
  });

  it('names a missing field at its parent', () => {
    const data = JSON.parse(text) as { bundles: Record<string, unknown>[] };
    delete data.bundles[2]!.name;
    const r = parseCatalogFile(JSON.stringify(data, null, 2));
    expect(!r.ok && r.errors[0]).toMatch(/^第 \d+ 行，字段 bundles\.2\.name：/);
  });

  it('reports broken catalog rules after the shape is right', () => {
    const data = JSON.parse(text) as { items: { promisedDays: { value: number } }[] };
    data.items[0]!.promisedDays.value = -1;
    const r = parseCatalogFile(JSON.stringify(data));
    expect(!r.ok && r.errors.join('\n')).toMatch(/承诺办结时限/);
  });
});
