package sheets

import "github.com/chanjiao/chanjiao/models"

// The placement sheet's columns: what a school keeps of a placement in a
// spreadsheet, by the placement's JSON paths. What a spreadsheet cannot carry
// well is left to the placement's page, and the notes sheet says so.

var (
	placementKinds = []Option{{"岗位实习", models.PlacementPosition}, {"认识实习", models.PlacementCognitive},
		{"跟岗实习", models.LegacyFollow}, {"顶岗实习", models.LegacyTop}}
	arrangements  = []Option{{"学校统一安排", models.ArrangedBySchool}, {"学生自行选择", models.SelfFound}}
	postMatches   = []Option{{"对口", models.MatchMatched}, {"相近", models.MatchRelated}, {"不对口", models.MatchUnmatched}}
	premiumPayers = []Option{{"学校", models.PaidBySchool}, {"实习单位", models.PaidByUnit}, {"学生", models.PaidByStudent}}
	payMethods    = []Option{{"转账至学生本人账户", models.PayBankTransfer}, {"现金", models.PayCash}, {"实物或代金券等", models.PayInKind}}
)

// Dates of the example row: a term's 岗位实习 with its papers signed before.
const (
	sampleStart  = "2026-09-07"
	sampleEnd    = "2027-01-08"
	sampleSigned = "2026-08-28"
)

var placementSpec = &kindSpec{label: "实习", key: "studentNo", keyOf: placementRowKey,
	aliases: map[string]string{"studentId": "studentNo", "enterpriseId": "enterpriseCode",
		"mentors.schoolMentorTeacherId": "mentors.schoolMentorStaffNo"},
	keyNote: "5. 按学号、实习单位和开始日期识别已有的实习：草稿按文件内容更新（已登记的收费明细和实习来源保留），" +
		"已生效的实习不能通过导入修改；其余行导入为新的草稿。导入不会启用实习。",
	notes: []string{
		"6. 预览按每行开始日期适用的实习规则集逐条检查，列出每行的禁止、警告和提示项；只有检查问题的行可以导入，导入后为草稿，请在实习页面处理后启用。有格式或数据错误的行不能导入。",
		"7. 岗位实习人数比例（INT-12、INT-13）与实习页面的“检查”一致，只计已生效的岗位实习：本文件的其他行导入后是草稿，不计入。",
		"8. 同一学生的岗位实习时间不能重叠，与已登记的实习和本文件前面的行都不能重叠。",
		"9. 以下内容不在模板中，请在实习页面登记：实习来源（现代学徒制、订单班）及关联项目、收费明细（如有收取费用）、实际结束日期、周出勤、考核结果。",
		"10. 是否类列留空视为“否”；金额以元为单位，可带两位小数。",
	},
	columns: placementColumns}

var placementColumns = []Column{
	{Header: "学号", Field: "studentNo", Type: TypeText, Required: true, AsText: true, Preview: true, width: 14, Example: "2025001",
		Note: "本校在籍学生的学号；与实习单位、开始日期一起识别已有的实习"},
	{Header: "学生姓名", Field: "studentName", Type: TypeText, Preview: true, width: 10, Example: "张三", Note: "可留空；填写时须与学号对应的学生一致，用于核对"},
	{Header: "实习单位统一社会信用代码", Field: "enterpriseCode", Type: TypeText, AsText: true, upper: true, Preview: true, width: 24,
		Example: sampleCreditCode, Note: "与实习单位名称至少填一项；企业须已在企业管理中登记。两项都填时须一致"},
	{Header: "实习单位名称", Field: "enterpriseName", Type: TypeText, Preview: true, width: 24, Example: "示例科技有限公司",
		Note: "只填名称时须与已登记企业的名称完全一致且不重名"},
	{Header: "实习类型", Field: "kind", Type: TypeEnum, Options: placementKinds, Required: true, Preview: true, width: 12, Example: "岗位实习",
		Note: "跟岗实习、顶岗实习自2022年起按岗位实习管理，原类型一并保存"},
	{Header: "安排方式", Field: "arrangement", Type: TypeEnum, Options: arrangements, Required: true, width: 14, Example: "学校统一安排",
		Note: "学生自行选择的须填写学校审批编号和日期（INT-19）"},
	{Header: "学校审批编号", Field: "approval.ref", Type: TypeText, AsText: true, width: 14},
	{Header: "学校审批日期", Field: "approval.approvedAt", Type: TypeDate, AsText: true, width: 12},
	// Left out when blank, so that a draft keeps the major it defaulted to.
	{Header: "实习开始时的专业代码", Field: "majorCodeAtStart", Type: TypeText, AsText: true, omitBlank: true, width: 12,
		Note: "留空取学生当前专业"},
	{Header: "经中介机构安排", Field: "intermediary", Type: TypeBool, Options: yesNo, width: 10, Example: "否", Note: "不得通过中介机构或有偿代理安排（INT-06）"},
	{Header: "实习地点", Field: "site.address", Type: TypeText, width: 24, Example: "天津市红桥区示例路1号"},
	{Header: "国家或地区代码", Field: "site.country", Type: TypeText, width: 10, Example: "CN", Note: "两位字母代码，境内填CN，留空按CN"},
	{Header: "岗位名称", Field: "post.name", Type: TypeText, Preview: true, width: 16, Example: "软件测试助理"},
	{Header: "岗位类别", Field: "post.category", Type: TypeText, width: 16,
		Note: "属于实习规则集中未成年人或女性禁忌作业的，填写该类别名称（INT-03、INT-04）；一般岗位留空"},
	{Header: "同类岗位", Field: "post.sameKindPostKey", Type: TypeText, width: 14, Example: "软件测试",
		Note: "同一单位同类岗位的实习学生合并计算比例（INT-13）"},
	{Header: "同类岗位职工人数", Field: "post.sameKindPostStaff", Type: TypeInt, width: 10, Example: "20"},
	{Header: "岗位对应专业代码", Field: "post.majorCode", Type: TypeText, AsText: true, width: 12, Note: "可留空；填写时按专业大类核对对口（INT-16）"},
	{Header: "专业对口情况", Field: "post.match", Type: TypeEnum, Options: postMatches, width: 10, Example: "对口"},
	{Header: "体力劳动强度等级", Field: "post.labourClass", Type: TypeInt, width: 10, Example: "1",
		Note: "1至4（Ⅰ至Ⅳ级），未记录留空；Ⅲ级及以上不得安排（INT-07）"},
	{Header: "娱乐性场所", Field: "post.entertainmentVenue", Type: TypeBool, Options: yesNo, width: 10, Example: "否", Note: "INT-05"},
	{Header: "危险作业", Field: "post.hazardous", Type: TypeBool, Options: yesNo, width: 10, Example: "否", Note: "高空、井下、放射性等（INT-08）"},
	{Header: "危险作业类型", Field: "post.hazardType", Type: TypeText, width: 12},
	{Header: "开始日期", Field: "startDate", Type: TypeDate, Required: true, AsText: true, Preview: true, width: 12, Example: sampleStart,
		Note: "按开始日期适用的实习规则集检查"},
	{Header: "计划结束日期", Field: "plannedEndDate", Type: TypeDate, Required: true, AsText: true, Preview: true, width: 12, Example: sampleEnd},
	{Header: "每日工作小时数", Field: "schedule.hoursPerDay", Type: TypeDecimal, width: 10, Example: "8"},
	{Header: "每周工作天数", Field: "schedule.daysPerWeek", Type: TypeInt, width: 10, Example: "5"},
	{Header: "安排夜班", Field: "schedule.nightWork", Type: TypeBool, Options: yesNo, width: 10, Example: "否", Note: "INT-10"},
	{Header: "法定节假日工作", Field: "schedule.holidayWork", Type: TypeBool, Options: yesNo, width: 10, Example: "否", Note: "INT-09"},
	{Header: "安排加班", Field: "schedule.overtime", Type: TypeBool, Options: yesNo, width: 10, Example: "否", Note: "INT-10"},
	{Header: "三方协议编号", Field: "agreement.docRef", Type: TypeText, AsText: true, width: 14, Example: "SX-2026-001"},
	{Header: "学校签订日期", Field: "agreement.signedBySchool", Type: TypeDate, AsText: true, width: 12, Example: sampleSigned,
		Note: "三方均须在实习开始前签订（INT-17）"},
	{Header: "实习单位签订日期", Field: "agreement.signedByUnit", Type: TypeDate, AsText: true, width: 12, Example: sampleSigned},
	{Header: "学生签订日期", Field: "agreement.signedByStudent", Type: TypeDate, AsText: true, width: 12, Example: sampleSigned},
	{Header: "学生知情同意签字日期", Field: "consent.studentSignedAt", Type: TypeDate, AsText: true, width: 12, Example: sampleSigned,
		Note: "学校安排的岗位实习须有学生和监护人签字的知情同意书（INT-18）"},
	{Header: "监护人姓名", Field: "consent.guardianName", Type: TypeText, width: 10, Example: "张父"},
	{Header: "与学生关系", Field: "consent.relation", Type: TypeText, width: 10, Example: "父亲"},
	{Header: "监护人签字日期", Field: "consent.guardianSignedAt", Type: TypeDate, AsText: true, width: 12, Example: sampleSigned},
	{Header: "保险公司", Field: "insurance.insurer", Type: TypeText, width: 16, Example: "示例保险股份有限公司",
		Note: "实习责任保险须覆盖实习全程，保费不得由学生承担（INT-22）"},
	{Header: "保单号", Field: "insurance.policyNo", Type: TypeText, AsText: true, width: 16, Example: "PL2026001"},
	{Header: "保险起期", Field: "insurance.from", Type: TypeDate, AsText: true, width: 12, Example: "2026-09-01"},
	{Header: "保险止期", Field: "insurance.to", Type: TypeDate, AsText: true, width: 12, Example: "2027-01-31"},
	{Header: "保费承担方", Field: "insurance.premiumPaidBy", Type: TypeEnum, Options: premiumPayers, width: 10, Example: "学校"},
	{Header: "相对独立参与实际工作", Field: "pay.independentWork", Type: TypeBool, Options: yesNo, width: 10, Example: "是",
		Note: "是则须支付报酬（INT-20）"},
	{Header: "月报酬（元）", Field: "pay.monthlyAmountFen", Type: TypeMoney, width: 10, Example: "3000",
		Note: "不低于相同岗位试用期工资的80%（INT-20）"},
	{Header: "相同岗位试用期工资（元/月）", Field: "pay.samePostWageFen", Type: TypeMoney, width: 12, Example: "3500"},
	{Header: "最低档工资标准（元/月）", Field: "pay.lowestGradeWageFen", Type: TypeMoney, width: 12, Note: "无相同岗位时填写"},
	{Header: "发放周期（天）", Field: "pay.cycleDays", Type: TypeInt, width: 10, Example: "30", Note: "至少每月发放"},
	{Header: "发放方式", Field: "pay.method", Type: TypeEnum, Options: payMethods, width: 16, Example: "转账至学生本人账户"},
	{Header: "直接发放给学生本人", Field: "pay.paidDirectly", Type: TypeBool, Options: yesNo, width: 10, Example: "是"},
	{Header: "声明不收取任何费用", Field: "fees.declaredNone", Type: TypeBool, Options: yesNo, width: 10, Example: "是",
		Note: "实习单位和学校已书面声明不向学生收取费用或押金（INT-21）；如有收取，选“否”并在实习页面登记收费明细"},
	{Header: "学校指导教师工号", Field: "mentors.schoolMentorStaffNo", Type: TypeText, AsText: true, width: 12, Example: "T2020001",
		Note: "本校教师的工号（INT-23）"},
	{Header: "企业指导人员", Field: "mentors.enterpriseMentorName", Type: TypeText, width: 10, Example: "王师傅", Note: "INT-23"},
	{Header: "企业指导人员电话", Field: "mentors.enterpriseMentorPhone", Type: TypeText, AsText: true, width: 14, Example: "13800138000"},
	{Header: "备案文号", Field: "exceptionFiling.ref", Type: TypeText, AsText: true, width: 14,
		Note: "危险作业、节假日、加班或夜班须经主管部门备案（INT-08、INT-09、INT-10）"},
	{Header: "备案机关", Field: "exceptionFiling.authority", Type: TypeText, width: 14},
	{Header: "备案日期", Field: "exceptionFiling.filedAt", Type: TypeDate, AsText: true, width: 12},
}
