package store

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
)

// UniqueKey is a natural key backed by a unique index: the stored fields that make it
// up, the API field to name in a 409 and the Chinese message.
type UniqueKey struct {
	Fields  []string
	Field   string
	Message string
}

// Conflict finds which of keys doc collides with after the store reported a
// duplicate. Uniqueness itself is the index's job; this only names the field.
func Conflict(ctx context.Context, c *Collection, doc any, keys []UniqueKey) error {
	raw, err := bson.Marshal(doc)
	if err != nil {
		return fmt.Errorf("store: conflict: %w", err)
	}
	var m bson.M
	if err := bson.Unmarshal(raw, &m); err != nil {
		return fmt.Errorf("store: conflict: %w", err)
	}
	for _, k := range keys {
		filter := bson.D{{Key: "_id", Value: bson.D{{Key: "$ne", Value: m["_id"]}}}}
		for _, f := range k.Fields {
			filter = append(filter, bson.E{Key: f, Value: m[f]})
		}
		found, err := c.Exists(ctx, filter)
		if err != nil {
			return fmt.Errorf("store: conflict: %w", err)
		}
		if found {
			return models.NewConflict(k.Field, k.Message)
		}
	}
	if len(keys) > 0 {
		return models.NewConflict(keys[0].Field, keys[0].Message)
	}
	return models.NewConflict("", "记录重复")
}
