package demo

import (
	"time"

	"github.com/chanjiao/chanjiao/models"
)

// The demo's calendar: dates are models.Date, times are instants of a working
// day in China. Nothing here reads the machine's clock.

// day is the calendar date y-m-d.
func day(y int, m time.Month, d int) models.Date {
	return models.DateOf(time.Date(y, m, d, 0, 0, 0, 0, time.UTC))
}

// on is hh:mm in China on d.
func on(d models.Date, hh, mm int) time.Time {
	y, m, dd := d.Time().Date()
	return time.Date(y, m, dd, hh, mm, 0, 0, models.China)
}

// start is when the schools began to keep their records here: the summer
// before the first entry cohort of a load of years statistical years.
func start(years int) time.Time {
	return on(day(LastYear-years-1, time.August, 1), 9, 0)
}

// end is the demo calendar's last working moment: the last day of LastYear.
func end() time.Time { return on(models.StatYear{Start: LastYear}.To(), 17, 30) }

// weekdayOnOrAfter is the first wd on or after d.
func weekdayOnOrAfter(d models.Date, wd time.Weekday) models.Date {
	return d.AddDays((int(wd) - int(d.Time().Weekday()) + 7) % 7)
}

// weekdayOnOrBefore is the last wd on or before d.
func weekdayOnOrBefore(d models.Date, wd time.Weekday) models.Date {
	return d.AddDays(-((int(d.Time().Weekday()) - int(wd) + 7) % 7))
}

// holidays are the statutory holidays that fall on weekdays, approximately as
// the State Council's notices set them (元旦, 春节, 清明, 劳动节, 端午, 中秋, 国庆);
// interns do not work them (INT-09), so a week with one has fewer days.
var holidays = map[string]bool{}

func init() {
	for _, r := range [][2]string{
		{"2019-01-01", "2019-01-01"}, {"2019-02-04", "2019-02-08"}, {"2019-04-05", "2019-04-05"}, {"2019-05-01", "2019-05-03"},
		{"2019-06-07", "2019-06-07"}, {"2019-09-13", "2019-09-13"}, {"2019-10-01", "2019-10-07"},
		{"2020-01-01", "2020-01-01"}, {"2020-01-24", "2020-01-31"}, {"2020-04-06", "2020-04-06"}, {"2020-05-01", "2020-05-05"},
		{"2020-06-25", "2020-06-26"}, {"2020-10-01", "2020-10-08"},
		{"2021-01-01", "2021-01-01"}, {"2021-02-11", "2021-02-17"}, {"2021-04-05", "2021-04-05"}, {"2021-05-03", "2021-05-05"},
		{"2021-06-14", "2021-06-14"}, {"2021-09-20", "2021-09-21"}, {"2021-10-01", "2021-10-07"},
		{"2022-01-03", "2022-01-03"}, {"2022-01-31", "2022-02-04"}, {"2022-04-04", "2022-04-05"}, {"2022-05-02", "2022-05-04"},
		{"2022-06-03", "2022-06-03"}, {"2022-09-12", "2022-09-12"}, {"2022-10-03", "2022-10-07"},
		{"2023-01-02", "2023-01-02"}, {"2023-01-23", "2023-01-27"}, {"2023-04-05", "2023-04-05"}, {"2023-05-01", "2023-05-03"},
		{"2023-06-22", "2023-06-23"}, {"2023-09-29", "2023-10-06"},
		{"2024-01-01", "2024-01-01"}, {"2024-02-12", "2024-02-16"}, {"2024-04-04", "2024-04-05"}, {"2024-05-01", "2024-05-03"},
		{"2024-06-10", "2024-06-10"}, {"2024-09-16", "2024-09-17"}, {"2024-10-01", "2024-10-07"},
		{"2025-01-01", "2025-01-01"}, {"2025-01-28", "2025-02-04"}, {"2025-04-04", "2025-04-04"}, {"2025-05-01", "2025-05-05"},
		{"2025-06-02", "2025-06-02"}, {"2025-10-01", "2025-10-08"},
		{"2026-01-01", "2026-01-02"}, {"2026-02-16", "2026-02-20"}, {"2026-04-06", "2026-04-06"}, {"2026-05-01", "2026-05-05"},
		{"2026-06-19", "2026-06-19"},
	} {
		from, to := mustDate(r[0]), mustDate(r[1])
		for d := from; !d.After(to); d = d.AddDays(1) {
			holidays[d.String()] = true
		}
	}
}

func mustDate(s string) models.Date {
	d, err := models.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// workdays counts the weekdays from a to b, both included, that are not
// holidays.
func workdays(a, b models.Date) int {
	n := 0
	for d := a; !d.After(b); d = d.AddDays(1) {
		if wd := d.Time().Weekday(); wd != time.Saturday && wd != time.Sunday && !holidays[d.String()] {
			n++
		}
	}
	return n
}
