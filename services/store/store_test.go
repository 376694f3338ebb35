package store_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/store"
	"github.com/chanjiao/chanjiao/services/store/storetest"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

// TestConcurrentWritesLoseNothing is stack.md's lost-update experiment run through
// the production write path: without the serialized writer it ends far below 200.
func TestConcurrentWritesLoseNothing(t *testing.T) {
	s := storetest.Open(t)
	ctx := context.Background()
	c := s.Collection("counters")
	id := bson.NewObjectID()
	if err := c.InsertOne(ctx, bson.D{{Key: "_id", Value: id}, {Key: "n", Value: 0}, {Key: "a", Value: 0}, {Key: "b", Value: 0}}); err != nil {
		t.Fatal(err)
	}
	const workers, each = 8, 25
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			field := "a"
			if w%2 == 1 {
				field = "b"
			}
			for i := 0; i < each; i++ {
				upd := bson.D{{Key: "$inc", Value: bson.D{{Key: "n", Value: 1}, {Key: field, Value: 1}}}}
				if _, err := c.UpdateOne(ctx, bson.D{{Key: "_id", Value: id}}, upd); err != nil {
					t.Error(err)
					return
				}
			}
		}(w)
	}
	// Readers run beside the writers, as users do.
	for r := 0; r < 4; r++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 20; i++ {
				var doc bson.M
				if err := c.FindOne(ctx, bson.D{{Key: "_id", Value: id}}, &doc); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	var got struct{ N, A, B int }
	if err := c.FindOne(ctx, bson.D{{Key: "_id", Value: id}}, &got); err != nil {
		t.Fatal(err)
	}
	if got.N != workers*each || got.A != workers*each/2 || got.B != workers*each/2 {
		t.Fatalf("got n=%d a=%d b=%d, want %d %d %d", got.N, got.A, got.B, workers*each, workers*each/2, workers*each/2)
	}
}

// TestCompareAndSetCounter checks that versioned updates (the optimistic lock every
// service uses) hand out each version exactly once under contention.
func TestCompareAndSetCounter(t *testing.T) {
	s := storetest.Open(t)
	ctx := context.Background()
	c := s.Collection("cas")
	id := bson.NewObjectID()
	if err := c.InsertOne(ctx, bson.D{{Key: "_id", Value: id}, {Key: "version", Value: int64(0)}}); err != nil {
		t.Fatal(err)
	}
	const workers, each = 6, 15
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for done := 0; done < each; {
				var cur struct{ Version int64 }
				if err := c.FindOne(ctx, bson.D{{Key: "_id", Value: id}}, &cur); err != nil {
					t.Error(err)
					return
				}
				n, err := c.UpdateOne(ctx, bson.D{{Key: "_id", Value: id}, {Key: "version", Value: cur.Version}},
					bson.D{{Key: "$set", Value: bson.D{{Key: "version", Value: cur.Version + 1}}}})
				if err != nil {
					t.Error(err)
					return
				}
				done += int(n)
			}
		}()
	}
	wg.Wait()
	var got struct{ Version int64 }
	if err := c.FindOne(ctx, bson.D{{Key: "_id", Value: id}}, &got); err != nil {
		t.Fatal(err)
	}
	if got.Version != workers*each {
		t.Fatalf("version = %d, want %d", got.Version, workers*each)
	}
}

func TestDuplicateDetectedOnInsertAndUpdate(t *testing.T) {
	s := storetest.Open(t)
	ctx := context.Background()
	c := s.Collection(store.Schools)
	a, b := bson.NewObjectID(), bson.NewObjectID()
	if err := c.InsertOne(ctx, bson.D{{Key: "_id", Value: a}, {Key: "code", Value: "A"}}); err != nil {
		t.Fatal(err)
	}
	if err := c.InsertOne(ctx, bson.D{{Key: "_id", Value: b}, {Key: "code", Value: "B"}}); err != nil {
		t.Fatal(err)
	}
	err := c.InsertOne(ctx, bson.D{{Key: "_id", Value: bson.NewObjectID()}, {Key: "code", Value: "A"}})
	if !store.IsDuplicate(err) {
		t.Fatalf("insert: IsDuplicate(%v) = false", err)
	}
	_, err = c.UpdateOne(ctx, bson.D{{Key: "_id", Value: b}}, bson.D{{Key: "$set", Value: bson.D{{Key: "code", Value: "A"}}}})
	if !store.IsDuplicate(err) {
		t.Fatalf("update: IsDuplicate(%v) = false", err)
	}
}

func TestEnsureIndexesIsIdempotent(t *testing.T) {
	s := storetest.Open(t)
	for i := 0; i < 2; i++ {
		if err := s.EnsureIndexes(context.Background()); err != nil {
			t.Fatalf("run %d: %v", i, err)
		}
	}
}

func TestFindOneNotFound(t *testing.T) {
	s := storetest.Open(t)
	var v bson.M
	err := s.Collection("nothing").FindOne(context.Background(), bson.D{{Key: "_id", Value: bson.NewObjectID()}}, &v)
	if !errors.Is(err, models.ErrNotFound) {
		t.Fatalf("err = %v, want ErrNotFound", err)
	}
}

// TestDataSurvivesReopen writes through one embedded store and reads through the next
// one started on the same directory.
func TestDataSurvivesReopen(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	open := func() *store.Store {
		s, err := store.Open(ctx, store.Config{DB: "chanjiao", DataDir: dir})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	s := open()
	id := bson.NewObjectID()
	if err := s.Collection("kept").InsertOne(ctx, bson.D{{Key: "_id", Value: id}, {Key: "v", Value: "留存"}}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s = open()
	defer s.Close()
	var got struct{ V string }
	if err := s.Collection("kept").FindOne(ctx, bson.D{{Key: "_id", Value: id}}, &got); err != nil {
		t.Fatal(err)
	}
	if got.V != "留存" {
		t.Fatalf("v = %q", got.V)
	}
}

// TestInsertManyInBatches writes more than one batch, in order, and stops at a
// duplicate key with the batches before it written.
func TestInsertManyInBatches(t *testing.T) {
	s := storetest.Open(t)
	ctx := context.Background()
	c := s.Collection(store.Schools)
	docs := make([]any, 2500)
	for i := range docs {
		docs[i] = bson.D{{Key: "_id", Value: bson.NewObjectID()}, {Key: "code", Value: fmt.Sprintf("C%04d", i)}}
	}
	if err := c.InsertMany(ctx, docs); err != nil {
		t.Fatal(err)
	}
	if n, err := c.Count(ctx, bson.D{}); err != nil || n != 2500 {
		t.Fatalf("count = %d, %v; want 2500", n, err)
	}
	again := append(make([]any, 0, 1200), docs[:1]...)
	for i := 0; i < 1199; i++ {
		again = append(again, bson.D{{Key: "_id", Value: bson.NewObjectID()}, {Key: "code", Value: fmt.Sprintf("D%04d", i)}})
	}
	if err := c.InsertMany(ctx, again); !store.IsDuplicate(err) {
		t.Fatalf("IsDuplicate(%v) = false", err)
	}
	if n, _ := c.Count(ctx, bson.D{{Key: "code", Value: "D1198"}}); n != 0 {
		t.Fatal("a batch after the failing one was written")
	}
}
