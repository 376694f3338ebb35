package records

import (
	"context"
	"fmt"
	"sync"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

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
	// Of derives a record's digest: a document with the record's _id, a
	// "version" field holding the record's version and a "shape" field holding
	// Shape.
	Of func(P) any
	// Shape numbers the digests' layout: when it changes, CheckDigests rewrites
	// every digest of another shape.
	Shape int
	// checking is held while CheckDigests runs, so that nobody reads digests
	// that are still being repaired.
	checking sync.RWMutex
}

// Find streams the digests matching filter, once no check is running.
func (d *Digest[T, P]) Find(ctx context.Context, filter any, opts ...options.Lister[options.FindOptions]) (*mongo.Cursor, error) {
	d.Wait()
	return d.C.Find(ctx, filter, opts...)
}

// Wait returns once no check is running, for readers of d.C.
func (d *Digest[T, P]) Wait() {
	d.checking.RLock()
	d.checking.RUnlock() // nothing to hold: waiting for the writer is the point
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
// its digest's, writes the digests that are missing, stale or of another shape,
// removes those whose record is gone, and releases the digests. It reports how
// many it fixed. At start-up it also builds the digests of a database written
// before they existed, or before their shape changed: one read of the records
// and bulk inserts, not a lookup per record.
func (r *Repo[T, P]) CheckDigests(ctx context.Context) (int, error) {
	defer r.Digest.checking.Unlock()
	fixed, err := r.checkDigests(ctx)
	if err != nil {
		return fixed, fmt.Errorf("%s: check digests: %w", r.Entity, err)
	}
	return fixed, nil
}

func (r *Repo[T, P]) checkDigests(ctx context.Context) (int, error) {
	d := r.Digest
	if _, err := d.C.DeleteMany(ctx, bson.D{{Key: "shape", Value: bson.D{{Key: "$ne", Value: d.Shape}}}}); err != nil {
		return 0, err
	}
	have, err := versions(ctx, d.C, d.Shape)
	if err != nil {
		return 0, err
	}
	cur, err := r.C.Find(ctx, bson.D{})
	if err != nil {
		return 0, err
	}
	defer cur.Close(ctx)
	fixed := 0
	var missing []P
	for cur.Next(ctx) {
		doc := P(new(T))
		if err := cur.Decode(doc); err != nil {
			return fixed, err
		}
		m := doc.M()
		hv, ok := have[m.ID]
		delete(have, m.ID)
		switch {
		case ok && hv == m.Version:
		case ok:
			if err := r.putDigest(ctx, doc); err != nil {
				return fixed, err
			}
			fixed++
		default:
			if missing = append(missing, doc); len(missing) == 1000 {
				if err := r.insertDigests(ctx, missing); err != nil {
					return fixed, err
				}
				fixed, missing = fixed+len(missing), nil
			}
		}
	}
	if err := cur.Err(); err != nil {
		return fixed, err
	}
	if err := r.insertDigests(ctx, missing); err != nil {
		return fixed, err
	}
	fixed += len(missing)
	for id := range have { // left over: their records are gone
		if err := r.dropDigest(ctx, id); err != nil {
			return fixed, err
		}
		fixed++
	}
	return fixed, nil
}

// insertDigests writes the digests of docs, which had none; if a writer gave
// one of them a digest meanwhile, each is put one by one, the newer kept.
func (r *Repo[T, P]) insertDigests(ctx context.Context, docs []P) error {
	if len(docs) == 0 {
		return nil
	}
	raw := make([]any, len(docs))
	for i, doc := range docs {
		raw[i] = r.Digest.Of(doc)
	}
	err := r.Digest.C.InsertMany(ctx, raw)
	if !store.IsDuplicate(err) {
		return err
	}
	for _, doc := range docs {
		if err := r.putDigest(ctx, doc); err != nil {
			return err
		}
	}
	return nil
}

// versions reads every document's _id and version; with shape ≥ 0, a
// document of another shape counts as version -1 (stale).
func versions(ctx context.Context, c *store.Collection, shape int) (map[bson.ObjectID]int64, error) {
	cur, err := c.Find(ctx, bson.D{}, options.Find().SetProjection(bson.D{{Key: "version", Value: 1}, {Key: "shape", Value: 1}}))
	if err != nil {
		return nil, err
	}
	defer cur.Close(ctx)
	out := map[bson.ObjectID]int64{}
	for cur.Next(ctx) {
		var v struct {
			ID      bson.ObjectID `bson:"_id"`
			Version int64         `bson:"version"`
			Shape   int           `bson:"shape"`
		}
		if err := cur.Decode(&v); err != nil {
			return nil, err
		}
		if shape >= 0 && v.Shape != shape {
			v.Version = -1
		}
		out[v.ID] = v.Version
	}
	return out, cur.Err()
}
