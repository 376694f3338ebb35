package report

// A bureau table (domain.md §8): the quality-report tables schools file each
// year, the 产教融合 sheet and the school's own management rows. Which figure
// feeds which table is the indicator's own Table field; this lists the tables
// in the order the bureau reads them and the catalogue rows no record area can
// compute yet, each with the reason, so that a gap in a table is explained
// instead of silently missing or filled with a typed number.
type tableDef struct {
	Name    string
	Note    string
	Filed   bool // reported to the bureau (内部管理 is not)
	Missing []MissingRow
}

// MissingRow is a catalogue row the system cannot compute, and why.
type MissingRow struct {
	ID      string `json:"id"`
	LabelZH string `json:"labelZh"`
	Unit    string `json:"unit"`
	Reason  string `json:"reason"`
}

var tableDefs = []tableDef{
	{Name: "计分卡", Filed: true, Note: "质量年报计分卡中由本系统记录得出的指标"},
	{Name: "教学资源表", Filed: true, Missing: []MissingRow{
		{"intern_hours", "企业实习学时", "学时", "周志只记录天数的审批结果，学时折算系数（domain.md §8 [U]）尚未确定"},
		{"enterprise_equipment_value", "企业提供设备值", "万元", "系统尚无企业捐赠设备的记录"},
		{"parttime_teaching_hours", "企业兼职教师授课课时", "学时", "教师档案尚未记录兼职教师的授课课时"},
	}},
	{Name: "国际影响表", Filed: true, Missing: []MissingRow{
		{"intl_fulltime_students", "全日制国（境）外留学生人数", "人", "学生须登记居民身份证号，外籍学生的证件类型尚未确定（domain.md §11 第11项）"},
		{"teacher_foreign_post_count", "在国（境）外组织担任职务的专任教师人数", "人", "系统尚无教师境外任职的记录"},
		{"intern_abroad_person_days", "在校生服务\u201c走出去\u201d企业国（境）外实习时间", "人日", "实习记录尚无境外实习地点"},
	}},
	{Name: "国际影响表（鲁班工坊）", Filed: true},
	{Name: "服务贡献表", Filed: true, Missing: []MissingRow{
		{"social_assessment_times", "面向社会考核人次", "人次", "考核批次只登记本校学生，尚无社会考生的记录"},
	}},
	{Name: "落实政策表", Filed: true, Missing: []MissingRow{
		{"parttime_pay", "年支付企业兼职教师课酬", "万元", "教师档案尚未记录兼职教师课酬"},
		{"tep_funding", "教师企业实践经费", "万元", "教师企业实践记录尚无经费字段"},
	}},
	{Name: "产教融合", Filed: true, Note: "产教融合数据表（无统一模板，按指标目录顺序）", Missing: []MissingRow{
		{"cobuilt_base_count", "共建实训基地数", "个", "系统尚无校企共建实训基地的记录"},
	}},
	{Name: "内部管理", Note: "学校内部管理用，不报送"},
}

// tableOrder is the position of a table by name; a figure whose table is not
// listed goes last, under its own name.
func tableOrder(name string) int {
	for i, t := range tableDefs {
		if t.Name == name {
			return i
		}
	}
	return len(tableDefs)
}
