import type { MaterialDef, MaterialForm, MaterialKind, Sourced } from '../../shared/catalog.js';
import type { DepartmentId } from './departments.js';

// The material dictionary: one key per material, so the same document (居民身份证, 户口簿,
// 营业执照, 出生医学证明 …) is recognised across the items of a bundle and collected once.
//
// `eLicense`: obtainable from the e-license system or shared data, so the applicant need not
// bring it. doc:002 lists the e-licenses to be shared first (出生医学证明、户口簿、社会保障卡、
// 学历学位证、职业资格证、驾驶证、结（离）婚证、不动产权证书、不动产登记证明、营业执照、
// 生产经营许可证) and rules that whatever the e-license library holds is not asked for again;
// doc:001 rules that materials issued by government departments are in principle exempt.

interface MaterialSpec {
  name: string;
  kind: MaterialKind;
  issuer: DepartmentId | null;
  eLicense: Sourced<boolean>;
  /** The form a hall would ask for when the item does not say (placeholder). */
  defaultForm: MaterialForm;
}

const E002: Sourced<boolean> = {
  value: true,
  source: 'doc:002',
  note: '列入优先汇聚共享的常用电子证照，能够通过电子证照库获取的一律免于提交',
};
const no = (note?: string): Sourced<boolean> => (note ? { value: false, source: 'placeholder', note } : { value: false, source: 'placeholder' });
const yes = (note: string): Sourced<boolean> => ({ value: true, source: 'placeholder', note });

const spec = (name: string, kind: MaterialKind, issuer: DepartmentId | null, eLicense: Sourced<boolean>, defaultForm?: MaterialForm): MaterialSpec => ({
  name,
  kind,
  issuer,
  eLicense,
  defaultForm: defaultForm ?? (kind === 'proof' || kind === 'contract' ? 'copy' : 'original'),
});

export const materialDictionary = {
  // Identity and civil status.
  idCard: spec('居民身份证', 'identity', 'gaj', no('现场以身份证阅读器读取并核验原件')),
  hukouBook: spec('居民户口簿', 'certificate', 'gaj', E002),
  marriageCert: spec('结婚证', 'certificate', 'mzj', E002),
  birthMedicalCert: spec('出生医学证明', 'certificate', 'wjw', E002),
  residencePermit: spec('居住证', 'certificate', 'gaj', yes('公安机关核发，可通过数据共享核验')),
  photo: spec('近期免冠照片', 'other', null, no()),
  guardianProof: spec('法定监护人证明材料', 'proof', null, no()),
  deathCert: spec('死亡证明', 'certificate', null, yes('卫生健康、公安部门出具，可通过数据共享核验')),
  cremationCert: spec('火化证明', 'certificate', 'mzj', yes('殡葬服务机构出具，可通过数据共享核验')),
  burialProof: spec('土葬证明（所在乡镇或村出具）', 'proof', null, no(), 'original'),
  onlyChildCert: spec('独生子女父母光荣证', 'certificate', 'wjw', no()),
  dischargeCert: spec('退役证件（退出现役证明）', 'certificate', null, no()),
  placementLetter: spec('退役士兵安置介绍信（报到通知）', 'proof', 'tyjrj', no(), 'original'),
  diploma: spec('毕业证书', 'certificate', 'jyj', E002),
  employmentProof: spec('就业（录用）证明或就业协议', 'proof', null, no()),
  kinshipProof: spec('继承人（近亲属）关系证明', 'proof', null, no()),
  residenceProof: spec('居住证明（房屋租赁合同、不动产权证书或单位住所证明）', 'proof', null, no()),
  marriageDeclaration: spec('申请结婚登记声明书', 'form', 'mzj', no('现场签署')),

  // Enterprise.
  businessLicense: spec('营业执照', 'certificate', 'scjgj', E002),
  resolution: spec('股东会决议或股东（投资人）决定', 'proof', null, no(), 'original'),
  articlesAmendment: spec('章程（章程修正案）', 'proof', null, no(), 'original'),
  liquidationReport: spec('清算报告或全体投资人承诺书', 'proof', null, no(), 'original'),
  taxClearance: spec('清税证明', 'certificate', 'swj', yes('税务部门出具，通过“企业注销‘一件事’”系统共享')),
  sealSample: spec('印模或原印章', 'other', null, no()),
  customsRecord: spec('报关单位备案信息', 'certificate', 'hg', yes('海关系统内数据')),
  bankAccountInfo: spec('基本存款账户信息及开户许可（预留印鉴）', 'certificate', 'rmyh', no()),
  courtDecision: spec('人民法院受理破产申请裁定书及指定管理人决定书', 'proof', 'fy', no()),
  premisesProof: spec('经营场所使用证明（产权证明或租赁合同）', 'proof', null, no()),
  premisesLayout: spec('经营场所平面图及设备布局图', 'proof', null, no()),

  // Permits and operating documents.
  roadTransportPermit: spec('道路运输经营许可证', 'certificate', 'jtysj', { ...E002, note: '生产经营许可证类电子证照' }),
  foodPermit: spec('食品经营许可证', 'certificate', 'scjgj', { ...E002, note: '生产经营许可证类电子证照' }),
  pawnPermit: spec('典当经营许可证', 'certificate', 'jrjg', no()),
  vehicleLicense: spec('机动车行驶证', 'certificate', 'gaj', no()),
  vehicleInspection: spec('机动车安全技术检验合格证明', 'certificate', null, no()),
  drivingLicence: spec('机动车驾驶证', 'certificate', 'gaj', E002),
  driverQualification: spec('驾驶人员从业资格证', 'certificate', 'jtysj', { ...E002, note: '职业资格证类电子证照' }),
  vehicleCommitment: spec('拟投入车辆承诺书', 'commitment', null, no()),
  safetyRules: spec('安全生产管理制度文本', 'proof', null, no(), 'original'),
  foodSafetyRules: spec('食品安全管理制度', 'proof', null, no(), 'original'),
  fireSafetyCommitment: spec('消防安全告知承诺书', 'commitment', null, no()),
  fireSafetyRules: spec('消防安全制度及灭火和应急疏散预案', 'proof', null, no(), 'original'),
  signboardDesign: spec('户外招牌（广告）设计效果图及设置位置图', 'proof', null, no(), 'original'),
  structureSafety: spec('户外设施结构安全说明', 'proof', null, no(), 'original'),
  qualityRules: spec('药品（医疗器械）质量管理制度文件', 'proof', null, no(), 'original'),
  pharmacistCert: spec('执业药师注册证', 'certificate', 'yjj', { ...E002, note: '职业资格证类电子证照' }),
  networkSecurityRules: spec('信息网络安全管理制度及技术措施说明', 'proof', null, no(), 'original'),
  schoolBusSafetyRules: spec('校车安全管理制度及行驶线路方案', 'proof', null, no(), 'original'),
  schoolBusDriverQualification: spec('校车驾驶资格证明', 'certificate', 'gaj', no()),
  managementRules: spec('业务管理制度文本', 'proof', null, no(), 'original'),
  hygieneReport: spec('公共场所卫生检测（评价）报告', 'proof', null, no()),
  constructionPlan: spec('施工（占道）方案及交通安全保障措施', 'proof', null, no(), 'original'),

  // Utility connections.
  routeDesign: spec('外线工程设计方案及路由图', 'proof', null, no(), 'original'),
  siteLocationMap: spec('报装位置示意图', 'proof', null, no(), 'original'),
  propertyCert: spec('不动产权证书', 'certificate', 'zrzyj', E002),
  mortgageCert: spec('不动产登记证明', 'certificate', 'zrzyj', E002),
  loadList: spec('用电设备清单', 'proof', null, no(), 'original'),

  // Credit repair, checks.
  creditCommitment: spec('信用修复承诺书', 'commitment', null, no()),
  correctionProof: spec('改正失信行为和消除不良影响的证明材料', 'proof', null, no()),
  otherRequired: spec('行业主管部门规定的其他材料', 'other', null, no()),
  authorization: spec('授权委托书', 'form', null, no()),

  // Forms and commitments.
  applicationForm: spec('申请表', 'form', null, no('“一件事”一表申请：由合并表单生成，申请人签字（盖章）确认')),
  commitmentLetter: spec('告知承诺书', 'commitment', null, no()),

  // Health, social security, employment.
  socialSecurityCard: spec('社会保障卡', 'certificate', 'rsj', E002),
  bankCard: spec('本人银行卡（存折）', 'other', null, no()),
  medicalInvoices: spec('医疗费用票据及费用明细', 'proof', null, no(), 'original'),
  dischargeRecord: spec('出院记录', 'proof', null, no()),
  disabilityAssessment: spec('残疾评定表（指定医疗机构评定）', 'proof', null, no(), 'original'),
  disabilityCert: spec('残疾人证', 'certificate', 'cl', { value: true, source: 'doc:000', note: '两项补贴系统与残疾人证办理系统对接，数据共享' }),
  lowIncomeProof: spec('最低生活保障（低保边缘）家庭证明', 'certificate', 'mzj', {
    value: true,
    source: 'doc:000',
    note: '两项补贴系统与低保家庭、低保边缘家庭残疾人办理系统对接',
  }),
  originalCertificate: spec('原证件（换领、注销时交回）', 'other', null, no()),
  lossStatement: spec('证件遗失声明', 'form', null, no()),
  employmentCert: spec('就业创业证', 'certificate', 'rsj', yes('人社部门核发，可通过系统内数据核验')),
  laborContract: spec('劳动合同', 'contract', null, no()),
  dismissalProof: spec('解除或终止劳动关系证明', 'proof', null, no()),
  personnelFile: spec('人事档案', 'other', null, no(), 'original'),
  insuranceRecord: spec('社会保险参保缴费凭证', 'certificate', 'rsj', yes('社会保险经办机构数据，可通过数据共享核验')),
  workInjuryDecision: spec('工伤认定决定书', 'certificate', 'rsj', yes('人社部门作出，系统内可查')),
  workAbilityConclusion: spec('劳动能力鉴定结论书', 'certificate', 'rsj', yes('劳动能力鉴定委员会作出，系统内可查')),
  specialJobProof: spec('特殊工种岗位工作经历证明材料', 'proof', null, no(), 'original'),
  employmentHistory: spec('视同缴费年限相关证明材料（档案、工作经历证明）', 'proof', null, no(), 'original'),
  businessPlan: spec('创业项目（经营）情况说明', 'proof', null, no(), 'original'),

  // Housing.
  houseContract: spec('房屋买卖合同', 'contract', 'zjj', yes('网签备案合同可通过住建系统共享')),
  leaseContract: spec('房屋租赁合同', 'contract', null, no()),
  taxPaymentProof: spec('完税（减免税）凭证', 'certificate', 'swj', yes('税务部门数据共享')),
  loanSettlementProof: spec('住房公积金贷款结清证明', 'certificate', 'gjj', yes('公积金中心出具，可通过数据共享核验')),
  meterReading: spec('水（电、气）表读数及缴费结清凭证', 'proof', null, no()),

  // Professional practice.
  practiceLicence: spec('执业证书', 'certificate', 'sfj', no()),
  qualificationCert: spec('法律职业资格证书（专业技术资格证书）', 'certificate', 'sfj', { ...E002, note: '职业资格证类电子证照' }),
  employerLetter: spec('所在单位（执业机构）同意或推荐函', 'proof', null, no(), 'original'),
  lawFirmCharter: spec('律师事务所章程及合伙协议', 'proof', null, no(), 'original'),
  assetProof: spec('资产证明', 'proof', null, no()),

  // Pets.
  dogImmunityCert: spec('犬只免疫证明', 'certificate', null, no()),
  dogSterilizationProof: spec('犬只绝育证明', 'proof', null, no()),
  dogPhoto: spec('犬只照片', 'other', null, no()),
  dogLicence: spec('养犬登记证', 'certificate', 'gaj', yes('公安机关核发，系统内可查')),
} as const satisfies Record<string, MaterialSpec>;

export type MaterialKey = keyof typeof materialDictionary;

export const materials: MaterialDef[] = Object.entries(materialDictionary).map(([key, m]: [string, MaterialSpec]) => ({
  key,
  name: m.name,
  kind: m.kind,
  issuerId: m.issuer,
  eLicense: m.eLicense,
}));
