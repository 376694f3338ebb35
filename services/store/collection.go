package store

import (
	"context"
	"errors"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// Collection reads through the read client and writes through the write client,
// on the embedded store under the write lock. Services get collections only from
// here, so no write can bypass serialization.
//
// Every operation fails at once while the store is known to be down, and one
// under way ends when the store goes down (health.go), so that no request waits
// for a database that is gone; the error then is models.ErrUnavailable.
type Collection struct {
	r, w   *mongo.Collection
	lock   *writeLock // nil on MongoDB
	health healths
}

// Collection returns the named collection.
func (s *Store) Collection(name string) *Collection {
	return &Collection{r: s.read.Collection(name), w: s.write.Collection(name), lock: s.writes, health: s.health}
}

// begin starts a write: as healths.begin, holding the write lock on the
// embedded store until end. Waiting for the lock ends, too, when the store goes
// down.
func (c *Collection) begin(ctx context.Context) (context.Context, func(error) error, error) {
	ctx, end, err := c.health.begin(ctx)
	if err != nil {
		return ctx, nil, err
	}
	if err := c.lock.acquire(ctx); err != nil {
		return ctx, nil, end(err)
	}
	return ctx, func(err error) error {
		c.lock.release()
		return end(err)
	}, nil
}

// Find streams matching documents; within a computation sharing its reads
// (ShareReads), a read made before is served from its documents. The cursor
// reads later batches with the context given to its Next or All.
func (c *Collection) Find(ctx context.Context, filter any, opts ...options.Lister[options.FindOptions]) (*mongo.Cursor, error) {
	if r, ok := ctx.Value(readsKey{}).(*Reads); ok {
		return r.find(ctx, c, filter, opts)
	}
	return c.find(ctx, filter, opts...)
}

// find is Find straight to the store.
func (c *Collection) find(ctx context.Context, filter any, opts ...options.Lister[options.FindOptions]) (*mongo.Cursor, error) {
	ctx, end, err := c.health.begin(ctx)
	if err != nil {
		return nil, err
	}
	cur, err := c.r.Find(ctx, filter, opts...)
	return cur, end(err)
}

// FindOne decodes the first match into v; no match is models.ErrNotFound.
func (c *Collection) FindOne(ctx context.Context, filter any, v any, opts ...options.Lister[options.FindOneOptions]) error {
	ctx, end, err := c.health.begin(ctx)
	if err != nil {
		return err
	}
	return end(NotFound(c.r.FindOne(ctx, filter, opts...).Decode(v)))
}

// Count counts matching documents.
func (c *Collection) Count(ctx context.Context, filter any) (int64, error) {
	ctx, end, err := c.health.begin(ctx)
	if err != nil {
		return 0, err
	}
	n, err := c.r.CountDocuments(ctx, filter)
	return n, end(err)
}

// Exists reports whether any document matches.
func (c *Collection) Exists(ctx context.Context, filter any) (bool, error) {
	ctx, end, err := c.health.begin(ctx)
	if err != nil {
		return false, err
	}
	err = c.r.FindOne(ctx, filter, options.FindOne().SetProjection(bson.D{{Key: "_id", Value: 1}})).Err()
	if err == mongo.ErrNoDocuments {
		return false, end(nil)
	}
	return err == nil, end(err)
}

// InsertOne inserts doc.
func (c *Collection) InsertOne(ctx context.Context, doc any) error {
	ctx, end, err := c.begin(ctx)
	if err != nil {
		return err
	}
	_, err = c.w.InsertOne(ctx, doc)
	return end(err)
}

// insertBatch is how many documents one insertMany carries: big enough that a
// thousand students are one round trip (stack.md §1: ~25,000 documents/s in
// batches of 1,000), small enough that other writers wait for one batch only.
const insertBatch = 1000

// insertBytes bounds a batch's size too: a thousand audit entries that each
// hold a whole assessment batch are tens of megabytes, which the embedded store
// decodes in one go while every other writer waits.
const insertBytes = 4 << 20

// InsertMany inserts docs in order, in batches of at most insertBatch documents
// and insertBytes bytes, each batch through the write client under the write
// lock like InsertOne; other writers may run between batches. It stops at the
// first failing batch; the batches before it stay written (there are no
// transactions, stack.md §3 rule 1).
func (c *Collection) InsertMany(ctx context.Context, docs []any) error {
	var batch []any
	size := 0
	for _, doc := range docs {
		raw, err := bson.Marshal(doc) // once: the driver sends bson.Raw as it is
		if err != nil {
			return err
		}
		if len(batch) == insertBatch || (len(batch) > 0 && size+len(raw) > insertBytes) {
			if err := c.insertBatch(ctx, batch); err != nil {
				return err
			}
			batch, size = nil, 0
		}
		batch = append(batch, bson.Raw(raw))
		size += len(raw)
	}
	if len(batch) == 0 {
		return nil
	}
	return c.insertBatch(ctx, batch)
}

func (c *Collection) insertBatch(ctx context.Context, docs []any) error {
	ctx, end, err := c.begin(ctx)
	if err != nil {
		return err
	}
	_, err = c.w.InsertMany(ctx, docs)
	return end(err)
}

// UpdateOne applies update to the first match and reports how many matched.
func (c *Collection) UpdateOne(ctx context.Context, filter, update any, opts ...options.Lister[options.UpdateOneOptions]) (int64, error) {
	ctx, end, err := c.begin(ctx)
	if err != nil {
		return 0, err
	}
	res, err := c.w.UpdateOne(ctx, filter, update, opts...)
	if err != nil {
		return 0, end(err)
	}
	return res.MatchedCount, end(nil)
}

// ReplaceOne replaces the first match with doc and reports how many matched.
func (c *Collection) ReplaceOne(ctx context.Context, filter, doc any) (int64, error) {
	ctx, end, err := c.begin(ctx)
	if err != nil {
		return 0, err
	}
	res, err := c.w.ReplaceOne(ctx, filter, doc)
	if err != nil {
		return 0, end(err)
	}
	return res.MatchedCount, end(nil)
}

// PutNewer writes doc as the document with _id id unless the stored one carries
// a higher version: a derived document written after its record must not be
// overwritten by an older derivation that lost the race. On MongoDB the filter
// {_id, version ≤ v} with upsert does it in one step (a newer document makes the
// upsert a duplicate _id, which means there is nothing to do). The embedded store
// reads the version by _id under the write lock, as ReplaceVersion does.
func (c *Collection) PutNewer(ctx context.Context, id bson.ObjectID, version int64, doc any) error {
	ctx, end, err := c.begin(ctx)
	if err != nil {
		return err
	}
	return end(c.putNewer(ctx, id, version, doc))
}

func (c *Collection) putNewer(ctx context.Context, id bson.ObjectID, version int64, doc any) error {
	byID := bson.D{{Key: "_id", Value: id}}
	if c.lock == nil {
		filter := append(byID, bson.E{Key: "version", Value: bson.D{{Key: "$lte", Value: version}}})
		_, err := c.w.ReplaceOne(ctx, filter, doc, options.Replace().SetUpsert(true))
		if IsDuplicate(err) {
			return nil
		}
		return err
	}
	var cur struct {
		Version int64 `bson:"version"`
	}
	err := c.w.FindOne(ctx, byID, options.FindOne().SetProjection(bson.D{{Key: "version", Value: 1}})).Decode(&cur)
	if err == nil && cur.Version > version {
		return nil
	}
	if err != nil && !errors.Is(err, mongo.ErrNoDocuments) {
		return err
	}
	_, err = c.w.ReplaceOne(ctx, byID, doc, options.Replace().SetUpsert(true))
	return err
}

// ReplaceVersion replaces the document with _id id by doc if its version is still
// version, and reports how many matched (0: changed or deleted meanwhile). It is
// the compare-and-set of optimistic locking.
//
// On MongoDB the filter {_id, version} does it in one atomic step, found through
// the _id index. The embedded store answers only a filter on _id alone without
// reading every document of the collection (FerretDB v1.24 pushes down nothing
// else; TestVersionFilterIsNotPushedDown), so there it reads the version by _id and
// replaces by _id while holding the write lock. That is as atomic: every write of
// the process to the embedded store goes through this type and takes the same lock
// (stack.md §3 rule 2), so no write can land between the read and the replace; the
// read goes through the write client, after every write before it.
func (c *Collection) ReplaceVersion(ctx context.Context, id bson.ObjectID, version int64, doc any) (int64, error) {
	byID := bson.D{{Key: "_id", Value: id}}
	if c.lock == nil {
		return c.ReplaceOne(ctx, append(byID, bson.E{Key: "version", Value: version}), doc)
	}
	ctx, end, err := c.begin(ctx)
	if err != nil {
		return 0, err
	}
	n, err := c.replaceVersion(ctx, byID, version, doc)
	return n, end(err)
}

// replaceVersion is ReplaceVersion on the embedded store, under the write lock.
func (c *Collection) replaceVersion(ctx context.Context, byID bson.D, version int64, doc any) (int64, error) {
	var cur struct {
		Version int64 `bson:"version"`
	}
	err := c.w.FindOne(ctx, byID, options.FindOne().SetProjection(bson.D{{Key: "version", Value: 1}})).Decode(&cur)
	if errors.Is(err, mongo.ErrNoDocuments) || (err == nil && cur.Version != version) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	res, err := c.w.ReplaceOne(ctx, byID, doc)
	if err != nil {
		return 0, err
	}
	return res.MatchedCount, nil
}

// DeleteOne deletes the first match and reports how many were deleted.
func (c *Collection) DeleteOne(ctx context.Context, filter any) (int64, error) {
	ctx, end, err := c.begin(ctx)
	if err != nil {
		return 0, err
	}
	res, err := c.w.DeleteOne(ctx, filter)
	if err != nil {
		return 0, end(err)
	}
	return res.DeletedCount, end(nil)
}

// DeleteMany deletes every match and reports how many were deleted.
func (c *Collection) DeleteMany(ctx context.Context, filter any) (int64, error) {
	ctx, end, err := c.begin(ctx)
	if err != nil {
		return 0, err
	}
	res, err := c.w.DeleteMany(ctx, filter)
	if err != nil {
		return 0, end(err)
	}
	return res.DeletedCount, end(nil)
}

// FindOneAndUpdate applies update and decodes the document after it into v.
func (c *Collection) FindOneAndUpdate(ctx context.Context, filter, update, v any, upsert bool) error {
	ctx, end, err := c.begin(ctx)
	if err != nil {
		return err
	}
	opts := options.FindOneAndUpdate().SetReturnDocument(options.After).SetUpsert(upsert)
	return end(NotFound(c.w.FindOneAndUpdate(ctx, filter, update, opts).Decode(v)))
}

// CreateIndex creates an index; creating an existing identical index is a no-op.
func (c *Collection) CreateIndex(ctx context.Context, model mongo.IndexModel) error {
	ctx, end, err := c.health.begin(ctx)
	if err != nil {
		return err
	}
	_, err = c.w.Indexes().CreateOne(ctx, model)
	return end(err)
}
