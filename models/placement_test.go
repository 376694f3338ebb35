package models

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
)

func strp(s string) *string { return &s }

func mustDate(t *testing.T, s string) Date {
	t.Helper()
	d, err := ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestNormalizePlacementKind(t *testing.T) {
	tests := []struct{ in, kind, legacy string }{
		{"position", PlacementPosition, ""},
		{"cognitive", PlacementCognitive, ""},
		{"follow", PlacementPosition, LegacyFollow},
		{" TOP ", PlacementPosition, LegacyTop},
		{"other", "other", ""}, // left for the validator to refuse
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			kind, legacy := NormalizePlacementKind(tt.in)
			if kind != tt.kind || legacy != tt.legacy {
				t.Fatalf("got %q, %q; want %q, %q", kind, legacy, tt.kind, tt.legacy)
			}
		})
	}
}

func validFields() PlacementFields {
	id := bson.NewObjectID().Hex()
	return PlacementFields{
		Kind: strp("top"), Arrangement: strp(ArrangedBySchool),
		StudentID: strp(id), EnterpriseID: strp(id),
		StartDate: strp("2026-03-02"), PlannedEndDate: strp("2026-06-30"),
		Agreement: &AgreementFields{DocRef: " XY-1 ", SignedBySchool: "2026-02-20", SignedByUnit: "2026-02-21", SignedByStudent: "2026-02-22"},
		Insurance: &InsuranceFields{Insurer: "某保险", PolicyNo: "P1", From: "2026-03-01", To: "2026-06-30", PremiumPaidBy: PaidBySchool},
		Mentors:   &MentorsFields{SchoolMentorTeacherID: id, EnterpriseMentorName: " 王师傅 "},
		Pay:       &Pay{IndependentWork: true, MonthlyAmountFen: 300000, SamePostWageFen: 350000, CycleDays: 30, Method: PayBankTransfer, PaidDirectly: true},
	}
}

func TestPlacementFieldsApply(t *testing.T) {
	t.Run("OK legacy kind, defaults, trimmed, dates", func(t *testing.T) {
		var p Placement
		var errs ValidationError
		validFields().Apply(&p, &errs)
		if err := errs.Err(); err != nil {
			t.Fatal(err)
		}
		if p.Kind != PlacementPosition || p.LegacyKind != LegacyTop || p.Context != ContextNone || p.Status != PlacementDraft || p.Site.Country != "CN" {
			t.Fatalf("placement = %+v", p)
		}
		if p.Agreement.DocRef != "XY-1" || p.Agreement.SignedByUnit.String() != "2026-02-21" || p.Mentors.EnterpriseMentorName != "王师傅" {
			t.Fatalf("sub-records = %+v %+v", p.Agreement, p.Mentors)
		}
		if err := p.CheckFields(); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("ErrDates named by path", func(t *testing.T) {
		f := validFields()
		f.Agreement.SignedByUnit = "2026-02-30"
		f.Insurance.To = "soon"
		f.Mentors.SchoolMentorTeacherID = "nope"
		var p Placement
		var errs ValidationError
		f.Apply(&p, &errs)
		for _, k := range []string{"agreement.signedByUnit", "insurance.to", "mentors.schoolMentorTeacherId"} {
			if errs.Fields[k] == "" {
				t.Errorf("no error on %s: %v", k, errs.Fields)
			}
		}
	})
	t.Run("OK partial update keeps the rest", func(t *testing.T) {
		var p Placement
		var errs ValidationError
		validFields().Apply(&p, &errs)
		PlacementFields{Kind: strp("cognitive")}.Apply(&p, &errs)
		if p.Kind != PlacementCognitive || p.LegacyKind != "" || p.Agreement.DocRef != "XY-1" {
			t.Fatalf("placement = %+v", p)
		}
	})
}

func TestPlacementCheckFields(t *testing.T) {
	base := func() Placement {
		var p Placement
		var errs ValidationError
		validFields().Apply(&p, &errs)
		return p
	}
	tests := []struct {
		name, field string
		change      func(p *Placement)
	}{
		{"ErrStudentRequired", "studentId", func(p *Placement) { p.StudentID = bson.NilObjectID }},
		{"ErrEnterpriseRequired", "enterpriseId", func(p *Placement) { p.EnterpriseID = bson.NilObjectID }},
		{"ErrStartRequired", "startDate", func(p *Placement) { p.StartDate = Date{} }},
		{"ErrEndBeforeStart", "plannedEndDate", func(p *Placement) { p.PlannedEndDate = mustDate(t, "2026-03-01") }},
		{"ErrActualBeforeStart", "actualEndDate", func(p *Placement) { p.ActualEndDate = mustDate(t, "2026-03-01") }},
		{"ErrContextWithoutID", "contextId", func(p *Placement) { p.Context = ContextOrderClass }},
		{"ErrIDWithoutContext", "contextId", func(p *Placement) { p.ContextID = bson.NewObjectID() }},
		{"ErrLegacyCognitive", "kind", func(p *Placement) { p.Kind = PlacementCognitive }},
		{"ErrInsuranceReversed", "insurance.to", func(p *Placement) { p.Insurance.To = mustDate(t, "2026-02-01") }},
		{"ErrTerminatedWithoutReason", "terminationReason", func(p *Placement) { p.Status = PlacementTerminated }},
		{"ErrWeekNotMonday", "weeks[0].weekStart", func(p *Placement) { p.Weeks = []Week{{WeekStart: mustDate(t, "2026-03-03")}} }},
		{"ErrWeekTwice", "weeks[1].weekStart", func(p *Placement) {
			p.Weeks = []Week{{WeekStart: mustDate(t, "2026-03-02")}, {WeekStart: mustDate(t, "2026-03-02")}}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := base()
			tt.change(&p)
			err := p.CheckFields()
			ve, ok := err.(*ValidationError)
			if !ok || ve.Fields[tt.field] == "" {
				t.Fatalf("err = %v, want one on %s", err, tt.field)
			}
		})
	}
	t.Run("OK end date prefers the actual one", func(t *testing.T) {
		p := base()
		if p.EndDate().String() != "2026-06-30" {
			t.Fatal(p.EndDate())
		}
		p.ActualEndDate = mustDate(t, "2026-05-15")
		if p.EndDate().String() != "2026-05-15" {
			t.Fatal(p.EndDate())
		}
	})
}

func TestPlacementRoundTrip(t *testing.T) {
	var p Placement
	var errs ValidationError
	validFields().Apply(&p, &errs)
	p.Fees.Charges = []Charge{{Kind: FeeDeposit, AmountFen: 9_007_199_254_740_993}} // beyond float64 precision
	p.Weeks = []Week{{ID: bson.NewObjectID(), WeekStart: mustDate(t, "2026-03-02"), WeekConfirmation: WeekConfirmation{DaysWorked: 4, Hours: 30,
		ConfirmedAt: time.Date(2026, 3, 9, 2, 0, 0, 0, time.UTC), Channel: ChannelOffice, EnteredByOffice: true, CorrectionReason: "周五病假"},
		Previous: []WeekConfirmation{{DaysWorked: 5, Hours: 37.5, ConfirmedAt: time.Date(2026, 3, 8, 2, 0, 0, 0, time.UTC), Channel: ChannelPortal}}}}
	p.Checks = []PlacementCheck{{ID: bson.NewObjectID(), RuleSetVersion: "2021.1", Findings: []Finding{{RuleID: "INT-14", Severity: SeverityWarn, NeedsReason: true,
		Data: map[string]any{"months": int64(7)}}}}}
	raw, err := bson.Marshal(&p)
	if err != nil {
		t.Fatal(err)
	}
	var back Placement
	if err := bson.Unmarshal(raw, &back); err != nil {
		t.Fatal(err)
	}
	if back.Fees.Charges[0].AmountFen != 9_007_199_254_740_993 || back.Pay.MonthlyAmountFen != 300000 {
		t.Fatalf("money = %+v %+v", back.Fees, back.Pay)
	}
	if back.StartDate != p.StartDate || !back.Weeks[0].Confirmed() || back.Weeks[0].WeekStart.String() != "2026-03-02" || back.LegacyKind != LegacyTop {
		t.Fatalf("back = %+v", back)
	}
	if back.LastCheck().Findings[0].Data["months"] != int64(7) {
		t.Fatalf("finding data = %#v", back.LastCheck().Findings[0].Data)
	}
	js, err := json.Marshal(&back)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"startDate":"2026-03-02"`, `"kind":"position"`, `"legacyKind":"top"`, `"monthlyAmountFen":300000`} {
		if !strings.Contains(string(js), want) {
			t.Errorf("json lacks %s: %s", want, js)
		}
	}
	if strings.Contains(string(js), `"actualEndDate"`) {
		t.Errorf("unset actual end rendered: %s", js)
	}
}
