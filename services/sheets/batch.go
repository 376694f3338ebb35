package sheets

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/records"
)

// One assessment batch's registrations and results as sheets. The rows are the
// batch's candidates, found by 学号; a row is validated by the certs service's
// Register or RecordResult in a dry run under the batch's current version, and
// committed by the same call, one row after the other, each under the version
// the previous call returned.

var candidateResults = []Option{{"通过", models.ResultPass}, {"未通过", models.ResultFail}, {"缺考", models.ResultAbsent}}

var registrationSpec = &kindSpec{label: "考生报名", key: "studentNo", aliases: map[string]string{"studentId": "studentNo"},
	keyNote: "5. 已报名本批次的学生（学号相同）不会重复报名；已报名学生的报名日期和报名原因不能通过导入修改。",
	columns: []Column{
		{Header: "学号", Field: "studentNo", Type: TypeText, Required: true, AsText: true, width: 14, Example: "2025001",
			Note: "本校在籍学生的学号"},
		{Header: "报名日期", Field: "registeredAt", Type: TypeDate, AsText: true, width: 12,
			Note: "不晚于考核日期和今天；留空为导入当天（考核日期已过的批次须填写）"},
		{Header: "试点外报名原因", Field: "reason", Type: TypeText, width: 40,
			Note: "学生专业不在本学年该证书的试点专业内时必填，不超过200个字；其他学生留空"},
	}}

var resultSpec = &kindSpec{label: "考核结果", key: "studentNo", unique: []string{"certificateNo"},
	aliases: map[string]string{"studentId": "studentNo"},
	keyNote: "5. 按学号对应本批次已报名的考生（未报名的学生请先报名）；与已登记结果相同的行不作修改，不同的按文件内容更新。",
	columns: []Column{
		{Header: "学号", Field: "studentNo", Type: TypeText, Required: true, AsText: true, width: 14, Example: "2025001",
			Note: "须为已报名本批次的考生"},
		{Header: "结果", Field: "result", Type: TypeEnum, Options: candidateResults, Required: true, width: 10, Example: "通过",
			Note: "考核日期到后才能登记"},
		{Header: "理论成绩", Field: "scoreTheory", Type: TypeInt, omitBlank: true, width: 10, Example: "85", Note: "0至100的整数；缺考不填"},
		{Header: "实操成绩", Field: "scorePractical", Type: TypeInt, omitBlank: true, width: 10, Example: "90", Note: "0至100的整数；缺考不填"},
		{Header: "证书编号", Field: "certificateNo", Type: TypeText, AsText: true, width: 22,
			Note: "通过并已发证时填写，与发证日期一起；同一证书的编号不能重复"},
		{Header: "发证日期", Field: "issueDate", Type: TypeDate, AsText: true, width: 12,
			Note: "不早于考核日期，不晚于今天"},
	}}

// batchRows is what registrations and results share: the batch, read once per
// Parse and once per Commit, and its candidates by 学号.
type batchRows struct {
	s     *Service
	id    string // hex; "" for an export, which names its batch in the filter
	batch *models.Batch
	byNo  map[string]*models.Candidate
}

func (a *batchRows) read(ctx context.Context, id string) error {
	oid, err := models.ParseID(id)
	if err != nil {
		return err
	}
	b, err := a.s.certs.FindBatchByID(ctx, oid)
	if err != nil {
		return err
	}
	a.keep(b)
	return nil
}

func (a *batchRows) keep(b *models.Batch) {
	a.batch, a.byNo = b, make(map[string]*models.Candidate, len(b.Candidates))
	for i := range b.Candidates {
		a.byNo[b.Candidates[i].StudentNo] = &b.Candidates[i]
	}
}

func (a *batchRows) owner(string, string) string { return "" }

// write calls fn with the batch as last written (read first if need be) and
// keeps the batch fn returns. Another user's change of the batch in between
// (ErrStaleVersion) makes it read the batch again and call fn once more: a
// registration or one candidate's result does not overwrite anyone else's.
func (a *batchRows) write(ctx context.Context, fn func(b *models.Batch) (*models.Batch, error)) error {
	if a.batch == nil {
		if err := a.read(ctx, a.id); err != nil {
			return err
		}
	}
	nb, err := fn(a.batch)
	if errors.Is(err, models.ErrStaleVersion) {
		if err := a.read(ctx, a.id); err != nil {
			return err
		}
		nb, err = fn(a.batch)
	}
	if err != nil {
		return err
	}
	a.keep(nb)
	return nil
}

// eachCandidate calls fn with every candidate of the batch the filter (a Target)
// names, as row by JSON name.
func (a *batchRows) eachCandidate(ctx context.Context, filter any, row func(*models.Candidate) map[string]any, fn func(map[string]any) error) error {
	t, err := filterAs[Target](filter)
	if err != nil {
		return err
	}
	if err := a.read(ctx, t.BatchID); err != nil {
		return err
	}
	for i := range a.batch.Candidates {
		if err := fn(row(&a.batch.Candidates[i])); err != nil {
			return err
		}
	}
	return nil
}

// registrations registers students for a batch by 学号.
type registrations struct {
	batchRows
	students map[string]string // 学号 -> student id (hex) in the batch's school
}

func (s *Service) registrationArea(batch string) area {
	return &registrations{batchRows: batchRows{s: s, id: batch}}
}

// load reads the batch and the students of its school once, so that a dry run
// finds each student by id in the snapshot instead of searching per row.
func (a *registrations) load(ctx context.Context) error {
	if err := a.read(ctx, a.id); err != nil {
		return err
	}
	a.students = map[string]string{}
	return a.s.people.EachStudent(ctx, models.StudentFilter{SchoolID: a.batch.SchoolID.Hex()}, func(st *models.Student) error {
		a.students[st.StudentNo] = st.ID.Hex()
		return nil
	})
}

// check: a student already registered is unchanged, unless the row gives
// another date or reason, which a registration cannot change (an error on
// that column); anyone else is registered in a dry run.
func (a *registrations) check(ctx context.Context, row *Row) error {
	f, err := decode[models.Registration](row.Fields)
	if err != nil {
		return err
	}
	if c := a.byNo[row.Key]; c != nil && row.Key != "" {
		row.Action, row.ID = ActionUnchanged, c.ID.Hex()
		return registeredAs(c, f)
	}
	row.Action = ActionCreate
	if id, ok := a.students[row.Key]; ok && row.Key != "" {
		row.Fields["studentId"] = id
		f.StudentID = &id
	}
	v := a.batch.Version
	f.Version = &v
	_, err = a.s.certs.Register(records.DryRun(ctx), a.batch.ID, f)
	return err
}

func registeredAs(c *models.Candidate, f models.Registration) error {
	var errs models.ValidationError
	if at := trim(f.RegisteredAt); at != "" && at != c.RegisteredAt.String() {
		errs.Add("registeredAt", fmt.Sprintf("该学生已于%s报名本批次，报名日期不能通过导入修改", c.RegisteredAt))
	}
	if why := trim(f.Reason); why != "" && c.Reason != "" && why != c.Reason {
		errs.Add("reason", "该学生已报名本批次，报名原因不能通过导入修改")
	}
	return errs.Err()
}

func (a *registrations) save(ctx context.Context, row Row) (string, error) {
	if row.Action == ActionUnchanged {
		return ActionUnchanged, nil
	}
	f, err := decode[models.Registration](row.Fields)
	if err != nil {
		return "", err
	}
	return ActionCreate, a.write(ctx, func(b *models.Batch) (*models.Batch, error) {
		v := b.Version
		f.Version = &v
		return a.s.certs.Register(ctx, b.ID, f)
	})
}

func (a *registrations) each(ctx context.Context, filter any, fn func(map[string]any) error) error {
	return a.eachCandidate(ctx, filter, func(c *models.Candidate) map[string]any {
		return map[string]any{"studentNo": c.StudentNo, "registeredAt": c.RegisteredAt.String(), "reason": c.Reason}
	}, fn)
}

// results records candidates' results by 学号.
type results struct{ batchRows }

func (s *Service) resultArea(batch string) area { return &results{batchRows{s: s, id: batch}} }

func (a *results) load(ctx context.Context) error { return a.read(ctx, a.id) }

// check matches the row to its candidate (a student not registered in the
// batch is an error on 学号): unchanged when the result is the one recorded,
// create for a first result, update otherwise, validated in a dry run. The
// row keeps the candidate's id and the fingerprint of its result, so that the
// commit overwrites no result someone else changed meanwhile.
func (a *results) check(ctx context.Context, row *Row) error {
	c := a.byNo[row.Key]
	switch {
	case row.Key == "":
		return models.Invalid("studentNo", "学号为必填项")
	case c == nil:
		return models.Invalid("studentNo", "该学生未报名本批次，不能登记考核结果，请先报名")
	}
	f, err := decode[models.ResultFields](row.Fields)
	if err != nil {
		return err
	}
	row.ID, row.Version, row.Action = c.ID.Hex(), resultPrint(c), ActionUpdate
	if c.Result == models.ResultPending {
		row.Action = ActionCreate
	}
	if sameResult(c, f) {
		row.Action = ActionUnchanged
		return nil
	}
	v := a.batch.Version
	f.Version = &v
	_, err = a.s.certs.RecordResult(records.DryRun(ctx), a.batch.ID, c.ID, f)
	return err
}

// resultPrint is a fingerprint of a candidate's result as recorded: the
// candidate's own version, where the batch's version changes with every
// candidate.
func resultPrint(c *models.Candidate) int64 {
	h := fnv.New64a()
	fmt.Fprintf(h, "%s|%v|%v|%s|%s|%d", c.Result, deref(c.ScoreTheory), deref(c.ScorePractical), c.CertificateNo, c.IssueDate, c.UpdatedAt.UnixMilli())
	return int64(h.Sum64() >> 1)
}

func deref(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}

func sameResult(c *models.Candidate, f models.ResultFields) bool {
	same := func(a, b *int) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }
	return trim(f.Result) == c.Result && same(f.ScoreTheory, c.ScoreTheory) && same(f.ScorePractical, c.ScorePractical) &&
		trim(f.CertificateNo) == c.CertificateNo && trim(f.IssueDate) == c.IssueDate.String()
}

// save records the row's result, unless the candidate was unregistered or
// changed by someone else since the preview (ErrStaleVersion).
func (a *results) save(ctx context.Context, row Row) (string, error) {
	if row.Action == ActionUnchanged {
		return ActionUnchanged, nil
	}
	f, err := decode[models.ResultFields](row.Fields)
	if err != nil {
		return "", err
	}
	cid, err := models.ParseID(row.ID)
	if err != nil {
		return "", err
	}
	return row.Action, a.write(ctx, func(b *models.Batch) (*models.Batch, error) {
		c := candidate(b, cid)
		switch {
		case c == nil:
			return nil, models.Invalid("studentNo", "该学生已不是本批次的考生（预览后被取消报名）")
		case resultPrint(c) != row.Version:
			return nil, models.ErrStaleVersion
		}
		v := b.Version
		f.Version = &v
		return a.s.certs.RecordResult(ctx, b.ID, cid, f)
	})
}

func (a *results) each(ctx context.Context, filter any, fn func(map[string]any) error) error {
	return a.eachCandidate(ctx, filter, func(c *models.Candidate) map[string]any {
		m := map[string]any{"studentNo": c.StudentNo, "result": c.Result, "certificateNo": c.CertificateNo, "issueDate": c.IssueDate.String()}
		if c.ScoreTheory != nil {
			m["scoreTheory"] = float64(*c.ScoreTheory)
		}
		if c.ScorePractical != nil {
			m["scorePractical"] = float64(*c.ScorePractical)
		}
		return m
	}, fn)
}

func candidate(b *models.Batch, id bson.ObjectID) *models.Candidate {
	for i := range b.Candidates {
		if b.Candidates[i].ID == id {
			return &b.Candidates[i]
		}
	}
	return nil
}

func trim(p *string) string {
	if p == nil {
		return ""
	}
	return strings.TrimSpace(*p)
}
