package models

import (
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// Snapshot states (domain.md §9): an office user prepares, a different
// office_admin approves it or sends it back. An approved snapshot never changes.
const (
	SnapshotPrepared = "prepared" // 待审定
	SnapshotApproved = "approved" // 已审定
	SnapshotReturned = "returned" // 已退回
)

// SnapshotStateLabel is a state in Chinese.
func SnapshotStateLabel(s string) string {
	switch s {
	case SnapshotPrepared:
		return "待审定"
	case SnapshotApproved:
		return "已审定"
	case SnapshotReturned:
		return "已退回"
	}
	return s
}

// Signature is who did a step of the sign-off, and when.
type Signature struct {
	UserID   bson.ObjectID `bson:"userId" json:"userId"`
	Username string        `bson:"username" json:"username"`
	At       time.Time     `bson:"at" json:"at"`
	Comment  string        `bson:"comment,omitempty" json:"comment,omitempty"`
}

// Snapshot is one school's annual report frozen for the bureau (指标快照,
// domain.md §3.16, §9): every figure's value with its counts, the previous
// year's beside it, the definition each was computed under, and a SHA-256
// manifest over all of that and the records behind each figure. The records
// themselves are kept per figure in snapshot_records, so that this document
// stays small whatever the school's size.
type Snapshot struct {
	Meta       `bson:",inline"`
	SchoolID   bson.ObjectID `bson:"schoolId" json:"schoolId"`
	SchoolName string        `bson:"schoolName" json:"schoolName"`
	Year       int           `bson:"year" json:"year"`
	// Revision counts the snapshots of a school and year; Key makes
	// (school, year, revision) unique.
	Revision int    `bson:"revision" json:"revision"`
	Key      string `bson:"key" json:"-"`
	// A correction names the approved snapshot it corrects and why.
	Supersedes bson.ObjectID `bson:"supersedes,omitempty" json:"supersedes,omitzero"`
	Reason     string        `bson:"reason,omitempty" json:"reason,omitempty"`
	Changed    []string      `bson:"changed,omitempty" json:"changed,omitempty"` // figures differing from the corrected one

	State    string     `bson:"state" json:"state"`
	DataAsOf time.Time  `bson:"dataAsOf" json:"dataAsOf"` // the records as they stood at this instant
	Prepared Signature  `bson:"prepared" json:"prepared"`
	Approved *Signature `bson:"approved,omitempty" json:"approved,omitempty"`
	Returned *Signature `bson:"returned,omitempty" json:"returned,omitempty"`

	Figures []FrozenFigure `bson:"figures" json:"figures"`
	// RecordsID ties the snapshot to its documents in snapshot_records; it is
	// drawn before the snapshot is written, so that records are written first.
	RecordsID   bson.ObjectID `bson:"recordsId" json:"-"`
	RecordCount int           `bson:"recordCount" json:"recordCount"`
	Manifest    string        `bson:"manifest" json:"manifest"` // SHA-256 root, hex
}

// SchoolOf is the school the snapshot reports on.
func (s *Snapshot) SchoolOf() bson.ObjectID { return s.SchoolID }

// Figure finds a frozen figure by indicator id.
func (s *Snapshot) Figure(id string) (*FrozenFigure, bool) {
	for i := range s.Figures {
		if s.Figures[i].ID == id {
			return &s.Figures[i], true
		}
	}
	return nil, false
}

// FrozenValue is a figure's value with the counts it comes from.
type FrozenValue struct {
	Value       float64 `bson:"value" json:"value"`
	Numerator   int64   `bson:"numerator" json:"numerator"`
	Denominator int64   `bson:"denominator" json:"denominator"`
	NoData      bool    `bson:"noData,omitempty" json:"noData,omitempty"`
}

// FrozenPart is one breakdown row of a figure (a certificate, a workshop).
type FrozenPart struct {
	Key         string `bson:"key" json:"key"`
	Label       string `bson:"label" json:"label"`
	FrozenValue `bson:",inline"`
}

// FrozenFigure is one indicator as it stood when the snapshot was prepared.
type FrozenFigure struct {
	ID                string `bson:"id" json:"id"`
	LabelZH           string `bson:"labelZh" json:"labelZh"`
	LabelEN           string `bson:"labelEn" json:"labelEn"`
	Unit              string `bson:"unit" json:"unit"`
	Table             string `bson:"table" json:"table"`
	Definition        string `bson:"definition" json:"definition"`
	DefinitionVersion string `bson:"definitionVersion" json:"definitionVersion"`
	FrozenValue       `bson:",inline"`
	Prior             FrozenValue  `bson:"prior" json:"prior"` // the previous statistical year
	Parts             []FrozenPart `bson:"parts,omitempty" json:"parts,omitempty"`
	RecordCount       int          `bson:"recordCount" json:"recordCount"`
}

// FrozenRef is one record behind a frozen figure: where it is, whether the
// numerator counts it, the parts it falls in, and the SHA-256 of the record as
// it stood. Label describes the record without naming anyone; Person lets a
// reader who may see names look the person up, and others see a pseudonym.
type FrozenRef struct {
	Kind        string        `bson:"kind" json:"kind"`
	ID          string        `bson:"id" json:"id"`
	ParentID    string        `bson:"parentId,omitempty" json:"parentId,omitempty"`
	InNumerator bool          `bson:"inNumerator,omitempty" json:"inNumerator,omitempty"`
	Parts       []string      `bson:"parts,omitempty" json:"parts,omitempty"`
	Date        string        `bson:"date,omitempty" json:"date,omitempty"`
	Label       string        `bson:"label" json:"label"`
	Person      bson.ObjectID `bson:"person,omitempty" json:"-"`
	Hash        string        `bson:"hash" json:"hash"`
}

// SnapshotRecords holds the records behind one figure of one snapshot.
type SnapshotRecords struct {
	ID        bson.ObjectID `bson:"_id"`
	RecordsID bson.ObjectID `bson:"recordsId"` // the snapshot's RecordsID
	SchoolID  bson.ObjectID `bson:"schoolId"`
	FigureID  string        `bson:"figureId"`
	Refs      []FrozenRef   `bson:"refs"`
}

// SnapshotFilter narrows the list of snapshots.
type SnapshotFilter struct {
	ListParams
	SchoolID string
	Year     int
	State    string
}

// PrepareSnapshot is what an office user sends to prepare a snapshot. Reason is
// required when the year already has an approved snapshot (a correction).
type PrepareSnapshot struct {
	SchoolID *string `json:"schoolId"`
	Year     *int    `json:"year"`
	Reason   *string `json:"reason"`
}

// SnapshotDecision approves a snapshot or sends it back (a comment is required
// to send it back).
type SnapshotDecision struct {
	Version *int64  `json:"version"`
	Comment *string `json:"comment"`
}
