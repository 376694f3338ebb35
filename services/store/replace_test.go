package store

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// These tests open their own embedded store: they read the driver collection
// behind a Collection, which only this package can (storetest imports store).

func openEmbedded(tb testing.TB) *Store {
	tb.Helper()
	emb, err := StartEmbedded(tb.TempDir(), nil)
	if err != nil {
		tb.Fatal(err)
	}
	s, err := connect(context.Background(), emb.URI, "replace", true, nil, emb.Close)
	if err != nil {
		emb.Close()
		tb.Fatal(err)
	}
	tb.Cleanup(s.Close)
	return s
}

// seedVersioned inserts n documents shaped like a record, all at version 1.
func seedVersioned(tb testing.TB, c *Collection, n int) []bson.ObjectID {
	tb.Helper()
	ids := make([]bson.ObjectID, n)
	docs := make([]any, n)
	for i := range docs {
		ids[i] = bson.NewObjectID()
		docs[i] = bson.D{{Key: "_id", Value: ids[i]}, {Key: "version", Value: int64(1)}, {Key: "schoolId", Value: ids[0]},
			{Key: "studentNo", Value: fmt.Sprintf("S%05d", i)}, {Key: "name", Value: "学生"}, {Key: "className", Value: "2025级1班"}}
	}
	if _, err := c.w.InsertMany(context.Background(), docs); err != nil {
		tb.Fatal(err)
	}
	return ids
}

// TestVersionFilterIsNotPushedDown: FerretDB v1.24 answers a filter on _id alone
// in SQLite, but {_id, version} by reading and matching every document in Go. This
// is why ReplaceVersion does not send that filter to the embedded store.
func TestVersionFilterIsNotPushedDown(t *testing.T) {
	s := openEmbedded(t)
	c := s.Collection("students")
	ids := seedVersioned(t, c, 3)
	for _, tt := range []struct {
		filter bson.D
		want   bool
	}{
		{bson.D{{Key: "_id", Value: ids[1]}}, true},
		{bson.D{{Key: "_id", Value: ids[1]}, {Key: "version", Value: int64(1)}}, false},
	} {
		var res struct {
			FilterPushdown bool `bson:"filterPushdown"`
		}
		cmd := bson.D{{Key: "explain", Value: bson.D{{Key: "find", Value: "students"}, {Key: "filter", Value: tt.filter}}}}
		if err := s.read.RunCommand(context.Background(), cmd).Decode(&res); err != nil {
			t.Fatal(err)
		}
		if res.FilterPushdown != tt.want {
			t.Errorf("filter %v: filterPushdown = %v, want %v", tt.filter, res.FilterPushdown, tt.want)
		}
	}
}

// TestReplaceVersion: a stale or unknown version matches nothing; under contention
// each version is handed out exactly once.
func TestReplaceVersion(t *testing.T) {
	s := openEmbedded(t)
	ctx := context.Background()
	c := s.Collection("cas")
	id := seedVersioned(t, c, 1)[0]
	doc := func(v int64) bson.D { return bson.D{{Key: "_id", Value: id}, {Key: "version", Value: v}} }
	t.Run("ErrStale", func(t *testing.T) {
		if n, err := c.ReplaceVersion(ctx, id, 7, doc(8)); n != 0 || err != nil {
			t.Fatalf("n = %d, err = %v", n, err)
		}
	})
	t.Run("ErrMissing", func(t *testing.T) {
		if n, err := c.ReplaceVersion(ctx, bson.NewObjectID(), 1, doc(2)); n != 0 || err != nil {
			t.Fatalf("n = %d, err = %v", n, err)
		}
	})
	t.Run("OK each version once", func(t *testing.T) {
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
					n, err := c.ReplaceVersion(ctx, id, cur.Version, doc(cur.Version+1))
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
		if got.Version != 1+workers*each {
			t.Fatalf("version = %d, want %d", got.Version, 1+workers*each)
		}
	})
}

// BenchmarkReplace2000 replaces one document of 2,000 (stack.md §4: one school's
// daily size) with the {_id, version} filter and with ReplaceVersion. Run:
//
//	go test ./services/store/ -run '^$' -bench Replace -benchtime 100x
func BenchmarkReplace2000(b *testing.B) {
	s := openEmbedded(b)
	ctx := context.Background()
	c := s.Collection("students")
	ids := seedVersioned(b, c, 2000)
	versions := make([]int64, len(ids))
	for i := range versions {
		versions[i] = 1
	}
	replace := func(b *testing.B, fn func(id bson.ObjectID, v int64, doc bson.D) (int64, error)) {
		for i := 0; i < b.N; i++ {
			k := i * 7919 % len(ids) // spread over the collection
			v := versions[k]
			doc := bson.D{{Key: "_id", Value: ids[k]}, {Key: "version", Value: v + 1}, {Key: "className", Value: fmt.Sprint(i)}}
			if n, err := fn(ids[k], v, doc); n != 1 || err != nil {
				b.Fatalf("n = %d, err = %v", n, err)
			}
			versions[k] = v + 1
		}
	}
	b.Run("FilterIDAndVersion", func(b *testing.B) {
		replace(b, func(id bson.ObjectID, v int64, doc bson.D) (int64, error) {
			return c.ReplaceOne(ctx, bson.D{{Key: "_id", Value: id}, {Key: "version", Value: v}}, doc)
		})
	})
	b.Run("ReplaceVersion", func(b *testing.B) {
		replace(b, func(id bson.ObjectID, v int64, doc bson.D) (int64, error) {
			return c.ReplaceVersion(ctx, id, v, doc)
		})
	})
}
