package sheets_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/audit"
	"github.com/chanjiao/chanjiao/services/certs"
	"github.com/chanjiao/chanjiao/services/cohorts"
	"github.com/chanjiao/chanjiao/services/enterprises"
	"github.com/chanjiao/chanjiao/services/luban"
	"github.com/chanjiao/chanjiao/services/people"
	"github.com/chanjiao/chanjiao/services/placements"
	"github.com/chanjiao/chanjiao/services/rules"
	"github.com/chanjiao/chanjiao/services/schools"
	"github.com/chanjiao/chanjiao/services/sheets"
	"github.com/chanjiao/chanjiao/services/store/storetest"
	"github.com/chanjiao/chanjiao/services/validate"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

func now() time.Time { return time.Date(2026, 11, 26, 8, 0, 0, 0, time.UTC) }

type env struct {
	sheets  *sheets.Service
	people  *people.Service
	ent     *enterprises.Service
	certs   *certs.Service
	plc     *placements.Service
	luban   *luban.Service
	audit   *audit.Log
	admin   context.Context
	office  context.Context // office_admin of school A
	officeB context.Context // office_admin of school B
	auditor context.Context // auditor of school A
	schoolA bson.ObjectID
	schoolB bson.ObjectID
}

func str(s string) *string { return &s }
func num(n int) *int       { return &n }

// setup gives a fresh database with schools A and B (both 中职), major 710201
// offered by school A and the seeded placement rule set.
func setup(t testing.TB) *env {
	t.Helper()
	s := storetest.Open(t)
	v := validate.New(now)
	a := audit.New(s, now)
	sc := schools.New(s, a, v, now)
	ent := enterprises.New(s, a, v, now)
	ppl := people.New(s, a, v, sc, ent, now)
	cs := certs.New(s, a, v, sc, ppl, now)
	rs := rules.New(s, a, now)
	if err := rs.Seed(context.Background()); err != nil {
		t.Fatal(err)
	}
	plc := placements.New(s, a, v, sc, ppl, ent, rs, cohorts.New(s, a, v, sc, ppl, ent, now), now)
	lb := luban.New(s, a, v, sc, ppl, now)
	e := &env{sheets: sheets.New(ppl, ent, sc, cs, plc, lb), people: ppl, ent: ent, certs: cs, plc: plc, luban: lb, audit: a}
	e.admin = models.WithPrincipal(context.Background(), &models.Principal{UserID: bson.NewObjectID(), Username: "admin", Role: models.RoleSystemAdmin})
	ids := make([]bson.ObjectID, 2)
	for i, code := range []string{"A", "B"} {
		school, err := sc.CreateSchool(e.admin, models.SchoolFields{Code: str(code), Name: str("学校" + code), District: str("红桥区"), Level: str("secondary")})
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = school.ID
	}
	e.schoolA, e.schoolB = ids[0], ids[1]
	e.office = principal(models.RoleOfficeAdmin, e.schoolA)
	e.officeB = principal(models.RoleOfficeAdmin, e.schoolB)
	e.auditor = models.WithPrincipal(context.Background(), &models.Principal{UserID: bson.NewObjectID(), Role: models.RoleAuditor, SchoolIDs: []bson.ObjectID{e.schoolA}})
	if _, err := ppl.CreateMajor(e.office, models.MajorFields{Code: str("710201"), Name: str("计算机应用"), Level: str("secondary")}); err != nil {
		t.Fatal(err)
	}
	return e
}

func principal(role models.Role, school bson.ObjectID) context.Context {
	return models.WithPrincipal(context.Background(), &models.Principal{UserID: bson.NewObjectID(), Username: string(role), Role: role, SchoolID: school})
}

func idNumber(first17 string) string { return first17 + string(models.IDNumberCheckChar(first17)) }

func headers(t testing.TB, kind sheets.Kind) []any {
	t.Helper()
	cols, err := sheets.Columns(kind)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]any, len(cols))
	for i, c := range cols {
		out[i] = c.Header
	}
	return out
}

// book writes rows (the first is the header) to sheet 数据 of a new workbook.
func book(t testing.TB, rows ...[]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheets.DataSheet); err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheets.DataSheet, cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func (e *env) parse(t testing.TB, ctx context.Context, kind sheets.Kind, data []byte) *sheets.Preview {
	t.Helper()
	p, err := e.sheets.Parse(ctx, kind, "", bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func (e *env) commit(t testing.TB, ctx context.Context, p *sheets.Preview) sheets.Result {
	t.Helper()
	res, err := e.sheets.Commit(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func (e *env) countStudents(t testing.TB, ctx context.Context) int64 {
	t.Helper()
	page, err := e.people.FindStudents(ctx, models.StudentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return page.Total
}

func fileErr(t testing.TB, err error) string {
	t.Helper()
	var ve *models.ValidationError
	if !errors.As(err, &ve) || ve.Fields["file"] == "" {
		t.Fatalf("err = %v, want a validation error on file", err)
	}
	return ve.Fields["file"]
}

func actions(p *sheets.Preview) []string {
	out := make([]string, len(p.Rows))
	for i, r := range p.Rows {
		out[i] = r.Action
	}
	return out
}
