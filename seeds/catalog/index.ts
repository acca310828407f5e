import type { Catalog } from '../../shared/catalog.js';
import { departments } from './departments.js';
import { fields } from './fields.js';
import { heilongjiangBundles, heilongjiangItems } from './heilongjiang-2024.js';
import { jurisdictions } from './jurisdictions.js';
import { liaoningBundles, liaoningItems } from './liaoning-2023.js';
import { materials } from './materials.js';

// The service catalog shipped with the client and published by the central service.
// A case pins the version it was accepted under: bump `version` whenever the data changes.
// The builders reuse value objects between items (one 居民身份证 requirement, one consultation
// text); the exported catalog is a deep copy so that editing one item never edits another.

export const CATALOG_VERSION = '2024.1';

export const catalog: Catalog = structuredClone({
  version: CATALOG_VERSION,
  title: '“一件事”服务目录（黑龙江省2024年13个重点事项、辽宁省2023年35个“一件事一次办”）',
  sources: [
    {
      id: 'doc:000',
      file: '000_dfe2d24aa3eccca3.txt',
      title: '关于印发“高效办成一件事”2024年重点事项工作方案的通知（黑营商联发〔2024〕1号）',
      issuer: '黑龙江省营商环境建设监督局等八部门',
      date: '2024-04-09',
    },
    {
      id: 'doc:001',
      file: '001_97e411f8961fe0cd.txt',
      title: '大兴安岭地区关于进一步优化政务服务提升行政效能推动“高效办成一件事”的工作方案（大署〔2024〕6号）',
      issuer: '黑龙江省大兴安岭地区行政公署',
      date: '2024-03-22',
    },
    {
      id: 'doc:002',
      file: '002_d36490d32208d9b7.txt',
      title: '哈尔滨市加快推进政务服务标准化规范化便利化工作方案（征求意见稿）',
      issuer: '哈尔滨市营商环境建设监督局',
      date: '2022-10-12',
    },
    {
      id: 'doc:003',
      file: '003_da51321730ef6224.txt',
      title: '双鸭山市复制推广浙江“最多跑一次”改革经验实施方案',
      issuer: '双鸭山市人民政府办公室',
      date: '2019-12-31',
    },
    {
      id: 'doc:004',
      file: '004_2b22b6d0d851722e.txt',
      title: '深入推进“一件事一次办”工作方案',
      issuer: '辽宁省推进政府职能转变和“放管服”改革协调小组',
      date: '2023-03-20',
    },
  ],
  departments: [...departments],
  fields,
  materials,
  items: [...heilongjiangItems, ...liaoningItems],
  bundles: [...heilongjiangBundles, ...liaoningBundles],
  jurisdictions: [...jurisdictions],
} satisfies Catalog);

export { departments } from './departments.js';
export { fieldDictionary, type FieldKey } from './fields.js';
export { materialDictionary, type MaterialKey } from './materials.js';
