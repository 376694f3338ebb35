package store

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// Collection names.
const (
	Schools          = "schools"
	Users            = "users"
	Sessions         = "sessions"
	Majors           = "majors"
	Students         = "students"
	Teachers         = "teachers"
	Enterprises      = "enterprises"
	AuditLog         = "audit_log"
	Previews         = "import_previews"   // uploads waiting to be committed
	CertEntries      = "cert_entries"      // certificate catalogue
	Pilots           = "cert_pilots"       // a school's pilots of a certificate
	Batches          = "cert_batches"      // assessment batches with their candidates
	CertNumbers      = "cert_numbers"      // issued certificate numbers, one per _id
	Trainings        = "cert_trainings"    // teachers' 1+X training
	RuleSets         = "rule_sets"         // versions of the placement rules' parameters
	Placements       = "placements"        // placements with their weeks and checks embedded
	PlacementDigests = "placement_digests" // what the figures read of each placement (records.Digest)
	Programmes       = "apprenticeship_programmes"
	Contracts        = "apprenticeship_contracts" // one per (programme, student)
	OrderClasses     = "order_classes"            // with their members and hires embedded
	Practices        = "teacher_practices"        // teachers' enterprise practice
	Recognitions     = "dual_recognitions"        // 双师型 recognitions
	Workshops        = "luban_workshops"          // Luban Workshops, one per (country, host, lead)
	Activities       = "luban_activities"         // Luban Workshops' dated activities
	Snapshots        = "snapshots"                // annual reports frozen for the bureau
	SnapRecords      = "snapshot_records"         // the records behind each frozen figure
)

// Index is one index of one collection.
type Index struct {
	Collection string
	Name       string
	Keys       bson.D
	Unique     bool
}

// Indexes lists every index. Unique indexes are only on fields that are always
// present and non-empty (stack.md §3 rule 4); the other indexes serve MongoDB's
// scoped queries (the embedded store scans regardless, stack.md §4).
var Indexes = []Index{
	{Schools, "code_unique", bson.D{{Key: "code", Value: 1}}, true},
	{Users, "username_unique", bson.D{{Key: "username", Value: 1}}, true},
	{Users, "school", bson.D{{Key: "schoolId", Value: 1}}, false},
	{Sessions, "user", bson.D{{Key: "userId", Value: 1}}, false},
	{Sessions, "expires", bson.D{{Key: "expiresAt", Value: 1}}, false},
	{Majors, "school_code_unique", bson.D{{Key: "schoolId", Value: 1}, {Key: "code", Value: 1}}, true},
	{Students, "school_studentNo_unique", bson.D{{Key: "schoolId", Value: 1}, {Key: "studentNo", Value: 1}}, true},
	{Students, "school_idNumber_unique", bson.D{{Key: "schoolId", Value: 1}, {Key: "idNumber", Value: 1}}, true},
	{Students, "school_major", bson.D{{Key: "schoolId", Value: 1}, {Key: "majorCode", Value: 1}}, false},
	{Teachers, "school_staffNo_unique", bson.D{{Key: "schoolId", Value: 1}, {Key: "staffNo", Value: 1}}, true},
	{Teachers, "employer", bson.D{{Key: "employerEnterpriseId", Value: 1}}, false},
	{Enterprises, "creditCode_unique", bson.D{{Key: "creditCode", Value: 1}}, true},
	{AuditLog, "school_at", bson.D{{Key: "schoolId", Value: 1}, {Key: "at", Value: -1}}, false},
	{AuditLog, "entity", bson.D{{Key: "entity", Value: 1}, {Key: "entityId", Value: 1}}, false},
	// Certificates. An entry's key ("x_cert|name" or "skill|code|name") is always
	// set, so one unique index carries both types' natural keys. Certificate
	// numbers need no index: their _id is "<entryId>|<number>".
	{CertEntries, "key_unique", bson.D{{Key: "key", Value: 1}}, true},
	{Pilots, "school_entry_year_unique", bson.D{{Key: "schoolId", Value: 1}, {Key: "entryId", Value: 1}, {Key: "schoolYear", Value: 1}}, true},
	{Pilots, "entry", bson.D{{Key: "entryId", Value: 1}}, false},
	{Batches, "school_date", bson.D{{Key: "schoolId", Value: 1}, {Key: "date", Value: 1}}, false},
	{Batches, "entry_level", bson.D{{Key: "entryId", Value: 1}, {Key: "level", Value: 1}}, false},
	{Batches, "candidate_student", bson.D{{Key: "candidates.studentId", Value: 1}}, false},
	{Trainings, "school_start", bson.D{{Key: "schoolId", Value: 1}, {Key: "startDate", Value: 1}}, false},
	{Trainings, "teacher", bson.D{{Key: "teacherId", Value: 1}}, false},
	{Trainings, "entry", bson.D{{Key: "entryId", Value: 1}}, false},
	// Placement rule sets: a version is created once and never edited.
	{RuleSets, "version_unique", bson.D{{Key: "version", Value: 1}}, true},
	// Placements: a school's list by start, an enterprise's across schools (the
	// portal, the caps of INT-12/13), a student's (overlaps), and by status.
	{Placements, "school_start", bson.D{{Key: "schoolId", Value: 1}, {Key: "startDate", Value: 1}}, false},
	{Placements, "enterprise", bson.D{{Key: "enterpriseId", Value: 1}}, false},
	{Placements, "student", bson.D{{Key: "studentId", Value: 1}}, false},
	{Placements, "status", bson.D{{Key: "status", Value: 1}}, false},
	{PlacementDigests, "school", bson.D{{Key: "schoolId", Value: 1}}, false},
	// Apprenticeships and order classes (domain.md §3.10–3.11).
	{Programmes, "school_major_cohort", bson.D{{Key: "schoolId", Value: 1}, {Key: "majorCode", Value: 1}, {Key: "cohortYear", Value: 1}}, false},
	{Programmes, "enterprises", bson.D{{Key: "enterpriseIds", Value: 1}}, false},
	{Contracts, "programme_student_unique", bson.D{{Key: "programmeId", Value: 1}, {Key: "studentId", Value: 1}}, true},
	{Contracts, "school_start", bson.D{{Key: "schoolId", Value: 1}, {Key: "startDate", Value: 1}}, false},
	{Contracts, "student", bson.D{{Key: "studentId", Value: 1}}, false},
	{OrderClasses, "school_enterprise_major_cohort_unique", bson.D{{Key: "schoolId", Value: 1}, {Key: "enterpriseId", Value: 1}, {Key: "majorCode", Value: 1}, {Key: "cohortYear", Value: 1}}, true},
	{OrderClasses, "member", bson.D{{Key: "members.studentId", Value: 1}}, false},
	// Teachers' enterprise practice and 双师型 recognitions (domain.md §3.14–3.15).
	{Practices, "school_start", bson.D{{Key: "schoolId", Value: 1}, {Key: "startDate", Value: 1}}, false},
	{Practices, "teacher", bson.D{{Key: "teacherId", Value: 1}}, false},
	{Practices, "enterprise", bson.D{{Key: "enterpriseId", Value: 1}}, false},
	{Recognitions, "teacher", bson.D{{Key: "teacherId", Value: 1}}, false},
	{Workshops, "key_unique", bson.D{{Key: "key", Value: 1}}, true},
	{Activities, "workshop_start", bson.D{{Key: "workshopId", Value: 1}, {Key: "startDate", Value: 1}}, false},
	{Activities, "school_start", bson.D{{Key: "schoolId", Value: 1}, {Key: "startDate", Value: 1}}, false},
	{Activities, "teacher", bson.D{{Key: "teachers.teacherId", Value: 1}}, false},
	{Snapshots, "key_unique", bson.D{{Key: "key", Value: 1}}, true},
	{Snapshots, "school_year", bson.D{{Key: "schoolId", Value: 1}, {Key: "year", Value: 1}}, false},
	{SnapRecords, "records_figure_unique", bson.D{{Key: "recordsId", Value: 1}, {Key: "figureId", Value: 1}}, true},
}

// EnsureIndexes creates every index; it is idempotent and runs at start-up.
func (s *Store) EnsureIndexes(ctx context.Context) error {
	for _, ix := range Indexes {
		m := mongo.IndexModel{Keys: ix.Keys, Options: options.Index().SetName(ix.Name).SetUnique(ix.Unique)}
		if err := s.Collection(ix.Collection).CreateIndex(ctx, m); err != nil {
			return fmt.Errorf("store: index %s.%s: %w", ix.Collection, ix.Name, err)
		}
	}
	return nil
}
