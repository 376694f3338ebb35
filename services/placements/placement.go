package placements

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/cohorts"
	"github.com/chanjiao/chanjiao/services/rules"
	"github.com/chanjiao/chanjiao/services/scoped"
	"github.com/chanjiao/chanjiao/services/store"
)

var sortable = map[string]string{
	"startDate": "startDate", "plannedEndDate": "plannedEndDate", "endDate": "endDate", "status": "status",
	"kind": "kind", "compliance": "compliance", "studentName": "student.name", "enterpriseName": "enterpriseName",
	"createdAt": "createdAt", "updatedAt": "updatedAt",
}

// search lists the fields ?q= looks in; auditors, who see pseudonyms, cannot
// search by the student's name or 学号.
func search(p *models.Principal) []string {
	if p.Role == models.RoleAuditor {
		return []string{"enterpriseName", "post.name"}
	}
	return []string{"student.name", "student.studentNo", "enterpriseName", "post.name"}
}

// list is the filter of a placement list: the caller's scope and f's fields.
// An enterprise user naming another enterprise is ErrForbidden.
func list(p *models.Principal, f models.PlacementFilter) (bson.D, error) {
	filter, err := scope(p, f.SchoolID)
	if err != nil {
		return nil, err
	}
	for _, kv := range [][2]string{{"enterpriseId", f.EnterpriseID}, {"studentId", f.StudentID}} {
		if kv[1] == "" {
			continue
		}
		id, err := models.ParseID(kv[1])
		if err != nil {
			return nil, err
		}
		if kv[0] == "enterpriseId" && p.Role == models.RoleEnterprise && id != p.EnterpriseID {
			return nil, models.ErrForbidden
		}
		filter = append(filter, bson.E{Key: kv[0], Value: id})
	}
	kind, _ := models.NormalizePlacementKind(f.Kind)
	for _, kv := range [][2]string{{"kind", kind}, {"status", f.Status}, {"openRules", f.RuleID}} {
		if kv[1] != "" {
			filter = append(filter, bson.E{Key: kv[0], Value: kv[1]})
		}
	}
	if f.Year != 0 {
		// the placements whose period overlaps the statistical year
		y := models.StatYear{Start: f.Year}
		filter = append(filter,
			bson.E{Key: "startDate", Value: bson.D{{Key: "$lte", Value: y.To()}}},
			bson.E{Key: "endDate", Value: bson.D{{Key: "$gte", Value: y.From()}}})
	}
	return filter, nil
}

// FindPlacements lists the placements the caller may read, narrowed by school,
// enterprise, student, kind, status, a rule with a Block or Warn finding in the
// latest check, and the statistical year the period overlaps, each with its
// school's name. ID numbers are masked for enterprise users; auditors see
// pseudonyms. ErrForbidden for a
// school or enterprise outside the caller's scope.
func (s *Service) FindPlacements(ctx context.Context, f models.PlacementFilter) (models.Page[Placement], error) {
	var zero models.Page[Placement]
	p, err := models.PrincipalFrom(ctx)
	if err != nil {
		return zero, err
	}
	filter, err := list(p, f)
	if err != nil {
		return zero, err
	}
	page, err := s.page(ctx, filter, f.ListParams, search(p))
	if err != nil {
		return zero, err
	}
	pls := make([]*Placement, len(page.Items))
	for i := range page.Items {
		present(p, &page.Items[i])
		pls[i] = &page.Items[i]
	}
	if err := s.nameSchools(ctx, pls...); err != nil {
		return zero, err
	}
	return page, nil
}

// page chooses a page among the digests, whose fields sit at the placements'
// paths, and reads its placements by _id: on the embedded store a query on the
// placements themselves decodes every one of them with its weeks, twice (the
// page and the total), where the digests are a tenth of the bytes and an _id
// lookup stops at its document (stack.md §4).
func (s *Service) page(ctx context.Context, filter bson.D, lp models.ListParams, search []string) (models.Page[Placement], error) {
	type listed struct {
		ID bson.ObjectID `bson:"_id"`
	}
	s.repo.Digest.Wait()
	ids, err := store.FindPage[listed](ctx, s.repo.Digest.C, filter, lp, sortable, search)
	if err != nil {
		return models.Page[Placement]{}, err
	}
	// The lookups run four at a time: each is a scan inside the embedded
	// store that stops at its document, and the store serves several readers.
	found := make([]*Placement, len(ids.Items))
	errs := make([]error, len(ids.Items))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 4)
	for i, it := range ids.Items {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			found[i], errs[i] = s.repo.ByID(ctx, it.ID)
		})
	}
	wg.Wait()
	page := models.Page[Placement]{Items: make([]Placement, 0, len(ids.Items)), Total: ids.Total, Page: ids.Page, PageSize: ids.PageSize}
	for i, pl := range found {
		if errors.Is(errs[i], models.ErrNotFound) {
			continue // deleted since the digests were read
		}
		if errs[i] != nil {
			return models.Page[Placement]{}, fmt.Errorf("placements: %w", errs[i])
		}
		page.Items = append(page.Items, *pl)
	}
	return page, nil
}

// nameSchools sets the school name of each placement, from one query.
func (s *Service) nameSchools(ctx context.Context, pls ...*Placement) error {
	ids := make([]bson.ObjectID, len(pls))
	for i, pl := range pls {
		ids[i] = pl.SchoolID
	}
	names, err := s.schools.Names(ctx, ids)
	if err != nil {
		return fmt.Errorf("placements: %w", err)
	}
	for _, pl := range pls {
		pl.SchoolName = names[pl.SchoolID]
	}
	return nil
}

// EachPlacement calls fn with every placement FindPlacements would list for f,
// in the same order and presented the same way, ignoring paging, from one
// query (an import matches its rows against a whole school at once).
func (s *Service) EachPlacement(ctx context.Context, f models.PlacementFilter, fn func(*Placement) error) error {
	p, err := models.PrincipalFrom(ctx)
	if err != nil {
		return err
	}
	filter, err := list(p, f)
	if err != nil {
		return err
	}
	return s.repo.Each(ctx, filter, f.ListParams, sortable, search(p), func(pl *Placement) error {
		present(p, pl)
		return fn(pl)
	})
}

// FindPlacementByID returns a placement the caller may read: ErrNotFound for
// another school's, ErrForbidden for an enterprise user asking for any
// placement not of its enterprise.
func (s *Service) FindPlacementByID(ctx context.Context, id bson.ObjectID) (*Placement, error) {
	p, pl, err := s.readable(ctx, id)
	if err != nil {
		return nil, err
	}
	present(p, pl)
	if err := s.nameSchools(ctx, pl); err != nil {
		return nil, err
	}
	return pl, nil
}

// CreatePlacement proposes a placement (a draft) in the caller's school: office
// users and the system admin, who must name the school. The student must be an
// enrolled student of the school, the enterprise must exist and the school
// mentor must be a teacher of the school (ValidationError naming the field). A
// 岗位实习 overlapping another of the student's is a ConflictError on startDate.
func (s *Service) CreatePlacement(ctx context.Context, f models.PlacementFields) (*Placement, error) {
	pl, err := scoped.Create(ctx, s.schools, s.repo, f.SchoolID, s.draft(ctx, f))
	if err != nil {
		return nil, err
	}
	return s.presented(ctx, pl)
}

// UpdatePlacement changes a placement's fields. A draft may change in every
// field; an active or suspended one only in its mentors, insurance (a renewed
// policy), exception filing and site, since the rest is what it was judged on
// (change anything else by terminating it and proposing a new one); an ended
// one in nothing. Each refused field is named in the ValidationError. Changes
// of an active placement are not re-judged until a check is asked for.
// ErrStaleVersion when the named version is old.
func (s *Service) UpdatePlacement(ctx context.Context, id bson.ObjectID, f models.PlacementFields) (*Placement, error) {
	pl, err := scoped.Update(ctx, s.repo, id, f.Version, f.SchoolID, s.edit(ctx, f))
	if err != nil {
		return nil, err
	}
	return s.presented(ctx, pl)
}

// draft builds and checks a new draft of f in a school, for scoped.Create.
func (s *Service) draft(ctx context.Context, f models.PlacementFields) func(school bson.ObjectID) (*Placement, error) {
	return func(school bson.ObjectID) (*Placement, error) {
		pl := &Placement{Placement: models.Placement{SchoolID: school, Status: models.PlacementDraft}}
		var errs models.ValidationError
		f.Apply(&pl.Placement, &errs)
		return pl, s.checkPlacement(ctx, nil, pl, &errs)
	}
}

// edit applies f to a copy of a placement and checks it, for scoped.Update.
func (s *Service) edit(ctx context.Context, f models.PlacementFields) func(before, pl *Placement) error {
	return func(before, pl *Placement) error {
		var errs models.ValidationError
		f.Apply(&pl.Placement, &errs)
		frozen(before, pl, &errs)
		return s.checkPlacement(ctx, before, pl, &errs)
	}
}

// DeletePlacement removes a draft; a placement that was activated stays (a
// ConflictError on status: terminate it instead).
func (s *Service) DeletePlacement(ctx context.Context, id bson.ObjectID) error {
	return scoped.Remove(ctx, s.repo, id, func(pl *Placement) error {
		if pl.Status != models.PlacementDraft {
			return models.NewConflict("status", "只能删除草稿状态的实习；已生效的实习请办理终止")
		}
		return nil
	})
}

// presented returns a written placement as the caller may see it.
func (s *Service) presented(ctx context.Context, pl *Placement) (*Placement, error) {
	p, err := models.PrincipalFrom(ctx)
	if err != nil {
		return nil, err
	}
	out := clone(pl)
	present(p, out)
	if err := s.nameSchools(ctx, out); err != nil {
		return nil, err
	}
	return out, nil
}

// checkPlacement validates pl (before is nil for a new one), checks the
// student, enterprise and school mentor it refers to, copies what it shows of
// them, and refuses an overlapping 岗位实习 of the same student.
func (s *Service) checkPlacement(ctx context.Context, before, pl *Placement, errs *models.ValidationError) error {
	if pl.Status == models.PlacementDraft && !pl.ActualEndDate.IsZero() {
		errs.Add("actualEndDate", "实际结束日期在实习结束或终止时登记")
	}
	if err := s.checkRefs(ctx, before, pl, errs); err != nil {
		return err
	}
	derive(pl)
	if err := models.MergeValidation(errs, s.v.Struct(&pl.Placement), pl.CheckFields()); err != nil {
		return err
	}
	return s.checkOverlap(ctx, pl)
}

// checkRefs checks the references that are new or changed.
func (s *Service) checkRefs(ctx context.Context, before, pl *Placement, errs *models.ValidationError) error {
	if _, bad := errs.Fields["studentId"]; !bad && !pl.StudentID.IsZero() && (before == nil || before.StudentID != pl.StudentID) {
		if err := s.checkStudent(ctx, pl, errs); err != nil {
			return err
		}
	}
	if _, bad := errs.Fields["enterpriseId"]; !bad && !pl.EnterpriseID.IsZero() && (before == nil || before.EnterpriseID != pl.EnterpriseID) {
		e, err := s.w.enterprise(ctx, pl.EnterpriseID)
		switch {
		case err == nil:
			pl.EnterpriseName = e.Name
			pl.UnitResponse = models.UnitResponse{} // the new enterprise has not answered yet
		case isNotFound(err):
			errs.Add("enterpriseId", "实习单位不存在")
		default:
			return fmt.Errorf("placements: enterprise: %w", err)
		}
	}
	if err := s.checkContext(ctx, before, pl, errs); err != nil {
		return err
	}
	mentor := pl.Mentors.SchoolMentorTeacherID
	if _, bad := errs.Fields["mentors.schoolMentorTeacherId"]; !bad && !mentor.IsZero() && (before == nil || before.Mentors.SchoolMentorTeacherID != mentor) {
		t, err := s.w.teacher(ctx, mentor)
		switch {
		case err == nil && t.SchoolID == pl.SchoolID:
		case err == nil || isNotFound(err):
			errs.Add("mentors.schoolMentorTeacherId", "本校没有该教师")
		default:
			return fmt.Errorf("placements: teacher: %w", err)
		}
	}
	return nil
}

// checkContext asks the cohorts service whether the student's company period
// belongs to the programme or order class named, when any of what it depends on
// is new or changed.
func (s *Service) checkContext(ctx context.Context, before, pl *Placement, errs *models.ValidationError) error {
	if pl.Context == models.ContextNone || pl.ContextID.IsZero() {
		return nil
	}
	if _, bad := errs.Fields["contextId"]; bad {
		return nil
	}
	if before != nil && before.Context == pl.Context && before.ContextID == pl.ContextID && before.StudentID == pl.StudentID &&
		before.EnterpriseID == pl.EnterpriseID && before.StartDate == pl.StartDate {
		return nil
	}
	problem, err := s.w.placementContext(ctx, cohorts.PlacementContext{Context: pl.Context, ID: pl.ContextID, SchoolID: pl.SchoolID,
		StudentID: pl.StudentID, EnterpriseID: pl.EnterpriseID, Start: pl.StartDate})
	if err != nil {
		return fmt.Errorf("placements: context: %w", err)
	}
	if problem != "" {
		errs.Add("contextId", problem)
	}
	return nil
}

// checkStudent requires an enrolled student of the placement's school and
// copies who the student is; the major at the start defaults to the student's.
func (s *Service) checkStudent(ctx context.Context, pl *Placement, errs *models.ValidationError) error {
	st, err := s.w.student(ctx, pl.StudentID)
	switch {
	case isNotFound(err) || (err == nil && st.SchoolID != pl.SchoolID):
		errs.Add("studentId", "本校没有该学生")
		return nil
	case err != nil:
		return fmt.Errorf("placements: student: %w", err)
	case st.Status != models.StudentEnrolled:
		errs.Add("studentId", "该学生学籍状态不是“在籍”，只有在籍学生可以安排实习")
		return nil
	}
	pl.Student = StudentRef{Name: st.Name, StudentNo: st.StudentNo, ClassName: st.ClassName, MajorCode: st.MajorCode,
		IDNumber: models.MaskIDNumber(st.IDNumber)}
	if pl.MajorCode == "" {
		pl.MajorCode = st.MajorCode
	}
	return nil
}

// checkOverlap refuses a 岗位实习 overlapping another 岗位实习 of the same student
// (domain.md §3.7, Unique), whatever its status: a terminated one counts up to
// its actual end, a draft as proposed. An import's preview reads the school's
// 岗位实习 once for all its rows (positions).
func (s *Service) checkOverlap(ctx context.Context, pl *Placement) error {
	if pl.Kind != models.PlacementPosition {
		return nil
	}
	ps, err := s.w.studentPositions(ctx, pl)
	if err != nil || len(ps) == 0 {
		return err
	}
	other := ps[0]
	return models.NewConflict("startDate", fmt.Sprintf("该学生%s至%s已有岗位实习（%s），同一学生的岗位实习时间不能重叠",
		other.StartDate, other.EndDate, other.EnterpriseName))
}

// frozenFields are the fields a placement was judged on: they change only
// while it is a draft. The others (mentors, insurance, exception filing, site)
// may change while it runs.
var frozenFields = []struct {
	name string
	get  func(p *models.Placement) any
}{
	{"kind", func(p *models.Placement) any { return [2]string{p.Kind, p.LegacyKind} }},
	{"context", func(p *models.Placement) any { return p.Context }},
	{"contextId", func(p *models.Placement) any { return p.ContextID }},
	{"arrangement", func(p *models.Placement) any { return p.Arrangement }},
	{"approval", func(p *models.Placement) any { return p.Approval }},
	{"studentId", func(p *models.Placement) any { return p.StudentID }},
	{"majorCodeAtStart", func(p *models.Placement) any { return p.MajorCode }},
	{"enterpriseId", func(p *models.Placement) any { return p.EnterpriseID }},
	{"post", func(p *models.Placement) any { return p.Post }},
	{"intermediary", func(p *models.Placement) any { return p.Intermediary }},
	{"startDate", func(p *models.Placement) any { return p.StartDate }},
	{"plannedEndDate", func(p *models.Placement) any { return p.PlannedEndDate }},
	{"actualEndDate", func(p *models.Placement) any { return p.ActualEndDate }},
	{"schedule", func(p *models.Placement) any { return p.Schedule }},
	{"agreement", func(p *models.Placement) any { return p.Agreement }},
	{"consent", func(p *models.Placement) any { return p.Consent }},
	{"pay", func(p *models.Placement) any { return p.Pay }},
	{"fees", func(p *models.Placement) any { return p.Fees }},
}

// runningFields may change while the placement runs, not once it has ended.
var runningFields = []struct {
	name string
	get  func(p *models.Placement) any
}{
	{"mentors", func(p *models.Placement) any { return p.Mentors }},
	{"insurance", func(p *models.Placement) any { return p.Insurance }},
	{"exceptionFiling", func(p *models.Placement) any { return p.ExceptionFiling }},
	{"site", func(p *models.Placement) any { return p.Site }},
}

// frozen names every field an update may not change in the placement's status.
func frozen(before, after *Placement, errs *models.ValidationError) {
	msg := "实习已生效，不能修改此项；如确需变更，请终止本次实习后重新登记"
	fields := frozenFields
	switch before.Status {
	case models.PlacementDraft:
		return
	case models.PlacementCompleted, models.PlacementTerminated:
		msg = "实习已结束，不能修改"
		fields = append(fields[:len(fields):len(fields)], runningFields...)
	}
	for _, f := range fields {
		if !same(f.get(&before.Placement), f.get(&after.Placement)) {
			errs.Add(f.name, msg)
		}
	}
}

// same compares two field values as they would be stored.
func same(a, b any) bool {
	ra, errA := bson.Marshal(bson.D{{Key: "v", Value: a}})
	rb, errB := bson.Marshal(bson.D{{Key: "v", Value: b}})
	return errA == nil && errB == nil && string(ra) == string(rb)
}

// knownRule requires id to name a rule, for a stop's rule id.
func knownRule(id string, errs *models.ValidationError) {
	if _, ok := rules.ByID(id); id != "" && !ok {
		errs.Add("ruleId", "没有该规则编号")
	}
}
