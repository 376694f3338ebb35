package web

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/placements"
)

// dash stands for a value not recorded.
func dash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

func yesText(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

func yuanText(fen int64) string {
	if fen == 0 {
		return "—"
	}
	return yuanOf(fen) + " 元"
}

// schedule says the agreed working time in words.
func scheduleText(s models.Schedule) string {
	out := fmt.Sprintf("每天 %s 小时，每周 %d 天", num(s.HoursPerDay), s.DaysPerWeek)
	var extra []string
	for _, e := range []struct {
		on   bool
		word string
	}{{s.NightWork, "夜班"}, {s.HolidayWork, "法定节假日工作"}, {s.Overtime, "加班"}} {
		if e.on {
			extra = append(extra, e.word)
		}
	}
	if len(extra) > 0 {
		out += "；安排" + strings.Join(extra, "、")
	} else {
		out += "；无夜班、节假日工作和加班"
	}
	return out
}

func studentFacts(pl *placements.Placement) factGroup {
	return factGroup{Title: "学生", Pairs: []pair{{"学校", dash(pl.SchoolName)}, {"姓名", pl.Student.Name}, {"学号", dash(pl.Student.StudentNo)},
		{"身份证号", dash(pl.Student.IDNumber)}, {"班级", dash(pl.Student.ClassName)}, {"专业代码", dash(pl.MajorCode)}}}
}

// officeFacts is the whole record, part by part, as the office entered it.
func (w *Handler) officeFacts(c *fiber.Ctx, pl *placements.Placement) ([]factGroup, error) {
	mentor, err := w.mentorName(c, pl)
	if err != nil {
		return nil, err
	}
	approval := "—"
	if pl.Approval.Approved() || pl.Approval.Ref != "" {
		approval = strings.TrimSpace(pl.Approval.Ref + " " + pl.Approval.ApprovedAt.String())
	}
	post := pl.Post
	hazard := yesText(post.Hazardous)
	if post.Hazardous && post.HazardType != "" {
		hazard += "（" + post.HazardType + "）"
	}
	a, cs, in := pl.Agreement, pl.Consent, pl.Insurance
	guardian := strings.TrimSpace(cs.GuardianName + " " + cs.Relation)
	if guardian != "" && !cs.GuardianSignedAt.IsZero() {
		guardian += "，" + cs.GuardianSignedAt.String() + " 签字"
	}
	fees := "已声明不收取任何费用"
	if !pl.Fees.DeclaredNone {
		fees = "未声明"
	}
	for _, ch := range pl.Fees.Charges {
		fees += "；收取" + labelOf(feeKinds, ch.Kind) + " " + yuanText(ch.AmountFen)
	}
	filing := "—"
	if e := pl.ExceptionFiling; e.Ref != "" || e.Authority != "" {
		filing = strings.TrimSpace(e.Ref + " " + e.Authority + " " + e.FiledAt.String())
	}
	groups := []factGroup{
		studentFacts(pl),
		{Title: "实习单位与安排", Pairs: []pair{{"实习单位", pl.EnterpriseName}, {"实习类型", kindLabel(pl)},
			{"安排方式", labelOf(arrangements, pl.Arrangement)}, {"关联项目或班级", w.contextText(c, pl)}, {"学校审批", approval}, {"经中介机构安排", yesText(pl.Intermediary)},
			{"实习地点", dash(strings.TrimSpace(pl.Site.Address + " " + countryText(pl.Site.Country)))}, {"企业意见", unitAnswer(pl)}}},
		{Title: "岗位", Pairs: []pair{{"岗位名称", dash(post.Name)}, {"岗位类别", cmpOr(post.Category, "一般岗位")},
			{"同类岗位", dash(post.SameKindPostKey) + "（职工 " + strconv.Itoa(post.SameKindPostStaff) + " 人）"},
			{"对应专业", dash(post.MajorCode) + " · " + labelOf(postMatches, post.Match)}, {"体力劳动强度", labelOf(labourClass, strconv.Itoa(post.LabourClass))},
			{"娱乐性场所", yesText(post.EntertainmentVenue)}, {"危险作业", hazard}}},
		{Title: "时间与作息", Pairs: []pair{{"实习期间", period(pl)}, {"作息", scheduleText(pl.Schedule)}}},
		{Title: "三方协议", Pairs: []pair{{"协议编号", dash(a.DocRef)}, {"学校签订", dash(a.SignedBySchool.String())},
			{"实习单位签订", dash(a.SignedByUnit.String())}, {"学生签订", dash(a.SignedByStudent.String())}}},
		{Title: "知情同意", Pairs: []pair{{"学生签字", dash(cs.StudentSignedAt.String())}, {"监护人", dash(guardian)}}},
		{Title: "保险", Pairs: []pair{{"保险公司与保单", dash(strings.TrimSpace(in.Insurer + " " + in.PolicyNo))},
			{"保险期间", dash(strings.Trim(in.From.String()+" 至 "+in.To.String(), " 至"))}, {"保费承担方", labelOf(premiumPayer, in.PremiumPaidBy)}}},
		{Title: "报酬", Pairs: []pair{{"相对独立参与工作", yesText(pl.Pay.IndependentWork)}, {"月报酬", yuanText(pl.Pay.MonthlyAmountFen)},
			{"相同岗位试用期工资", yuanText(pl.Pay.SamePostWageFen)}, {"最低档工资标准", yuanText(pl.Pay.LowestGradeWageFen)},
			{"发放", fmt.Sprintf("每 %d 天，%s，直接发给学生：%s", pl.Pay.CycleDays, labelOf(payMethods, pl.Pay.Method), yesText(pl.Pay.PaidDirectly))}}},
		{Title: "收费", Pairs: []pair{{"收费情况", fees}}},
		{Title: "指导人员与例外报备", Pairs: []pair{{"学校指导教师", mentor}, {"企业指导人员", enterpriseMentor(pl)}, {"例外报备", filing}}},
		{Title: "考核", Pairs: assessmentPairs(pl)},
		{Title: "记录", Pairs: stamp(&pl.Meta)},
	}
	return groups, nil
}

func countryText(code string) string {
	if code == "" || code == "CN" {
		return ""
	}
	return "（境外：" + code + "）"
}

func unitAnswer(pl *placements.Placement) string {
	r := pl.UnitResponse
	switch r.Decision {
	case models.UnitConfirmed:
		return "已确认接收（" + when(r.At) + "）" + strings.TrimSpace(" "+r.Reason)
	case models.UnitDeclined:
		return "已拒绝（" + when(r.At) + "）：" + r.Reason
	}
	return "尚未答复"
}

func enterpriseMentor(pl *placements.Placement) string {
	return dash(strings.TrimSpace(pl.Mentors.EnterpriseMentorName + " " + pl.Mentors.EnterpriseMentorPhone))
}

func assessmentPairs(pl *placements.Placement) []pair {
	a := pl.Assessment
	score := "—"
	if a.Score != nil {
		score = strconv.Itoa(*a.Score)
	}
	credits := "—"
	if a.Credits != 0 {
		credits = num(a.Credits)
	}
	return []pair{{"考核等级", labelOf(grades, a.Grade)}, {"考核成绩", score}, {"学分", credits}, {"企业指导人员评价", dash(a.MentorEvaluation)}}
}

// mentorName names the school mentor; a teacher the caller may not read is
// shown as recorded.
func (w *Handler) mentorName(c *fiber.Ctx, pl *placements.Placement) (string, error) {
	id := pl.Mentors.SchoolMentorTeacherID
	if id.IsZero() {
		return "—", nil
	}
	t, err := w.People.FindTeacherByID(c.UserContext(), id)
	if errors.Is(err, models.ErrNotFound) || errors.Is(err, models.ErrForbidden) {
		return "已指定", nil
	}
	if err != nil {
		return "", err
	}
	return t.Name + "（" + t.StaffNo + "）", nil
}

// portalFacts is what the enterprise needs of the placement: the student, the
// post, the period and the mentors.
func portalFacts(pl *placements.Placement) []factGroup {
	return []factGroup{
		studentFacts(pl),
		{Title: "岗位与时间", Pairs: []pair{{"岗位", dash(pl.Post.Name)}, {"实习类型", kindLabel(pl)}, {"实习期间", period(pl)},
			{"作息", scheduleText(pl.Schedule)}, {"实习地点", dash(pl.Site.Address)}, {"企业指导人员", enterpriseMentor(pl)}}},
	}
}
