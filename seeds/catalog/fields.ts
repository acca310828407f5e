import type { FieldDef, FieldType } from '../../shared/catalog.js';

// The one field dictionary of the merged form (一表申请). Items list the keys they need; the
// same datum has the same key in every item, so the form builder asks for it once.

interface FieldSpec {
  label: string;
  type: FieldType;
  options?: readonly string[];
  hint?: string;
}

const SEX = ['男', '女'] as const;

export const fieldDictionary = {
  // The person at the counter (the subject when an individual applies for himself or herself).
  'applicant.name': { label: '申请人姓名', type: 'text' },
  'applicant.idNumber': { label: '申请人公民身份号码', type: 'idNumber' },
  'applicant.sex': { label: '申请人性别', type: 'select', options: SEX },
  'applicant.birthDate': { label: '申请人出生日期', type: 'date' },
  'applicant.ethnicity': { label: '申请人民族', type: 'text' },
  'applicant.phone': { label: '申请人联系电话', type: 'phone' },
  'applicant.address': { label: '现居住地址', type: 'address' },
  'applicant.relation': {
    label: '申请人与办理对象关系',
    type: 'select',
    options: ['本人', '父母', '配偶', '子女', '其他监护人', '其他近亲属'],
  },

  // Enterprise (or other organisation) applying.
  'enterprise.name': { label: '单位名称', type: 'text' },
  'enterprise.creditCode': { label: '统一社会信用代码', type: 'creditCode' },
  'enterprise.type': {
    label: '市场主体类型',
    type: 'select',
    options: ['有限责任公司', '股份有限公司', '个人独资企业', '合伙企业', '农民专业合作社', '个体工商户', '其他'],
  },
  'enterprise.legalRep': { label: '法定代表人（负责人）姓名', type: 'text' },
  'enterprise.legalRepIdNumber': { label: '法定代表人（负责人）公民身份号码', type: 'idNumber' },
  'enterprise.address': { label: '住所（主要经营场所）', type: 'address' },
  'enterprise.registeredCapital': { label: '注册资本（万元）', type: 'number' },
  'enterprise.businessScope': { label: '经营范围', type: 'text' },
  'enterprise.employeeCount': { label: '职工人数', type: 'number' },
  'enterprise.contactName': { label: '联系人姓名', type: 'text' },
  'enterprise.contactPhone': { label: '联系人电话', type: 'phone' },
  'enterprise.bankName': { label: '基本存款账户开户银行', type: 'text' },
  'enterprise.bankAccount': { label: '基本存款账户账号', type: 'text' },
  'enterprise.taxpayerType': { label: '纳税人类型', type: 'select', options: ['一般纳税人', '小规模纳税人'] },
  'enterprise.customsCode': { label: '海关注册编码', type: 'text' },

  // Enterprise change and cancellation.
  'change.item': {
    label: '变更事项',
    type: 'select',
    options: ['名称', '住所', '法定代表人（负责人）', '注册资本', '经营范围', '市场主体类型', '股东（投资人）', '其他'],
  },
  'change.before': { label: '变更前内容', type: 'text' },
  'change.after': { label: '变更后内容', type: 'text' },
  'seal.types': {
    label: '印章种类',
    type: 'select',
    options: ['单位公章', '财务专用章', '发票专用章', '合同专用章', '法定代表人名章', '其他'],
  },
  'cancel.mode': { label: '注销方式', type: 'select', options: ['简易注销', '普通注销'] },
  'cancel.reason': {
    label: '注销原因',
    type: 'select',
    options: ['决议解散', '营业期限届满', '被依法吊销营业执照或责令关闭', '人民法院裁定解散', '其他'],
  },
  'cancel.liquidationLeader': { label: '清算组负责人', type: 'text' },
  'cancel.liquidationPhone': { label: '清算组负责人电话', type: 'phone' },

  // Premises and permits of a business.
  'premises.address': { label: '经营场所地址', type: 'address' },
  'premises.area': { label: '经营场所面积（平方米）', type: 'number' },
  'premises.usage': {
    label: '场所用途',
    type: 'select',
    options: ['餐饮场所', '商店（超市）', '互联网上网服务营业场所', '书店', '药店', '其他公众聚集场所'],
  },
  'premises.terminalCount': { label: '上网计算机台数', type: 'number' },
  'food.businessType': { label: '食品经营项目', type: 'select', options: ['食品销售', '餐饮服务', '单位食堂'] },
  'signboard.location': { label: '招牌设置位置', type: 'text' },
  'signboard.size': { label: '招牌尺寸（长×宽，米）', type: 'text' },
  'transport.businessScope': { label: '道路货物运输经营范围', type: 'select', options: ['普通货运', '货物专用运输', '大型物件运输'] },
  'transport.vehicleCount': { label: '拟投入车辆数', type: 'number' },
  'vehicle.plateNumber': { label: '车牌号码', type: 'text' },
  'vehicle.totalMass': { label: '车辆总质量（千克）', type: 'number' },
  'vehicle.seats': { label: '核定载人数', type: 'number' },
  'driver.name': { label: '驾驶人姓名', type: 'text' },
  'driver.idNumber': { label: '驾驶人公民身份号码', type: 'idNumber' },
  'schoolBus.route': { label: '校车行驶线路及停靠站点', type: 'text' },
  'pharmacy.pharmacist': { label: '执业药师姓名', type: 'text' },
  'medicalDevice.scope': { label: '医疗器械经营范围', type: 'text' },

  // Utility connections.
  'project.name': { label: '项目名称', type: 'text' },
  'connection.address': { label: '报装地址', type: 'address' },
  'connection.types': { label: '报装类型', type: 'select', options: ['供水', '排水', '供电', '燃气', '通信'] },
  'power.capacity': { label: '申请用电容量（千伏安）', type: 'number' },
  'gas.purpose': { label: '用气性质', type: 'select', options: ['居民生活', '商业', '工业'] },
  'water.purpose': { label: '用水性质', type: 'select', options: ['居民生活', '非居民', '特种行业'] },
  'telecom.service': { label: '通信业务类型', type: 'select', options: ['宽带', '专线', '固定电话', '其他'] },
  'occupation.location': { label: '占用道路位置', type: 'address' },
  'occupation.startDate': { label: '占用起始日期', type: 'date' },
  'occupation.endDate': { label: '占用截止日期', type: 'date' },
  'occupation.area': { label: '占用面积（平方米）', type: 'number' },
  'occupation.purpose': { label: '占用用途', type: 'text' },

  // Credit repair and information checks.
  'credit.recordType': {
    label: '失信信息类别',
    type: 'select',
    options: ['行政处罚信息', '经营异常名录信息', '严重失信主体名单信息'],
  },
  'credit.decisionNumber': { label: '处罚（列入）决定书文号', type: 'text' },
  'credit.authority': { label: '作出决定的部门', type: 'text' },
  'credit.decisionDate': { label: '决定日期', type: 'date' },
  'credit.correction': { label: '失信行为纠正情况', type: 'text' },
  'check.purpose': {
    label: '核查用途',
    type: 'select',
    options: ['首次公开发行股票并上市', '再融资', '重大资产重组', '新三板挂牌', '其他'],
  },
  'check.periodStart': { label: '核查期间起', type: 'date' },
  'check.periodEnd': { label: '核查期间止', type: 'date' },
  'check.seniorStaff': { label: '董事、监事、高级管理人员名单', type: 'text', hint: '姓名及公民身份号码' },
  'bankruptcy.caseNumber': { label: '破产案件案号', type: 'text' },
  'bankruptcy.court': { label: '受理法院', type: 'text' },
  'bankruptcy.administrator': { label: '破产管理人', type: 'text' },
  'bankruptcy.administratorPhone': { label: '破产管理人联系电话', type: 'phone' },

  // Family: newborn, parents, spouse, household.
  'child.name': { label: '新生儿姓名', type: 'text' },
  'child.sex': { label: '新生儿性别', type: 'select', options: SEX },
  'child.birthDate': { label: '新生儿出生日期', type: 'date' },
  'child.birthPlace': { label: '出生地点（助产机构）', type: 'text' },
  'child.birthWeight': { label: '出生体重（克）', type: 'number' },
  'child.ethnicity': { label: '新生儿民族', type: 'text' },
  'child.birthOrder': { label: '生育孩次', type: 'select', options: ['一孩', '二孩', '三孩', '四孩及以上'] },
  'mother.name': { label: '母亲姓名', type: 'text' },
  'mother.idNumber': { label: '母亲公民身份号码', type: 'idNumber' },
  'mother.phone': { label: '母亲联系电话', type: 'phone' },
  'father.name': { label: '父亲姓名', type: 'text' },
  'father.idNumber': { label: '父亲公民身份号码', type: 'idNumber' },
  'spouse.name': { label: '配偶姓名', type: 'text' },
  'spouse.idNumber': { label: '配偶公民身份号码', type: 'idNumber' },
  'marriage.registrationDate': { label: '结婚登记日期', type: 'date' },
  'marriage.certNumber': { label: '结婚证字号', type: 'text' },
  'household.hukouAddress': { label: '户口所在地', type: 'address' },
  'household.householderName': { label: '户主姓名', type: 'text' },
  'household.relationToHouseholder': {
    label: '与户主关系',
    type: 'select',
    options: ['户主', '配偶', '子', '女', '孙子', '孙女', '其他'],
  },
  'household.familyStatus': {
    label: '家庭经济状况',
    type: 'select',
    options: ['最低生活保障家庭', '最低生活保障边缘家庭', '特困供养人员', '其他'],
  },

  // Education.
  'student.name': { label: '学生姓名', type: 'text' },
  'student.idNumber': { label: '学生公民身份号码', type: 'idNumber' },
  'student.sex': { label: '学生性别', type: 'select', options: SEX },
  'student.birthDate': { label: '学生出生日期', type: 'date' },
  'school.level': { label: '入学学段', type: 'select', options: ['小学一年级', '初中一年级'] },
  'school.preferred': { label: '报名学校', type: 'text' },
  'residencePermit.number': { label: '居住证号码', type: 'text' },
  'graduate.school': { label: '毕业院校', type: 'text' },
  'graduate.date': { label: '毕业时间', type: 'date' },
  'graduate.diplomaNumber': { label: '毕业证书编号', type: 'text' },

  // Property and housing fund.
  'property.certNumber': { label: '不动产权证书号', type: 'text' },
  'property.address': { label: '不动产坐落', type: 'address' },
  'property.area': { label: '建筑面积（平方米）', type: 'number' },
  'property.price': { label: '成交价格（元）', type: 'number' },
  'buyer.name': { label: '买受人姓名（名称）', type: 'text' },
  'buyer.idNumber': { label: '买受人证件号码', type: 'text' },
  'seller.name': { label: '出卖人姓名（名称）', type: 'text' },
  'seller.idNumber': { label: '出卖人证件号码', type: 'text' },
  'housingFund.accountNumber': { label: '住房公积金个人账号', type: 'text' },
  'housingFund.withdrawalReason': {
    label: '提取原因',
    type: 'select',
    options: ['购买自住住房', '离休、退休', '无房职工租房自住', '与单位解除劳动关系', '死亡或宣告死亡'],
  },
  'housingFund.withdrawalAmount': { label: '提取金额（元）', type: 'number' },
  'loan.contractNumber': { label: '住房公积金借款合同编号', type: 'text' },

  // Social security, employment, retirement.
  'socialSecurity.cardNumber': { label: '社会保障卡卡号', type: 'text' },
  'payee.bankName': { label: '收款开户银行', type: 'text' },
  'payee.bankAccount': { label: '收款银行账号', type: 'text' },
  'employment.employer': { label: '工作单位', type: 'text' },
  'employment.startDate': { label: '参加工作时间', type: 'date' },
  'employment.endDate': { label: '解除（终止）劳动关系日期', type: 'date' },
  'employment.leaveReason': {
    label: '失业原因',
    type: 'select',
    options: ['劳动合同期满终止', '用人单位解除', '本人依法解除', '其他'],
  },
  'employment.intention': { label: '就业意向', type: 'text' },
  'employment.flexibleType': { label: '灵活就业形式', type: 'text' },
  'employee.name': { label: '职工姓名', type: 'text' },
  'employee.idNumber': { label: '职工公民身份号码', type: 'idNumber' },
  'employee.hireDate': { label: '录用（入职）日期', type: 'date' },
  'insurance.changeType': { label: '增减类型', type: 'select', options: ['增员', '减员'] },
  'insurance.period': { label: '费款所属期', type: 'text', hint: '如 2024年03月' },
  'insurance.refundReason': { label: '退费原因', type: 'text' },
  'insurance.fromRegion': { label: '转出地', type: 'text' },
  'insurance.toRegion': { label: '转入地', type: 'text' },
  'injury.date': { label: '受伤（确诊）时间', type: 'date' },
  'injury.level': {
    label: '伤残等级',
    type: 'select',
    options: ['一级', '二级', '三级', '四级', '五级', '六级', '七级', '八级', '九级', '十级'],
  },
  'retirement.type': {
    label: '退休类型',
    type: 'select',
    options: ['正常退休', '特殊工种提前退休', '因病或非因工致残提前退休（退职）'],
  },
  'retirement.date': { label: '申请退休时间', type: 'date' },
  'retirement.specialJobYears': { label: '特殊工种累计年限', type: 'number' },
  'onlyChild.certNumber': { label: '独生子女父母光荣证编号', type: 'text' },
  'startup.loanAmount': { label: '申请创业担保贷款金额（万元）', type: 'number' },

  // Disability.
  'disability.procedure': {
    label: '残疾人证办理类型',
    type: 'select',
    options: ['新办', '换领', '迁移', '挂失补办', '注销', '残疾类别/等级变更'],
  },
  'disability.type': {
    label: '残疾类别',
    type: 'select',
    options: ['视力残疾', '听力残疾', '言语残疾', '肢体残疾', '智力残疾', '精神残疾', '多重残疾'],
  },
  'disability.level': { label: '残疾等级', type: 'select', options: ['一级', '二级', '三级', '四级'] },
  'disability.certNumber': { label: '残疾人证号', type: 'text' },
  'disability.multipleIncludes': {
    label: '多重残疾是否含智力或精神残疾',
    type: 'select',
    options: ['含智力或精神残疾', '不含智力、精神残疾'],
    hint: '残疾类别为多重残疾时选择：含智力或精神残疾的，须提供法定监护人证明材料',
  },
  'disability.issuedOn': { label: '残疾人证发证日期', type: 'date', hint: '按原残疾人证填写：持证满一年方可申请类别、等级变更' },
  'disability.cancelledOn': {
    label: '原残疾人证注销日期（曾注销的填写）',
    type: 'date',
    hint: '曾注销残疾人证的填写：注销未满一年原则上不得重新申请',
  },
  'disability.suddenChange': {
    label: '是否因突发事故或不可抗力致类别等级变化',
    type: 'select',
    options: ['否', '是'],
    hint: '选“是”的，持证未满一年也可申请变更，由残联重新评定，须提交残疾评定材料',
  },
  'guardian.name': { label: '法定监护人姓名', type: 'text' },
  'guardian.idNumber': { label: '法定监护人公民身份号码', type: 'idNumber' },
  'guardian.phone': { label: '法定监护人联系电话', type: 'phone' },

  // Death, veterans.
  'deceased.name': { label: '逝者姓名', type: 'text' },
  'deceased.idNumber': { label: '逝者公民身份号码', type: 'idNumber' },
  'deceased.deathDate': { label: '死亡日期', type: 'date' },
  'deceased.deathType': { label: '死亡类型', type: 'select', options: ['正常死亡', '非正常死亡'] },
  'deceased.deathPlace': { label: '死亡地点', type: 'text' },
  'veteran.dischargeDate': { label: '退役时间', type: 'date' },
  'veteran.placement': { label: '安置方式', type: 'select', options: ['自主就业', '安排工作', '退休', '供养'] },
  'veteran.certNumber': { label: '退役证件编号', type: 'text' },

  // Dogs.
  'dog.breed': { label: '犬只品种', type: 'text' },
  'dog.licenceNumber': { label: '养犬登记证号', type: 'text' },
  'dog.immunityCertNumber': { label: '犬只免疫证号', type: 'text' },

  // Professional practice (lawyers, forensic appraisers).
  'practice.licenceNumber': { label: '执业证号', type: 'text' },
  'practice.institution': { label: '执业机构名称', type: 'text' },
  'practice.targetInstitution': { label: '拟变更（转入）执业机构', type: 'text' },
  'practice.category': {
    label: '执业类别',
    type: 'select',
    options: ['专职律师', '兼职律师', '公职律师', '公司律师', '法律援助律师', '法医类鉴定', '物证类鉴定', '声像资料鉴定', '环境损害鉴定', '其他'],
  },
} as const satisfies Record<string, FieldSpec>;

export type FieldKey = keyof typeof fieldDictionary;

export const fields: FieldDef[] = Object.entries(fieldDictionary).map(([key, f]: [string, FieldSpec]) => ({
  key,
  label: f.label,
  type: f.type,
  ...(f.options ? { options: [...f.options] } : {}),
  ...(f.hint ? { hint: f.hint } : {}),
}));
