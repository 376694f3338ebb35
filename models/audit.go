package models

import (
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// Audit actions.
const (
	ActionCreate        = "create"
	ActionUpdate        = "update"
	ActionDelete        = "delete"
	ActionLogin         = "login"
	ActionLogout        = "logout"
	ActionResetPassword = "reset_password"
)

// Change is one field's value before and after a write, personal data masked.
type Change struct {
	Field  string `bson:"field" json:"field"`
	Before any    `bson:"before" json:"before"`
	After  any    `bson:"after" json:"after"`
}

// AuditEntry is one line of the append-only change log (审计日志).
type AuditEntry struct {
	ID        bson.ObjectID `bson:"_id" json:"id"`
	At        time.Time     `bson:"at" json:"at"`
	ActorID   bson.ObjectID `bson:"actorId,omitempty" json:"actorId,omitzero"`
	ActorName string        `bson:"actorName" json:"actorName"`
	ActorRole Role          `bson:"actorRole" json:"actorRole"`
	SchoolID  bson.ObjectID `bson:"schoolId,omitempty" json:"schoolId,omitzero"`
	Entity    string        `bson:"entity" json:"entity"`
	EntityID  bson.ObjectID `bson:"entityId" json:"entityId"`
	Action    string        `bson:"action" json:"action"`
	Changes   []Change      `bson:"changes" json:"changes"`
	RequestID string        `bson:"requestId,omitempty" json:"requestId,omitempty"`
}

// AuditFilter narrows the audit log.
type AuditFilter struct {
	ListParams
	Entity   string
	EntityID string
	ActorID  string
	Action   string
	SchoolID string
	From     string // YYYY-MM-DD, inclusive
	To       string // YYYY-MM-DD, inclusive
}
