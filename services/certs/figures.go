package certs

import (
	"context"
	"fmt"
	"sort"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/figures"
	"github.com/chanjiao/chanjiao/services/people"
	"github.com/chanjiao/chanjiao/services/store"
)

// The certificate indicators, from domain.md §8.
var (
	indPilotCerts = figures.Indicator{ID: "x_pilot_cert_count", LabelZH: "1+X试点证书数", LabelEN: "certificates piloting", Unit: figures.UnitCount, Table: "产教融合",
		Definition: "统计学年内有试点的1+X证书数；多校汇总时为各校之和（同一证书在两所学校试点计2个）"}
	indPilotMajors = figures.Indicator{ID: "x_pilot_major_count", LabelZH: "1+X试点专业数", LabelEN: "majors piloting", Unit: figures.UnitCount, Table: "产教融合",
		Definition: "统计学年内1+X试点覆盖的专业数（学校、专业代码去重）"}
	indRegistered = figures.Indicator{ID: "x_registered_students", LabelZH: "1+X报考人数", LabelEN: "students registered", Unit: figures.UnitPersons, Table: "产教融合",
		Definition: "考核日期在统计学年内的1+X考核批次中报名的学生人数（按学生去重）"}
	indSat = figures.Indicator{ID: "x_sat_times", LabelZH: "1+X实考人次", LabelEN: "sat", Unit: figures.UnitTimes, Table: "产教融合",
		Definition: "考核日期在统计学年内、结果为通过或未通过（即参加了考核）的1+X考核人次，按证书和等级分列；缺考不计"}
	indPassed = figures.Indicator{ID: "x_pass_times", LabelZH: "1+X通过人次", LabelEN: "passed", Unit: figures.UnitTimes, Table: "产教融合",
		Definition: "考核日期在统计学年内、结果为通过的1+X考核人次，按证书和等级分列"}
	indSatStudents = figures.Indicator{ID: "x_sat_students", LabelZH: "1+X实考人数", LabelEN: "students sat", Unit: figures.UnitPersons, Table: "产教融合",
		Definition: "考核日期在统计学年内参加了1+X考核（通过或未通过）的学生人数，按学生去重"}
	indPassStudents = figures.Indicator{ID: "x_pass_students", LabelZH: "1+X通过人数", LabelEN: "students passed", Unit: figures.UnitPersons, Table: "产教融合",
		Definition: "考核日期在统计学年内通过1+X考核的学生人数，按学生去重（同一学生通过两个证书计1人）"}
	indPassRate = figures.Indicator{ID: "x_pass_rate", LabelZH: "1+X考核通过率", LabelEN: "pass rate", Unit: figures.UnitPercent, Table: "产教融合",
		Definition: "通过人次 ÷ 实考人次 × 100%，总体及按证书和等级分列"}
	indCertified = figures.Indicator{ID: "x_certified_students", LabelZH: "1+X获证人数", LabelEN: "students certified", Unit: figures.UnitPersons, Table: "产教融合",
		Definition: "发证日期在统计学年内取得1+X证书的学生人数（按学生去重）"}
	indCertRate = figures.Indicator{ID: "x_cert_rate", LabelZH: "1+X获证率（报考口径）", LabelEN: "certified per registered", Unit: figures.UnitPercent, Table: "产教融合",
		Definition: "1+X获证人数 ÷ 1+X报考人数 × 100%；分子含往年报考、本学年发证的学生，记录列出报考学生并标出其中本学年获证者"}
	indGradCertRate = figures.Indicator{ID: "x_cert_rate_graduates", LabelZH: "1+X获证率（毕业生口径）", LabelEN: "certified graduates", Unit: figures.UnitPercent, Table: "计分卡",
		Definition: "毕业日期在统计学年内的毕业生中，截至学年末已取得1+X证书的人数 ÷ 该学年毕业生人数 × 100%"}
	indDualCertRate = figures.Indicator{ID: "grad_dual_cert_rate", LabelZH: "双证书率", LabelEN: "dual-certificate rate", Unit: figures.UnitPercent, Table: "计分卡",
		Definition: "毕业日期在统计学年内的毕业生中，截至学年末已取得1+X证书或通过职业技能等级认定的人数 ÷ 该学年毕业生人数 × 100%"}
	indTrainings = figures.Indicator{ID: "x_teacher_training_times", LabelZH: "1+X师资培训人次", LabelEN: "teacher trainings", Unit: figures.UnitTimes, Table: "产教融合",
		Definition: "开始日期在统计学年内的教师1+X培训（培训教师、考评员）人次"}
	indOccupations = figures.Indicator{ID: "skill_occupation_count", LabelZH: "职业技能等级认定考核工种数", LabelEN: "occupations assessed", Unit: figures.UnitCount, Table: "产教融合",
		Definition: "统计学年内有实考人次的职业技能等级认定工种数（工种代码和名称去重）"}
	indSkillSat = figures.Indicator{ID: "skill_assessment_times", LabelZH: "职业技能等级认定考核人次", LabelEN: "skill assessments", Unit: figures.UnitTimes, Table: "产教融合",
		Definition: "考核日期在统计学年内参加职业技能等级认定考核的人次，按工种分列并合计；缺考不计"}
	indSkillPassed = figures.Indicator{ID: "skill_pass_times", LabelZH: "职业技能等级认定通过人次", LabelEN: "skill passes", Unit: figures.UnitTimes, Table: "产教融合",
		Definition: "考核日期在统计学年内通过职业技能等级认定考核的人次，按工种分列并合计"}
)

// Figures computes the certificate indicators from one pass over each of the
// area's collections: catalogue, pilots, batches (with their candidates) and
// trainings. Documents are streamed with a projection; what is kept is one
// small ref per counted record.
type Figures struct {
	entries, pilots, batches, trainings *store.Collection
	people                              *people.Service // graduates, through its figures helper
	now                                 func() time.Time
}

// NewFigures returns the certificate figures source.
func NewFigures(st *store.Store, pp *people.Service, now func() time.Time) *Figures {
	return &Figures{entries: st.Collection(store.CertEntries), pilots: st.Collection(store.Pilots),
		batches: st.Collection(store.Batches), trainings: st.Collection(store.Trainings), people: pp, now: now}
}

// Indicators lists the certificate indicators.
func (f *Figures) Indicators() []figures.Indicator {
	return []figures.Indicator{indPilotCerts, indPilotMajors, indRegistered, indSat, indPassed, indSatStudents, indPassStudents, indPassRate,
		indCertified, indCertRate, indGradCertRate, indDualCertRate, indTrainings, indOccupations, indSkillSat, indSkillPassed}
}

// entryInfo is what the figures need of a catalogue entry.
type entryInfo struct {
	ID             bson.ObjectID `bson:"_id"`
	Type           string        `bson:"type"`
	Name           string        `bson:"name"`
	OccupationCode string        `bson:"occupationCode"`
	OccupationName string        `bson:"occupationName"`
}

func (e entryInfo) occupation() (key, label string) {
	return e.OccupationCode + "|" + e.OccupationName, e.OccupationName + "（" + e.OccupationCode + "）"
}

// Compute computes every certificate figure for s.
func (f *Figures) Compute(ctx context.Context, s figures.Scope) ([]figures.Figure, error) {
	entries, err := f.loadEntries(ctx)
	if err != nil {
		return nil, err
	}
	now := f.now().UTC()
	pilots, err := f.pilotFigures(ctx, s, entries, now)
	if err != nil {
		return nil, err
	}
	t, batches, err := f.batchFigures(ctx, s, entries, now)
	if err != nil {
		return nil, err
	}
	graduates, err := f.graduateFigures(ctx, s, t, now)
	if err != nil {
		return nil, err
	}
	training, err := f.trainingFigure(ctx, s, entries, now)
	if err != nil {
		return nil, err
	}
	out := append(pilots, batches[:8]...)
	out = append(append(out, graduates...), training)
	return append(out, batches[8:]...), nil
}

func (f *Figures) loadEntries(ctx context.Context) (map[bson.ObjectID]entryInfo, error) {
	out := map[bson.ObjectID]entryInfo{}
	err := streamProjected(ctx, f.entries, bson.D{}, bson.D{{Key: "type", Value: 1}, {Key: "name", Value: 1}, {Key: "occupationCode", Value: 1}, {Key: "occupationName", Value: 1}},
		func(e entryInfo) { out[e.ID] = e })
	return out, err
}

// figureScope limits a query to the scope's schools (all when nil).
func figureScope(s figures.Scope) bson.D {
	if s.SchoolIDs == nil {
		return bson.D{}
	}
	return bson.D{{Key: "schoolId", Value: bson.D{{Key: "$in", Value: s.SchoolIDs}}}}
}

// streamProjected streams the documents matching filter, projected, into fn.
func streamProjected[T any](ctx context.Context, c *store.Collection, filter, projection bson.D, fn func(T)) error {
	cur, err := c.Find(ctx, filter, options.Find().SetProjection(projection))
	if err != nil {
		return fmt.Errorf("certs: figures: %w", err)
	}
	defer cur.Close(ctx)
	for cur.Next(ctx) {
		var v T
		if err := cur.Decode(&v); err != nil {
			return fmt.Errorf("certs: figures: %w", err)
		}
		fn(v)
	}
	return cur.Err()
}

type pilotRow struct {
	ID         bson.ObjectID `bson:"_id"`
	SchoolID   bson.ObjectID `bson:"schoolId"`
	EntryID    bson.ObjectID `bson:"entryId"`
	SchoolYear int           `bson:"schoolYear"`
	MajorCodes []string      `bson:"majorCodes"`
}

func (f *Figures) pilotFigures(ctx context.Context, s figures.Scope, entries map[bson.ObjectID]entryInfo, now time.Time) ([]figures.Figure, error) {
	filter := append(figureScope(s), bson.E{Key: "schoolYear", Value: s.Year.Start})
	var certs, majors []figures.Ref
	seenCert, seenMajor := map[string]bool{}, map[string]bool{}
	err := streamProjected(ctx, f.pilots, filter, bson.D{{Key: "schoolId", Value: 1}, {Key: "entryId", Value: 1}, {Key: "schoolYear", Value: 1}, {Key: "majorCodes", Value: 1}},
		func(p pilotRow) {
			e, ok := entries[p.EntryID]
			if !ok || e.Type != models.CertX {
				return
			}
			ref := figures.Ref{ID: p.ID.Hex(), Kind: "pilot", SchoolID: p.SchoolID, Label: e.Name}
			if k := p.SchoolID.Hex() + e.ID.Hex(); !seenCert[k] {
				seenCert[k] = true
				certs = append(certs, ref)
			}
			for _, m := range p.MajorCodes {
				if k := p.SchoolID.Hex() + m; !seenMajor[k] {
					seenMajor[k] = true
					ref.Label = e.Name + " · 专业 " + m
					majors = append(majors, ref)
				}
			}
		})
	if err != nil {
		return nil, err
	}
	return []figures.Figure{figures.Count(indPilotCerts, certs, now), figures.Count(indPilotMajors, majors, now)}, nil
}

type batchRow struct {
	ID         bson.ObjectID  `bson:"_id"`
	SchoolID   bson.ObjectID  `bson:"schoolId"`
	EntryID    bson.ObjectID  `bson:"entryId"`
	Level      string         `bson:"level"`
	Date       models.Date    `bson:"date"`
	Candidates []candidateRow `bson:"candidates"`
}

type candidateRow struct {
	ID            bson.ObjectID `bson:"id"`
	StudentID     bson.ObjectID `bson:"studentId"`
	StudentNo     string        `bson:"studentNo"`
	Name          string        `bson:"name"`
	Result        string        `bson:"result"`
	CertificateNo string        `bson:"certificateNo"`
	IssueDate     models.Date   `bson:"issueDate"`
}

// tally collects the batch figures while the batches stream past.
type tally struct {
	registered, certified  []figures.Ref
	seenReg, seenCert      map[string]bool
	sat, passed            []figures.Ref
	satBy, passedBy        map[string][]figures.Ref // per certificate and level
	partLabel              map[string]string
	skillSat, skillPassed  []figures.Ref
	skillSatBy, skillPasBy map[string][]figures.Ref // per 工种
	skillLabel             map[string]string
	// students holding, by the end of the year, a 1+X certificate (x) or a 1+X
	// certificate or a skill pass (dual), by school and student id
	xHolders, dualHolders map[string]bool
}

func (f *Figures) batchFigures(ctx context.Context, s figures.Scope, entries map[bson.ObjectID]entryInfo, now time.Time) (*tally, []figures.Figure, error) {
	t := &tally{seenReg: map[string]bool{}, seenCert: map[string]bool{}, satBy: map[string][]figures.Ref{}, passedBy: map[string][]figures.Ref{},
		partLabel: map[string]string{}, skillSatBy: map[string][]figures.Ref{}, skillPasBy: map[string][]figures.Ref{}, skillLabel: map[string]string{},
		xHolders: map[string]bool{}, dualHolders: map[string]bool{}}
	proj := bson.D{{Key: "schoolId", Value: 1}, {Key: "entryId", Value: 1}, {Key: "level", Value: 1}, {Key: "date", Value: 1}, {Key: "candidates", Value: 1}}
	err := streamProjected(ctx, f.batches, figureScope(s), proj, func(b batchRow) {
		if e, ok := entries[b.EntryID]; ok {
			t.add(s.Year, e, b)
		}
	})
	if err != nil {
		return nil, nil, err
	}
	sat, passed := int64(len(t.sat)), int64(len(t.passed))
	satFig, passFig := figures.Count(indSat, t.sat, now), figures.Count(indPassed, t.passed, now)
	rate := figures.Rate(indPassRate, passed, sat, marked(t.sat, passedIDs(t.passed)), now)
	for _, k := range sortedLabels(t.partLabel) {
		satFig.Parts = append(satFig.Parts, figures.PartCount(k, t.partLabel[k], t.satBy[k]))
		passFig.Parts = append(passFig.Parts, figures.PartCount(k, t.partLabel[k], t.passedBy[k]))
		rate.Parts = append(rate.Parts, figures.PartRate(k, t.partLabel[k], int64(len(t.passedBy[k])), int64(len(t.satBy[k])), marked(t.satBy[k], passedIDs(t.passedBy[k]))))
	}
	skillSat, skillPassed := figures.Count(indSkillSat, t.skillSat, now), figures.Count(indSkillPassed, t.skillPassed, now)
	var occupations []figures.Ref
	for _, k := range sortedLabels(t.skillLabel) {
		if len(t.skillSatBy[k]) > 0 {
			occupations = append(occupations, figures.Ref{ID: k, Kind: "occupation", Label: t.skillLabel[k]})
		}
		skillSat.Parts = append(skillSat.Parts, figures.PartCount(k, t.skillLabel[k], t.skillSatBy[k]))
		skillPassed.Parts = append(skillPassed.Parts, figures.PartCount(k, t.skillLabel[k], t.skillPasBy[k]))
	}
	reg, cert := int64(len(t.registered)), int64(len(t.certified))
	certifiedStudents := map[string]bool{}
	for _, r := range t.certified {
		certifiedStudents[r.SchoolID.Hex()+r.Person.Hex()] = true
	}
	registered := make([]figures.Ref, len(t.registered))
	for i, r := range t.registered {
		r.InNumerator = certifiedStudents[r.SchoolID.Hex()+r.Person.Hex()]
		registered[i] = r
	}
	return t, []figures.Figure{
		figures.Count(indRegistered, t.registered, now), satFig, passFig,
		figures.Count(indSatStudents, distinctStudents(t.sat), now), figures.Count(indPassStudents, distinctStudents(t.passed), now), rate,
		figures.Count(indCertified, t.certified, now), figures.Rate(indCertRate, cert, reg, registered, now),
		figures.Count(indOccupations, occupations, now), skillSat, skillPassed,
	}, nil
}

// distinctStudents keeps each student's first attempt of refs.
func distinctStudents(refs []figures.Ref) []figures.Ref {
	seen := map[string]bool{}
	var out []figures.Ref
	for _, r := range refs {
		if k := r.SchoolID.Hex() + r.Person.Hex(); !seen[k] {
			seen[k] = true
			out = append(out, r)
		}
	}
	return out
}

// passedIDs are the candidate ids of refs.
func passedIDs(refs []figures.Ref) map[string]bool {
	ids := make(map[string]bool, len(refs))
	for _, r := range refs {
		ids[r.ID] = true
	}
	return ids
}

// marked copies refs, marking those in the numerator.
func marked(refs []figures.Ref, in map[string]bool) []figures.Ref {
	out := make([]figures.Ref, len(refs))
	for i, r := range refs {
		r.InNumerator = in[r.ID]
		out[i] = r
	}
	return out
}

// graduateFigures are the rates over the year's graduates: those holding a 1+X
// certificate, and those holding one or a skill pass (双证书), by the year's end.
func (f *Figures) graduateFigures(ctx context.Context, s figures.Scope, t *tally, now time.Time) ([]figures.Figure, error) {
	var grads []figures.Ref
	var withX, dual int64
	err := f.people.EachGraduate(ctx, s.SchoolIDs, s.Year, func(g people.Graduate) {
		grads = append(grads, figures.Ref{ID: g.ID.Hex(), Kind: "student", SchoolID: g.SchoolID, Label: "毕业生", Person: g.ID, Name: g.StudentNo + " " + g.Name})
	})
	if err != nil {
		return nil, err
	}
	xRefs, dualRefs := make([]figures.Ref, len(grads)), make([]figures.Ref, len(grads))
	for i, g := range grads {
		k := g.SchoolID.Hex() + g.Person.Hex()
		g.InNumerator = t.xHolders[k]
		xRefs[i] = g
		g.InNumerator = t.dualHolders[k]
		dualRefs[i] = g
		if t.xHolders[k] {
			withX++
		}
		if t.dualHolders[k] {
			dual++
		}
	}
	n := int64(len(grads))
	return []figures.Figure{figures.Rate(indGradCertRate, withX, n, xRefs, now), figures.Rate(indDualCertRate, dual, n, dualRefs, now)}, nil
}

// add counts one batch: registrations and attempts by the batch date, certificates
// by their issue date.
func (t *tally) add(y models.StatYear, e entryInfo, b batchRow) {
	inYear := y.Contains(b.Date)
	for _, c := range b.Candidates {
		ref := figures.Ref{ID: c.ID.Hex(), Kind: "candidate", ParentID: b.ID.Hex(), SchoolID: b.SchoolID, Date: b.Date.String(),
			Label: e.Name + " " + b.Level + " " + figureResultLabel(c.Result), Person: c.StudentID, Name: c.StudentNo + " " + c.Name}
		student := b.SchoolID.Hex() + c.StudentID.Hex()
		t.holds(y, e, b, c, student)
		if e.Type == models.CertSkill {
			if inYear && (c.Result == models.ResultPass || c.Result == models.ResultFail) {
				k, label := e.occupation()
				t.skillLabel[k] = label
				t.skillSat = append(t.skillSat, ref)
				t.skillSatBy[k] = append(t.skillSatBy[k], ref)
				if c.Result == models.ResultPass {
					t.skillPassed = append(t.skillPassed, ref)
					t.skillPasBy[k] = append(t.skillPasBy[k], ref)
				}
			}
			continue
		}
		if inYear && !t.seenReg[student] {
			t.seenReg[student] = true
			t.registered = append(t.registered, ref)
		}
		if inYear && (c.Result == models.ResultPass || c.Result == models.ResultFail) {
			k := e.ID.Hex() + "|" + b.Level
			t.partLabel[k] = e.Name + " " + b.Level
			t.sat = append(t.sat, ref)
			t.satBy[k] = append(t.satBy[k], ref)
			if c.Result == models.ResultPass {
				t.passed = append(t.passed, ref)
				t.passedBy[k] = append(t.passedBy[k], ref)
			}
		}
		if c.CertificateNo != "" && y.Contains(c.IssueDate) && !t.seenCert[student] {
			t.seenCert[student] = true
			ref.Date, ref.Label = c.IssueDate.String(), e.Name+" "+b.Level+" 证书 "+c.CertificateNo
			t.certified = append(t.certified, ref)
		}
	}
}

// holds notes what c holds by the end of year y, for the graduate figures.
func (t *tally) holds(y models.StatYear, e entryInfo, b batchRow, c candidateRow, student string) {
	switch {
	case e.Type == models.CertX && c.CertificateNo != "" && !c.IssueDate.IsZero() && !c.IssueDate.After(y.To()):
		t.xHolders[student], t.dualHolders[student] = true, true
	case e.Type == models.CertSkill && c.Result == models.ResultPass && !b.Date.After(y.To()):
		t.dualHolders[student] = true
	}
}

func figureResultLabel(r string) string {
	switch r {
	case models.ResultPass:
		return "通过"
	case models.ResultFail:
		return "未通过"
	case models.ResultAbsent:
		return "缺考"
	}
	return "待考"
}

type trainingRow struct {
	ID        bson.ObjectID `bson:"_id"`
	SchoolID  bson.ObjectID `bson:"schoolId"`
	TeacherID bson.ObjectID `bson:"teacherId"`
	EntryID   bson.ObjectID `bson:"entryId"`
	Event     string        `bson:"event"`
	StartDate models.Date   `bson:"startDate"`
	Role      string        `bson:"role"`
}

func (f *Figures) trainingFigure(ctx context.Context, s figures.Scope, entries map[bson.ObjectID]entryInfo, now time.Time) (figures.Figure, error) {
	var refs []figures.Ref
	proj := bson.D{{Key: "schoolId", Value: 1}, {Key: "teacherId", Value: 1}, {Key: "entryId", Value: 1}, {Key: "event", Value: 1}, {Key: "startDate", Value: 1}, {Key: "role", Value: 1}}
	err := streamProjected(ctx, f.trainings, figureScope(s), proj, func(r trainingRow) {
		if e, ok := entries[r.EntryID]; ok && e.Type == models.CertX && s.Year.Contains(r.StartDate) {
			refs = append(refs, figures.Ref{ID: r.ID.Hex(), Kind: "training", SchoolID: r.SchoolID, Date: r.StartDate.String(),
				Label: e.Name + " · " + r.Event, Person: r.TeacherID})
		}
	})
	return figures.Count(indTrainings, refs, now), err
}

func sortedLabels(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
