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
	Correction             *opForm // the form correcting the week whose 更正 was chosen
}

type weekRow struct {
	Start, Label                          string
	Days, Hours, Night                    string
	Holiday                               bool
	StartErr, DaysErr, HoursErr, NightErr string
}

type weekDone struct {
	Label, Worked, Channel, At string
	Office, Corrected          bool
	Reason                     string   // why the week was last corrected
	Previous                   []string // the confirmations it replaced, newest first
	Correct                    string   // the link that opens its correction form, when it may be corrected
}

// worked says a week's confirmation in words: days and hours, and night or
// holiday work when there was any.
func worked(wk models.WeekConfirmation) string {
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
	correctable := pl.Status == models.PlacementActive || pl.Status == models.PlacementSuspended
	for _, wk := range slices.Backward(pl.Weeks) {
		if !wk.Confirmed() {
			continue
		}
		done := weekDone{Label: weekLabel(wk.WeekStart), Worked: worked(wk.WeekConfirmation), Channel: channelText(wk.WeekConfirmation),
			At: when(wk.ConfirmedAt), Office: wk.EnteredByOffice, Corrected: wk.Corrected(), Reason: wk.CorrectionReason}
		for _, was := range slices.Backward(wk.Previous) {
			done.Previous = append(done.Previous, worked(was)+"（"+channelText(was)+" "+when(was.ConfirmedAt)+"）")
		}
		if correctable {
			done.Correct = "?correct=" + wk.WeekStart.String() + "#week-correction"
			if ps.correct == wk.WeekStart.String() {
				o := ps.ready(correctionForm(wk))
				v.Correction = &o
			}
		}
		v.Confirmed = append(v.Confirmed, done)
	}
	return v
}

// channelText says through whom a week was confirmed.
func channelText(c models.WeekConfirmation) string {
	if c.EnteredByOffice {
		return "教务处代录"
	}
	return "实习单位确认"
}

// correctionForm corrects a confirmed week: its values to change and the
// reason, which the service requires.
func correctionForm(wk models.Week) opForm {
	return opForm{Name: "week-correction", Title: "更正 " + weekLabel(wk.WeekStart) + " 的出勤", Button: "保存更正", Open: true,
		Hint:   "现记录：" + worked(wk.WeekConfirmation) + "（" + channelText(wk.WeekConfirmation) + "）。更正后原记录仍保留可查，并重新核对工时规则。",
		Hidden: []formField{{Name: "weekStart", Value: wk.WeekStart.String()}},
		Fields: []formField{
			{Name: "daysWorked", Label: "出勤天数", Type: "number", Value: strconv.Itoa(wk.DaysWorked)},
			{Name: "hours", Label: "工作小时数", Type: "number", Value: num(wk.Hours)},
			{Name: "nightHours", Label: "夜间小时数", Type: "number", Value: num(wk.NightHours)},
			{Name: "holidayWork", Label: "节假日出勤", Options: yesNo, Value: strconv.FormatBool(wk.HolidayWork)},
			{Name: "reason", Label: "更正原因", Type: "textarea", Required: true, Hint: "如：周五病假误记为出勤；将与更正一并保存"},
		}}
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
	return values, nil, msg + rechecked(pl, after), nil
}

// correctPlacementWeek corrects the confirmed week posted, with the reason.
func (w *Handler) correctPlacementWeek(c *fiber.Ctx, pl *placements.Placement, ver *int64) (map[string]string, map[string]string, string, error) {
	v := formValues(c, "weekStart", "daysWorked", "hours", "nightHours", "holidayWork", "reason")
	errs := map[string]string{}
	r := reader{v: v, errs: errs}
	in := placements.WeekCorrection{Version: ver, WeekStart: v["weekStart"], DaysWorked: r.int("daysWorked"), Hours: r.float("hours"),
		NightHours: r.float("nightHours"), HolidayWork: r.bool("holidayWork"), Reason: ptr(v["reason"])}
	after, err := w.Placements.CorrectWeek(writeUnless(c, errs), pl.ID, in)
	if err != nil || len(errs) > 0 {
		return v, errs, "", err
	}
	msg := "已更正 " + v["weekStart"] + " 起一周的出勤，原记录已保留"
	if p, _ := models.PrincipalFrom(c.UserContext()); p.Role != models.RoleEnterprise {
		msg += "（标注为教务处代录）"
	}
	return v, nil, msg + rechecked(pl, after), nil
}

// rechecked tells, after weeks were confirmed or corrected, what re-checking
// the hours rules found, when it changed anything.
func rechecked(before, after *placements.Placement) string {
	if after.Compliance == before.Compliance && len(after.Checks) == len(before.Checks) {
		return ""
	}
	return "。出勤记录已重新核对工时规则，结果：" + complianceBadge(after).Text
}
