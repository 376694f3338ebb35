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
}

// metaFields are bookkeeping fields, not changes worth listing.
var metaFields = map[string]bool{"id": true, "version": true, "createdAt": true, "createdBy": true, "updatedAt": true, "updatedBy": true}

// maskedFields hold sensitive personal information; the log keeps them masked.
var maskedFields = map[string]bool{"idNumber": true}

// Record appends ev with the changed fields, personal data masked.
func (l *Log) Record(ctx context.Context, ev Event) error {
	actor := ev.Actor
	if actor == nil {
		actor, _ = models.PrincipalFrom(ctx)
	}
	e := models.AuditEntry{
		ID: bson.NewObjectID(), At: l.now().UTC().Truncate(time.Millisecond),
		SchoolID: ev.SchoolID, Entity: ev.Entity, EntityID: ev.EntityID, Action: ev.Action,
		RequestID: models.RequestIDFrom(ctx), ActorName: "system",
	}
	if actor != nil {
		e.ActorID, e.ActorName, e.ActorRole = actor.UserID, actor.Username, actor.Role
	}
	changes, err := Diff(ev.Before, ev.After)
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	e.Changes = changes
	if err := l.c.InsertOne(ctx, e); err != nil {
		return fmt.Errorf("audit: append: %w", err)
	}
	return nil
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
	keys := map[string]bool{}
	for k := range b {
		keys[k] = true
	}
	for k := range a {
		keys[k] = true
	}
	names := make([]string, 0, len(keys))
	for k := range keys {
		if !metaFields[k] {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	changes := []models.Change{}
	for _, k := range names {
		if reflect.DeepEqual(b[k], a[k]) {
			continue
		}
		changes = append(changes, models.Change{Field: k, Before: mask(k, b[k]), After: mask(k, a[k])})
	}
	return changes, nil
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
