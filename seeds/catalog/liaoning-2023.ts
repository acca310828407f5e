import type { Item, ItemRules, ServiceObject, Sourced } from '../../shared/catalog.js';
import { after, doc, form, m, makeBundle, makeItem, NO_PENDING, ph, phs, single, uniqueItems, type BuiltBundle, type BundleSpec, type ItemSpec } from './build.js';
import type { DepartmentId } from './departments.js';
import { cancelledWithinYear, guardianFields, guardianRequired } from './disability-rules.js';
import type { FieldKey } from './fields.js';

// The 35 "一件事一次办" bundles of Liaoning, 2023 (doc:004): the list gives each bundle's lead
// department, items and the department of every item, grouped 个人 (1–20) and 法人 (21–35).
// Nothing else about the items is in the document: all other elements are placeholders.
// Items are shared between bundles only where the document names them identically and the
// subject is the same (e.g. 食品经营许可设立 in 开药店, 开网吧/网咖 and 企业准营(开饭店)).

const IND: ServiceObject = 'individual';
const ENT: ServiceObject = 'enterprise';

const item = (s: Omit<ItemSpec, 'from' | 'id'> & { id: string }): Item => makeItem('liaoning', { ...s, id: `ln.${s.id}`, from: '004' });
const withRules = (i: Item, rules: ItemRules): Item => ({ ...i, rules });

const POLICY = doc('004', ['辽宁省推进政府职能转变和“放管服”改革协调小组《深入推进“一件事一次办”工作方案》（2023年3月20日）']);
const COMMON_NOTES = [
  doc('004', '做到“一次告知、一表申请、一套材料、一窗（端）受理、一网办理、一次办好”'),
  doc('004', '前台综合受理、后台分类审批；暂不能实现系统对接的，按“一事一策”原则建立线下跨部门业务流转规则临时过渡'),
];

const bundle = (s: Omit<BundleSpec, 'region' | 'from' | 'plan' | 'policy' | 'stage'>): BuiltBundle =>
  makeBundle({ ...s, region: 'liaoning', from: '004', plan: null, stage: null, policy: POLICY, notes: [...COMMON_NOTES, ...(s.notes ?? [])] });

/** doc:004 lists housing-fund items under 省住房城乡建设厅; the fund centre handles them. */
const GJJ: Sourced<DepartmentId> = ph('gjj', '文件列为省住房城乡建设厅（住房公积金主管部门）；由住房公积金管理中心承办');
const SHARED = '由本“一件事”前序事项结果共享';

const PERSON: FieldKey[] = ['applicant.name', 'applicant.idNumber', 'applicant.phone'];
const ENT_ID: FieldKey[] = ['enterprise.name', 'enterprise.creditCode', 'enterprise.legalRep', 'enterprise.contactName', 'enterprise.contactPhone'];
const PAYEE: FieldKey[] = ['payee.bankName', 'payee.bankAccount'];
const ID = m('idCard');
const LICENCE = m('businessLicense');
const LEGAL_REP_ID = m('idCard', null, { name: '法定代表人（负责人）居民身份证' });

// ===========================================================================
// 个人

// 1. 新生儿出生
const CHILD: FieldKey[] = ['child.name', 'child.sex', 'child.birthDate'];
const PARENTS: FieldKey[] = ['mother.name', 'mother.idNumber', 'mother.phone', 'father.name', 'father.idNumber'];
const PARENT_IDS = m('idCard', null, { name: '新生儿父母居民身份证', count: ph(2) });

const nbCert = item({
  id: 'newborn.birth-certificate',
  name: '出生医学证明办理',
  dept: 'wjw',
  object: IND,
  kind: 'certificate',
  materials: [form(), PARENT_IDS],
  promised: ph(1),
  result: { name: '出生医学证明', eLicense: true },
  fields: [...CHILD, 'child.birthPlace', 'child.birthWeight', ...PARENTS],
});
const nbHukou = item({
  id: 'newborn.hukou',
  name: '新生婴儿出生落户',
  dept: 'gaj',
  object: IND,
  kind: 'registration',
  materials: [form(), m('birthMedicalCert', null, { note: SHARED }), m('hukouBook'), PARENT_IDS, m('marriageCert')],
  promised: ph(1),
  result: '出生登记（新生儿户口登记）',
  fields: [...CHILD, 'child.ethnicity', ...PARENTS, 'household.hukouAddress', 'household.householderName', 'household.relationToHouseholder'],
});
const nbInsurance = item({
  id: 'newborn.resident-insurance',
  name: '城乡居民参保登记',
  dept: 'ybj',
  object: IND,
  kind: 'registration',
  materials: [form(), m('hukouBook', null, { note: SHARED })],
  promised: ph(1),
  fee: ph('按当年城乡居民基本医疗保险个人缴费标准缴费'),
  result: '城乡居民基本医疗保险参保登记',
  fields: [...CHILD, 'household.hukouAddress', 'mother.name', 'mother.idNumber', 'mother.phone'],
});
const nbCard = item({
  id: 'newborn.social-security-card',
  name: '社会保障卡申领',
  dept: 'rsj',
  object: IND,
  kind: 'service',
  materials: [form(), m('hukouBook', null, { note: SHARED })],
  promised: ph(10, '含制卡时间'),
  result: { name: '社会保障卡', kind: 'card', eLicense: true },
  fields: [...CHILD, 'child.ethnicity', 'mother.name', 'mother.idNumber', 'mother.phone', 'applicant.address'],
});
const newborn = bundle({
  id: 'ln.newborn',
  name: '新生儿出生',
  object: IND,
  lifeStages: ['birth', 'social_security'],
  lead: 'wjw',
  items: [
    nbCert,
    after(nbHukou, [nbCert], null, '凭出生医学证明落户'),
    after(nbInsurance, [nbHukou], null),
    after(nbCard, [nbHukou, nbInsurance], null),
  ],
});

// 2. 公民婚育
const COUPLE: FieldKey[] = [...PERSON, 'spouse.name', 'spouse.idNumber'];
const marriageRegistration = item({
  id: 'marriage.registration',
  name: '内地居民婚姻登记',
  dept: 'mzj',
  object: IND,
  kind: 'registration',
  conditions: phs(['男女双方自愿结婚，达到法定婚龄，双方均无配偶且无禁止结婚的情形', '双方共同到婚姻登记机关申请']),
  materials: [
    m('idCard', null, { name: '双方居民身份证', count: ph(2) }),
    m('hukouBook', null, { name: '双方居民户口簿' }),
    m('photo', null, { name: '双方近期半身免冠合影照片', count: ph(3) }),
    m('marriageDeclaration'),
  ],
  promised: ph(1, '当场办结'),
  result: { name: '结婚证', kind: 'certificate', eLicense: true },
  fields: [...COUPLE, 'household.hukouAddress'],
  single: single('同一人不能同时有两件结婚登记申请：已有未办结的申请时不再受理第二件'),
});
const marriageHukouStatus = item({
  id: 'marriage.hukou-status',
  name: '户口登记项目内容变更(婚姻状况)',
  dept: 'gaj',
  object: IND,
  kind: 'registration',
  materials: [form(), m('hukouBook'), m('marriageCert', null, { note: SHARED })],
  promised: ph(1),
  result: '户口登记婚姻状况变更',
  fields: [...COUPLE, 'marriage.registrationDate', 'household.hukouAddress'],
});
const spouseHukou = item({
  id: 'marriage.spouse-hukou',
  name: '夫妻投靠落户(市内迁移)',
  dept: 'gaj',
  object: IND,
  kind: 'registration',
  materials: [
    form(),
    m('hukouBook', null, { name: '双方居民户口簿' }),
    m('marriageCert', null, { note: SHARED }),
    m('propertyCert', null, { when: '迁入本人合法固定住所时' }),
  ],
  result: '户口迁移（投靠落户）',
  fields: [...COUPLE, 'marriage.certNumber', 'household.hukouAddress', 'household.householderName', 'household.relationToHouseholder'],
});
const birthRegistration = item({
  id: 'marriage.birth-registration',
  name: '生育登记',
  dept: 'wjw',
  object: IND,
  kind: 'registration',
  materials: [form(), m('idCard', null, { name: '夫妻双方居民身份证', count: ph(2) }), m('marriageCert', null, { note: SHARED })],
  promised: ph(1),
  result: '生育登记',
  fields: [...COUPLE, 'marriage.registrationDate', 'child.birthOrder', 'household.hukouAddress'],
});
const marriage = bundle({
  id: 'ln.marriage',
  name: '公民婚育',
  object: IND,
  lifeStages: ['marriage_family', 'residence'],
  lead: 'mzj',
  items: [
    marriageRegistration,
    after(marriageHukouStatus, [marriageRegistration], null, '凭结婚登记结果变更'),
    after(spouseHukou, [marriageRegistration], null, '凭结婚登记结果投靠落户'),
    after(birthRegistration, [marriageRegistration], null),
  ],
});

// 3. 公民身后一件事
const DECEASED: FieldKey[] = [...PERSON, 'applicant.relation', 'deceased.name', 'deceased.idNumber', 'deceased.deathDate'];
const BOTH_IDS = m('idCard', null, { name: '逝者及申请人居民身份证', count: ph(2) });
const deathNormal = item({
  id: 'death.certificate-normal',
  name: '出具死亡证明(正常死亡)',
  dept: 'wjw',
  object: IND,
  kind: 'certificate',
  materials: [form(), BOTH_IDS],
  promised: ph(1),
  result: '居民死亡医学证明（推断）书',
  fields: [...DECEASED, 'deceased.deathType', 'deceased.deathPlace'],
});
const deathUnnatural = item({
  id: 'death.certificate-unnatural',
  name: '出具死亡证明(非正常死亡)',
  dept: 'gaj',
  object: IND,
  kind: 'certificate',
  materials: [form(), BOTH_IDS],
  result: '死亡证明',
  fields: [...DECEASED, 'deceased.deathType', 'deceased.deathPlace'],
});
const cremation = item({
  id: 'death.cremation',
  name: '出具火化证明',
  dept: 'mzj',
  object: IND,
  kind: 'certificate',
  materials: [form(), m('deathCert', null, { note: SHARED }), BOTH_IDS],
  promised: ph(1),
  fee: ph('基本殡葬服务费用按当地政策减免'),
  result: '火化证明',
  fields: DECEASED,
});
const hukouCancellation = item({
  id: 'death.hukou-cancellation',
  name: '死亡、宣告死亡办理户口注销',
  dept: 'gaj',
  object: IND,
  kind: 'cancellation',
  conditions: phs(['公民死亡或被人民法院宣告死亡']),
  materials: [m('deathCert', null, { note: SHARED }), m('hukouBook')],
  promised: ph(1),
  result: '户口注销（居民户口簿注销页）',
  fields: [...DECEASED, 'household.hukouAddress'],
});
const medicalAccount = item({
  id: 'death.medical-account',
  name: '参保人员个人账户一次性支取(基本医疗保险)',
  dept: 'ybj',
  object: IND,
  kind: 'benefit',
  materials: [form(), m('deathCert', null, { note: SHARED }), m('kinshipProof'), m('bankCard', null, { name: '继承人银行卡（存折）' })],
  result: '医保个人账户余额一次性支付给继承人',
  fields: [...DECEASED, ...PAYEE],
});
const pensionAccount = item({
  id: 'death.pension-account',
  name: '个人账户一次性待遇申领(养老保险)',
  dept: 'rsj',
  object: IND,
  kind: 'benefit',
  materials: [form(), m('deathCert', null, { note: SHARED }), m('kinshipProof'), m('bankCard', null, { name: '继承人银行卡（存折）' })],
  result: '养老保险个人账户余额及丧葬补助金、抚恤金发放',
  fields: [...DECEASED, ...PAYEE],
});
const drivingCancellation = item({
  id: 'death.driving-licence',
  name: '注销驾驶证',
  dept: 'gaj',
  object: IND,
  kind: 'cancellation',
  conditions: phs(['机动车驾驶人死亡']),
  materials: [m('deathCert', null, { note: SHARED }), m('drivingLicence', null, { when: '驾驶证原件在申请人处的' })],
  promised: ph(1),
  result: '机动车驾驶证注销',
  fields: DECEASED,
});
const deathHousingFund = item({
  id: 'death.housing-fund',
  name: '住房公积金提取(死亡)',
  dept: GJJ,
  object: IND,
  kind: 'benefit',
  materials: [form(), m('deathCert', null, { note: SHARED }), m('kinshipProof'), m('bankCard', null, { name: '继承人银行卡（存折）' })],
  promised: ph(3),
  result: '住房公积金余额提取给继承人（受遗赠人）',
  fields: [...DECEASED, 'housingFund.accountNumber', ...PAYEE],
});
const deathCerts = [deathNormal, deathUnnatural];
const afterDeath = bundle({
  id: 'ln.after-death',
  name: '公民身后一件事',
  object: IND,
  lifeStages: ['bereavement'],
  lead: doc('004', 'wjw', '文件列“省营商局 省卫生健康委”两个牵头部门；按文件002“涉及多个部门审批的，由第一环节办理部门牵头实施”，以出具死亡证明的卫生健康部门为牵头部门'),
  coLead: doc('004', ['yshj'], '文件列为牵头部门之一，作为统筹协调部门'),
  items: [
    deathNormal,
    deathUnnatural,
    after(cremation, deathCerts, null, '凭死亡证明（正常或非正常死亡，二者择一）'),
    after(hukouCancellation, deathCerts, null, '凭死亡证明注销户口'),
    after(medicalAccount, [hukouCancellation], null),
    after(pensionAccount, [hukouCancellation], null),
    after(drivingCancellation, [hukouCancellation], null),
    after(deathHousingFund, [hukouCancellation], null),
  ],
});

// 4. 公积金提取
const FUND: FieldKey[] = [...PERSON, 'housingFund.accountNumber', 'housingFund.withdrawalAmount', ...PAYEE];
const fundItem = (slug: string, name: string, more: ItemSpec['materials'], extra: FieldKey[] = []) =>
  item({
    id: `fund.${slug}`,
    name,
    dept: GJJ,
    object: IND,
    kind: 'benefit',
    materials: [form(), ID, ...more, m('bankCard')],
    promised: ph(3),
    result: '住房公积金提取款转入本人账户',
    fields: [...FUND, ...extra],
  });
const housingFundWithdrawal = bundle({
  id: 'ln.housing-fund-withdrawal',
  name: '公积金提取',
  object: IND,
  lifeStages: ['housing'],
  lead: GJJ,
  items: [
    fundItem('purchase', '住房公积金提取-购买(非贷款)自住住房提取', [m('houseContract'), m('propertyCert', null, { when: '已取得不动产权证书的' })], ['property.address', 'property.price']),
    fundItem('retirement', '住房公积金提取-离休、退休提取', []),
    fundItem('rent', '住房公积金提取-无房职工租房自住提取', [m('leaseContract')], ['applicant.address']),
    fundItem('dismissal', '住房公积金提取-与原单位解除劳动关系提取', [m('dismissalProof')], ['employment.employer', 'employment.endDate']),
  ],
  notes: [ph('四项提取情形择一办理，互不依赖')],
});

// 5. 公积金贷款结清
const loanSettle = item({
  id: 'loan.settle',
  name: '结清住房公积金贷款',
  dept: GJJ,
  object: IND,
  kind: 'service',
  materials: [form(), ID],
  promised: ph(1),
  result: { name: '住房公积金贷款结清证明', kind: 'certificate' },
  fields: [...PERSON, 'loan.contractNumber', 'housingFund.accountNumber', 'property.address'],
});
const mortgageCancellation = item({
  id: 'loan.mortgage-cancellation',
  name: '房产抵押注销登记',
  dept: 'zrzyj',
  object: IND,
  kind: 'registration',
  materials: [form(), ID, m('propertyCert'), m('mortgageCert'), m('loanSettlementProof', null, { note: SHARED })],
  statutory: ph(30, '参照《不动产登记暂行条例》第二十条（30个工作日）'),
  promised: ph(5, '参考文件003：一般登记、抵押登记办理时间压缩至5个工作日以内（双鸭山市）'),
  result: '抵押权注销登记',
  fields: [...PERSON, 'property.certNumber', 'property.address', 'loan.contractNumber'],
});
const loanSettlement = bundle({
  id: 'ln.housing-fund-loan-settlement',
  name: '公积金贷款结清',
  object: IND,
  lifeStages: ['housing'],
  lead: GJJ,
  items: [loanSettle, after(mortgageCancellation, [loanSettle], null, '凭贷款结清证明注销抵押')],
});

// 6. 军人退役
const VETERAN: FieldKey[] = [...PERSON, 'veteran.dischargeDate', 'veteran.certNumber'];
const vetReport = item({
  id: 'veteran.report',
  name: '退役报到',
  dept: 'tyjrj',
  object: IND,
  kind: 'registration',
  materials: [m('dischargeCert'), m('placementLetter')],
  promised: ph(1),
  result: '退役报到登记',
  fields: [...VETERAN, 'veteran.placement'],
});
const vetHukou = item({
  id: 'veteran.hukou',
  name: '户口登记(退役军人恢复户口)',
  dept: 'gaj',
  object: IND,
  kind: 'registration',
  materials: [form(), m('dischargeCert'), m('placementLetter'), m('hukouBook', null, { name: '拟落户地居民户口簿' })],
  result: '恢复户口登记',
  fields: [...VETERAN, 'applicant.sex', 'applicant.birthDate', 'applicant.ethnicity', 'household.hukouAddress', 'household.householderName', 'household.relationToHouseholder'],
});
const vetIdCard = item({
  id: 'veteran.id-card',
  name: '核发居民身份证',
  dept: 'gaj',
  object: IND,
  kind: 'certificate',
  materials: [m('photo', null, { note: '现场采集人像' }), m('hukouBook', null, { note: SHARED })],
  promised: ph(20, '含制证时间'),
  fee: ph('居民身份证工本费按国家规定收取'),
  result: { name: '居民身份证', kind: 'card' },
  fields: [...VETERAN, 'applicant.sex', 'applicant.birthDate', 'applicant.ethnicity', 'household.hukouAddress'],
});
const vetSocialInsurance = item({
  id: 'veteran.social-insurance',
  name: '社会保险登记',
  dept: 'rsj',
  object: IND,
  kind: 'registration',
  materials: [form(), ID],
  promised: ph(1),
  result: '社会保险参保登记',
  fields: [...VETERAN, 'household.hukouAddress'],
});
const vetPensionTransfer = item({
  id: 'veteran.pension-transfer',
  name: '军地养老保险关系转移接续',
  dept: 'rsj',
  object: IND,
  kind: 'registration',
  materials: [form(), m('insuranceRecord', null, { name: '军人退役基本养老保险参保缴费凭证' })],
  promised: ph(15),
  result: '基本养老保险关系转移接续',
  fields: VETERAN,
});
const vetMedicalRegistration = item({
  id: 'veteran.medical-registration',
  name: '基本医疗保险参保和变更登记',
  dept: 'ybj',
  object: IND,
  kind: 'registration',
  materials: [form(), ID],
  promised: ph(1),
  result: '基本医疗保险参保（变更）登记',
  fields: [...VETERAN, 'household.hukouAddress'],
});
const vetMedicalTransfer = item({
  id: 'veteran.medical-transfer',
  name: '基本医疗保险关系转移接续',
  dept: 'ybj',
  object: IND,
  kind: 'registration',
  materials: [form(), m('insuranceRecord', null, { name: '军人退役医疗保险参保凭证' })],
  promised: ph(15),
  result: '基本医疗保险关系转移接续',
  fields: VETERAN,
});
const vetLumpSum = item({
  id: 'veteran.lump-sum',
  name: '退役士兵自主就业一次性经济补助金的给付',
  dept: 'tyjrj',
  object: IND,
  kind: 'benefit',
  conditions: phs(['选择自主就业安置方式的退役士兵']),
  materials: [form(), m('dischargeCert'), m('bankCard')],
  result: '自主就业一次性经济补助金发放',
  fields: [...VETERAN, 'veteran.placement', ...PAYEE],
});
const veteran = bundle({
  id: 'ln.veteran',
  name: '军人退役',
  object: IND,
  lifeStages: ['veterans', 'residence', 'social_security'],
  lead: 'tyjrj',
  items: [
    vetReport,
    after(vetHukou, [vetReport], null, '报到后恢复户口'),
    after(vetIdCard, [vetHukou], null),
    after(vetSocialInsurance, [vetHukou], null),
    after(vetPensionTransfer, [vetSocialInsurance], null),
    after(vetMedicalRegistration, [vetHukou], null),
    after(vetMedicalTransfer, [vetMedicalRegistration], null),
    after(vetLumpSum, [vetReport], null),
  ],
});

// 7. 二手房转移登记及水电气联动过户
const DEAL: FieldKey[] = ['buyer.name', 'buyer.idNumber', 'seller.name', 'seller.idNumber', 'property.certNumber', 'property.address'];
const DEAL_IDS = m('idCard', null, { name: '买卖双方居民身份证', count: ph(2) });
const REAL_ESTATE_FEE = ph('住宅类不动产登记费每件80元，非住宅类每件550元', '参照国家不动产登记收费标准，待核对');
const houseContractFiling = item({
  id: 'house.contract-filing',
  name: '房屋交易合同网签备案',
  dept: 'zjj',
  object: IND,
  kind: 'registration',
  materials: [m('houseContract', null, { exempt: ph(false, '网签备案的对象即该合同') }), DEAL_IDS, m('propertyCert')],
  promised: ph(1),
  result: '房屋买卖合同网签备案',
  fields: [...DEAL, 'property.area', 'property.price'],
});
const houseTax = item({
  id: 'house.tax',
  name: '房地产交易税费申报',
  dept: 'swj',
  object: IND,
  kind: 'service',
  materials: [form(), m('houseContract', null, { note: SHARED }), DEAL_IDS],
  promised: ph(1),
  fee: ph('依法缴纳契税、增值税、个人所得税等税费'),
  result: { name: '完税（减免税）凭证', kind: 'certificate' },
  fields: [...DEAL, 'property.area', 'property.price'],
});
const houseRegistration = item({
  id: 'house.registration',
  name: '不动产统一登记',
  dept: 'zrzyj',
  object: IND,
  kind: 'registration',
  materials: [form(), DEAL_IDS, m('propertyCert', null, { name: '原不动产权证书' }), m('houseContract', null, { note: SHARED }), m('taxPaymentProof', null, { note: SHARED })],
  statutory: ph(30, '参照《不动产登记暂行条例》第二十条（30个工作日）'),
  promised: ph(5, '参考文件003：一般登记、抵押登记办理时间压缩至5个工作日以内（双鸭山市）'),
  fee: REAL_ESTATE_FEE,
  result: { name: '不动产权证书', kind: 'certificate', eLicense: true },
  fields: [...DEAL, 'property.area'],
});
const meterTransfer = (slug: string, name: string, dept: DepartmentId, co?: DepartmentId[]) =>
  item({
    id: `house.${slug}`,
    name,
    dept,
    ...(co ? { co: ph(co, '文件列为省住房城乡建设厅，过户由供应企业办理') } : {}),
    object: IND,
    kind: 'service',
    materials: [m('propertyCert', null, { note: '由不动产登记结果共享' }), m('meterReading')],
    promised: ph(1),
    result: `${name}（户名变更）`,
    fields: ['buyer.name', 'buyer.idNumber', 'property.address', 'applicant.phone'],
  });
const waterTransfer = meterTransfer('water', '水表过户', 'zjj', ['gsqy']);
const powerTransfer = meterTransfer('power', '电表过户', 'gdqy');
const gasTransfer = meterTransfer('gas', '天然气表过户', 'zjj', ['gqqy']);
const secondHandHouse = bundle({
  id: 'ln.second-hand-house',
  name: '二手房转移登记及水电气联动过户',
  object: IND,
  lifeStages: ['housing', 'daily_life'],
  lead: 'zrzyj',
  items: [
    houseContractFiling,
    after(houseTax, [houseContractFiling], null),
    after(houseRegistration, [houseTax], null, '完税后办理转移登记'),
    after(waterTransfer, [houseRegistration], null, '登记完成后联动过户'),
    after(powerTransfer, [houseRegistration], null, '登记完成后联动过户'),
    after(gasTransfer, [houseRegistration], null, '登记完成后联动过户'),
  ],
});

// 8. 普通高校(职业院校)毕业生落户
const GRADUATE: FieldKey[] = [...PERSON, 'graduate.school', 'graduate.date', 'graduate.diplomaNumber', 'household.hukouAddress', 'employment.employer'];
const graduateItem = (slug: string, name: string, note?: string) =>
  item({
    id: `graduate.${slug}`,
    name,
    ...(note ? { note } : {}),
    dept: 'gaj',
    object: IND,
    kind: 'registration',
    materials: [form(), ID, m('diploma'), m('employmentProof', null, { when: '凭就业落户的' })],
    result: '户口迁入登记',
    fields: GRADUATE,
  });
const graduateHukou = bundle({
  id: 'ln.graduate-hukou',
  name: '普通高校(职业院校)毕业生落户',
  object: IND,
  lifeStages: ['residence', 'employment'],
  lead: 'gaj',
  items: [
    graduateItem('college', '普通高中等院校学生毕业落户', '名称照录文件；按“一件事”名称理解为普通高等院校毕业生落户'),
    graduateItem('vocational', '职业院校毕业生落户'),
  ],
});

// 9. 居住证
const RESIDENT: FieldKey[] = [...PERSON, 'applicant.sex', 'applicant.address', 'household.hukouAddress'];
const residenceApply = item({
  id: 'residence.apply',
  name: '居住证申领',
  dept: 'gaj',
  object: IND,
  kind: 'certificate',
  conditions: phs(['离开常住户口所在地，到本市居住半年以上，符合有合法稳定就业、合法稳定住所、连续就读条件之一']),
  materials: [form(), ID, m('photo'), m('residenceProof')],
  statutory: ph(15, '参照《居住证暂行条例》第十一条（15日内制证发放），日历日与工作日待核对'),
  promised: ph(10),
  result: { name: '居住证', kind: 'card' },
  fields: [...RESIDENT, 'employment.employer'],
});
const residenceLost = item({
  id: 'residence.lost',
  name: '居住证丢失补领',
  dept: 'gaj',
  object: IND,
  kind: 'certificate',
  materials: [form(), ID, m('lossStatement'), m('photo')],
  promised: ph(10),
  fee: ph('按规定收取工本费'),
  result: { name: '居住证（补领）', kind: 'card' },
  fields: [...RESIDENT, 'residencePermit.number'],
});
const residenceDamaged = item({
  id: 'residence.damaged',
  name: '居住证损坏换领',
  dept: 'gaj',
  object: IND,
  kind: 'certificate',
  materials: [form(), ID, m('originalCertificate', null, { name: '损坏的居住证' })],
  promised: ph(10),
  fee: ph('按规定收取工本费'),
  result: { name: '居住证（换领）', kind: 'card' },
  fields: [...RESIDENT, 'residencePermit.number'],
});
const residencePermit = bundle({
  id: 'ln.residence-permit',
  name: '居住证',
  object: IND,
  lifeStages: ['residence'],
  lead: 'gaj',
  items: [residenceApply, residenceLost, residenceDamaged],
  notes: [ph('申领、补领、换领三种情形择一办理')],
});

// 10. 养犬证
const DOG: FieldKey[] = [...PERSON, 'applicant.address', 'dog.breed', 'dog.licenceNumber', 'dog.immunityCertNumber'];
const dogAnnual = item({
  id: 'dog.annual',
  name: '个人养犬年审',
  dept: 'gaj',
  object: IND,
  kind: 'registration',
  materials: [form(), ID, m('dogLicence'), m('dogImmunityCert'), m('dogPhoto')],
  promised: ph(1),
  fee: ph('按当地养犬管理规定收取'),
  result: '养犬登记证年审',
  fields: DOG,
});
const dogAnnualSterilised = item({
  id: 'dog.annual-sterilised',
  name: '个人养犬年审(绝育)',
  dept: 'gaj',
  object: IND,
  kind: 'registration',
  materials: [form(), ID, m('dogLicence'), m('dogImmunityCert'), m('dogSterilizationProof'), m('dogPhoto')],
  promised: ph(1),
  fee: ph('按当地养犬管理规定减免'),
  result: '养犬登记证年审（绝育）',
  fields: DOG,
});
const dogLicence = bundle({
  id: 'ln.dog-licence',
  name: '养犬证',
  object: IND,
  lifeStages: ['daily_life'],
  lead: 'gaj',
  items: [dogAnnual, dogAnnualSterilised],
  notes: [ph('两种年审情形择一办理')],
});

// 11. 义务教育入学
const GUARDIAN: FieldKey[] = [...PERSON, 'applicant.relation'];
const schoolCheck = (slug: string, name: string, dept: DepartmentId, material: ItemSpec['materials'][number], extra: FieldKey[]) =>
  item({
    id: `school.${slug}`,
    name,
    dept,
    object: IND,
    kind: 'check',
    materials: [material],
    promised: ph(1),
    result: `${name}结果`,
    fields: [...GUARDIAN, ...extra],
  });
const hukouCheck = schoolCheck('hukou-check', '户籍信息核验', 'gaj', m('hukouBook'), ['student.name', 'student.idNumber', 'household.hukouAddress']);
const residenceCheck = schoolCheck('residence-check', '居住证信息核验', 'gaj', m('residencePermit', null, { when: '非本地户籍随迁子女' }), [
  'residencePermit.number',
  'applicant.address',
]);
const propertyCheck = schoolCheck('property-check', '不动产登记信息核验', 'zrzyj', m('propertyCert'), ['property.certNumber', 'property.address']);
const marriageCheck = schoolCheck('marriage-check', '婚姻信息核验', 'mzj', m('marriageCert'), ['spouse.name', 'spouse.idNumber']);
const schoolEnrolment = item({
  id: 'school.enrolment',
  name: '义务教育阶段招生入学报名',
  dept: 'jyj',
  object: IND,
  kind: 'registration',
  conditions: phs(['适龄儿童少年，符合当地义务教育招生入学政策']),
  materials: [form(), m('hukouBook', null, { note: '通过户籍信息核验' })],
  result: { name: '入学报名及录取结果', kind: 'notice' },
  fields: [...GUARDIAN, 'student.name', 'student.idNumber', 'student.sex', 'student.birthDate', 'household.hukouAddress', 'applicant.address', 'school.level', 'school.preferred'],
});
const compulsoryEducation = bundle({
  id: 'ln.compulsory-education',
  name: '义务教育入学',
  object: IND,
  lifeStages: ['education'],
  lead: 'jyj',
  items: [after(schoolEnrolment, [hukouCheck, residenceCheck, propertyCheck, marriageCheck], null, '入学审核使用各项核验结果'), hukouCheck, residenceCheck, propertyCheck, marriageCheck],
});

// 12–15. 律师、司法鉴定
const PRACTICE: FieldKey[] = [...PERSON, 'practice.category'];
const workCard = (slug: string, name: string, employer: string) =>
  item({
    id: `lawyer.${slug}`,
    name,
    dept: 'sfj',
    object: IND,
    kind: 'certificate',
    conditions: phs([`取得法律职业资格（律师资格），在${employer}从事法律事务工作并经所在单位同意`]),
    materials: [form(), ID, m('qualificationCert'), m('employerLetter'), m('photo')],
    promised: ph(10),
    result: name.replace('颁发', ''),
    fields: [...PRACTICE, 'employment.employer'],
  });
const lawyerWorkCard = bundle({
  id: 'ln.lawyer-work-card',
  name: '律师工作证颁发',
  object: IND,
  lifeStages: ['legal_services'],
  lead: 'sfj',
  items: [
    workCard('public', '公职律师工作证颁发', '党政机关、人民团体'),
    workCard('legal-aid', '法律援助律师工作证颁发', '法律援助机构'),
    workCard('corporate', '公司律师工作证颁发', '国有企业'),
  ],
  notes: [ph('三类工作证按申请人身份择一办理')],
});

const practiceChange = (slug: string, name: string) =>
  item({
    id: `lawyer.${slug}`,
    name,
    dept: 'sfj',
    object: IND,
    kind: 'licence',
    materials: [form(), ID, m('practiceLicence'), m('employerLetter', null, { name: '拟转入律师事务所同意接收函' })],
    result: { name: '律师执业证书（变更执业机构）', kind: 'certificate' },
    fields: [...PRACTICE, 'practice.licenceNumber', 'practice.institution', 'practice.targetInstitution'],
  });
const lawyerPracticeChange = bundle({
  id: 'ln.lawyer-practice-change',
  name: '律师执业变更',
  object: IND,
  lifeStages: ['legal_services'],
  lead: 'sfj',
  items: [practiceChange('transfer-in', '律师跨省(外省调入)变更执业机构'), practiceChange('change-in-province', '省内变更执业机构许可')],
});

const FIRM: FieldKey[] = [...PERSON, 'enterprise.name', 'enterprise.address', 'enterprise.legalRep', 'enterprise.registeredCapital'];
const lawFirmSetup = item({
  id: 'law-firm.setup',
  name: '律师事务所设立许可',
  dept: 'sfj',
  object: IND,
  kind: 'licence',
  materials: [form(), m('lawFirmCharter'), m('assetProof'), m('practiceLicence', null, { name: '设立人律师执业证书' }), m('premisesProof')],
  result: { name: '律师事务所执业许可证', kind: 'certificate' },
  fields: FIRM,
});
const lawFirmBranch = item({
  id: 'law-firm.branch',
  name: '律师事务所分所设立许可',
  dept: 'sfj',
  object: IND,
  kind: 'licence',
  materials: [form(), m('lawFirmCharter', null, { name: '设立分所的决议及分所负责人材料' }), m('assetProof'), m('practiceLicence', null, { name: '拟派驻律师执业证书' }), m('premisesProof')],
  result: { name: '律师事务所分所执业许可证', kind: 'certificate' },
  fields: [...FIRM, 'practice.institution'],
});
const lawFirm = bundle({
  id: 'ln.law-firm',
  name: '律师事务所(分所)设立',
  object: IND,
  lifeStages: ['legal_services', 'market_entry'],
  lead: 'sfj',
  items: [lawFirmSetup, lawFirmBranch],
  notes: [ph('文件将本“一件事”归入个人类，申请人为设立律师事务所的律师；设立与设立分所择一办理')],
});

const appraiserLicence = item({
  id: 'appraiser.licence',
  name: '司法鉴定人执业行政许可',
  dept: 'sfj',
  object: IND,
  kind: 'licence',
  materials: [form(), ID, m('qualificationCert', null, { name: '相关专业执业资格或高级专业技术职称证书' }), m('employerLetter', null, { name: '司法鉴定机构拟聘用证明' }), m('photo')],
  result: { name: '司法鉴定人执业证', kind: 'certificate' },
  fields: [...PRACTICE, 'practice.institution'],
});
const appraiserRenewal = item({
  id: 'appraiser.renewal',
  name: '司法鉴定人延续行政许可',
  dept: 'sfj',
  object: IND,
  kind: 'licence',
  materials: [form(), m('practiceLicence'), m('employerLetter', null, { name: '所在司法鉴定机构意见' })],
  result: { name: '司法鉴定人执业证（延续）', kind: 'certificate' },
  fields: [...PRACTICE, 'practice.licenceNumber', 'practice.institution'],
});
const forensicAppraiser = bundle({
  id: 'ln.forensic-appraiser',
  name: '司法鉴定人执业',
  object: IND,
  lifeStages: ['legal_services'],
  lead: 'sfj',
  items: [appraiserLicence, appraiserRenewal],
});

// 16. 失业再就业
const JOBLESS: FieldKey[] = [...PERSON, 'household.hukouAddress', 'employment.employer', 'employment.endDate', 'employment.leaveReason'];
const employmentCard = item({
  id: 'employment-card',
  name: '《就业创业证》申领',
  dept: 'rsj',
  object: IND,
  kind: 'certificate',
  materials: [form(), ID],
  promised: ph(1),
  result: '就业创业证',
  fields: [...PERSON, 'household.hukouAddress', 'applicant.address'],
});
const socialSecurityCard = item({
  id: 'social-security-card',
  name: '社会保障卡申领',
  dept: 'rsj',
  object: IND,
  kind: 'service',
  materials: [form(), ID, m('photo')],
  promised: ph(10, '含制卡时间'),
  fee: ph('首次申领不收费'),
  result: { name: '社会保障卡', kind: 'card', eLicense: true },
  fields: [...PERSON, 'applicant.sex', 'applicant.ethnicity', 'applicant.address'],
});
const unemploymentRegistration = item({
  id: 'unemployment.registration',
  name: '失业登记',
  dept: 'rsj',
  object: IND,
  kind: 'registration',
  conditions: phs(['法定劳动年龄内，有劳动能力和就业要求，处于无业状态']),
  materials: [form(), ID, m('dismissalProof')],
  promised: ph(1),
  result: '失业登记',
  fields: [...JOBLESS, 'applicant.address'],
});
const unemploymentBenefit = item({
  id: 'unemployment.benefit',
  name: '失业保险金申领',
  dept: 'rsj',
  object: IND,
  kind: 'benefit',
  conditions: phs(['失业前用人单位和本人已缴纳失业保险费满一年', '非因本人意愿中断就业', '已进行失业登记，并有求职要求']),
  materials: [form(), ID, m('dismissalProof'), m('socialSecurityCard', null, { name: '社会保障卡（待遇发放账户）' })],
  result: '失业保险金按月发放',
  fields: [...JOBLESS, 'socialSecurity.cardNumber'],
});
const unemploymentMedical = item({
  id: 'unemployment.medical',
  name: '代缴基本医疗保险费',
  dept: 'rsj',
  object: IND,
  kind: 'benefit',
  conditions: phs(['领取失业保险金期间']),
  materials: [form()],
  result: '失业保险基金代缴职工基本医疗保险费',
  fields: JOBLESS,
});
const priceSubsidy = item({
  id: 'unemployment.price-subsidy',
  name: '价格临时补贴申领',
  dept: 'rsj',
  object: IND,
  kind: 'benefit',
  conditions: phs(['领取失业保险金人员，且价格临时补贴联动机制启动期间']),
  materials: [form()],
  result: '价格临时补贴发放',
  fields: [...JOBLESS, 'socialSecurity.cardNumber'],
});
const flexiblePensionRegistration = item({
  id: 'unemployment.flexible-pension',
  name: '灵活就业人员养老保险参保登记',
  dept: 'rsj',
  object: IND,
  kind: 'registration',
  materials: [form(), ID],
  promised: ph(1),
  result: '企业职工基本养老保险（灵活就业人员）参保登记',
  fields: [...PERSON, 'household.hukouAddress', 'employment.flexibleType'],
});
const residentPensionRegistration = item({
  id: 'unemployment.resident-pension',
  name: '城乡居民养老保险参保登记',
  dept: 'rsj',
  object: IND,
  kind: 'registration',
  materials: [form(), ID],
  promised: ph(1),
  result: '城乡居民基本养老保险参保登记',
  fields: [...PERSON, 'household.hukouAddress'],
});
const jobReferral = item({
  id: 'unemployment.job-referral',
  name: '职业介绍',
  dept: 'rsj',
  object: IND,
  kind: 'service',
  materials: [form(), ID],
  promised: ph(1),
  result: '职业介绍服务（岗位推荐）',
  fields: [...PERSON, 'employment.intention'],
});
const unemployment = bundle({
  id: 'ln.unemployment',
  name: '失业再就业',
  object: IND,
  lifeStages: ['employment', 'social_security'],
  lead: 'rsj',
  items: [
    unemploymentRegistration,
    after(employmentCard, [unemploymentRegistration], null),
    after(unemploymentBenefit, [unemploymentRegistration], null, '先失业登记后申领失业保险金'),
    after(unemploymentMedical, [unemploymentBenefit], null),
    after(priceSubsidy, [unemploymentBenefit], null),
    flexiblePensionRegistration,
    residentPensionRegistration,
    socialSecurityCard,
    after(jobReferral, [unemploymentRegistration], null),
  ],
  notes: [ph('灵活就业人员养老保险参保与城乡居民养老保险参保按身份择一办理')],
});

// 17. 申请工伤医疗待遇
const INJURY: FieldKey[] = [...PERSON, 'employment.employer', 'injury.date', 'injury.level'];
const workInjury = bundle({
  id: 'ln.work-injury',
  name: '申请工伤医疗待遇',
  object: IND,
  lifeStages: ['social_security'],
  lead: 'rsj',
  items: [
    item({
      id: 'injury.disability-benefit',
      name: '伤残待遇申领(一次性伤残补助金、伤残津贴、生活护理费)',
      dept: 'rsj',
      object: IND,
      kind: 'benefit',
      conditions: phs(['已认定为工伤并经劳动能力鉴定确定伤残等级（生活护理费须确认生活自理障碍等级）']),
      materials: [form(), m('workInjuryDecision'), m('workAbilityConclusion'), m('socialSecurityCard', null, { name: '社会保障卡（待遇发放账户）' })],
      result: '伤残待遇核定发放',
      fields: [...INJURY, 'socialSecurity.cardNumber'],
    }),
    item({
      id: 'injury.medical-subsidy',
      name: '一次性工伤医疗补助金申请',
      dept: 'rsj',
      object: IND,
      kind: 'benefit',
      conditions: phs(['五级至十级伤残职工与用人单位解除或终止劳动关系']),
      materials: [form(), m('workInjuryDecision'), m('workAbilityConclusion'), m('dismissalProof'), m('bankCard')],
      result: '一次性工伤医疗补助金发放',
      fields: [...INJURY, 'employment.endDate', ...PAYEE],
    }),
  ],
});

// 18. 企业职工退休
const RETIREE: FieldKey[] = [...PERSON, 'applicant.sex', 'applicant.birthDate', 'employment.employer', 'employment.startDate', 'retirement.type', 'retirement.date'];
const normalRetirement = item({
  id: 'retirement.normal',
  name: '职工正常退休(职)申请',
  dept: 'rsj',
  object: IND,
  kind: 'confirmation',
  conditions: phs(['达到法定退休年龄，基本养老保险累计缴费满规定年限']),
  materials: [form(), ID, m('personnelFile')],
  result: { name: '退休审批结果（电子退休证）', kind: 'certificate', eLicense: true },
  fields: RETIREE,
  single: single('一个人只办理一次退休：同一申请人已有未办结的退休申请时不再受理第二件'),
});
const earlyRetirement = item({
  id: 'retirement.early',
  name: '职工提前退休(职)申请',
  dept: 'rsj',
  object: IND,
  kind: 'confirmation',
  conditions: phs(['从事特殊工种累计满规定年限，或因病、非因工致残完全丧失劳动能力']),
  materials: [
    form(),
    ID,
    m('personnelFile'),
    m('specialJobProof', null, { when: '特殊工种提前退休的' }),
    m('workAbilityConclusion', null, { when: '因病或非因工致残提前退休（退职）的' }),
  ],
  result: { name: '提前退休（退职）审批结果', kind: 'certificate', eLicense: true },
  fields: [...RETIREE, 'retirement.specialJobYears'],
  single: single('一个人只办理一次退休：同一申请人已有未办结的退休申请时不再受理第二件'),
});
const retireeMedical = item({
  id: 'retirement.medical-retiree',
  name: '职工参保登记-在职转退休',
  dept: 'ybj',
  object: IND,
  kind: 'registration',
  materials: [form()],
  promised: ph(1),
  result: '职工医保参保状态变更为退休',
  fields: RETIREE,
});
const retireeHousingFund = item({
  id: 'retirement.housing-fund',
  name: '离休、退休提取住房公积金',
  note: '与“公积金提取”中的“住房公积金提取-离休、退休提取”为同一类业务，文件名称不同，分列',
  dept: GJJ,
  object: IND,
  kind: 'benefit',
  materials: [form(), m('bankCard')],
  promised: ph(3),
  result: '住房公积金提取款转入本人账户',
  fields: [...PERSON, 'housingFund.accountNumber', ...PAYEE],
});
const retirement = bundle({
  id: 'ln.retirement',
  name: '企业职工退休',
  object: IND,
  lifeStages: ['retirement', 'social_security'],
  lead: 'rsj',
  items: [
    normalRetirement,
    earlyRetirement,
    after(retireeMedical, [normalRetirement, earlyRetirement], null, '凭退休审批结果办理；正常退休与提前退休择一'),
    after(retireeHousingFund, [normalRetirement, earlyRetirement], null, '凭退休审批结果提取'),
  ],
});

// 19. 灵活就业
const flexibleRegistration = item({
  id: 'flexible.registration',
  name: '灵活就业登记',
  dept: 'rsj',
  object: IND,
  kind: 'registration',
  materials: [form(), ID],
  promised: ph(1),
  result: '灵活就业登记',
  fields: [...PERSON, 'applicant.address', 'household.hukouAddress', 'employment.flexibleType'],
});
const flexibleArchives = item({
  id: 'flexible.archives',
  name: '档案的接收和转递',
  dept: 'rsj',
  object: IND,
  kind: 'service',
  materials: [form(), ID, m('personnelFile')],
  result: '人事档案接收（转递）',
  fields: [...PERSON, 'employment.employer'],
});
const flexiblePension = item({
  id: 'flexible.pension-registration',
  name: '灵活就业人员参保登记',
  dept: 'rsj',
  object: IND,
  kind: 'registration',
  materials: [form(), ID],
  promised: ph(1),
  result: '企业职工基本养老保险（灵活就业人员）参保登记',
  fields: [...PERSON, 'household.hukouAddress', 'employment.flexibleType'],
});
const flexibleMedical = item({
  id: 'flexible.medical-registration',
  name: '职工参保登记-灵活就业',
  dept: 'ybj',
  object: IND,
  kind: 'registration',
  materials: [form(), ID],
  promised: ph(1),
  result: '职工基本医疗保险（灵活就业人员）参保登记',
  fields: [...PERSON, 'household.hukouAddress', 'employment.flexibleType'],
});
const flexibleContribution = item({
  id: 'flexible.contribution',
  name: '灵活就业人员社会保险费申报',
  dept: 'swj',
  object: IND,
  kind: 'service',
  materials: [form()],
  promised: ph(1),
  fee: ph('按选定的缴费基数和规定比例缴纳社会保险费'),
  result: { name: '社会保险费申报（缴费凭证）', kind: 'payment' },
  fields: [...PERSON, 'insurance.period'],
});
const flexibleEmployment = bundle({
  id: 'ln.flexible-employment',
  name: '灵活就业',
  object: IND,
  lifeStages: ['employment', 'social_security'],
  lead: 'rsj',
  items: [
    after(employmentCard, [flexibleRegistration], null),
    flexibleRegistration,
    flexibleArchives,
    after(flexiblePension, [flexibleRegistration], null),
    after(flexibleMedical, [flexibleRegistration], null),
    after(flexibleContribution, [flexiblePension, flexibleMedical], null, '参保登记后申报缴费'),
    socialSecurityCard,
  ],
});

// 20. 扶残助困
const DISABLED: FieldKey[] = [...PERSON, 'applicant.sex', 'applicant.birthDate', 'household.hukouAddress', 'disability.type', 'disability.level'];
const LN_RULE_NOTE = '参照黑龙江残疾人证办理规则（文件000），待按辽宁规定确认';
const aidCertificate: Item = withRules(item({
  id: 'aid.disability-certificate',
  name: '残疾人证核发',
  dept: 'cl',
  object: IND,
  kind: 'certificate',
  materials: [
    form(),
    ID,
    m('hukouBook'),
    m('disabilityAssessment'),
    m('photo'),
    guardianRequired(m('guardianProof', null, { when: '智力、精神残疾人或未成年人申请时', note: LN_RULE_NOTE })),
  ],
  promised: ph(20, '含残疾评定时间'),
  result: { name: '中华人民共和国残疾人证', kind: 'certificate' },
  fields: [...DISABLED, 'disability.multipleIncludes', 'disability.cancelledOn', 'guardian.name', 'guardian.idNumber', 'guardian.phone'],
}), {
  fields: guardianFields(),
  periods: [cancelledWithinYear('placeholder', { note: LN_RULE_NOTE })],
});
const aidSubsidies = item({
  id: 'aid.two-subsidies',
  name: '困难残疾人生活补贴和重度残疾人护理补贴资格认定',
  dept: 'mzj',
  object: IND,
  kind: 'confirmation',
  conditions: phs(['生活补贴：低保家庭中的残疾人；护理补贴：残疾等级为一级、二级且需要长期照护的重度残疾人']),
  materials: [form(), m('disabilityCert', null, { note: SHARED }), m('lowIncomeProof', null, { when: '申请困难残疾人生活补贴的' }), m('bankCard')],
  result: '两项补贴资格认定及发放',
  fields: [...DISABLED, 'disability.certNumber', 'household.familyStatus', ...PAYEE],
});
const aidMedical = item({
  id: 'aid.medical-assistance',
  name: '低保、特困等困难群众医疗救助',
  dept: 'ybj',
  object: IND,
  kind: 'benefit',
  conditions: phs(['最低生活保障对象、特困人员等医疗救助对象']),
  materials: [form(), m('lowIncomeProof'), m('medicalInvoices', null, { when: '未“一站式”结算的' }), m('bankCard')],
  result: '医疗救助金支付',
  fields: [...PERSON, 'household.familyStatus', ...PAYEE],
});
const aidPension = item({
  id: 'aid.pension-subsidy',
  name: '城乡居民基本养老保险补助',
  dept: 'rsj',
  object: IND,
  kind: 'benefit',
  conditions: phs(['参加城乡居民基本养老保险的重度残疾人等缴费困难群体']),
  materials: [form(), m('disabilityCert', null, { note: SHARED })],
  result: '城乡居民基本养老保险缴费补助（代缴）',
  fields: [...DISABLED, 'disability.certNumber'],
});
const disabilityAid = bundle({
  id: 'ln.disability-aid',
  name: '扶残助困',
  object: IND,
  lifeStages: ['disability', 'social_security'],
  lead: 'cl',
  items: [aidCertificate, after(aidSubsidies, [aidCertificate], null, '凭残疾人证认定'), aidMedical, after(aidPension, [aidCertificate], null)],
});

// ===========================================================================
// 法人

// 21. 申请创业补贴
const startupSubsidy = bundle({
  id: 'ln.startup-subsidy',
  name: '申请创业补贴',
  object: ENT,
  lifeStages: ['employment', 'operation'],
  lead: 'rsj',
  items: [
    item({
      id: 'startup.subsidy',
      name: '创业补贴申领',
      dept: 'rsj',
      object: ENT,
      kind: 'benefit',
      conditions: phs(['首次创办小微企业或从事个体经营，并正常经营规定期限（以当地政策为准）']),
      materials: [form(), LICENCE, LEGAL_REP_ID, m('bankCard', null, { name: '企业（个人）银行账户信息' })],
      result: '创业补贴发放',
      fields: [...ENT_ID, 'enterprise.legalRepIdNumber', ...PAYEE],
    }),
    item({
      id: 'startup.loan',
      name: '创业担保贷款申请',
      dept: 'rsj',
      object: ENT,
      kind: 'confirmation',
      conditions: phs(['符合创业担保贷款扶持对象条件（以当地政策为准）']),
      materials: [form(), LICENCE, LEGAL_REP_ID, m('businessPlan')],
      result: { name: '创业担保贷款资格审核意见', kind: 'approval' },
      fields: [...ENT_ID, 'enterprise.legalRepIdNumber', 'enterprise.employeeCount', 'startup.loanAmount'],
    }),
  ],
});

// 22. 员工招聘
const EMPLOYEE: FieldKey[] = [...ENT_ID, 'employee.name', 'employee.idNumber', 'employee.hireDate'];
const recruitRegistration = item({
  id: 'recruit.employment-registration',
  name: '单位就业登记',
  dept: 'rsj',
  object: ENT,
  kind: 'registration',
  materials: [form(), LICENCE, m('laborContract')],
  promised: ph(1),
  result: '就业登记',
  fields: EMPLOYEE,
});
const recruitEmploymentCard = item({
  id: 'recruit.employment-card',
  name: '《就业创业证》申领',
  dept: 'rsj',
  object: ENT,
  kind: 'certificate',
  materials: [form(), m('idCard', null, { name: '职工居民身份证' })],
  promised: ph(1),
  result: '就业创业证（职工）',
  fields: EMPLOYEE,
});
const recruitPension = item({
  id: 'recruit.pension-registration',
  name: '职工参保登记',
  dept: 'rsj',
  object: ENT,
  kind: 'registration',
  materials: [form(), m('laborContract')],
  promised: ph(1),
  result: '职工社会保险参保登记',
  fields: EMPLOYEE,
});
const recruitArchives = item({
  id: 'recruit.archives',
  name: '档案的接收和转递',
  dept: 'rsj',
  object: ENT,
  kind: 'service',
  materials: [form(), m('personnelFile')],
  result: '职工人事档案接收（转递）',
  fields: EMPLOYEE,
});
const recruitCard = item({
  id: 'recruit.social-security-card',
  name: '社会保障卡申领',
  dept: 'rsj',
  object: ENT,
  kind: 'service',
  materials: [form(), m('idCard', null, { name: '职工居民身份证' }), m('photo')],
  promised: ph(10, '含制卡时间'),
  fee: ph('首次申领不收费'),
  result: { name: '社会保障卡（职工）', kind: 'card', eLicense: true },
  fields: EMPLOYEE,
});
const recruitMedical = item({
  id: 'recruit.medical-registration',
  name: '职工参保登记(医保)',
  dept: 'ybj',
  object: ENT,
  kind: 'registration',
  materials: [form(), m('laborContract')],
  promised: ph(1),
  result: '职工基本医疗保险参保登记',
  fields: EMPLOYEE,
});
const recruitHousingFund = item({
  id: 'recruit.housing-fund-account',
  name: '个人住房公积金账户设立',
  dept: GJJ,
  object: ENT,
  kind: 'registration',
  materials: [form(), m('laborContract')],
  promised: ph(1),
  result: '个人住房公积金账户设立',
  fields: EMPLOYEE,
});
const recruitment = bundle({
  id: 'ln.recruitment',
  name: '员工招聘',
  object: ENT,
  lifeStages: ['employment', 'operation'],
  lead: 'rsj',
  items: [
    recruitRegistration,
    after(recruitEmploymentCard, [recruitRegistration], null),
    recruitPension,
    recruitArchives,
    after(recruitCard, [recruitPension], null, '参保后申领社会保障卡'),
    recruitMedical,
    recruitHousingFund,
  ],
});

// 23. 企业社保缴费
const INSURED: FieldKey[] = [...ENT_ID, 'employee.name', 'employee.idNumber', 'insurance.changeType', 'insurance.period'];
const contributionChange = (slug: string, part: string) =>
  item({
    id: `si-pay.${slug}`,
    name: `缴费人员增减申报(${part}部分)`,
    dept: 'rsj',
    object: ENT,
    kind: 'registration',
    materials: [form(), LICENCE],
    promised: ph(1),
    result: `${part}缴费人员增减`,
    fields: INSURED,
  });
const changePension = contributionChange('pension', '企业养老保险');
const changeUnemployment = contributionChange('unemployment', '失业保险');
const changeInjury = contributionChange('injury', '工伤保险');
const contributionPayment = item({
  id: 'si-pay.payment',
  name: '社会保险费缴纳',
  dept: 'swj',
  object: ENT,
  kind: 'service',
  materials: [form()],
  promised: ph(1),
  fee: ph('按核定的缴费基数和费率缴纳社会保险费'),
  result: { name: '社会保险费缴纳（缴费凭证）', kind: 'payment' },
  fields: [...ENT_ID, 'insurance.period'],
});
const contributionCertificate = item({
  id: 'si-pay.certificate',
  name: '开具社会保险费缴费证明',
  dept: 'swj',
  object: ENT,
  kind: 'certificate',
  materials: [form()],
  promised: ph(1),
  result: '社会保险费缴费证明',
  fields: [...ENT_ID, 'insurance.period'],
});
const contributionRefund = item({
  id: 'si-pay.refund',
  name: '社会保险费退费申请受理',
  dept: 'swj',
  object: ENT,
  kind: 'service',
  conditions: phs(['多缴、误缴社会保险费的']),
  materials: [form(), m('bankCard', null, { name: '退费账户信息' })],
  result: { name: '社会保险费退费', kind: 'payment' },
  fields: [...ENT_ID, 'insurance.period', 'insurance.refundReason', ...PAYEE],
});
const socialInsurancePayment = bundle({
  id: 'ln.social-insurance-payment',
  name: '企业社保缴费',
  object: ENT,
  lifeStages: ['operation', 'social_security'],
  lead: 'rsj',
  items: [
    changePension,
    changeUnemployment,
    changeInjury,
    after(contributionPayment, [changePension, changeUnemployment, changeInjury], null, '按增减申报后的核定结果缴费'),
    contributionCertificate,
    contributionRefund,
  ],
});

// 24. 人力资源服务
const hrServices = bundle({
  id: 'ln.hr-services',
  name: '人力资源服务',
  object: ENT,
  lifeStages: ['market_entry'],
  lead: 'rsj',
  items: [
    item({
      id: 'hr.service-licence',
      name: '人力资源服务许可审批',
      dept: 'rsj',
      object: ENT,
      kind: 'licence',
      materials: [form(), LICENCE, m('premisesProof'), m('managementRules')],
      result: { name: '人力资源服务许可证', kind: 'certificate', eLicense: true },
      fields: [...ENT_ID, 'enterprise.address', 'enterprise.businessScope'],
    }),
    item({
      id: 'hr.labour-dispatch',
      name: '劳务派遣经营许可',
      dept: 'rsj',
      object: ENT,
      kind: 'licence',
      conditions: phs(['注册资本不少于人民币二百万元，有与开展业务相适应的固定经营场所和设施，有符合法律、行政法规规定的劳务派遣管理制度']),
      materials: [form(), LICENCE, m('premisesProof'), m('managementRules', null, { name: '劳务派遣管理制度' }), m('assetProof', null, { name: '注册资本实缴证明' })],
      result: { name: '劳务派遣经营许可证', kind: 'certificate', eLicense: true },
      fields: [...ENT_ID, 'enterprise.address', 'enterprise.registeredCapital'],
    }),
  ],
});

// 25. 社会保险关系转移接续
const TRANSFER: FieldKey[] = [...PERSON, 'insurance.fromRegion', 'insurance.toRegion'];
const TRANSFER_OBJECT = ph<ServiceObject>('individual', '文件将本“一件事”归入法人类，事项的办理对象为参保个人（可由单位代办）');
const insuranceTransfer = bundle({
  id: 'ln.insurance-transfer',
  name: '社会保险关系转移接续',
  object: ENT,
  lifeStages: ['social_security'],
  lead: 'rsj',
  items: [
    item({
      id: 'transfer.resident-pension',
      name: '城乡居民基本养老保险关系转移接续申请',
      dept: 'rsj',
      object: TRANSFER_OBJECT,
      kind: 'registration',
      materials: [form(), ID, m('hukouBook', null, { when: '户籍迁移的' })],
      promised: ph(15),
      result: '城乡居民基本养老保险关系转移接续',
      fields: [...TRANSFER, 'household.hukouAddress'],
    }),
    item({
      id: 'transfer.unemployment',
      name: '失业保险关系转移接续',
      dept: 'rsj',
      object: TRANSFER_OBJECT,
      kind: 'registration',
      materials: [form(), ID],
      promised: ph(15),
      result: '失业保险关系转移接续',
      fields: TRANSFER,
    }),
    item({
      id: 'transfer.medical',
      name: '医疗保险转移接续手续办理',
      dept: 'ybj',
      object: TRANSFER_OBJECT,
      kind: 'registration',
      materials: [form(), ID, m('insuranceRecord', null, { name: '基本医疗保险参保凭证' })],
      promised: ph(15),
      result: '基本医疗保险关系转移接续',
      fields: TRANSFER,
    }),
  ],
  notes: [ph('三项转移接续按参保险种择一或并行办理，互不依赖')],
});

// 26. 校车使用许可
const BUS: FieldKey[] = [...ENT_ID, 'vehicle.plateNumber', 'vehicle.seats'];
const busInspection = item({
  id: 'bus.inspection',
  name: '校车车辆检验',
  dept: 'gaj',
  object: ENT,
  kind: 'certificate',
  materials: [form(), m('vehicleLicense')],
  result: '校车安全技术检验合格证明',
  pending: NO_PENDING,
  fields: BUS,
});
const busLicence = item({
  id: 'bus.licence',
  name: '校车使用许可',
  dept: 'jyj',
  object: ENT,
  kind: 'licence',
  conditions: phs(['车辆检验合格', '有取得校车驾驶资格的驾驶人', '有包括行驶线路、开行时间和停靠站点的合理可行的校车运行方案', '有健全的安全管理制度', '已投保机动车承运人责任保险']),
  materials: [form(), m('vehicleLicense'), m('vehicleInspection', null, { note: SHARED }), m('schoolBusDriverQualification'), m('schoolBusSafetyRules')],
  statutory: ph(20, '参照《校车安全管理条例》第十六条（20个工作日）'),
  promised: ph(10),
  result: { name: '校车使用许可', kind: 'approval' },
  pending: NO_PENDING,
  fields: [...BUS, 'driver.name', 'driver.idNumber', 'schoolBus.route'],
});
const busPlate = item({
  id: 'bus.plate',
  name: '校车许可标牌发放',
  dept: 'gaj',
  object: ENT,
  kind: 'certificate',
  materials: [form(), m('vehicleLicense')],
  promised: ph(1),
  result: '校车标牌',
  fields: BUS,
});
const schoolBus = bundle({
  id: 'ln.school-bus',
  name: '校车使用许可',
  object: ENT,
  lifeStages: ['education', 'operation'],
  lead: 'jyj',
  items: [busInspection, after(busLicence, [busInspection], null, '凭检验合格证明审批'), after(busPlate, [busLicence], null, '取得使用许可后发放标牌')],
});

// 27–29, 35. 开药店、开网吧/网咖、开书店、开饭店 share these items.
const SHOP: FieldKey[] = [...ENT_ID, 'premises.address', 'premises.area'];
const foodPermitSpec = {
  dept: 'scjgj',
  object: ENT,
  kind: 'licence',
  materials: [form(), LICENCE, m('premisesProof'), m('premisesLayout'), m('foodSafetyRules')],
  statutory: ph(10, '参照《食品经营许可和备案管理办法》（10个工作日）'),
  promised: ph(5),
  result: { name: '食品经营许可证', kind: 'certificate', eLicense: true },
  pending: NO_PENDING,
  fields: [...SHOP, 'food.businessType'],
} satisfies Partial<ItemSpec>;
const foodPermit = item({ id: 'food-permit', name: '食品经营许可设立', ...foodPermitSpec });
const fireCheck = item({
  id: 'fire-check',
  name: '公众聚集场所投入使用、营业前消防安全检查',
  dept: 'xfjy',
  object: ENT,
  kind: 'licence',
  materials: [form(), LICENCE, m('fireSafetyCommitment'), m('fireSafetyRules'), m('premisesLayout')],
  statutory: ph(10, '参照《中华人民共和国消防法》第十五条（10个工作日）'),
  promised: ph(5),
  result: '公众聚集场所投入使用、营业前消防安全检查合格证',
  pending: NO_PENDING,
  fields: [...SHOP, 'premises.usage'],
});
const outdoorAd = item({
  id: 'outdoor-ad',
  name: '设置大型户外广告及在城市建筑物、设施上悬挂、张贴宣传品审批',
  dept: 'zjj',
  object: ENT,
  kind: 'licence',
  materials: [form(), LICENCE, m('signboardDesign'), m('structureSafety'), m('premisesProof')],
  result: { name: '户外广告设置审批决定', kind: 'approval' },
  fields: [...ENT_ID, 'premises.address', 'signboard.location', 'signboard.size'],
});

const pharmacy = bundle({
  id: 'ln.pharmacy',
  name: '开药店',
  object: ENT,
  lifeStages: ['market_entry'],
  lead: 'yjj',
  items: [
    item({
      id: 'pharmacy.drug-licence',
      name: '《药品经营许可证》(零售)核发',
      dept: 'yjj',
      object: ENT,
      kind: 'licence',
      materials: [form(), LICENCE, m('pharmacistCert'), m('premisesProof'), m('premisesLayout'), m('qualityRules')],
      result: { name: '药品经营许可证', kind: 'certificate', eLicense: true },
      pending: NO_PENDING,
      fields: [...SHOP, 'pharmacy.pharmacist'],
    }),
    item({
      id: 'pharmacy.device-licence',
      name: '《医疗器械经营许可证》核发',
      dept: 'yjj',
      object: ENT,
      kind: 'licence',
      materials: [form(), LICENCE, m('premisesProof'), m('qualityRules')],
      result: { name: '医疗器械经营许可证', kind: 'certificate', eLicense: true },
      pending: NO_PENDING,
      fields: [...SHOP, 'medicalDevice.scope'],
    }),
    item({
      id: 'pharmacy.device-filing',
      name: '第二类医疗器械经营开办备案',
      dept: 'yjj',
      object: ENT,
      kind: 'registration',
      materials: [form(), LICENCE, m('premisesProof'), m('qualityRules')],
      promised: ph(1, '资料齐全的当场备案'),
      result: '第二类医疗器械经营备案凭证',
      fields: [...SHOP, 'medicalDevice.scope'],
    }),
    foodPermit,
  ],
});

const cafeSecurity = item({
  id: 'cafe.network-security',
  name: '互联网上网服务营业场所信息网络安全审核(新开办)',
  dept: 'gaj',
  object: ENT,
  kind: 'confirmation',
  materials: [form(), LICENCE, m('networkSecurityRules'), m('premisesLayout')],
  result: '信息网络安全审核意见',
  pending: NO_PENDING,
  fields: [...SHOP, 'premises.terminalCount'],
});
const cafeSetup = item({
  id: 'cafe.setup',
  name: '互联网上网服务营业场所经营单位设立审批',
  dept: 'wlj',
  object: ENT,
  kind: 'licence',
  materials: [form(), LICENCE, m('premisesProof'), LEGAL_REP_ID],
  result: { name: '网络文化经营许可证', kind: 'certificate' },
  fields: [...SHOP, 'premises.terminalCount'],
});
const internetCafe = bundle({
  id: 'ln.internet-cafe',
  name: '开网吧/网咖',
  object: ENT,
  lifeStages: ['market_entry'],
  lead: 'wlj',
  items: [cafeSecurity, after(cafeSetup, [cafeSecurity, fireCheck], null, '设立审批以信息网络安全审核和消防安全检查合格为前提'), foodPermit, fireCheck, outdoorAd],
});

const bookstore = bundle({
  id: 'ln.bookstore',
  name: '开书店',
  object: ENT,
  lifeStages: ['market_entry'],
  lead: 'xcb',
  items: [
    item({
      id: 'bookstore.publication',
      name: '出版物零售单位和个体工商户设立审批',
      dept: 'xcb',
      object: ENT,
      kind: 'licence',
      materials: [form(), LICENCE, m('premisesProof'), LEGAL_REP_ID],
      result: { name: '出版物经营许可证', kind: 'certificate' },
      fields: SHOP,
    }),
    item({ id: 'bookstore.food-permit', name: '食品经营许可', ...foodPermitSpec, note: '与“食品经营许可设立”为同一类许可，文件名称不同，分列' }),
    item({
      id: 'bookstore.hygiene',
      name: '公共场所卫生许可(除饭馆、咖啡馆、酒吧、茶座等)核发',
      dept: 'wjw',
      object: ENT,
      kind: 'licence',
      materials: [form(), LICENCE, m('premisesLayout'), m('hygieneReport')],
      result: { name: '公共场所卫生许可证', kind: 'certificate' },
      pending: NO_PENDING,
      fields: SHOP,
    }),
    fireCheck,
    outdoorAd,
  ],
});

// 30. 涉企不动产登记
const ENT_DEAL: FieldKey[] = [...ENT_ID, 'property.certNumber', 'property.address', 'property.price', 'buyer.name', 'buyer.idNumber', 'seller.name', 'seller.idNumber'];
const entEstateTax = item({
  id: 'ent-estate.tax',
  name: '房地产交易税费申报',
  dept: 'swj',
  object: ENT,
  kind: 'service',
  materials: [form(), LICENCE, m('houseContract')],
  promised: ph(1),
  fee: ph('依法缴纳契税、土地增值税、增值税等税费'),
  result: { name: '完税（减免税）凭证', kind: 'certificate' },
  fields: ENT_DEAL,
});
const entEstateRegistration = item({
  id: 'ent-estate.registration',
  name: '不动产登记',
  dept: 'zrzyj',
  object: ENT,
  kind: 'registration',
  materials: [form(), LICENCE, m('propertyCert', null, { name: '原不动产权证书（转移登记时）' }), m('houseContract'), m('taxPaymentProof', null, { note: SHARED })],
  statutory: ph(30, '参照《不动产登记暂行条例》第二十条（30个工作日）'),
  promised: ph(5, '参考文件003：一般登记、抵押登记办理时间压缩至5个工作日以内（双鸭山市）'),
  fee: REAL_ESTATE_FEE,
  result: { name: '不动产权证书（不动产登记证明）', kind: 'certificate', eLicense: true },
  fields: [...ENT_DEAL, 'property.area'],
});
const enterpriseRealEstate = bundle({
  id: 'ln.enterprise-real-estate',
  name: '涉企不动产登记',
  object: ENT,
  lifeStages: ['operation'],
  lead: 'zrzyj',
  items: [after(entEstateRegistration, [entEstateTax], null, '完税后登记'), entEstateTax],
});

// 31. 非挖掘类临时占用道路审批
const ROAD: FieldKey[] = [...ENT_ID, 'occupation.location', 'occupation.startDate', 'occupation.endDate', 'occupation.area', 'occupation.purpose'];
const roadOccupation = bundle({
  id: 'ln.road-occupation',
  name: '非挖掘类临时占用道路审批',
  object: ENT,
  lifeStages: ['operation'],
  lead: 'zjj',
  items: [
    item({
      id: 'road.traffic-safety',
      name: '影响交通安全的工程建设审批(非挖掘类)',
      note: '文件将本项列于省住房城乡建设厅、“占用城市道路审批”列于省公安厅；按职能通常相反（交通安全由公安交管、城市道路占用由城市道路主管部门审批），照录文件，待确认',
      dept: 'zjj',
      object: ENT,
      kind: 'licence',
      materials: [form(), LICENCE, m('constructionPlan')],
      result: { name: '影响交通安全的工程建设审批决定', kind: 'approval' },
      fields: ROAD,
    }),
    item({
      id: 'road.occupation',
      name: '占用城市道路审批',
      note: '部门照录文件（省公安厅），见“影响交通安全的工程建设审批(非挖掘类)”的说明',
      dept: 'gaj',
      object: ENT,
      kind: 'licence',
      materials: [form(), LICENCE, m('constructionPlan')],
      fee: ph('按当地占道费标准收取'),
      result: { name: '占用城市道路审批决定', kind: 'approval' },
      fields: ROAD,
    }),
  ],
});

// 32. 典当行及分支机构的变更注销
const PAWN: FieldKey[] = [...ENT_ID, 'enterprise.address'];
const pawnshop = bundle({
  id: 'ln.pawnshop',
  name: '典当行及分支机构的变更注销',
  object: ENT,
  lifeStages: ['operation', 'exit'],
  lead: 'jrjg',
  items: [
    item({
      id: 'pawn.branch',
      name: '典当行设立分支机构',
      dept: 'jrjg',
      object: ENT,
      kind: 'licence',
      materials: [form(), m('pawnPermit'), LICENCE, m('resolution'), m('premisesProof')],
      result: { name: '典当经营许可证（分支机构）', kind: 'certificate' },
      fields: [...PAWN, 'premises.address'],
    }),
    item({
      id: 'pawn.change-name-address',
      name: '典当行及分支机构变更名称或地址',
      dept: 'jrjg',
      object: ENT,
      kind: 'licence',
      materials: [form(), m('pawnPermit'), m('resolution'), m('premisesProof', null, { when: '变更地址的' })],
      result: { name: '换发的典当经营许可证', kind: 'certificate' },
      fields: [...PAWN, 'change.item', 'change.before', 'change.after'],
    }),
    item({
      id: 'pawn.change-legal-rep',
      name: '典当行及分支机构变更法定代表人',
      dept: 'jrjg',
      object: ENT,
      kind: 'licence',
      materials: [form(), m('pawnPermit'), m('resolution'), m('idCard', null, { name: '拟任法定代表人居民身份证' })],
      result: { name: '法定代表人变更批复', kind: 'approval' },
      fields: [...PAWN, 'change.before', 'change.after', 'enterprise.legalRepIdNumber'],
    }),
    item({
      id: 'pawn.cancellation',
      name: '典当行及分支机构注销',
      dept: 'jrjg',
      object: ENT,
      kind: 'cancellation',
      materials: [form(), m('pawnPermit', null, { name: '典当经营许可证（交回）' }), m('resolution'), m('liquidationReport')],
      result: '典当经营许可证注销',
      fields: [...PAWN, 'cancel.reason'],
    }),
  ],
  notes: [doc('004', '“一件事”名称为“变更注销”，所列事项含“典当行设立分支机构”，照录文件')],
});

// 33. 企业开办
const OPENING: FieldKey[] = [...ENT_ID, 'enterprise.legalRepIdNumber', 'enterprise.address'];
const openRegistration = item({
  id: 'open.registration',
  name: '企业设立登记',
  dept: 'scjgj',
  object: ENT,
  kind: 'registration',
  materials: [form(), m('articlesAmendment', null, { name: '公司章程' }), m('idCard', null, { name: '法定代表人、股东（投资人）身份证明' }), m('premisesProof')],
  statutory: ph(3, '参照《市场主体登记管理条例》第十九条（3个工作日）'),
  promised: ph(1, '参考文件003：企业开办时间压缩至3个工作日以内（双鸭山市，2019）'),
  result: { name: '营业执照（同步发放电子营业执照）', kind: 'certificate', eLicense: true },
  fields: [...OPENING, 'enterprise.type', 'enterprise.registeredCapital', 'enterprise.businessScope'],
});
const openingItem = (slug: string, name: string, dept: ItemSpec['dept'], result: string, extra: FieldKey[] = [], o: Partial<ItemSpec> = {}) =>
  item({
    id: `open.${slug}`,
    name,
    dept,
    object: ENT,
    kind: 'registration',
    materials: [form(), m('businessLicense', null, { note: SHARED })],
    promised: ph(1),
    result,
    fields: [...OPENING, ...extra],
    ...o,
  });
const openSeal = openingItem('seal', '公章刻制备案', 'gaj', '公章刻制备案', ['seal.types'], {
  fee: ph('新办企业首套印章费用按当地政策（部分地区由政府购买服务免费）'),
});
const openInvoice = openingItem('invoice', '发票领用', 'swj', '发票领用（税务信息确认）', ['enterprise.taxpayerType'], {
  kind: 'service',
  materials: [form(), m('businessLicense', null, { note: SHARED }), m('idCard', null, { name: '办税人员居民身份证' })],
});
const openSocialInsurance = openingItem('social-insurance', '企业社会保险登记', 'rsj', '单位社会保险登记', ['enterprise.employeeCount']);
const openHousingFund = openingItem('housing-fund', '单位住房公积金缴存登记', GJJ, '单位住房公积金缴存登记', ['enterprise.bankName', 'enterprise.bankAccount']);
const enterpriseOpening = bundle({
  id: 'ln.enterprise-opening',
  name: '企业开办',
  object: ENT,
  lifeStages: ['market_entry'],
  lead: 'scjgj',
  items: [
    openRegistration,
    ...[openSeal, openInvoice, openSocialInsurance, openHousingFund].map((i) => after(i, [openRegistration], null, '设立登记取得营业执照后办理')),
  ],
});

// 34. 企业简易注销
const SIMPLE_CANCEL: FieldKey[] = [...ENT_ID, 'cancel.mode', 'cancel.reason'];
const simpleTax = item({
  id: 'simple-cancel.tax',
  name: '税务注销',
  dept: 'swj',
  object: ENT,
  kind: 'cancellation',
  materials: [form(), LICENCE],
  promised: ph(3, '未办理过涉税事宜或无欠税（滞纳金）及罚款的可即时出具'),
  result: { name: '清税证明', kind: 'certificate' },
  fields: [...SIMPLE_CANCEL, 'enterprise.taxpayerType'],
  single: single('一家企业只能注销一次：同一企业已有未办结的注销申请时不再受理第二件'),
});
const simpleInsurance = item({
  id: 'simple-cancel.social-insurance',
  name: '参保单位注销',
  dept: 'rsj',
  object: ENT,
  kind: 'cancellation',
  materials: [form(), LICENCE],
  result: '参保单位社会保险登记注销',
  fields: [...SIMPLE_CANCEL, 'enterprise.employeeCount'],
});
const simpleRegistration = item({
  id: 'simple-cancel.registration',
  name: '企业注销登记',
  dept: 'scjgj',
  object: ENT,
  kind: 'cancellation',
  conditions: phs(['未发生债权债务或已将债权债务清偿完结，未开业或无债权债务', '全体投资人书面承诺对上述情况的真实性承担法律责任']),
  materials: [form(null, '简易注销登记申请书'), m('liquidationReport', null, { name: '全体投资人承诺书' }), m('taxClearance', null, { note: SHARED })],
  steps: phs(['申请', '简易注销公告（公示期20日）', '受理', '审查', '作出注销登记决定']),
  statutory: ph(3, '参照《市场主体登记管理条例》第十九条（3个工作日，不含公示期）'),
  promised: ph(1),
  result: { name: '准予简易注销登记通知书', kind: 'notice' },
  fields: SIMPLE_CANCEL,
  single: single('一家企业只能注销一次：同一企业已有未办结的注销申请时不再受理第二件'),
});
const simpleCancellation = bundle({
  id: 'ln.simple-cancellation',
  name: '企业简易注销',
  object: ENT,
  lifeStages: ['exit'],
  lead: 'scjgj',
  items: [simpleTax, simpleInsurance, after(simpleRegistration, [simpleTax, simpleInsurance], null, '清税、社保注销后作出注销登记决定')],
});

// 35. 企业准营(开饭店)
const restaurant = bundle({
  id: 'ln.restaurant',
  name: '企业准营(开饭店)',
  object: ENT,
  lifeStages: ['market_entry'],
  lead: 'scjgj',
  items: [foodPermit, fireCheck, outdoorAd],
});

// ===========================================================================

const built: BuiltBundle[] = [
  newborn,
  marriage,
  afterDeath,
  housingFundWithdrawal,
  loanSettlement,
  veteran,
  secondHandHouse,
  graduateHukou,
  residencePermit,
  dogLicence,
  compulsoryEducation,
  lawyerWorkCard,
  lawyerPracticeChange,
  lawFirm,
  forensicAppraiser,
  unemployment,
  workInjury,
  retirement,
  flexibleEmployment,
  disabilityAid,
  startupSubsidy,
  recruitment,
  socialInsurancePayment,
  hrServices,
  insuranceTransfer,
  schoolBus,
  pharmacy,
  internetCafe,
  bookstore,
  enterpriseRealEstate,
  roadOccupation,
  pawnshop,
  enterpriseOpening,
  simpleCancellation,
  restaurant,
];

export const liaoningBundles = built.map((b) => b.bundle);
export const liaoningItems = uniqueItems(built);
