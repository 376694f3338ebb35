package luban

import (
	"context"
	"math"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
)

// Summary is a workshop's year for its partner: the activities overlapping the
// statistical year and their totals by type. Person-days count only the days
// inside the year.
type Summary struct {
	Workshop   *models.Workshop  `json:"workshop"`
	Year       int               `json:"year"`
	YearLabel  string            `json:"yearLabel"`
	From       string            `json:"from"`
	To         string            `json:"to"`
	Lines      []SummaryLine     `json:"lines"`
	Activities []models.Activity `json:"activities"`
}

// SummaryLine totals one activity type.
type SummaryLine struct {
	Type       string  `json:"type"`
	Label      string  `json:"label"`
	Activities int     `json:"activities"`
	Persons    int     `json:"persons"`
	PersonDays float64 `json:"personDays"`
	Items      int     `json:"items"`
	ValueFen   int64   `json:"valueFen"`
	Adopted    int     `json:"adopted"` // standards adopted abroad
}

// Summary is the workshop's summary for the statistical year starting in year,
// for a caller who may read the workshop.
func (s *Service) Summary(ctx context.Context, id bson.ObjectID, year int) (*Summary, error) {
	w, err := s.FindWorkshopByID(ctx, id)
	if err != nil {
		return nil, err
	}
	y := models.StatYear{Start: year}
	out := &Summary{Workshop: w, Year: year, YearLabel: y.Label(), From: y.From().String(), To: y.To().String(), Activities: []models.Activity{}}
	lines := map[string]*SummaryLine{}
	f := models.ActivityFilter{WorkshopID: id.Hex(), Year: year, ListParams: models.ListParams{Sort: "startDate"}}
	err = s.EachActivity(ctx, f, func(a *models.Activity) error {
		out.Activities = append(out.Activities, *a)
		l := lines[a.Type]
		if l == nil {
			t, _ := models.ActivityTypeOf(a.Type)
			l = &SummaryLine{Type: a.Type, Label: t.Label}
			lines[a.Type] = l
		}
		l.Activities++
		l.Persons += a.Persons
		l.PersonDays += personDaysIn(a, y)
		l.Items += a.Items
		l.ValueFen += a.ValueFen
		if a.Adopted() {
			l.Adopted += a.Items
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, t := range models.ActivityTypes {
		if l := lines[t.Code]; l != nil {
			l.PersonDays = round1(l.PersonDays)
			out.Lines = append(out.Lines, *l)
		}
	}
	return out, nil
}

// personDaysIn is an activity's person-days inside y: a dispatch's teachers'
// days inside y; a training's person-days spread evenly over its days and
// counted for those inside y.
func personDaysIn(a *models.Activity, y models.StatYear) float64 {
	if len(a.Teachers) > 0 {
		var days int
		for _, d := range a.Teachers {
			days += daysInside(d.StartDate, d.EndDate, y)
		}
		return float64(days)
	}
	if a.PersonDays == 0 {
		return 0
	}
	return float64(a.PersonDays) * float64(daysInside(a.StartDate, a.EndDate, y)) / float64(a.Span())
}

// daysInside counts the days of [start, end] that fall inside y.
func daysInside(start, end models.Date, y models.StatYear) int {
	if start.Before(y.From()) {
		start = y.From()
	}
	if end.After(y.To()) {
		end = y.To()
	}
	if end.Before(start) {
		return 0
	}
	return models.DaysBetween(start, end) + 1
}

func round1(v float64) float64 { return math.Round(v*10) / 10 }
