// Package audit is the append-only change log (审计日志). Every service write calls
// Record; entries are never updated or deleted.
package audit

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/store"
)

// Log appends to and reads the audit_log collection.
type Log struct {
	c   *store.Collection
	now func() time.Time
}

// New returns the audit log on s.
func New(s *store.Store, now func() time.Time) *Log {
	return &Log{c: s.Collection(store.AuditLog), now: now}
}

// Event describes one write. Before is nil for a create, After nil for a delete.
type Event struct {
	Entity   string
	EntityID bson.ObjectID
	SchoolID bson.ObjectID
	Action   string
	Before   any
	After    any
	// Actor overrides the principal in ctx (login, where there is none yet).
	Actor *models.Principal
	// At is when the change happened; zero is now. Records written from a
	// replayed history (the demo) are logged at their own creation time.
	At time.Time
}

// metaFields are bookkeeping fields, not changes worth listing.
var metaFields = map[string]bool{"id": true, "version": true, "createdAt": true, "createdBy": true, "updatedAt": true, "updatedBy": true}

// maskedFields hold sensitive personal information; the log keeps them masked.
var maskedFields = map[string]bool{"idNumber": true}

// Record appends ev with the changed fields, personal data masked.
func (l *Log) Record(ctx context.Context, ev Event) error {
	e, err := l.entry(ctx, ev)
	if err != nil {
		return err
	}
	if err := l.c.InsertOne(ctx, e); err != nil {
		return fmt.Errorf("audit: append: %w", err)
	}
	return nil
}

// RecordMany appends one entry per event, as Record does, in one bulk write:
// for loads of thousands of records at once.
func (l *Log) RecordMany(ctx context.Context, evs []Event) error {
	entries := make([]any, len(evs))
	for i, ev := range evs {
		e, err := l.entry(ctx, ev)
		if err != nil {
			return err
		}
		entries[i] = e
	}
	if err := l.c.InsertMany(ctx, entries); err != nil {
		return fmt.Errorf("audit: append: %w", err)
	}
	return nil
}

// entry builds the log line of ev: who (the event's actor, else the caller in
// ctx, else the system), when, and the changed fields.
func (l *Log) entry(ctx context.Context, ev Event) (models.AuditEntry, error) {
	actor := ev.Actor
	if actor == nil {
		actor, _ = models.PrincipalFrom(ctx)
	}
	at := ev.At
	if at.IsZero() {
		at = l.now()
	}
	e := models.AuditEntry{
		ID: bson.NewObjectID(), At: at.UTC().Truncate(time.Millisecond),
		SchoolID: ev.SchoolID, Entity: ev.Entity, EntityID: ev.EntityID, Action: ev.Action,
		RequestID: models.RequestIDFrom(ctx), ActorName: "system",
	}
	if actor != nil {
		e.ActorID, e.ActorName, e.ActorRole = actor.UserID, actor.Username, actor.Role
	}
	changes, err := Diff(ev.Before, ev.After)
	if err != nil {
		return e, fmt.Errorf("audit: %w", err)
	}
	e.Changes = changes
	return e, nil
}

// Diff lists the fields whose JSON values differ between before and after, in field
// order, with sensitive fields masked. Either side may be nil.
func Diff(before, after any) ([]models.Change, error) {
	b, err := asMap(before)
	if err != nil {
		return nil, err
	}
	a, err := asMap(after)
	if err != nil {
		return nil, err
	}
	return diffMaps(b, a, true), nil
}

// byElementID reads two arrays of sub-documents that carry an "id" (a batch's
// candidates) as maps by id; ok is false for anything else.
func byElementID(before, after any) (b, a map[string]map[string]any, ok bool) {
	b, okB := elementsByID(before)
	a, okA := elementsByID(after)
	return b, a, okB && okA && (len(b) > 0 || len(a) > 0)
}

func elementsByID(v any) (map[string]map[string]any, bool) {
	out := map[string]map[string]any{}
	if v == nil {
		return out, true
	}
	list, ok := v.([]any)
	if !ok {
		return nil, false
	}
	for _, e := range list {
		m, ok := e.(map[string]any)
		if !ok {
			return nil, false
		}
		id, ok := m["id"].(string)
		if !ok || id == "" {
			return nil, false
		}
		out[id] = m
	}
	return out, true
}

// elementChanges lists what changed element by element, so that one candidate's
// result is one small entry rather than the whole list twice: an added or removed
// element whole, a changed one field by field, as field[id].sub.
func elementChanges(field string, before, after map[string]map[string]any) []models.Change {
	ids := map[string]bool{}
	for id := range before {
		ids[id] = true
	}
	for id := range after {
		ids[id] = true
	}
	sorted := make([]string, 0, len(ids))
	for id := range ids {
		sorted = append(sorted, id)
	}
	sort.Strings(sorted)
	var out []models.Change
	for _, id := range sorted {
		name := field + "[" + id + "]"
		b, a := before[id], after[id]
		switch {
		case b == nil:
			out = append(out, models.Change{Field: name, After: maskElement(a)})
		case a == nil:
			out = append(out, models.Change{Field: name, Before: maskElement(b)})
		default:
			for _, ch := range diffMaps(b, a, false) {
				ch.Field = name + "." + ch.Field
				out = append(out, ch)
			}
		}
	}
	return out
}

func maskElement(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = mask(k, v)
	}
	return out
}

// diffMaps lists the keys whose values differ, sorted, masked. At the top level
// the record's own bookkeeping fields are left out and arrays of sub-documents
// with ids are compared element by element.
func diffMaps(b, a map[string]any, top bool) []models.Change {
	keys := map[string]bool{}
	for k := range b {
		keys[k] = true
	}
	for k := range a {
		keys[k] = true
	}
	names := make([]string, 0, len(keys))
	for k := range keys {
		if !top || !metaFields[k] {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	changes := []models.Change{}
	for _, k := range names {
		if reflect.DeepEqual(b[k], a[k]) {
			continue
		}
		if bs, as, ok := byElementID(b[k], a[k]); ok && top {
			changes = append(changes, elementChanges(k, bs, as)...)
			continue
		}
		changes = append(changes, models.Change{Field: k, Before: mask(k, b[k]), After: mask(k, a[k])})
	}
	return changes
}

func asMap(v any) (map[string]any, error) {
	if v == nil || (reflect.ValueOf(v).Kind() == reflect.Pointer && reflect.ValueOf(v).IsNil()) {
		return nil, nil
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var m map[string]any
	return m, json.Unmarshal(raw, &m)
}

func mask(field string, v any) any {
	if s, ok := v.(string); ok && maskedFields[field] {
		return models.MaskIDNumber(s)
	}
	return v
}
