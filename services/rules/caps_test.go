package rules_test

import (
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/rules"
)

// others makes n 岗位实习 placements of school at the host, on post, from start to end.
func others(n int, school bson.ObjectID, post, start, end string) []rules.Overlap {
	out := make([]rules.Overlap, 0, n)
	for range n {
		out = append(out, rules.Overlap{ID: bson.NewObjectID(), SchoolID: school, Kind: models.PlacementPosition, PostKey: post, Start: day(start), End: day(end)})
	}
	return out
}

func withOthers(os ...[]rules.Overlap) func(c *rules.Context) {
	return func(c *rules.Context) {
		for _, o := range os {
			c.Others = append(c.Others, o...)
		}
	}
}

func TestCapRules(t *testing.T) {
	run(t, []ruleCase{
		// 100 on-post staff, cap 10 %: this placement and 9 others are exactly 10.
		{name: "OK exactly 10 percent", rule: "INT-12", change: withOthers(others(9, schoolA, "装配工", "2026-03-02", "2026-06-30"))},
		{name: "WarnOneMore", rule: "INT-12", want: models.SeverityWarn, msg: "INT-12 实习单位同时在岗实习学生最多11人（2026-03-02，含1所学校），超过在岗职工100人的10%（10人）",
			change: withOthers(others(10, schoolA, "装配工", "2026-03-02", "2026-06-30"))},
		// The count is an input: other schools' placements at the host count too.
		{name: "WarnTwoSchools", rule: "INT-12", want: models.SeverityWarn, msg: "最多11人（2026-05-01，含2所学校）",
			change: withOthers(others(5, schoolA, "装配工", "2026-03-02", "2026-06-30"), others(5, schoolB, "装配工", "2026-05-01", "2026-08-31"))},
		{name: "OK others ended the day before", rule: "INT-12", change: withOthers(others(10, schoolB, "装配工", "2025-09-01", "2026-03-01"))},
		{name: "OK others start the day after", rule: "INT-12", change: withOthers(others(10, schoolB, "装配工", "2026-07-01", "2026-12-31"))},
		{name: "OK one after another are one place", rule: "INT-12", change: withOthers(
			others(5, schoolB, "装配工", "2026-03-02", "2026-03-31"), others(5, schoolB, "装配工", "2026-04-01", "2026-04-30"),
			others(5, schoolB, "装配工", "2026-05-01", "2026-05-31"))},
		{name: "OK cognitive visits do not count", rule: "INT-12", change: func(c *rules.Context) {
			c.Others = others(20, schoolB, "装配工", "2026-03-02", "2026-06-30")
			for i := range c.Others {
				c.Others[i].Kind = models.PlacementCognitive
			}
		}},
		{name: "OK itself among the others counts once", rule: "INT-12", change: func(c *rules.Context) {
			c.Others = append(others(9, schoolA, "装配工", "2026-03-02", "2026-06-30"), rules.OverlapOf(c.Placement))
		}},
		{name: "WarnCapFromTheRuleSet", rule: "INT-12", want: models.SeverityWarn, rs: with(map[string]any{"unitCapPct": 5}),
			change: withOthers(others(5, schoolA, "装配工", "2026-03-02", "2026-06-30"))},
		{name: "WarnNoHeadcount", rule: "INT-12", want: models.SeverityWarn, msg: "未登记在岗职工人数", change: func(c *rules.Context) { c.Enterprise.OnPostStaff = 0 }},
		// 20 staff on the post, cap 20 %: 4 interns.
		{name: "OK exactly 20 percent of the post", rule: "INT-13", change: withOthers(others(3, schoolB, "数控车工", "2026-03-02", "2026-06-30"))},
		{name: "WarnPostOneMore", rule: "INT-13", want: models.SeverityWarn, msg: "同类岗位“数控车工”同时在岗实习学生最多5人（2026-03-02，含2所学校），超过该类岗位职工20人的20%（4人）",
			change: withOthers(others(4, schoolB, "数控车工", "2026-03-02", "2026-06-30"))},
		{name: "OK other posts do not count", rule: "INT-13", change: withOthers(others(8, schoolB, "装配工", "2026-03-02", "2026-06-30"))},
		{name: "WarnNoPostStaff", rule: "INT-13", want: models.SeverityWarn, change: func(c *rules.Context) { c.Placement.Post.SameKindPostStaff = 0 }},
		// 2026-03-02 + 6 months = 2026-09-02: ending the day before is exactly 6 months.
		{name: "OK exactly six months", rule: "INT-14", change: func(c *rules.Context) { c.Placement.PlannedEndDate = day("2026-09-01") }},
		{name: "WarnLonger", rule: "INT-14", want: models.SeverityWarn, msg: "岗位实习期间2026-03-02至2026-09-02超过6个月", change: func(c *rules.Context) {
			c.Placement.PlannedEndDate = day("2026-09-02")
			c.Placement.Insurance.To = day("2026-12-31")
		}},
		{name: "WarnActualEndCounts", rule: "INT-14", want: models.SeverityWarn, change: func(c *rules.Context) {
			c.Placement.ActualEndDate = day("2026-10-01")
			c.Placement.Insurance.To = day("2026-12-31")
		}},
		{name: "OK medical nine months", rule: "INT-14", change: func(c *rules.Context) {
			c.Placement.MajorCode, c.Placement.PlannedEndDate, c.Placement.Insurance.To = "720201", day("2026-12-01"), day("2026-12-31")
		}},
		{name: "WarnMedicalBeyondTen", rule: "INT-14", want: models.SeverityWarn, msg: "医学类专业临床实习", change: func(c *rules.Context) {
			c.Placement.MajorCode, c.Placement.PlannedEndDate, c.Placement.Insurance.To = "720201", day("2027-01-02"), day("2027-12-31")
		}},
		{name: "OK matched", rule: "INT-16"},
		{name: "OK related", rule: "INT-16", change: func(c *rules.Context) { c.Placement.Post.Match = models.MatchRelated }},
		{name: "WarnUnmatched", rule: "INT-16", want: models.SeverityWarn, msg: "不对口", change: func(c *rules.Context) { c.Placement.Post.Match = models.MatchUnmatched }},
		{name: "OK same 大类 across levels", rule: "INT-16", change: func(c *rules.Context) {
			c.Placement.Post.MajorCode, c.Placement.Post.Match = "460103", models.MatchUnmatched // the code decides
		}},
		{name: "WarnOther 大类", rule: "INT-16", want: models.SeverityWarn, msg: "岗位对应专业530101（大类53）与学生专业660103（大类66）不属同一专业大类", change: func(c *rules.Context) {
			c.Placement.Post.MajorCode = "530101"
		}},
		// A code too short to have a 大类 (never valid; found by FuzzCheck, which
		// kept it in testdata/fuzz) is judged, not a panic.
		{name: "WarnCode without 大类", rule: "INT-16", want: models.SeverityWarn, msg: "岗位对应专业7（大类7）与学生专业660103（大类66）不属同一专业大类", change: func(c *rules.Context) {
			c.Placement.Post.MajorCode = "7"
		}},
		{name: "OK student's major when none at start", rule: "INT-16", change: func(c *rules.Context) {
			c.Placement.MajorCode, c.Student.MajorCode, c.Placement.Post.MajorCode = "", "710201", "510201"
		}},
	})
	t.Run("INT-15 medical noted", func(t *testing.T) {
		c := good()
		c.Placement.MajorCode, c.Placement.PlannedEndDate, c.Placement.Insurance.To = "720201", day("2026-12-01"), day("2026-12-31")
		fs := rules.Check(defaults(), c)
		if !hasInfo(fs, "INT-15") || verdict(fs, "INT-15") != "" {
			t.Fatalf("findings = %+v", fs)
		}
		c.Placement.MajorCode = "660103"
		if fs := rules.Check(defaults(), c); len(messages(fs, "INT-15")) != 0 || verdict(fs, "INT-14") != models.SeverityWarn {
			t.Fatalf("non-medical findings = %+v", fs)
		}
	})
	t.Run("INT-12 data names the peak and the schools", func(t *testing.T) {
		c := good()
		withOthers(others(5, schoolA, "装配工", "2026-03-02", "2026-06-30"), others(5, schoolB, "装配工", "2026-05-01", "2026-08-31"))(&c)
		for _, f := range rules.Check(defaults(), c) {
			if f.RuleID == "INT-12" {
				if f.Data["interns"] != 11 || f.Data["schools"] != 2 || f.Data["peakDay"] != "2026-05-01" || f.Data["unitCapPct"] != 10.0 {
					t.Fatalf("data = %#v", f.Data)
				}
				return
			}
		}
		t.Fatal("no INT-12 finding")
	})
}
