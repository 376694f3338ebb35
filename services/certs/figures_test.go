package certs_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/certs"
	"github.com/chanjiao/chanjiao/services/figures"
)

// figureFixture is a small school year worked out by hand (statistical year 2025:
// 2025-09-01 to 2026-08-31), with absent candidates, a student holding two
// certificates, a re-sit, a student of another school and records just outside
// the year on both sides.
type figureFixture struct {
	*env
	figs    *figures.Service
	passIDs []string // the candidates behind x_pass_times
}

func newFigureFixture(t *testing.T) *figureFixture {
	e := setup(t)
	reg := figures.NewRegistry()
	reg.Register(certs.NewFigures(e.store, e.people, now))
	f := &figureFixture{env: e, figs: figures.New(reg, now)}

	// Pilots: Web and BIM in 2025 (BIM for two majors), Web in 2024 (outside),
	// Web in school B, and a skill pilot, which 1+X pilot counts ignore.
	for _, p := range []struct {
		ctx    context.Context
		entry  *models.CertEntry
		year   int
		majors []string
	}{{e.office, e.web, 2025, []string{"710201"}}, {e.office, e.bim, 2025, []string{"710201", "710202"}},
		{e.office, e.web, 2024, []string{"710201"}}, {e.officeB, e.web, 2025, []string{"710201"}}} {
		_, err := e.certs.CreatePilot(p.ctx, models.PilotFields{EntryID: str(p.entry.ID.Hex()), SchoolYear: num(p.year), MajorCodes: &p.majors})
		must(t, err)
	}
	electrician := f.skill(t, "6-31-01-03", "电工")
	turner := f.skill(t, "6-18-01-01", "车工")
	_, err := e.certs.CreatePilot(e.office, models.PilotFields{EntryID: str(electrician.ID.Hex()), SchoolYear: num(2025), MajorCodes: &[]string{"710201"}})
	must(t, err)

	type attempt struct {
		st             *models.Student
		result, certNo string
		issued         string
	}
	batches := []struct {
		ctx      string // "A" or "B"
		entry    *models.CertEntry
		level    string
		date     string
		attempts []attempt
		countsAs string // "pass": its passes are behind school A's x_pass_times
	}{
		{"A", e.web, "初级", "2026-03-10", []attempt{{e.s1, "pass", "WEB-001", "2026-04-01"}, {e.s2, "fail", "", ""}, {e.s3, "absent", "", ""}}, "pass"},
		{"A", e.web, "初级", "2026-06-20", []attempt{{e.s2, "pass", "WEB-002", "2026-09-05"}}, "pass"}, // re-sit; issued after the year
		{"A", e.bim, "初级", "2026-05-15", []attempt{{e.s1, "pass", "BIM-001", "2026-06-01"}}, "pass"}, // s1's second certificate
		{"A", e.web, "初级", "2025-08-31", []attempt{{e.s3, "pass", "WEB-000", "2025-08-31"}}, ""},     // the day before the year
		{"B", e.web, "初级", "2026-03-10", []attempt{{e.other, "pass", "WEB-B01", "2026-04-01"}}, ""},  // another school
		{"A", electrician, "四级", "2026-01-10", []attempt{{e.s1, "pass", "", ""}, {e.s2, "fail", "", ""}, {e.s3, "absent", "", ""}}, ""},
		{"A", turner, "四级", "2026-02-10", []attempt{{e.s2, "pass", "", ""}}, ""},
		{"A", electrician, "四级", "2025-07-01", []attempt{{e.s1, "fail", "", ""}}, ""}, // before the year
	}
	for _, bt := range batches {
		ctx := e.office
		if bt.ctx == "B" {
			ctx = e.officeB
		}
		b, err := e.certs.CreateBatch(ctx, models.BatchFields{EntryID: str(bt.entry.ID.Hex()), Level: str(bt.level), Date: str(bt.date)})
		must(t, err)
		for _, a := range bt.attempts {
			b, err = e.certs.Register(ctx, b.ID, models.Registration{Version: ver(b.Version), StudentID: str(a.st.ID.Hex()),
				RegisteredAt: str(bt.date), Reason: str("学生自愿报考")})
			must(t, err)
			c := b.Candidates[len(b.Candidates)-1]
			r := models.ResultFields{Version: ver(b.Version), Result: str(a.result)}
			if a.certNo != "" {
				r.CertificateNo, r.IssueDate = str(a.certNo), str(a.issued)
			}
			b, err = e.certs.RecordResult(ctx, b.ID, c.ID, r)
			must(t, err)
			if bt.countsAs == "pass" && a.result == "pass" {
				f.passIDs = append(f.passIDs, c.ID.Hex())
			}
		}
	}

	for _, tr := range []struct {
		ctx            string
		teacher        *models.Teacher
		entry          *models.CertEntry
		start, role    string
		countsThisYear bool
	}{
		{"A", e.teacher, e.web, "2025-10-10", "trainer", true},
		{"A", e.teacher, e.bim, "2026-08-31", "assessor", true}, // the last day of the year
		{"A", e.teacher, e.web, "2026-09-01", "trainer", false}, // the first day of the next
		{"B", e.teacherB, e.web, "2026-01-01", "trainer", false},
	} {
		ctx := e.office
		if tr.ctx == "B" {
			ctx = e.officeB
		}
		_, err := e.certs.CreateTraining(ctx, models.TrainingFields{TeacherID: str(tr.teacher.ID.Hex()), EntryID: str(tr.entry.ID.Hex()),
			Event: str("1+X师资培训"), StartDate: str(tr.start), EndDate: str(tr.start), Role: str(tr.role)})
		must(t, err)
	}
	// Graduates of the year: S1 (a 1+X certificate), S2 (its certificate issued
	// after the year, but a skill pass: 双证书 only), S3 (a certificate from the
	// year before, graduating on the year's last day) and S4 (nothing).
	for _, g := range []struct {
		st   *models.Student
		date string
	}{{e.s1, "2026-07-01"}, {e.s2, "2026-06-30"}, {e.s3, "2026-08-31"}} {
		cur, err := e.people.FindStudentByID(e.office, g.st.ID)
		must(t, err)
		_, err = e.people.UpdateStudent(e.office, g.st.ID, models.StudentFields{Version: &cur.Version,
			Status: str(models.StudentGraduated), GraduationDate: str(g.date)})
		must(t, err)
	}
	return f
}

func (f *figureFixture) skill(t *testing.T, code, name string) *models.CertEntry {
	t.Helper()
	e, err := f.certs.CreateEntry(f.admin, models.CertEntryFields{Type: str(models.CertSkill), Name: str(name), OccupationCode: str(code),
		OccupationName: str(name), Levels: &[]string{"五级", "四级"}})
	must(t, err)
	return e
}

type want struct {
	value    float64
	num, den int64
}

func byID(rep *figures.Report) map[string]figures.Figure {
	m := map[string]figures.Figure{}
	for _, f := range rep.Figures {
		m[f.ID] = f
	}
	return m
}

func TestCertificateFigures(t *testing.T) {
	f := newFigureFixture(t)
	rep, err := f.figs.Compute(f.office, "", 2025)
	must(t, err)
	got := byID(rep)
	for id, w := range map[string]want{
		"x_pilot_cert_count":       {2, 2, 0},  // Web, BIM (not 2024, not school B, not the skill pilot)
		"x_pilot_major_count":      {2, 2, 0},  // 710201, 710202
		"x_registered_students":    {3, 3, 0},  // S1, S2, S3 (S3 absent still registered); S3 again on 2025-08-31 is the year before
		"x_sat_times":              {4, 4, 0},  // S1 and S2 on 03-10, S2's re-sit, S1's BIM; S3 absent
		"x_pass_times":             {3, 3, 0},  // S1 Web, S2 re-sit, S1 BIM
		"x_pass_rate":              {75, 3, 4}, // 3 ÷ 4
		"x_certified_students":     {1, 1, 0},  // S1 (two certificates, one person); S2's issued 2026-09-05
		"x_cert_rate":              {33.3, 1, 3},
		"x_cert_rate_graduates":    {50, 2, 4}, // S1, S3 of S1–S4
		"grad_dual_cert_rate":      {75, 3, 4}, // S1, S2 (skill pass), S3
		"x_teacher_training_times": {2, 2, 0},  // 2025-10-10 and 2026-08-31
		"skill_occupation_count":   {2, 2, 0},  // 电工, 车工
		"skill_assessment_times":   {3, 3, 0},  // 电工 2 (absent not counted, 2025-07-01 outside), 车工 1
		"skill_pass_times":         {2, 2, 0},
	} {
		g, ok := got[id]
		if !ok {
			t.Errorf("%s missing", id)
			continue
		}
		if g.Value != w.value || g.Numerator != w.num || g.Denominator != w.den {
			t.Errorf("%s = %v (%d/%d), want %v (%d/%d)", id, g.Value, g.Numerator, g.Denominator, w.value, w.num, w.den)
		}
	}
	parts := func(id string) string {
		var s []string
		for _, p := range got[id].Parts {
			s = append(s, fmt.Sprintf("%s=%v(%d/%d)", p.Label, p.Value, p.Numerator, p.Denominator))
		}
		slices.Sort(s)
		return strings.Join(s, " ")
	}
	for id, w := range map[string]string{
		"x_pass_rate":            "Web前端开发职业技能等级证书 初级=66.7(2/3) 建筑信息模型（BIM）职业技能等级证书 初级=100(1/1)",
		"skill_assessment_times": "电工（6-31-01-03）=2(2/0) 车工（6-18-01-01）=1(1/0)",
		"skill_pass_times":       "电工（6-31-01-03）=1(1/0) 车工（6-18-01-01）=1(1/0)",
	} {
		if g := parts(id); g != w {
			t.Errorf("%s parts = %s\nwant %s", id, g, w)
		}
	}
}

func TestRateRecordsMarkTheNumerator(t *testing.T) {
	f := newFigureFixture(t)
	for id, want := range map[string]string{
		"x_pass_rate":         "学生S1:true 学生S1:true 学生S2:false 学生S2:true",
		"grad_dual_cert_rate": "学生S1:true 学生S2:true 学生S3:true 学生S4:false",
	} {
		_, refs, err := f.figs.Records(f.office, id, "", "", 2025)
		must(t, err)
		var got []string
		for _, r := range refs {
			name := r.Label[strings.Index(r.Label, "学生"):]
			got = append(got, fmt.Sprintf("%s:%v", strings.Fields(name)[0], r.InNumerator))
		}
		slices.Sort(got)
		if g := strings.Join(got, " "); g != want {
			t.Errorf("%s records = %s\nwant %s", id, g, want)
		}
	}
}

func TestFigureRecords(t *testing.T) {
	f := newFigureFixture(t)
	fig, refs, err := f.figs.Records(f.office, "x_pass_times", "", "", 2025)
	must(t, err)
	var ids []string
	for _, r := range refs {
		ids = append(ids, r.ID)
	}
	slices.Sort(ids)
	slices.Sort(f.passIDs)
	if fig.Numerator != 3 || !slices.Equal(ids, f.passIDs) {
		t.Fatalf("records of x_pass_times = %v, want %v", ids, f.passIDs)
	}
	if !strings.Contains(refs[0].Label, "学生S") {
		t.Errorf("office label %q lacks the student", refs[0].Label)
	}
	// one part opens to its own records
	rep, err := f.figs.Compute(f.office, "", 2025)
	must(t, err)
	rate := byID(rep)["x_pass_rate"]
	_, refs, err = f.figs.Records(f.office, "x_pass_rate", rate.Parts[0].Key, "", 2025)
	must(t, err)
	if int64(len(refs)) != rate.Parts[0].Denominator {
		t.Errorf("part %s opens %d records, want %d", rate.Parts[0].Key, len(refs), rate.Parts[0].Denominator)
	}
	if _, _, err := f.figs.Records(f.office, "x_pass_rate", "no-such-part", "", 2025); err == nil {
		t.Error("an unknown part opened")
	}
	if _, _, err := f.figs.Records(f.office, "no_such_figure", "", "", 2025); err == nil {
		t.Error("an unknown figure opened")
	}
}

func TestFigureScope(t *testing.T) {
	f := newFigureFixture(t)
	t.Run("auditor sees the same figures, pseudonymised records", func(t *testing.T) {
		rep, err := f.figs.Compute(f.auditor, "", 2025)
		must(t, err)
		if got := byID(rep)["x_pass_times"].Numerator; got != 3 {
			t.Fatalf("auditor x_pass_times = %d, want 3", got)
		}
		_, refs, err := f.figs.Records(f.auditor, "x_pass_times", "", "", 2025)
		must(t, err)
		for _, r := range refs {
			if strings.Contains(r.Label, "学生") || strings.Contains(r.Label, "S1") || !strings.HasPrefix(r.Label, "匿名") {
				t.Errorf("auditor sees %q", r.Label)
			}
		}
		if _, err := f.figs.Compute(f.auditor, f.schoolB.Hex(), 2025); err == nil {
			t.Error("auditor of A computed school B")
		}
	})
	t.Run("system admin rolls up every school", func(t *testing.T) {
		rep, err := f.figs.Compute(f.admin, "", 2025)
		must(t, err)
		got := byID(rep)
		if got["x_registered_students"].Numerator != 4 || got["x_pilot_cert_count"].Numerator != 3 {
			t.Errorf("roll-up: registered %d (want 4), pilots %d (want 3)", got["x_registered_students"].Numerator, got["x_pilot_cert_count"].Numerator)
		}
		rep, err = f.figs.Compute(f.admin, f.schoolB.Hex(), 2025)
		must(t, err)
		if byID(rep)["x_pass_times"].Numerator != 1 {
			t.Errorf("school B alone: x_pass_times = %d, want 1", byID(rep)["x_pass_times"].Numerator)
		}
	})
	t.Run("office of another school sees only its own", func(t *testing.T) {
		rep, err := f.figs.Compute(f.officeB, "", 2025)
		must(t, err)
		if byID(rep)["x_registered_students"].Numerator != 1 {
			t.Errorf("school B registered = %d, want 1", byID(rep)["x_registered_students"].Numerator)
		}
		if _, err := f.figs.Compute(f.officeB, f.schoolA.Hex(), 2025); err == nil {
			t.Error("office of B computed school A")
		}
	})
	t.Run("enterprise users and bad years are refused", func(t *testing.T) {
		if _, err := f.figs.Compute(f.company, "", 2025); err == nil {
			t.Error("enterprise user computed figures")
		}
		if _, err := f.figs.Compute(f.office, "", 1999); err == nil {
			t.Error("year 1999 accepted")
		}
	})
	t.Run("the year before has its own figures", func(t *testing.T) {
		rep, err := f.figs.Compute(f.office, "", 2024)
		must(t, err)
		got := byID(rep)
		if got["x_certified_students"].Numerator != 1 || got["skill_assessment_times"].Numerator != 1 || got["x_pilot_cert_count"].Numerator != 1 {
			t.Errorf("2024: certified %d, skill %d, pilots %d; want 1, 1, 1", got["x_certified_students"].Numerator,
				got["skill_assessment_times"].Numerator, got["x_pilot_cert_count"].Numerator)
		}
	})
}
