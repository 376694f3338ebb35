package web

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/placements"
	"github.com/chanjiao/chanjiao/services/rules"
)

// placementField names a field by its JSON path, so that the services' errors
// land beside it; its element id has no dots or brackets.
func placementField(f formField) formField {
	f.ID = strings.NewReplacer(".", "-", "[", "-", "]", "").Replace(f.Name)
	return f
}

// running lists the parts of a placement that may change while it runs
// (placements.UpdatePlacement): the others are shown read-only.
var runningSections = []string{"site", "insurance", "mentors", "exceptionFiling"}

// placementSections are the form's parts for the caller (pl nil when
// proposing); the choices of enterprise, school mentor and post category come
// from the data.
func (w *Handler) placementSections(c *fiber.Ctx, pl *placements.Placement) ([]formSection, error) {
	enterprises, err := w.enterpriseOptions(c, "请选择实习单位")
	if err != nil {
		return nil, err
	}
	teachers, err := w.mentorOptions(c, pl)
	if err != nil {
		return nil, err
	}
	categories, err := w.postCategories(c, pl)
	if err != nil {
		return nil, err
	}
	contexts, err := w.contextOptions(c, pl)
	if err != nil {
		return nil, err
	}
	kinds := placementKinds
	if pl != nil && pl.LegacyKind != "" {
		kinds = append(slices.Clone(kinds), legacyKinds...)
	}
	secs := []formSection{
		{ID: "people", Title: "学生与企业", Fields: []formField{
			{Name: "studentNo", Label: "学生学号", Required: true, Hint: "本校在籍学生的学号"},
			{Name: "enterpriseId", Label: "实习单位", Required: true, Options: enterprises},
			{Name: "kind", Label: "实习类型", Required: true, Options: kinds, Hint: "跟岗、顶岗实习自2022年起统称岗位实习"},
			{Name: "contextId", Label: "关联项目或班级", Options: contexts,
				Hint: "现代学徒制学生或订单班成员在企业的培养期按岗位实习登记，选择其学徒制项目或订单班"},
			{Name: "arrangement", Label: "安排方式", Required: true, Options: arrangements},
			{Name: "approval.ref", Label: "学校审批编号", Hint: "学生自行选择实习单位时须经学校审批（INT-19）"},
			{Name: "approval.approvedAt", Label: "学校审批日期", Type: "date"},
			{Name: "majorCodeAtStart", Label: "实习开始时的专业代码", Hint: "不填则取学生当前专业"},
			{Name: "intermediary", Label: "经中介机构安排", Options: yesNo, Hint: "不得通过中介机构或有偿代理组织安排实习（INT-06）"},
		}},
		{ID: "site", Title: "实习地点", Fields: []formField{
			{Name: "site.address", Label: "实习地点"},
			{Name: "site.country", Label: "国家或地区代码", Hint: "境内填CN"},
		}},
		{ID: "post", Title: "岗位", Fields: []formField{
			{Name: "post.name", Label: "岗位名称"},
			{Name: "post.category", Label: "岗位类别", Options: categories, Hint: "属于未成年人或女性禁忌作业时须选择（INT-03、INT-04）"},
			{Name: "post.sameKindPostKey", Label: "同类岗位", Hint: "同一单位同类岗位的实习学生合并计算比例（INT-13）"},
			{Name: "post.sameKindPostStaff", Label: "同类岗位职工人数", Type: "number"},
			{Name: "post.majorCode", Label: "岗位对应专业代码"},
			{Name: "post.match", Label: "专业对口情况", Options: postMatches},
			{Name: "post.labourClass", Label: "体力劳动强度等级", Options: labourClass, Hint: "Ⅲ级及以上不得安排（INT-07）"},
			{Name: "post.entertainmentVenue", Label: "娱乐性场所", Options: yesNo},
			{Name: "post.hazardous", Label: "危险作业", Options: yesNo, Hint: "高空、井下、放射性等（INT-08）"},
			{Name: "post.hazardType", Label: "危险作业类型"},
		}},
		{ID: "schedule", Title: "时间与作息", Fields: []formField{
			{Name: "startDate", Label: "开始日期", Required: true, Type: "date"},
			{Name: "plannedEndDate", Label: "计划结束日期", Required: true, Type: "date"},
			{Name: "schedule.hoursPerDay", Label: "每日工作小时数", Type: "number"},
			{Name: "schedule.daysPerWeek", Label: "每周工作天数", Type: "number"},
			{Name: "schedule.nightWork", Label: "安排夜班", Options: yesNo},
			{Name: "schedule.holidayWork", Label: "法定节假日工作", Options: yesNo},
			{Name: "schedule.overtime", Label: "安排加班", Options: yesNo},
		}},
		{ID: "agreement", Title: "三方协议", Hint: "学校、实习单位和学生三方均须在实习开始前签订（INT-17）。", Fields: []formField{
			{Name: "agreement.docRef", Label: "协议编号"},
			{Name: "agreement.signedBySchool", Label: "学校签订日期", Type: "date"},
			{Name: "agreement.signedByUnit", Label: "实习单位签订日期", Type: "date"},
			{Name: "agreement.signedByStudent", Label: "学生签订日期", Type: "date"},
		}},
		{ID: "consent", Title: "知情同意", Hint: "学校安排的岗位实习须有学生和监护人签字的知情同意书（INT-18）。", Fields: []formField{
			{Name: "consent.studentSignedAt", Label: "学生签字日期", Type: "date"},
			{Name: "consent.guardianName", Label: "监护人姓名"},
			{Name: "consent.relation", Label: "与学生关系"},
			{Name: "consent.guardianSignedAt", Label: "监护人签字日期", Type: "date"},
		}},
		{ID: "insurance", Title: "保险", Hint: "实习责任保险须覆盖实习全程，保费不得由学生承担（INT-22）。", Fields: []formField{
			{Name: "insurance.insurer", Label: "保险公司"},
			{Name: "insurance.policyNo", Label: "保单号"},
			{Name: "insurance.from", Label: "保险起期", Type: "date"},
			{Name: "insurance.to", Label: "保险止期", Type: "date"},
			{Name: "insurance.premiumPaidBy", Label: "保费承担方", Options: premiumPayer},
		}},
		{ID: "pay", Title: "报酬", Hint: "金额以元为单位。报酬不低于相同岗位试用期工资的80%，至少每月发放，直接发给学生（INT-20）。", Fields: []formField{
			{Name: "pay.independentWork", Label: "学生相对独立参与实际工作", Options: yesNo},
			{Name: "pay.monthlyAmountFen", Label: "月报酬（元）", Type: "text"},
			{Name: "pay.samePostWageFen", Label: "相同岗位试用期工资（元/月）"},
			{Name: "pay.lowestGradeWageFen", Label: "最低档工资标准（元/月）", Hint: "无相同岗位时填写"},
			{Name: "pay.cycleDays", Label: "发放周期（天）", Type: "number"},
			{Name: "pay.method", Label: "发放方式", Options: payMethods},
			{Name: "pay.paidDirectly", Label: "直接发放给学生本人", Options: yesNo},
		}},
		{ID: "fees", Title: "收费", Hint: "不得向学生收取任何费用或押金（INT-21）。如有收取，请如实登记。", Fields: feeFields(pl)},
		{ID: "mentors", Title: "指导人员", Hint: "须配备学校指导教师和企业指导人员（INT-23）；企业指导人员也可由实习单位在企业门户中填写。", Fields: []formField{
			{Name: "mentors.schoolMentorTeacherId", Label: "学校指导教师", Options: teachers},
			{Name: "mentors.enterpriseMentorName", Label: "企业指导人员"},
			{Name: "mentors.enterpriseMentorPhone", Label: "企业指导人员电话", Type: "tel"},
		}},
		{ID: "exceptionFiling", Title: "例外报备", Hint: "危险作业、节假日、加班或夜班须经主管部门备案方可安排（INT-08、INT-09、INT-10）。", Fields: []formField{
			{Name: "exceptionFiling.ref", Label: "备案文号"},
			{Name: "exceptionFiling.authority", Label: "备案机关"},
			{Name: "exceptionFiling.filedAt", Label: "备案日期", Type: "date"},
		}},
	}
	if pl != nil && pl.Status != models.PlacementDraft {
		for i := range secs {
			if !slices.Contains(runningSections, secs[i].ID) {
				for j := range secs[i].Fields {
					secs[i].Fields[j].ReadOnly, secs[i].Fields[j].Required = true, false
				}
			}
		}
	}
	for i := range secs {
		for j := range secs[i].Fields {
			secs[i].Fields[j] = placementField(secs[i].Fields[j])
		}
	}
	if pl == nil {
		school, err := w.withSchoolChoice(c, true, nil)
		if err != nil {
			return nil, err
		}
		secs[0].Fields = append(school, secs[0].Fields...)
	}
	return secs, nil
}

// feeFields are the declaration and a row per charge: those recorded and one
// more.
func feeFields(pl *placements.Placement) []formField {
	fields := []formField{{Name: "fees.declaredNone", Label: "实习单位和学校已书面声明不收取任何费用", Options: yesNo}}
	n := 1
	if pl != nil {
		n = len(pl.Fees.Charges) + 1
	}
	for i := range n {
		p := "fees.charges[" + strconv.Itoa(i) + "]."
		fields = append(fields, formField{Name: p + "kind", Label: fmt.Sprintf("收费项目%d", i+1), Options: feeKinds},
			formField{Name: p + "amountFen", Label: fmt.Sprintf("收费金额%d（元）", i+1)})
	}
	return fields
}

// mentorOptions are the teachers of the placement's school (the caller's when
// proposing), by name.
func (w *Handler) mentorOptions(c *fiber.Ctx, pl *placements.Placement) ([]option, error) {
	f := models.TeacherFilter{ListParams: models.ListParams{Sort: "name"}}
	if pl != nil {
		f.SchoolID = pl.SchoolID.Hex()
	}
	opts := []option{{"", "未指定"}}
	err := w.People.EachTeacher(c.UserContext(), f, func(t *models.Teacher) error {
		opts = append(opts, option{t.ID.Hex(), t.Name + "（" + t.StaffNo + "）"})
		return nil
	})
	return opts, err
}

// postCategories are the prohibited-post categories of the rule set in effect
// today, which INT-03 and INT-04 compare a post's category with; a category
// recorded earlier stays choosable.
func (w *Handler) postCategories(c *fiber.Ctx, pl *placements.Placement) ([]option, error) {
	opts := []option{{"", "一般岗位（不属于禁忌作业）"}}
	rs, err := w.Rules.RuleSetFor(c.UserContext(), models.DateOf(w.now().In(models.China)))
	var ve *models.ValidationError
	if err != nil && !errors.As(err, &ve) { // no rule set yet: only the general category
		return nil, err
	}
	var cats []string
	if rs != nil {
		p := rules.Params(rs.Params)
		cats = append(p.List("minorProhibitedPosts"), p.List("femaleProhibitedPosts")...)
	}
	if pl != nil && pl.Post.Category != "" {
		cats = append(cats, pl.Post.Category)
	}
	seen := map[string]bool{}
	for _, s := range cats {
		if !seen[s] {
			seen[s] = true
			opts = append(opts, option{s, s})
		}
	}
	return opts, nil
}

// contextOptions offer the school's apprenticeship programmes and order
// classes (all the caller reads when proposing as the system admin) in one
// choice whose values name the kind too ("apprenticeship:<id>"): the form works
// without JavaScript and cannot pair one kind with a record of the other.
func (w *Handler) contextOptions(c *fiber.Ctx, pl *placements.Placement) ([]option, error) {
	school := ""
	if pl != nil {
		school = pl.SchoolID.Hex()
	}
	opts := []option{{"", "无（不属于现代学徒制或订单班）"}}
	for _, kind := range []string{models.ContextApprenticeship, models.ContextOrderClass} {
		choices, err := w.Cohorts.Choices(c.UserContext(), kind, school)
		if err != nil {
			return nil, err
		}
		for _, ch := range choices {
			opts = append(opts, option{kind + ":" + ch.ID.Hex(), ch.Label})
		}
	}
	return opts, nil
}

// placementValues are a placement's fields as the form shows them.
func placementValues(pl *placements.Placement) map[string]string {
	b := strconv.FormatBool
	v := map[string]string{
		"studentNo": pl.Student.StudentNo, "enterpriseId": pl.EnterpriseID.Hex(), "kind": cmpOr(pl.LegacyKind, pl.Kind),
		"arrangement": pl.Arrangement, "approval.ref": pl.Approval.Ref, "approval.approvedAt": pl.Approval.ApprovedAt.String(),
		"majorCodeAtStart": pl.MajorCode, "intermediary": b(pl.Intermediary),
		"site.address": pl.Site.Address, "site.country": pl.Site.Country,
		"post.name": pl.Post.Name, "post.category": pl.Post.Category, "post.sameKindPostKey": pl.Post.SameKindPostKey,
		"post.sameKindPostStaff": strconv.Itoa(pl.Post.SameKindPostStaff), "post.majorCode": pl.Post.MajorCode, "post.match": pl.Post.Match,
		"post.labourClass": strconv.Itoa(pl.Post.LabourClass), "post.entertainmentVenue": b(pl.Post.EntertainmentVenue),
		"post.hazardous": b(pl.Post.Hazardous), "post.hazardType": pl.Post.HazardType,
		"startDate": pl.StartDate.String(), "plannedEndDate": pl.PlannedEndDate.String(),
		"schedule.hoursPerDay": num(pl.Schedule.HoursPerDay), "schedule.daysPerWeek": strconv.Itoa(pl.Schedule.DaysPerWeek),
		"schedule.nightWork": b(pl.Schedule.NightWork), "schedule.holidayWork": b(pl.Schedule.HolidayWork), "schedule.overtime": b(pl.Schedule.Overtime),
		"agreement.docRef": pl.Agreement.DocRef, "agreement.signedBySchool": pl.Agreement.SignedBySchool.String(),
		"agreement.signedByUnit": pl.Agreement.SignedByUnit.String(), "agreement.signedByStudent": pl.Agreement.SignedByStudent.String(),
		"consent.studentSignedAt": pl.Consent.StudentSignedAt.String(), "consent.guardianName": pl.Consent.GuardianName,
		"consent.relation": pl.Consent.Relation, "consent.guardianSignedAt": pl.Consent.GuardianSignedAt.String(),
		"insurance.insurer": pl.Insurance.Insurer, "insurance.policyNo": pl.Insurance.PolicyNo, "insurance.from": pl.Insurance.From.String(),
		"insurance.to": pl.Insurance.To.String(), "insurance.premiumPaidBy": pl.Insurance.PremiumPaidBy,
		"pay.independentWork": b(pl.Pay.IndependentWork), "pay.monthlyAmountFen": yuanOf(pl.Pay.MonthlyAmountFen),
		"pay.samePostWageFen": yuanOf(pl.Pay.SamePostWageFen), "pay.lowestGradeWageFen": yuanOf(pl.Pay.LowestGradeWageFen),
		"pay.cycleDays": strconv.Itoa(pl.Pay.CycleDays), "pay.method": pl.Pay.Method, "pay.paidDirectly": b(pl.Pay.PaidDirectly),
		"fees.declaredNone":            b(pl.Fees.DeclaredNone),
		"mentors.enterpriseMentorName": pl.Mentors.EnterpriseMentorName, "mentors.enterpriseMentorPhone": pl.Mentors.EnterpriseMentorPhone,
		"exceptionFiling.ref": pl.ExceptionFiling.Ref, "exceptionFiling.authority": pl.ExceptionFiling.Authority,
		"exceptionFiling.filedAt": pl.ExceptionFiling.FiledAt.String(),
	}
	if !pl.Mentors.SchoolMentorTeacherID.IsZero() {
		v["mentors.schoolMentorTeacherId"] = pl.Mentors.SchoolMentorTeacherID.Hex()
	}
	if pl.Context != models.ContextNone && !pl.ContextID.IsZero() {
		v["contextId"] = pl.Context + ":" + pl.ContextID.Hex()
	}
	for i, ch := range pl.Fees.Charges {
		p := "fees.charges[" + strconv.Itoa(i) + "]."
		v[p+"kind"], v[p+"amountFen"] = ch.Kind, yuanOf(ch.AmountFen)
	}
	return v
}

// placementDefaults start a proposal as the common case: a 岗位实习 the school
// arranges, five eight-hour days, pay monthly by transfer, no fees.
var placementDefaults = map[string]string{
	"kind": models.PlacementPosition, "arrangement": models.ArrangedBySchool, "site.country": "CN", "intermediary": "false",
	"post.labourClass": "0", "post.entertainmentVenue": "false", "post.hazardous": "false",
	"schedule.hoursPerDay": "8", "schedule.daysPerWeek": "5", "schedule.nightWork": "false", "schedule.holidayWork": "false",
	"schedule.overtime": "false", "pay.independentWork": "true", "pay.cycleDays": "30", "pay.method": models.PayBankTransfer,
	"pay.paidDirectly": "true", "fees.declaredNone": "true", "insurance.premiumPaidBy": models.PaidBySchool,
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// num renders a number without a trailing ".0".
func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// yuanOf renders fen as yuan: whole yuan without decimals, else two.
func yuanOf(fen int64) string {
	if fen%100 == 0 {
		return strconv.FormatInt(fen/100, 10)
	}
	return strconv.FormatFloat(float64(fen)/100, 'f', 2, 64)
}
