package models

import (
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// Meta is carried by every stored record.
type Meta struct {
	ID        bson.ObjectID `bson:"_id" json:"id"`
	Version   int64         `bson:"version" json:"version"`
	CreatedAt time.Time     `bson:"createdAt" json:"createdAt"`
	CreatedBy bson.ObjectID `bson:"createdBy,omitempty" json:"createdBy,omitzero"`
	UpdatedAt time.Time     `bson:"updatedAt" json:"updatedAt"`
	UpdatedBy bson.ObjectID `bson:"updatedBy,omitempty" json:"updatedBy,omitzero"`
}

// Stamp sets the creation fields of a new record.
func (m *Meta) Stamp(by bson.ObjectID, now time.Time) {
	m.ID = bson.NewObjectID()
	m.Version = 1
	m.CreatedAt, m.UpdatedAt = now, now
	m.CreatedBy, m.UpdatedBy = by, by
}

// Touch advances the version and update fields of a changed record.
func (m *Meta) Touch(by bson.ObjectID, now time.Time) {
	m.Version++
	m.UpdatedAt, m.UpdatedBy = now, by
}

// List paging limits.
const (
	DefaultPageSize = 20
	MaxPageSize     = 200
)

// ListParams are the common list query parameters: ?page=&pageSize=&sort=&q=.
// Sort names a field, with a leading "-" for descending order.
type ListParams struct {
	Page     int
	PageSize int
	Sort     string
	Q        string
}

// Normalize clamps paging to its limits.
func (p *ListParams) Normalize() {
	if p.Page < 1 {
		p.Page = 1
	}
	if p.PageSize < 1 {
		p.PageSize = DefaultPageSize
	}
	if p.PageSize > MaxPageSize {
		p.PageSize = MaxPageSize
	}
}

// Page is one page of a list answer.
type Page[T any] struct {
	Items    []T   `json:"items"`
	Total    int64 `json:"total"`
	Page     int   `json:"page"`
	PageSize int   `json:"pageSize"`
}

// M returns the record's metadata; every entity gets it by embedding Meta.
func (m *Meta) M() *Meta { return m }
