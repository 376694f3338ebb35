package web

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/placements"
	"github.com/chanjiao/chanjiao/services/rules"
)

// formSection is one part of the placement form: its fields, and an error for
// the part as a whole (the service names a whole sub-record, such as "post",
// when a running placement may no longer change it).
type formSection struct {
	ID, Title, Hint, Error string
	Fields                 []formField
}

// placementFormView is what placement_form.html shows.
type placementFormView struct {
	Action, Cancel string
	Version        int64
	Sections       []formSection
	Problems       []string // what no field or part of the form names
	Invalid        bool
	Running        bool // an activated placement: only some parts may change
}

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
	kinds := placementKinds
	if pl != nil && pl.LegacyKind != "" {
		kinds = append(slices.Clone(kinds), legacyKinds...)
	}
	secs := []formSection{
		{ID: "people", Title: "学生与企业", Fields: []formField{
			{Name: "studentNo", Label: "学生学号", Required: true, Hint: "本校在籍学生的学号"},
			{Name: "enterpriseId", Label: "实习单位", Required: true, Options: enterprises},
			{Name: "kind", Label: "实习类型", Required: true, Options: kinds, Hint: "跟岗、顶岗实习自2022年起统称岗位实习"},
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

// reader reads posted values into placement fields, collecting what is not a
// number or an amount under the field's name.
type reader struct {
	v    map[string]string
	errs map[string]string
}

func (r reader) has(names ...string) bool {
	for _, n := range names {
		if _, ok := r.v[n]; ok {
			return true
		}
	}
	return false
}

func (r reader) bool(name string) bool { return r.v[name] == "true" }

func (r reader) int(name string) int {
	s := strings.TrimSpace(r.v[name])
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		r.errs[name] = "须为整数"
	}
	return n
}

func (r reader) float(name string) float64 {
	s := strings.TrimSpace(r.v[name])
	if s == "" {
		return 0
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		r.errs[name] = "须为数字，如7.5"
		return 0
	}
	return f
}

// fen reads an amount in yuan with at most two decimals.
func (r reader) fen(name string) int64 {
	s := strings.ReplaceAll(strings.TrimSpace(r.v[name]), ",", "")
	if s == "" {
		return 0
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || math.Abs(f) > 1e12 || math.Abs(f*100-math.Round(f*100)) > 1e-6 {
		r.errs[name] = "须为以元为单位的金额，最多两位小数，如3500或3500.50"
		return 0
	}
	return int64(math.Round(f * 100))
}

// readPlacement reads the form into placement fields. A part of the form that
// was not posted (read-only while the placement runs) is left as it is.
func readPlacement(v map[string]string) (models.PlacementFields, map[string]string) {
	r := reader{v: v, errs: map[string]string{}}
	f := models.PlacementFields{Version: version(v), SchoolID: text(v, "schoolId"), EnterpriseID: text(v, "enterpriseId"),
		Kind: text(v, "kind"), Arrangement: text(v, "arrangement"), MajorCodeAtStart: text(v, "majorCodeAtStart"),
		StartDate: text(v, "startDate"), PlannedEndDate: text(v, "plannedEndDate")}
	if r.has("intermediary") {
		b := r.bool("intermediary")
		f.Intermediary = &b
	}
	if r.has("approval.ref") {
		f.Approval = &models.ApprovalFields{Ref: v["approval.ref"], ApprovedAt: v["approval.approvedAt"]}
	}
	if r.has("site.address") {
		f.Site = &models.Site{Address: v["site.address"], Country: v["site.country"]}
	}
	if r.has("post.name") {
		f.Post = &models.Post{Name: v["post.name"], Category: v["post.category"], SameKindPostKey: v["post.sameKindPostKey"],
			SameKindPostStaff: r.int("post.sameKindPostStaff"), MajorCode: v["post.majorCode"], Match: v["post.match"],
			EntertainmentVenue: r.bool("post.entertainmentVenue"), LabourClass: r.int("post.labourClass"),
			Hazardous: r.bool("post.hazardous"), HazardType: v["post.hazardType"]}
	}
	if r.has("schedule.hoursPerDay") {
		f.Schedule = &models.Schedule{HoursPerDay: r.float("schedule.hoursPerDay"), DaysPerWeek: r.int("schedule.daysPerWeek"),
			NightWork: r.bool("schedule.nightWork"), HolidayWork: r.bool("schedule.holidayWork"), Overtime: r.bool("schedule.overtime")}
	}
	if r.has("agreement.docRef") {
		f.Agreement = &models.AgreementFields{DocRef: v["agreement.docRef"], SignedBySchool: v["agreement.signedBySchool"],
			SignedByUnit: v["agreement.signedByUnit"], SignedByStudent: v["agreement.signedByStudent"]}
	}
	if r.has("consent.guardianName") {
		f.Consent = &models.ConsentFields{StudentSignedAt: v["consent.studentSignedAt"], GuardianName: v["consent.guardianName"],
			Relation: v["consent.relation"], GuardianSignedAt: v["consent.guardianSignedAt"]}
	}
	if r.has("insurance.insurer") {
		f.Insurance = &models.InsuranceFields{Insurer: v["insurance.insurer"], PolicyNo: v["insurance.policyNo"], From: v["insurance.from"],
			To: v["insurance.to"], PremiumPaidBy: v["insurance.premiumPaidBy"]}
	}
	if r.has("pay.independentWork") {
		f.Pay = &models.Pay{IndependentWork: r.bool("pay.independentWork"), MonthlyAmountFen: r.fen("pay.monthlyAmountFen"),
			SamePostWageFen: r.fen("pay.samePostWageFen"), LowestGradeWageFen: r.fen("pay.lowestGradeWageFen"),
			CycleDays: r.int("pay.cycleDays"), Method: v["pay.method"], PaidDirectly: r.bool("pay.paidDirectly")}
	}
	if r.has("fees.declaredNone") {
		f.Fees = &models.Fees{DeclaredNone: r.bool("fees.declaredNone"), Charges: []models.Charge{}}
		for i := 0; r.has(fmt.Sprintf("fees.charges[%d].kind", i)); i++ {
			p := fmt.Sprintf("fees.charges[%d].", i)
			amount := r.fen(p + "amountFen")
			if v[p+"kind"] == "" {
				if amount != 0 {
					r.errs[p+"kind"] = "请选择收费项目"
				}
				continue
			}
			f.Fees.Charges = append(f.Fees.Charges, models.Charge{Kind: v[p+"kind"], AmountFen: amount})
		}
	}
	if r.has("mentors.enterpriseMentorName") {
		f.Mentors = &models.MentorsFields{SchoolMentorTeacherID: v["mentors.schoolMentorTeacherId"],
			EnterpriseMentorName: v["mentors.enterpriseMentorName"], EnterpriseMentorPhone: v["mentors.enterpriseMentorPhone"]}
	}
	if r.has("exceptionFiling.ref") {
		f.ExceptionFiling = &models.ExceptionFilingFields{Ref: v["exceptionFiling.ref"], Authority: v["exceptionFiling.authority"],
			FiledAt: v["exceptionFiling.filedAt"]}
	}
	return f, r.errs
}

// studentByNo finds the enrolled or other student with 学号 no in school (the
// caller's when ""), or ErrNotFound.
func (w *Handler) studentByNo(c *fiber.Ctx, school, no string) (*models.Student, error) {
	res, err := w.People.FindStudents(c.UserContext(), models.StudentFilter{SchoolID: school,
		ListParams: models.ListParams{PageSize: models.MaxPageSize, Q: no}})
	if err != nil {
		return nil, err
	}
	for i := range res.Items {
		if res.Items[i].StudentNo == no {
			return &res.Items[i], nil
		}
	}
	return nil, models.ErrNotFound
}

// resolveStudent names the student of the form's 学号 by id.
func (w *Handler) resolveStudent(c *fiber.Ctx, school string, v map[string]string, f *models.PlacementFields, errs map[string]string) error {
	no, ok := v["studentNo"]
	if !ok {
		return nil
	}
	if no == "" {
		errs["studentNo"] = "学生学号为必填项"
		return nil
	}
	st, err := w.studentByNo(c, school, no)
	if errors.Is(err, models.ErrNotFound) {
		errs["studentNo"] = "本校没有学号为" + no + "的学生"
		return nil
	}
	if err != nil {
		return err
	}
	id := st.ID.Hex()
	f.StudentID = &id
	return nil
}

func (w *Handler) newPlacementPage(c *fiber.Ctx) error {
	return w.placementForm(c, nil, placementDefaults, nil, fiber.StatusOK)
}

func (w *Handler) editPlacementPage(c *fiber.Ctx) error {
	pl, err := w.placementFromPath(c)
	if err != nil {
		return err
	}
	return w.placementForm(c, pl, placementValues(pl), nil, fiber.StatusOK)
}

// placementForm renders the form with values and the errors beside their
// fields; errors of a whole part go above it, the rest above the form.
func (w *Handler) placementForm(c *fiber.Ctx, pl *placements.Placement, values, errs map[string]string, status int) error {
	p, _ := models.PrincipalFrom(c.UserContext())
	if !officeOrAdmin(p) || pl != nil && (!p.CanWriteSchool(pl.SchoolID) || ended(pl)) {
		return models.ErrForbidden
	}
	secs, err := w.placementSections(c, pl)
	if err != nil {
		return err
	}
	used := map[string]bool{}
	for i := range secs {
		for j := range secs[i].Fields {
			fl := &secs[i].Fields[j]
			fl.Value, fl.Error = values[fl.Name], errs[fl.Name]
			used[fl.Name] = true
			if fl.ReadOnly && fl.Options != nil {
				fl.Value = labelOf(fl.Options, fl.Value)
			}
		}
		var msgs []string
		for k, msg := range errs {
			if !used[k] && (k == secs[i].ID || strings.HasPrefix(k, secs[i].ID+".")) {
				msgs, used[k] = append(msgs, msg), true
			}
		}
		slices.Sort(msgs)
		secs[i].Error = strings.Join(msgs, "；")
	}
	v := placementFormView{Action: "/placements", Cancel: "/placements", Sections: secs, Invalid: len(errs) > 0}
	for k, msg := range errs {
		if !used[k] {
			v.Problems = append(v.Problems, msg)
		}
	}
	slices.Sort(v.Problems)
	title := "新增实习"
	if pl != nil {
		v.Action, v.Cancel, v.Version = "/placements/"+pl.ID.Hex(), "/placements/"+pl.ID.Hex(), pl.Version
		v.Running = pl.Status != models.PlacementDraft
		if s := values["version"]; s != "" { // keep the version the user started from
			v.Version, _ = strconv.ParseInt(s, 10, 64)
		}
		title = "编辑实习：" + pl.Student.Name + " · " + pl.EnterpriseName
	}
	return w.render(c, status, "placement_form", View{Title: title, Data: v})
}

// ended reports whether the placement has ended, after which nothing changes.
func ended(pl *placements.Placement) bool {
	return pl.Status == models.PlacementCompleted || pl.Status == models.PlacementTerminated
}

// postedPlacement reads the form's fields that were not read-only.
func (w *Handler) postedPlacement(c *fiber.Ctx, pl *placements.Placement) (map[string]string, error) {
	secs, err := w.placementSections(c, pl)
	if err != nil {
		return nil, err
	}
	var fields []formField
	for _, s := range secs {
		fields = append(fields, s.Fields...)
	}
	return posted(c, fields), nil
}

func (w *Handler) createPlacement(c *fiber.Ctx) error {
	values, err := w.postedPlacement(c, nil)
	if err != nil {
		return err
	}
	f, errs := readPlacement(values)
	if err := w.resolveStudent(c, values["schoolId"], values, &f, errs); err != nil {
		return err
	}
	var pl *placements.Placement
	if len(errs) == 0 {
		pl, err = w.Placements.CreatePlacement(c.UserContext(), f)
	}
	if fe := placementErrors(err, errs); fe != nil {
		return w.placementForm(c, nil, values, fe, fiber.StatusUnprocessableEntity)
	}
	if err != nil {
		return err
	}
	return w.placementSaved(c, pl, "已新增实习："+pl.Student.Name+" · "+pl.EnterpriseName)
}

func (w *Handler) updatePlacement(c *fiber.Ctx) error {
	pl, err := w.placementFromPath(c)
	if err != nil {
		return err
	}
	values, err := w.postedPlacement(c, pl)
	if err != nil {
		return err
	}
	f, errs := readPlacement(values)
	if err := w.resolveStudent(c, pl.SchoolID.Hex(), values, &f, errs); err != nil {
		return err
	}
	var saved *placements.Placement
	if len(errs) == 0 {
		saved, err = w.Placements.UpdatePlacement(c.UserContext(), pl.ID, f)
	}
	if fe := placementErrors(err, errs); fe != nil {
		status := fiber.StatusUnprocessableEntity
		if errors.Is(err, models.ErrStaleVersion) {
			status = fiber.StatusConflict
			fe["version"] = "实习已被他人修改：您填写的内容已保留，请核对后重新保存（将覆盖他人的修改）。"
			values["version"] = strconv.FormatInt(pl.Version, 10)
		}
		return w.placementForm(c, pl, values, fe, status)
	}
	if err != nil {
		return err
	}
	return w.placementSaved(c, saved, "已保存")
}

// placementErrors are fieldErrors with the student named by the form's 学号.
func placementErrors(err error, form map[string]string) map[string]string {
	fe := fieldErrors(err, form)
	if msg, ok := fe["studentId"]; ok {
		delete(fe, "studentId")
		if _, has := fe["studentNo"]; !has {
			fe["studentNo"] = msg
		}
	}
	return fe
}

// placementSaved goes to the placement's page, checking it first when the
// user asked for it (保存并检查), so that the page shows what the rules find.
func (w *Handler) placementSaved(c *fiber.Ctx, pl *placements.Placement, msg string) error {
	to := "/placements/" + pl.ID.Hex()
	if c.FormValue("then") == "check" {
		chk, err := w.Placements.Check(c.UserContext(), pl.ID, "")
		var ve *models.ValidationError
		switch {
		case errors.As(err, &ve):
			msg += "；未能检查：" + strings.Join(sortedMessages(ve.Fields), "；")
		case err != nil:
			return err
		default:
			msg += "；检查完成：" + checkSummary(chk.Findings)
			to += "#check"
		}
	}
	flash(c, msg)
	return c.Redirect(to, fiber.StatusSeeOther)
}

func sortedMessages(m map[string]string) []string {
	var out []string
	for _, v := range m {
		out = append(out, v)
	}
	slices.Sort(out)
	return out
}

// checkSummary counts a check's findings in words.
func checkSummary(fs []models.Finding) string {
	n := map[string]int{}
	for _, f := range fs {
		n[f.Severity]++
	}
	if n[models.SeverityBlock]+n[models.SeverityWarn] == 0 {
		return "未发现禁止项或警告"
	}
	return fmt.Sprintf("%d项禁止、%d项警告", n[models.SeverityBlock], n[models.SeverityWarn])
}

func (w *Handler) deletePlacement(c *fiber.Ctx) error {
	id, err := models.ParseID(c.Params("id"))
	if err != nil {
		return err
	}
	if err := w.Placements.DeletePlacement(c.UserContext(), id); err != nil {
		return err
	}
	flash(c, "已删除实习草稿")
	return c.Redirect("/placements", fiber.StatusSeeOther)
}

// placementFromPath loads the placement named by :id, within the caller's scope.
func (w *Handler) placementFromPath(c *fiber.Ctx) (*placements.Placement, error) {
	id, err := models.ParseID(c.Params("id"))
	if err != nil {
		return nil, err
	}
	return w.Placements.FindPlacementByID(c.UserContext(), id)
}
