package people_test

import (
	"testing"

	"github.com/chanjiao/chanjiao/models"
)

func TestGraduationDate(t *testing.T) {
	e := setup(t)
	tests := []struct {
		name, status, date, wantErr string
	}{
		{"OK graduated with a date", "graduated", "2026-07-01", ""},
		{"ErrGraduatedWithoutDate", "graduated", "", "毕业学生须填写毕业日期"},
		{"ErrDateInTheFuture", "graduated", "2026-11-27", "毕业日期不能晚于今天"},
		{"ErrBeforeEnrolment", "graduated", "2024-07-01", "毕业日期不能早于入学年份"},
		{"ErrNotADate", "graduated", "2026-02-30", "日期须为有效日期，格式为YYYY-MM-DD"},
		{"ErrDateWhileEnrolled", "enrolled", "2026-07-01", "只有学籍状态为毕业的学生填写毕业日期"},
		{"OK enrolled without a date", "enrolled", "", ""},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := student(string(rune('A'+i))+"01", idNumber("1101052008010100"+string(rune('0'+i))))
			f.Status, f.GraduationDate = str(tt.status), str(tt.date)
			st, err := e.people.CreateStudent(e.office, f)
			if tt.wantErr != "" {
				if got := fieldErr(t, err, "graduationDate"); got != tt.wantErr {
					t.Fatalf("message = %q, want %q", got, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if st.GraduationDate.String() != tt.date {
				t.Fatalf("graduation date = %q, want %q", st.GraduationDate, tt.date)
			}
		})
	}
	t.Run("OK back to enrolled clears the date", func(t *testing.T) {
		f := student("Z01", idNumber("11010520080101009"))
		f.Status, f.GraduationDate = str(models.StudentGraduated), str("2026-07-01")
		st, err := e.people.CreateStudent(e.office, f)
		if err != nil {
			t.Fatal(err)
		}
		st, err = e.people.UpdateStudent(e.office, st.ID, models.StudentFields{Version: &st.Version, Status: str(models.StudentEnrolled)})
		if err != nil || !st.GraduationDate.IsZero() {
			t.Fatalf("after re-enrolment: %v, date %q", err, st.GraduationDate)
		}
	})
}
