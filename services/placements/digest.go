package placements

import (
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/records"
	"github.com/chanjiao/chanjiao/services/store"
)

// digest is what the figures and the lists read of a placement
// (records.Digest): a few hundred bytes instead of the record's kilobytes of
// weeks and checks. Its fields sit at the placement's own paths, so that a
// list's filter, sort and search (list, sortable, search) apply to either. It
// holds no ID number.
type digest struct {
	ID             bson.ObjectID `bson:"_id"`
	Version        int64         `bson:"version"`
	Shape          int           `bson:"shape"` // digestShape
	CreatedAt      time.Time     `bson:"createdAt"`
	UpdatedAt      time.Time     `bson:"updatedAt"`
	SchoolID       bson.ObjectID `bson:"schoolId"`
	Status         string        `bson:"status"`
	Compliance     string        `bson:"compliance"`
	Kind           string        `bson:"kind"`
	StudentID      bson.ObjectID `bson:"studentId"`
	Student        digestStudent `bson:"student"`
	EnterpriseID   bson.ObjectID `bson:"enterpriseId"`
	EnterpriseName string        `bson:"enterpriseName"`
	Post           digestPost    `bson:"post"`
	StartDate      models.Date   `bson:"startDate"`
	PlannedEndDate models.Date   `bson:"plannedEndDate"`
	EndDate        models.Date   `bson:"endDate"`
	Mentors        digestMentor  `bson:"mentors"`
	// Weeks are the confirmed weeks tallied by the statistical year their
	// Monday falls in, in year order.
	Weeks       []weekTally `bson:"weeks"`
	ActivatedAt time.Time   `bson:"activatedAt,omitempty"` // the verdict's time
	Warnings    int         `bson:"warnings"`              // the verdict's warnings
	Stop        *Stop       `bson:"stop,omitempty"`
	OpenRules   []string    `bson:"openRules"`
}

type digestStudent struct {
	Name      string `bson:"name"`
	StudentNo string `bson:"studentNo"`
}

type digestPost struct {
	Name  string `bson:"name"`
	Match string `bson:"match"`
}

type digestMentor struct {
	Name  string `bson:"enterpriseMentorName"`
	Phone string `bson:"enterpriseMentorPhone"`
}

// digestShape numbers digest's layout (records.Digest.Shape): change it with
// the fields, and the server rewrites every digest at its next start.
const digestShape = 2

// weekTally is a placement's confirmed weeks in one statistical year.
type weekTally struct {
	Year  int `bson:"year"`
	Weeks int `bson:"weeks"`
	Days  int `bson:"days"`
}

// newDigest returns the placements' digest collection.
func newDigest(s *store.Store) *records.Digest[Placement, *Placement] {
	return &records.Digest[Placement, *Placement]{C: s.Collection(store.PlacementDigests), Of: func(p *Placement) any { return digestOf(p) },
		Shape: digestShape}
}

// digestOf derives the digest of p.
func digestOf(p *Placement) digest {
	d := digest{ID: p.ID, Version: p.Version, Shape: digestShape, CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt, SchoolID: p.SchoolID,
		Status: p.Status, Compliance: p.Compliance, Kind: p.Kind,
		StudentID: p.StudentID, Student: digestStudent{Name: p.Student.Name, StudentNo: p.Student.StudentNo},
		EnterpriseID: p.EnterpriseID, EnterpriseName: p.EnterpriseName, Post: digestPost{Name: p.Post.Name, Match: p.Post.Match},
		StartDate: p.StartDate, PlannedEndDate: p.PlannedEndDate, EndDate: p.EndDate,
		Mentors: digestMentor{Name: p.Mentors.EnterpriseMentorName, Phone: p.Mentors.EnterpriseMentorPhone},
		Stop:    p.Stop, OpenRules: p.OpenRules}
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
