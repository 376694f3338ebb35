package placements

import (
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/records"
	"github.com/chanjiao/chanjiao/services/store"
)

// digest is what the figures read of a placement (records.Digest): a few
// hundred bytes instead of the record's kilobytes of weeks and checks. It holds
// no ID number.
type digest struct {
	ID             bson.ObjectID `bson:"_id"`
	Version        int64         `bson:"version"`
	SchoolID       bson.ObjectID `bson:"schoolId"`
	Status         string        `bson:"status"`
	Kind           string        `bson:"kind"`
	StudentID      bson.ObjectID `bson:"studentId"`
	StudentNo      string        `bson:"studentNo"`
	StudentName    string        `bson:"studentName"`
	EnterpriseID   bson.ObjectID `bson:"enterpriseId"`
	EnterpriseName string        `bson:"enterpriseName"`
	PostName       string        `bson:"postName"`
	Match          string        `bson:"match"`
	StartDate      models.Date   `bson:"startDate"`
	EndDate        models.Date   `bson:"endDate"`
	MentorName     string        `bson:"mentorName"`
	MentorPhone    string        `bson:"mentorPhone"`
	// Weeks are the confirmed weeks tallied by the statistical year their
	// Monday falls in, in year order.
	Weeks       []weekTally `bson:"weeks"`
	ActivatedAt time.Time   `bson:"activatedAt,omitempty"` // the verdict's time
	Warnings    int         `bson:"warnings"`              // the verdict's warnings
	Stop        *Stop       `bson:"stop,omitempty"`
	OpenRules   []string    `bson:"openRules"`
}

// weekTally is a placement's confirmed weeks in one statistical year.
type weekTally struct {
	Year  int `bson:"year"`
	Weeks int `bson:"weeks"`
	Days  int `bson:"days"`
}

// newDigest returns the placements' digest collection.
func newDigest(s *store.Store) *records.Digest[Placement, *Placement] {
	return &records.Digest[Placement, *Placement]{C: s.Collection(store.PlacementDigests), Of: func(p *Placement) any { return digestOf(p) }}
}

// digestOf derives the digest of p.
func digestOf(p *Placement) digest {
	d := digest{ID: p.ID, Version: p.Version, SchoolID: p.SchoolID, Status: p.Status, Kind: p.Kind,
		StudentID: p.StudentID, StudentNo: p.Student.StudentNo, StudentName: p.Student.Name,
		EnterpriseID: p.EnterpriseID, EnterpriseName: p.EnterpriseName, PostName: p.Post.Name, Match: p.Post.Match,
		StartDate: p.StartDate, EndDate: p.EndDate, MentorName: p.Mentors.EnterpriseMentorName, MentorPhone: p.Mentors.EnterpriseMentorPhone,
		Stop: p.Stop, OpenRules: p.OpenRules}
	if p.Verdict != nil {
		d.ActivatedAt, d.Warnings = p.Verdict.At, p.Verdict.Warnings
	}
	for _, w := range p.Weeks {
		if !w.Confirmed() {
			continue
		}
		y := models.StatYearOf(w.WeekStart).Start
		i := slices.IndexFunc(d.Weeks, func(t weekTally) bool { return t.Year == y })
		if i < 0 {
			i = len(d.Weeks)
			d.Weeks = append(d.Weeks, weekTally{Year: y})
		}
		d.Weeks[i].Weeks++
		d.Weeks[i].Days += w.DaysWorked
	}
	slices.SortFunc(d.Weeks, func(a, b weekTally) int { return a.Year - b.Year })
	return d
}
