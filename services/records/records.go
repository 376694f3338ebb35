// Package records is the write path every record area shares: stamp, insert or
// replace under the optimistic version, translate duplicates into a 409 naming the
// field, and append the change to the audit log. Areas keep their own rules and
// scope; this package only makes sure no area writes without an audit entry.
package records

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/audit"
	"github.com/chanjiao/chanjiao/services/store"
)

// Record is a pointer to an entity that embeds models.Meta.
type Record[T any] interface {
	*T
	M() *models.Meta
}

// Repo writes and reads one collection of T.
type Repo[T any, P Record[T]] struct {
	C      *store.Collection
	Audit  *audit.Log
	Entity string // audit entity name, e.g. "student"
	Keys   []store.UniqueKey
	Now    func() time.Time
	// School returns the school a record belongs to, for the audit log; nil when
	// the records belong to no school (enterprises, schools themselves).
	School func(P) bson.ObjectID
	// Digest, when set, keeps a small derived copy of every record beside it.
	Digest *Digest[T, P]
}

// Get returns the first record matching filter, or models.ErrNotFound.
func (r *Repo[T, P]) Get(ctx context.Context, filter bson.D) (P, error) {
	v := P(new(T))
	if err := r.C.FindOne(ctx, filter, v); err != nil {
		return nil, err
	}
	return v, nil
}

// Insert stamps doc and inserts it. A duplicate natural key is a *models.ConflictError.
func (r *Repo[T, P]) Insert(ctx context.Context, doc P) error {
	if dryRun(ctx) {
		return ErrDryRun
	}
	doc.M().Stamp(actorID(ctx), r.now())
	if err := r.C.InsertOne(ctx, doc); err != nil {
		if store.IsDuplicate(err) {
			return store.Conflict(ctx, r.C, doc, r.Keys)
		}
		return fmt.Errorf("%s: insert: %w", r.Entity, err)
	}
	// The audit entry first: a digest lost to a crash is rebuilt by CheckDigests,
	// an audit entry is not.
	if err := r.record(ctx, models.ActionCreate, doc, nil, doc); err != nil {
		return err
	}
	return r.putDigest(ctx, doc)
}

// InsertHistory inserts records whose history was replayed in memory by a
// service (its Replay, for loads such as the demo) in one bulk write. Each keeps
// the Meta it carries: the version its operations reached and when and by whom
// it was created and last changed. Each gets one audit entry, a create at its
// creation time with the record as inserted. A record without an id or version
// was not replayed and is refused. A duplicate natural key is a
// *models.ConflictError; the batches written before it stay.
func (r *Repo[T, P]) InsertHistory(ctx context.Context, docs []P) error {
	if dryRun(ctx) {
		return ErrDryRun
	}
	raw := make([]any, len(docs))
	evs := make([]audit.Event, len(docs))
	for i, doc := range docs {
		m := doc.M()
		if m.ID.IsZero() || m.Version < 1 || m.CreatedAt.IsZero() {
			return fmt.Errorf("%s: insert history: record %d carries no replayed id, version and creation time", r.Entity, i)
		}
		raw[i] = doc
		evs[i] = audit.Event{Entity: r.Entity, EntityID: m.ID, Action: models.ActionCreate, After: doc, At: m.CreatedAt}
		if r.School != nil {
			evs[i].SchoolID = r.School(doc)
		}
	}
	if err := r.C.InsertMany(ctx, raw); err != nil {
		if store.IsDuplicate(err) && len(r.Keys) > 0 {
			return models.NewConflict(r.Keys[0].Field, r.Keys[0].Message)
		}
		return fmt.Errorf("%s: insert history: %w", r.Entity, err)
	}
	if err := r.Audit.RecordMany(ctx, evs); err != nil || r.Digest == nil {
		return err
	}
	digests := make([]any, len(docs))
	for i, doc := range docs {
		digests[i] = r.Digest.Of(doc)
	}
	if err := r.Digest.C.InsertMany(ctx, digests); err != nil {
		return fmt.Errorf("%s: insert history: digest: %w", r.Entity, err)
	}
	return nil
}

// Replace writes after over before if nobody changed the record since before was
// read. wantVersion is the version the caller says it edited.
func (r *Repo[T, P]) Replace(ctx context.Context, before, after P, wantVersion int64) error {
	if dryRun(ctx) {
		return ErrDryRun
	}
	if wantVersion != before.M().Version {
		return models.ErrStaleVersion
	}
	after.M().Touch(actorID(ctx), r.now())
	// The compare-and-set on the version stays: store.ReplaceVersion does it with
	// the {_id, version} filter on MongoDB and under the write lock on the embedded
	// store, where that filter would read the whole collection.
	n, err := r.C.ReplaceVersion(ctx, before.M().ID, before.M().Version, after)
	if err != nil {
		if store.IsDuplicate(err) {
			return store.Conflict(ctx, r.C, after, r.Keys)
		}
		return fmt.Errorf("%s: update: %w", r.Entity, err)
	}
	if n == 0 {
		return r.missing(ctx, before.M().ID)
	}
	if err := r.record(ctx, models.ActionUpdate, after, before, after); err != nil {
		return err
	}
	return r.putDigest(ctx, after)
}

// Delete removes doc.
func (r *Repo[T, P]) Delete(ctx context.Context, doc P) error {
	if dryRun(ctx) {
		return ErrDryRun
	}
	n, err := r.C.DeleteOne(ctx, bson.D{{Key: "_id", Value: doc.M().ID}})
	if err != nil {
		return fmt.Errorf("%s: delete: %w", r.Entity, err)
	}
	if n == 0 {
		return models.ErrNotFound
	}
	if err := r.record(ctx, models.ActionDelete, doc, doc, nil); err != nil {
		return err
	}
	return r.dropDigest(ctx, doc.M().ID)
}

// Record appends an audit entry for an action on doc other than create, update
// or delete (disable, reset password …).
func (r *Repo[T, P]) Record(ctx context.Context, action string, doc, before, after P) error {
	return r.record(ctx, action, doc, before, after)
}

func (r *Repo[T, P]) record(ctx context.Context, action string, doc, before, after P) error {
	ev := audit.Event{Entity: r.Entity, EntityID: doc.M().ID, Action: action}
	if before != nil {
		ev.Before = before
	}
	if after != nil {
		ev.After = after
	}
	if r.School != nil {
		ev.SchoolID = r.School(doc)
	}
	if err := r.Audit.Record(ctx, ev); err != nil {
		// The record is written; losing its audit line must be loud, not silent.
		models.LoggerFrom(ctx).Error("audit append failed", "entity", r.Entity, "id", doc.M().ID.Hex(), "err", err)
		return err
	}
	return nil
}

// missing tells a stale version from a record deleted meanwhile.
func (r *Repo[T, P]) missing(ctx context.Context, id bson.ObjectID) error {
	ok, err := r.C.Exists(ctx, bson.D{{Key: "_id", Value: id}})
	if err != nil {
		return fmt.Errorf("%s: update: %w", r.Entity, err)
	}
	if ok {
		return models.ErrStaleVersion
	}
	return models.ErrNotFound
}

func (r *Repo[T, P]) now() time.Time {
	return r.Now().UTC().Truncate(time.Millisecond)
}

func actorID(ctx context.Context) bson.ObjectID {
	if p, err := models.PrincipalFrom(ctx); err == nil {
		return p.UserID
	}
	return bson.NilObjectID
}

// CheckVersion requires the version an update names. Callers merge its error with
// the record's other validation errors, after scope and permission are checked, so
// a 404 or 403 is never masked by a 422 and every failing field is named at once.
func CheckVersion(v *int64) error {
	if v == nil {
		return models.Invalid("version", "修改时须提供记录的当前版本号")
	}
	return nil
}

// ErrDryRun is returned instead of writing when the context asks for a dry run.
var ErrDryRun = errors.New("records: dry run, nothing written")

type dryRunKey struct{}

// DryRun returns a context in which every write stops just before the database and
// returns ErrDryRun. Handlers use it to collect a service's validation errors for a
// request they already know they will refuse, so the answer names every field.
func DryRun(ctx context.Context) context.Context { return context.WithValue(ctx, dryRunKey{}, true) }

func dryRun(ctx context.Context) bool { b, _ := ctx.Value(dryRunKey{}).(bool); return b }
