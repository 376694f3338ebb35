package models

import (
	"encoding/json"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// DateLayout is the API's and the pages' date format.
const DateLayout = "2006-01-02"

// Date is a calendar date in China (birth date, hire date, start and end dates).
// It is stored as midnight UTC of that date and always rendered without any
// time-zone conversion, so no server or client zone can move it by a day.
type Date struct{ t time.Time }

// DateOf returns the calendar date of t as seen in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

// ParseDate parses YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		return Date{}, err
	}
	return Date{t}, nil
}

// IsZero reports whether d is unset.
func (d Date) IsZero() bool { return d.t.IsZero() }

// Time returns midnight UTC of d.
func (d Date) Time() time.Time { return d.t }

// String renders YYYY-MM-DD, or "" for the zero date.
func (d Date) String() string {
	if d.t.IsZero() {
		return ""
	}
	return d.t.Format(DateLayout)
}

// Before reports whether d is earlier than e.
func (d Date) Before(e Date) bool { return d.t.Before(e.t) }

// After reports whether d is later than e.
func (d Date) After(e Date) bool { return d.t.After(e.t) }

// MarshalJSON renders "YYYY-MM-DD" or null.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.t.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(d.String())
}

// UnmarshalJSON accepts "YYYY-MM-DD" or null.
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = Date{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	v, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// MarshalBSONValue stores the date as a BSON datetime at midnight UTC, or null.
func (d Date) MarshalBSONValue() (byte, []byte, error) {
	if d.t.IsZero() {
		return byte(bson.TypeNull), nil, nil
	}
	t, b, err := bson.MarshalValue(d.t)
	return byte(t), b, err
}

// UnmarshalBSONValue reads a BSON datetime or null.
func (d *Date) UnmarshalBSONValue(typ byte, data []byte) error {
	if bson.Type(typ) == bson.TypeNull {
		*d = Date{}
		return nil
	}
	var t time.Time
	if err := bson.UnmarshalValue(bson.Type(typ), data, &t); err != nil {
		return err
	}
	*d = DateOf(t.UTC())
	return nil
}

// China is the zone in which users read dates and times (UTC+8, no daylight saving).
var China = time.FixedZone("CST", 8*3600)

// StartInChina returns the instant a calendar day begins in China.
func (d Date) StartInChina() time.Time {
	y, m, dd := d.t.Date()
	return time.Date(y, m, dd, 0, 0, 0, 0, China)
}

// AddDays returns the date n days after d (before it for negative n).
func (d Date) AddDays(n int) Date { return Date{d.t.AddDate(0, 0, n)} }

// AddYears returns the same calendar day n years later; 29 February becomes
// 1 March in a common year.
func (d Date) AddYears(n int) Date { return Date{d.t.AddDate(n, 0, 0)} }

// DaysBetween is the number of days from a to b (negative when b is earlier).
func DaysBetween(a, b Date) int { return int(b.t.Sub(a.t).Hours() / 24) }
