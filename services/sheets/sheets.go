// Package sheets moves records in and out of Excel: master data (majors,
// students, teachers, enterprises), the certificate catalogue, placement
// drafts with the rule findings of each row, Luban Workshop activities, and
// one assessment batch's registrations and results. It gives a template to fill
// in, a preview of an upload with per-cell Chinese errors, a commit of the good
// rows and an export of what a list shows.
//
// Every row is checked and written through the record areas' own services, so
// scope, validation and the audit log apply exactly as for the API: a row is
// validated by calling the service's Create or Update method (Register and
// RecordResult for a batch; CheckFields and SaveCheckedDraft for placements) in
// records.DryRun, and committed by calling the same method for real. This
// package reads no collection itself.
//
// Who may import: office users into their own school, the system admin into the
// school it names (schoolID is then required for majors, students, teachers and
// placements).
// Enterprises are shared by all schools, so their import takes no school; the
// catalogue neither, and only the system admin and office admins may import it.
// Registrations and results go into one batch the caller may change.
// Auditors and enterprise users may export what they can list, but not import.
package sheets

import (
	"fmt"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/certs"
	"github.com/chanjiao/chanjiao/services/enterprises"
	"github.com/chanjiao/chanjiao/services/luban"
	"github.com/chanjiao/chanjiao/services/metrics"
	"github.com/chanjiao/chanjiao/services/people"
	"github.com/chanjiao/chanjiao/services/placements"
	"github.com/chanjiao/chanjiao/services/schools"
)

// Kind names the master data a sheet holds; the values are the API's words.
type Kind string

// Kinds of sheets.
const (
	Majors      Kind = "majors"
	Students    Kind = "students"
	Teachers    Kind = "teachers"
	Enterprises Kind = "enterprises"
	CertEntries Kind = "cert-entries" // the certificate catalogue (证书目录)
	Placements  Kind = "placements"   // placement drafts (实习), checked against the rules
	// Registrations and Results go into one assessment batch (Target.BatchID).
	Registrations Kind = "registrations" // 考生报名
	Results       Kind = "results"       // 考核结果
	// LubanActivities are the activities of the school's Luban Workshops.
	LubanActivities Kind = "luban_activities" // 鲁班工坊活动
)

// Kinds lists the kinds imported on their own, in menu order.
var Kinds = []Kind{Majors, Students, Teachers, Enterprises, CertEntries, Placements, LubanActivities}

// BatchKinds lists the kinds imported into one assessment batch, from its page.
var BatchKinds = []Kind{Registrations, Results}

// Target is where an import goes: the school of majors, students, teachers and
// placements
// (the system admin names it; office users may leave it empty), or the
// assessment batch of registrations and results. Enterprises and the catalogue
// take neither.
type Target struct {
	SchoolID string `json:"schoolId,omitempty"`
	BatchID  string `json:"batchId,omitempty"`
}

// Row actions of a preview.
const (
	ActionCreate    = "create"    // no record with this natural key yet
	ActionUpdate    = "update"    // a record exists and some field differs
	ActionUnchanged = "unchanged" // a record exists with exactly these values
)

// Sheet names of the template and the export.
const (
	DataSheet  = "数据"
	NotesSheet = "说明"
)

// MaxRows is the largest number of data rows one upload may hold; the template's
// drop-down lists cover exactly these rows (2 to MaxRows+1).
const MaxRows = 10000

// Service reads and writes Excel sheets through the people, enterprises, certs,
// placements and Luban services.
type Service struct {
	people      *people.Service
	enterprises *enterprises.Service
	schools     *schools.Service
	certs       *certs.Service
	placements  *placements.Service
	luban       *luban.Service
	// Metrics times each commit; nil records nothing.
	Metrics *metrics.Metrics
}

// New returns the sheets service.
func New(p *people.Service, e *enterprises.Service, s *schools.Service, c *certs.Service, pl *placements.Service, lb *luban.Service) *Service {
	return &Service{people: p, enterprises: e, schools: s, certs: c, placements: pl, luban: lb}
}

// CellError is one problem with one cell (or, with Column empty, the whole row).
type CellError struct {
	Row     int    `json:"row"`     // Excel row number
	Column  string `json:"column"`  // Chinese header, "" for the whole row
	Field   string `json:"field"`   // JSON field of the *Fields struct, "" when none
	Message string `json:"message"` // Chinese message
}

// Row is one data row of an upload.
type Row struct {
	Number int `json:"number"` // Excel row number (the header is row 1)
	// Key is the natural key: 学号, 工号, 统一社会信用代码, 专业代码, a 1+X
	// certificate's name or a skill recognition's "工种代码 工种名称".
	Key string `json:"key"`
	// Cells are the row's cells as read (trimmed), in Columns order, for showing
	// the preview with the user's own values.
	Cells []string `json:"cells"`
	// Fields is the *Fields value by JSON name (models.Registration and
	// ResultFields for a batch): string, int or list-of-string values; a blank
	// optional number is left out.
	Fields map[string]any `json:"fields"`
	Action string         `json:"action"` // ActionCreate, ActionUpdate or ActionUnchanged
	// ID and Version name the existing record an update or unchanged row matches;
	// for a result, the candidate and a fingerprint of its result.
	ID      string      `json:"id,omitempty"`
	Version int64       `json:"version,omitempty"`
	Errors  []CellError `json:"errors,omitempty"`
	// Findings are what the placement rules would find in a placement row
	// once written, under RuleSet (the rule set in effect at its start). They
	// do not stop the row: it becomes a draft the office fixes and activates.
	Findings []models.Finding `json:"findings,omitempty"`
	RuleSet  string           `json:"ruleSet,omitempty"`
}

// Preview is a parsed upload: every data row with its action and errors. It holds
// only plain values, so a handler may keep it (e.g. as JSON) until the user commits.
type Preview struct {
	Kind     Kind   `json:"kind"`
	SchoolID string `json:"schoolId,omitempty"` // school the rows go to; "" for enterprises and the catalogue
	BatchID  string `json:"batchId,omitempty"`  // batch the rows go to (registrations, results)
	Rows     []Row  `json:"rows"`
	Good     int    `json:"good"` // rows without errors
	Bad      int    `json:"bad"`  // rows with at least one error
}

// RowFailure is a row Commit could not write.
type RowFailure struct {
	Row    int         `json:"row"`
	Key    string      `json:"key"`
	Errors []CellError `json:"errors"`
}

// Result counts what Commit did.
type Result struct {
	Created   int          `json:"created"`
	Updated   int          `json:"updated"`
	Unchanged int          `json:"unchanged"`
	Skipped   int          `json:"skipped"` // rows that had errors in the preview
	Failed    []RowFailure `json:"failed"`  // rows that failed at commit time
}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool {
	_, ok := specs[k]
	return ok
}

// Label is the kind's Chinese name.
func (k Kind) Label() string {
	if s, ok := specs[k]; ok {
		return s.label
	}
	return string(k)
}

// PerBatch reports whether the kind is imported into one assessment batch.
func (k Kind) PerBatch() bool { return k == Registrations || k == Results }

// PerSchool reports whether the kind is imported into one school, which the
// system admin must name.
func (k Kind) PerSchool() bool {
	return k == Majors || k == Students || k == Teachers || k == Placements || k == LubanActivities
}

// FileName is a download name for the kind's template or export, e.g. "学生.xlsx".
func (k Kind) FileName(suffix string) string { return k.Label() + suffix + ".xlsx" }

func spec(k Kind) (*kindSpec, error) {
	s, ok := specs[k]
	if !ok {
		return nil, fmt.Errorf("sheets: %w", models.BadRequest("不支持的数据类型："+string(k)))
	}
	return s, nil
}
