package records

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/store"
)

// Digest keeps, beside a Repo's collection, one small derived document per
// record: the fields that a reader of every record (the figures) needs, with the
// record's embedded history folded into totals. The embedded store decodes whole
// documents whatever the projection (stack.md §4), so a scan of the placements
// parses every confirmed week of every year; the figures scan the digests
// instead, and open the records themselves only by _id.
//
// A digest is written after its record (there are no transactions, stack.md §3
// rule 1) and carries the record's version, so that CheckDigests can find and
// rewrite what a crash between the two writes left behind, and a late writer
// never replaces a newer digest with an older one.
type Digest[T any, P Record[T]] struct {
	C *store.Collection
	// Of derives a record's digest: a document with the record's _id and a
	// "version" field holding the record's version.
	Of func(P) any
	// checking is held while CheckDigests runs, so that nobody reads digests
	// that are still being repaired.
	checking sync.RWMutex
}

// Find streams the digests matching filter, once no check is running.
func (d *Digest[T, P]) Find(ctx context.Context, filter any, opts ...options.Lister[options.FindOptions]) (*mongo.Cursor, error) {
	d.checking.RLock()
	d.checking.RUnlock()
	return d.C.Find(ctx, filter, opts...)
}

func (r *Repo[T, P]) putDigest(ctx context.Context, doc P) error {
	if r.Digest == nil {
		return nil
	}
	m := doc.M()
	if err := r.Digest.C.PutNewer(ctx, m.ID, m.Version, r.Digest.Of(doc)); err != nil {
		return fmt.Errorf("%s: digest: %w", r.Entity, err)
	}
	return nil
}

func (r *Repo[T, P]) dropDigest(ctx context.Context, id bson.ObjectID) error {
	if r.Digest == nil {
		return nil
	}
	if _, err := r.Digest.C.DeleteOne(ctx, bson.D{{Key: "_id", Value: id}}); err != nil {
		return fmt.Errorf("%s: digest: %w", r.Entity, err)
	}
	return nil
}

// LockDigests holds the digests for a check: readers wait until CheckDigests
// releases them. Call it before starting CheckDigests in the background, so that
// no read slips in before the check has begun.
func (r *Repo[T, P]) LockDigests() { r.Digest.checking.Lock() }

// CheckDigests, called after LockDigests, compares every record's version with
// its digest's, rewrites the digests that are missing or stale, removes those
// whose record is gone, and releases the digests. It reports how many it fixed.
// At start-up it also builds the digests of a database written before they
// existed.
func (r *Repo[T, P]) CheckDigests(ctx context.Context) (int, error) {
	defer r.Digest.checking.Unlock()
	want, err := versions(ctx, r.C)
	if err != nil {
		return 0, fmt.Errorf("%s: check digests: %w", r.Entity, err)
	}
	have, err := versions(ctx, r.Digest.C)
	if err != nil {
		return 0, fmt.Errorf("%s: check digests: %w", r.Entity, err)
	}
	fixed := 0
	for id, v := range want {
		if hv, ok := have[id]; ok && hv == v {
			continue
		}
		doc, err := r.Get(ctx, bson.D{{Key: "_id", Value: id}})
		if errors.Is(err, models.ErrNotFound) {
			continue // deleted meanwhile: its delete removes the digest
		}
		if err != nil {
			return fixed, fmt.Errorf("%s: check digests: %w", r.Entity, err)
		}
		if err := r.putDigest(ctx, doc); err != nil {
			return fixed, err
		}
		fixed++
	}
	for id := range have {
		if _, ok := want[id]; !ok {
			if err := r.dropDigest(ctx, id); err != nil {
				return fixed, err
			}
			fixed++
		}
	}
	return fixed, nil
}

// versions reads every document's _id and version.
func versions(ctx context.Context, c *store.Collection) (map[bson.ObjectID]int64, error) {
	cur, err := c.Find(ctx, bson.D{}, options.Find().SetProjection(bson.D{{Key: "version", Value: 1}}))
	if err != nil {
		return nil, err
	}
	defer cur.Close(ctx)
	out := map[bson.ObjectID]int64{}
	for cur.Next(ctx) {
		var v struct {
			ID      bson.ObjectID `bson:"_id"`
			Version int64         `bson:"version"`
		}
		if err := cur.Decode(&v); err != nil {
			return nil, err
		}
		out[v.ID] = v.Version
	}
	return out, cur.Err()
}
