package rules

import (
	"fmt"
	"math"
	"slices"
	"strconv"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
)

// capRules are INT-12 to INT-16: how many interns a host takes, for how long,
// and on what kind of post.
func capRules() []Rule {
	return []Rule{
		{ID: "INT-12", Title: "实习学生不超过单位在岗职工的比例", Severity: models.SeverityWarn, Params: []string{"unitCapPct"}, Check: checkUnitCap},
		{ID: "INT-13", Title: "实习学生不超过同类岗位职工的比例", Severity: models.SeverityWarn, Params: []string{"postCapPct"}, Check: checkPostCap},
		{ID: "INT-14", Title: "在同一单位岗位实习一般不超过6个月", Severity: models.SeverityWarn, Params: []string{"typicalMonths", "medicalMonths", "medicalMajorGroups"}, Check: checkDuration},
		{ID: "INT-15", Title: "医学类临床实习可适当延长", Severity: models.SeverityInfo, Params: []string{"typicalMonths", "medicalMonths", "medicalMajorGroups"}, Check: checkMedical},
		{ID: "INT-16", Title: "实习岗位与专业对口或相近", Severity: models.SeverityWarn, Check: checkMatch},
	}
}

// peak is the largest number of 岗位实习 students at the host on one day of this
// placement's period, this one included, and the first day it is reached.
type peak struct {
	count   int
	day     models.Date
	schools int // schools whose placements overlap this one, this one's included
}

// concurrent counts this placement and the others of kind position overlapping
// it (with samePost, only those with its same-kind-post key) and returns the
// peak over this placement's period. Counting the peak rather than every
// overlapping placement means two interns who follow each other are one place.
func concurrent(c Context, samePost bool) peak {
	p := c.Placement
	from, to := p.StartDate, p.EndDate()
	if to.IsZero() || to.Before(from) {
		to = from
	}
	type event struct {
		day   models.Date
		delta int
	}
	events := []event{{from, 1}, {addDays(to, 1), -1}}
	schools := map[bson.ObjectID]bool{p.SchoolID: true}
	for _, o := range c.Others {
		end := o.End
		if end.IsZero() || end.Before(o.Start) {
			end = o.Start
		}
		if o.Kind != models.PlacementPosition || (!p.ID.IsZero() && o.ID == p.ID) ||
			(samePost && o.PostKey != p.Post.SameKindPostKey) || o.Start.After(to) || end.Before(from) {
			continue
		}
		schools[o.SchoolID] = true
		start := o.Start
		if start.Before(from) {
			start = from
		}
		if end.After(to) {
			end = to
		}
		events = append(events, event{start, 1}, event{addDays(end, 1), -1})
	}
	// Days in order; on the same day a placement that ended the day before leaves
	// before one that starts arrives.
	slices.SortFunc(events, func(a, b event) int {
		if d := a.day.Time().Compare(b.day.Time()); d != 0 {
			return d
		}
		return a.delta - b.delta
	})
	out := peak{schools: len(schools)}
	n := 0
	for _, e := range events {
		n += e.delta
		if n > out.count {
			out.count, out.day = n, e.day
		}
	}
	return out
}

func addDays(d models.Date, n int) models.Date { return models.DateOf(d.Time().AddDate(0, 0, n)) }

// overCap reports whether count exceeds pct % of staff: exactly the cap passes.
func overCap(count, staff int, pct float64) bool { return float64(count)*100 > float64(staff)*pct }

// capOf is the largest count within pct % of staff.
func capOf(staff int, pct float64) int { return int(math.Floor(float64(staff)*pct/100 + 1e-9)) }

// checkUnitCap: interns at the host at any one time, of all schools, ≤
// unitCapPct % of its on-post staff.
func checkUnitCap(c Context) []models.Finding {
	if f := noStart(c, "INT-12", models.SeverityWarn); f != nil {
		return f
	}
	staff, pct := c.Enterprise.OnPostStaff, c.Params.Float("unitCapPct")
	if staff <= 0 {
		return []models.Finding{find("INT-12", models.SeverityWarn, "无法核对：实习单位未登记在岗职工人数", map[string]any{"unitCapPct": pct})}
	}
	pk := concurrent(c, false)
	if !overCap(pk.count, staff, pct) {
		return nil
	}
	return []models.Finding{find("INT-12", models.SeverityWarn,
		fmt.Sprintf("实习单位同时在岗实习学生最多%d人（%s，含%d所学校），超过在岗职工%d人的%s%%（%d人）", pk.count, pk.day, pk.schools, staff, num(pct), capOf(staff, pct)),
		map[string]any{"interns": pk.count, "peakDay": pk.day.String(), "schools": pk.schools, "onPostStaff": staff, "unitCapPct": pct})}
}

// checkPostCap: interns on the same kind of post at any one time ≤ postCapPct %
// of the host's staff in that kind of post.
func checkPostCap(c Context) []models.Finding {
	if f := noStart(c, "INT-13", models.SeverityWarn); f != nil {
		return f
	}
	post, pct := c.Placement.Post, c.Params.Float("postCapPct")
	if post.SameKindPostKey == "" || post.SameKindPostStaff <= 0 {
		return []models.Finding{find("INT-13", models.SeverityWarn, "无法核对：未填写同类岗位或同类岗位职工人数", map[string]any{"postCapPct": pct})}
	}
	pk := concurrent(c, true)
	if !overCap(pk.count, post.SameKindPostStaff, pct) {
		return nil
	}
	return []models.Finding{find("INT-13", models.SeverityWarn,
		fmt.Sprintf("同类岗位“%s”同时在岗实习学生最多%d人（%s，含%d所学校），超过该类岗位职工%d人的%s%%（%d人）",
			post.SameKindPostKey, pk.count, pk.day, pk.schools, post.SameKindPostStaff, num(pct), capOf(post.SameKindPostStaff, pct)),
		map[string]any{"interns": pk.count, "peakDay": pk.day.String(), "schools": pk.schools, "sameKindPostKey": post.SameKindPostKey,
			"sameKindPostStaff": post.SameKindPostStaff, "postCapPct": pct})}
}

// studentMajor is the student's major at the start: as recorded on the
// placement, else the student's current one.
func studentMajor(c Context) string {
	if c.Placement.MajorCode != "" {
		return c.Placement.MajorCode
	}
	return c.Student.MajorCode
}

// medical reports whether the student's major is in a 医药卫生 大类.
func medical(c Context) bool {
	m := studentMajor(c)
	return len(m) >= 2 && slices.Contains(c.Params.List("medicalMajorGroups"), m[:2])
}

// longer reports whether the placement lasts months or more: ending on the day
// before start + months is exactly months long.
func longer(c Context, months int) bool {
	p := c.Placement
	return !p.EndDate().Before(models.DateOf(p.StartDate.Time().AddDate(0, months, 0)))
}

// checkDuration: a 岗位实习 lasts typicalMonths at most (medical majors:
// medicalMonths).
func checkDuration(c Context) []models.Finding {
	p := c.Placement
	if p.StartDate.IsZero() || p.EndDate().IsZero() {
		return nil // CheckFields requires both dates
	}
	months, what := c.Params.Int("typicalMonths"), "岗位实习"
	if medical(c) {
		months, what = c.Params.Int("medicalMonths"), "医学类专业临床实习"
	}
	if !longer(c, months) {
		return nil
	}
	return []models.Finding{find("INT-14", models.SeverityWarn,
		fmt.Sprintf("%s期间%s至%s超过%d个月", what, p.StartDate, p.EndDate(), months),
		map[string]any{"startDate": p.StartDate.String(), "endDate": p.EndDate().String(), "months": months})}
}

// checkMedical notes a medical placement longer than typicalMonths but within
// medicalMonths, which INT-14 allows.
func checkMedical(c Context) []models.Finding {
	p := c.Placement
	if p.StartDate.IsZero() || p.EndDate().IsZero() || !medical(c) {
		return nil
	}
	typical, med := c.Params.Int("typicalMonths"), c.Params.Int("medicalMonths")
	if !longer(c, typical) || longer(c, med) {
		return nil
	}
	return []models.Finding{find("INT-15", models.SeverityInfo,
		fmt.Sprintf("医学类专业（%s）临床实习期间%s至%s超过%d个月，在%d个月以内，按规定允许", studentMajor(c), p.StartDate, p.EndDate(), typical, med),
		map[string]any{"majorCode": studentMajor(c), "typicalMonths": typical, "medicalMonths": med})}
}

// group is a major code's 大类 as a number 1–19: the first two digits, taken
// modulo 20 so that the same 大类 matches across levels (51 高职 and 71 中职 are
// both 电子与信息, domain.md §4.3).
func group(code string) int {
	if len(code) < 2 {
		return 0
	}
	n, err := strconv.Atoi(code[:2])
	if err != nil {
		return 0
	}
	return n % 20
}

// groupCode is the two digits that name a code's 大类 in a message; a code too
// short to have them (never valid, but the engine judges whatever it is given)
// is shown whole.
func groupCode(code string) string {
	r := []rune(code)
	if len(r) < 2 {
		return code
	}
	return string(r[:2])
}

// checkMatch: the post matches or is close to the student's major. With the
// post's major code, its 大类 is compared with the student's; else the recorded
// match is used.
func checkMatch(c Context) []models.Finding {
	post, major := c.Placement.Post, studentMajor(c)
	if post.MajorCode != "" && major != "" {
		if group(post.MajorCode) == group(major) {
			return nil
		}
		return []models.Finding{find("INT-16", models.SeverityWarn,
			fmt.Sprintf("岗位对应专业%s（大类%s）与学生专业%s（大类%s）不属同一专业大类", post.MajorCode, groupCode(post.MajorCode), major, groupCode(major)),
			map[string]any{"postMajorCode": post.MajorCode, "majorCode": major})}
	}
	switch post.Match {
	case models.MatchUnmatched:
		return []models.Finding{find("INT-16", models.SeverityWarn,
			fmt.Sprintf("实习岗位“%s”与学生所学专业%s不对口", post.Name, major), map[string]any{"match": post.Match, "majorCode": major})}
	case "":
		return []models.Finding{find("INT-16", models.SeverityInfo, "未填写岗位与专业对口情况", nil)}
	}
	return nil
}
