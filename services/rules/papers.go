package rules

import (
	"fmt"
	"strings"

	"github.com/chanjiao/chanjiao/models"
)

// paperRules are INT-17 to INT-23: what must be agreed, signed, insured and paid
// before and during a placement.
func paperRules() []Rule {
	return []Rule{
		{ID: "INT-17", Title: "三方协议在实习开始前签订", Severity: models.SeverityBlock, Check: checkAgreement},
		{ID: "INT-18", Title: "学校安排的岗位实习有学生和监护人知情同意", Severity: models.SeverityBlock, Params: []string{"minorAge", "consentAdultExempt"}, Check: checkConsent},
		{ID: "INT-19", Title: "自行选择的实习经学校审批并签订协议", Severity: models.SeverityBlock, Check: checkSelfFound},
		{ID: "INT-20", Title: "实习报酬按规定足额、按月、直接发放", Severity: models.SeverityBlock, Params: []string{"payFloorPct", "maxPayCycleDays"}, Check: checkPay},
		{ID: "INT-21", Title: "不向学生收取费用或押金", Severity: models.SeverityBlock, Cognitive: true, Check: checkFees},
		{ID: "INT-22", Title: "实习责任保险覆盖实习全程且不由学生缴费", Severity: models.SeverityBlock, Params: []string{"expiryAlertDays"}, Cognitive: true, Check: checkInsurance},
		{ID: "INT-23", Title: "配备学校指导教师和企业指导人员", Severity: models.SeverityBlock, Check: checkMentors},
		{ID: "INT-26", Title: "学校和实习单位共同考核", Severity: models.SeverityInfo, Check: checkJointAssessment},
		{ID: "INT-27", Title: "记录考核等级和学分", Severity: models.SeverityInfo, Check: checkGradeRecorded},
	}
}

// signedBy lists what is wrong with one signature: missing, or after the start.
// A signature on the start date itself counts as before the start.
func signedBy(who string, d, start models.Date) string {
	switch {
	case d.IsZero():
		return "缺少" + who + "签字日期"
	case !start.IsZero() && d.After(start):
		return fmt.Sprintf("%s签字日期%s晚于实习开始日期", who, d)
	}
	return ""
}

func nonEmpty(ss ...string) []string {
	out := []string{}
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// checkAgreement: the tripartite agreement is recorded and signed by school,
// host and student no later than the start date.
func checkAgreement(c Context) []models.Finding {
	if f := noStart(c, "INT-17", models.SeverityBlock); f != nil {
		return f
	}
	a, start := c.Placement.Agreement, c.Placement.StartDate
	docRef := ""
	if a.DocRef == "" {
		docRef = "缺少协议编号"
	}
	problems := nonEmpty(docRef, signedBy("学校", a.SignedBySchool, start), signedBy("实习单位", a.SignedByUnit, start), signedBy("学生", a.SignedByStudent, start))
	if len(problems) == 0 {
		return nil
	}
	return []models.Finding{find("INT-17", models.SeverityBlock,
		fmt.Sprintf("三方协议未在实习开始（%s）前由学校、实习单位和学生三方签订：%s", start, strings.Join(problems, "；")),
		map[string]any{"startDate": start.String(), "docRef": a.DocRef, "signedBySchool": a.SignedBySchool.String(),
			"signedByUnit": a.SignedByUnit.String(), "signedByStudent": a.SignedByStudent.String()})}
}

// checkConsent: a school-arranged 岗位实习 has the student's and the guardian's
// signed consent by the start date. With consentAdultExempt, a student of
// minorAge or older needs no guardian's signature (the 2016 rule asked it only
// for minors); without a birth date the student counts as a minor.
func checkConsent(c Context) []models.Finding {
	p := c.Placement
	if p.Arrangement != models.ArrangedBySchool {
		return nil
	}
	if f := noStart(c, "INT-18", models.SeverityBlock); f != nil {
		return f
	}
	con, start := p.Consent, p.StartDate
	adult := !c.Student.BirthDate.IsZero() && AgeAt(c.Student.BirthDate, start) >= c.Params.Int("minorAge")
	guardian := !(adult && c.Params.Bool("consentAdultExempt"))
	problems := nonEmpty(signedBy("学生", con.StudentSignedAt, start))
	if guardian {
		if con.GuardianName == "" {
			problems = append(problems, "缺少监护人姓名")
		}
		if s := signedBy("监护人", con.GuardianSignedAt, start); s != "" {
			problems = append(problems, s)
		}
	}
	if len(problems) == 0 {
		return nil
	}
	return []models.Finding{find("INT-18", models.SeverityBlock,
		fmt.Sprintf("学校安排的岗位实习缺少知情同意（实习开始%s）：%s", start, strings.Join(problems, "；")),
		map[string]any{"startDate": start.String(), "studentSignedAt": con.StudentSignedAt.String(),
			"guardianSignedAt": con.GuardianSignedAt.String(), "guardianRequired": guardian})}
}

// checkSelfFound: a self-found placement needs the school's approval, by the
// start date, and an agreement.
func checkSelfFound(c Context) []models.Finding {
	p := c.Placement
	if p.Arrangement != models.SelfFound {
		return nil
	}
	var problems []string
	switch {
	case !p.Approval.Approved():
		problems = append(problems, "缺少学校审批")
	case !p.StartDate.IsZero() && p.Approval.ApprovedAt.After(p.StartDate):
		problems = append(problems, fmt.Sprintf("学校审批日期%s晚于实习开始日期%s", p.Approval.ApprovedAt, p.StartDate))
	}
	if p.Agreement.DocRef == "" {
		problems = append(problems, "缺少实习协议")
	}
	if len(problems) == 0 {
		return nil
	}
	return []models.Finding{find("INT-19", models.SeverityBlock,
		"学生自行选择的实习单位须经学校审批并签订实习协议："+strings.Join(problems, "；"),
		map[string]any{"approvalRef": p.Approval.Ref, "approvedAt": p.Approval.ApprovedAt.String(), "docRef": p.Agreement.DocRef})}
}

// checkMentors: a school supervisor (a teacher) and an enterprise mentor.
func checkMentors(c Context) []models.Finding {
	m := c.Placement.Mentors
	var missing []string
	if m.SchoolMentorTeacherID.IsZero() {
		missing = append(missing, "学校指导教师")
	}
	if m.EnterpriseMentorName == "" {
		missing = append(missing, "企业指导人员")
	}
	if len(missing) == 0 {
		return nil
	}
	return []models.Finding{find("INT-23", models.SeverityBlock, "未配备"+strings.Join(missing, "和"),
		map[string]any{"schoolMentor": !m.SchoolMentorTeacherID.IsZero(), "enterpriseMentor": m.EnterpriseMentorName != ""})}
}

// checkJointAssessment: a completed placement is assessed by both sides, the
// enterprise mentor's evaluation and the school's grade. INT-24 and INT-25
// (disguised placements, profit-oriented organising) need a person's review
// and have no check.
func checkJointAssessment(c Context) []models.Finding {
	p := c.Placement
	if p.Status != models.PlacementCompleted {
		return nil
	}
	missing := nonEmpty(blank(p.Assessment.MentorEvaluation, "企业指导人员评价"), blank(p.Assessment.Grade, "学校考核等级"))
	if len(missing) == 0 {
		return nil
	}
	return []models.Finding{find("INT-26", models.SeverityInfo, "实习结束后应由学校和实习单位共同考核，缺少："+strings.Join(missing, "、"), nil)}
}

// checkGradeRecorded: a completed placement has its grade and credits.
func checkGradeRecorded(c Context) []models.Finding {
	p := c.Placement
	if p.Status != models.PlacementCompleted || (p.Assessment.Grade != "" && p.Assessment.Credits > 0) {
		return nil
	}
	return []models.Finding{find("INT-27", models.SeverityInfo, "实习已结束，未记录考核等级和学分",
		map[string]any{"grade": p.Assessment.Grade, "credits": p.Assessment.Credits})}
}
