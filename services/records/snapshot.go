package records

import (
	"context"
	"fmt"
	"sync"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/store"
)

// snapshot keeps what one request has read, for its dry runs.
type snapshot struct {
	mu      sync.Mutex
	records map[string]map[bson.ObjectID]any // entity -> id -> copy of the record as stored
	exists  map[string]bool                  // entity + filter -> Exists answer
	memo    map[string]any                   // Memo answers by key
}

type snapshotKey struct{}

// WithSnapshot returns a context in which records read through Repo.Each are kept,
// and in which dry runs (DryRun) take a record by id (Repo.ByID) and the answer of
// Repo.Exists from what the request has already read instead of asking the store
// again: on the embedded store every such lookup reads the whole collection
// (stack.md §4), once per row of an upload. A dry run then validates against the
// records as they were when the request read them, which is what its preview
// shows; writing never uses the snapshot, and the optimistic version catches any
// change made in between. Scope is still checked on every record by the services.
func WithSnapshot(ctx context.Context) context.Context {
	return context.WithValue(ctx, snapshotKey{}, &snapshot{records: map[string]map[bson.ObjectID]any{}, exists: map[string]bool{}, memo: map[string]any{}})
}

func snapshotFrom(ctx context.Context) *snapshot {
	s, _ := ctx.Value(snapshotKey{}).(*snapshot)
	return s
}

// forDryRun returns the context's snapshot if ctx is a dry run, else nil.
func forDryRun(ctx context.Context) *snapshot {
	if !dryRun(ctx) {
		return nil
	}
	return snapshotFrom(ctx)
}

func (s *snapshot) put(entity string, id bson.ObjectID, rec any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.records[entity] == nil {
		s.records[entity] = map[bson.ObjectID]any{}
	}
	s.records[entity][id] = rec
}

func (s *snapshot) get(entity string, id bson.ObjectID) (any, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, ok := s.records[entity][id]
	return rec, ok
}

// Each calls fn with every record store.Each finds for filter and p, keeping a
// copy of each as stored in the context's snapshot, if any (before fn may mask it).
func (r *Repo[T, P]) Each(ctx context.Context, filter bson.D, p models.ListParams, sortable map[string]string, search []string, fn func(P) error) error {
	snap := snapshotFrom(ctx)
	return store.Each(ctx, r.C, filter, p, sortable, search, func(v *T) error {
		if snap != nil {
			kept := *v
			snap.put(r.Entity, P(v).M().ID, &kept)
		}
		return fn(v)
	})
}

// ByID returns the record with _id id, or models.ErrNotFound, with no scope: the
// caller checks it. In a dry run under WithSnapshot, a record the request has
// already read is taken from the snapshot.
func (r *Repo[T, P]) ByID(ctx context.Context, id bson.ObjectID) (P, error) {
	if snap := forDryRun(ctx); snap != nil {
		if kept, ok := snap.get(r.Entity, id); ok {
			v := P(new(T))
			*v = *kept.(*T)
			return v, nil
		}
	}
	// _id alone is the one filter the embedded store answers without decoding
	// every document (stack.md §4).
	v, err := r.Get(ctx, bson.D{{Key: "_id", Value: id}})
	if snap := snapshotFrom(ctx); err == nil && snap != nil {
		kept := *v // later dry runs of the request take it from here
		snap.put(r.Entity, id, &kept)
	}
	return v, err
}

// Memo returns load's answer for key, asked once per request in dry runs under
// WithSnapshot (the rows of an upload ask the same question); outside them it
// just calls load.
func Memo[T any](ctx context.Context, key string, load func() (T, error)) (T, error) {
	snap := forDryRun(ctx)
	if snap == nil {
		return load()
	}
	snap.mu.Lock()
	v, ok := snap.memo[key]
	snap.mu.Unlock()
	if ok {
		return v.(T), nil
	}
	t, err := load()
	if err != nil {
		return t, err
	}
	snap.mu.Lock()
	snap.memo[key] = t
	snap.mu.Unlock()
	return t, nil
}

// Exists reports whether any record matches filter. In a dry run under
// WithSnapshot each distinct filter is asked once per request.
func (r *Repo[T, P]) Exists(ctx context.Context, filter bson.D) (bool, error) {
	snap := forDryRun(ctx)
	if snap == nil {
		return r.C.Exists(ctx, filter)
	}
	raw, err := bson.MarshalExtJSON(filter, true, false)
	if err != nil {
		return false, fmt.Errorf("%s: exists: %w", r.Entity, err)
	}
	key := r.Entity + string(raw)
	snap.mu.Lock()
	ok, known := snap.exists[key]
	snap.mu.Unlock()
	if known {
		return ok, nil
	}
	if ok, err = r.C.Exists(ctx, filter); err != nil {
		return false, err
	}
	snap.mu.Lock()
	snap.exists[key] = ok
	snap.mu.Unlock()
	return ok, nil
}
