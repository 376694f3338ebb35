package certs

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/records"
	"github.com/chanjiao/chanjiao/services/scoped"
)

// maxCertificateNo is the longest certificate number, in characters.
const maxCertificateNo = 50

// RecordResult sets a candidate's result, scores and certificate to the ones
// given (a field left out is cleared). Rules (domain.md §3.6):
//   - result is pass, fail or absent, and only once the assessment date has come
//     (a result needs a sitting);
//   - absent means not sat: no scores; scores are 0–100;
//   - a certificate number and issue date only on a pass, both together, the
//     issue date on or after the assessment date and not in the future;
//   - one pass per (student, entry, level) across all batches: a re-sit after a
//     fail is fine, a second pass is a ConflictError on result;
//   - certificate numbers are unique per entry: a number already issued is a
//     ConflictError on certificateNo.
//
// The change is one versioned replace of the batch (ErrStaleVersion when the
// named version is old); ErrNotFound for an unknown candidate.
func (s *Service) RecordResult(ctx context.Context, batchID, candidateID bson.ObjectID, f models.ResultFields) (*models.Batch, error) {
	before, err := scoped.Writable(ctx, s.batches, batchID)
	if err != nil {
		return nil, err
	}
	i, err := candidateIndex(before, candidateID)
	if err != nil {
		return nil, err
	}
	next, err := s.result(ctx, before, before.Candidates[i], f)
	if err := models.MergeValidation(err, records.CheckVersion(f.Version)); err != nil {
		return nil, err
	}
	if *f.Version != before.Version {
		return nil, models.ErrStaleVersion // before claiming a number for nothing
	}
	old := before.Candidates[i].CertificateNo
	claimed := next.CertificateNo != "" && next.CertificateNo != old
	if claimed {
		if err := s.claimNumber(ctx, before.EntryID, next.CertificateNo, batchID, candidateID); err != nil {
			return nil, err
		}
	}
	after := cloneBatch(before)
	after.Candidates[i] = next
	after.CandidateCount = len(after.Candidates)
	if err := s.batches.Replace(ctx, before, after, *f.Version); err != nil {
		if claimed && !records.IsDryRun(ctx) { // a dry run claimed nothing
			s.releaseNumber(ctx, before.EntryID, next.CertificateNo, batchID, candidateID)
		}
		return nil, err
	}
	if old != "" && old != next.CertificateNo {
		s.releaseNumber(ctx, before.EntryID, old, batchID, candidateID)
	}
	return after, nil
}

// result returns cur with the result f describes, checked against the batch
// and, for a pass, against the student's passes in other batches.
func (s *Service) result(ctx context.Context, b *models.Batch, cur models.Candidate, f models.ResultFields) (models.Candidate, error) {
	c, err := resultOf(b, cur, f, s.now())
	if err != nil || c.Result != models.ResultPass {
		return c, err
	}
	return c, s.passedElsewhere(ctx, b, c.StudentID)
}

// resultOf returns cur with the result f describes, checked against the batch
// as of now: a result once the assessment date has come, scores that fit it,
// and a certificate only on a pass (checkCertificate).
func resultOf(b *models.Batch, cur models.Candidate, f models.ResultFields, now time.Time) (models.Candidate, error) {
	var errs models.ValidationError
	today := models.DateOf(now.In(models.China))
	c := cur
	c.Result, c.CertificateNo, c.IssueDate, c.UpdatedAt = trimmed(f.Result), trimmed(f.CertificateNo), models.Date{}, stampOf(now)
	c.ScoreTheory, c.ScorePractical = copyInt(f.ScoreTheory), copyInt(f.ScorePractical)
	if d := trimmed(f.IssueDate); d != "" {
		var err error
		if c.IssueDate, err = models.ParseDate(d); err != nil {
			errs.Add("issueDate", "发证日期须为有效日期，格式为YYYY-MM-DD")
		}
	}
	switch c.Result {
	case models.ResultPass, models.ResultFail, models.ResultAbsent:
		if b.Date.After(today) {
			errs.Add("result", "考核日期"+b.Date.String()+"尚未到，不能登记考核结果")
		}
	case "":
		errs.Add("result", "考核结果为必填项")
	default:
		errs.Add("result", "考核结果只能是通过（pass）、未通过（fail）或缺考（absent）")
	}
	checkScore(&errs, "scoreTheory", c.ScoreTheory, c.Result)
	checkScore(&errs, "scorePractical", c.ScorePractical, c.Result)
	checkCertificate(&errs, b, &c, today)
	return c, errs.Err()
}

func checkScore(errs *models.ValidationError, field string, score *int, result string) {
	switch {
	case score == nil:
	case result == models.ResultAbsent:
		errs.Add(field, "缺考的考生不能填写成绩")
	case *score < 0 || *score > 100:
		errs.Add(field, "成绩须在0至100之间")
	}
}

// checkCertificate: a certificate needs a pass, a number and an issue date
// together, issued on or after the assessment and not in the future.
func checkCertificate(errs *models.ValidationError, b *models.Batch, c *models.Candidate, today models.Date) {
	if c.Result != models.ResultPass {
		if c.CertificateNo != "" {
			errs.Add("certificateNo", "只有通过考核的考生才能登记证书编号")
		}
		if !c.IssueDate.IsZero() {
			errs.Add("issueDate", "只有通过考核的考生才能登记发证日期")
		}
		return
	}
	switch {
	case c.CertificateNo == "" && !c.IssueDate.IsZero():
		errs.Add("certificateNo", "登记发证日期时须填写证书编号")
	case utf8.RuneCountInString(c.CertificateNo) > maxCertificateNo:
		errs.Add("certificateNo", fmt.Sprintf("证书编号长度不能超过%d个字符", maxCertificateNo))
	case strings.Contains(c.CertificateNo, "|"):
		errs.Add("certificateNo", "证书编号不能包含“|”")
	}
	switch {
	case c.CertificateNo != "" && c.IssueDate.IsZero():
		errs.Add("issueDate", "登记证书编号时须填写发证日期")
	case c.IssueDate.IsZero():
	case c.IssueDate.Before(b.Date):
		errs.Add("issueDate", "发证日期不能早于考核日期"+b.Date.String())
	case c.IssueDate.After(today):
		errs.Add("issueDate", "发证日期不能晚于今天")
	}
}

// passedElsewhere refuses a second pass of the same student at the same entry
// and level in another batch. Candidates are embedded, so the passes are found
// in Go from the batches of that certificate and level.
func (s *Service) passedElsewhere(ctx context.Context, b *models.Batch, student bson.ObjectID) error {
	key := "certs.passes|" + b.SchoolID.Hex() + "|" + b.EntryID.Hex() + "|" + b.Level
	passes, err := records.Memo(ctx, key, func() (map[bson.ObjectID][]pass, error) { return s.passes(ctx, b) })
	if err != nil {
		return err
	}
	return passedOnce(passes[student], b)
}

// passedOnce refuses a pass in b when the student's passes (of b's school,
// certificate and level) hold one in another batch.
func passedOnce(passes []pass, b *models.Batch) error {
	for _, o := range passes {
		if o.batch != b.ID {
			return models.NewConflict("result", fmt.Sprintf("该学生已在%s的考核批次%s通过该证书%s考核，同一证书同一等级只能通过一次", o.date, o.label, b.Level))
		}
	}
	return nil
}

// pass is one recorded pass, by the batch it is in.
type pass struct {
	batch bson.ObjectID
	label string
	date  models.Date
}

// passes reads the passes of every batch of b's school, certificate and level,
// by student: one query, which an upload's dry runs share (records.Memo).
func (s *Service) passes(ctx context.Context, b *models.Batch) (map[bson.ObjectID][]pass, error) {
	filter := bson.D{{Key: "schoolId", Value: b.SchoolID}, {Key: "entryId", Value: b.EntryID}, {Key: "level", Value: b.Level}}
	cur, err := s.batches.C.Find(ctx, filter, options.Find().SetProjection(bson.D{{Key: "label", Value: 1}, {Key: "date", Value: 1}, {Key: "candidates", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("certs: passes: %w", err)
	}
	defer cur.Close(ctx)
	out := map[bson.ObjectID][]pass{}
	for cur.Next(ctx) {
		var o models.Batch
		if err := cur.Decode(&o); err != nil {
			return nil, fmt.Errorf("certs: passes: %w", err)
		}
		for _, c := range o.Candidates {
			if c.Result == models.ResultPass {
				out[c.StudentID] = append(out[c.StudentID], pass{batch: o.ID, label: o.Label, date: o.Date})
			}
		}
	}
	return out, cur.Err()
}

func copyInt(p *int) *int {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}
