package practice_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/figures"
	"github.com/chanjiao/chanjiao/services/practice"
	tk "github.com/chanjiao/chanjiao/services/servicetest"
)

// fixture, by hand (today 2026-11-26; SY2025 = 2025-09-01…2026-08-31, taken on
// 2026-08-31; SY2026 taken today):
//
//	T1 approved 2021-09-01…2022-02-27 (180 of 180 days, 甲) and 2026-08-01…2026-09-29
//	   (30 of 60 days, 甲); proposed 2024-01-01…2024-06-28 (not confirmed: never counts).
//	   On 2026-08-31: 180 + 15.5 = 195.5, short from 2026-10-01 (at risk).
//	   Today: window from 2021-11-27: 93 + 30 = 123, short by 57.
//	T2 approved 2023-01-01…2023-06-29 (甲) and 2023-03-01…2023-08-27 (乙), 180 days each,
//	   union 239; 2025-12-01…2025-12-31 (10 of 31 days, 甲): 249, meets.
//	T3 public course, T4 hired 2026-07-01 with no enterprise experience (not yet due,
//	   first term 2026-09-01 without practice), P1 part-time since 2025-03-01.
//	Recognitions: T1 中级 from 2024-06-01; T2 初级 2025-01-01…2026-06-30.
func fixture(t *testing.T) *env {
	e := setup(t)
	e.approve(t, practiceOf(e.t1, e.e1, "2021-09-01", "2022-02-27", 180))
	e.approve(t, practiceOf(e.t1, e.e1, "2026-08-01", "2026-09-29", 30))
	_, err := e.svc.CreatePractice(e.office, practiceOf(e.t1, e.e2, "2024-01-01", "2024-06-28", 180))
	tk.Must(t, err)
	e.approve(t, practiceOf(e.t2, e.e1, "2023-01-01", "2023-06-29", 180))
	e.approve(t, practiceOf(e.t2, e.e2, "2023-03-01", "2023-08-27", 180))
	e.approve(t, practiceOf(e.t2, e.e1, "2025-12-01", "2025-12-31", 10))
	for _, r := range []models.RecognitionFields{
		{TeacherID: tk.Str(e.t1.ID.Hex()), Level: tk.Str(models.DualIntermediate), AuthorityKind: tk.Str("city"), Authority: tk.Str("天津市教育委员会"), RecognizedAt: tk.Str("2024-06-01")},
		{TeacherID: tk.Str(e.t2.ID.Hex()), Level: tk.Str(models.DualJunior), AuthorityKind: tk.Str("school"), Authority: tk.Str("学校A"), RecognizedAt: tk.Str("2025-01-01"), ValidUntil: tk.Str("2026-06-30")},
	} {
		_, err := e.svc.CreateRecognition(e.office, r)
		tk.Must(t, err)
	}
	return e
}

func TestWarnings(t *testing.T) {
	e := fixture(t)
	list, err := e.svc.Warnings(e.office, "", models.Date{}, "")
	tk.Must(t, err)
	var got []string
	for _, it := range list.Items {
		line := it.StaffNo + ":" + it.Status
		if it.Status == practice.StandingShort {
			line += ":" + strconv.FormatFloat(it.Counted, 'f', -1, 64) + "/" + strconv.FormatFloat(it.Shortfall, 'f', -1, 64)
		}
		if it.NewHireUnpractised {
			line += ":new"
		}
		got = append(got, line)
	}
	if s := strings.Join(got, " "); s != "T1:short:123/57 T2:meets T4:not_yet_due:new" {
		t.Errorf("warnings today: %s", s)
	}
	list, err = e.svc.Warnings(e.office, "", day("2026-08-31"), "at_risk")
	tk.Must(t, err)
	if len(list.Items) != 1 || list.Items[0].StaffNo != "T1" || list.Items[0].ShortOn.String() != "2026-10-01" || list.Items[0].Counted != 195.5 {
		t.Errorf("at risk on 2026-08-31: %+v", list.Items)
	}
	list, err = e.svc.Warnings(e.office, "", models.Date{}, "new_hire")
	tk.Must(t, err)
	if len(list.Items) != 1 || list.Items[0].StaffNo != "T4" {
		t.Errorf("new hires: %+v", list.Items)
	}
	if _, err := e.svc.Warnings(e.entE1, "", models.Date{}, ""); err != models.ErrForbidden {
		t.Errorf("enterprise user got the warnings: %v", err)
	}
	list, err = e.svc.Warnings(e.officeB, "", models.Date{}, "")
	tk.Must(t, err)
	if len(list.Items) != 1 || list.Items[0].Name != "王一" {
		t.Errorf("school B sees %+v", list.Items)
	}
	st, err := e.svc.StandingOf(e.office, e.t2.ID, models.Date{})
	tk.Must(t, err)
	if st.Status != practice.StandingMeets || st.Counted != 249 || len(st.Periods) != 3 {
		t.Errorf("T2 standing %+v", st.Standing)
	}
}

func day(s string) models.Date {
	d, err := models.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestTeacherFigures(t *testing.T) {
	e := fixture(t)
	type want struct {
		value    float64
		num, den int64
	}
	for _, c := range []struct {
		year  int
		wants map[string]want
	}{
		{2025, map[string]want{
			"dual_qualified_count": {1, 1, 0}, "dual_qualified_ratio": {33.3, 1, 3}, // T1 of T1 T2 T4; T2's expired 2026-06-30
			"tep_teacher_count": {2, 2, 0}, "tep_person_days": {25.5, 25, 0}, // T1 15.5 (31 days at 1/2), T2 10
			"tep_short_count": {0, 0, 0}, "tep_at_risk_count": {1, 1, 0}, "tep_new_teacher_flags": {0, 0, 0},
			"parttime_teacher_count": {1, 1, 0},
		}},
		{2024, map[string]want{
			"dual_qualified_count": {2, 2, 0}, "dual_qualified_ratio": {100, 2, 2},
			"tep_teacher_count": {0, 0, 0}, "tep_person_days": {0, 0, 0}, "parttime_teacher_count": {1, 1, 0},
		}},
		{2026, map[string]want{
			"tep_short_count": {1, 1, 0}, "tep_new_teacher_flags": {1, 1, 0}, // taken today: T1 short; T4's first term 2026-09-01
			"tep_teacher_count": {1, 1, 0}, "tep_person_days": {14.5, 14, 0}, // T1 2026-09-01…09-29 at 1/2
		}},
	} {
		rep, err := e.figs.Compute(e.office, "", c.year)
		tk.Must(t, err)
		for _, f := range rep.Figures {
			w, ok := c.wants[f.ID]
			if ok && (f.Value != w.value || f.Numerator != w.num || f.Denominator != w.den) {
				t.Errorf("%d %s = %v (%d/%d), want %v (%d/%d)", c.year, f.ID, f.Value, f.Numerator, f.Denominator, w.value, w.num, w.den)
			}
		}
	}
	rep, err := e.figs.Compute(e.office, "", 2025)
	tk.Must(t, err)
	for _, f := range rep.Figures {
		if f.ID == "dual_qualified_count" && (len(f.Parts) != 3 || f.Parts[1].Value != 1 || f.Parts[0].Value != 0) {
			t.Errorf("by level %+v", f.Parts)
		}
	}
	// Every teacher in post by standing: on 2026-08-31 T1 at risk, T2 meets, T4
	// not yet due, T3 (public course) and P1 (part-time) not required; today T1
	// is short.
	for year, want := range map[int]string{
		2025: "5 达标=1 12个月内将不达标=1 不达标=0 入职未满5年=1 不作天数要求=2",
		2026: "5 达标=1 12个月内将不达标=0 不达标=1 入职未满5年=1 不作天数要求=2",
	} {
		rep, err := e.figs.Compute(e.office, "", year)
		tk.Must(t, err)
		for _, f := range rep.Figures {
			if f.ID != "tep_standing_count" {
				continue
			}
			got := strconv.FormatFloat(f.Value, 'f', -1, 64)
			for _, p := range f.Parts {
				got += " " + p.Label + "=" + strconv.FormatFloat(p.Value, 'f', -1, 64)
			}
			if got != want {
				t.Errorf("%d standing = %s, want %s", year, got, want)
			}
		}
	}
	_, refs, err := e.figs.Records(e.office, "tep_standing_count", practice.StandingAtRisk, "", 2025)
	tk.Must(t, err)
	if len(refs) != 1 || refs[0].ID != e.t1.ID.Hex() || refs[0].Label != "T1 "+e.t1.Name+" · 将于2026-10-01起不足" {
		t.Errorf("at-risk records %+v", refs)
	}
	ps, err := e.partners(context.Background(), figures.Scope{SchoolIDs: []bson.ObjectID{e.schoolA}, Year: models.StatYear{Start: 2025}})
	tk.Must(t, err)
	if len(ps) != 2 || ps[0].EnterpriseID != e.e1.ID || ps[1].EnterpriseID != e.e1.ID {
		t.Errorf("partners 2025: %+v", ps)
	}
}
