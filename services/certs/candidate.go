package certs

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
)

// maxReason is the longest reason for registering outside the pilot, in characters.
const maxReason = 200

// Register registers a student for a batch, by studentId or by 学号 within the
// batch's school; the student must be enrolled there. The new candidate is the
// last of the returned batch. The registration date (default today) must not be
// after the assessment date nor today. A student registered twice in one batch
// is a ConflictError on studentId. When the school does not pilot the
// certificate for the student's major in the batch's school year, Register
// refuses with a ValidationError on reason naming certificate, year and major,
// unless a reason is given: then the candidate keeps that warning
// (OutsidePilot) and the reason. ErrStaleVersion when the named version is old.
func (s *Service) Register(ctx context.Context, batchID bson.ObjectID, r models.Registration) (*models.Batch, error) {
	return s.changeCandidates(ctx, batchID, r.Version, func(_, b *models.Batch) error {
		var errs models.ValidationError
		st, err := s.registrant(ctx, b.SchoolID, r, &errs)
		if err != nil {
			return err
		}
		outside := func(major string) (string, error) { return s.outsidePilot(ctx, b, major) }
		return register(b, st, r, s.now(), outside, &errs)
	})
}

// register adds st to b as r asks, as of now: the registration date (default
// today) not after the assessment nor today, the student not yet registered,
// and a reason when outside says the school does not pilot the certificate for
// the student's major (its warning; "" when it does). st is nil when the
// registrant was refused, errs saying why. The problems are returned as one
// ValidationError; a second registration is a ConflictError.
func register(b *models.Batch, st *models.Student, r models.Registration, now time.Time, outside func(major string) (string, error), errs *models.ValidationError) error {
	today := models.DateOf(now.In(models.China))
	c := models.Candidate{ID: bson.NewObjectID(), RegisteredAt: today, UpdatedAt: stampOf(now)}
	if r.RegisteredAt != nil && strings.TrimSpace(*r.RegisteredAt) != "" {
		d, err := models.ParseDate(strings.TrimSpace(*r.RegisteredAt))
		if err != nil {
			errs.Add("registeredAt", "报名日期须为有效日期，格式为YYYY-MM-DD")
		}
		c.RegisteredAt = d
	}
	switch {
	case c.RegisteredAt.IsZero():
	case c.RegisteredAt.After(b.Date):
		errs.Add("registeredAt", "报名日期不能晚于考核日期"+b.Date.String())
	case c.RegisteredAt.After(today):
		errs.Add("registeredAt", "报名日期不能晚于今天")
	}
	if st == nil {
		return errs.Err()
	}
	for _, other := range b.Candidates {
		if other.StudentID == st.ID {
			return models.NewConflict("studentId", "该学生已报名本批次")
		}
	}
	c.StudentID, c.StudentNo, c.Name, c.MajorCode = st.ID, st.StudentNo, st.Name, st.MajorCode
	warning, err := outside(c.MajorCode)
	if err != nil {
		return err
	}
	if warning != "" {
		acceptOutside(&c, warning, r.Reason, errs)
	}
	b.Candidates = append(b.Candidates, c)
	return errs.Err()
}

// Unregister removes a candidate who has no result yet (ConflictError on result
// otherwise); ErrNotFound for an unknown candidate.
func (s *Service) Unregister(ctx context.Context, batchID, candidateID bson.ObjectID, version *int64) (*models.Batch, error) {
	return s.changeCandidates(ctx, batchID, version, func(_, b *models.Batch) error {
		i, err := candidateIndex(b, candidateID)
		if err != nil {
			return err
		}
		if b.Candidates[i].Result != models.ResultPending {
			return models.NewConflict("result", "该考生已登记考核结果，不能取消报名")
		}
		b.Candidates = append(b.Candidates[:i], b.Candidates[i+1:]...)
		return nil
	})
}

// registrant finds the student a registration names, in school. Problems with
// the student are added to errs and give a nil student.
func (s *Service) registrant(ctx context.Context, school bson.ObjectID, r models.Registration, errs *models.ValidationError) (*models.Student, error) {
	id, no := trimmed(r.StudentID), trimmed(r.StudentNo)
	field := "studentId"
	var st *models.Student
	var err error
	switch {
	case id != "":
		oid, perr := bson.ObjectIDFromHex(id)
		if perr != nil {
			errs.Add(field, "学生编号格式不正确")
			return nil, nil
		}
		st, err = s.people.FindStudentByID(ctx, oid)
		if err == nil && st.SchoolID != school {
			err = models.ErrNotFound
		}
	case no != "":
		field = "studentNo"
		st, err = s.studentByNo(ctx, school, no)
	default:
		errs.Add(field, "请指定报名的学生（学生编号或学号）")
		return nil, nil
	}
	if errors.Is(err, models.ErrNotFound) {
		errs.Add(field, "本校没有该学生")
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("certs: student: %w", err)
	}
	return admit(st, school, field, errs), nil
}

// admit keeps st as a registrant for a batch of school: a student of the
// school, enrolled. Otherwise the problem is added to errs on field and the
// student is dropped (nil).
func admit(st *models.Student, school bson.ObjectID, field string, errs *models.ValidationError) *models.Student {
	if st.SchoolID != school {
		errs.Add(field, "本校没有该学生")
		return nil
	}
	if st.Status != models.StudentEnrolled {
		errs.Add(field, "该学生学籍状态为“"+statusName(st.Status)+"”，只有在籍学生可以报名")
		return nil
	}
	return st
}

// studentByNo finds the student with 学号 no in school through the people
// service's search, or ErrNotFound.
func (s *Service) studentByNo(ctx context.Context, school bson.ObjectID, no string) (*models.Student, error) {
	for page := 1; ; page++ {
		res, err := s.people.FindStudents(ctx, models.StudentFilter{SchoolID: school.Hex(),
			ListParams: models.ListParams{Page: page, PageSize: models.MaxPageSize, Q: no}})
		if err != nil {
			return nil, err
		}
		for i := range res.Items {
			if res.Items[i].StudentNo == no {
				return &res.Items[i], nil
			}
		}
		if len(res.Items) < models.MaxPageSize || int64(page*models.MaxPageSize) >= res.Total {
			return nil, models.ErrNotFound
		}
	}
}

// outsidePilot says, when the school does not pilot the batch's certificate
// for major in the batch's school year, what the candidate is warned of; ""
// when it does.
func (s *Service) outsidePilot(ctx context.Context, b *models.Batch, major string) (string, error) {
	e, err := s.entries.Get(ctx, bson.D{{Key: "_id", Value: b.EntryID}})
	if err != nil {
		return "", fmt.Errorf("certs: entry of batch: %w", err)
	}
	year := models.StatYearOf(b.Date)
	pl, err := s.pilotFor(ctx, b.SchoolID, b.EntryID, year.Start)
	if err != nil {
		return "", err
	}
	if pilots(pl, major) {
		return "", nil
	}
	names, err := s.schoolMajors(ctx, b.SchoolID)
	if err != nil {
		return "", err
	}
	return pilotWarning(year, major, names, e.Name), nil
}

// pilots reports whether pilot pl (nil: none) covers major.
func pilots(pl *models.Pilot, major string) bool {
	return pl != nil && slices.Contains(pl.MajorCodes, major)
}

// pilotWarning is the warning of a registration outside the pilot: the year,
// the major with its name (names by code) and the certificate.
func pilotWarning(year models.StatYear, major string, names map[string]string, entry string) string {
	if names[major] != "" {
		major += "（" + names[major] + "）"
	}
	return fmt.Sprintf("本校%s未对专业%s开展“%s”试点", year.Label(), major, entry)
}

// acceptOutside keeps the warning and the reason on c, or asks for a reason.
func acceptOutside(c *models.Candidate, warning string, reason *string, errs *models.ValidationError) {
	why := trimmed(reason)
	switch {
	case why == "":
		errs.Add("reason", warning+"，如确需报名请填写原因")
	case utf8.RuneCountInString(why) > maxReason:
		errs.Add("reason", fmt.Sprintf("原因长度不能超过%d个字符", maxReason))
	default:
		c.OutsidePilot, c.Reason = warning, why
	}
}

// stamp is the current time as stored (UTC, milliseconds; stack.md §3 rule 9).
func (s *Service) stamp() time.Time { return stampOf(s.now()) }

// stampOf is t as stored.
func stampOf(t time.Time) time.Time { return t.UTC().Truncate(time.Millisecond) }

func trimmed(p *string) string {
	if p == nil {
		return ""
	}
	return strings.TrimSpace(*p)
}

func statusName(status string) string {
	switch status {
	case models.StudentEnrolled:
		return "在籍"
	case models.StudentSuspended:
		return "休学"
	case models.StudentGraduated:
		return "已毕业"
	case models.StudentWithdrawn:
		return "已退学"
	}
	return status
}
