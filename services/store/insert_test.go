package store_test

import (
	"context"
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/services/store/storetest"
)

// TestInsertManyBigDocuments: documents that add up to more than one batch's
// bytes (4 MiB) go in several round trips, all of them, in order.
func TestInsertManyBigDocuments(t *testing.T) {
	st := storetest.Open(t)
	ctx := context.Background()
	c := st.Collection("big")
	pad := strings.Repeat("字", 100_000) // 300 kB
	var docs []any
	for i := range 30 {
		docs = append(docs, bson.D{{Key: "n", Value: i}, {Key: "pad", Value: pad}})
	}
	if err := c.InsertMany(ctx, docs); err != nil {
		t.Fatal(err)
	}
	n, err := c.Count(ctx, bson.D{})
	if err != nil || n != 30 {
		t.Fatalf("%d documents (%v), want 30", n, err)
	}
}
