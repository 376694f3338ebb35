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
