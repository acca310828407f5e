import type { Item, ItemRules } from '../../shared/catalog.js';
import {
  after,
  doc,
  docs,
  form,
  m,
  makeBundle,
  makeItem,
  NO_PENDING,
  ph,
  phs,
  single,
  uniqueItems,
  type BuiltBundle,
  type ItemSpec,
} from './build.js';
import { cancelledWithinYear, guardianFields, guardianRequired, procedureIs } from './disability-rules.js';
import type { FieldKey } from './fields.js';

// The 13 "高效办成一件事" bundles of Heilongjiang, 2024.
// Items and responsible departments: the table of doc:001 (★ = lead), which the prefecture
// copied from the provincial list; rules, materials and time limits: the work plans of doc:000.
// Where doc:000 adds an item to the provincial bundle that doc:001's table does not list, the
// item is included with source doc:000 and a note (生育登记, two listing checks, 住房公积金缴存登记
// 注销, two retirement items). Everything else the documents do not state is a placeholder.

const item = ({ rules, ...s }: ItemSpec & { rules?: ItemRules }): Item => ({ ...makeItem('heilongjiang', s), ...(rules ? { rules } : {}) });

const POLICY = doc('000', ['国发〔2024〕3号', '黑政发〔2024〕6号', '黑营商联发〔2024〕1号']);
const ENT_ID: FieldKey[] = ['enterprise.name', 'enterprise.creditCode', 'enterprise.legalRep', 'enterprise.contactName', 'enterprise.contactPhone'];
const PERSON: FieldKey[] = ['applicant.name', 'applicant.idNumber', 'applicant.phone'];

// ---------------------------------------------------------------------------
// 1. 企业信息变更

const changeRegistration = item({
  id: 'hlj.ent-change.registration',
  name: '企业变更登记',
  from: '001',
  dept: 'scjgj',
  object: 'enterprise',
  kind: 'registration',
  materials: [
    form(),
    m('businessLicense', null, { note: '领取新照时交回原营业执照正、副本' }),
    m('resolution'),
    m('articlesAmendment', null, { when: '变更事项涉及章程记载内容时' }),
  ],
  statutory: ph(3, '参照《市场主体登记管理条例》第十九条（3个工作日）'),
  promised: ph(1),
  result: { name: '换发的营业执照（电子营业执照同步更新）', kind: 'certificate', eLicense: true },
  fields: [...ENT_ID, 'enterprise.legalRepIdNumber', 'enterprise.address', 'change.item', 'change.before', 'change.after'],
});

const changeSeal = item({
  id: 'hlj.ent-change.seal',
  name: '企业印章刻制',
  from: '001',
  dept: 'gaj',
  object: 'enterprise',
  kind: 'registration',
  materials: [form(), m('businessLicense'), m('idCard', null, { name: '法定代表人居民身份证' })],
  promised: ph(1),
  fee: ph('印章制作费用由刻章企业按公示价格收取'),
  result: '新印章及公章刻制备案信息',
  fields: [...ENT_ID, 'enterprise.legalRepIdNumber', 'seal.types'],
});

const changeBankAccount = item({
  id: 'hlj.ent-change.bank-account',
  name: '基本账户变更',
  from: '001',
  dept: 'rmyh',
  object: 'enterprise',
  kind: 'registration',
  materials: [form(), m('businessLicense'), m('bankAccountInfo'), m('idCard', null, { name: '法定代表人居民身份证' })],
  promised: ph(2),
  result: '基本存款账户变更信息',
  fields: [...ENT_ID, 'enterprise.legalRepIdNumber', 'enterprise.bankName', 'enterprise.bankAccount'],
});

const changeTaxDevice = item({
  id: 'hlj.ent-change.tax-device',
  name: '税控设备变更发行',
  from: '001',
  dept: 'swj',
  object: 'enterprise',
  kind: 'service',
  materials: [form(), m('businessLicense')],
  promised: ph(1),
  result: '税控设备变更发行（税务登记信息同步变更）',
  fields: [...ENT_ID, 'enterprise.taxpayerType', 'change.item', 'change.after'],
});

const changeSocialInsurance = item({
  id: 'hlj.ent-change.social-insurance',
  name: '社会保险登记变更',
  from: '001',
  dept: 'rsj',
  object: 'enterprise',
  kind: 'registration',
  materials: [form(), m('businessLicense')],
  promised: ph(1),
  result: '社会保险登记变更信息',
  fields: [...ENT_ID, 'enterprise.address', 'change.item', 'change.after'],
});

const changeHousingFund = item({
  id: 'hlj.ent-change.housing-fund',
  name: '住房公积金企业缴存登记变更',
  from: '001',
  dept: 'gjj',
  object: 'enterprise',
  kind: 'registration',
  materials: [form(), m('businessLicense')],
  promised: ph(1),
  result: '住房公积金单位缴存登记变更信息',
  fields: [...ENT_ID, 'enterprise.address', 'change.item', 'change.after'],
});

const changeAfterRegistration = (i: Item, extra: Item[] = []) =>
  after(i, [changeRegistration, ...extra], null, '依据变更后的登记信息办理');

const enterpriseChange = makeBundle({
  id: 'hlj.enterprise-change',
  name: '企业信息变更',
  region: 'heilongjiang',
  from: '001',
  plan: '000',
  object: 'enterprise',
  stage: '准入准营',
  lifeStages: ['market_entry', 'operation'],
  lead: 'scjgj',
  policy: POLICY,
  items: [
    changeRegistration,
    changeAfterRegistration(changeSeal),
    changeAfterRegistration(changeBankAccount, [changeSeal]),
    changeAfterRegistration(changeTaxDevice),
    changeAfterRegistration(changeSocialInsurance),
    changeAfterRegistration(changeHousingFund),
  ],
  notes: [
    doc('000', '企业在政务服务中心企业开办窗口提交一套申请材料，即可完成“企业信息变更‘一件事’”办理'),
    doc('000', '省级另行推行“企业迁移‘一件事’”“个转企‘一件事’”“歇业‘一件事’”，不属于本“一件事”的事项'),
    doc('000', '配合部门含省医保局，但事项清单未列医保事项，待确认是否增列'),
  ],
});

// ---------------------------------------------------------------------------
// 2. 开办运输企业 and 3. 开办餐饮店 share the licence check.

const licenceCheck = item({
  id: 'hlj.biz-licence-check',
  name: '企业营业执照信息核验',
  from: '001',
  dept: 'scjgj',
  object: 'enterprise',
  kind: 'check',
  conditions: [ph('已依法取得营业执照的市场主体')],
  materials: [m('businessLicense', '000', { exempt: doc('000', true, '营业执照等政务信息共享，办理许可时无需提供此项材料') })],
  promised: ph(1),
  result: { name: '营业执照信息核验结果（部门间共享）', kind: 'verification' },
  fields: [...ENT_ID, 'enterprise.address'],
});

const roadFreightLicence = item({
  id: 'hlj.transport.road-freight-licence',
  name: '道路货物运输经营许可(危险货物道路运输经营、使用总质量 4500 千克及以下普通货运车辆从事普通货运经营的除外)',
  from: '001',
  dept: 'jtysj',
  object: 'enterprise',
  kind: 'licence',
  conditions: [
    ph('有与其经营业务相适应并经检测合格的车辆'),
    ph('有符合规定条件的驾驶人员'),
    ph('有健全的安全生产管理制度'),
    doc('000', '不含危险货物道路运输经营及使用总质量4500千克及以下普通货运车辆从事普通货运经营', '事项名称所列除外情形（文件001同）'),
  ],
  materials: [
    form(),
    m('businessLicense', '000', { exempt: doc('000', true, '营业执照等政务信息共享，无需提供此项材料') }),
    m('idCard', null, { name: '负责人居民身份证' }),
    m('vehicleCommitment'),
    m('driverQualification'),
    m('safetyRules'),
  ],
  steps: [
    doc('000', '网上或窗口一次申请、一次受理'),
    ph('审查'),
    doc('000', '自受理之日起1个工作日内作出许可或者不予许可的决定'),
    ph('制发《道路运输经营许可证》'),
  ],
  statutory: ph(20, '参照《中华人民共和国道路运输条例》的许可期限（20日）'),
  promised: doc('000', 1, '由自受理之日起2个工作日内压缩为1个工作日内作出许可或者不予许可的决定'),
  result: { name: '道路运输经营许可证', kind: 'certificate', eLicense: true },
  pending: NO_PENDING,
  fields: [...ENT_ID, 'enterprise.address', 'transport.businessScope', 'transport.vehicleCount'],
});

const roadTransportCert = item({
  id: 'hlj.transport.vehicle-certificate',
  name: '普通道路货物运输车辆《道路运输证》办理',
  from: '001',
  note: '文件001表中该行部门栏空白，按合并单元格理解为上一行的地区交通运输局；文件000称“《道路运输证》配发”',
  dept: 'jtysj',
  object: 'enterprise',
  kind: 'certificate',
  materials: [form(), m('vehicleLicense'), m('vehicleInspection')],
  steps: [doc('000', '与道路货物运输经营许可一次申请、一次受理、一次办成，许可后配发《道路运输证》'), ph('审核车辆信息'), ph('配发《道路运输证》')],
  promised: ph(1),
  result: { name: '道路运输证', kind: 'certificate', eLicense: true },
  pending: NO_PENDING,
  fields: [...ENT_ID, 'vehicle.plateNumber', 'vehicle.totalMass'],
});

const transportCompany = makeBundle({
  id: 'hlj.transport-company',
  name: '开办运输企业',
  region: 'heilongjiang',
  from: '001',
  plan: '000',
  object: 'enterprise',
  stage: '准入准营',
  lifeStages: ['market_entry'],
  lead: 'jtysj',
  policy: POLICY,
  items: [
    licenceCheck,
    after(roadFreightLicence, [licenceCheck], null, '许可审查使用共享的营业执照信息'),
    after(roadTransportCert, [roadFreightLicence], '000', '取得经营许可后配发车辆《道路运输证》'),
  ],
  notes: [doc('000', '道路货物运输经营许可及普通货物道路运输车辆《道路运输证》配发实现网上办理，一次申请、一次受理、一次办成')],
});

const foodPermit = item({
  id: 'hlj.restaurant.food-permit',
  name: '食品经营许可',
  from: '001',
  note: '文件001表中该行部门栏空白，按合并单元格理解为上一行的地区市场监管局；文件000称“食品经营许可—新办”',
  dept: 'scjgj',
  object: 'enterprise',
  kind: 'licence',
  materials: [
    form(),
    m('businessLicense', '000', { exempt: doc('000', true, '企业营业执照信息核验，数据共享') }),
    m('idCard', null, { name: '法定代表人（负责人）居民身份证' }),
    m('premisesLayout'),
    m('foodSafetyRules'),
  ],
  statutory: ph(10, '参照《食品经营许可和备案管理办法》（10个工作日）'),
  promised: ph(5),
  result: { name: '食品经营许可证', kind: 'certificate', eLicense: true },
  pending: NO_PENDING,
  fields: [...ENT_ID, 'premises.address', 'premises.area', 'food.businessType'],
});

const signboard = item({
  id: 'hlj.restaurant.signboard',
  name: '户外招牌设施设置规范管理',
  from: '001',
  dept: 'zjj',
  object: 'enterprise',
  kind: 'registration',
  materials: [form(), m('businessLicense'), m('signboardDesign'), m('premisesProof')],
  result: { name: '户外招牌设置审核意见', kind: 'notice' },
  fields: [...ENT_ID, 'premises.address', 'signboard.location', 'signboard.size'],
});

const fireCheck = item({
  id: 'hlj.restaurant.fire-check',
  name: '公众聚集场所投入使用、营业前消防安全检查',
  from: '001',
  dept: 'xfjy',
  object: 'enterprise',
  kind: 'licence',
  materials: [form(), m('businessLicense'), m('fireSafetyCommitment'), m('fireSafetyRules'), m('premisesLayout')],
  statutory: ph(10, '参照《中华人民共和国消防法》第十五条（10个工作日）'),
  promised: ph(5),
  result: { name: '公众聚集场所投入使用、营业前消防安全检查合格证', kind: 'certificate' },
  pending: NO_PENDING,
  fields: [...ENT_ID, 'premises.address', 'premises.area', 'premises.usage'],
});

const restaurant = makeBundle({
  id: 'hlj.restaurant',
  name: '开办餐饮店',
  region: 'heilongjiang',
  from: '001',
  plan: '000',
  object: 'enterprise',
  stage: '准入准营',
  lifeStages: ['market_entry'],
  lead: 'scjgj',
  policy: POLICY,
  items: [licenceCheck, after(foodPermit, [licenceCheck], null, '许可审查使用共享的营业执照信息'), signboard, fireCheck],
  notes: [
    doc('000', '对“一件事”涉及事项的设置依据、受理条件、申请材料、办结时限、办理方式、收费标准、办理结果、查询或咨询方式等进行集成，编制一张告知单，一次性告知'),
    doc('000', '多表合一、一表申请；一套材料、一次提交'),
  ],
});

// ---------------------------------------------------------------------------
// 4. 水电气网联合报装

const JOINT_STEPS = [
  ph('申请（联合申请表单“一张表”）'),
  ph('受理'),
  doc('000', '外线工程项目需现场踏勘的，联合上门对接、共同踏勘现场，提前进行技术指导'),
  ph('答复供应方案'),
  ph('外线及内部工程施工'),
  doc('000', '用户自主选择联合验收或单项验收；有条件的联合上门检测、试压，联合验收'),
  doc('000', '根据用户需求提供预约接通服务'),
];
const CONNECTION: FieldKey[] = [...ENT_ID, 'project.name', 'connection.address'];

const externalWorks = item({
  id: 'hlj.utility.external-works',
  name: '水电气网接入外线工程联合审批',
  from: '001',
  dept: 'zjj',
  co: ['zrzyj', 'jtysj', 'txgl', 'gdqy'],
  object: 'enterprise',
  kind: 'licence',
  conditions: [doc('000', '需要建设“水电气网”外线工程的报装项目')],
  materials: [form(), m('businessLicense'), m('routeDesign'), m('siteLocationMap')],
  steps: [
    ph('申请'),
    ph('受理'),
    doc(
      '000',
      '依托工程建设项目审批管理系统或政务服务网，并联办理建设工程规划许可、占用挖掘城市道路、临时占用城市绿地、砍伐或迁移城市树木等行政审批',
    ),
    ph('联合审查'),
    ph('出具联合审批意见'),
  ],
  result: { name: '外线工程联合审批意见（含相关行政许可决定）', kind: 'approval' },
  fields: [...CONNECTION, 'connection.types'],
});

const connectionItem = (
  slug: string,
  name: string,
  dept: ItemSpec['dept'],
  co: ItemSpec['co'],
  result: string,
  extra: FieldKey[],
  more: ItemSpec['materials'] = [],
) =>
  item({
    id: `hlj.utility.${slug}`,
    name,
    from: '001',
    dept,
    co,
    object: 'enterprise',
    kind: 'service',
    materials: [form(), m('businessLicense'), m('premisesProof', null, { name: '报装地址产权证明或使用证明' }), ...more],
    steps: JOINT_STEPS,
    promised: ph(5, '不含施工时间'),
    fee: ph('按供应单位公示的收费标准收取，政府定价以外不得另收费用'),
    result: { name: result, kind: 'service' },
    fields: [...CONNECTION, ...extra],
  });

const powerConnection = connectionItem('power', '供电报装', 'gdqy', undefined, '供电方案答复、签订供用电合同并装表接电', ['power.capacity'], [m('loadList')]);
const gasConnection = connectionItem('gas', '燃气报装', 'zjj', ['gqqy'], '供气方案答复、签订供用气合同并通气', ['gas.purpose']);
const waterConnection = connectionItem('water', '供排水报装', 'zjj', ['gsqy'], '供排水方案答复、签订供用水合同并通水', ['water.purpose']);
const telecomConnection = connectionItem('telecom', '通信报装', 'txgl', ['wlyys'], '通信线路接入并开通业务', ['telecom.service']);

const utilityConnection = makeBundle({
  id: 'hlj.utility-connection',
  name: '水电气网联合报装',
  region: 'heilongjiang',
  from: '001',
  plan: '000',
  object: 'enterprise',
  stage: '经营发展',
  lifeStages: ['operation'],
  lead: 'zjj',
  policy: POLICY,
  items: [externalWorks, powerConnection, gasConnection, waterConnection, telecomConnection],
  notes: [
    doc('000', '建立“水电气网”联合报装窗口，联合申请表单整合为“一张表单”，线上线下同步流转、全流程联动'),
    doc('000', '外线工程审批仅在需要建设外线工程时办理；各报装事项并行办理'),
    doc('000', '配合部门含省公安厅、省自然资源厅，文件001将其列为外线工程联合审批的参与部门（自然资源局）'),
  ],
});

// ---------------------------------------------------------------------------
// 5. 信用修复

const CREDIT_MATERIALS = [
  form('000', '信用修复申请表'),
  m('businessLicense', '000', {
    name: '身份证明、登记证件复印件（加盖公章，自然人应签名）',
    form: doc('000', 'copy'),
    exempt: doc('000', false, '文件要求提交复印件'),
  }),
  m('creditCommitment', '000', { note: '承诺所提交材料真实有效，并明确愿意承担违反承诺的相应责任' }),
  m('correctionProof', '000'),
  m('otherRequired', '000', { when: '行业主管部门另有规定时' }),
];
const CREDIT_FIELDS: FieldKey[] = [...ENT_ID, 'credit.recordType', 'credit.decisionNumber', 'credit.authority', 'credit.decisionDate', 'credit.correction'];
const CREDIT_STEPS = [
  doc('000', '通过政务服务网“高效办成一件事”专栏或窗口提出修复申请，按类别选择修复信息'),
  doc('000', '按类别分派至受理部门'),
  doc('000', '受理部门负责修复申请的审查、决定、意见反馈和信息主体知情权保障'),
  doc('000', '符合修复条件的，及时移出名单，撤下相关网站公示信息，并将信息共享至同级公共信用信息平台'),
];

const creditGuide = item({
  id: 'hlj.credit.guide',
  name: '统筹在“信用中国”网站及地方信用平台网站建立相关失信信息信用修复指引',
  from: '001',
  dept: 'yshj',
  object: 'enterprise',
  kind: 'coordination',
  conditions: [doc('000', '信息主体通过“信用中国（黑龙江）”及各市（地）信用网站的修复指引进入政务服务网提出申请')],
  materials: [form('000', '信用修复申请表')],
  steps: [
    doc('000', '在“信用中国（黑龙江）”网站和各市（地）信用网站设立修复指引，并与政务服务网“高效办成一件事”专栏联通'),
    doc('000', '专栏按类别将修复申请分派至受理部门'),
    doc('000', '失信信息在“信用中国”网站公示的，公共信用工作机构收到修复信息之日起1个工作日内将修复材料推送至国家公共信用信息中心'),
  ],
  promised: doc('000', 1, '收到修复信息之日起1个工作日内推送至国家公共信用信息中心'),
  result: { name: '信用修复结果汇总及“信用中国”网站公示信息处理', kind: 'report', from: '000' },
  fields: CREDIT_FIELDS,
});

const penaltyRepair = item({
  id: 'hlj.credit.penalty',
  name: '行政处罚信息修复',
  from: '001',
  dept: 'yshj',
  co: ['scjgj'],
  note: '文件001列“地区营商环境局、地区市场监管局等部门”，文件000：由营商环境和市场监管等部门受理',
  object: 'enterprise',
  kind: 'confirmation',
  conditions: [
    doc('000', '受理范围：市场主体受到适用一般程序作出的行政处罚信息'),
    doc('000', '完全履行行政处罚决定规定的义务，纠正违法行为'),
    doc('000', '达到最短公示期限'),
    doc('000', '公开作出信用承诺，承诺所提交材料真实有效，并明确愿意承担违反承诺的相应责任'),
  ],
  materials: CREDIT_MATERIALS,
  steps: CREDIT_STEPS,
  result: { name: '信用修复决定（移出公示）', kind: 'notice' },
  fields: CREDIT_FIELDS,
});

const abnormalListRepair = item({
  id: 'hlj.credit.abnormal-list',
  name: '异常经营名录信息修复',
  from: '001',
  dept: 'scjgj',
  object: 'enterprise',
  kind: 'confirmation',
  conditions: [
    doc(
      '000',
      '已补报未报年份年度报告并公示，或已履行即时信息公示义务，或已更正隐瞒真实情况、弄虚作假的公示信息，或已依法办理住所（经营场所）变更登记，或提出通过登记的住所（经营场所）可以重新取得联系',
    ),
  ],
  materials: CREDIT_MATERIALS,
  steps: CREDIT_STEPS,
  result: { name: '移出经营异常名录决定', kind: 'notice' },
  fields: CREDIT_FIELDS,
});

const seriousListRepair = item({
  id: 'hlj.credit.serious-list',
  name: '严重失信主体名单信息修复',
  from: '001',
  dept: 'yzsxbm',
  object: 'enterprise',
  kind: 'confirmation',
  conditions: [doc('000', '依照相关行业主管部门规定的条件、程序等要求执行')],
  materials: CREDIT_MATERIALS,
  steps: CREDIT_STEPS,
  result: { name: '移出严重失信主体名单决定', kind: 'notice' },
  fields: CREDIT_FIELDS,
});

const creditRepair = makeBundle({
  id: 'hlj.credit-repair',
  name: '信用修复',
  region: 'heilongjiang',
  from: '001',
  plan: '000',
  object: 'enterprise',
  stage: '经营发展',
  lifeStages: ['operation'],
  lead: 'yshj',
  policy: POLICY,
  eligibility: [doc('000', '市场主体受到适用一般程序作出的行政处罚，或被列入经营异常名录、严重失信主体名单')],
  items: [
    after(creditGuide, [penaltyRepair, abnormalListRepair, seriousListRepair], '000', '收到修复信息后推送国家公共信用信息中心'),
    penaltyRepair,
    abnormalListRepair,
    seriousListRepair,
  ],
  notes: [
    doc('000', '各修复事项按类别分派、并行办理；修复后由公共信用工作机构推送国家公共信用信息中心'),
    doc('000', '严重失信主体名单信息修复由设列名单的有关部门受理，受理部门随名单而定'),
  ],
});

// ---------------------------------------------------------------------------
// 6. 企业上市合法合规信息核查 and 7. 企业破产信息核查

const CHECK_STEPS = [
  doc('000', '办理系统将申请表单自动拆分，按查询事项智能分派至相应层级的核查部门'),
  doc('000', '核查部门对核查申请开展核查'),
  doc('000', '将符合规定的核查结果反馈至办理系统'),
];
const COORDINATION_STEPS = docs('000', ['一口统一受理', '一表统一申请', '一键统一分派', '部门并行办理', '一网统一汇总', '一口统一送达']);
const checkLicence = m('businessLicense', '000', {
  exempt: doc('000', true, '依托统一电子证照调用企业材料，能够使用电子证照的免于提交实体证照'),
});

const LISTING_FIELDS: FieldKey[] = [...ENT_ID, 'check.purpose', 'check.periodStart', 'check.periodEnd'];
const listingForm = form('000', '企业上市合法合规信息核查申请表（“一张表单”）');

const listingCoordination = item({
  id: 'hlj.listing.coordination',
  name: '统筹相关申请核查信息的受理、分派、汇总和结果送达',
  from: '001',
  dept: 'yshj',
  object: 'enterprise',
  kind: 'coordination',
  materials: [listingForm, checkLicence],
  steps: COORDINATION_STEPS,
  result: { name: '企业上市合法合规信息综合查询结果', kind: 'report', from: '000', note: '归集形成综合查询结果，统一送达给申请企业' },
  fields: LISTING_FIELDS,
});

const listingCheck = (slug: string, name: string, dept: ItemSpec['dept'], o: Partial<ItemSpec> = {}): Item =>
  item({
    id: `hlj.listing.${slug}`,
    name,
    from: '001',
    dept,
    object: 'enterprise',
    kind: 'check',
    materials: [listingForm, checkLicence],
    steps: CHECK_STEPS,
    result: { name: `${name}结果`, kind: 'verification' },
    fields: LISTING_FIELDS,
    ...o,
  });

const listingChecks = [
  listingCheck('urban-management', '企业城市管理领域无违法违规信息核查', 'zjj'),
  listingCheck('natural-resources', '企业规划自然资源领域无违法违规信息核查', 'zrzyj'),
  listingCheck('labour', '企业违反劳动保障法律法规信息核查', 'rsj'),
  listingCheck('environment', '企业生态环境保护领域无违法违规信息核查', 'sthjj'),
  listingCheck('market-regulation', '企业市场监管领域无违法违规信息核查', 'scjgj'),
  listingCheck('health', '企业卫生和人员健康领域无违法违规信息核查', 'wjw'),
  listingCheck('culture-tourism', '企业文化和旅游市场领域无违法违规信息核查', 'wlj'),
  listingCheck('emergency', '企业应急管理领域无违法违规信息核查', 'yjglj'),
  listingCheck('construction', '企业住房、工程建设领域无违法违规信息核查', 'zjj'),
  listingCheck('housing-fund', '企业人员住房公积金缴存信息核查', 'gjj', {
    result: { name: '企业人员住房公积金缴存信息核查结果（单位缴存证明）', kind: 'verification' },
  }),
  listingCheck('science', '企业科技领域无违法违规信息核查', 'kjj'),
  listingCheck('transport', '企业交通运输领域无违法违规信息核查', 'jtysj'),
  listingCheck('tax', '企业合法纳税情况无违法违规信息核查', 'swj'),
  listingCheck('intellectual-property', '企业知识产权领域无违法违规信息核查', 'scjgj', {
    co: doc('000', ['xcb', 'nyncj'], '省委宣传部负责著作权、省农业农村厅负责植物新品种权、省知识产权局和省市场监管局负责其他知识产权的核查'),
  }),
  listingCheck('water', '企业水资源保护领域无违法违规信息核查', 'slj'),
  listingCheck('fire', '企业消防安全无违法违规信息核查', 'xfjy', { note: '文件000职责分工将此项列在省住建厅名下，文件001为地区消防救援支队，从文件001' }),
  listingCheck('telecom', '电信监管领域无行政处罚信息核查', 'txgl'),
  listingCheck('senior-staff', '企业董监高人员无犯罪信息核查', doc('000', 'gaj'), {
    from: '000',
    note: '文件001清单未列；文件000职责分工：省公安厅负责企业董监高人员无犯罪信息核查（19项核查之一）',
    fields: [...LISTING_FIELDS, 'check.seniorStaff'],
  }),
  listingCheck('civil-litigation', '企业涉民事诉讼信息核查', doc('000', 'fy'), {
    from: '000',
    note: '文件001清单未列；文件000职责分工：省法院负责企业涉民事诉讼信息核查（19项核查之一）',
  }),
];

const listingCheckBundle = makeBundle({
  id: 'hlj.listing-check',
  name: '企业上市合法合规信息核查',
  region: 'heilongjiang',
  from: '001',
  plan: '000',
  object: 'enterprise',
  stage: '经营发展',
  lifeStages: ['operation'],
  lead: 'yshj',
  policy: POLICY,
  items: [after(listingCoordination, listingChecks, '000', '核查结果反馈后归集形成综合查询结果，统一送达'), ...listingChecks],
  notes: [
    doc('000', '“一口统一受理，一表统一申请，一键统一分派，部门并行办理，一网统一汇总，一口统一送达”'),
    doc('000', '文件000称19项信息核查：文件001所列17项加董监高人员无犯罪信息核查、涉民事诉讼信息核查'),
    doc('000', '暂时没有业务系统的核查事项，责任部门通过数字政府一体化平台简易审批功能上传核查结果'),
  ],
});

const BANKRUPTCY_FIELDS: FieldKey[] = [
  ...ENT_ID,
  'bankruptcy.caseNumber',
  'bankruptcy.court',
  'bankruptcy.administrator',
  'bankruptcy.administratorPhone',
];
const bankruptcyMaterials = () => [form('000', '企业破产信息核查申请表（“一张表单”）'), m('courtDecision'), checkLicence];

const bankruptcyCoordination = item({
  id: 'hlj.bankruptcy.coordination',
  name: '统筹相关申请核查信息的受理、分派、汇总和结果送达',
  from: '001',
  dept: 'yshj',
  object: 'enterprise',
  kind: 'coordination',
  materials: bankruptcyMaterials(),
  steps: COORDINATION_STEPS,
  result: { name: '企业破产信息综合查询报告', kind: 'report', from: '000', note: '归集形成综合查询报告，统一送达给申请企业' },
  fields: BANKRUPTCY_FIELDS,
});

const bankruptcyCheck = (slug: string, name: string, dept: ItemSpec['dept'], o: Partial<ItemSpec> = {}): Item =>
  item({
    id: `hlj.bankruptcy.${slug}`,
    name,
    from: '001',
    dept,
    object: 'enterprise',
    kind: 'check',
    materials: bankruptcyMaterials(),
    steps: CHECK_STEPS,
    result: { name: `${name}结果`, kind: 'verification' },
    fields: BANKRUPTCY_FIELDS,
    ...o,
  });

const bankruptcyChecks = [
  bankruptcyCheck('vehicles', '企业车辆信息核查', 'gaj'),
  bankruptcyCheck('real-estate', '企业不动产登记信息核查', 'zrzyj'),
  bankruptcyCheck('social-insurance', '社会保险参保缴费记录核查', 'rsj', { co: ['swj'] }),
  bankruptcyCheck('registration', '企业注册、登记等基本信息核查', 'scjgj'),
  bankruptcyCheck('medical-insurance', '企业人员医保缴存信息核查', 'ybj', { co: ['swj'] }),
  bankruptcyCheck('housing', '企业房产信息核查', 'zjj'),
  bankruptcyCheck('housing-fund', '企业人员住房公积金缴存信息核查', 'gjj', {
    note: '文件000另列“住房公积金开具单位缴存证明”（省住建厅），文件001未单列，并入本项',
    result: { name: '企业人员住房公积金缴存信息核查结果（单位缴存证明）', kind: 'verification' },
  }),
  bankruptcyCheck('tax', '企业纳税缴税情况信息核查', 'swj'),
  bankruptcyCheck('customs', '企业海关税款缴纳、货物通关信息核查', 'hg'),
];

const bankruptcyCheckBundle = makeBundle({
  id: 'hlj.bankruptcy-check',
  name: '企业破产信息核查',
  region: 'heilongjiang',
  from: '001',
  plan: '000',
  object: 'enterprise',
  stage: '注销退出',
  lifeStages: ['exit'],
  lead: 'yshj',
  policy: POLICY,
  items: [after(bankruptcyCoordination, bankruptcyChecks, '000', '核查结果反馈后归集形成综合查询报告，统一送达'), ...bankruptcyChecks],
  notes: [
    doc('000', '文件000称9项核查事项，列出10个名称（含“住房公积金开具单位缴存证明”）；按文件001的9项核查办理'),
    doc('000', '线上线下及自助终端四端办理'),
  ],
});

// ---------------------------------------------------------------------------
// 8. 企业注销登记

const CANCEL_FIELDS: FieldKey[] = [...ENT_ID, 'cancel.mode', 'cancel.reason'];

const taxCancellation = item({
  id: 'hlj.cancel.tax',
  name: '税务注销',
  from: '001',
  dept: 'swj',
  object: 'enterprise',
  kind: 'cancellation',
  materials: [form(), m('businessLicense'), m('resolution')],
  steps: [doc('000', '企业发布简易注销公告或清算组信息公示时，税务部门收到共享信息后主动联系企业清缴税费'), ...phs(['申请', '受理', '清税', '出具清税证明'])],
  promised: ph(3, '未办理过涉税事宜或无欠税（滞纳金）及罚款等的可即时出具'),
  result: { name: '清税证明', kind: 'certificate' },
  fields: [...CANCEL_FIELDS, 'enterprise.taxpayerType'],
  single: single('一家企业只能注销一次：同一企业已有未办结的注销申请时不再受理第二件'),
});

const customsCancellation = item({
  id: 'hlj.cancel.customs',
  name: '海关报关单位备案注销',
  from: '001',
  dept: 'hg',
  object: 'enterprise',
  kind: 'cancellation',
  conditions: [ph('已在海关办理报关单位备案，且无未结海关手续')],
  materials: [form(), m('customsRecord')],
  result: '报关单位备案注销回执',
  fields: [...CANCEL_FIELDS, 'enterprise.customsCode'],
});

const socialInsuranceCancellation = item({
  id: 'hlj.cancel.social-insurance',
  name: '注销社会保险登记',
  from: '001',
  dept: 'rsj',
  object: 'enterprise',
  kind: 'cancellation',
  materials: [form(), m('businessLicense')],
  steps: [doc('000', '收到市场监管部门共享的注销公示信息后主动联系企业，及时清缴有关费用'), ...phs(['申请', '受理', '核查欠费', '注销社会保险登记'])],
  result: '社会保险登记注销信息',
  fields: [...CANCEL_FIELDS, 'enterprise.employeeCount'],
});

const housingFundCancellation = item({
  id: 'hlj.cancel.housing-fund',
  name: '住房公积金缴存登记注销',
  from: '000',
  note: '文件001清单未列；文件000称“企业注销‘一件事’”系统已支撑办理住房公积金缴存登记注销',
  dept: doc('000', 'gjj', '文件000配合部门为省住建厅（住房公积金主管），由住房公积金管理中心承办'),
  object: 'enterprise',
  kind: 'cancellation',
  materials: [form(), m('businessLicense')],
  steps: [doc('000', '收到市场监管部门共享的注销公示信息后主动联系企业，及时清缴有关费用'), ...phs(['申请', '受理', '注销缴存登记'])],
  result: '住房公积金单位缴存登记注销信息',
  fields: CANCEL_FIELDS,
});

const registrationCancellation = item({
  id: 'hlj.cancel.registration',
  name: '企业注销登记',
  from: '001',
  dept: 'scjgj',
  object: 'enterprise',
  kind: 'cancellation',
  materials: [
    form(null, '注销登记申请书'),
    m('resolution'),
    m('liquidationReport'),
    m('taxClearance', null, { note: '由本“一件事”的税务注销结果共享' }),
    m('businessLicense', '000', {
      name: '营业执照正、副本',
      form: ph('original'),
      exempt: doc('000', true, '可在企业未缴回营业执照前作出注销决定'),
      note: '未缴回的，30日后由市场监管部门公告作废',
    }),
  ],
  steps: [
    doc('000', '企业发布简易注销公告或清算组信息公示，通过“企业注销‘一件事’”系统与税务、人社、住建、医保等部门共享信息'),
    ph('申请'),
    ph('受理'),
    ph('审查'),
    doc('000', '可以在企业未缴回营业执照前作出注销决定'),
    doc('000', '30日后对仍未缴回或无法缴回营业执照的，通过国家企业信用信息公示系统公告营业执照作废'),
  ],
  statutory: ph(3, '参照《市场主体登记管理条例》第十九条（3个工作日）'),
  promised: ph(1),
  result: { name: '准予注销登记通知书', kind: 'notice' },
  fields: [...CANCEL_FIELDS, 'cancel.liquidationLeader', 'cancel.liquidationPhone'],
  single: single('一家企业只能注销一次：同一企业已有未办结的注销申请时不再受理第二件'),
});

const bankAccountCancellation = item({
  id: 'hlj.cancel.bank-account',
  name: '银行账户注销',
  from: '001',
  note: '文件000称“银行结算账户预约撤销”',
  dept: 'rmyh',
  object: 'enterprise',
  kind: 'cancellation',
  materials: [form(), m('bankAccountInfo'), m('idCard', null, { name: '法定代表人（清算组负责人）居民身份证' })],
  result: '银行结算账户撤销信息',
  fields: [...CANCEL_FIELDS, 'enterprise.bankName', 'enterprise.bankAccount'],
});

const sealCancellation = item({
  id: 'hlj.cancel.seal',
  name: '企业印章注销',
  from: '001',
  dept: 'gaj',
  object: 'enterprise',
  kind: 'cancellation',
  materials: [form(), m('sealSample')],
  promised: ph(1),
  result: '印章注销备案信息',
  fields: [...CANCEL_FIELDS, 'seal.types'],
});

const enterpriseCancellation = makeBundle({
  id: 'hlj.enterprise-cancellation',
  name: '企业注销登记',
  region: 'heilongjiang',
  from: '001',
  plan: '000',
  object: 'enterprise',
  stage: '注销退出',
  lifeStages: ['exit'],
  lead: 'scjgj',
  policy: POLICY,
  items: [
    taxCancellation,
    after(registrationCancellation, [taxCancellation, customsCancellation, socialInsuranceCancellation, housingFundCancellation], '000', '申请注销登记前完成清缴税、费等清算业务'),
    customsCancellation,
    socialInsuranceCancellation,
    after(bankAccountCancellation, [registrationCancellation], null, '银行结算账户预约撤销，注销登记后撤销'),
    after(sealCancellation, [registrationCancellation], null),
    housingFundCancellation,
  ],
  notes: [
    doc('000', '文件000提出力争将医保注销、相关许可证（备案）注销逐步纳入，尚未列为事项，待确认'),
    doc('000', '鼓励在政务服务中心设置企业注销综窗，“一套申请材料、一窗收件、后台流转、分类审批、综合出件”'),
  ],
});

// ---------------------------------------------------------------------------
// 9. 新生儿出生

const PARENT_IDS = m('idCard', '000', { name: '新生儿父母居民身份证', count: ph(2) });
const CHILD: FieldKey[] = ['child.name', 'child.sex', 'child.birthDate'];
const MOTHER: FieldKey[] = ['mother.name', 'mother.idNumber', 'mother.phone'];
const FATHER: FieldKey[] = ['father.name', 'father.idNumber'];

const birthCertificate = item({
  id: 'hlj.newborn.birth-certificate',
  name: '《出生医学证明》办理(首签)',
  from: '001',
  dept: 'wjw',
  object: 'individual',
  kind: 'certificate',
  materials: [form('000', '办理申请表'), PARENT_IDS],
  promised: ph(1),
  result: { name: '出生医学证明', kind: 'certificate', eLicense: true },
  fields: [...CHILD, 'child.birthPlace', 'child.birthWeight', ...MOTHER, ...FATHER],
});

const birthRegistration = item({
  id: 'hlj.newborn.birth-registration',
  name: '生育登记',
  from: '000',
  note: '文件001清单未列；文件000：相比国务院清单增加了生育登记事项（共8项）',
  dept: doc('000', 'wjw', '生育登记由卫生健康部门受理'),
  object: doc('000', 'individual'),
  kind: 'registration',
  materials: [form('000', '办理申请表'), PARENT_IDS, m('marriageCert', '000'), m('hukouBook', '000', { name: '父亲或母亲的居民户口簿' })],
  promised: ph(1),
  result: '生育登记信息（生育服务登记）',
  fields: [...MOTHER, ...FATHER, 'marriage.registrationDate', 'child.birthOrder', 'child.birthDate', 'household.hukouAddress'],
});

const vaccination = item({
  id: 'hlj.newborn.vaccination',
  name: '预防接种证办理',
  from: '001',
  note: '文件000称“预防接种信息查询”，由疾控部门受理',
  dept: 'jkzx',
  object: 'individual',
  kind: 'certificate',
  materials: [form('000', '办理申请表'), m('birthMedicalCert', null, { note: '由本“一件事”出生医学证明结果共享' })],
  promised: ph(1),
  result: '预防接种证（预防接种信息）',
  fields: [...CHILD, ...MOTHER, 'applicant.address'],
});

const hukouRegistration = item({
  id: 'hlj.newborn.hukou',
  name: '本市户口登记(申报出生登记)1 岁以下婚内本市生育',
  from: '001',
  dept: 'gaj',
  object: 'individual',
  kind: 'registration',
  conditions: docs('000', ['一周岁以内婚生新生儿', '父母一方为黑龙江省户籍', '符合随父、随母落家庭户条件']),
  materials: [
    form('000', '办理申请表'),
    m('birthMedicalCert', null, { note: '由本“一件事”出生医学证明结果共享' }),
    m('hukouBook', '000', { name: '父亲或母亲的居民户口簿' }),
    PARENT_IDS,
    m('marriageCert', '000'),
  ],
  promised: ph(1),
  pending: ph(false, '落户须核验出生医学证明、户口簿等主要材料'),
  result: { name: '出生登记（居民户口簿登记新生儿户口，取得公民身份号码）', kind: 'registration' },
  fields: [
    ...CHILD,
    'child.ethnicity',
    'child.birthPlace',
    ...MOTHER,
    ...FATHER,
    'household.hukouAddress',
    'household.householderName',
    'household.relationToHouseholder',
  ],
});

const residentMedicalInsurance = item({
  id: 'hlj.newborn.medical-insurance',
  name: '办理居民医保登记',
  from: '001',
  note: '文件001表中该行部门栏空白，按合并单元格理解为上一行的地区医保局；文件000：办理居民医保登记由医保部门受理',
  dept: doc('000', 'ybj', '生育医疗费用报销、办理居民医保登记由医保部门受理'),
  object: 'individual',
  kind: 'registration',
  materials: [form('000', '办理申请表'), m('hukouBook', null, { note: '落户后通过数据共享核验' })],
  promised: ph(1),
  fee: ph('按当年城乡居民基本医疗保险个人缴费标准缴费'),
  result: '城乡居民基本医疗保险参保登记',
  fields: [...CHILD, 'household.hukouAddress', ...MOTHER],
});

const socialSecurityCard = item({
  id: 'hlj.newborn.social-security-card',
  name: '社会保障卡申领',
  from: '001',
  dept: 'rsj',
  object: 'individual',
  kind: 'service',
  materials: [form('000', '办理申请表'), m('hukouBook', null, { note: '落户后通过数据共享核验' })],
  promised: ph(10, '含制卡时间'),
  fee: ph('首次申领不收费'),
  result: { name: '社会保障卡（电子社保卡同步签发）', kind: 'card', eLicense: true },
  fields: [...CHILD, 'child.ethnicity', ...MOTHER, 'applicant.address'],
});

const maternityReimbursement = item({
  id: 'hlj.newborn.maternity-reimbursement',
  name: '生育医疗费用报销',
  from: '001',
  dept: 'ybj',
  object: 'individual',
  kind: 'benefit',
  materials: [
    form('000', '办理申请表'),
    m('birthMedicalCert', null, { note: '由本“一件事”出生医学证明结果共享' }),
    m('medicalInvoices', null, { when: '未在定点医疗机构直接结算时' }),
    m('dischargeRecord', null, { when: '未在定点医疗机构直接结算时' }),
    m('bankCard'),
  ],
  result: '生育医疗费用报销款拨付',
  fields: [...MOTHER, 'child.birthDate', 'payee.bankName', 'payee.bankAccount'],
});

const parentingGuidance = item({
  id: 'hlj.newborn.parenting-guidance',
  name: '科学育儿指导服务登记',
  from: '001',
  dept: 'wjw',
  object: 'individual',
  kind: 'service',
  materials: [form('000', '办理申请表')],
  promised: ph(1),
  result: '科学育儿指导服务登记',
  fields: [...CHILD, ...MOTHER, 'applicant.address'],
});

const newborn = makeBundle({
  id: 'hlj.newborn',
  name: '新生儿出生',
  region: 'heilongjiang',
  from: '001',
  plan: '000',
  object: 'individual',
  stage: '出生',
  lifeStages: ['birth', 'social_security'],
  lead: 'wjw',
  policy: POLICY,
  eligibility: docs('000', [
    '在本省助产机构出生',
    '父母一方为黑龙江省户籍',
    '符合随父、随母落家庭户条件',
    '一周岁以内婚生新生儿',
    '新生儿母亲为申请人',
  ]),
  items: [
    birthCertificate,
    birthRegistration,
    vaccination,
    after(hukouRegistration, [birthCertificate], null, '凭出生医学证明申报出生登记'),
    after(residentMedicalInsurance, [hukouRegistration], null, '落户取得公民身份号码后参保'),
    after(socialSecurityCard, [hukouRegistration, residentMedicalInsurance], null, '落户、参保后申领'),
    after(maternityReimbursement, [birthCertificate], null),
    parentingGuidance,
  ],
  notes: [
    doc('000', '所需材料：办理申请表、父亲或母亲的居民户口簿、新生儿父母身份证、结婚证以及行业主管部门规定的其他材料'),
    doc('000', '业务办理中能共享的、能承诺的、通过现有证件可证明的材料一律取消'),
    doc('000', '各经办机构应设有电话、网络和现场等咨询途径，告知办事渠道、服务内容、联办材料、时限、受理、办理、出件等内容'),
  ],
});

// ---------------------------------------------------------------------------
// 10. 教育入学

const GUARDIAN: FieldKey[] = [...PERSON, 'applicant.relation'];
const STUDENT: FieldKey[] = ['student.name', 'student.idNumber'];

const enrolment = item({
  id: 'hlj.school.enrolment',
  name: '新生入学信息采集',
  from: '001',
  dept: 'jyj',
  object: 'individual',
  kind: 'registration',
  conditions: [ph('适龄儿童少年，符合当地义务教育招生入学政策')],
  materials: [form('000', '入学报名信息表（一张表）'), m('hukouBook', null, { note: '通过户籍类证明事项线上核验' })],
  steps: [doc('000', '适龄儿童少年个人信息填报'), doc('000', '户籍信息、居住证信息、房产等信息核验'), ph('按招生录取条件审核'), ph('告知入学结果')],
  result: { name: '入学报名及录取结果', kind: 'notice' },
  fields: [...GUARDIAN, ...STUDENT, 'student.sex', 'student.birthDate', 'household.hukouAddress', 'applicant.address', 'school.level', 'school.preferred'],
});

const hukouProof = item({
  id: 'hlj.school.hukou-proof',
  name: '户籍类证明',
  from: '001',
  dept: 'gaj',
  object: 'individual',
  kind: 'check',
  materials: [m('hukouBook', '000', { exempt: doc('000', true, '线上认证户籍信息') })],
  promised: ph(1),
  result: '户籍信息核验结果',
  fields: [...GUARDIAN, ...STUDENT, 'household.hukouAddress'],
});

const residencePermitCheck = item({
  id: 'hlj.school.residence-permit',
  name: '居住证',
  from: '001',
  note: '文件001表中该行部门栏空白，按合并单元格理解为上一行的地区公安局',
  dept: 'gaj',
  object: 'individual',
  kind: 'check',
  conditions: [ph('随迁子女，其父母或法定监护人持有本地居住证')],
  materials: [m('residencePermit', '000', { exempt: doc('000', true, '线上认证居住证信息'), when: '非本地户籍随迁子女' })],
  promised: ph(1),
  result: '居住证信息核验结果',
  fields: [...GUARDIAN, 'residencePermit.number', 'applicant.address'],
});

const propertyCheck = item({
  id: 'hlj.school.property',
  name: '不动产权证书',
  from: '001',
  dept: 'zrzyj',
  object: 'individual',
  kind: 'check',
  materials: [m('propertyCert', '000', { exempt: doc('000', true, '线上认证房产信息') })],
  promised: ph(1),
  result: '不动产登记（房产）信息核验结果',
  fields: [...GUARDIAN, 'property.certNumber', 'property.address'],
});

const insuranceRecordCheck = item({
  id: 'hlj.school.insurance-record',
  name: '社会保险参保缴费记录查询',
  from: '001',
  dept: 'rsj',
  object: 'individual',
  kind: 'check',
  materials: [m('insuranceRecord')],
  promised: ph(1),
  result: '社会保险参保缴费记录',
  fields: GUARDIAN,
});

const schoolEnrolment = makeBundle({
  id: 'hlj.school-enrolment',
  name: '教育入学',
  region: 'heilongjiang',
  from: '001',
  plan: '000',
  object: 'individual',
  stage: '入学',
  lifeStages: ['education'],
  lead: 'jyj',
  policy: POLICY,
  eligibility: [ph('本地义务教育阶段适龄儿童少年（具体条件按当地当年招生政策）')],
  items: [
    after(enrolment, [hukouProof, residencePermitCheck, propertyCheck, insuranceRecordCheck], '000', '入学审核使用户籍、居住证、房产等信息核验结果'),
    hukouProof,
    residencePermitCheck,
    propertyCheck,
    insuranceRecordCheck,
  ],
  notes: [
    doc('000', '按“一窗收件、后台流转、一次出件”模式，留守儿童或无法上网报名的学生家长可在招生学校提交一套申请材料'),
    doc('000', '线上认证户籍信息、居住证信息、房产信息'),
  ],
});

// ---------------------------------------------------------------------------
// 11. 社会保障卡居民服务

const CARD = m('socialSecurityCard', null, { form: ph('original'), exempt: ph(true, '可使用电子社会保障卡') });
const CARD_FIELDS: FieldKey[] = [...PERSON, 'socialSecurity.cardNumber'];

const cardHr = item({
  id: 'hlj.card.hr-services',
  name: '就业和人力资源服务、社保服务',
  from: '001',
  dept: 'rsj',
  object: 'individual',
  kind: 'service',
  conditions: [ph('持有社会保障卡或电子社会保障卡')],
  materials: [CARD],
  steps: [
    doc('000', '通过社会保障卡领取就业创业补贴、养老保险待遇、工伤保险待遇、失业保险待遇、职业培训补贴等待遇补贴'),
    doc('000', '通过电子社会保障卡查询人社领域待遇发放记录'),
  ],
  promised: ph(1),
  result: '社会保障卡人社待遇发放渠道及查询服务开通',
  fields: [...CARD_FIELDS, 'payee.bankName'],
});

const cardMedical = item({
  id: 'hlj.card.medical',
  name: '就医购药',
  from: '001',
  dept: 'ybj',
  object: 'individual',
  kind: 'service',
  conditions: [ph('持有社会保障卡或电子社会保障卡，已参加基本医疗保险')],
  materials: [CARD],
  steps: [
    doc('000', '在省内全部定点医药机构刷卡或扫码就医购药'),
    doc('000', '有条件的市（地）实现线上挂号、诊疗、取药、住院登记、支付结算、信息查询等全就医环节'),
    doc('000', '提供医保个人账户余额、缴费记录和消费记录查询'),
  ],
  promised: ph(1),
  result: '社会保障卡医保结算功能开通',
  fields: CARD_FIELDS,
});

const cardTransport = item({
  id: 'hlj.card.transport',
  name: '交通出行',
  from: '001',
  dept: 'jtysj',
  object: 'individual',
  kind: 'service',
  conditions: [ph('持有社会保障卡或电子社会保障卡')],
  materials: [CARD],
  steps: [doc('000', '使用社会保障卡享受公交、地铁等刷卡乘车和充值服务'), doc('000', '有条件地区开通电子社会保障卡二维码扫码乘车')],
  promised: ph(1),
  result: '社会保障卡交通出行功能开通',
  fields: CARD_FIELDS,
});

const cardCulture = item({
  id: 'hlj.card.culture',
  name: '文化体验',
  from: '001',
  dept: 'wlj',
  object: 'individual',
  kind: 'service',
  conditions: [ph('持有社会保障卡或电子社会保障卡')],
  materials: [CARD],
  steps: [
    doc('000', '使用社会保障卡刷卡或扫码享受市级以上图书馆入馆借阅、省级博物馆预约入馆服务'),
    doc('000', '通过电子社保卡线上预约'),
  ],
  promised: ph(1),
  result: '社会保障卡文化体验功能开通',
  fields: CARD_FIELDS,
});

const socialSecurityCardServices = makeBundle({
  id: 'hlj.social-security-card',
  name: '社会保障卡居民服务',
  region: 'heilongjiang',
  from: '001',
  plan: '000',
  object: 'individual',
  stage: '生活',
  lifeStages: ['daily_life', 'social_security'],
  lead: 'rsj',
  policy: POLICY,
  items: [
    cardHr,
    after(cardMedical, [cardHr], null, '社会保障卡由人社部门签发并启用后加载各领域应用'),
    after(cardTransport, [cardHr], null, '社会保障卡由人社部门签发并启用后加载各领域应用'),
    after(cardCulture, [cardHr], null, '社会保障卡由人社部门签发并启用后加载各领域应用'),
  ],
  notes: [doc('000', '实现“一卡通用”：人社、医保、交通、文旅领域应用场景')],
});

// ---------------------------------------------------------------------------
// 12. 残疾人服务

const guardianProof = (when: string, procedure: string) => guardianRequired(m('guardianProof', '000', { when }), procedureIs(procedure));
/** The procedures whose applicants doc:000 asks for the guardian proof. */
const GUARDIAN_PROCEDURES = procedureIs('新办', '迁移', '挂失补办', '残疾类别/等级变更');
const DISABLED: FieldKey[] = [...PERSON, 'applicant.sex', 'applicant.birthDate', 'household.hukouAddress', 'disability.type', 'disability.level'];

const disabilityCertificate = item({
  id: 'hlj.disability.certificate',
  name: '残疾人证新办、换领、迁移、挂失、补办、注销、残疾类别/等级变更',
  from: '001',
  dept: 'cl',
  object: 'individual',
  kind: 'certificate',
  conditions: docs('000', [
    '由残疾人本人或其法定监护人提出申请，如实填写相关内容',
    '申请智力、精神残疾人证和未成年人申请残疾人证的，须同时提供法定监护人的证明材料',
  ]),
  materials: [form('000', '残疾人证申请表'), m('idCard'), m('hukouBook')],
  steps: [ph('申请'), ph('受理'), ph('残疾评定（新办、类别等级变更时）'), ph('审核'), ph('制发或注销残疾人证')],
  promised: ph(20, '含残疾评定时间'),
  result: { name: '中华人民共和国残疾人证', kind: 'certificate' },
  fields: [
    ...DISABLED,
    'disability.multipleIncludes',
    'disability.procedure',
    'disability.certNumber',
    'disability.issuedOn',
    'disability.suddenChange',
    'disability.cancelledOn',
    'guardian.name',
    'guardian.idNumber',
    'guardian.phone',
  ],
  variants: [
    {
      key: 'new',
      name: '残疾人证新办',
      appliesWhen: procedureIs('新办'),
      conditions: docs('000', ['申请人或监护人提出办证申请，如实填写相关内容', '残疾人证注销未满一年的，原则上不得重新申请']),
      materials: [guardianProof('申请智力、精神残疾人证或未成年人申请时', '新办'), m('disabilityAssessment'), m('photo')],
    },
    {
      key: 'renew',
      name: '残疾人证换领',
      appliesWhen: procedureIs('换领'),
      conditions: docs('000', [
        '到期换证：残疾人证有效期为10年，有效期满9年后可申请换领新证',
        '残损换新：残疾人证残损影响使用的，可申请残损换新',
        '资料更新换证：残疾人证有关内容（除残疾类别、残疾等级外）发生变化需要更新的，持证残疾人可提出申请',
      ]),
      materials: [m('originalCertificate', null, { name: '原残疾人证' }), m('photo')],
    },
    {
      key: 'transfer',
      name: '残疾人证迁移',
      appliesWhen: procedureIs('迁移'),
      conditions: docs('000', ['持证残疾人户口迁移的，由残疾人本人或监护人提出迁移申请']),
      materials: [guardianProof('智力、精神残疾人或未成年人迁出、迁入时', '迁移'), m('hukouBook', null, { name: '迁移后的居民户口簿' })],
    },
    {
      key: 'reissue',
      name: '残疾人证挂失补办',
      appliesWhen: procedureIs('挂失补办'),
      conditions: docs('000', ['持证残疾人或监护人提出挂失补办申请']),
      materials: [guardianProof('智力、精神残疾人证或未成年人挂失补办时', '挂失补办'), m('lossStatement'), m('photo')],
    },
    {
      key: 'cancel',
      name: '残疾人证注销',
      appliesWhen: procedureIs('注销'),
      conditions: docs('000', [
        '注销残疾人证：持证残疾人申请注销的，提交自愿放弃残疾人证相关材料',
        '注销部分残疾类别：持证残疾人申请注销证上记载的部分残疾类别的，提交相关材料',
        '死亡注销：残疾人家属申请，残联与民政、卫健、公安进行信息比对后注销',
      ]),
      materials: [
        m('commitmentLetter', '000', { name: '自愿放弃残疾人证（部分残疾类别）的书面材料', when: '本人申请注销或注销部分残疾类别时' }),
        m('deathCert', '000', { when: '死亡注销时' }),
        m('burialProof', '000', { when: '死亡注销且土葬时' }),
        m('originalCertificate', null, { name: '原残疾人证' }),
      ],
    },
    {
      key: 'change',
      name: '残疾类别/等级变更',
      appliesWhen: procedureIs('残疾类别/等级变更'),
      conditions: docs('000', [
        '持证一年以上的残疾人或监护人提出申请，如实填写申请表并选择变更事项',
        '残疾人证注销未满一年的，原则上不得重新申请',
        '已办理残疾人证的原则上一年内不予变更残疾等级；突发事故或不可抗力等造成残疾类别、等级变化的，残联可根据实际情况重新评定',
      ]),
      // 残疾评定 is always part of a change, so also when the 突发事故、不可抗力 exception is used.
      materials: [guardianProof('智力、精神残疾人或未成年人申请变更时', '残疾类别/等级变更'), m('disabilityAssessment')],
    },
  ],
  rules: {
    fields: [
      ...guardianFields(GUARDIAN_PROCEDURES),
      { key: 'disability.certNumber', requiredWhen: procedureIs('换领', '迁移', '挂失补办', '注销', '残疾类别/等级变更'), when: '已持证办理' },
      { key: 'disability.issuedOn', requiredWhen: procedureIs('残疾类别/等级变更'), when: '申请残疾类别/等级变更时' },
      { key: 'disability.suddenChange', requiredWhen: procedureIs('残疾类别/等级变更'), when: '申请残疾类别/等级变更时' },
    ],
    periods: [
      cancelledWithinYear('doc:000', {
        appliesWhen: procedureIs('新办', '残疾类别/等级变更'),
        history: procedureIs('注销'),
      }),
      {
        key: 'held_under_year',
        source: 'doc:000',
        note: '持证一年以上方可申请变更；突发事故或不可抗力造成变化的为例外（文件000）',
        appliesWhen: procedureIs('残疾类别/等级变更'),
        from: [{ field: 'disability.issuedOn' }],
        years: 1,
        unless: { field: 'disability.suddenChange', in: ['是'] },
        message:
          '残疾人证发证未满一年（{from}发证），{until}起方可申请残疾类别/等级变更；因突发事故或不可抗力造成类别、等级变化的，请在“是否因突发事故或不可抗力致类别等级变化”中选“是”并收取残疾评定材料',
        waivable: false,
      },
    ],
  },
});

const livingSubsidy = item({
  id: 'hlj.disability.living-subsidy',
  name: '困难残疾人生活补贴',
  from: '001',
  dept: 'mzj',
  co: ['cl'],
  object: 'individual',
  kind: 'benefit',
  conditions: [ph('持有残疾人证的最低生活保障家庭、最低生活保障边缘家庭残疾人', '文件000提及与低保、低保边缘家庭残疾人办理系统对接')],
  materials: [form('000', '残疾人两项补贴申请表（“一张表”）'), m('disabilityCert', '000'), m('lowIncomeProof', '000'), m('bankCard')],
  result: '困难残疾人生活补贴发放',
  fields: [...DISABLED, 'disability.certNumber', 'household.familyStatus', 'payee.bankName', 'payee.bankAccount'],
});

const careSubsidy = item({
  id: 'hlj.disability.care-subsidy',
  name: '重度残疾人护理补贴',
  from: '001',
  note: '文件001表中该行部门栏空白，按合并单元格理解为上一行的地区民政局、地区残联',
  dept: 'mzj',
  co: ['cl'],
  object: 'individual',
  kind: 'benefit',
  conditions: [ph('残疾等级为一级、二级且需要长期照护的重度残疾人')],
  materials: [form('000', '残疾人两项补贴申请表（“一张表”）'), m('disabilityCert', '000'), m('bankCard')],
  result: '重度残疾人护理补贴发放',
  fields: [...DISABLED, 'disability.certNumber', 'payee.bankName', 'payee.bankAccount'],
});

const employmentSupport = item({
  id: 'hlj.disability.employment',
  name: '残疾人就业帮扶',
  from: '001',
  dept: 'rsj',
  co: ['cl'],
  object: 'individual',
  kind: 'service',
  conditions: [ph('持有残疾人证、有就业意愿的劳动年龄段残疾人')],
  materials: [form(), m('disabilityCert', '000')],
  result: '就业帮扶服务（职业介绍、技能培训、就业援助）',
  fields: [...DISABLED, 'disability.certNumber', 'employment.intention'],
});

const pensionSubsidy = item({
  id: 'hlj.disability.pension-subsidy',
  name: '城乡居民基本养老保险补助',
  from: '001',
  dept: 'rsj',
  object: 'individual',
  kind: 'benefit',
  conditions: [ph('参加城乡居民基本养老保险的重度残疾人等缴费困难群体')],
  materials: [form(), m('disabilityCert', '000')],
  result: '城乡居民基本养老保险缴费补助（代缴）',
  fields: [...DISABLED, 'disability.certNumber'],
});

const disabilityServices = makeBundle({
  id: 'hlj.disability',
  name: '残疾人服务',
  region: 'heilongjiang',
  from: '001',
  plan: '000',
  object: 'individual',
  stage: '生活',
  lifeStages: ['disability', 'social_security'],
  lead: 'cl',
  policy: POLICY,
  items: [
    disabilityCertificate,
    after(livingSubsidy, [disabilityCertificate], '000', '两项补贴系统与残疾人证办理系统对接'),
    after(careSubsidy, [disabilityCertificate], '000', '两项补贴系统与残疾人证办理系统对接'),
    after(employmentSupport, [disabilityCertificate], null),
    after(pensionSubsidy, [disabilityCertificate], null),
  ],
  notes: [
    doc('000', '申请人可通过网络申请，全程网办；可在全国县（市）区办理，跨省通办'),
    doc('000', '配合部门含省残疾人服务中心'),
  ],
});

// ---------------------------------------------------------------------------
// 13. 退休

const RETIREE: FieldKey[] = [...PERSON, 'applicant.sex', 'applicant.birthDate', 'employment.employer', 'employment.startDate', 'retirement.type', 'retirement.date'];

const retirementEligibility = item({
  id: 'hlj.retirement.eligibility',
  name: '参保人员达到法定退休年龄领取基本养老保险待遇资格确认',
  from: '001',
  dept: 'rsj',
  object: 'individual',
  kind: 'confirmation',
  conditions: [ph('达到法定退休年龄，累计缴费满规定年限')],
  materials: [form(), m('idCard'), m('personnelFile', null, { when: '机关事业单位及企业职工有人事档案的' })],
  steps: [
    doc('000', '档案管理部门预审申报，退休即申即审'),
    doc('000', '依托人脸识别和电子社保卡实现个人信息自动验证、表单信息自动填写'),
    ph('审核确认'),
    doc('000', '通过支付宝、电子社保卡等渠道申领使用电子退休证'),
  ],
  promised: ph(1, '文件000要求依托退休预审将办理时间压减至“立等可办”'),
  result: { name: '退休审批结果及电子退休证', kind: 'certificate', eLicense: true, from: '000' },
  fields: [...RETIREE, 'household.hukouAddress'],
  single: single('一个人只办理一次退休：同一申请人已有未办结的退休申请时不再受理第二件'),
});

const deemedContribution = item({
  id: 'hlj.retirement.deemed-contribution',
  name: '基本养老保险视同缴费年限认定',
  from: '001',
  dept: 'rsj',
  object: 'individual',
  kind: 'confirmation',
  materials: [form(), m('employmentHistory')],
  result: '视同缴费年限认定结果',
  fields: RETIREE,
});

const specialJob = item({
  id: 'hlj.retirement.special-job',
  name: '特殊工种提前退休核准',
  from: '001',
  dept: 'rsj',
  object: 'individual',
  kind: 'confirmation',
  conditions: [ph('从事国家规定的特殊工种岗位累计满规定年限并达到提前退休年龄')],
  materials: [form(), m('specialJobProof')],
  result: '特殊工种提前退休核准决定',
  fields: [...RETIREE, 'retirement.specialJobYears'],
});

const illnessRetirement = item({
  id: 'hlj.retirement.illness',
  name: '因病或非因工致残完全丧失劳动能力提前退休(退职)核准',
  from: '001',
  dept: 'rsj',
  object: 'individual',
  kind: 'confirmation',
  conditions: [ph('经劳动能力鉴定委员会鉴定完全丧失劳动能力')],
  materials: [form(), m('workAbilityConclusion')],
  result: '提前退休（退职）核准决定',
  fields: RETIREE,
});

const pensionPayment = item({
  id: 'hlj.retirement.pension',
  name: '新增退休人员养老保险待遇核定发放',
  from: '001',
  dept: 'rsj',
  object: 'individual',
  kind: 'benefit',
  materials: [m('socialSecurityCard', null, { name: '社会保障卡（待遇发放账户）' })],
  result: '基本养老金核定及按月发放',
  fields: [...RETIREE, 'socialSecurity.cardNumber'],
  single: single('一个人只办理一次退休：同一申请人已有未办结的退休申请时不再受理第二件'),
});

const medicalDeemed = item({
  id: 'hlj.retirement.medical-deemed',
  name: '基本医疗保险视同缴费年限核定',
  from: '001',
  dept: 'ybj',
  object: 'individual',
  kind: 'confirmation',
  materials: [form(), m('employmentHistory')],
  result: '基本医疗保险视同缴费年限核定结果',
  fields: RETIREE,
});

const housingFundRetirement = item({
  id: 'hlj.retirement.housing-fund',
  name: '离休、退休提取住房公积金',
  from: '001',
  dept: 'gjj',
  object: 'individual',
  kind: 'benefit',
  materials: [form(), m('bankCard')],
  promised: ph(3),
  result: '住房公积金提取款转入本人账户',
  fields: [...PERSON, 'housingFund.accountNumber', 'payee.bankName', 'payee.bankAccount'],
});

const onlyChildReward = item({
  id: 'hlj.retirement.only-child',
  name: '城镇独生子女父母奖励金',
  from: '001',
  dept: 'wjw',
  object: 'individual',
  kind: 'benefit',
  conditions: [ph('持有独生子女父母光荣证的城镇职工，退休时按规定领取')],
  materials: [form(), m('onlyChildCert')],
  result: '独生子女父母奖励金发放',
  fields: [...PERSON, 'employment.employer', 'onlyChild.certNumber', 'payee.bankName', 'payee.bankAccount'],
});

const hukouConfirmation = item({
  id: 'hlj.retirement.hukou',
  name: '户籍信息确认',
  from: '001',
  dept: 'gaj',
  object: 'individual',
  kind: 'check',
  materials: [m('hukouBook')],
  promised: ph(1),
  result: '户籍信息（出生日期等）核验结果',
  fields: [...PERSON, 'applicant.birthDate', 'household.hukouAddress'],
});

const medicalRetiree = item({
  id: 'hlj.retirement.medical-retiree',
  name: '医保在职转退休',
  from: '000',
  note: '文件001清单未列；文件000：实现退休审核、养老金申领、医保视同缴费年限认定、医保在职转退休、公积金提取、失业保险和工伤保险暂停缴费等关联事项并联审批、集成办理',
  dept: doc('000', 'ybj', '省医保局为协同部门'),
  object: doc('000', 'individual'),
  kind: 'registration',
  materials: [form()],
  promised: ph(1),
  result: '职工医保参保状态变更为退休',
  fields: RETIREE,
});

const insuranceSuspension = item({
  id: 'hlj.retirement.insurance-suspension',
  name: '失业保险和工伤保险暂停缴费',
  from: '000',
  note: '文件001清单未列；文件000将其列为退休“一事集成”的关联事项',
  dept: ph('rsj', '文件000未指明责任部门，按失业、工伤保险经办机构暂定'),
  object: doc('000', 'individual'),
  kind: 'registration',
  materials: [form()],
  promised: ph(1),
  result: '失业保险、工伤保险停止缴费',
  fields: [...RETIREE, 'enterprise.name', 'enterprise.creditCode'],
});

const retirement = makeBundle({
  id: 'hlj.retirement',
  name: '退休',
  region: 'heilongjiang',
  from: '001',
  plan: '000',
  object: 'individual',
  stage: '退休',
  lifeStages: ['retirement', 'social_security'],
  lead: 'rsj',
  policy: POLICY,
  eligibility: [doc('000', '机关、企事业单位职工和灵活就业人员全覆盖')],
  items: [
    after(retirementEligibility, [deemedContribution, specialJob, illnessRetirement, hukouConfirmation], null, '视同缴费年限、提前退休核准和户籍信息是资格确认的前提；未选择的事项不计'),
    deemedContribution,
    specialJob,
    illnessRetirement,
    after(pensionPayment, [retirementEligibility], null),
    medicalDeemed,
    after(housingFundRetirement, [retirementEligibility], null, '凭退休审批结果提取'),
    after(onlyChildReward, [retirementEligibility], null),
    hukouConfirmation,
    after(medicalRetiree, [retirementEligibility, medicalDeemed], null),
    after(insuranceSuspension, [retirementEligibility], null),
  ],
  notes: [
    doc('000', '退休审核、养老金申领、医保视同缴费年限认定、医保在职转退休、公积金提取、失业保险和工伤保险暂停缴费等关联事项并联审批、集成办理'),
    doc('000', '协同部门：省医保局、省住建厅、省卫健委、省公安厅'),
  ],
});

// ---------------------------------------------------------------------------

const built: BuiltBundle[] = [
  enterpriseChange,
  transportCompany,
  restaurant,
  utilityConnection,
  creditRepair,
  listingCheckBundle,
  bankruptcyCheckBundle,
  enterpriseCancellation,
  newborn,
  schoolEnrolment,
  socialSecurityCardServices,
  disabilityServices,
  retirement,
];

export const heilongjiangBundles = built.map((b) => b.bundle);
export const heilongjiangItems = uniqueItems(built);
