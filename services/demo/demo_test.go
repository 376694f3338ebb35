package demo_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/services/demo"
	"github.com/chanjiao/chanjiao/services/store"
	"github.com/chanjiao/chanjiao/services/store/storetest"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

// load fills a new database with the demo of opts (a cheap bcrypt cost).
func load(t *testing.T, opts demo.Options) (*store.Store, *demo.Summary) {
	t.Helper()
	st := storetest.Open(t)
	opts.BcryptCost = 4
	sum, err := demo.Load(context.Background(), st, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Log(sum)
	return st, sum
}

// TestDemo loads the default demo: every figure of the main school has a
// value, and a second load is refused.
func TestDemo(t *testing.T) {
	st, sum := load(t, demo.Options{Seed: 1})
	t.Run("EveryFigureOfTheMainSchool", func(t *testing.T) { everyFigure(t, st, sum) })
	t.Run("ErrNotEmpty", func(t *testing.T) {
		if _, err := demo.Load(context.Background(), st, demo.Options{Seed: 1}); !errors.Is(err, demo.ErrNotEmpty) {
			t.Fatalf("err = %v, want ErrNotEmpty", err)
		}
	})
}

// TestSameSeedSameRecords loads the demo twice with one seed, into two
// databases, and compares every collection, ids and password hashes aside;
// another seed gives other students. One statistical year keeps it short: the
// generator draws the same way whatever the size.
func TestSameSeedSameRecords(t *testing.T) {
	first, _ := load(t, demo.Options{Seed: 7, Years: 1})
	second, _ := load(t, demo.Options{Seed: 7, Years: 1})
	a, b := digests(t, first, ""), digests(t, second, "")
	if len(a) < 20 {
		t.Fatalf("only %d collections: %v", len(a), a)
	}
	for name, d := range a {
		if b[name] != d {
			t.Errorf("%s differs between two loads of the same seed", name)
		}
	}
	other, _ := load(t, demo.Options{Seed: 8, Years: 1})
	if digests(t, other, store.Students)[store.Students] == a[store.Students] {
		t.Error("another seed gave the same students")
	}
}

// ids are ObjectIDs written as text (in the audit log's changes, in the keys
// of claimed certificate numbers).
var ids = regexp.MustCompile(`[0-9a-f]{24}`)

// digests hashes the records of every collection (only, when given), ids and
// password hashes aside (drawn afresh each time), in an order of their own.
func digests(t *testing.T, st *store.Store, only string) map[string]string {
	t.Helper()
	ctx := context.Background()
	names, err := st.CollectionNames(ctx)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, name := range names {
		if only != "" && name != only {
			continue
		}
		cur, err := st.Collection(name).Find(ctx, bson.D{})
		if err != nil {
			t.Fatal(err)
		}
		var docs []string
		for cur.Next(ctx) {
			var d bson.D
			if err := cur.Decode(&d); err != nil {
				t.Fatal(err)
			}
			raw, err := bson.MarshalExtJSON(canonical(d), true, false)
			if err != nil {
				t.Fatal(err)
			}
			sum := sha256.Sum256(raw)
			docs = append(docs, hex.EncodeToString(sum[:]))
		}
		if err := cur.Err(); err != nil {
			t.Fatal(err)
		}
		slices.Sort(docs)
		sum := sha256.Sum256([]byte(strings.Join(docs, "\n")))
		out[name] = hex.EncodeToString(sum[:])
	}
	return out
}

// canonical is v with ids blanked, password hashes left out and every
// document's fields sorted (a finding's data is a map: no fixed order).
func canonical(v any) any {
	switch x := v.(type) {
	case bson.ObjectID:
		return "id"
	case string:
		return ids.ReplaceAllString(x, "id")
	case bson.D:
		out := bson.D{}
		for _, e := range x {
			if e.Key != "passwordHash" {
				out = append(out, bson.E{Key: e.Key, Value: canonical(e.Value)})
			}
		}
		slices.SortFunc(out, func(a, b bson.E) int { return strings.Compare(a.Key, b.Key) })
		return out
	case bson.A:
		out := make(bson.A, len(x))
		for i := range x {
			out[i] = canonical(x[i])
		}
		return out
	}
	return v
}
