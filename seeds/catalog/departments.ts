import type { Department } from '../../shared/catalog.js';

// Departments by function, named as at the hall's level without the place name. The
// documents name the same department at different levels (地区市场监管局 in 001, 省市场监管局
// in 000 and 004); `docNames` keeps how each document writes it.

const d = <I extends string>(id: I, name: string, docNames: string[], kind: Department['kind'] = 'government') => ({
  id,
  name,
  kind,
  docNames,
});

export const departments = [
  d('yshj', '营商环境建设监督局', ['地区营商环境局', '省营商环境局', '省营商局']),
  d('scjgj', '市场监督管理局', ['地区市场监管局', '省市场监管局']),
  d('gaj', '公安局', ['地区公安局', '省公安厅']),
  d('swj', '税务局', ['地区税务局', '省税务局']),
  d('rsj', '人力资源和社会保障局', ['地区人力资源和社会保障局', '地区人社局', '省人社厅', '省人力资源社会保障厅']),
  d('ybj', '医疗保障局', ['地区医保局', '省医保局', '省医疗保障局']),
  d('gjj', '住房公积金管理中心', ['地区住房公积金管理中心'], 'public_institution'),
  d('zjj', '住房和城乡建设局', ['地区住房和城乡建设局', '省住建厅', '省住房城乡建设厅']),
  d('zrzyj', '自然资源局', ['地区自然资源局', '省自然资源厅']),
  d('jtysj', '交通运输局', ['地区交通运输局', '省交通厅']),
  d('wjw', '卫生健康委员会', ['地区卫生健康委', '地区卫健委', '省卫健委', '省卫生健康委']),
  d('jkzx', '疾病预防控制中心', ['地区疾控中心', '省疾控局'], 'public_institution'),
  d('jyj', '教育局', ['地区教育局', '省教育厅']),
  d('mzj', '民政局', ['地区民政局', '省民政厅']),
  d('cl', '残疾人联合会', ['地区残联', '省残联'], 'public_institution'),
  d('sthjj', '生态环境局', ['地区生态环境局', '省生态环境厅']),
  d('wlj', '文化和旅游局', ['地区文体广电和旅游局', '省文旅厅', '省文化旅游厅', '省文化和旅游厅']),
  d('yjglj', '应急管理局', ['地区应急管理局', '省应急厅']),
  d('kjj', '科学技术局', ['地区科技局', '省科技厅']),
  d('slj', '水务局', ['地区水务局', '省水利厅']),
  d('xfjy', '消防救援机构', ['地区消防救援支队', '省消防救援总队']),
  d('txgl', '通信管理部门', ['地区通信管理办公室', '省通信管理局']),
  d('rmyh', '中国人民银行分支机构', ['人民银行大兴安岭地区分行', '人民银行黑龙江省分行']),
  d('hg', '海关', ['漠河海关', '哈尔滨海关']),
  d('sfj', '司法局', ['地区司法局', '省司法厅']),
  d('tyjrj', '退役军人事务局', ['省退役军人事务厅']),
  d('yjj', '药品监督管理部门', ['省药监局']),
  d('jrjg', '地方金融监督管理局', ['省金融监管局']),
  d('xcb', '党委宣传部', ['省委宣传部'], 'party'),
  d('nyncj', '农业农村局', ['省农业农村厅']),
  d('fy', '人民法院', ['省法院'], 'court'),
  d('yzsxbm', '设列严重失信主体名单的有关部门', ['设列严重失信主体名单的有关部门'], 'varies'),
  d('gdqy', '供电企业', ['国网大兴安岭供电公司', '省电力公司', '国网电力辽宁有限公司'], 'enterprise'),
  d('gqqy', '供气企业', ['供气企业'], 'enterprise'),
  d('gsqy', '供水企业', ['供水企业'], 'enterprise'),
  d('wlyys', '网络运营商', ['网络运营商'], 'enterprise'),
] as const satisfies readonly Department[];

export type DepartmentId = (typeof departments)[number]['id'];
