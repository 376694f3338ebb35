package cohorts_test

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/figures"
	tk "github.com/chanjiao/chanjiao/services/servicetest"
)

// figureFixture, by hand (SY2024 = 2024-09-01…2025-08-31, SY2025 = 2025-09-01…2026-08-31):
//
//	order class OC1 (甲): S1 2025-03-01…2025-08-31, S2 from 2025-03-01, S3 from 2025-10-01,
//	                      G1 2025-03-01…2026-06-30 (graduated 2026-06-30), hired 2026-07-01
//	order class OC2 (乙): S1 from 2025-09-15
//	programme (乙):       S1 2025-09-01…2026-06-30 赵师傅, S2 2024-09-01…2025-08-31 赵师傅,
//	                      S3 2026-08-31…2027-06-30 钱师傅
//
// SY2024: order S1 S2 G1 = 3 (OC1 3); hired 0; apprentices S2 = 1, masters 1, ratio 1.0.
// SY2025: order S1 S2 S3 G1 = 4 (OC1 3: S2 S3 G1; OC2 1: S1); hired G1 = 1 (OC1 1 of 1
// graduating member); apprentices S1 S3 = 2, masters 赵 钱 = 2, ratio 1.0.
func figureFixture(t *testing.T) *env {
	e := setup(t)
	oc1 := e.class(models.MemberInput{StudentNo: "S1", JoinedAt: "2025-03-01", LeftAt: "2025-08-31"}, models.MemberInput{StudentNo: "S2", JoinedAt: "2025-03-01"},
		models.MemberInput{StudentNo: "S3", JoinedAt: "2025-10-01"}, models.MemberInput{StudentNo: "G1", JoinedAt: "2025-03-01", LeftAt: "2026-06-30"})
	oc1.Hires = &[]models.HireInput{{StudentNo: "G1", HiredAt: "2026-07-01", Doc: "录用通知-001"}}
	_, err := e.svc.CreateOrderClass(e.office, oc1)
	tk.Must(t, err)
	oc2 := e.class(models.MemberInput{StudentNo: "S1", JoinedAt: "2025-09-15"})
	oc2.Name, oc2.EnterpriseID = tk.Str("乙制造订单班"), tk.Str(e.e2.ID.Hex())
	_, err = e.svc.CreateOrderClass(e.office, oc2)
	tk.Must(t, err)
	pr := e.programme(t, e.e2)
	for _, c := range []models.ContractFields{
		contract(pr, e.s1, e.e2, "2025-08-01", "2025-09-01", "2026-06-30"),
		contract(pr, e.s2, e.e2, "2024-08-01", "2024-09-01", "2025-08-31"),
		contract(pr, e.s3, e.e2, "2026-08-01", "2026-08-31", "2027-06-30"),
	} {
		if *c.StudentID == e.s3.ID.Hex() {
			c.MasterName = tk.Str("钱师傅")
		}
		_, err := e.svc.CreateContract(e.office, c)
		tk.Must(t, err)
	}
	return e
}

func TestCohortFigures(t *testing.T) {
	e := figureFixture(t)
	type want struct {
		value    float64
		num, den int64
		parts    string
	}
	for _, c := range []struct {
		year  int
		wants map[string]want
	}{
		{2024, map[string]want{
			"order_student_count": {3, 3, 0, "甲机床订单班（甲机床有限公司）=3"}, "order_hired_count": {0, 0, 0, ""},
			"apprentice_student_count": {1, 1, 0, "数控学徒制（710201 2024级）=1"}, "apprentice_master_ratio": {1, 1, 1, ""},
		}},
		{2025, map[string]want{
			"order_student_count":      {4, 4, 0, "甲机床订单班（甲机床有限公司）=3 乙制造订单班（乙制造有限公司）=1"},
			"order_hired_count":        {1, 1, 0, "甲机床订单班（甲机床有限公司）录用率=100"},
			"apprentice_student_count": {2, 2, 0, "数控学徒制（710201 2024级）=2"}, "apprentice_master_ratio": {1, 2, 2, ""},
		}},
		{2026, map[string]want{
			"order_student_count": {3, 3, 0, "甲机床订单班（甲机床有限公司）=2 乙制造订单班（乙制造有限公司）=1"}, "order_hired_count": {0, 0, 0, ""},
			"apprentice_student_count": {1, 1, 0, "数控学徒制（710201 2024级）=1"}, "apprentice_master_ratio": {1, 1, 1, ""},
		}},
		{2023, map[string]want{
			"order_student_count": {0, 0, 0, ""}, "apprentice_student_count": {0, 0, 0, ""}, "apprentice_master_ratio": {0, 0, 0, ""},
		}},
	} {
		rep, err := e.figs.Compute(e.office, "", c.year)
		tk.Must(t, err)
		got := map[string]figures.Figure{}
		for _, f := range rep.Figures {
			got[f.ID] = f
		}
		for id, w := range c.wants {
			g := got[id]
			var parts []string
			for _, p := range g.Parts {
				parts = append(parts, p.Label+"="+strconv.FormatFloat(p.Value, 'f', -1, 64))
			}
			if g.Value != w.value || g.Numerator != w.num || g.Denominator != w.den || strings.Join(parts, " ") != w.parts {
				t.Errorf("%d %s = %v (%d/%d) [%s], want %v (%d/%d) [%s]", c.year, id, g.Value, g.Numerator, g.Denominator, strings.Join(parts, " "),
					w.value, w.num, w.den, w.parts)
			}
		}
	}
	// a contract terminated before the year no longer counts in it
	page, err := e.svc.FindContracts(e.office, models.ContractFilter{StudentID: e.s1.ID.Hex()})
	tk.Must(t, err)
	c := page.Items[0]
	_, err = e.svc.UpdateContract(e.office, c.ID, models.ContractFields{Version: tk.Ver(c.Version), Status: tk.Str(models.ContractTerminated),
		TerminationReason: tk.Str("学生转专业"), TerminatedAt: tk.Str("2025-08-31")})
	tk.Must(t, err)
	rep, err := e.figs.Compute(e.office, "", 2025)
	tk.Must(t, err)
	for _, f := range rep.Figures {
		if f.ID == "apprentice_student_count" && f.Value != 1 {
			t.Errorf("2025 apprentices after S1's termination = %v, want 1 (S3)", f.Value)
		}
	}
	// the records name the students, and auditors see pseudonyms instead
	_, refs, err := e.figs.Records(e.office, "order_student_count", "", "", 2025)
	tk.Must(t, err)
	var names []string
	for _, r := range refs {
		names = append(names, r.Name)
	}
	slices.Sort(names)
	if got := strings.Join(names, ","); got != "G1 张毕,S1 张一,S2 张二,S3 张三" {
		t.Errorf("order_student_count 2025 records: %s", got)
	}
	_, refs, err = e.figs.Records(e.auditor, "apprentice_student_count", "", "", 2025)
	tk.Must(t, err)
	for _, r := range refs {
		if strings.Contains(r.Label, "张") || !strings.HasPrefix(r.Label, "匿名") || r.Kind != "contract" {
			t.Errorf("auditor record %+v", r)
		}
	}
}

func TestCohortPartners(t *testing.T) {
	e := figureFixture(t)
	for year, want := range map[int]string{2023: "", 2024: "乙制造有限公司:contract 甲机床有限公司:order_class", 2025: "乙制造有限公司:contract 乙制造有限公司:contract 乙制造有限公司:order_class 甲机床有限公司:order_class"} {
		ps, err := e.partners(context.Background(), figures.Scope{SchoolIDs: []bson.ObjectID{e.schoolA}, Year: models.StatYear{Start: year}})
		tk.Must(t, err)
		var got []string
		for _, p := range ps {
			name := map[bson.ObjectID]string{e.e1.ID: "甲机床有限公司", e.e2.ID: "乙制造有限公司"}[p.EnterpriseID]
			got = append(got, name+":"+p.Ref.Kind)
			if p.Ref.Person != (bson.ObjectID{}) || p.Ref.Name != "" {
				t.Errorf("a partner record names a person: %+v", p.Ref)
			}
		}
		slices.Sort(got)
		if strings.Join(got, " ") != want {
			t.Errorf("%d partners %v, want %s", year, got, want)
		}
	}
}
