package people_test

import (
	"fmt"
	"testing"

	"github.com/chanjiao/chanjiao/models"
)

// Benchmarks of single-record operations on the embedded store with 2,000 students
// in the collection (stack.md §4: one school's daily size). Run:
//
//	go test ./services/people/ -run '^$' -bench . -benchtime 200x
func seedStudents(b *testing.B, e *env, n int) []models.Student {
	b.Helper()
	out := make([]models.Student, 0, n)
	for i := 0; i < n; i++ {
		st, err := e.people.CreateStudent(e.office, student(fmt.Sprintf("B%05d", i), benchID(i)))
		if err != nil {
			b.Fatal(err)
		}
		out = append(out, *st)
	}
	return out
}

// benchID returns a distinct valid ID number for i < 28,000.
func benchID(i int) string {
	return idNumber(fmt.Sprintf("1101052008%02d%02d%03d", i/28000+1, i/1000%28+1, i%1000))
}

func BenchmarkStudents2000(b *testing.B) {
	e := setup(b)
	students := seedStudents(b, e, 2000)
	b.Run("FindStudentByID", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := e.people.FindStudentByID(e.office, students[i%len(students)].ID); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("FindStudentsPage", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := e.people.FindStudents(e.office, models.StudentFilter{ListParams: models.ListParams{Page: 3, Sort: "name"}}); err != nil {
				b.Fatal(err)
			}
		}
	})
	next := 2000
	b.Run("CreateStudent", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			next++
			if _, err := e.people.CreateStudent(e.office, student(fmt.Sprintf("C%06d", next), benchID(next))); err != nil {
				b.Fatal(err)
			}
		}
	})
}
