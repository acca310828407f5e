import type { Jurisdiction } from '../../shared/catalog.js';

// Divisions a case may be decided in when another hall takes it in (代收代办 · 全省通办 / 跨省通办):
// the two provinces the catalog covers and their prefecture-level cities, plus the demo hall's
// own county-level city. Codes and names are the GB/T 2260 administrative division codes.

export const jurisdictions: readonly Jurisdiction[] = [
  { code: '230000', name: '黑龙江省', province: 'heilongjiang', level: 'province' },
  { code: '230100', name: '哈尔滨市', province: 'heilongjiang', level: 'city' },
  { code: '230200', name: '齐齐哈尔市', province: 'heilongjiang', level: 'city' },
  { code: '230500', name: '双鸭山市', province: 'heilongjiang', level: 'city' },
  { code: '230600', name: '大庆市', province: 'heilongjiang', level: 'city' },
  { code: '231000', name: '牡丹江市', province: 'heilongjiang', level: 'city' },
  { code: '231100', name: '黑河市', province: 'heilongjiang', level: 'city' },
  { code: '232700', name: '大兴安岭地区', province: 'heilongjiang', level: 'city' },
  { code: '232701', name: '漠河市', province: 'heilongjiang', level: 'county' },
  { code: '210000', name: '辽宁省', province: 'liaoning', level: 'province' },
  { code: '210100', name: '沈阳市', province: 'liaoning', level: 'city' },
  { code: '210200', name: '大连市', province: 'liaoning', level: 'city' },
  { code: '210300', name: '鞍山市', province: 'liaoning', level: 'city' },
  { code: '210600', name: '丹东市', province: 'liaoning', level: 'city' },
  { code: '210800', name: '营口市', province: 'liaoning', level: 'city' },
];
