package placements_test

import (
	"strings"
	"testing"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/placements"
)

// findings returns the findings of rule id in the placement's latest check.
func findings(pl *placements.Placement, id string) []models.Finding {
	var out []models.Finding
	if last := pl.LastCheck(); last != nil {
		for _, f := range last.Findings {
			if f.RuleID == id {
				out = append(out, f)
			}
		}
	}
	return out
}

func ruleIDs(fs []models.Finding) string {
	var ids []string
	for _, f := range fs {
		ids = append(ids, f.Severity+":"+f.RuleID)
	}
	return strings.Join(ids, " ")
}

// activate activates pl, failing the test if refused.
func (e *env) activate(t testing.TB, pl *placements.Placement, reasons map[string]string) *placements.Placement {
	t.Helper()
	out, err := e.svc.Activate(e.office, pl.ID, placements.Activation{Version: ver(pl.Version), Reasons: reasons})
	must(t, err)
	return out
}

func TestCheck(t *testing.T) {
	e := setup(t)
	pl := e.create(t, e.office, e.s1, e.e2, "2027-03-01", "2027-06-30")
	t.Run("OK clear", func(t *testing.T) {
		res, err := e.svc.Check(e.staff, pl.ID, "")
		must(t, err)
		if len(res.Findings) != 0 || res.RuleSetVersion != "2021.1" || res.Compliance != placements.ComplianceClear || res.Version != pl.Version+1 {
			t.Errorf("got %+v", res)
		}
		got, err := e.svc.FindPlacementByID(e.office, pl.ID)
		must(t, err)
		if len(got.Checks) != 1 || got.Checks[0].ID != res.ID || got.RuleSetVersion != "2021.1" {
			t.Errorf("stored checks %+v, version %q", got.Checks, got.RuleSetVersion)
		}
	})
	t.Run("OK findings name the data", func(t *testing.T) {
		cur, err := e.svc.FindPlacementByID(e.office, pl.ID)
		must(t, err)
		cur, err = e.svc.UpdatePlacement(e.office, pl.ID, models.PlacementFields{Version: ver(cur.Version), Intermediary: flag(true),
			Post: &models.Post{Name: "数控车工", SameKindPostKey: "数控车工", SameKindPostStaff: 20, Match: models.MatchMatched}})
		must(t, err)
		res, err := e.svc.Check(e.office, pl.ID, "")
		must(t, err)
		if got, want := ruleIDs(res.Findings), "warn:INT-07 block:INT-06"; !sameWords(got, want) {
			t.Errorf("got findings %s, want %s", got, want)
		}
		after, err := e.svc.FindPlacementByID(e.office, pl.ID)
		must(t, err)
		if after.Compliance != placements.ComplianceBlock || !sameWords(strings.Join(after.OpenRules, " "), "INT-06 INT-07") {
			t.Errorf("got compliance %q, open rules %v", after.Compliance, after.OpenRules)
		}
		page, err := e.svc.FindPlacements(e.office, models.PlacementFilter{RuleID: "INT-06"})
		must(t, err)
		if page.Total != 1 {
			t.Errorf("rule filter INT-06 found %d", page.Total)
		}
	})
	t.Run("ErrForbidden", func(t *testing.T) {
		_, err := e.svc.Check(e.entE2, pl.ID, "")
		wantErr(t, err, models.ErrForbidden)
		_, err = e.svc.Check(e.auditor, pl.ID, "")
		wantErr(t, err, models.ErrForbidden)
		_, err = e.svc.Check(e.officeB, pl.ID, "")
		wantErr(t, err, models.ErrNotFound)
	})
	t.Run("ErrValidation unknown rule set", func(t *testing.T) {
		_, err := e.svc.Check(e.office, pl.ID, "2099.9")
		wantFields(t, err, "ruleSet")
	})
}

func TestActivate(t *testing.T) {
	e := setup(t)
	t.Run("ErrValidation Block", func(t *testing.T) {
		f := good(e.s1, e.e2, e.teacher, "2027-03-01", "2027-06-30")
		f.Intermediary, f.Fees = flag(true), &models.Fees{Charges: []models.Charge{{Kind: models.FeeDeposit, AmountFen: 50000}}}
		pl, err := e.svc.CreatePlacement(e.office, f)
		must(t, err)
		_, err = e.svc.Activate(e.office, pl.ID, placements.Activation{Version: ver(pl.Version)})
		got := wantFields(t, err, "findings.INT-06", "findings.INT-21")
		if !strings.Contains(got["findings.INT-21"], "押金") {
			t.Errorf("INT-21 message %q does not name the deposit", got["findings.INT-21"])
		}
		after, err := e.svc.FindPlacementByID(e.office, pl.ID)
		must(t, err)
		if after.Status != models.PlacementDraft || after.Version != pl.Version || len(after.Checks) != 0 {
			t.Errorf("refused activation wrote: status %s, version %d, %d checks", after.Status, after.Version, len(after.Checks))
		}
	})
	t.Run("Warn needs a reason", func(t *testing.T) {
		f := good(e.s2, e.e2, e.teacher, "2027-03-01", "2027-06-30")
		f.Post.LabourClass = 0 // INT-07 cannot be verified: Warn
		pl, err := e.svc.CreatePlacement(e.office, f)
		must(t, err)
		_, err = e.svc.Activate(e.office, pl.ID, placements.Activation{Version: ver(pl.Version)})
		wantFields(t, err, "reasons.INT-07")
		_, err = e.svc.Activate(e.office, pl.ID, placements.Activation{Version: ver(pl.Version), Reasons: map[string]string{"INT-07": " ", "INT-99": "x"}})
		wantFields(t, err, "reasons.INT-07", "reasons.INT-99")
		act := e.activate(t, pl, map[string]string{"INT-07": "岗位为数控操作，属Ⅰ级体力劳动，企业证明待补"})
		if act.Status != models.PlacementActive || act.Verdict == nil || act.Verdict.Warnings != 1 || act.Verdict.RuleSetVersion != "2021.1" {
			t.Fatalf("got status %s, verdict %+v", act.Status, act.Verdict)
		}
		fs := findings(act, "INT-07")
		if len(fs) != 1 || fs[0].Reason != "岗位为数控操作，属Ⅰ级体力劳动，企业证明待补" || act.Verdict.CheckID != act.LastCheck().ID {
			t.Errorf("got INT-07 findings %+v", fs)
		}
		_, err = e.svc.Activate(e.office, act.ID, placements.Activation{Version: ver(act.Version)})
		wantConflict(t, err, "status", "进行中")
	})
	t.Run("ErrForbidden", func(t *testing.T) {
		pl := e.create(t, e.officeB, e.other, e.e2, "2027-03-01", "2027-06-30")
		_, err := e.svc.Activate(e.entE2, pl.ID, placements.Activation{Version: ver(pl.Version)})
		wantErr(t, err, models.ErrForbidden)
		_, err = e.svc.Activate(e.office, pl.ID, placements.Activation{Version: ver(pl.Version)})
		wantErr(t, err, models.ErrNotFound)
	})
}

// TestVerdictKeptAfterNewRuleSet: an activated placement keeps the verdict and
// the rule set it was judged under; a stricter set added later applies to new
// drafts, and to the active one only when a check names it.
func TestVerdictKeptAfterNewRuleSet(t *testing.T) {
	e := setup(t)
	act := e.activate(t, e.create(t, e.office, e.s1, e.e2, "2027-03-01", "2027-06-30"), nil)
	_, err := e.rules.CreateRuleSet(e.admin, models.RuleSetFields{Version: str("2021.2"), EffectiveFrom: str("2026-01-01"),
		Source: str("某省实施细则"), Params: map[string]any{"maxDailyHours": 6}})
	must(t, err)

	res, err := e.svc.Check(e.office, act.ID, "")
	must(t, err)
	if res.RuleSetVersion != "2021.1" || len(res.Findings) != 0 {
		t.Errorf("re-check of the active placement ran under %s with %s", res.RuleSetVersion, ruleIDs(res.Findings))
	}
	draft := e.create(t, e.office, e.s2, e.e2, "2027-03-01", "2027-06-30")
	res, err = e.svc.Check(e.office, draft.ID, "")
	must(t, err)
	if res.RuleSetVersion != "2021.2" || ruleIDs(res.Findings) != "warn:INT-11" {
		t.Errorf("a new draft ran under %s with %s, want 2021.2 with warn:INT-11", res.RuleSetVersion, ruleIDs(res.Findings))
	}
	res, err = e.svc.Check(e.office, act.ID, "2021.2")
	must(t, err)
	if res.RuleSetVersion != "2021.2" || ruleIDs(res.Findings) != "warn:INT-11" {
		t.Errorf("explicit re-check ran under %s with %s", res.RuleSetVersion, ruleIDs(res.Findings))
	}
	got, err := e.svc.FindPlacementByID(e.office, act.ID)
	must(t, err)
	if got.Verdict.RuleSetVersion != "2021.1" || got.Verdict.CheckID != got.Checks[0].ID || len(got.Checks) != 3 || len(got.Checks[0].Findings) != 0 {
		t.Errorf("verdict %+v, %d checks", got.Verdict, len(got.Checks))
	}
	if got.Status != models.PlacementActive {
		t.Errorf("an explicit re-check changed the status to %s", got.Status)
	}
}

// TestCapAcrossSchools: E1 has 20 on-post staff, so INT-12 allows 2 interns at
// a time (exactly 10 % passes); an active placement of school A and one of
// school B make a third, proposed by school A, one too many. Drafts do not count.
func TestCapAcrossSchools(t *testing.T) {
	e := setup(t)
	a := e.activate(t, e.create(t, e.office, e.s1, e.e1, "2027-03-01", "2027-06-30"), nil)
	b := e.create(t, e.officeB, e.other, e.e1, "2027-04-01", "2027-08-31")
	if _, err := e.svc.Activate(e.officeB, b.ID, placements.Activation{Version: ver(b.Version)}); err != nil {
		t.Fatalf("second intern (exactly 10 %%) refused: %v", err)
	}
	e.create(t, e.office, e.s3, e.e1, "2027-03-01", "2027-06-30") // a draft: not counted
	third := e.create(t, e.office, e.s2, e.e1, "2027-05-01", "2027-05-31")
	res, err := e.svc.Check(e.office, third.ID, "")
	must(t, err)
	if ruleIDs(res.Findings) != "warn:INT-12" {
		t.Fatalf("got %s, want warn:INT-12", ruleIDs(res.Findings))
	}
	f := res.Findings[0]
	if f.Data["interns"] != 3 || f.Data["schools"] != 2 || !strings.Contains(f.Message, "含2所学校") {
		t.Errorf("got %s %v", f.Message, f.Data)
	}
	later := e.create(t, e.office, e.s2, e.e1, "2027-09-01", "2027-09-30") // after both
	res, err = e.svc.Check(e.office, later.ID, "")
	must(t, err)
	if len(res.Findings) != 0 {
		t.Errorf("a placement after the others got %s", ruleIDs(res.Findings))
	}
	_ = a
}

func TestEndings(t *testing.T) {
	e := setup(t)
	// started 2026-09-07; today is 2026-11-26
	running := func(t *testing.T, st *models.Student) *placements.Placement {
		return e.activate(t, e.create(t, e.office, st, e.e2, "2026-09-07", "2027-01-29"), nil)
	}
	t.Run("OK suspend and resume", func(t *testing.T) {
		pl := running(t, e.s1)
		_, err := e.svc.Suspend(e.office, pl.ID, placements.Suspension{Version: ver(pl.Version)})
		wantFields(t, err, "reason")
		_, err = e.svc.Suspend(e.office, pl.ID, placements.Suspension{Version: ver(pl.Version), Reason: str("夜班"), RuleID: str("INT-99")})
		wantFields(t, err, "ruleId")
		sus, err := e.svc.Suspend(e.office, pl.ID, placements.Suspension{Version: ver(pl.Version), Reason: str("企业安排夜班，待核实"), RuleID: str("int-10")})
		must(t, err)
		if sus.Status != models.PlacementSuspended || sus.Stop == nil || sus.Stop.RuleID != "INT-10" {
			t.Fatalf("got %s, stop %+v", sus.Status, sus.Stop)
		}
		res, err := e.svc.Activate(e.office, sus.ID, placements.Activation{Version: ver(sus.Version)})
		must(t, err)
		if res.Status != models.PlacementActive || res.Stop != nil || res.Verdict.CheckID != pl.Verdict.CheckID {
			t.Errorf("resumed: %s, stop %+v, verdict %+v (was %+v)", res.Status, res.Stop, res.Verdict, pl.Verdict)
		}
	})
	t.Run("OK terminate", func(t *testing.T) {
		pl := running(t, e.s2)
		_, err := e.svc.Terminate(e.office, pl.ID, placements.Termination{Version: ver(pl.Version), ActualEndDate: str("2026-12-01")})
		wantFields(t, err, "reason", "actualEndDate")
		term, err := e.svc.Terminate(e.office, pl.ID, placements.Termination{Version: ver(pl.Version), Reason: str("学生身体原因")})
		must(t, err)
		if term.Status != models.PlacementTerminated || term.ActualEndDate != day("2026-11-26") || term.TerminationReason != "学生身体原因" || term.EndDate != day("2026-11-26") {
			t.Errorf("got %s, end %v, reason %q", term.Status, term.ActualEndDate, term.TerminationReason)
		}
		_, err = e.svc.Terminate(e.office, pl.ID, placements.Termination{Version: ver(term.Version), Reason: str("再次")})
		wantConflict(t, err, "status", "已终止")
		err = e.svc.DeletePlacement(e.office, pl.ID)
		wantConflict(t, err, "status", "")
		_, err = e.svc.UpdatePlacement(e.office, pl.ID, models.PlacementFields{Version: ver(term.Version), Mentors: &models.MentorsFields{EnterpriseMentorName: "赵师傅"}})
		wantFields(t, err, "mentors")
	})
	t.Run("OK complete", func(t *testing.T) {
		pl := running(t, e.s3)
		_, err := e.svc.Complete(e.office, pl.ID, placements.Completion{Version: ver(pl.Version), ActualEndDate: str("2026-09-01")})
		wantFields(t, err, "actualEndDate")
		done, err := e.svc.Complete(e.office, pl.ID, placements.Completion{Version: ver(pl.Version), ActualEndDate: str("2026-11-20")})
		must(t, err)
		if done.Status != models.PlacementCompleted || done.ActualEndDate != day("2026-11-20") {
			t.Errorf("got %s, end %v", done.Status, done.ActualEndDate)
		}
	})
	t.Run("ErrConflict draft", func(t *testing.T) {
		pl := e.create(t, e.office, e.s1, e.e1, "2027-03-01", "2027-06-30")
		_, err := e.svc.Complete(e.office, pl.ID, placements.Completion{Version: ver(pl.Version)})
		wantConflict(t, err, "status", "草稿")
		_, err = e.svc.Suspend(e.office, pl.ID, placements.Suspension{Version: ver(pl.Version), Reason: str("x")})
		wantConflict(t, err, "status", "草稿")
	})
}

func TestUpdateActive(t *testing.T) {
	e := setup(t)
	act := e.activate(t, e.create(t, e.office, e.s1, e.e2, "2027-03-01", "2027-06-30"), nil)
	t.Run("ErrValidation judged fields", func(t *testing.T) {
		_, err := e.svc.UpdatePlacement(e.office, act.ID, models.PlacementFields{Version: ver(act.Version), PlannedEndDate: str("2027-12-31"),
			Post: &models.Post{Name: "装配工"}, Schedule: &models.Schedule{HoursPerDay: 8, DaysPerWeek: 5}})
		wantFields(t, err, "plannedEndDate", "post") // the schedule is unchanged
	})
	t.Run("OK running fields", func(t *testing.T) {
		up, err := e.svc.UpdatePlacement(e.office, act.ID, models.PlacementFields{Version: ver(act.Version),
			Mentors:   &models.MentorsFields{SchoolMentorTeacherID: e.teacher.ID.Hex(), EnterpriseMentorName: "赵师傅"},
			Insurance: &models.InsuranceFields{Insurer: "某保险公司", PolicyNo: "PL-2", From: "2027-02-22", To: "2027-12-31", PremiumPaidBy: "unit"}})
		must(t, err)
		if up.Mentors.EnterpriseMentorName != "赵师傅" || up.Insurance.PolicyNo != "PL-2" || len(up.Checks) != 1 {
			t.Errorf("got %+v, %+v, %d checks", up.Mentors, up.Insurance, len(up.Checks))
		}
	})
}

func sameWords(a, b string) bool {
	x, y := strings.Fields(a), strings.Fields(b)
	return sameIDsStr(x, y)
}

func sameIDsStr(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	seen := map[string]int{}
	for _, s := range a {
		seen[s]++
	}
	for _, s := range b {
		seen[s]--
	}
	for _, n := range seen {
		if n != 0 {
			return false
		}
	}
	return true
}
