// Package scoped is the read-for-write and write path of records that belong to
// one school (majors, students, teachers, pilots, batches, trainings): load by
// _id and check the school in Go, resolve a new record's school, replace under
// the caller's version, delete once a guard allows. Each area keeps its own rules
// and passes them in as functions.
package scoped

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/records"
	"github.com/chanjiao/chanjiao/services/schools"
)

// Record is a school-owned record: it embeds Meta and names its school.
type Record[T any] interface {
	records.Record[T]
	SchoolOf() bson.ObjectID
}

// Readable loads a record by _id alone, the one filter the embedded store answers
// without reading the whole collection (stack.md §4), and checks its school in
// Go. Roles without schools get ErrForbidden whatever the id; a record outside
// the caller's schools is ErrNotFound, as if it did not exist.
func Readable[T any, P Record[T]](ctx context.Context, repo *records.Repo[T, P], id bson.ObjectID) (*models.Principal, P, error) {
	p, err := models.PrincipalFrom(ctx)
	if err != nil {
		return nil, nil, err
	}
	if _, err := schools.ReadFilter(p, ""); err != nil {
		return nil, nil, err
	}
	rec, err := repo.ByID(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if !p.CanReadSchool(rec.SchoolOf()) {
		return nil, nil, models.ErrNotFound
	}
	return p, rec, nil
}

// Writable is Readable for a record the caller must also be allowed to change:
// auditors read it but get ErrForbidden.
func Writable[T any, P Record[T]](ctx context.Context, repo *records.Repo[T, P], id bson.ObjectID) (P, error) {
	p, rec, err := Readable(ctx, repo, id)
	if err != nil {
		return nil, err
	}
	if !p.CanWriteSchool(rec.SchoolOf()) {
		return nil, models.ErrForbidden
	}
	return rec, nil
}

// Create resolves the school a new record belongs to (office users: their own;
// the system admin must name one), lets build make and check the record for it,
// and inserts it.
func Create[T any, P Record[T]](ctx context.Context, sc *schools.Service, repo *records.Repo[T, P], requested *string, build func(school bson.ObjectID) (P, error)) (P, error) {
	p, err := models.PrincipalFrom(ctx)
	if err != nil {
		return nil, err
	}
	school, err := sc.WriteSchool(ctx, p, requested)
	if err != nil {
		return nil, err
	}
	rec, err := build(school)
	if err != nil {
		return nil, err
	}
	if err := repo.Insert(ctx, rec); err != nil {
		return nil, err
	}
	return rec, nil
}

// Update loads a record the caller may change, lets change apply and check the
// new values on a copy, and replaces it under the version the caller named.
func Update[T any, P Record[T]](ctx context.Context, repo *records.Repo[T, P], id bson.ObjectID, version *int64, requested *string, change func(before, after P) error) (P, error) {
	before, err := Writable(ctx, repo, id)
	if err != nil {
		return nil, err
	}
	if err := schools.CheckMove(before.SchoolOf(), requested); err != nil {
		return nil, err
	}
	after := P(new(T))
	*after = *before
	if err := models.MergeValidation(change(before, after), records.CheckVersion(version)); err != nil {
		return nil, err
	}
	if err := repo.Replace(ctx, before, after, *version); err != nil {
		return nil, err
	}
	return after, nil
}

// Remove deletes a record the caller may change once guard (if any) allows it.
func Remove[T any, P Record[T]](ctx context.Context, repo *records.Repo[T, P], id bson.ObjectID, guard func(P) error) error {
	rec, err := Writable(ctx, repo, id)
	if err != nil {
		return err
	}
	if guard != nil {
		if err := guard(rec); err != nil {
			return err
		}
	}
	return repo.Delete(ctx, rec)
}

// CheckWritable requires the caller to be allowed to change every record's
// school (a bulk write of replayed records): ErrForbidden otherwise.
func CheckWritable[T any, P Record[T]](ctx context.Context, recs []P) error {
	p, err := models.PrincipalFrom(ctx)
	if err != nil {
		return err
	}
	for _, rec := range recs {
		if !p.CanWriteSchool(rec.SchoolOf()) {
			return models.ErrForbidden
		}
	}
	return nil
}
