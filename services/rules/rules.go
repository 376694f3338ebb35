// Package rules is the placement rule engine (architecture.md "Rules"): the INT
// rules of 《职业学校学生实习管理规定》 (教职成〔2021〕4号, domain.md §5) that can be
// checked from recorded data, their parameters in versioned rule sets, and a pure
// Check of a placement in its context against one rule set.
//
// The engine reads nothing: the caller (the placements service) gathers the
// student, the enterprise and the other placements at the enterprise and passes
// them in a Context, so that a check is repeatable and a stored verdict can be
// reproduced from the rule set it names.
package rules

import (
	"slices"
	"strconv"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
)

// Rule is one INT rule: its ID, the severity of what it finds, the parameters it
// reads and its check. Findings carry their own severity: a rule may also say
// Info (an exception filed) or Warn (data missing to verify a Block rule whose
// breach is rare, such as the labour class).
type Rule struct {
	ID       string
	Title    string // Chinese
	Severity string
	Params   []string
	// Cognitive: the rule also applies to 认识实习. Most rules are about work and
	// apply to 岗位实习 only (domain.md §5).
	Cognitive bool
	Check     func(c Context) []models.Finding
}

// Context is everything a check may use besides the rule set.
type Context struct {
	Placement  *models.Placement
	Student    Student
	Enterprise Enterprise
	// Others are the other placements at the same enterprise, of every school,
	// as the caller found them (e.g. active ones overlapping this one). The
	// engine keeps the 岗位实习 ones whose period overlaps this placement's and
	// skips this placement itself, so a superset is harmless.
	Others []Overlap
	// Params are the rule set's parameters; Check sets them.
	Params Params
	// Today, when set, lets INT-22 warn of insurance about to expire.
	Today models.Date
}

// Student is what the rules need to know of the student.
type Student struct {
	BirthDate  models.Date
	Sex        string // models.SexMale / SexFemale
	CohortYear int    // 入学年份
	MajorCode  string
	// Grade overrides the computed grade at the start (INT-01) when above 0.
	Grade int
}

// farFuture lets ParseIDNumber accept any birth date: the engine judges at the
// placement's start, not today.
var farFuture = time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)

// StudentOf reads a student record: birth date and sex from the ID number
// (domain.md §4.1), or the stored ones when the number does not parse (masked).
func StudentOf(s *models.Student) Student {
	out := Student{BirthDate: s.BirthDate, Sex: s.Sex, CohortYear: s.CohortYear, MajorCode: s.MajorCode}
	if info, msg := models.ParseIDNumber(s.IDNumber, farFuture); msg == "" {
		out.BirthDate, out.Sex = info.BirthDate, info.Sex
	}
	return out
}

// Enterprise is what the rules need to know of the host.
type Enterprise struct {
	Name            string
	OnPostStaff     int // 在岗职工人数, the denominator of INT-12
	OnPostStaffAsOf models.Date
}

// EnterpriseOf reads an enterprise record.
func EnterpriseOf(e *models.Enterprise) Enterprise {
	return Enterprise{Name: e.Name, OnPostStaff: e.OnPostStaff, OnPostStaffAsOf: e.OnPostStaffAsOf}
}

// Overlap is another placement at the enterprise, as the caps count it.
type Overlap struct {
	ID       bson.ObjectID
	SchoolID bson.ObjectID
	Kind     string
	PostKey  string // the post's sameKindPostKey
	Start    models.Date
	End      models.Date // actual end once recorded, else planned
}

// OverlapOf reads a placement for the caps.
func OverlapOf(p *models.Placement) Overlap {
	return Overlap{ID: p.ID, SchoolID: p.SchoolID, Kind: p.Kind, PostKey: p.Post.SameKindPostKey, Start: p.StartDate, End: p.EndDate()}
}

// GradeAt is the student's school-year grade on d: the statistical year d falls
// in (from 1 September) minus the cohort year, plus one (domain.md §3.1).
func GradeAt(cohortYear int, d models.Date) int {
	return models.StatYearOf(d).Start - cohortYear + 1
}

// AgeAt is the age in whole years on d of someone born on birth: the birthday
// itself counts (a 29 February birthday falls on 1 March in other years).
func AgeAt(birth, d models.Date) int {
	age := d.Time().Year() - birth.Time().Year()
	if birth.Time().AddDate(age, 0, 0).After(d.Time()) {
		age--
	}
	return age
}

// Check runs every rule that applies to the placement's kind under rs and
// returns the findings in rule order (never nil). It reads nothing and changes
// nothing: the same rule set and context always give the same findings.
func Check(rs models.RuleSet, c Context) []models.Finding {
	c.Params = Params(rs.Params)
	out := []models.Finding{}
	for _, r := range All() {
		if c.Placement.Kind == models.PlacementCognitive && !r.Cognitive {
			continue
		}
		out = append(out, r.Check(c)...)
	}
	return out
}

// All returns the rules in ID order.
func All() []Rule {
	return slices.Concat(studentRules(), postRules(), hoursRules(), capRules(), paperRules())
}

// ByID returns the rule with id, and false if there is none.
func ByID(id string) (Rule, bool) {
	for _, r := range All() {
		if r.ID == id {
			return r, true
		}
	}
	return Rule{}, false
}

// Blocking returns the Block findings.
func Blocking(fs []models.Finding) []models.Finding { return bySeverity(fs, models.SeverityBlock) }

// Warnings returns the Warn findings.
func Warnings(fs []models.Finding) []models.Finding { return bySeverity(fs, models.SeverityWarn) }

func bySeverity(fs []models.Finding, sev string) []models.Finding {
	out := []models.Finding{}
	for _, f := range fs {
		if f.Severity == sev {
			out = append(out, f)
		}
	}
	return out
}

// find builds a finding; its message is prefixed with the rule ID, and a Warn
// needs a reason.
func find(id, sev, msg string, data map[string]any) models.Finding {
	return models.Finding{RuleID: id, Severity: sev, Message: id + " " + msg, Data: data, NeedsReason: sev == models.SeverityWarn}
}

// noStart is the finding of a rule that cannot be checked without a start date.
func noStart(c Context, id, sev string) []models.Finding {
	if !c.Placement.StartDate.IsZero() {
		return nil
	}
	return []models.Finding{find(id, sev, "无法核对：未填写实习开始日期", nil)}
}

// yuan renders fen as yuan with two decimals.
func yuan(fen int64) string {
	sign := ""
	if fen < 0 {
		sign, fen = "-", -fen
	}
	return sign + strconv.FormatInt(fen/100, 10) + "." + strconv.FormatInt(fen%100/10, 10) + strconv.FormatInt(fen%10, 10) + "元"
}

var roman = []string{"", "Ⅰ", "Ⅱ", "Ⅲ", "Ⅳ"}

func romanClass(n int) string {
	if n >= 1 && n < len(roman) {
		return roman[n]
	}
	return strconv.Itoa(n)
}
