package cohorts

import (
	"context"
	"fmt"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/figures"
	"github.com/chanjiao/chanjiao/services/schools"
	"github.com/chanjiao/chanjiao/services/scoped"
	"github.com/chanjiao/chanjiao/services/store"
)

var classSortable = map[string]string{
	"name": "name", "enterpriseName": "enterpriseName", "majorCode": "majorCode", "cohortYear": "cohortYear",
	"agreementSignedAt": "agreementSignedAt", "createdAt": "createdAt", "updatedAt": "updatedAt",
}

// FindOrderClasses lists the order classes of the caller's schools, narrowed by
// school, enterprise and a statistical year in which a member was in the class.
// Auditors see members and hires under pseudonyms; enterprise users may not
// (ErrForbidden).
func (s *Service) FindOrderClasses(ctx context.Context, f models.OrderClassFilter) (models.Page[models.OrderClass], error) {
	var zero models.Page[models.OrderClass]
	p, filter, err := schools.ListFilter(ctx, f.SchoolID, [2]string{"enterpriseId", f.EnterpriseID})
	if err != nil {
		return zero, err
	}
	if f.Year != 0 {
		y := models.StatYear{Start: f.Year}
		filter = append(filter, bson.E{Key: "members", Value: bson.D{{Key: "$elemMatch", Value: bson.D{
			{Key: "joinedAt", Value: bson.D{{Key: "$lte", Value: y.To()}}},
			{Key: "$or", Value: bson.A{bson.D{{Key: "leftAt", Value: bson.D{{Key: "$exists", Value: false}}}},
				bson.D{{Key: "leftAt", Value: bson.D{{Key: "$gte", Value: y.From()}}}}}}}}}})
	}
	page, err := store.FindPage[models.OrderClass](ctx, s.classes.C, filter, f.ListParams, classSortable, []string{"name", "enterpriseName", "majorCode"})
	for i := range page.Items {
		presentClass(p, &page.Items[i])
	}
	return page, err
}

// FindOrderClassByID returns an order class of the caller's schools, or ErrNotFound.
func (s *Service) FindOrderClassByID(ctx context.Context, id bson.ObjectID) (*models.OrderClass, error) {
	p, o, err := scoped.Readable(ctx, s.classes, id)
	if err != nil {
		return nil, err
	}
	presentClass(p, o)
	return o, nil
}

// CreateOrderClass records an order class: a name, an existing enterprise, the
// major and cohort (one class per enterprise, major and cohort at a school, else
// a ConflictError), the agreement, and its members and hires. Members are
// students of the school who joined on or after the agreement was signed, each
// in one order class at a time (another class's overlapping membership is a
// ConflictError); hires are members.
func (s *Service) CreateOrderClass(ctx context.Context, f models.OrderClassFields) (*models.OrderClass, error) {
	return scoped.Create(ctx, s.schools, s.classes, f.SchoolID, func(school bson.ObjectID) (*models.OrderClass, error) {
		o := &models.OrderClass{SchoolID: school}
		return o, s.applyClass(ctx, f, o)
	})
}

// UpdateOrderClass changes an order class; lists given replace the stored ones.
// ErrStaleVersion when the named version is old.
func (s *Service) UpdateOrderClass(ctx context.Context, id bson.ObjectID, f models.OrderClassFields) (*models.OrderClass, error) {
	return scoped.Update(ctx, s.classes, id, f.Version, f.SchoolID, func(_, o *models.OrderClass) error {
		return s.applyClass(ctx, f, o)
	})
}

// DeleteOrderClass removes a class no placement names.
func (s *Service) DeleteOrderClass(ctx context.Context, id bson.ObjectID) error {
	return scoped.Remove(ctx, s.classes, id, func(o *models.OrderClass) error {
		return s.classUsers.CheckUnused(ctx, o.ID)
	})
}

// applyClass applies f to o and checks the result.
func (s *Service) applyClass(ctx context.Context, f models.OrderClassFields, o *models.OrderClass) error {
	var errs models.ValidationError
	f.Apply(o, &errs)
	e, err := s.enterprise(ctx, o.EnterpriseID, "enterpriseId", &errs)
	if err != nil {
		return err
	}
	if e != nil {
		o.EnterpriseName = e.Name
	}
	if err := s.resolveMembers(ctx, f, o, &errs); err != nil {
		return err
	}
	o.CheckMembers(&errs)
	if err := models.MergeValidation(&errs, s.v.Struct(o)); err != nil {
		return err
	}
	return s.checkOneClassAtATime(ctx, o)
}

// resolveMembers turns the written members and hires into stored ones, finding
// each student by id or 学号 among the school's students.
func (s *Service) resolveMembers(ctx context.Context, f models.OrderClassFields, o *models.OrderClass, errs *models.ValidationError) error {
	if f.Members == nil && f.Hires == nil {
		return nil
	}
	find := s.studentFinder(ctx, o.SchoolID, errs)
	if f.Members != nil {
		o.Members = []models.OrderMember{}
		for i, in := range *f.Members {
			field := fmt.Sprintf("members[%d]", i)
			st, err := find(in.StudentID, in.StudentNo, field)
			if err != nil {
				return err
			}
			m := models.OrderMember{JoinedAt: date(in.JoinedAt, field+".joinedAt", errs), LeftAt: date(in.LeftAt, field+".leftAt", errs)}
			if st != nil {
				m.StudentID, m.Student = st.ID, personOf(st)
			}
			o.Members = append(o.Members, m)
		}
	}
	if f.Hires != nil {
		o.Hires = []models.OrderHire{}
		for i, in := range *f.Hires {
			field := fmt.Sprintf("hires[%d]", i)
			st, err := find(in.StudentID, in.StudentNo, field)
			if err != nil {
				return err
			}
			h := models.OrderHire{HiredAt: date(in.HiredAt, field+".hiredAt", errs), Doc: strings.TrimSpace(in.Doc)}
			if st != nil {
				h.StudentID, h.Student = st.ID, personOf(st)
			}
			o.Hires = append(o.Hires, h)
		}
	}
	return nil
}

// studentFinder finds a student of school by id, or by 学号 from one read of
// the school's students made on first need; a problem is reported on
// field.studentId (or .studentNo) and gives a nil student.
func (s *Service) studentFinder(ctx context.Context, school bson.ObjectID, errs *models.ValidationError) func(id, no, field string) (*models.Student, error) {
	var byNo map[string]*models.Student
	return func(id, no, field string) (*models.Student, error) {
		id, no = strings.TrimSpace(id), strings.TrimSpace(no)
		switch {
		case id != "":
			oid, err := models.ParseID(id)
			if err != nil {
				errs.Add(field+".studentId", "编号格式不正确")
				return nil, nil
			}
			return s.student(ctx, school, oid, field+".studentId", errs)
		case no == "":
			errs.Add(field+".studentNo", "学生为必填项（学号）")
			return nil, nil
		}
		if byNo == nil {
			byNo = map[string]*models.Student{}
			err := s.people.EachStudent(ctx, models.StudentFilter{SchoolID: school.Hex()}, func(st *models.Student) error {
				byNo[st.StudentNo] = st
				return nil
			})
			if err != nil {
				return nil, fmt.Errorf("cohorts: students: %w", err)
			}
		}
		st := byNo[no]
		if st == nil {
			errs.Add(field+".studentNo", "本校没有学号为"+no+"的学生")
		}
		return st, nil
	}
}

// date parses an optional date, reporting a malformed one on field.
func date(s, field string, errs *models.ValidationError) models.Date {
	s = strings.TrimSpace(s)
	if s == "" {
		return models.Date{}
	}
	d, err := models.ParseDate(s)
	if err != nil {
		errs.Add(field, "日期须为有效日期，格式为YYYY-MM-DD")
	}
	return d
}

// checkOneClassAtATime refuses a member whose time in this class overlaps a
// time in another order class (domain.md §3.11: one class per student at a time).
func (s *Service) checkOneClassAtATime(ctx context.Context, o *models.OrderClass) error {
	ids := make([]bson.ObjectID, 0, len(o.Members))
	for _, m := range o.Members {
		ids = append(ids, m.StudentID)
	}
	if len(ids) == 0 {
		return nil
	}
	filter := bson.D{{Key: "members.studentId", Value: bson.D{{Key: "$in", Value: ids}}}, {Key: "_id", Value: bson.D{{Key: "$ne", Value: o.ID}}}}
	var conflict error
	err := s.classes.Each(ctx, filter, models.ListParams{}, nil, nil, func(other *models.OrderClass) error {
		for i, m := range o.Members {
			for _, n := range other.Members {
				if conflict == nil && n.StudentID == m.StudentID && m.Overlaps(n.JoinedAt, n.Until()) {
					conflict = models.NewConflict(fmt.Sprintf("members[%d].studentId", i),
						fmt.Sprintf("%s %s 同一时间已在订单班“%s”（%s起），一名学生同一时间只能在一个订单班", m.Student.StudentNo, m.Student.Name, other.Name, n.JoinedAt))
				}
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("cohorts: order class members: %w", err)
	}
	return conflict
}

// presentClass hides members and hires from auditors behind pseudonyms.
func presentClass(p *models.Principal, o *models.OrderClass) {
	if p.Role != models.RoleAuditor {
		return
	}
	members := make([]models.OrderMember, len(o.Members))
	for i, m := range o.Members {
		m.Student = models.PersonRef{Name: figures.Pseudonym(m.StudentID, models.StatYearOf(m.JoinedAt).Start)}
		members[i] = m
	}
	hires := make([]models.OrderHire, len(o.Hires))
	for i, h := range o.Hires {
		h.Student = models.PersonRef{Name: figures.Pseudonym(h.StudentID, models.StatYearOf(h.HiredAt).Start)}
		hires[i] = h
	}
	o.Members, o.Hires = members, hires
}
