package figures_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/figures"
)

// yearly is a source whose figures are made of the scope: a's value is the
// year, b's the number of schools, with one record per school. It counts the
// scopes it was computed for.
type yearly struct {
	ids   [2]string
	calls []figures.Scope
}

func (y *yearly) Indicators() []figures.Indicator {
	return []figures.Indicator{{ID: y.ids[0], Unit: figures.UnitCount}, {ID: y.ids[1], Unit: figures.UnitCount}}
}

func (y *yearly) Compute(_ context.Context, s figures.Scope) ([]figures.Figure, error) {
	y.calls = append(y.calls, s)
	now := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	var refs []figures.Ref
	for _, id := range s.SchoolIDs {
		refs = append(refs, figures.Ref{ID: id.Hex(), Kind: "school", SchoolID: id})
	}
	a := figures.Count(figures.Indicator{ID: y.ids[0]}, nil, now)
	a.Value = float64(s.Year.Start)
	a.Parts = []figures.Part{figures.PartCount("k", "部分", refs)}
	return []figures.Figure{a, figures.Count(figures.Indicator{ID: y.ids[1]}, refs, now)}, nil
}

func as(p *models.Principal) context.Context { return models.WithPrincipal(context.Background(), p) }

func TestTrend(t *testing.T) {
	one, other := &yearly{ids: [2]string{"a", "b"}}, &yearly{ids: [2]string{"c", "d"}}
	reg := figures.NewRegistry()
	reg.Register(one)
	reg.Register(other)
	svc := figures.New(reg, time.Now)
	schoolA, schoolB := bson.NewObjectID(), bson.NewObjectID()
	office := as(&models.Principal{Role: models.RoleOfficeStaff, SchoolID: schoolA})
	auditor := as(&models.Principal{Role: models.RoleAuditor, SchoolIDs: []bson.ObjectID{schoolA, schoolB}})

	t.Run("OK", func(t *testing.T) {
		reps, err := svc.Trend(office, "", []string{"b", "a"}, 2021, 2025)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range reps {
			var fs []string
			for _, f := range r.Figures {
				fs = append(fs, fmt.Sprintf("%s=%v/%d", f.ID, f.Value, len(f.Records)))
			}
			got = append(got, fmt.Sprintf("%d %s %s", r.Year, r.YearLabel, strings.Join(fs, ",")))
		}
		want := []string{"2021 2021—2022学年 b=1/1,a=2021/0", "2022 2022—2023学年 b=1/1,a=2022/0", "2023 2023—2024学年 b=1/1,a=2023/0",
			"2024 2024—2025学年 b=1/1,a=2024/0", "2025 2025—2026学年 b=1/1,a=2025/0"}
		if !slices.Equal(got, want) {
			t.Errorf("trend = %q,\nwant %q", got, want)
		}
		if len(reps[0].Figures[1].Parts) != 1 || len(reps[0].Figures[1].Parts[0].Records) != 1 {
			t.Errorf("parts and their records not kept: %+v", reps[0].Figures[1].Parts)
		}
		if len(one.calls) != 5 || len(other.calls) != 0 {
			t.Errorf("computed %d and %d times, want the source of a and b only, once a year", len(one.calls), len(other.calls))
		}
		if s := one.calls[0]; len(s.SchoolIDs) != 1 || s.SchoolIDs[0] != schoolA {
			t.Errorf("office scope %+v", s)
		}
	})
	t.Run("the same numbers as the year's report", func(t *testing.T) {
		reps, err := svc.Trend(auditor, "", []string{"a", "b", "c"}, 2025, 2025)
		if err != nil {
			t.Fatal(err)
		}
		rep, err := svc.Compute(auditor, "", 2025)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range reps[0].Figures {
			i := slices.IndexFunc(rep.Figures, func(g figures.Figure) bool { return g.ID == f.ID })
			if g := rep.Figures[i]; g.Value != f.Value || g.RecordCount != f.RecordCount {
				t.Errorf("%s: trend %v/%d, report %v/%d", f.ID, f.Value, f.RecordCount, g.Value, g.RecordCount)
			}
		}
		if reps[0].Figures[1].Value != 2 {
			t.Errorf("auditor rolls up two schools, got %v", reps[0].Figures[1].Value)
		}
	})
	t.Run("ErrForbidden", func(t *testing.T) {
		ent := as(&models.Principal{Role: models.RoleEnterprise, EnterpriseID: bson.NewObjectID()})
		if _, err := svc.Trend(ent, "", []string{"a"}, 2024, 2025); !errors.Is(err, models.ErrForbidden) {
			t.Errorf("enterprise user: %v", err)
		}
		if _, err := svc.Trend(office, schoolB.Hex(), []string{"a"}, 2024, 2025); !errors.Is(err, models.ErrForbidden) {
			t.Errorf("office of another school: %v", err)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		if _, err := svc.Trend(office, "", []string{"a", "nope"}, 2024, 2025); !errors.Is(err, models.ErrNotFound) {
			t.Errorf("unknown id: %v", err)
		}
	})
	t.Run("ErrInvalidSpan", func(t *testing.T) {
		for _, span := range [][2]int{{2025, 2024}, {2015, 2025}} {
			var v *models.ValidationError
			if _, err := svc.Trend(office, "", []string{"a"}, span[0], span[1]); !errors.As(err, &v) {
				t.Errorf("%v: %v", span, err)
			}
		}
	})
}
