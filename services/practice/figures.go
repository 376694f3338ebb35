package practice

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/figures"
	"github.com/chanjiao/chanjiao/services/people"
)

// refDate is the day stock figures are taken: the year's last day (31 August),
// or today while the year is still running.
const refDate = "统计学年最后一天（8月31日；学年未结束的取今天）"

const inScopeText = "在编或合同制全职的专业课教师和实习指导教师（入职日期不晚于" + refDate + "）"

var (
	indDualCount = figures.Indicator{ID: "dual_qualified_count", LabelZH: "双师型教师数", LabelEN: "dual-qualified teachers", Unit: figures.UnitPersons, Table: "教学资源表",
		Definition: inScopeText + "中，" + refDate + "持有有效双师型认定的人数；按持有的最高等级分列（初级、中级、高级）"}
	indDualRatio = figures.Indicator{ID: "dual_qualified_ratio", LabelZH: "双师型教师比例", LabelEN: "dual-qualified ratio", Unit: figures.UnitPercent, Table: "教学资源表",
		Definition: "双师型教师数 ÷ " + inScopeText + "人数 × 100%；企业兼职教师和公共基础课教师不计入分子分母"}
	indPracticeTeachers = figures.Indicator{ID: "tep_teacher_count", LabelZH: "参加企业实践教师数", LabelEN: "teachers in practice", Unit: figures.UnitPersons, Table: "产教融合",
		Definition: "实践期间与统计学年有交集、且经企业确认和学校审批的教师企业实践的教师人数，按教师去重"}
	indPracticeDays = figures.Indicator{ID: "tep_person_days", LabelZH: "教师企业实践人日", LabelEN: "practice person-days", Unit: "人日",
		Table: "产教融合", Definition: "已审批的教师企业实践落在统计学年内的实践天数之和：每条记录的实践天数均摊到其起止日期的每一天，同一教师同一天最多计1天"}
	indShort = figures.Indicator{ID: "tep_short_count", LabelZH: "企业实践未达要求教师数", LabelEN: "teachers short of the 5-year rule", Unit: figures.UnitPersons, Table: "产教融合",
		Definition: "入职满5年的" + inScopeText + "中，截至" + refDate + "前5年内经审批的企业实践累计不足要求天数的人数"}
	indAtRisk = figures.Indicator{ID: "tep_at_risk_count", LabelZH: "12个月内将不达标教师数", LabelEN: "teachers falling short within 12 months", Unit: figures.UnitPersons,
		Table: "内部管理", Definition: "截至" + refDate + "尚达标（或入职未满5年），但若不再新增实践，将在其后12个月内累计不足要求天数的" + inScopeText + "人数"}
	indStanding = figures.Indicator{ID: "tep_standing_count", LabelZH: "教师企业实践5年达标情况", LabelEN: "teachers by 5-year practice standing", Unit: figures.UnitPersons,
		Table: "内部管理", Definition: "入职日期不晚于" + refDate + "的教师人数，按当日的5年企业实践情况分列：达标；12个月内将不达标；不达标；入职未满5年" +
			"（未满5年但12个月内将不达标的计入将不达标）；不作天数要求（公共基础课教师和企业兼职教师）。将不达标、不达标两项与前两项指标相同"}
	indNewHires = figures.Indicator{ID: "tep_new_teacher_flags", LabelZH: "新教师未先实践即上岗数", LabelEN: "new teachers without practice first", Unit: figures.UnitPersons, Table: "内部管理",
		Definition: "首个任教学期（入职日期后的第一个3月1日或9月1日）在统计学年内、入职前无企业工作经历、且在该学期开始前没有经审批的企业实践的" + inScopeText + "人数"}
	indPartTime = figures.Indicator{ID: "parttime_teacher_count", LabelZH: "企业兼职教师数", LabelEN: "part-time teachers", Unit: figures.UnitPersons, Table: "产教融合",
		Definition: "用工形式为企业兼职、入职日期不晚于统计学年最后一天的教师人数（系统尚未登记授课量和离职，暂不按授课量筛选）"}
)

var levelNames = map[string]string{models.DualJunior: "初级", models.DualIntermediate: "中级", models.DualSenior: "高级"}

// Figures computes the teacher indicators from one pass over teachers, one over
// approved practice and one over valid recognitions.
type Figures struct {
	svc *Service
	now func() time.Time
}

// NewFigures returns the teacher figures source.
func NewFigures(svc *Service, now func() time.Time) *Figures { return &Figures{svc: svc, now: now} }

// Indicators lists the teacher indicators.
func (f *Figures) Indicators() []figures.Indicator {
	return []figures.Indicator{indDualCount, indDualRatio, indPracticeTeachers, indPracticeDays, indShort, indAtRisk, indStanding, indNewHires, indPartTime}
}

// Compute computes every teacher figure for s.
func (f *Figures) Compute(ctx context.Context, s figures.Scope) ([]figures.Figure, error) {
	now := f.now().UTC()
	ref := s.Year.To()
	if today := models.DateOf(f.now().In(models.China)); today.Before(ref) {
		ref = today
	}
	var staff []people.Staff
	if err := f.svc.people.EachStaff(ctx, s.SchoolIDs, func(t people.Staff) { staff = append(staff, t) }); err != nil {
		return nil, err
	}
	rows, periods, err := f.practice(ctx, s)
	if err != nil {
		return nil, err
	}
	levels, err := f.levels(ctx, s, ref)
	if err != nil {
		return nil, err
	}
	out := dualFigures(staff, levels, ref, now)
	out = append(out, practiceFigures(staff, rows, periods, s.Year, f.svc.req, now)...)
	return append(out, f.ruleFigures(staff, periods, s.Year, ref, now)...), nil
}

// practice reads the scope's approved practice: the rows by id and the periods
// by teacher.
func (f *Figures) practice(ctx context.Context, s figures.Scope) (map[bson.ObjectID]approvedRow, map[bson.ObjectID][]Period, error) {
	filter := bson.D{}
	if s.SchoolIDs != nil {
		filter = append(filter, bson.E{Key: "schoolId", Value: bson.D{{Key: "$in", Value: s.SchoolIDs}}})
	}
	rows := map[bson.ObjectID]approvedRow{}
	periods := map[bson.ObjectID][]Period{}
	err := f.svc.eachApproved(ctx, filter, func(r approvedRow) {
		rows[r.ID] = r
		periods[r.TeacherID] = append(periods[r.TeacherID], Period{ID: r.ID, Start: r.StartDate, End: r.EndDate, Days: r.PracticeDays})
	})
	return rows, periods, err
}

// levels is each teacher's highest level valid on ref.
func (f *Figures) levels(ctx context.Context, s figures.Scope, ref models.Date) (map[bson.ObjectID]string, error) {
	filter := bson.D{{Key: "status", Value: models.RecognitionValid}}
	if s.SchoolIDs != nil {
		filter = append(filter, bson.E{Key: "schoolId", Value: bson.D{{Key: "$in", Value: s.SchoolIDs}}})
	}
	rank := map[string]int{models.DualJunior: 1, models.DualIntermediate: 2, models.DualSenior: 3}
	out := map[bson.ObjectID]string{}
	err := f.svc.recognitions.Each(ctx, filter, models.ListParams{}, nil, nil, func(r *models.Recognition) error {
		if r.ValidOn(ref) && rank[r.Level] > rank[out[r.TeacherID]] {
			out[r.TeacherID] = r.Level
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("practice: recognitions: %w", err)
	}
	return out, nil
}

func teacherRef(t people.Staff, label string) figures.Ref {
	return figures.Ref{ID: t.ID.Hex(), Kind: "teacher", SchoolID: t.SchoolID, Label: label, Person: t.ID, Name: t.StaffNo + " " + t.Name}
}

func inPost(t people.Staff, ref models.Date) bool { return !t.HireDate.After(ref) }

// dualFigures are the 双师型 count by level and the ratio.
func dualFigures(staff []people.Staff, levels map[bson.ObjectID]string, ref models.Date, now time.Time) []figures.Figure {
	var all, dual []figures.Ref
	byLevel := map[string][]figures.Ref{}
	for _, t := range staff {
		if !InScope(teacherOf(t)) || !inPost(t, ref) {
			continue
		}
		level := levels[t.ID]
		r := teacherRef(t, "专任专业课教师")
		if level != "" {
			r.Label, r.InNumerator = "双师型（"+levelNames[level]+"）", true
			dual = append(dual, r)
			byLevel[level] = append(byLevel[level], r)
		}
		all = append(all, r)
	}
	count := figures.Count(indDualCount, dual, now)
	for _, l := range []string{models.DualJunior, models.DualIntermediate, models.DualSenior} {
		count.Parts = append(count.Parts, figures.PartCount(l, levelNames[l], byLevel[l]))
	}
	for i := range count.Records {
		count.Records[i].InNumerator = false
	}
	return []figures.Figure{count, figures.Rate(indDualRatio, int64(len(dual)), int64(len(all)), all, now)}
}

// practiceFigures are the teachers in practice in the year and their days.
func practiceFigures(staff []people.Staff, rows map[bson.ObjectID]approvedRow, periods map[bson.ObjectID][]Period, y models.StatYear, req Requirement, now time.Time) []figures.Figure {
	var teachers, records []figures.Ref
	days := figures.Figure{Indicator: indPracticeDays, AsOf: now}
	var total float64
	for _, t := range staff {
		first := true
		var ps []Period
		for _, p := range periods[t.ID] {
			if p.Start.After(y.To()) || p.End.Before(y.From()) {
				continue
			}
			ps = append(ps, p)
			row := rows[p.ID]
			r := figures.Ref{ID: p.ID.Hex(), Kind: "practice", SchoolID: row.SchoolID, Date: p.Start.String(),
				Label: row.EnterpriseName + " · " + p.Start.String() + "至" + p.End.String(), Person: t.ID, Name: t.StaffNo + " " + t.Name}
			records = append(records, r)
			if first {
				teachers, first = append(teachers, r), false
			}
		}
		if len(ps) > 0 {
			total += newCoverage(ps, y.To(), req).sum(y.From(), y.To())
		}
	}
	days.Value = round1(total)
	days.Numerator = int64(days.Value)
	days.Records, days.RecordCount = records, len(records)
	return []figures.Figure{figures.Count(indPracticeTeachers, teachers, now), days}
}

// ruleFigures are the 5-year rule's counts on ref, the new-hire flags of the
// year and the part-time teachers.
func (f *Figures) ruleFigures(staff []people.Staff, periods map[bson.ObjectID][]Period, y models.StatYear, ref models.Date, now time.Time) []figures.Figure {
	var short, atRisk, flagged, partTime []figures.Ref
	standing := map[string][]figures.Ref{}
	for _, t := range staff {
		if t.Employment == models.EmploymentEnterprisePartTime && !t.HireDate.After(y.To()) {
			partTime = append(partTime, teacherRef(t, "企业兼职教师"))
		}
		st := Assess(teacherOf(t), periods[t.ID], ref, f.svc.req)
		label := standingNames[st.Status]
		switch st.Status {
		case StandingShort:
			label = fmt.Sprintf("5年内%.1f天，差%.1f天", st.Counted, st.Shortfall)
		case StandingAtRisk:
			label = "将于" + st.ShortOn.String() + "起不足"
		}
		if inPost(t, ref) {
			standing[st.Status] = append(standing[st.Status], teacherRef(t, label))
		}
		if !InScope(teacherOf(t)) || !inPost(t, ref) && !y.Contains(firstTerm(t.HireDate)) {
			continue
		}
		switch st.Status {
		case StandingShort:
			short = append(short, teacherRef(t, label))
		case StandingAtRisk:
			atRisk = append(atRisk, teacherRef(t, label))
		}
		if term := firstTerm(t.HireDate); y.Contains(term) && t.EnterpriseExperienceMonths == 0 && !practisedBefore(periods[t.ID], term) {
			flagged = append(flagged, teacherRef(t, "首个任教学期"+term.String()))
		}
	}
	return []figures.Figure{figures.Count(indShort, short, now), figures.Count(indAtRisk, atRisk, now), standingFigure(standing, now),
		figures.Count(indNewHires, flagged, now), figures.Count(indPartTime, partTime, now)}
}

// standingNames are the standings as the figures name them, in the order of
// their parts.
var standingNames = map[string]string{StandingMeets: "达标", StandingAtRisk: "12个月内将不达标", StandingShort: "不达标",
	StandingNotYetDue: "入职未满5年", StandingNotRequired: "不作天数要求"}

// standingFigure counts the teachers in post by standing, every standing a
// part even when empty, so that the parts read the same every year.
func standingFigure(by map[string][]figures.Ref, now time.Time) figures.Figure {
	var all []figures.Ref
	var parts []figures.Part
	for _, st := range []string{StandingMeets, StandingAtRisk, StandingShort, StandingNotYetDue, StandingNotRequired} {
		all = append(all, by[st]...)
		parts = append(parts, figures.PartCount(st, standingNames[st], by[st]))
	}
	fig := figures.Count(indStanding, all, now)
	fig.Parts = parts
	return fig
}

func practisedBefore(ps []Period, term models.Date) bool {
	for _, p := range ps {
		if p.End.Before(term) {
			return true
		}
	}
	return false
}

// Partners lists the enterprises with approved practice overlapping the year,
// for 合作企业数.
func (f *Figures) Partners(ctx context.Context, s figures.Scope) ([]figures.Partner, error) {
	filter := bson.D{{Key: "startDate", Value: bson.D{{Key: "$lte", Value: s.Year.To()}}}, {Key: "endDate", Value: bson.D{{Key: "$gte", Value: s.Year.From()}}}}
	if s.SchoolIDs != nil {
		filter = append(filter, bson.E{Key: "schoolId", Value: bson.D{{Key: "$in", Value: s.SchoolIDs}}})
	}
	var out []figures.Partner
	err := f.svc.eachApproved(ctx, filter, func(r approvedRow) {
		out = append(out, figures.Partner{EnterpriseID: r.EnterpriseID, Ref: figures.Ref{ID: r.ID.Hex(), Kind: "practice", SchoolID: r.SchoolID,
			Date: r.StartDate.String(), Label: "教师企业实践 " + r.EnterpriseName}})
	})
	return out, err
}
