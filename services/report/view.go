package report

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/figures"
)

// FrozenRecords lists the records a snapshot froze behind one figure (part
// narrows to one breakdown row), labelled for the caller: office users and the
// system admin see who each person is, as the people register names them
// today; everyone else a per-year pseudonym.
func (s *Service) FrozenRecords(ctx context.Context, id bson.ObjectID, figure, part string) (*models.Snapshot, *models.FrozenFigure, []models.FrozenRef, error) {
	snap, err := s.Get(ctx, id)
	if err != nil {
		return nil, nil, nil, err
	}
	f, ok := snap.Figure(figure)
	if !ok {
		return nil, nil, nil, models.ErrNotFound
	}
	all, err := s.records(ctx, snap, figure)
	if err != nil {
		return nil, nil, nil, err
	}
	refs := all[figure]
	if part != "" {
		refs = inPart(refs, part)
		if len(refs) == 0 && !hasPart(f, part) {
			return nil, nil, nil, models.ErrNotFound
		}
	}
	refs, err = s.present(ctx, snap, refs)
	return snap, f, refs, err
}

func inPart(refs []models.FrozenRef, part string) []models.FrozenRef {
	var out []models.FrozenRef
	for _, r := range refs {
		for _, p := range r.Parts {
			if p == part {
				out = append(out, r)
				break
			}
		}
	}
	return out
}

func hasPart(f *models.FrozenFigure, key string) bool {
	for _, p := range f.Parts {
		if p.Key == key {
			return true
		}
	}
	return false
}

// present labels records for the caller (see FrozenRecords).
func (s *Service) present(ctx context.Context, snap *models.Snapshot, refs []models.FrozenRef) ([]models.FrozenRef, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	named := p.Role.IsOffice() || p.Role == models.RoleSystemAdmin
	var names map[bson.ObjectID]string
	if named {
		if names, err = s.personNames(ctx, snap.SchoolID, refs); err != nil {
			return nil, err
		}
	}
	out := make([]models.FrozenRef, len(refs))
	for i, r := range refs {
		switch {
		case r.Person.IsZero():
		case named && names[r.Person] != "":
			r.Label = names[r.Person] + " · " + r.Label
		case named:
			r.Label = "（已删除的人员） · " + r.Label
		default:
			r.Label = figures.Pseudonym(r.Person, snap.Year) + " · " + r.Label
		}
		out[i] = r
	}
	return out, nil
}

// personNames reads the school's students and teachers once, for the persons
// refs name: "学号 姓名" or "工号 姓名".
func (s *Service) personNames(ctx context.Context, school bson.ObjectID, refs []models.FrozenRef) (map[bson.ObjectID]string, error) {
	want := map[bson.ObjectID]bool{}
	for _, r := range refs {
		if !r.Person.IsZero() {
			want[r.Person] = true
		}
	}
	names := map[bson.ObjectID]string{}
	if len(want) == 0 {
		return names, nil
	}
	err := s.people.EachStudent(ctx, models.StudentFilter{SchoolID: school.Hex()}, func(st *models.Student) error {
		if want[st.ID] {
			names[st.ID] = st.StudentNo + " " + st.Name
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(names) == len(want) {
		return names, nil
	}
	err = s.people.EachTeacher(ctx, models.TeacherFilter{SchoolID: school.Hex()}, func(t *models.Teacher) error {
		if want[t.ID] {
			names[t.ID] = t.StaffNo + " " + t.Name
		}
		return nil
	})
	return names, err
}
