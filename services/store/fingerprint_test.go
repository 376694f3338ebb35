package store_test

import (
	"context"
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/services/store/storetest"
)

// TestFingerprints: storetest.Fingerprints sees every change to a collection's
// documents, a type change included, and none when nothing changed; the order
// documents were inserted in does not matter.
func TestFingerprints(t *testing.T) {
	ctx := context.Background()
	s := storetest.Open(t)
	c := s.Collection("things")
	a, b := bson.NewObjectID(), bson.NewObjectID()
	for _, id := range []bson.ObjectID{b, a} {
		if err := c.InsertOne(ctx, bson.D{{Key: "_id", Value: id}, {Key: "n", Value: int32(1)}}); err != nil {
			t.Fatal(err)
		}
	}
	before := storetest.Fingerprints(t, s)
	if got := before["things"].Count; got != 2 {
		t.Fatalf("count = %d, want 2", got)
	}
	if diff := storetest.DiffFingerprints(before, storetest.Fingerprints(t, s)); diff != "" {
		t.Fatalf("nothing changed, but: %s", diff)
	}
	if _, err := c.UpdateOne(ctx, bson.D{{Key: "_id", Value: a}}, bson.D{{Key: "$set", Value: bson.D{{Key: "n", Value: int64(1)}}}}); err != nil {
		t.Fatal(err)
	}
	diff := storetest.DiffFingerprints(before, storetest.Fingerprints(t, s))
	if !strings.HasPrefix(diff, "things: 2 documents") {
		t.Fatalf("int32 1 became int64 1, diff = %q", diff)
	}
	if err := s.Collection("other").InsertOne(ctx, bson.D{{Key: "_id", Value: "x"}}); err != nil {
		t.Fatal(err)
	}
	if diff := storetest.DiffFingerprints(before, storetest.Fingerprints(t, s)); !strings.Contains(diff, "other: created (1 documents") {
		t.Fatalf("diff = %q", diff)
	}
}
