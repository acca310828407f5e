import { describe, expect, it } from 'vitest';
import { buildSearchIndex } from '../../shared/search.js';

const names = ['新生儿出生', '企业注销登记', '开办餐饮店', '退休', '残疾人服务', '社会保障卡居民服务', '教育入学'];
const index = buildSearchIndex(names, (n) => [n]);

describe('catalog search', () => {
  it('finds by Chinese name, full pinyin and pinyin initials', () => {
    expect(index.search('新生儿')[0]).toBe('新生儿出生');
    expect(index.search('注销')[0]).toBe('企业注销登记');
    expect(index.search('xse')[0]).toBe('新生儿出生');
    expect(index.search('XSE')[0]).toBe('新生儿出生');
    expect(index.search('xinsheng')[0]).toBe('新生儿出生');
    expect(index.search('tuixiu')[0]).toBe('退休');
    expect(index.search('qyzx')[0]).toBe('企业注销登记');
    expect(index.search('cyd')[0]).toBe('开办餐饮店'); // initials in the middle of the name
  });

  it('ranks a name match above a pinyin match and returns nothing for nonsense', () => {
    expect(index.search('服务')).toEqual(['残疾人服务', '社会保障卡居民服务']);
    expect(index.search('zzzz')).toEqual([]);
    expect(index.search('   ')).toEqual([]);
  });
});
