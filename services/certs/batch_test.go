package certs_test

import (
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
)

func TestBatchRules(t *testing.T) {
	e := setup(t)
	e.pilot(t, e.web)
	b := e.batch(t, e.web, "2026-06-15")
	t.Run("OK defaults", func(t *testing.T) {
		if b.SchoolID != e.schoolA || b.EvaluationOrg != "北京新奥时代科技有限责任公司" || b.CandidateCount != 0 || b.Candidates == nil {
			t.Fatalf("batch = %+v", b)
		}
	})
	t.Run("ErrLevelNotOfEntry", func(t *testing.T) {
		msg := fieldErr(t, mustFail(e.certs.CreateBatch(e.office, models.BatchFields{EntryID: str(e.web.ID.Hex()), Level: str("五级"), Date: str("2026-06-15")})), "level")
		if msg != "该证书没有此等级，可选：初级、中级、高级" {
			t.Fatalf("msg = %s", msg)
		}
	})
	t.Run("ErrFields", func(t *testing.T) {
		err := mustFail(e.certs.CreateBatch(e.office, models.BatchFields{EntryID: str(bson.NewObjectID().Hex()), Date: str("2026-02-30")}))
		for _, f := range []string{"entryId", "level", "date"} {
			fieldErr(t, err, f)
		}
	})
	b, _ = e.register(t, b, e.s1, "")
	t.Run("ErrChangeLevelWithCandidates", func(t *testing.T) {
		conflictOn(t, mustFail(e.certs.UpdateBatch(e.office, b.ID, models.BatchFields{Version: ver(b.Version), Level: str("中级")})), "level")
	})
	t.Run("ErrDateBeforeRegistration", func(t *testing.T) {
		fieldErr(t, mustFail(e.certs.UpdateBatch(e.office, b.ID, models.BatchFields{Version: ver(b.Version), Date: str("2026-04-30")})), "date")
	})
	t.Run("OK update", func(t *testing.T) {
		up, err := e.certs.UpdateBatch(e.office, b.ID, models.BatchFields{Version: ver(b.Version), Date: str("2026-05-01"), Site: str("实训楼302")})
		must(t, err)
		if up.Date.String() != "2026-05-01" || up.Site != "实训楼302" || up.CandidateCount != 1 || len(up.Candidates) != 1 {
			t.Fatalf("batch = %+v", up)
		}
		b = up
	})
	t.Run("ErrStaleVersion", func(t *testing.T) {
		isErr(t, mustFail(e.certs.UpdateBatch(e.office, b.ID, models.BatchFields{Version: ver(b.Version - 1), Label: str("x")})), models.ErrStaleVersion)
	})
	t.Run("OK list by year and entry", func(t *testing.T) {
		e.batch(t, e.web, "2026-09-01") // next statistical year
		e.batch(t, e.bim, "2026-08-31")
		for _, c := range []struct {
			f    models.BatchFilter
			want int64
		}{
			{models.BatchFilter{Year: 2025}, 2},
			{models.BatchFilter{Year: 2026}, 1},
			{models.BatchFilter{Year: 2025, EntryID: e.web.ID.Hex()}, 1},
			{models.BatchFilter{}, 3},
		} {
			page, err := e.certs.FindBatches(e.office, c.f)
			must(t, err)
			if page.Total != c.want {
				t.Fatalf("%+v: total = %d, want %d", c.f, page.Total, c.want)
			}
		}
	})
}

func TestRegister(t *testing.T) {
	e := setup(t)
	e.pilot(t, e.web) // 2025—2026, major 710201
	b := e.batch(t, e.web, "2026-06-15")
	s5 := e.student(t, e.office, "S5", "11010520080101006", "710201", "")
	cases := []struct {
		name     string
		reg      models.Registration
		stale    bool
		field    string // ValidationError on field
		conflict string // ConflictError on field
		check    func(t *testing.T, c models.Candidate)
	}{
		{name: "OK by studentId on the assessment day", reg: models.Registration{StudentID: str(e.s1.ID.Hex()), RegisteredAt: str("2026-06-15")},
			check: func(t *testing.T, c models.Candidate) {
				if c.StudentNo != "S1" || c.Name != "学生S1" || c.MajorCode != "710201" || c.OutsidePilot != "" || c.Result != "" {
					t.Fatalf("candidate = %+v", c)
				}
			}},
		{name: "ErrRegisteredAfterAssessment", reg: models.Registration{StudentID: str(e.s2.ID.Hex()), RegisteredAt: str("2026-06-16")}, field: "registeredAt"},
		{name: "OK by studentNo", reg: models.Registration{StudentNo: str("S2"), RegisteredAt: str("2026-05-01")},
			check: func(t *testing.T, c models.Candidate) {
				if c.StudentID != e.s2.ID || c.RegisteredAt.String() != "2026-05-01" {
					t.Fatalf("candidate = %+v", c)
				}
			}},
		{name: "ErrDuplicateRegistration", reg: models.Registration{StudentID: str(e.s1.ID.Hex())}, conflict: "studentId"},
		{name: "ErrStudentOfAnotherSchool", reg: models.Registration{StudentID: str(e.other.ID.Hex())}, field: "studentId"},
		{name: "ErrStudentNoOfAnotherSchool", reg: models.Registration{StudentNo: str("B1")}, field: "studentNo"},
		{name: "ErrNotEnrolled", reg: models.Registration{StudentID: str(e.grad.ID.Hex())}, field: "studentId"},
		{name: "ErrNoStudent", reg: models.Registration{}, field: "studentId"},
		{name: "ErrOutsidePilotWithoutReason", reg: models.Registration{StudentID: str(e.s3.ID.Hex()), RegisteredAt: str("2026-05-01")}, field: "reason"},
		{name: "OK outside pilot with reason", reg: models.Registration{StudentID: str(e.s3.ID.Hex()), RegisteredAt: str("2026-05-01"), Reason: str("学生自愿跨专业报考")},
			check: func(t *testing.T, c models.Candidate) {
				if c.OutsidePilot != "本校2025—2026学年未对专业710202（计算机网络技术）开展“Web前端开发职业技能等级证书”试点" || c.Reason != "学生自愿跨专业报考" {
					t.Fatalf("candidate = %+v", c)
				}
			}},
		{name: "ErrStaleVersion", reg: models.Registration{StudentID: str(s5.ID.Hex()), RegisteredAt: str("2026-05-01")}, stale: true},
		{name: "ErrDefaultRegisteredAtTodayIsAfterTheDate", reg: models.Registration{StudentID: str(s5.ID.Hex())}, field: "registeredAt"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cur, err := e.certs.FindBatchByID(e.office, b.ID)
			must(t, err)
			c.reg.Version = ver(cur.Version)
			if c.stale {
				c.reg.Version = ver(cur.Version - 1)
			}
			got, err := e.certs.Register(e.office, b.ID, c.reg)
			switch {
			case c.stale:
				isErr(t, err, models.ErrStaleVersion)
			case c.field != "":
				fieldErr(t, err, c.field)
			case c.conflict != "":
				conflictOn(t, err, c.conflict)
			default:
				must(t, err)
				if got.Version != cur.Version+1 || got.CandidateCount != len(got.Candidates) || len(got.Candidates) != len(cur.Candidates)+1 {
					t.Fatalf("batch = %+v", got)
				}
				c.check(t, got.Candidates[len(got.Candidates)-1])
			}
		})
	}
	t.Run("ErrOutsidePilot message names certificate, year and major", func(t *testing.T) {
		cur, err := e.certs.FindBatchByID(e.office, b.ID)
		must(t, err)
		e.student(t, e.office, "S6", "11010520080101007", "710202", "")
		msg := fieldErr(t, mustFail(e.certs.Register(e.office, b.ID, models.Registration{Version: ver(cur.Version), StudentNo: str("S6"), RegisteredAt: str("2026-05-01")})), "reason")
		for _, want := range []string{"Web前端开发职业技能等级证书", "2025—2026学年", "710202"} {
			if !strings.Contains(msg, want) {
				t.Fatalf("msg = %s, want %s in it", msg, want)
			}
		}
	})
	t.Run("ErrNoPilotThatYear", func(t *testing.T) {
		next := e.batch(t, e.web, "2026-09-10") // 2026—2027: no pilot
		msg := fieldErr(t, mustFail(e.certs.Register(e.office, next.ID, models.Registration{Version: ver(next.Version), StudentID: str(e.s1.ID.Hex()), RegisteredAt: str("2026-09-01")})), "reason")
		if !strings.Contains(msg, "2026—2027学年") {
			t.Fatalf("msg = %s", msg)
		}
	})
	t.Run("ErrRegisteredInFuture", func(t *testing.T) {
		_, err := e.certs.CreatePilot(e.office, models.PilotFields{EntryID: str(e.web.ID.Hex()), SchoolYear: num(2026), MajorCodes: &[]string{"710201"}})
		must(t, err)
		later := e.batch(t, e.web, "2026-12-10")
		fieldErr(t, mustFail(e.certs.Register(e.office, later.ID, models.Registration{Version: ver(later.Version), StudentID: str(e.s1.ID.Hex()), RegisteredAt: str("2026-11-27")})), "registeredAt")
		got, err := e.certs.Register(e.office, later.ID, models.Registration{Version: ver(later.Version), StudentID: str(e.s1.ID.Hex())})
		must(t, err)
		if got.Candidates[0].RegisteredAt.String() != "2026-11-26" {
			t.Fatalf("registeredAt = %s, want today", got.Candidates[0].RegisteredAt)
		}
	})
}
