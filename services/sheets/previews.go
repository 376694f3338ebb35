package sheets

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/store"
)

// PreviewTTL is how long an upload waits for the user to commit or cancel it.
const PreviewTTL = 2 * time.Hour

// Previews keeps parsed uploads between the preview page and the commit, in the
// store rather than in memory, so that any server instance can finish an import
// and a restart loses nothing. A preview belongs to the user who uploaded it.
// Previews are working state, not records: they are not audited; the rows a
// commit writes are, one entry each, by the services.
type Previews struct {
	c   *store.Collection
	now func() time.Time
}

// NewPreviews returns the preview store.
func NewPreviews(s *store.Store, now func() time.Time) *Previews {
	return &Previews{c: s.Collection(store.Previews), now: now}
}

// SavedPreview is a stored upload. Rows are kept as gzip-compressed JSON: a
// 10,000-row upload is a few MB of JSON but a few hundred KB compressed, well
// inside one document, and the rows are only ever read whole.
type SavedPreview struct {
	ID        bson.ObjectID `bson:"_id"`
	UserID    bson.ObjectID `bson:"userId"`
	FileName  string        `bson:"fileName"`
	Kind      Kind          `bson:"kind"`
	SchoolID  string        `bson:"schoolId"`
	BatchID   string        `bson:"batchId,omitempty"`
	Good      int           `bson:"good"`
	Bad       int           `bson:"bad"`
	CreatedAt time.Time     `bson:"createdAt"`
	ExpiresAt time.Time     `bson:"expiresAt"`
	Rows      []byte        `bson:"rows"`
}

// Save keeps pv for the caller and returns its id; expired previews of anyone
// are removed on the way (no TTL index on the embedded store, stack.md rule 8).
func (ps *Previews) Save(ctx context.Context, pv *Preview, fileName string) (bson.ObjectID, error) {
	p, err := models.PrincipalFrom(ctx)
	if err != nil {
		return bson.NilObjectID, err
	}
	now := ps.now().UTC().Truncate(time.Millisecond)
	if _, err := ps.c.DeleteMany(ctx, bson.D{{Key: "expiresAt", Value: bson.D{{Key: "$lt", Value: now}}}}); err != nil {
		return bson.NilObjectID, fmt.Errorf("sheets: purge previews: %w", err)
	}
	rows, err := pack(pv.Rows)
	if err != nil {
		return bson.NilObjectID, err
	}
	doc := SavedPreview{ID: bson.NewObjectID(), UserID: p.UserID, FileName: fileName, Kind: pv.Kind, SchoolID: pv.SchoolID,
		BatchID: pv.BatchID, Good: pv.Good, Bad: pv.Bad, CreatedAt: now, ExpiresAt: now.Add(PreviewTTL), Rows: rows}
	if err := ps.c.InsertOne(ctx, doc); err != nil {
		return bson.NilObjectID, fmt.Errorf("sheets: save preview: %w", err)
	}
	return doc.ID, nil
}

// Load returns the caller's preview id, or ErrNotFound when it is someone
// else's, expired, committed or cancelled.
func (ps *Previews) Load(ctx context.Context, id bson.ObjectID) (*SavedPreview, *Preview, error) {
	p, err := models.PrincipalFrom(ctx)
	if err != nil {
		return nil, nil, err
	}
	var doc SavedPreview
	if err := ps.c.FindOne(ctx, bson.D{{Key: "_id", Value: id}}, &doc); err != nil {
		return nil, nil, err
	}
	if doc.UserID != p.UserID || !ps.now().Before(doc.ExpiresAt) {
		return nil, nil, models.ErrNotFound
	}
	pv := &Preview{Kind: doc.Kind, SchoolID: doc.SchoolID, BatchID: doc.BatchID, Good: doc.Good, Bad: doc.Bad}
	if err := unpack(doc.Rows, &pv.Rows); err != nil {
		return nil, nil, err
	}
	return &doc, pv, nil
}

// Take loads the caller's preview and removes it in one claim, so that a
// double-clicked commit writes once: only the request whose delete removed the
// document goes on; the other gets ErrNotFound.
func (ps *Previews) Take(ctx context.Context, id bson.ObjectID) (*SavedPreview, *Preview, error) {
	doc, pv, err := ps.Load(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if err := ps.Discard(ctx, id); err != nil {
		return nil, nil, err
	}
	return doc, pv, nil
}

// Discard removes the caller's preview (cancel); a missing one is ErrNotFound.
func (ps *Previews) Discard(ctx context.Context, id bson.ObjectID) error {
	p, err := models.PrincipalFrom(ctx)
	if err != nil {
		return err
	}
	n, err := ps.c.DeleteOne(ctx, bson.D{{Key: "_id", Value: id}, {Key: "userId", Value: p.UserID}})
	if err != nil {
		return fmt.Errorf("sheets: discard preview: %w", err)
	}
	if n == 0 {
		return models.ErrNotFound
	}
	return nil
}

func pack(rows []Row) ([]byte, error) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if err := json.NewEncoder(zw).Encode(rows); err != nil {
		return nil, fmt.Errorf("sheets: pack preview: %w", err)
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("sheets: pack preview: %w", err)
	}
	return buf.Bytes(), nil
}

func unpack(b []byte, rows *[]Row) error {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return fmt.Errorf("sheets: unpack preview: %w", err)
	}
	defer zr.Close()
	if err := json.NewDecoder(io.LimitReader(zr, 512<<20)).Decode(rows); err != nil {
		return fmt.Errorf("sheets: unpack preview: %w", err)
	}
	return nil
}
