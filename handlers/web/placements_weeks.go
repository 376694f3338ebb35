package web

import (
	"errors"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/placements"
)

// weeksView is the weekly attendance of a placement: the weeks not yet
// confirmed, each with its inputs, to confirm one by one or all at once, and
// the weeks confirmed.
type weeksView struct {
	Action, CSRF, Schedule string
	Version                int64
	Office                 bool // the office enters the weeks on the enterprise's behalf
	Open                   bool
	Pending                []weekRow
	Confirmed              []weekDone
}

type weekRow struct {
	Start, Label                          string
	Days, Hours, Night                    string
	Holiday                               bool
	StartErr, DaysErr, HoursErr, NightErr string
}

type weekDone struct {
	Label, Worked, Channel, At string
	Office                     bool
}

// worked says a confirmed week in words: days and hours, and night or holiday
// work when there was any.
func worked(wk models.Week) string {
	s := strconv.Itoa(wk.DaysWorked) + " 天 " + num(wk.Hours) + " 小时"
	if wk.NightHours > 0 {
		s += "，夜间 " + num(wk.NightHours) + " 小时"
	}
	if wk.HolidayWork {
		s += "，节假日出勤"
	}
	return s
}

// weekLabel is a week as "2025-09-01 至 09-07".
func weekLabel(d models.Date) string {
	return d.String() + " 至 " + d.Time().AddDate(0, 0, 6).Format("01-02")
}

// mondayOf is the Monday of d's week.
func mondayOf(d models.Date) models.Date {
	return models.DateOf(d.Time().AddDate(0, 0, -((int(d.Time().Weekday()) + 6) % 7)))
}

// pendingWeeks are the Mondays from the placement's first week to today (or
// its end) that have no confirmed week.
func pendingWeeks(pl *placements.Placement, today models.Date) []models.Date {
	done := map[models.Date]bool{}
	for _, wk := range pl.Weeks {
		if wk.Confirmed() {
			done[wk.WeekStart] = true
		}
	}
	last := pl.EndDate
	if today.Before(last) {
		last = today
	}
	var out []models.Date
	for d := mondayOf(pl.StartDate); !pl.StartDate.IsZero() && !d.After(last); d = models.DateOf(d.Time().AddDate(0, 0, 7)) {
		if !done[d] {
			out = append(out, d)
		}
	}
	return out
}

// agreedWeek prefills a week with the agreed schedule: the first days of the
// week that fall within the period and not after today, at the agreed hours.
func agreedWeek(pl *placements.Placement, monday, today models.Date) weekRow {
	perWeek, perDay := pl.Schedule.DaysPerWeek, pl.Schedule.HoursPerDay
	if perWeek == 0 {
		perWeek = 5
	}
	if perDay == 0 {
		perDay = 8
	}
	days := 0
	for i := range perWeek {
		d := models.DateOf(monday.Time().AddDate(0, 0, i))
		if !d.Before(pl.StartDate) && !d.After(pl.EndDate) && !d.After(today) {
			days++
		}
	}
	return weekRow{Start: monday.String(), Label: weekLabel(monday), Days: strconv.Itoa(days), Hours: num(float64(days) * perDay), Night: "0"}
}

// weeksOf builds the weeks part of a placement's page; after a refused post
// the rows keep what was entered and show their errors.
func (w *Handler) weeksOf(pl *placements.Placement, csrf string, office bool, ps *pageState) *weeksView {
	today := models.DateOf(w.now().In(models.China))
	v := &weeksView{Action: "/placements/" + pl.ID.Hex() + "/weeks#weeks", CSRF: csrf, Version: pl.Version, Office: office,
		Schedule: scheduleText(pl.Schedule), Open: ps.form == "weeks"}
	for _, d := range pendingWeeks(pl, today) {
		r := agreedWeek(pl, d, today)
		if ps.form == "weeks" {
			s := r.Start
			if _, sent := ps.values["days."+s]; sent {
				r.Days, r.Hours, r.Night, r.Holiday = ps.values["days."+s], ps.values["hours."+s], ps.values["night."+s], ps.values["holiday."+s] != ""
			}
			r.StartErr, r.DaysErr, r.HoursErr, r.NightErr = ps.err("week."+s), ps.err("days."+s), ps.err("hours."+s), ps.err("night."+s)
		}
		v.Pending = append(v.Pending, r)
	}
	for _, wk := range slices.Backward(pl.Weeks) {
		if !wk.Confirmed() {
			continue
		}
		done := weekDone{Label: weekLabel(wk.WeekStart), Worked: worked(wk), Channel: "实习单位确认", At: when(wk.ConfirmedAt), Office: wk.EnteredByOffice}
		if wk.EnteredByOffice {
			done.Channel = "教务处代录"
		}
		v.Confirmed = append(v.Confirmed, done)
	}
	return v
}

var weekError = regexp.MustCompile(`^weeks\[(\d+)\]\.(\w+)$`)

// weekFields name a week's inputs after the service's fields.
var weekFields = map[string]string{"weekStart": "week.", "daysWorked": "days.", "hours": "hours.", "nightHours": "night."}

// confirmPlacementWeeks confirms the weeks posted: the one whose 确认 button
// was pressed, or every week shown (全部确认).
func (w *Handler) confirmPlacementWeeks(c *fiber.Ctx, pl *placements.Placement, ver *int64) (map[string]string, map[string]string, string, error) {
	var starts []string
	for _, b := range c.Request().PostArgs().PeekMulti("week") {
		starts = append(starts, string(b))
	}
	if only := c.FormValue("only"); only != "" {
		starts = []string{only}
	}
	values, errs := map[string]string{}, map[string]string{}
	r := reader{v: values, errs: errs}
	in := placements.Weeks{Version: ver}
	for _, s := range starts {
		for _, p := range []string{"days.", "hours.", "night.", "holiday."} {
			values[p+s] = strings.TrimSpace(c.FormValue(p + s))
		}
		in.Weeks = append(in.Weeks, placements.WeekFields{WeekStart: s, DaysWorked: r.int("days." + s), Hours: r.float("hours." + s),
			NightHours: r.float("night." + s), HolidayWork: values["holiday."+s] != ""})
	}
	if len(starts) == 0 {
		errs["weeks"] = "没有待确认的周"
	}
	if len(errs) > 0 {
		return values, errs, "", nil
	}
	after, err := w.Placements.ConfirmWeeks(c.UserContext(), pl.ID, in)
	var ve *models.ValidationError
	if errors.As(err, &ve) {
		for k, msg := range ve.Fields {
			m := weekError.FindStringSubmatch(k)
			if m == nil {
				errs[k] = msg
				continue
			}
			i, _ := strconv.Atoi(m[1])
			if p, ok := weekFields[m[2]]; ok && i < len(starts) {
				errs[p+starts[i]] = msg
			} else {
				errs[k] = msg
			}
		}
		return values, errs, "", nil
	}
	if err != nil {
		return values, nil, "", err
	}
	msg := "已确认 " + strconv.Itoa(len(starts)) + " 周出勤"
	if p, _ := models.PrincipalFrom(c.UserContext()); p.Role != models.RoleEnterprise {
		msg = "已代实习单位录入 " + strconv.Itoa(len(starts)) + " 周出勤（标注为教务处代录）"
	}
	if after.Compliance != pl.Compliance || len(after.Checks) != len(pl.Checks) {
		msg += "。出勤记录已重新核对工时规则，结果：" + complianceBadge(after).Text
	}
	return values, nil, msg, nil
}
