import { describe, expect, it } from 'vitest';
import { catalog } from '../../seeds/catalog/index.js';
import { parseCatalogFile } from '../../shared/catalog-import.js';
import { validateCatalog, type Catalog, type Item } from '../../shared/catalog.js';

// The catalog rules must name fields the item asks for, options the field has, date fields for
// periods, and say in words when a rule-required material applies; reported in Chinese.

const CERT = 'hlj.disability.certificate';

function withCert(change: (item: Item) => void): Catalog {
  const c = structuredClone(catalog);
  change(c.items.find((i) => i.id === CERT)!);
  return c;
}

describe('catalog rules validation', () => {
  it('accepts the seed catalog with the rules of both regions', () => {
    expect(validateCatalog(catalog)).toEqual([]);
    const withRules = catalog.items.filter((i) => i.rules);
    expect(withRules.map((i) => i.id).sort()).toEqual(['hlj.disability.certificate', 'ln.aid.disability-certificate']);
  });

  it('reports a rule on an unknown field, a field the item does not ask for, and an option the field lacks', () => {
    const errors = validateCatalog(
      withCert((item) => {
        item.variants![0]!.appliesWhen = { field: 'disability.procedur', in: ['新办'] };
        item.variants![1]!.appliesWhen = { field: 'disability.procedure', in: ['换证'] };
        item.rules!.fields!.push({ key: 'retirement.date' });
      }),
    );
    expect(errors).toEqual([
      '事项“残疾人证新办、换领、迁移、挂失、补办、注销、残疾类别/等级变更”（hlj.disability.certificate）的办理情形“残疾人证新办”的适用条件引用的表单字段“disability.procedur”不在字段字典中',
      '事项“残疾人证新办、换领、迁移、挂失、补办、注销、残疾类别/等级变更”（hlj.disability.certificate）的办理情形“残疾人证换领”的适用条件引用的“换证”不是“残疾人证办理类型”的选项',
      '事项“残疾人证新办、换领、迁移、挂失、补办、注销、残疾类别/等级变更”（hlj.disability.certificate）的条件字段引用的表单字段“申请退休时间”（retirement.date）不在该事项的表单字段中',
    ]);
  });

  it('reports an age test on a text field, a rule-required material without words, and a period from a non-date field', () => {
    const errors = validateCatalog(
      withCert((item) => {
        const guardian = item.variants![0]!.materials.find((m) => m.key === 'guardianProof')!;
        delete guardian.when;
        guardian.requiredWhen = { field: 'guardian.name', ageBelow: 18 };
        const period = item.rules!.periods![1]!;
        period.from = [{ field: 'disability.certNumber' }];
        period.years = 0;
        period.message = '发证未满一年（{from}），{util}起可申请';
      }),
    );
    const short = errors.map((e) => e.replace(/^事项“[^”]+”（hlj\.disability\.certificate）的/, ''));
    expect(short).toEqual([
      '“残疾人证新办”材料“guardianProof”的必交条件按年龄判断“法定监护人姓名”，但该字段不是证件号码或日期',
      '“残疾人证新办”材料“guardianProof”的必交条件缺少文字说明（适用情形），请补充',
      '期限规则“held_under_year”从“残疾人证号”起算，但该字段不是日期',
      '期限规则“held_under_year”年限应为 1 到 100 的整数，当前为 0',
      '期限规则“held_under_year”提示语中的“{util}”无法替换，只能使用 {from}（起算日期）和 {until}（可申请日期）',
    ]);
  });

  it('refuses a catalog file whose condition has an unknown shape, naming the line', () => {
    const bad = withCert((item) => {
      (item.rules!.periods![0] as { unless?: unknown }).unless = { field: 'disability.type', equals: '智力残疾' };
    });
    const r = parseCatalogFile(JSON.stringify(bad, null, 2));
    expect(r.ok).toBe(false);
    expect(r.ok ? [] : r.errors.join('\n')).toMatch(/^第 \d+ 行，字段 items\.\d+\.rules\.periods\.0\.unless：/);
    // A well-formed file with the rules round-trips.
    const good = parseCatalogFile(JSON.stringify(catalog));
    expect(good.ok && good.catalog.items.find((i) => i.id === CERT)!.rules).toEqual(catalog.items.find((i) => i.id === CERT)!.rules);
  });
});
