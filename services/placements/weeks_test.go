package placements_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/placements"
)

func week(start string, days int, hours, night float64) placements.WeekFields {
	return placements.WeekFields{WeekStart: start, DaysWorked: days, Hours: hours, NightHours: night}
}

// TestConfirmWeeks: a placement at E1 since Monday 2026-09-07 (today is
// 2026-11-26); the enterprise confirms weeks, a night shift is a Block finding
// that stops completion until the office corrects the week.
func TestConfirmWeeks(t *testing.T) {
	e := setup(t)
	pl := e.create(t, e.office, e.s1, e.e1, "2026-09-07", "2027-01-29")
	t.Run("ErrConflict draft", func(t *testing.T) {
		_, err := e.svc.ConfirmWeeks(e.entE1, pl.ID, placements.Weeks{Version: ver(pl.Version), Weeks: []placements.WeekFields{week("2026-09-07", 5, 40, 0)}})
		wantConflict(t, err, "status", "")
	})
	pl = e.activate(t, pl, nil)
	checks := len(pl.Checks)
	t.Run("ErrForbidden other enterprise", func(t *testing.T) {
		_, err := e.svc.ConfirmWeeks(e.entE2, pl.ID, placements.Weeks{Version: ver(pl.Version), Weeks: []placements.WeekFields{week("2026-09-07", 5, 40, 0)}})
		wantErr(t, err, models.ErrForbidden)
	})
	t.Run("ErrValidation", func(t *testing.T) {
		_, err := e.svc.ConfirmWeeks(e.entE1, pl.ID, placements.Weeks{Version: ver(pl.Version), Weeks: []placements.WeekFields{
			week("2026-09-08", 5, 40, 0),  // a Tuesday
			week("2026-08-31", 5, 40, 0),  // before the start
			week("2026-11-30", 5, 40, 0),  // next week
			week("2026-09-14", 8, 200, 0), // 8 days, 200 hours
			week("2026-09-21", 5, 40, 41),
			week("2026-09-28", 5, 40, 0),
			week("2026-09-28", 5, 40, 0), // twice
		}})
		wantFields(t, err, "weeks[0].weekStart", "weeks[1].weekStart", "weeks[2].weekStart", "weeks[3].daysWorked", "weeks[3].hours",
			"weeks[4].nightHours", "weeks[6].weekStart")
		_, err = e.svc.ConfirmWeeks(e.entE1, pl.ID, placements.Weeks{Version: ver(pl.Version)})
		wantFields(t, err, "weeks")
	})
	t.Run("OK batch", func(t *testing.T) {
		got, err := e.svc.ConfirmWeeks(e.entE1, pl.ID, placements.Weeks{Version: ver(pl.Version), Weeks: []placements.WeekFields{
			week("2026-09-14", 5, 40, 0), week("2026-09-07", 5, 40, 0)}})
		must(t, err)
		if len(got.Weeks) != 2 || got.Weeks[0].WeekStart != day("2026-09-07") || got.Weeks[0].Channel != models.ChannelPortal || got.Weeks[0].EnteredByOffice {
			t.Fatalf("got weeks %+v", got.Weeks)
		}
		if len(got.Checks) != checks {
			t.Errorf("weeks within the rules added a check: %d, want %d", len(got.Checks), checks)
		}
		pl = got
	})
	t.Run("OK night shift is a Block finding", func(t *testing.T) {
		got, err := e.svc.ConfirmWeeks(e.entE1, pl.ID, placements.Weeks{Version: ver(pl.Version), Weeks: []placements.WeekFields{
			week("2026-09-21", 5, 40, 6), week("2026-09-28", 6, 50, 0)}})
		must(t, err)
		if len(got.Checks) != checks+1 || got.Compliance != placements.ComplianceBlock {
			t.Fatalf("got %d checks, compliance %s", len(got.Checks), got.Compliance)
		}
		if got.Checks[0].ID != got.Verdict.CheckID || got.Status != models.PlacementActive {
			t.Errorf("the verdict or status changed: %+v, %s", got.Verdict, got.Status)
		}
		if ids := ruleIDs(got.LastCheck().Findings); !sameWords(ids, "block:INT-10 warn:INT-11 warn:INT-11") {
			t.Errorf("got findings %s", ids)
		}
		if msg := findings(got, "INT-10")[0].Message; !strings.Contains(msg, "2026-09-21") || !strings.Contains(msg, "6小时") {
			t.Errorf("INT-10 message %q does not name the week and hours", msg)
		}
		_, err = e.svc.Complete(e.office, got.ID, placements.Completion{Version: ver(got.Version)})
		wantFields(t, err, "findings.INT-10")
		pl = got
	})
	t.Run("ErrValidation a confirmed week is corrected, not confirmed again", func(t *testing.T) {
		_, err := e.svc.ConfirmWeeks(e.office, pl.ID, placements.Weeks{Version: ver(pl.Version), Weeks: []placements.WeekFields{week("2026-09-21", 5, 40, 0)}})
		if msg := wantFields(t, err, "weeks[0].weekStart")["weeks[0].weekStart"]; !strings.Contains(msg, "更正原因") {
			t.Errorf("message %q does not point to a correction", msg)
		}
	})
	t.Run("OK office corrects a week", func(t *testing.T) {
		got, err := e.svc.CorrectWeek(e.office, pl.ID, withVersion(correction("2026-09-21", 5, 40, 0, "企业来电：夜班为误填"), pl.Version))
		must(t, err)
		w := got.Weeks[2]
		if w.WeekStart != day("2026-09-21") || w.ID != pl.Weeks[2].ID || !w.EnteredByOffice || w.Channel != models.ChannelOffice || len(got.Weeks) != 4 {
			t.Errorf("got week %+v of %d", w, len(got.Weeks))
		}
		if ids := ruleIDs(got.LastCheck().Findings); !sameWords(ids, "warn:INT-11 warn:INT-11") {
			t.Errorf("got findings %s", ids)
		}
		if _, err := e.svc.Complete(e.office, got.ID, placements.Completion{Version: ver(got.Version)}); err != nil {
			t.Errorf("completion after the correction: %v", err)
		}
	})
}

func correction(start string, days int, hours, night float64, reason string) placements.WeekCorrection {
	c := placements.WeekCorrection{WeekStart: start, DaysWorked: days, Hours: hours, NightHours: night}
	if reason != "" {
		c.Reason = &reason
	}
	return c
}

// TestCorrectWeek: the enterprise confirmed two weeks of a placement since
// Monday 2026-09-07; it corrects one (45 hours: INT-11), then the office
// corrects it again on its behalf. Each correction keeps the confirmation it
// replaces, and the audit log has the change.
func TestCorrectWeek(t *testing.T) {
	e := setup(t)
	pl := e.activate(t, e.create(t, e.office, e.s1, e.e1, "2026-09-07", "2027-01-29"), nil)
	pl, err := e.svc.ConfirmWeeks(e.entE1, pl.ID, placements.Weeks{Version: ver(pl.Version), Weeks: []placements.WeekFields{
		week("2026-09-07", 5, 40, 0), week("2026-09-14", 5, 40, 0)}})
	must(t, err)
	first := pl.Weeks[1]
	t.Run("ErrForbidden", func(t *testing.T) {
		for name, ctx := range map[string]context.Context{"other enterprise": e.entE2, "auditor": e.auditor} {
			_, err := e.svc.CorrectWeek(ctx, pl.ID, withVersion(correction("2026-09-14", 4, 32, 0, "少报一天"), pl.Version))
			if !errors.Is(err, models.ErrForbidden) {
				t.Errorf("%s: got %v, want ErrForbidden", name, err)
			}
		}
		_, err := e.svc.CorrectWeek(e.officeB, pl.ID, withVersion(correction("2026-09-14", 4, 32, 0, "少报一天"), pl.Version))
		wantErr(t, err, models.ErrNotFound)
	})
	tests := []struct {
		name string
		in   placements.WeekCorrection
		want []string
	}{
		{"no reason", correction("2026-09-14", 4, 32, 0, ""), []string{"reason"}},
		{"blank reason", correction("2026-09-14", 4, 32, 0, "  "), []string{"reason"}},
		{"reason too long", correction("2026-09-14", 4, 32, 0, strings.Repeat("长", 501)), []string{"reason"}},
		{"week not confirmed", correction("2026-09-21", 5, 40, 0, "补录"), []string{"weekStart"}},
		{"not a Monday", correction("2026-09-15", 5, 40, 0, "改期"), []string{"weekStart"}},
		{"hours beyond the days", correction("2026-09-14", 1, 30, 0, "改时数"), []string{"hours"}},
		{"night beyond the hours", correction("2026-09-14", 5, 40, 41, "改夜班"), []string{"nightHours"}},
		{"all at once", correction("2026-09-21", 8, -1, 0, ""), []string{"weekStart", "daysWorked", "hours", "reason"}},
	}
	for _, tt := range tests {
		t.Run("ErrValidation "+tt.name, func(t *testing.T) {
			_, err := e.svc.CorrectWeek(e.entE1, pl.ID, withVersion(tt.in, pl.Version))
			wantFields(t, err, tt.want...)
		})
	}
	t.Run("ErrValidation version", func(t *testing.T) {
		_, err := e.svc.CorrectWeek(e.entE1, pl.ID, correction("2026-09-14", 4, 32, 0, "少报一天"))
		wantFields(t, err, "version")
	})
	if got, err := e.svc.FindPlacementByID(e.office, pl.ID); err != nil || got.Version != pl.Version {
		t.Fatalf("a refused correction wrote: version %d, want %d (%v)", got.Version, pl.Version, err)
	}

	t.Run("OK the enterprise corrects past the weekly limit", func(t *testing.T) {
		checks := len(pl.Checks)
		got, err := e.svc.CorrectWeek(e.entE1, pl.ID, withVersion(correction("2026-09-14", 5, 45, 0, "周六加班5小时漏报"), pl.Version))
		must(t, err)
		w := got.Weeks[1]
		if w.ID != first.ID || w.DaysWorked != 5 || w.Hours != 45 || w.CorrectionReason != "周六加班5小时漏报" || w.Channel != models.ChannelPortal || w.EnteredByOffice {
			t.Errorf("got week %+v", w)
		}
		if len(w.Previous) != 1 || w.Previous[0] != first.WeekConfirmation {
			t.Errorf("got previous %+v, want the first confirmation %+v", w.Previous, first.WeekConfirmation)
		}
		if p, _ := models.PrincipalFrom(e.entE1); w.ConfirmedBy != p.UserID || w.ConfirmedAt.IsZero() {
			t.Errorf("corrected by %s at %s", w.ConfirmedBy.Hex(), w.ConfirmedAt)
		}
		if len(got.Checks) != checks+1 || got.Compliance != placements.ComplianceWarn {
			t.Fatalf("got %d checks (had %d), compliance %s", len(got.Checks), checks, got.Compliance)
		}
		if fs := findings(got, "INT-11"); len(fs) != 2 || !strings.Contains(fs[0].Message, "2026-09-14起的一周经确认工作45小时，超过每周40小时") {
			t.Errorf("INT-11 findings %+v", fs)
		}
		pl = got
	})
	t.Run("OK suspended: the office corrects on the enterprise's behalf", func(t *testing.T) {
		sus, err := e.svc.Suspend(e.office, pl.ID, placements.Suspension{Version: ver(pl.Version), Reason: str("核实工时")})
		must(t, err)
		got, err := e.svc.CorrectWeek(e.office, pl.ID, withVersion(correction("2026-09-14", 5, 40, 0, "核实后加班不属实"), sus.Version))
		must(t, err)
		w := got.Weeks[1]
		office, _ := models.PrincipalFrom(e.office)
		if !w.EnteredByOffice || w.Channel != models.ChannelOffice || w.ConfirmedBy != office.UserID || w.Hours != 40 || len(w.Previous) != 2 || w.Previous[1].Hours != 45 ||
			w.Previous[1].CorrectionReason != "周六加班5小时漏报" {
			t.Errorf("got week %+v", w)
		}
		if got.Compliance != placements.ComplianceClear || got.Status != models.PlacementSuspended {
			t.Errorf("got compliance %s, status %s", got.Compliance, got.Status)
		}
		pl = got
	})
	t.Run("OK audit log", func(t *testing.T) {
		page, err := e.audit.FindEntries(e.office, models.AuditFilter{Entity: "placement", EntityID: pl.ID.Hex(), ListParams: models.ListParams{PageSize: 100}})
		must(t, err)
		prefix := "weeks[" + first.ID.Hex() + "]."
		var fields []string
		for _, en := range page.Items {
			for _, ch := range en.Changes {
				if strings.HasPrefix(ch.Field, prefix) && en.ActorRole == models.RoleEnterprise {
					fields = append(fields, strings.TrimPrefix(ch.Field, prefix))
				}
			}
		}
		// the same user at the same (test) time: only the values, the reason and the history change
		if !sameWords(strings.Join(fields, " "), "correctionReason hours previous") {
			t.Errorf("the enterprise's correction is logged as %v", fields)
		}
	})
	t.Run("ErrConflict ended", func(t *testing.T) {
		ended, err := e.svc.Terminate(e.office, pl.ID, placements.Termination{Version: ver(pl.Version), Reason: str("学生退出")})
		must(t, err)
		_, err = e.svc.CorrectWeek(e.entE1, pl.ID, withVersion(correction("2026-09-14", 5, 40, 0, "再改"), ended.Version))
		wantConflict(t, err, "status", "已终止")
		draft := e.create(t, e.office, e.s2, e.e1, "2027-03-01", "2027-06-30")
		_, err = e.svc.CorrectWeek(e.entE1, draft.ID, withVersion(correction("2027-03-01", 5, 40, 0, "x"), draft.Version))
		wantConflict(t, err, "status", "草稿")
	})
}

func withVersion(c placements.WeekCorrection, v int64) placements.WeekCorrection {
	c.Version = &v
	return c
}
