package placements_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/placements"
)

func TestRespond(t *testing.T) {
	e := setup(t)
	pl := e.create(t, e.office, e.s1, e.e1, "2027-03-01", "2027-06-30")
	t.Run("ErrForbidden other enterprise", func(t *testing.T) {
		_, err := e.svc.Respond(e.entE2, pl.ID, placements.Response{Version: ver(pl.Version), Decision: str("confirmed")})
		wantErr(t, err, models.ErrForbidden)
		_, err = e.svc.Respond(e.auditor, pl.ID, placements.Response{Version: ver(pl.Version), Decision: str("confirmed")})
		wantErr(t, err, models.ErrForbidden)
	})
	t.Run("ErrValidation", func(t *testing.T) {
		_, err := e.svc.Respond(e.entE1, pl.ID, placements.Response{Version: ver(pl.Version), Decision: str("declined")})
		wantFields(t, err, "note")
		_, err = e.svc.Respond(e.entE1, pl.ID, placements.Response{Decision: str("maybe")})
		wantFields(t, err, "decision", "version")
	})
	t.Run("OK confirm", func(t *testing.T) {
		got, err := e.svc.Respond(e.entE1, pl.ID, placements.Response{Version: ver(pl.Version), Decision: str("confirmed"), Note: str("可接收")})
		must(t, err)
		if got.UnitResponse.Decision != models.UnitConfirmed || got.UnitResponse.By.IsZero() || got.Student.IDNumber != models.MaskIDNumber(e.idS1) {
			t.Errorf("got %+v, student %+v", got.UnitResponse, got.Student)
		}
		pl = got
	})
	t.Run("ErrValidation declined cannot be activated", func(t *testing.T) {
		got, err := e.svc.Respond(e.entE1, pl.ID, placements.Response{Version: ver(pl.Version), Decision: str("declined"), Note: str("岗位已满")})
		must(t, err)
		_, err = e.svc.Activate(e.office, got.ID, placements.Activation{Version: ver(got.Version)})
		wantFields(t, err, "unitResponse")
		// another enterprise: the answer is cleared
		up, err := e.svc.UpdatePlacement(e.office, got.ID, models.PlacementFields{Version: ver(got.Version), EnterpriseID: str(e.e2.ID.Hex())})
		must(t, err)
		if up.UnitResponse.Decision != "" {
			t.Errorf("the new enterprise inherited the answer %+v", up.UnitResponse)
		}
		act := e.activate(t, up, nil)
		_, err = e.svc.Respond(e.entE2, act.ID, placements.Response{Version: ver(act.Version), Decision: str("declined"), Note: str("x")})
		wantConflict(t, err, "status", "进行中")
	})
}

func TestNameMentor(t *testing.T) {
	e := setup(t)
	pl := e.create(t, e.office, e.s1, e.e1, "2027-03-01", "2027-06-30")
	_, err := e.svc.NameMentor(e.entE2, pl.ID, placements.MentorFields{Version: ver(pl.Version), Name: str("钱师傅")})
	wantErr(t, err, models.ErrForbidden)
	_, err = e.svc.NameMentor(e.entE1, pl.ID, placements.MentorFields{Version: ver(pl.Version), Name: str(" "), Phone: str("123")})
	wantFields(t, err, "name", "phone")
	got, err := e.svc.NameMentor(e.entE1, pl.ID, placements.MentorFields{Version: ver(pl.Version), Name: str("钱师傅"), Phone: str("13800138000")})
	must(t, err)
	if got.Mentors.EnterpriseMentorName != "钱师傅" || got.Mentors.EnterpriseMentorPhone != "13800138000" || got.Mentors.SchoolMentorTeacherID != e.teacher.ID {
		t.Errorf("got mentors %+v", got.Mentors)
	}
}

func TestEvaluate(t *testing.T) {
	e := setup(t)
	pl := e.activate(t, e.create(t, e.office, e.s1, e.e1, "2026-09-07", "2027-01-29"), nil)
	t.Run("ErrValidation enterprise grades", func(t *testing.T) {
		_, err := e.svc.Evaluate(e.entE1, pl.ID, placements.Evaluation{Version: ver(pl.Version), MentorEvaluation: str("认真负责"), Grade: str("excellent"), Credits: new(float64)})
		wantFields(t, err, "grade", "credits")
		_, err = e.svc.Evaluate(e.entE1, pl.ID, placements.Evaluation{Version: ver(pl.Version)})
		wantFields(t, err, "mentorEvaluation")
	})
	t.Run("ErrForbidden", func(t *testing.T) {
		_, err := e.svc.Evaluate(e.entE2, pl.ID, placements.Evaluation{Version: ver(pl.Version), MentorEvaluation: str("x")})
		wantErr(t, err, models.ErrForbidden)
	})
	t.Run("OK", func(t *testing.T) {
		got, err := e.svc.Evaluate(e.entE1, pl.ID, placements.Evaluation{Version: ver(pl.Version), MentorEvaluation: str("认真负责，技能提升明显")})
		must(t, err)
		credits := 2.0
		_, err = e.svc.Evaluate(e.office, pl.ID, placements.Evaluation{Version: ver(got.Version), Grade: str("best")})
		wantFields(t, err, "grade")
		got, err = e.svc.Evaluate(e.office, pl.ID, placements.Evaluation{Version: ver(got.Version), Grade: str("excellent"), Score: num(92), Credits: &credits})
		must(t, err)
		a := got.Assessment
		if a.MentorEvaluation != "认真负责，技能提升明显" || a.Grade != models.GradeExcellent || a.Score == nil || *a.Score != 92 || a.Credits != 2 {
			t.Errorf("got assessment %+v", a)
		}
	})
}

// TestPersonalFindingsHidden: the enterprise and the auditor see that INT-04
// found something, not the data it found it in.
func TestPersonalFindingsHidden(t *testing.T) {
	e := setup(t)
	f := good(e.s2, e.e1, e.teacher, "2027-03-01", "2027-06-30") // s2 is female
	f.Post.Category = "重负重作业"
	pl, err := e.svc.CreatePlacement(e.office, f)
	must(t, err)
	_, err = e.svc.Check(e.office, pl.ID, "")
	must(t, err)
	office, err := e.svc.FindPlacementByID(e.office, pl.ID)
	must(t, err)
	if fs := findings(office, "INT-04"); len(fs) != 1 || !strings.Contains(fs[0].Message, "女学生") {
		t.Fatalf("office sees INT-04 as %+v", fs)
	}
	for name, ctx := range map[string]context.Context{"enterprise": e.entE1, "auditor": e.auditor} {
		got, err := e.svc.FindPlacementByID(ctx, pl.ID)
		must(t, err)
		fs := findings(got, "INT-04")
		if len(fs) != 1 || fs[0].Severity != models.SeverityBlock || fs[0].Message != "INT-04 女学生不从事禁忌岗位（详情仅学校教务处可见）" || fs[0].Data != nil {
			t.Errorf("%s sees INT-04 as %+v", name, fs)
		}
	}
}
