package web

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/chanjiao/chanjiao/models"
)

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
	n, err := models.ParseYuan(r.v[name])
	if err != nil {
		r.errs[name] = models.MsgYuan
	}
	return n
}

// context reads the choice of programme or class, "apprenticeship:<id>", as
// the placement's context and its id; "" is none.
func (r reader) context(name string) (*string, *string) {
	kind, id := models.ContextNone, ""
	if s := r.v[name]; s != "" {
		var ok bool
		if kind, id, ok = strings.Cut(s, ":"); !ok {
			r.errs[name] = "请从列表中选择学徒制项目或订单班"
			kind, id = models.ContextNone, ""
		}
	}
	return &kind, &id
}

// readPlacement reads the form into placement fields. A part of the form that
// was not posted (read-only while the placement runs) is left as it is.
func readPlacement(v map[string]string) (models.PlacementFields, map[string]string) {
	r := reader{v: v, errs: map[string]string{}}
	f := models.PlacementFields{Version: version(v), SchoolID: text(v, "schoolId"), EnterpriseID: text(v, "enterpriseId"),
		Kind: text(v, "kind"), Arrangement: text(v, "arrangement"), MajorCodeAtStart: text(v, "majorCodeAtStart"),
		StartDate: text(v, "startDate"), PlannedEndDate: text(v, "plannedEndDate")}
	if r.has("contextId") {
		f.Context, f.ContextID = r.context("contextId")
	}
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

// studentIDOf is the id of the student the form names by 学号 (field
// studentNo) in school, nil when the form has no such field; a 学号 missing or
// unknown is a form error.
func (w *Handler) studentIDOf(c *fiber.Ctx, school string, v map[string]string, errs map[string]string) (*string, error) {
	no, ok := v["studentNo"]
	if !ok {
		return nil, nil
	}
	if no == "" {
		errs["studentNo"] = "学生学号为必填项"
		return nil, nil
	}
	st, err := w.studentByNo(c, school, no)
	if errors.Is(err, models.ErrNotFound) {
		errs["studentNo"] = "本校没有学号为" + no + "的学生"
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	id := st.ID.Hex()
	return &id, nil
}
