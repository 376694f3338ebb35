package rules_test

import (
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/rules"
)

// FuzzCheck runs the rule engine on the good placement of rules_test.go with
// parts of it, of its student, host, overlapping placements and rule-set
// parameters replaced by what the fuzzer's bytes say: any dates (also zero and
// far outside 0001–9999), hours and amounts (also negative, NaN and ±Inf),
// weeks, fees, and codes and texts the validator would refuse. The engine must
// never panic, every finding must name a known rule with a severity and a
// message that starts with its ID, in rule order, only rules of the
// placement's kind may speak, the input must come back unchanged, and the same
// input must give the same findings.
func FuzzCheck(f *testing.F) {
	f.Add([]byte{}, "", "", "")
	f.Add([]byte{1, 1, 0xff, 0x10, 1, 7, 3, 1, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, "660103", "520101", "22:00")
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, "7", "71", "25:99")
	f.Add([]byte{3, 0, 0, 0, 0, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2}, "x", "", "夜")
	f.Add([]byte("\x01\x00\x80\x00\x00\x00\x00\x00\x00\xf0\x7f\x01\x01\x01"), "", "7", "")
	rs := defaults()
	known := map[string]rules.Rule{}
	order := map[string]int{}
	for i, r := range rules.All() {
		known[r.ID], order[r.ID] = r, i
	}
	severities := []string{models.SeverityBlock, models.SeverityWarn, models.SeverityInfo}
	f.Fuzz(func(t *testing.T, data []byte, postMajor, studentMajor, text string) {
		z := &fz{b: data}
		set := with(nil)
		set.Params = cloneParams(rs.Params)
		c := good()
		mutate(z, &c, &set, postMajor, studentMajor, text)
		before := describe(c, set)

		fs := rules.Check(set, c)
		if fs == nil {
			t.Fatal("Check returned nil, want an empty list")
		}
		last := -1
		for _, fd := range fs {
			r, ok := known[fd.RuleID]
			if !ok {
				t.Fatalf("finding of unknown rule %q: %+v", fd.RuleID, fd)
			}
			if !slices.Contains(severities, fd.Severity) || !strings.HasPrefix(fd.Message, fd.RuleID+" ") {
				t.Fatalf("finding %+v", fd)
			}
			if fd.NeedsReason != (fd.Severity == models.SeverityWarn) {
				t.Fatalf("finding %+v: needsReason must go with warn", fd)
			}
			if c.Placement.Kind == models.PlacementCognitive && !r.Cognitive {
				t.Fatalf("rule %s spoke on a 认识实习: %+v", fd.RuleID, fd)
			}
			if order[fd.RuleID] < last {
				t.Fatalf("findings out of rule order: %+v", fs)
			}
			last = order[fd.RuleID]
		}
		if after := describe(c, set); after != before {
			t.Fatalf("Check changed its input:\n%s\n%s", before, after)
		}
		if again := rules.Check(set, c); fmt.Sprintf("%#v", again) != fmt.Sprintf("%#v", fs) {
			t.Fatalf("same input, other findings:\n%#v\n%#v", fs, again)
		}
		if len(data) == 0 && postMajor == "" && studentMajor == "" && text == "" {
			if len(rules.Blocking(fs))+len(rules.Warnings(fs)) != 0 {
				t.Fatalf("the good placement got %+v", fs)
			}
		}
	})
}

// fz hands out the fuzzer's bytes as values; past the end everything is zero.
type fz struct{ b []byte }

func (z *fz) byte() byte {
	if len(z.b) == 0 {
		return 0
	}
	c := z.b[0]
	z.b = z.b[1:]
	return c
}

func (z *fz) bool() bool { return z.byte()&1 == 1 }

func (z *fz) bytes(n int) []byte {
	out := make([]byte, n)
	for i := range out {
		out[i] = z.byte()
	}
	return out
}

// int is a small number most of the time, sometimes any 32-bit one.
func (z *fz) int() int {
	if sel := z.byte(); sel < 0xf0 {
		return int(int8(sel))
	}
	return int(int32(binary.LittleEndian.Uint32(z.bytes(4))))
}

func (z *fz) int64() int64 {
	if sel := z.byte(); sel < 0xf0 {
		return int64(sel) * 10000
	}
	return int64(binary.LittleEndian.Uint64(z.bytes(8)))
}

// float is a quarter-hour step most of the time, else NaN, ±Inf or any bits.
func (z *fz) float() float64 {
	switch sel := z.byte(); sel {
	case 0xfc:
		return math.NaN()
	case 0xfd:
		return math.Inf(1)
	case 0xfe:
		return math.Inf(-1)
	case 0xff:
		return math.Float64frombits(binary.LittleEndian.Uint64(z.bytes(8)))
	default:
		return float64(int8(sel)) / 4
	}
}

// date is the zero date, a day near the good placement, or any day a 32-bit
// offset reaches (years far outside 0001–9999).
func (z *fz) date() models.Date {
	switch sel := z.byte(); {
	case sel == 0:
		return models.Date{}
	case sel < 0xf0:
		return models.DateOf(day("2026-03-02").Time().AddDate(0, 0, int(int8(sel))*3))
	default:
		return models.DateOf(day("2026-03-02").Time().AddDate(0, 0, int(int32(binary.LittleEndian.Uint32(z.bytes(4))))))
	}
}

func (z *fz) pick(options ...string) string { return options[int(z.byte())%len(options)] }

// mutate changes what the bytes ask for; with no bytes it changes nothing but
// the codes and text given.
func mutate(z *fz, c *rules.Context, rs *models.RuleSet, postMajor, studentMajor, text string) {
	p := c.Placement
	if postMajor != "" {
		p.Post.MajorCode = postMajor
	}
	if studentMajor != "" {
		c.Student.MajorCode, p.MajorCode = studentMajor, studentMajor
	}
	if text != "" {
		p.Post.Name, p.Post.SameKindPostKey, p.Post.HazardType = text, text, text
	}
	if z.bool() {
		p.Kind = z.pick(models.PlacementPosition, models.PlacementCognitive, "", "follow")
		p.StartDate, p.PlannedEndDate, p.ActualEndDate = z.date(), z.date(), z.date()
	}
	if z.bool() {
		p.Schedule = models.Schedule{HoursPerDay: z.float(), DaysPerWeek: z.int(), NightWork: z.bool(), HolidayWork: z.bool(), Overtime: z.bool()}
		p.Weeks = nil
		for n := int(z.byte() % 5); n > 0; n-- {
			w := models.Week{WeekStart: z.date()}
			w.DaysWorked, w.Hours, w.NightHours, w.HolidayWork = z.int(), z.float(), z.float(), z.bool()
			if z.bool() {
				w.ConfirmedAt = w.WeekStart.Time()
			}
			p.Weeks = append(p.Weeks, w)
		}
	}
	if z.bool() {
		p.Post.LabourClass, p.Post.SameKindPostStaff = z.int(), z.int()
		p.Post.Hazardous, p.Post.EntertainmentVenue, p.Intermediary = z.bool(), z.bool(), z.bool()
		p.Post.Match = z.pick(models.MatchMatched, models.MatchRelated, models.MatchUnmatched, "", "?")
		p.Post.Category = z.pick("", "高处作业", "矿山井下作业", "重负重作业", text)
		p.Arrangement = z.pick(models.ArrangedBySchool, models.SelfFound, "")
	}
	if z.bool() {
		p.ExceptionFiling = models.ExceptionFiling{Ref: z.pick("", "备-1"), Authority: z.pick("", "市教委"), FiledAt: z.date()}
		p.Agreement = models.Agreement{DocRef: z.pick("", "SX-1"), SignedBySchool: z.date(), SignedByUnit: z.date(), SignedByStudent: z.date()}
		p.Consent = models.Consent{StudentSignedAt: z.date(), GuardianName: z.pick("", "李父"), Relation: z.pick("", "父亲"), GuardianSignedAt: z.date()}
		p.Insurance = models.Insurance{Insurer: z.pick("", "某保险"), PolicyNo: z.pick("", "P1"), From: z.date(), To: z.date(),
			PremiumPaidBy: z.pick(models.PaidBySchool, models.PaidByUnit, models.PaidByStudent, "", "?")}
	}
	if z.bool() {
		p.Pay = models.Pay{IndependentWork: z.bool(), MonthlyAmountFen: z.int64(), SamePostWageFen: z.int64(), LowestGradeWageFen: z.int64(),
			CycleDays: z.int(), Method: z.pick(models.PayBankTransfer, models.PayCash, models.PayInKind, "", "?"), PaidDirectly: z.bool()}
		p.Fees = models.Fees{DeclaredNone: z.bool()}
		for n := int(z.byte() % 4); n > 0; n-- {
			p.Fees.Charges = append(p.Fees.Charges, models.Charge{Kind: z.pick(models.FeeDeposit, models.FeeOther, "", "?"), AmountFen: z.int64()})
		}
		p.Mentors.EnterpriseMentorName = z.pick("", "王师傅")
		if z.bool() {
			p.Mentors.SchoolMentorTeacherID = bson.NilObjectID
		}
	}
	if z.bool() {
		c.Student.BirthDate, c.Student.CohortYear, c.Student.Grade = z.date(), z.int(), z.int()
		c.Student.Sex = z.pick(models.SexMale, models.SexFemale, "", "?")
		c.Enterprise.OnPostStaff, c.Enterprise.OnPostStaffAsOf = z.int(), z.date()
		c.Today = z.date()
	}
	if z.bool() {
		for n := int(z.byte() % 4); n > 0; n-- {
			o := rules.Overlap{ID: bson.NewObjectID(), SchoolID: schoolB, Kind: z.pick(models.PlacementPosition, models.PlacementCognitive), Start: z.date(), End: z.date()}
			o.PostKey = z.pick(p.Post.SameKindPostKey, "other")
			if z.bool() {
				o.ID, o.SchoolID = p.ID, p.SchoolID
			}
			c.Others = append(c.Others, o)
		}
	}
	for n := int(z.byte() % 4); n > 0; n-- {
		s := rules.Specs[int(z.byte())%len(rules.Specs)]
		switch z.byte() % 5 {
		case 0:
			rs.Params[s.Key] = z.float()
		case 1:
			rs.Params[s.Key] = text
		case 2:
			rs.Params[s.Key] = []any{text, 7}
		case 3:
			rs.Params[s.Key] = z.bool()
		default:
			delete(rs.Params, s.Key)
		}
	}
}

func cloneParams(p map[string]any) map[string]any {
	out := make(map[string]any, len(p))
	for k, v := range p {
		if l, ok := v.([]string); ok {
			v = slices.Clone(l)
		}
		out[k] = v
	}
	return out
}

// describe renders everything Check reads, to see that it changed nothing.
func describe(c rules.Context, rs models.RuleSet) string {
	return fmt.Sprintf("%+v|%+v|%+v|%+v|%s|%#v", *c.Placement, c.Student, c.Enterprise, c.Others, c.Today, rs.Params)
}
