package practice

import (
	"testing"

	"github.com/chanjiao/chanjiao/models"
)

func d(s string) models.Date {
	v, err := models.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return v
}

func period(start, end string, days int) Period {
	return Period{Start: d(start), End: d(end), Days: days}
}

var veteran = Teacher{CourseType: models.CourseProfessional, Employment: models.EmploymentFullTime, HireDate: d("2010-09-01"), ExperienceMonths: 0}

func TestAssessWindow(t *testing.T) {
	r := DefaultRequirement()
	for _, c := range []struct {
		name      string
		teacher   Teacher
		asOf      string
		periods   []Period
		status    string
		counted   float64
		shortfall float64
		shortOn   string
	}{
		{"NoPractice", veteran, "2026-08-31", nil, StandingShort, 0, 180, ""},
		// (2021-08-31, 2026-08-31]: 180 days from the window's first day; the day after,
		// that first day leaves the window
		{"ExactlyEnoughFromTheFirstDay", veteran, "2026-08-31", []Period{period("2021-09-01", "2022-02-27", 180)}, StandingAtRisk, 180, 0, "2026-09-01"},
		{"EndsTheDayBeforeTheWindow", veteran, "2026-08-31", []Period{period("2021-03-05", "2021-08-31", 180)}, StandingShort, 0, 180, ""},
		{"EndsOnTheWindowsFirstDay", veteran, "2026-08-31", []Period{period("2021-03-06", "2021-09-01", 180)}, StandingShort, 1, 179, ""},
		{"StraddlesTheWindowStart", veteran, "2026-08-31", []Period{period("2021-06-01", "2021-12-31", 214)}, StandingShort, 122, 58, ""},
		{"StraddlingPartTime", veteran, "2026-08-31", []Period{period("2021-08-02", "2021-09-30", 30)}, StandingShort, 15, 165, ""},
		{"OverlapsNotDoubleCounted", veteran, "2026-08-31", []Period{period("2023-01-01", "2023-06-29", 180), period("2023-03-01", "2023-08-27", 180)}, StandingMeets, 239, 0, "2028-03-01"},
		{"PracticeDaysLessThanSpan", veteran, "2026-08-31", []Period{period("2023-01-01", "2023-12-31", 73)}, StandingShort, 73, 107, ""},
		{"TwoHalfDaysOnOneDayCountOne", veteran, "2026-08-31", []Period{period("2024-01-01", "2024-01-02", 1), period("2024-01-01", "2024-01-02", 1), period("2024-01-01", "2024-01-02", 1)}, StandingShort, 2, 178, ""},
		// 2028-02-29 looks back to 2023-02-28: the window starts 2023-03-01
		{"LeapDayWindow", veteran, "2028-02-29", []Period{period("2023-03-01", "2023-08-27", 180)}, StandingAtRisk, 180, 0, "2028-03-01"},
		{"LeapDayWindowOneDayEarly", veteran, "2028-02-29", []Period{period("2023-02-28", "2023-08-26", 180)}, StandingShort, 179, 1, ""},
		{"LeapYearPracticeSpan", veteran, "2026-08-31", []Period{period("2024-02-01", "2024-07-29", 180)}, StandingMeets, 180, 0, "2029-02-01"},
		// warned 12 months ahead: short from 2027-09-01 is beyond 2027-08-31
		{"ShortJustAfterTheWarning", veteran, "2026-08-31", []Period{period("2022-09-01", "2023-02-27", 180)}, StandingMeets, 180, 0, "2027-09-01"},
		{"ShortOnTheWarningsLastDay", veteran, "2026-08-31", []Period{period("2022-08-31", "2023-02-26", 180)}, StandingAtRisk, 180, 0, "2027-08-31"},
		{"PublicCourse", Teacher{CourseType: models.CoursePublic, Employment: models.EmploymentFullTime, HireDate: d("2010-09-01")}, "2026-08-31", nil, StandingNotRequired, 0, 0, ""},
		{"PartTime", Teacher{CourseType: models.CourseProfessional, Employment: models.EmploymentEnterprisePartTime, HireDate: d("2010-09-01")}, "2026-08-31", nil, StandingNotRequired, 0, 0, ""},
		{"PracticeInstructor", Teacher{CourseType: models.CoursePractice, Employment: models.EmploymentFullTime, HireDate: d("2010-09-01")}, "2026-08-31", nil, StandingShort, 0, 180, ""},
		// hired 2023-09-01: due from 2028-09-01, short from then without practice
		{"NotYetDue", Teacher{CourseType: models.CourseProfessional, Employment: models.EmploymentFullTime, HireDate: d("2023-09-01"), ExperienceMonths: 24}, "2026-08-31", nil, StandingNotYetDue, 0, 0, "2028-09-01"},
		{"DueWithinTheWarning", Teacher{CourseType: models.CourseProfessional, Employment: models.EmploymentFullTime, HireDate: d("2021-09-01"), ExperienceMonths: 24}, "2026-08-31", nil, StandingAtRisk, 0, 0, "2026-09-01"},
	} {
		t.Run(c.name, func(t *testing.T) {
			st := Assess(c.teacher, c.periods, d(c.asOf), r)
			short := ""
			if !st.ShortOn.IsZero() {
				short = st.ShortOn.String()
			}
			if st.Status != c.status || st.Counted != c.counted || st.Shortfall != c.shortfall || short != c.shortOn {
				t.Errorf("got %s counted %v shortfall %v shortOn %q; want %s %v %v %q", st.Status, st.Counted, st.Shortfall, short, c.status, c.counted, c.shortfall, c.shortOn)
			}
		})
	}
}

func TestAssessNewHire(t *testing.T) {
	r := DefaultRequirement()
	hire := Teacher{CourseType: models.CourseProfessional, Employment: models.EmploymentFullTime, HireDate: d("2026-07-01")}
	for _, c := range []struct {
		name    string
		teacher Teacher
		periods []Period
		flag    bool
	}{
		{"NoExperienceNoPractice", hire, nil, true},
		{"PractisedBeforeTheFirstTerm", hire, []Period{period("2026-07-06", "2026-08-31", 40)}, false},
		{"PractiseEndsOnTheFirstDayOfTerm", hire, []Period{period("2026-07-06", "2026-09-01", 40)}, true},
		{"EnterpriseExperience", Teacher{CourseType: hire.CourseType, Employment: hire.Employment, HireDate: hire.HireDate, ExperienceMonths: 36}, nil, false},
		{"PublicCourse", Teacher{CourseType: models.CoursePublic, Employment: hire.Employment, HireDate: hire.HireDate}, nil, false},
		{"HiredLongAgo", Teacher{CourseType: hire.CourseType, Employment: hire.Employment, HireDate: d("2020-09-01")}, nil, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			st := Assess(c.teacher, c.periods, d("2026-11-26"), r)
			if st.NewHireUnpractised != c.flag {
				t.Errorf("flag %v, want %v (first term %s)", st.NewHireUnpractised, c.flag, st.FirstTerm)
			}
		})
	}
	if got := firstTerm(d("2026-07-01")).String(); got != "2026-09-01" {
		t.Errorf("first term of 2026-07-01 = %s", got)
	}
	if got := firstTerm(d("2026-10-08")).String(); got != "2027-03-01" {
		t.Errorf("first term of 2026-10-08 = %s", got)
	}
}
