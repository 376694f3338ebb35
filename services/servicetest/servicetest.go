// Package servicetest holds what the services' tests share besides the store
// (storetest): callers in each role, pointers to literals, and valid ID numbers.
package servicetest

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
)

// Str, Num and Ver point at their argument, for the *T fields of write structs.
func Str(s string) *string { return &s }
func Num(n int) *int       { return &n }
func Ver(v int64) *int64   { return &v }

// Must fails the test on err.
func Must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// As is a context of a caller in role at school (NilObjectID for none).
func As(role models.Role, school bson.ObjectID) context.Context {
	return models.WithPrincipal(context.Background(), &models.Principal{UserID: bson.NewObjectID(), Username: string(role), Role: role, SchoolID: school})
}

// Auditor is a context of an auditor of schools.
func Auditor(schools ...bson.ObjectID) context.Context {
	return models.WithPrincipal(context.Background(), &models.Principal{UserID: bson.NewObjectID(), Username: "auditor", Role: models.RoleAuditor, SchoolIDs: schools})
}

// EnterpriseUser is a context of a portal user of enterprise id.
func EnterpriseUser(id bson.ObjectID) context.Context {
	return models.WithPrincipal(context.Background(), &models.Principal{UserID: bson.NewObjectID(), Username: "ent", Role: models.RoleEnterprise, EnterpriseID: id})
}

// IDNumber builds a valid ID number born on birth (YYYYMMDD); seq's last digit
// gives the sex (odd male, even female).
func IDNumber(birth, seq string) string {
	first := "110105" + birth + seq
	return first + string(models.IDNumberCheckChar(first))
}

// WantFields requires a ValidationError naming exactly the fields of want
// (space-separated, in sorted order).
func WantFields(t testing.TB, err error, want string) {
	t.Helper()
	var ve *models.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("got %v, want a ValidationError on %s", err, want)
	}
	var got []string
	for k := range ve.Fields {
		got = append(got, k)
	}
	slices.Sort(got)
	if strings.Join(got, " ") != want {
		t.Errorf("fields %v, want %s", ve.Fields, want)
	}
}

// Idless is doc as extended JSON with every ObjectID blanked and the fields of
// every document sorted: two runs of the same operations in two databases
// give the same text, though ids are drawn afresh and a map (a finding's
// data) marshals in no fixed order.
func Idless(t testing.TB, doc any) string {
	t.Helper()
	raw, err := bson.Marshal(doc)
	Must(t, err)
	var d bson.D
	Must(t, bson.Unmarshal(raw, &d))
	out, err := bson.MarshalExtJSON(blankIDs(d), true, false)
	Must(t, err)
	return string(out)
}

func blankIDs(v any) any {
	switch x := v.(type) {
	case bson.ObjectID:
		return "id"
	case bson.D:
		for i := range x {
			x[i].Value = blankIDs(x[i].Value)
		}
		slices.SortFunc(x, func(a, b bson.E) int { return strings.Compare(a.Key, b.Key) })
		return x
	case bson.A:
		for i := range x {
			x[i] = blankIDs(x[i])
		}
		return x
	}
	return v
}
