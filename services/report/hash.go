package report

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/store"
)

// refCollections is where each kind of record behind a figure is stored. A
// record embedded in another (a candidate in its batch) names its parent; its
// hash covers the embedded element only, so that an edit of one candidate does
// not mark the batch's other candidates as changed. Kinds missing here (an
// occupation is a code, not a record) have no hash.
var refCollections = map[string]string{
	"candidate": store.Batches, "pilot": store.Pilots, "training": store.Trainings, "student": store.Students,
	"placement": store.Placements, "contract": store.Contracts, "order_class": store.OrderClasses,
	"teacher": store.Teachers, "practice": store.Practices, "workshop": store.Workshops, "luban_activity": store.Activities,
}

// recordKey names one record behind a figure.
type recordKey struct{ Kind, ID, ParentID string }

func keyOf(r models.FrozenRef) recordKey { return recordKey{r.Kind, r.ID, r.ParentID} }

// keysOf is every record named in any of the per-figure lists.
func keysOf(lists ...map[string][]models.FrozenRef) map[recordKey]bool {
	keys := map[recordKey]bool{}
	for _, m := range lists {
		for _, rs := range m {
			for _, r := range rs {
				keys[keyOf(r)] = true
			}
		}
	}
	return keys
}

func (k recordKey) doc() string {
	if k.ParentID != "" {
		return k.ParentID
	}
	return k.ID
}

// recordState is a record as it stands now: its hash and when its document was
// created ("" hash: the record no longer exists).
type recordState struct {
	Hash    string
	Created bson.DateTime
}

// hashChunk bounds an $in list: index-backed on MongoDB, one scan per chunk on
// the embedded store.
const hashChunk = 5000

// hashRecords reads each record named in keys once, one collection at a time,
// and returns the SHA-256 of its canonical extended JSON (the whole stored
// document, or the embedded element). Records that do not exist are missing
// from the result.
func (s *Service) hashRecords(ctx context.Context, keys map[recordKey]bool) (map[recordKey]recordState, error) {
	byColl := map[string]map[string][]recordKey{} // collection -> document id -> keys in it
	for k := range keys {
		coll, ok := refCollections[k.Kind]
		if !ok {
			continue
		}
		if byColl[coll] == nil {
			byColl[coll] = map[string][]recordKey{}
		}
		byColl[coll][k.doc()] = append(byColl[coll][k.doc()], k)
	}
	out := make(map[recordKey]recordState, len(keys))
	for coll, docs := range byColl {
		if err := s.hashCollection(ctx, coll, docs, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (s *Service) hashCollection(ctx context.Context, coll string, docs map[string][]recordKey, out map[recordKey]recordState) error {
	ids := make([]bson.ObjectID, 0, len(docs))
	for hexID := range docs {
		if id, err := bson.ObjectIDFromHex(hexID); err == nil {
			ids = append(ids, id)
		}
	}
	for from := 0; from < len(ids); from += hashChunk {
		chunk := ids[from:min(from+hashChunk, len(ids))]
		cur, err := s.store.Collection(coll).Find(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: chunk}}}})
		if err != nil {
			return fmt.Errorf("report: hash %s: %w", coll, err)
		}
		for cur.Next(ctx) {
			raw := cur.Current
			id, _ := raw.Lookup("_id").ObjectIDOK()
			created, _ := raw.Lookup("createdAt").DateTimeOK()
			for _, k := range docs[id.Hex()] {
				h, ok := hashElement(raw, k)
				if ok {
					out[k] = recordState{Hash: h, Created: bson.DateTime(created)}
				}
			}
		}
		err = cur.Err()
		cur.Close(ctx)
		if err != nil {
			return fmt.Errorf("report: hash %s: %w", coll, err)
		}
	}
	return nil
}

// hashElement hashes the document, or for an embedded record the element of
// one of its arrays whose id or _id is the record's.
func hashElement(doc bson.Raw, k recordKey) (string, bool) {
	if k.ParentID == "" {
		return hashRaw(doc)
	}
	elems, err := doc.Elements()
	if err != nil {
		return "", false
	}
	for _, e := range elems {
		arr, ok := e.Value().ArrayOK()
		if !ok {
			continue
		}
		vals, _ := arr.Values()
		for _, v := range vals {
			sub, ok := v.DocumentOK()
			if ok && elementID(sub) == k.ID {
				return hashRaw(sub)
			}
		}
	}
	return "", false
}

func elementID(d bson.Raw) string {
	for _, f := range []string{"_id", "id"} {
		if id, ok := d.Lookup(f).ObjectIDOK(); ok {
			return id.Hex()
		}
	}
	return ""
}

func hashRaw(d bson.Raw) (string, bool) {
	js, err := bson.MarshalExtJSON(d, true, false)
	if err != nil {
		return "", false
	}
	sum := sha256.Sum256(js)
	return hex.EncodeToString(sum[:]), true
}
