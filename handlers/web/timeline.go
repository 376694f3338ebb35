package web

import (
	"strconv"
	"time"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/practice"
)

// timeline is a teacher's 5-year window as a bar from its first day to the
// reference date, with the approved practice drawn on it. Positions are
// percentages of the bar, drawn as SVG attributes because the pages' CSP
// forbids inline styles; no script is needed.
type timeline struct {
	From, To, Label string
	Ticks           []tick
	Segments        []segment
}

type tick struct{ X, Label string }

type segment struct{ X, W, Title, Href string }

// minSegment keeps a visit of a day or two visible on the bar (percent).
const minSegment = 0.4

func timelineOf(st practice.Standing, records []models.Practice, inside map[string]float64) timeline {
	from, to := st.WindowFrom, st.AsOf
	total := float64(models.DaysBetween(from, to) + 1)
	at := func(d models.Date) float64 { return float64(models.DaysBetween(from, d)) / total * 100 }
	tl := timeline{From: from.String(), To: to.String()}
	for y := from.Time().Year() + 1; y <= to.Time().Year(); y++ {
		if x := at(models.DateOf(time.Date(y, time.January, 1, 0, 0, 0, 0, time.UTC))); x > 2 && x < 98 {
			tl.Ticks = append(tl.Ticks, tick{X: percent(x), Label: strconv.Itoa(y)})
		}
	}
	n := 0
	for i := range records {
		pr := &records[i]
		if !pr.Counts() || pr.EndDate.Before(from) || pr.StartDate.After(to) {
			continue
		}
		a, b := pr.StartDate, pr.EndDate
		if a.Before(from) {
			a = from
		}
		if b.After(to) {
			b = to
		}
		x := at(a)
		tl.Segments = append(tl.Segments, segment{X: percent(x), W: percent(max(minSegment, at(b.AddDays(1))-x)),
			Href:  "/teacher-practices/" + pr.ID.Hex(),
			Title: pr.EnterpriseName + " " + practicePeriod(pr) + " · 窗口内计" + days(inside[pr.ID.Hex()]) + "天"})
		n++
	}
	tl.Label = "5年窗口 " + tl.From + " 至 " + tl.To + "：已审批的企业实践 " + strconv.Itoa(n) + " 段，共计 " + days(st.Counted) + " 天"
	return tl
}

func percent(f float64) string { return strconv.FormatFloat(f, 'f', 2, 64) + "%" }
