package sheets

import (
	"strings"

	"github.com/chanjiao/chanjiao/models"
)

// ColumnType is how a column's cells are read.
type ColumnType string

// Column types.
const (
	TypeText ColumnType = "text" // trimmed text
	TypeInt  ColumnType = "int"  // whole number
	TypeDate ColumnType = "date" // YYYY-MM-DD (an Excel date cell is accepted too)
	TypeEnum ColumnType = "enum" // one of Options, by Chinese label (or API value)
	TypeList ColumnType = "list" // items separated by commas (，、 too), e.g. levels
	TypeBool ColumnType = "bool" // 是 or 否 (true/false too); blank is 否
	// TypeDecimal is a number that may have decimals, e.g. 7.5 hours.
	TypeDecimal ColumnType = "decimal"
	// TypeMoney is an amount in yuan with at most two decimals, read into fen.
	TypeMoney ColumnType = "money"
)

// Option is one allowed value of an enum column.
type Option struct {
	Label string `json:"label"` // Chinese, shown in the drop-down list
	Value string `json:"value"` // the API's value
}

// Column describes one column of a kind's sheet.
type Column struct {
	Header   string     `json:"header"` // Chinese header, exactly as in the template
	Field    string     `json:"field"`  // JSON field of the *Fields struct it fills
	Type     ColumnType `json:"type"`
	Options  []Option   `json:"options,omitempty"`
	Required bool       `json:"required"`
	// AsText marks identifiers and codes: the template formats the column as text
	// so that Excel keeps every digit, and a value Excel turned into a number is
	// reported instead of guessed.
	AsText  bool   `json:"asText"`
	Note    string `json:"note"`
	Example string `json:"example"`
	// Enterprise marks the teacher's employer column: the sheet holds the
	// enterprise's 统一社会信用代码, the *Fields struct its id.
	Enterprise bool `json:"enterprise,omitempty"`
	// Preview marks the columns a preview shows of each good row when the sheet
	// is too wide to show them all (placements); with none marked, all are shown.
	Preview bool `json:"preview,omitempty"`
	upper   bool // upper-case the value (ID numbers, credit codes)
	// omitBlank leaves a blank cell out of the row's fields, for a number whose
	// absence differs from 0 (a score not given).
	omitBlank bool
	width     float64
}

// Format is the column's expected format in Chinese, for the notes sheet.
func (c Column) Format() string {
	switch c.Type {
	case TypeInt:
		return "整数"
	case TypeDate:
		return "日期，格式YYYY-MM-DD"
	case TypeEnum, TypeBool:
		return "下拉选择"
	case TypeDecimal:
		return "数字，可带小数"
	case TypeMoney:
		return "金额（元），最多两位小数"
	case TypeList:
		return "文本，多个用逗号分隔"
	}
	if c.AsText {
		return "文本（请勿改为数字格式）"
	}
	return "文本"
}

// Allowed lists an enum column's labels joined with 、, or "".
func (c Column) Allowed() string {
	labels := make([]string, len(c.Options))
	for i, o := range c.Options {
		labels[i] = o.Label
	}
	return strings.Join(labels, "、")
}

// Columns returns the columns of kind's sheet, in template order.
func Columns(kind Kind) ([]Column, error) {
	s, err := spec(kind)
	if err != nil {
		return nil, err
	}
	return append([]Column(nil), s.columns...), nil
}

// kindSpec is what the package knows about one kind's sheet.
type kindSpec struct {
	label   string   // Chinese name, e.g. "学生"
	key     string   // JSON field of the natural key
	unique  []string // further fields unique within the scope (students' ID number)
	columns []Column
	// keyOf, when the natural key is not one column (the catalogue), returns a
	// row's key from its fields, the field a duplicate is reported on and what
	// the key is called; key "" when the row does not say.
	keyOf func(fields map[string]any) (key, field, name string)
	// aliases maps fields the service names to the column that holds them
	// (studentId to 学号: a registration names the student by id).
	aliases map[string]string
	// keyNote replaces the notes sheet's line on existing records.
	keyNote string
	// notes are further lines of the notes sheet, after the general ones.
	notes []string
}

// rowKey returns a row's natural key, the field a duplicate is reported on and
// what the key is called.
func (s *kindSpec) rowKey(fields map[string]any) (key, field, name string) {
	if s.keyOf != nil {
		return s.keyOf(fields)
	}
	key, _ = fields[s.key].(string)
	return key, s.key, keyHeader(s)
}

func (s *kindSpec) column(field string) (Column, bool) {
	for _, c := range s.columns {
		if c.Field == field {
			return c, true
		}
	}
	return Column{}, false
}

var (
	yesNo           = []Option{{"是", "true"}, {"否", "false"}}
	studentStatuses = []Option{{"在籍", models.StudentEnrolled}, {"休学", models.StudentSuspended}, {"毕业", models.StudentGraduated}, {"退学", models.StudentWithdrawn}}
	courseTypes     = []Option{{"专业课", models.CourseProfessional}, {"公共基础课", models.CoursePublic}, {"实习指导", models.CoursePractice}}
	employments     = []Option{{"专任", models.EmploymentFullTime}, {"企业兼职", models.EmploymentEnterprisePartTime}}
	majorLevels     = []Option{{"中职", models.LevelSecondary}, {"高职专科", models.LevelHigher}, {"职业本科", models.LevelBachelor}}
	sizes           = []Option{{"大型", models.SizeLarge}, {"中型", models.SizeMedium}, {"小型", models.SizeSmall}, {"微型", models.SizeMicro}}
)

// Sample values of the template's example row; the tests check that it imports.
const (
	sampleIDNumber   = "11010519491231002X"
	sampleCreditCode = "9144030071526726XG"
	sampleMajorCode  = "710201"
)

var specs = map[Kind]*kindSpec{
	Majors: {label: "专业", key: "code", columns: []Column{
		{Header: "专业代码", Field: "code", Type: TypeText, Required: true, AsText: true, width: 12, Example: sampleMajorCode,
			Note: "2021年版《职业教育专业目录》的6位代码（可带后缀K）：中职61–79开头，高职专科41–59开头，职业本科21–39开头；本校内唯一"},
		{Header: "专业名称", Field: "name", Type: TypeText, Required: true, width: 24, Example: "计算机应用", Note: "不超过50个字"},
		{Header: "专业层次", Field: "level", Type: TypeEnum, Options: majorLevels, Required: true, width: 12, Example: "中职",
			Note: "须与专业代码所属层次一致，并与学校办学层次相符"},
	}},
	Students: {label: "学生", key: "studentNo", unique: []string{"idNumber"}, columns: []Column{
		{Header: "学号", Field: "studentNo", Type: TypeText, Required: true, AsText: true, width: 14, Example: "2025001",
			Note: "本校内唯一；只能包含字母、数字、下划线和连字符"},
		{Header: "姓名", Field: "name", Type: TypeText, Required: true, width: 12, Example: "张三", Note: "不超过50个字"},
		{Header: "身份证号", Field: "idNumber", Type: TypeText, Required: true, AsText: true, upper: true, width: 22, Example: sampleIDNumber,
			Note: "18位居民身份证号，本校内唯一；性别和出生日期由身份证号自动得出"},
		{Header: "专业代码", Field: "majorCode", Type: TypeText, Required: true, AsText: true, width: 12, Example: sampleMajorCode,
			Note: "须为本校已开设的专业（先在专业管理中添加）"},
		{Header: "班级", Field: "className", Type: TypeText, width: 20, Example: "2025级计算机应用1班", Note: "不超过50个字"},
		{Header: "入学年份", Field: "cohortYear", Type: TypeInt, Required: true, width: 10, Example: "2025", Note: "四位年份，不晚于明年"},
		{Header: "学籍状态", Field: "status", Type: TypeEnum, Options: studentStatuses, width: 10, Example: "在籍", Note: "留空视为在籍"},
		{Header: "毕业日期", Field: "graduationDate", Type: TypeDate, AsText: true, width: 12,
			Note: "学籍状态为毕业时必填（格式YYYY-MM-DD，不晚于今天），其他状态留空；双证书率按毕业日期所在学年统计毕业生"},
	}},
	Teachers: {label: "教师", key: "staffNo", columns: []Column{
		{Header: "工号", Field: "staffNo", Type: TypeText, Required: true, AsText: true, width: 14, Example: "T2020001",
			Note: "本校内唯一；只能包含字母、数字、下划线和连字符"},
		{Header: "姓名", Field: "name", Type: TypeText, Required: true, width: 12, Example: "李老师", Note: "不超过50个字"},
		{Header: "身份证号", Field: "idNumber", Type: TypeText, AsText: true, upper: true, width: 22, Example: sampleIDNumber,
			Note: "18位居民身份证号，可留空；填写后性别和出生日期由身份证号自动得出"},
		{Header: "课程类别", Field: "courseType", Type: TypeEnum, Options: courseTypes, Required: true, width: 12, Example: "专业课"},
		{Header: "用工形式", Field: "employment", Type: TypeEnum, Options: employments, Required: true, width: 10, Example: "企业兼职"},
		{Header: "所在企业统一社会信用代码", Field: "employerEnterpriseId", Type: TypeText, AsText: true, upper: true, Enterprise: true, width: 24,
			Example: sampleCreditCode, Note: "企业兼职教师必填，专任教师留空；企业须已在企业管理中登记"},
		{Header: "入职日期", Field: "hireDate", Type: TypeDate, Required: true, AsText: true, width: 12, Example: "2020-09-01"},
		{Header: "入职前企业工作经历（月）", Field: "enterpriseExperienceMonths", Type: TypeInt, width: 24, Example: "36",
			Note: "0至600的整数，留空按0计"},
	}},
	CertEntries:     certEntrySpec,
	Registrations:   registrationSpec,
	Results:         resultSpec,
	Placements:      placementSpec,
	LubanActivities: lubanActivitySpec,
	Enterprises: {label: "企业", key: "creditCode", columns: []Column{
		{Header: "统一社会信用代码", Field: "creditCode", Type: TypeText, Required: true, AsText: true, upper: true, width: 22, Example: sampleCreditCode,
			Note: "18位，按GB 32100-2015校验；全平台唯一，已存在的企业按此代码更新"},
		{Header: "企业名称", Field: "name", Type: TypeText, Required: true, width: 28, Example: "示例科技有限公司", Note: "2至100个字"},
		{Header: "所属行业", Field: "industry", Type: TypeText, width: 20, Example: "软件和信息技术服务业", Note: "不超过50个字"},
		{Header: "企业规模", Field: "size", Type: TypeEnum, Options: sizes, width: 10, Example: "中型", Note: "按《统计上大中小微型企业划分办法》"},
		{Header: "地址", Field: "address", Type: TypeText, width: 30, Example: "天津市红桥区示例路1号", Note: "不超过200个字"},
		{Header: "在岗职工人数", Field: "onPostStaff", Type: TypeInt, width: 14, Example: "350", Note: "0至10000000的整数，留空按0计"},
		{Header: "统计日期", Field: "onPostStaffAsOf", Type: TypeDate, AsText: true, width: 12, Example: "2025-12-31",
			Note: "在岗职工人数的统计日期；填写人数时必填，不晚于今天"},
		{Header: "联系人", Field: "contactName", Type: TypeText, width: 12, Example: "王经理", Note: "不超过50个字"},
		{Header: "联系电话", Field: "contactPhone", Type: TypeText, AsText: true, width: 16, Example: "13800138000",
			Note: "11位手机号或带区号的固定电话，如022-12345678"},
	}},
}
