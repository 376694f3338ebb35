package store

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// Collection reads through the read client and writes through the write client.
// Services get collections only from here, so no write can bypass serialization.
type Collection struct {
	r, w *mongo.Collection
}

// Collection returns the named collection.
func (s *Store) Collection(name string) *Collection {
	return &Collection{r: s.read.Collection(name), w: s.write.Collection(name)}
}

// Find streams matching documents.
func (c *Collection) Find(ctx context.Context, filter any, opts ...options.Lister[options.FindOptions]) (*mongo.Cursor, error) {
	return c.r.Find(ctx, filter, opts...)
}

// FindOne decodes the first match into v; no match is models.ErrNotFound.
func (c *Collection) FindOne(ctx context.Context, filter any, v any, opts ...options.Lister[options.FindOneOptions]) error {
	return NotFound(c.r.FindOne(ctx, filter, opts...).Decode(v))
}

// Count counts matching documents.
func (c *Collection) Count(ctx context.Context, filter any) (int64, error) {
	return c.r.CountDocuments(ctx, filter)
}

// Exists reports whether any document matches.
func (c *Collection) Exists(ctx context.Context, filter any) (bool, error) {
	err := c.r.FindOne(ctx, filter, options.FindOne().SetProjection(bson.D{{Key: "_id", Value: 1}})).Err()
	if err == mongo.ErrNoDocuments {
		return false, nil
	}
	return err == nil, err
}

// InsertOne inserts doc.
func (c *Collection) InsertOne(ctx context.Context, doc any) error {
	_, err := c.w.InsertOne(ctx, doc)
	return err
}

// UpdateOne applies update to the first match and reports how many matched.
func (c *Collection) UpdateOne(ctx context.Context, filter, update any, opts ...options.Lister[options.UpdateOneOptions]) (int64, error) {
	res, err := c.w.UpdateOne(ctx, filter, update, opts...)
	if err != nil {
		return 0, err
	}
	return res.MatchedCount, nil
}

// ReplaceOne replaces the first match with doc and reports how many matched.
func (c *Collection) ReplaceOne(ctx context.Context, filter, doc any) (int64, error) {
	res, err := c.w.ReplaceOne(ctx, filter, doc)
	if err != nil {
		return 0, err
	}
	return res.MatchedCount, nil
}

// DeleteOne deletes the first match and reports how many were deleted.
func (c *Collection) DeleteOne(ctx context.Context, filter any) (int64, error) {
	res, err := c.w.DeleteOne(ctx, filter)
	if err != nil {
		return 0, err
	}
	return res.DeletedCount, nil
}

// DeleteMany deletes every match and reports how many were deleted.
func (c *Collection) DeleteMany(ctx context.Context, filter any) (int64, error) {
	res, err := c.w.DeleteMany(ctx, filter)
	if err != nil {
		return 0, err
	}
	return res.DeletedCount, nil
}

// FindOneAndUpdate applies update and decodes the document after it into v.
func (c *Collection) FindOneAndUpdate(ctx context.Context, filter, update, v any, upsert bool) error {
	opts := options.FindOneAndUpdate().SetReturnDocument(options.After).SetUpsert(upsert)
	return NotFound(c.w.FindOneAndUpdate(ctx, filter, update, opts).Decode(v))
}

// CreateIndex creates an index; creating an existing identical index is a no-op.
func (c *Collection) CreateIndex(ctx context.Context, model mongo.IndexModel) error {
	_, err := c.w.Indexes().CreateOne(ctx, model)
	return err
}
