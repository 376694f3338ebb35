package rules_test

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/rules"
)

func day(s string) models.Date {
	if s == "" {
		return models.Date{}
	}
	d, err := models.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// idNumber builds a valid ID number for a birth date; seq's last digit gives the
// sex (odd male, even female).
func idNumber(birth, seq string) string {
	first := "110105" + strings.ReplaceAll(birth, "-", "") + seq
	return first + string(models.IDNumberCheckChar(first))
}

var (
	schoolA = bson.NewObjectID()
	schoolB = bson.NewObjectID()
	teacher = bson.NewObjectID()
)

// defaults is the seeded rule set.
func defaults() models.RuleSet {
	return models.RuleSet{Version: rules.SeedVersion, EffectiveFrom: day("2021-12-31"), Params: rules.Defaults()}
}

// with is the default rule set with some parameters changed.
func with(kv map[string]any) models.RuleSet {
	rs := defaults()
	p, err := rules.CompleteParams(kv, rs.Params)
	if err != nil {
		panic(err)
	}
	rs.Version, rs.Params = "2021.9", p
	return rs
}

// good is a school-arranged 岗位实习 that breaks no rule: a second-year male
// student of 17 at a host with 100 on-post staff, 2026-03-02 to 2026-06-30.
func good() rules.Context {
	p := &models.Placement{
		Meta: models.Meta{ID: bson.NewObjectID()}, SchoolID: schoolA,
		Kind: models.PlacementPosition, Context: models.ContextNone, Arrangement: models.ArrangedBySchool,
		StudentID: bson.NewObjectID(), EnterpriseID: bson.NewObjectID(), MajorCode: "660103",
		Post:      models.Post{Name: "数控车工", SameKindPostKey: "数控车工", SameKindPostStaff: 20, Match: models.MatchMatched, LabourClass: 2},
		StartDate: day("2026-03-02"), PlannedEndDate: day("2026-06-30"),
		Schedule:  models.Schedule{HoursPerDay: 8, DaysPerWeek: 5},
		Agreement: models.Agreement{DocRef: "SX-2026-001", SignedBySchool: day("2026-02-20"), SignedByUnit: day("2026-02-20"), SignedByStudent: day("2026-02-20")},
		Consent:   models.Consent{StudentSignedAt: day("2026-02-21"), GuardianName: "李父", Relation: "父亲", GuardianSignedAt: day("2026-02-21")},
		Insurance: models.Insurance{Insurer: "某保险公司", PolicyNo: "PL-1", From: day("2026-03-01"), To: day("2026-07-31"), PremiumPaidBy: models.PaidBySchool},
		Pay: models.Pay{IndependentWork: true, MonthlyAmountFen: 300000, SamePostWageFen: 350000, CycleDays: 30,
			Method: models.PayBankTransfer, PaidDirectly: true},
		Fees:    models.Fees{DeclaredNone: true},
		Mentors: models.Mentors{SchoolMentorTeacherID: teacher, EnterpriseMentorName: "王师傅"},
		Status:  models.PlacementDraft,
	}
	st := rules.StudentOf(&models.Student{IDNumber: idNumber("2008-05-02", "001"), CohortYear: 2024, MajorCode: "660103"})
	return rules.Context{Placement: p, Student: st, Enterprise: rules.Enterprise{Name: "某机床厂", OnPostStaff: 100}}
}

// verdict is the worst Block or Warn severity rule id found, "" when it passes
// (Info findings do not count).
func verdict(fs []models.Finding, id string) string {
	out := ""
	for _, f := range fs {
		if f.RuleID != id {
			continue
		}
		switch f.Severity {
		case models.SeverityBlock:
			return models.SeverityBlock
		case models.SeverityWarn:
			out = models.SeverityWarn
		}
	}
	return out
}

func messages(fs []models.Finding, id string) string {
	var out []string
	for _, f := range fs {
		if f.RuleID == id {
			out = append(out, f.Message)
		}
	}
	return strings.Join(out, " | ")
}

func hasInfo(fs []models.Finding, id string) bool {
	for _, f := range fs {
		if f.RuleID == id && f.Severity == models.SeverityInfo {
			return true
		}
	}
	return false
}

func TestGoodPlacementHasNoFindings(t *testing.T) {
	if fs := rules.Check(defaults(), good()); len(fs) != 0 {
		t.Fatalf("findings = %+v", fs)
	}
}

func TestStudentOf(t *testing.T) {
	st := rules.StudentOf(&models.Student{IDNumber: idNumber("2010-05-02", "002"), CohortYear: 2025, MajorCode: "710201"})
	if st.BirthDate.String() != "2010-05-02" || st.Sex != models.SexFemale || st.CohortYear != 2025 || st.MajorCode != "710201" {
		t.Fatalf("student = %+v", st)
	}
	masked := rules.StudentOf(&models.Student{IDNumber: "1101**********002X", BirthDate: day("2009-01-01"), Sex: models.SexMale})
	if masked.BirthDate.String() != "2009-01-01" || masked.Sex != models.SexMale {
		t.Fatalf("masked = %+v", masked)
	}
}

func TestAgeAndGrade(t *testing.T) {
	ages := []struct {
		birth, on string
		want      int
	}{
		{"2010-03-02", "2026-03-02", 16}, {"2010-03-03", "2026-03-02", 15},
		{"2008-02-29", "2026-02-28", 17}, {"2008-02-29", "2026-03-01", 18},
	}
	for _, a := range ages {
		if got := rules.AgeAt(day(a.birth), day(a.on)); got != a.want {
			t.Errorf("AgeAt(%s, %s) = %d, want %d", a.birth, a.on, got, a.want)
		}
	}
	grades := []struct {
		cohort int
		on     string
		want   int
	}{{2025, "2025-09-01", 1}, {2025, "2026-08-31", 1}, {2025, "2026-09-01", 2}, {2024, "2026-03-02", 2}}
	for _, g := range grades {
		if got := rules.GradeAt(g.cohort, day(g.on)); got != g.want {
			t.Errorf("GradeAt(%d, %s) = %d, want %d", g.cohort, g.on, got, g.want)
		}
	}
}

// ruleCase changes the good placement and expects a verdict for one rule.
type ruleCase struct {
	name   string
	rule   string
	rs     models.RuleSet // zero: defaults
	change func(c *rules.Context)
	want   string // "" passes; models.SeverityBlock / SeverityWarn
	msg    string // a part of the message, when it fails
}

func run(t *testing.T, cases []ruleCase) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.rule+" "+tt.name, func(t *testing.T) {
			c := good()
			if tt.change != nil {
				tt.change(&c)
			}
			rs := tt.rs
			if rs.Params == nil {
				rs = defaults()
			}
			fs := rules.Check(rs, c)
			if got := verdict(fs, tt.rule); got != tt.want {
				t.Fatalf("verdict = %q, want %q; findings: %s", got, tt.want, messages(fs, tt.rule))
			}
			if tt.msg != "" && !strings.Contains(messages(fs, tt.rule), tt.msg) {
				t.Fatalf("message %q lacks %q", messages(fs, tt.rule), tt.msg)
			}
			for _, f := range fs {
				if !strings.HasPrefix(f.Message, f.RuleID+" ") || f.NeedsReason != (f.Severity == models.SeverityWarn) {
					t.Fatalf("finding = %+v", f)
				}
			}
		})
	}
}

func birth(s string) func(c *rules.Context) {
	return func(c *rules.Context) { c.Student.BirthDate = day(s) }
}

func TestStudentRules(t *testing.T) {
	run(t, []ruleCase{
		{name: "OK second year", rule: "INT-01"},
		{name: "OK grade 2 from 1 September", rule: "INT-01", change: func(c *rules.Context) {
			c.Student.CohortYear, c.Placement.StartDate, c.Placement.PlannedEndDate = 2025, day("2026-09-01"), day("2026-12-31")
		}},
		{name: "ErrFirstYear on 31 August", rule: "INT-01", want: models.SeverityBlock, msg: "INT-01 学生开始实习时为一年级（入学年份2025，实习开始2026-08-31", change: func(c *rules.Context) {
			c.Student.CohortYear, c.Placement.StartDate = 2025, day("2026-08-31")
		}},
		{name: "OK grade overridden", rule: "INT-01", change: func(c *rules.Context) { c.Student.CohortYear, c.Student.Grade = 2025, 2 }},
		{name: "ErrNoCohort", rule: "INT-01", want: models.SeverityBlock, change: func(c *rules.Context) { c.Student.CohortYear = 0 }},
		{name: "OK 16th birthday on the start date", rule: "INT-02", change: birth("2010-03-02")},
		{name: "ErrUnder16 one day short", rule: "INT-02", want: models.SeverityBlock, change: birth("2010-03-03"),
			msg: "INT-02 学生开始实习时未满16周岁（出生日期2010-03-03，实习开始2026-03-02）"},
		{name: "OK minimum age from the rule set", rule: "INT-02", rs: with(map[string]any{"minAge": 15}), change: birth("2010-03-03")},
		{name: "ErrNoBirthDate", rule: "INT-02", want: models.SeverityBlock, change: birth("")},
		{name: "OK adult on a minors' post", rule: "INT-03", change: func(c *rules.Context) {
			c.Student.BirthDate, c.Placement.Post.Category = day("2008-03-02"), "高处作业"
		}},
		{name: "ErrMinor on a minors' post", rule: "INT-03", want: models.SeverityBlock, msg: "未满18周岁的学生不得从事“高处作业”岗位", change: func(c *rules.Context) {
			c.Student.BirthDate, c.Placement.Post.Category = day("2008-03-03"), "高处作业"
		}},
		{name: "OK minor on an ordinary post", rule: "INT-03"},
		{name: "ErrConfigured list", rule: "INT-03", want: models.SeverityBlock, rs: with(map[string]any{"minorProhibitedPosts": []any{"冷库搬运"}}),
			change: func(c *rules.Context) { c.Placement.Post.Category = "冷库搬运" }},
		{name: "OK male on a women's post", rule: "INT-04", change: func(c *rules.Context) { c.Placement.Post.Category = "矿山井下作业" }},
		{name: "ErrFemale on a women's post", rule: "INT-04", want: models.SeverityBlock, msg: "女学生不得从事“矿山井下作业”岗位", change: func(c *rules.Context) {
			c.Student = rules.StudentOf(&models.Student{IDNumber: idNumber("2006-05-02", "002"), CohortYear: 2024})
			c.Placement.Post.Category = "矿山井下作业"
		}},
		{name: "OK female when the category is off the configured list", rule: "INT-04", rs: with(map[string]any{"femaleProhibitedPosts": []string{}}), change: func(c *rules.Context) {
			c.Student.Sex, c.Placement.Post.Category = models.SexFemale, "矿山井下作业"
		}},
	})
}

func TestPostRules(t *testing.T) {
	filing := models.ExceptionFiling{Ref: "津教备〔2026〕3号", Authority: "区教育局", FiledAt: day("2026-02-25")}
	run(t, []ruleCase{
		{name: "OK ordinary venue", rule: "INT-05"},
		{name: "ErrEntertainment", rule: "INT-05", want: models.SeverityBlock, msg: "娱乐性场所", change: func(c *rules.Context) { c.Placement.Post.EntertainmentVenue = true }},
		{name: "OK direct", rule: "INT-06"},
		{name: "ErrIntermediary", rule: "INT-06", want: models.SeverityBlock, change: func(c *rules.Context) { c.Placement.Intermediary = true }},
		{name: "OK class II", rule: "INT-07"},
		{name: "ErrClassIII", rule: "INT-07", want: models.SeverityBlock, msg: "岗位体力劳动强度为Ⅲ级，超过允许的Ⅱ级", change: func(c *rules.Context) { c.Placement.Post.LabourClass = 3 }},
		{name: "WarnUnrecorded", rule: "INT-07", want: models.SeverityWarn, change: func(c *rules.Context) { c.Placement.Post.LabourClass = 0 }},
		{name: "OK not hazardous", rule: "INT-08"},
		{name: "ErrHazardousUnfiled", rule: "INT-08", want: models.SeverityBlock, msg: "高处作业", change: func(c *rules.Context) {
			c.Placement.Post.Hazardous, c.Placement.Post.HazardType = true, "高处作业"
		}},
		{name: "OK hazardous with a filing", rule: "INT-08", change: func(c *rules.Context) {
			c.Placement.Post.Hazardous, c.Placement.ExceptionFiling = true, filing
		}},
		{name: "ErrHazardous with an incomplete filing", rule: "INT-08", want: models.SeverityBlock, change: func(c *rules.Context) {
			c.Placement.Post.Hazardous, c.Placement.ExceptionFiling = true, models.ExceptionFiling{Ref: "x"}
		}},
	})
	t.Run("INT-08 filing noted as Info", func(t *testing.T) {
		c := good()
		c.Placement.Post.Hazardous, c.Placement.ExceptionFiling = true, filing
		if fs := rules.Check(defaults(), c); !hasInfo(fs, "INT-08") || !strings.Contains(messages(fs, "INT-08"), "津教备〔2026〕3号") {
			t.Fatalf("findings = %+v", fs)
		}
	})
}

func week(start string, days int, hours, night float64, holiday, confirmed bool) models.Week {
	w := models.Week{ID: bson.NewObjectID(), WeekStart: day(start),
		WeekConfirmation: models.WeekConfirmation{DaysWorked: days, Hours: hours, NightHours: night, HolidayWork: holiday}}
	if confirmed {
		w.ConfirmedAt, w.Channel = day(start).Time().AddDate(0, 0, 7), models.ChannelPortal
	}
	return w
}

func TestHoursRules(t *testing.T) {
	filing := models.ExceptionFiling{Ref: "备-1", Authority: "区教育局", FiledAt: day("2026-02-25")}
	run(t, []ruleCase{
		{name: "OK no holidays", rule: "INT-09"},
		{name: "ErrHolidayScheduled", rule: "INT-09", want: models.SeverityBlock, change: func(c *rules.Context) { c.Placement.Schedule.HolidayWork = true }},
		{name: "OK holiday with a filing", rule: "INT-09", change: func(c *rules.Context) {
			c.Placement.Schedule.HolidayWork, c.Placement.ExceptionFiling = true, filing
		}},
		{name: "ErrHolidayConfirmed", rule: "INT-09", want: models.SeverityBlock, msg: "2026-04-06起的一周有法定节假日工作", change: func(c *rules.Context) {
			c.Placement.Weeks = []models.Week{week("2026-04-06", 5, 40, 0, true, true)}
		}},
		{name: "OK holiday in an unconfirmed week", rule: "INT-09", change: func(c *rules.Context) {
			c.Placement.Weeks = []models.Week{week("2026-04-06", 5, 40, 0, true, false)}
		}},
		{name: "OK six days when rest days are not holidays", rule: "INT-09", change: func(c *rules.Context) {
			c.Placement.Weeks = []models.Week{week("2026-03-09", 6, 40, 0, false, true)}
		}},
		{name: "ErrSixDays when rest days count", rule: "INT-09", want: models.SeverityBlock, rs: with(map[string]any{"includeRestDays": true}), change: func(c *rules.Context) {
			c.Placement.Weeks = []models.Week{week("2026-03-09", 6, 40, 0, false, true)}
		}},
		{name: "OK no nights", rule: "INT-10"},
		{name: "ErrNightScheduled", rule: "INT-10", want: models.SeverityBlock, msg: "夜班（22:00至次日06:00）", change: func(c *rules.Context) { c.Placement.Schedule.NightWork = true }},
		{name: "ErrOvertimeScheduled", rule: "INT-10", want: models.SeverityBlock, change: func(c *rules.Context) { c.Placement.Schedule.Overtime = true }},
		{name: "ErrNightConfirmed", rule: "INT-10", want: models.SeverityBlock, msg: "2026-03-09起的一周夜间（22:00至次日06:00）工作2.5小时", change: func(c *rules.Context) {
			c.Placement.Weeks = []models.Week{week("2026-03-09", 5, 40, 2.5, false, true)}
		}},
		{name: "OK night with a filing", rule: "INT-10", change: func(c *rules.Context) {
			c.Placement.Schedule.NightWork, c.Placement.ExceptionFiling = true, filing
			c.Placement.Weeks = []models.Week{week("2026-03-09", 5, 40, 2.5, false, true)}
		}},
		{name: "OK 8 hours × 5 days", rule: "INT-11"},
		{name: "WarnDaily", rule: "INT-11", want: models.SeverityWarn, msg: "每日工作9小时，超过8小时", change: func(c *rules.Context) { c.Placement.Schedule.HoursPerDay = 9 }},
		{name: "WarnWeekly", rule: "INT-11", want: models.SeverityWarn, msg: "每周工作48小时", change: func(c *rules.Context) { c.Placement.Schedule.DaysPerWeek = 6 }},
		{name: "WarnNoSchedule", rule: "INT-11", want: models.SeverityWarn, change: func(c *rules.Context) { c.Placement.Schedule = models.Schedule{} }},
		{name: "OK confirmed 40 hours", rule: "INT-11", change: func(c *rules.Context) {
			c.Placement.Weeks = []models.Week{week("2026-03-09", 5, 40, 0, false, true)}
		}},
		{name: "WarnConfirmedWeek", rule: "INT-11", want: models.SeverityWarn, msg: "2026-03-09起的一周经确认工作42.5小时", change: func(c *rules.Context) {
			c.Placement.Weeks = []models.Week{week("2026-03-09", 5, 42.5, 0, false, true)}
		}},
		{name: "WarnConfirmedDailyAverage", rule: "INT-11", want: models.SeverityWarn, msg: "每日平均工作9小时", change: func(c *rules.Context) {
			c.Placement.Weeks = []models.Week{week("2026-03-09", 4, 36, 0, false, true)}
		}},
		{name: "OK long week not yet confirmed", rule: "INT-11", change: func(c *rules.Context) {
			c.Placement.Weeks = []models.Week{week("2026-03-09", 5, 60, 0, false, false)}
		}},
	})
}

func TestCompleteParams(t *testing.T) {
	t.Run("OK types from JSON and BSON", func(t *testing.T) {
		p, err := rules.CompleteParams(map[string]any{"minAge": 15, "femaleProhibitedPosts": bson.A{"井下"}, "nightStart": " 23:00 "}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if p["minAge"] != 15.0 || p["nightStart"] != "23:00" || len(p) != len(rules.Specs) {
			t.Fatalf("params = %+v", p)
		}
		if l := rules.Params(p).List("femaleProhibitedPosts"); len(l) != 1 || l[0] != "井下" {
			t.Fatalf("list = %v", l)
		}
	})
	t.Run("ErrNaN", func(t *testing.T) {
		_, err := rules.CompleteParams(map[string]any{"maxDailyHours": math.NaN(), "maxWeeklyHours": math.Inf(1)}, nil)
		var ve *models.ValidationError
		if !errors.As(err, &ve) || ve.Fields["params.maxDailyHours"] == "" || ve.Fields["params.maxWeeklyHours"] == "" {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("ErrList too long", func(t *testing.T) {
		// found by the bad-input corpus (handlers/api/badinput_test.go): list
		// items had no limit
		many := make([]any, 101)
		for i := range many {
			many[i] = fmt.Sprintf("类别%d", i)
		}
		_, err := rules.CompleteParams(map[string]any{"minorProhibitedPosts": []any{strings.Repeat("长", 51)}, "entertainmentVenues": many}, nil)
		var ve *models.ValidationError
		if !errors.As(err, &ve) || ve.Fields["params.minorProhibitedPosts"] != "未成年人禁忌岗位类别的每一项不能超过50个字" ||
			ve.Fields["params.entertainmentVenues"] != "娱乐性场所类别最多100项" {
			t.Fatalf("err = %v", err)
		}
		if _, err := rules.CompleteParams(map[string]any{"minorProhibitedPosts": []any{strings.Repeat("长", 50)}, "entertainmentVenues": many[:100]}, nil); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("OK a missing key reads its default", func(t *testing.T) {
		if got := (rules.Params{}).Float("payFloorPct"); got != 80 {
			t.Fatalf("got %v", got)
		}
	})
}
