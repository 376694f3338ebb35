package store_test

import (
	"context"
	"sync"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/chanjiao/chanjiao/services/store"
	"github.com/chanjiao/chanjiao/services/store/storetest"
)

// TestSharedReads: within ShareReads, the same read by two goroutines is
// fetched once and both get every document; a read with another filter,
// projection or sort is its own; outside, reads go to the store.
func TestSharedReads(t *testing.T) {
	st := storetest.Open(t)
	ctx := context.Background()
	c := st.Collection("shared")
	school := bson.NewObjectID()
	var docs []any
	for i := range 50 {
		docs = append(docs, bson.D{{Key: "n", Value: i}, {Key: "schoolId", Value: school}, {Key: "big", Value: "x"}})
	}
	if err := c.InsertMany(ctx, docs); err != nil {
		t.Fatal(err)
	}
	sum := func(ctx context.Context, filter bson.D, opts ...options.Lister[options.FindOptions]) (n, total int) {
		t.Helper()
		cur, err := c.Find(ctx, filter, opts...)
		if err != nil {
			t.Fatal(err)
		}
		defer cur.Close(ctx)
		for cur.Next(ctx) {
			var d struct {
				N   int    `bson:"n"`
				Big string `bson:"big"`
			}
			if err := cur.Decode(&d); err != nil {
				t.Fatal(err)
			}
			n++
			total += d.N
		}
		return n, total
	}
	shared, reads := store.ShareReads(ctx)
	if again, same := store.ShareReads(shared); again != shared || same != reads {
		t.Fatal("a context already sharing its reads got another Reads")
	}
	bySchool := bson.D{{Key: "schoolId", Value: school}}
	var wg sync.WaitGroup
	got := make([][2]int, 4)
	for i := range got {
		wg.Go(func() { got[i][0], got[i][1] = sum(shared, bySchool) })
	}
	wg.Wait()
	for _, g := range got {
		if g != [2]int{50, 1225} {
			t.Fatalf("a shared read gave %v documents/total, want 50/1225", g)
		}
	}
	// A write after the first read is not seen by the computation's repeats,
	// and is seen outside it.
	if err := c.InsertOne(ctx, bson.D{{Key: "n", Value: 50}, {Key: "schoolId", Value: school}}); err != nil {
		t.Fatal(err)
	}
	if n, _ := sum(shared, bySchool); n != 50 {
		t.Fatalf("the repeated read saw %d documents, want the 50 it fetched", n)
	}
	if n, _ := sum(ctx, bySchool); n != 51 {
		t.Fatalf("a read outside saw %d documents, want 51", n)
	}
	// Another projection, sort or filter is another read.
	sum(shared, bySchool, options.Find().SetProjection(bson.D{{Key: "n", Value: 1}}))
	sum(shared, bySchool, options.Find().SetSort(bson.D{{Key: "n", Value: -1}}))
	sum(shared, bson.D{{Key: "n", Value: bson.D{{Key: "$lt", Value: 10}}}})
	if d := reads.Describe(); len(d) != 4 || d[0] != "shared: 50" || d[3] != "shared: 10" {
		t.Fatalf("distinct reads %v, want 4: the shared one (50) … the filtered one (10)", d)
	}
	floor, err := reads.Replay(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if floor.Reads != 4 || floor.Docs != 51+51+51+10 {
		t.Fatalf("replay %+v, want 4 reads of 163 documents (the store as it is now)", floor)
	}
}
