package storetest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/services/store"
)

// Fingerprint is one collection's content: its document count and the SHA-256 of its
// documents' canonical extended JSON, in _id order. Two fingerprints are equal when
// the collection holds the same documents byte for byte (types included:
// canonical extended JSON tells an int32 from an int64 and keeps dates to the
// millisecond).
type Fingerprint struct {
	Count  int
	SHA256 string
}

func (d Fingerprint) String() string {
	return fmt.Sprintf("%d documents, sha256 %s", d.Count, d.SHA256)
}

// Fingerprints returns the fingerprint of every collection of s, by name.
func Fingerprints(t testing.TB, s *store.Store) map[string]Fingerprint {
	t.Helper()
	ctx := context.Background()
	names, err := s.CollectionNames(ctx)
	if err != nil {
		t.Fatal(err)
	}
	out := make(map[string]Fingerprint, len(names))
	for _, name := range names {
		d, err := fingerprint(ctx, s.Collection(name))
		if err != nil {
			t.Fatalf("storetest: fingerprint of %s: %v", name, err)
		}
		out[name] = d
	}
	return out
}

func fingerprint(ctx context.Context, c *store.Collection) (Fingerprint, error) {
	cur, err := c.Find(ctx, bson.D{})
	if err != nil {
		return Fingerprint{}, err
	}
	defer cur.Close(ctx)
	type doc struct{ id, json string }
	var docs []doc
	for cur.Next(ctx) {
		js, err := bson.MarshalExtJSON(cur.Current, true, false)
		if err != nil {
			return Fingerprint{}, err
		}
		id, err := bson.MarshalExtJSON(bson.D{{Key: "_id", Value: cur.Current.Lookup("_id")}}, true, false)
		if err != nil {
			return Fingerprint{}, err
		}
		docs = append(docs, doc{string(id), string(js)})
	}
	if err := cur.Err(); err != nil {
		return Fingerprint{}, err
	}
	// Sorted here rather than by the server, so that _id values of different
	// types order the same way on both stores.
	sort.Slice(docs, func(i, j int) bool { return docs[i].id < docs[j].id })
	h := sha256.New()
	for _, d := range docs {
		h.Write([]byte(d.json))
		h.Write([]byte{'\n'})
	}
	return Fingerprint{Count: len(docs), SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// DiffFingerprints describes how after differs from before, one line per collection
// added, dropped or changed; "" when they are equal.
func DiffFingerprints(before, after map[string]Fingerprint) string {
	var names []string
	for n := range before {
		names = append(names, n)
	}
	for n := range after {
		if _, ok := before[n]; !ok {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	out := ""
	for _, n := range names {
		b, inBefore := before[n]
		a, inAfter := after[n]
		switch {
		case !inBefore:
			out += fmt.Sprintf("%s: created (%s)\n", n, a)
		case !inAfter:
			out += fmt.Sprintf("%s: dropped (was %s)\n", n, b)
		case a != b:
			out += fmt.Sprintf("%s: %s, was %s\n", n, a, b)
		}
	}
	return out
}
