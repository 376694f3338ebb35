package certs

import (
	"context"
	"fmt"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/figures"
	"github.com/chanjiao/chanjiao/services/records"
	"github.com/chanjiao/chanjiao/services/schools"
	"github.com/chanjiao/chanjiao/services/scoped"
	"github.com/chanjiao/chanjiao/services/store"
)

var batchSortable = map[string]string{
	"date": "date", "label": "label", "level": "level", "candidateCount": "candidateCount",
	"createdAt": "createdAt", "updatedAt": "updatedAt",
}

// FindBatches lists assessment batches of the caller's schools, narrowed by
// school, entry, a candidate student and the statistical year the assessment
// date falls in.
// Enterprise users may not (ErrForbidden); auditors see candidates under a
// per-year pseudonym, without names or 学号.
func (s *Service) FindBatches(ctx context.Context, f models.BatchFilter) (models.Page[models.Batch], error) {
	var zero models.Page[models.Batch]
	// candidates.studentId: one condition on a dotted path, the form of array
	// query both stores answer alike (stack.md §3 rule 7)
	p, filter, err := schools.ListFilter(ctx, f.SchoolID, [2]string{"entryId", f.EntryID}, [2]string{"candidates.studentId", f.StudentID})
	if err != nil {
		return zero, err
	}
	filter = yearFilter(filter, "date", f.Year)
	page, err := store.FindPage[models.Batch](ctx, s.batches.C, filter, f.ListParams, batchSortable, []string{"label", "site", "evaluationOrg"})
	for i := range page.Items {
		present(p, &page.Items[i])
	}
	return page, err
}

// FindBatchByID returns a batch of the caller's schools with its candidates, or
// ErrNotFound.
func (s *Service) FindBatchByID(ctx context.Context, id bson.ObjectID) (*models.Batch, error) {
	p, b, err := scoped.Readable(ctx, s.batches, id)
	if err != nil {
		return nil, err
	}
	present(p, b)
	return b, nil
}

// present hides candidates' names and 学号 from auditors (domain.md §2:
// pseudonymised rows, a per-year pseudonym).
func present(p *models.Principal, b *models.Batch) {
	if p.Role != models.RoleAuditor {
		return
	}
	year := models.StatYearOf(b.Date).Start
	for i := range b.Candidates {
		c := &b.Candidates[i]
		c.Name, c.StudentNo = figures.Pseudonym(c.StudentID, year), ""
	}
}

// CreateBatch adds an assessment batch of one certificate and level. Office
// users of the school and the system admin may (who must name the school). The
// level must be one of the entry's; the evaluation organisation defaults to the
// entry's.
func (s *Service) CreateBatch(ctx context.Context, f models.BatchFields) (*models.Batch, error) {
	return scoped.Create(ctx, s.schools, s.batches, f.SchoolID, func(school bson.ObjectID) (*models.Batch, error) {
		b := &models.Batch{SchoolID: school, Candidates: []models.Candidate{}}
		var errs models.ValidationError
		f.Apply(b, &errs)
		return b, s.checkBatch(ctx, nil, b, &errs)
	})
}

// UpdateBatch changes a batch's own fields; candidates change through Register,
// Unregister and RecordResult. Certificate and level cannot change once
// candidates are registered (ConflictError); the date must stay on or after
// every registration and on or before every issue date. ErrStaleVersion when
// the named version is old.
func (s *Service) UpdateBatch(ctx context.Context, id bson.ObjectID, f models.BatchFields) (*models.Batch, error) {
	return scoped.Update(ctx, s.batches, id, f.Version, f.SchoolID, func(before, b *models.Batch) error {
		var errs models.ValidationError
		f.Apply(b, &errs)
		return s.checkBatch(ctx, before, b, &errs)
	})
}

// DeleteBatch removes a batch and its registrations; a batch with a recorded
// result is a ConflictError (results stay behind the figures).
func (s *Service) DeleteBatch(ctx context.Context, id bson.ObjectID) error {
	return scoped.Remove(ctx, s.batches, id, func(b *models.Batch) error {
		n := 0
		for _, c := range b.Candidates {
			if c.Result != models.ResultPending {
				n++
			}
		}
		if n > 0 {
			return models.NewConflict("id", fmt.Sprintf("该批次已有%d名考生登记了考核结果，不能删除", n))
		}
		return nil
	})
}

// checkBatch validates a batch against its entry and, on an update (before not
// nil), against its candidates.
func (s *Service) checkBatch(ctx context.Context, before, b *models.Batch, errs *models.ValidationError) error {
	e, err := s.entry(ctx, b.EntryID, "entryId")
	if collect(errs, err) != nil {
		return err
	}
	return s.checkBatchOf(e, before, b, s.today(), errs)
}

// checkBatchOf is checkBatch once the entry is read (nil when missing, which
// errs already says), as of today.
func (s *Service) checkBatchOf(e *models.CertEntry, before, b *models.Batch, today models.Date, errs *models.ValidationError) error {
	if e != nil {
		if b.Level != "" && !e.HasLevel(b.Level) {
			errs.Add("level", "该证书没有此等级，可选："+strings.Join(e.Levels, "、"))
		}
		if b.EvaluationOrg == "" {
			b.EvaluationOrg = e.EvaluationOrg
		}
	}
	if b.Date.IsZero() {
		errs.Add("date", "考核日期为必填项")
	}
	if before != nil && len(before.Candidates) > 0 {
		if b.EntryID != before.EntryID {
			return models.NewConflict("entryId", "该批次已有考生报名，不能更换证书")
		}
		if b.Level != before.Level {
			return models.NewConflict("level", "该批次已有考生报名，不能更换等级")
		}
		if !b.Date.IsZero() {
			checkDateAgainstCandidates(b, today, errs)
		}
	}
	return models.MergeValidation(s.v.Struct(b), errs)
}

// checkDateAgainstCandidates keeps a changed date consistent with what is
// recorded: registrations on or before it, results not before it happened,
// issue dates on or after it.
func checkDateAgainstCandidates(b *models.Batch, today models.Date, errs *models.ValidationError) {
	for _, c := range b.Candidates {
		switch {
		case c.RegisteredAt.After(b.Date):
			errs.Add("date", "考核日期不能早于考生"+c.Name+"的报名日期"+c.RegisteredAt.String())
		case c.Result != models.ResultPending && b.Date.After(today):
			errs.Add("date", "已登记考核结果的批次，考核日期不能晚于今天")
		case !c.IssueDate.IsZero() && c.IssueDate.Before(b.Date):
			errs.Add("date", "考核日期不能晚于考生"+c.Name+"的发证日期"+c.IssueDate.String())
		}
	}
}

// cloneBatch copies b with its own candidate slice, so that changing the copy
// leaves b as it was read (the audit log compares both).
func cloneBatch(b *models.Batch) *models.Batch {
	c := *b
	c.Candidates = append([]models.Candidate{}, b.Candidates...)
	return &c
}

// changeCandidates loads a batch the caller may change, lets change edit a copy
// of it, and writes the copy as one versioned replace of the batch, audited.
func (s *Service) changeCandidates(ctx context.Context, id bson.ObjectID, version *int64, change func(before, after *models.Batch) error) (*models.Batch, error) {
	before, err := scoped.Writable(ctx, s.batches, id)
	if err != nil {
		return nil, err
	}
	after := cloneBatch(before)
	if err := models.MergeValidation(change(before, after), records.CheckVersion(version)); err != nil {
		return nil, err
	}
	after.CandidateCount = len(after.Candidates)
	if err := s.batches.Replace(ctx, before, after, *version); err != nil {
		return nil, err
	}
	return after, nil
}

// candidateIndex finds a candidate of b by id, or ErrNotFound.
func candidateIndex(b *models.Batch, id bson.ObjectID) (int, error) {
	for i := range b.Candidates {
		if b.Candidates[i].ID == id {
			return i, nil
		}
	}
	return -1, models.ErrNotFound
}
