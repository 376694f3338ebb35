package placements

import (
	"context"
	"crypto/sha256"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/figures"
	"github.com/chanjiao/chanjiao/services/records"
	"github.com/chanjiao/chanjiao/services/rules"
)

// unitPersonDays is 人日: persons × days.
const unitPersonDays = "人日"

// activatedBasis is the part every definition shares: which placements count.
const activatedBasis = "已生效（进行中、暂停、已完成或已终止；草稿不计）且实习期间（开始日期至实际结束日期，未结束的至计划结束日期）与统计学年有交集的"

// The placement indicators, from domain.md §8 (the last two are the office's own).
var (
	indCoopEnterprises = figures.Indicator{ID: "coop_enterprise_count", LabelZH: "合作企业数", LabelEN: "partner enterprises", Unit: figures.UnitCount, Table: "产教融合",
		Definition: "统计学年内有" + activatedBasis + "实习（认识实习或岗位实习）、在班成员与统计学年有交集的订单班、或合同期间与统计学年有交集的学徒合同的企业数；" +
			"按企业去重（同一企业接收两所学校的学生、或既有实习又有订单班，均计1个）；记录为每家企业最先找到的一条"}
	indInternStudents = figures.Indicator{ID: "intern_student_count", LabelZH: "接收实习学生数", LabelEN: "interns", Unit: figures.UnitPersons, Table: "产教融合",
		Definition: "企业接收的岗位实习学生人数：" + activatedBasis + "岗位实习的学生，按学生去重；按企业分列（同一学生先后在两家企业实习，在各企业各计1人、合计中计1人）"}
	indPositionStudents = figures.Indicator{ID: "position_student_count", LabelZH: "岗位实习人数", LabelEN: "on-post interns", Unit: figures.UnitPersons, Table: "产教融合",
		Definition: "有" + activatedBasis + "岗位实习（含原跟岗、顶岗实习）的学生人数，按学生去重"}
	indCognitiveStudents = figures.Indicator{ID: "cognitive_student_count", LabelZH: "认识实习人数", LabelEN: "observation interns", Unit: figures.UnitPersons, Table: "产教融合",
		Definition: "有" + activatedBasis + "认识实习的学生人数，按学生去重；按企业分列（同一学生先后在两家企业认识实习，在各企业各计1人、合计中计1人）"}
	indPersonDays = figures.Indicator{ID: "intern_person_days", LabelZH: "实习人日", LabelEN: "internship person-days", Unit: unitPersonDays, Table: "产教融合",
		Definition: "已生效实习中经企业确认（或教务处代为登记）的周出勤天数之和，按周起始日（星期一）落在统计学年内计；未确认的周不计；按岗位实习、认识实习分列（岗位实习人日见分列）"}
	indMentors = figures.Indicator{ID: "enterprise_mentor_count", LabelZH: "企业指导人员数", LabelEN: "enterprise mentors", Unit: figures.UnitPersons, Table: "产教融合",
		Definition: activatedBasis + "实习中登记的企业指导人员人数：同一企业内姓名相同的视为同一人，登记了不同电话的视为不同的人（未登记电话的并入同名者）；不同企业分别计"}
	indActivatedWithWarnings = figures.Indicator{ID: "placements_activated_with_warnings", LabelZH: "带警示启用的实习数", LabelEN: "activated with warnings", Unit: figures.UnitCount, Table: "内部管理",
		Definition: "生效日期（据以生效的核对时间，北京时间）在统计学年内、生效时有警告项（已填写理由）的实习数"}
	indStoppedForRule = figures.Indicator{ID: "placements_stopped_for_rule", LabelZH: "因违规中止的实习数", LabelEN: "stopped for a rule", Unit: figures.UnitCount, Table: "内部管理",
		Definition: "暂停或终止日期在统计学年内、且登记了所违反规则编号的实习数，按规则分列；以当前状态为准：暂停后已恢复的实习不再计入"}
	indFindingsByRule = figures.Indicator{ID: "placement_findings_by_rule", LabelZH: "有合规问题的实习数（按规则）", LabelEN: "placements with findings, by rule", Unit: figures.UnitCount,
		Table: "内部管理", Definition: activatedBasis + "实习中，最近一次规则核对仍有阻止项或警告项（含已填写理由后接受的警告）的实习数，与实习页面所示合规状态一致；" +
			"提示项不计；按规则编号分列（一条实习有几条规则的问题，在各规则下各计1个、合计中计1个）"}
)

// FigureOptions are the parameters of the placement figures.
type FigureOptions struct {
	// RelatedCountsAsMatched counts posts recorded as 相近 in the numerator of
	// the match rate (domain.md §8: configurable; off by default).
	RelatedCountsAsMatched bool
	// Partners are the other areas whose records make an enterprise a partner
	// (合作企业数) besides placements.
	Partners []figures.PartnerSource
}

// Figures computes the placement indicators from one streamed, projected pass
// over the placements collection; what is kept is one small fact per activated
// placement.
type Figures struct {
	digests *records.Digest[Placement, *Placement]
	opts    FigureOptions
	now     func() time.Time
}

// NewFigures returns the placement figures source, reading the digests svc
// keeps.
func NewFigures(svc *Service, opts FigureOptions, now func() time.Time) *Figures {
	return &Figures{digests: svc.repo.Digest, opts: opts, now: now}
}

// Indicators lists the placement indicators.
func (f *Figures) Indicators() []figures.Indicator {
	return []figures.Indicator{indCoopEnterprises, indInternStudents, indPositionStudents, indCognitiveStudents, indPersonDays,
		f.matchRate(), indMentors, indActivatedWithWarnings, indStoppedForRule, indFindingsByRule}
}

// matchRate is the match-rate indicator, its definition saying how 相近 counts.
func (f *Figures) matchRate() figures.Indicator {
	related := "专业相近的不计入分子（本系统当前设置）"
	if f.opts.RelatedCountsAsMatched {
		related = "专业相近的计入分子（本系统当前设置）"
	}
	return figures.Indicator{ID: "intern_match_rate", LabelZH: "实习对口率", LabelEN: "match rate", Unit: figures.UnitPercent, Table: "产教融合",
		Definition: "岗位与专业对口的岗位实习数 ÷ " + activatedBasis + "岗位实习数 × 100%（按实习计，不按学生去重）；" +
			related + "；未填写对口情况的计入分母"}
}

// fact is one activated placement as the figures keep it for a year.
type fact struct {
	ref           figures.Ref // the placement, dated by its start
	kind          string
	match         string
	enterpriseID  bson.ObjectID
	enterprise    string
	mentor, phone string
	start         models.Date
	overlaps      bool        // its period overlaps the year
	weeks, days   int         // confirmed weeks starting in the year, and their days
	activatedOn   models.Date // the verdict's date, when in the year
	warnings      int
	stoppedOn     models.Date // a stop with a rule, when in the year
	stop, ruleID  string
	openRules     []string // the rules with a Block or Warn finding in the latest check
}

// Compute computes every placement figure for s.
func (f *Figures) Compute(ctx context.Context, s figures.Scope) ([]figures.Figure, error) {
	facts, err := f.facts(ctx, s)
	if err != nil {
		return nil, err
	}
	now := f.now().UTC()
	var overlapping []fact
	for _, x := range facts {
		if x.overlaps {
			overlapping = append(overlapping, x)
		}
	}
	coop, err := f.partners(ctx, s, overlapping, now)
	if err != nil {
		return nil, err
	}
	out := []figures.Figure{coop}
	out = append(out, studentFigures(overlapping, now)...)
	out = append(out, personDays(facts, now), f.matchFigure(overlapping, now))
	return append(out, mentorFigure(overlapping, now), activatedFigure(facts, now), stoppedFigure(facts, now), findingsFigure(overlapping, now)), nil
}

// partners counts the enterprises with a placement in the year, then those the
// other areas name, each once, by its first record.
func (f *Figures) partners(ctx context.Context, s figures.Scope, overlapping []fact, now time.Time) (figures.Figure, error) {
	refs := firstPer(overlapping, nil, func(x fact) string { return x.enterpriseID.Hex() })
	seen := map[bson.ObjectID]bool{}
	for _, x := range overlapping {
		seen[x.enterpriseID] = true
	}
	for _, src := range f.opts.Partners {
		ps, err := src(ctx, s)
		if err != nil {
			return figures.Figure{}, err
		}
		for _, p := range ps {
			if !seen[p.EnterpriseID] {
				seen[p.EnterpriseID] = true
				refs = append(refs, p.Ref)
			}
		}
	}
	return figures.Count(indCoopEnterprises, refs, now), nil
}

// facts streams the scope's activated placements, keeping what the year needs
// of each, ordered by start date (then id) so that "first" is stable.
func (f *Figures) facts(ctx context.Context, s figures.Scope) ([]fact, error) {
	filter := bson.D{{Key: "status", Value: bson.D{{Key: "$in", Value: counted}}}}
	if s.SchoolIDs != nil {
		filter = append(filter, bson.E{Key: "schoolId", Value: bson.D{{Key: "$in", Value: s.SchoolIDs}}})
	}
	cur, err := f.digests.Find(ctx, filter)
	if err != nil {
		return nil, fmt.Errorf("placements: figures: %w", err)
	}
	defer cur.Close(ctx)
	var out []fact
	for cur.Next(ctx) {
		var r digest
		if err := cur.Decode(&r); err != nil {
			return nil, fmt.Errorf("placements: figures: %w", err)
		}
		if x := r.fact(s.Year); x.overlaps || x.weeks > 0 || !x.activatedOn.IsZero() || !x.stoppedOn.IsZero() {
			out = append(out, x)
		}
	}
	if err := cur.Err(); err != nil {
		return nil, fmt.Errorf("placements: figures: %w", err)
	}
	slices.SortFunc(out, func(a, b fact) int {
		if c := a.start.Time().Compare(b.start.Time()); c != 0 {
			return c
		}
		return strings.Compare(a.ref.ID, b.ref.ID)
	})
	return out, nil
}

// fact reduces a row to what year y needs of it.
func (r *digest) fact(y models.StatYear) fact {
	x := fact{kind: r.Kind, match: r.Post.Match, enterpriseID: r.EnterpriseID, enterprise: r.EnterpriseName,
		mentor: strings.TrimSpace(r.Mentors.Name), phone: strings.TrimSpace(r.Mentors.Phone), start: r.StartDate,
		overlaps: !r.StartDate.After(y.To()) && !r.EndDate.Before(y.From()), openRules: r.OpenRules}
	x.ref = figures.Ref{ID: r.ID.Hex(), Kind: "placement", SchoolID: r.SchoolID, Date: r.StartDate.String(),
		Label: r.EnterpriseName + " · " + kindName(r.Kind) + " · " + r.Post.Name, Person: r.StudentID, Name: r.Student.StudentNo + " " + r.Student.Name}
	for _, t := range r.Weeks {
		if t.Year == y.Start {
			x.weeks, x.days = t.Weeks, t.Days
		}
	}
	if at := r.ActivatedAt; !at.IsZero() && y.Contains(models.DateOf(at.In(models.China))) {
		x.activatedOn, x.warnings = models.DateOf(at.In(models.China)), r.Warnings
	}
	if st := r.Stop; st != nil && st.RuleID != "" && y.Contains(models.DateOf(st.At.In(models.China))) {
		x.stoppedOn, x.stop, x.ruleID = models.DateOf(st.At.In(models.China)), st.Status, st.RuleID
	}
	return x
}

// kindName is a placement kind in Chinese (legacy kinds are stored as 岗位实习).
func kindName(kind string) string {
	if kind == models.PlacementCognitive {
		return "认识实习"
	}
	return "岗位实习"
}

// firstPer keeps, of the facts keep accepts (all when nil), the first per key.
func firstPer(facts []fact, keep func(fact) bool, key func(fact) string) []figures.Ref {
	seen := map[string]bool{}
	var out []figures.Ref
	for _, x := range facts {
		if keep != nil && !keep(x) {
			continue
		}
		if k := key(x); !seen[k] {
			seen[k] = true
			out = append(out, x.ref)
		}
	}
	return out
}

// students keeps each student's first placement of those keep accepts.
func students(facts []fact, keep func(fact) bool) []figures.Ref {
	return firstPer(facts, keep, func(x fact) string { return x.ref.Person.Hex() })
}

func isPosition(x fact) bool { return x.kind == models.PlacementPosition }

// studentFigures are the head counts: interns in total and per enterprise, and
// students per kind, 认识实习 also per enterprise.
func studentFigures(facts []fact, now time.Time) []figures.Figure {
	isCognitive := func(x fact) bool { return x.kind == models.PlacementCognitive }
	interns := figures.Count(indInternStudents, students(facts, isPosition), now)
	interns.Parts = perEnterprise(facts, isPosition)
	cognitive := figures.Count(indCognitiveStudents, students(facts, isCognitive), now)
	cognitive.Parts = perEnterprise(facts, isCognitive)
	return []figures.Figure{interns, figures.Count(indPositionStudents, students(facts, isPosition), now), cognitive}
}

// perEnterprise counts the students of the facts keep accepts per enterprise
// (keyed by its id, ordered by name), each enterprise's part holding the first
// placement of each of its students.
func perEnterprise(facts []fact, keep func(fact) bool) []figures.Part {
	names := map[bson.ObjectID]string{}
	var ents []bson.ObjectID
	for _, x := range facts {
		if _, ok := names[x.enterpriseID]; !ok && keep(x) {
			names[x.enterpriseID] = x.enterprise
			ents = append(ents, x.enterpriseID)
		}
	}
	slices.SortFunc(ents, func(a, b bson.ObjectID) int {
		if c := strings.Compare(names[a], names[b]); c != 0 {
			return c
		}
		return strings.Compare(a.Hex(), b.Hex())
	})
	var out []figures.Part
	for _, e := range ents {
		refs := students(facts, func(x fact) bool { return keep(x) && x.enterpriseID == e })
		out = append(out, figures.PartCount(e.Hex(), names[e], refs))
	}
	return out
}

// personDays sums the confirmed days of weeks starting in the year, with one
// record per placement (its label giving its weeks and days), by kind.
func personDays(facts []fact, now time.Time) figures.Figure {
	fig := figures.Figure{Indicator: indPersonDays, AsOf: now}
	byKind := map[string]*figures.Part{}
	for _, x := range facts {
		if x.weeks == 0 {
			continue
		}
		r := x.ref
		r.Label += " · 已确认" + strconv.Itoa(x.weeks) + "周" + strconv.Itoa(x.days) + "天"
		fig.Records = append(fig.Records, r)
		fig.Numerator += int64(x.days)
		p := byKind[x.kind]
		if p == nil {
			p = &figures.Part{Key: x.kind, Label: kindName(x.kind)}
			byKind[x.kind] = p
		}
		p.Records = append(p.Records, r)
		p.Numerator += int64(x.days)
		p.Value = float64(p.Numerator)
	}
	for _, k := range []string{models.PlacementPosition, models.PlacementCognitive} {
		if p := byKind[k]; p != nil {
			fig.Parts = append(fig.Parts, *p)
		}
	}
	fig.Value, fig.RecordCount = float64(fig.Numerator), len(fig.Records)
	return fig
}

// matchFigure is the match rate over the year's 岗位实习, the records marking
// those whose post matches.
func (f *Figures) matchFigure(facts []fact, now time.Time) figures.Figure {
	var refs []figures.Ref
	var num int64
	for _, x := range facts {
		if !isPosition(x) {
			continue
		}
		r := x.ref
		r.InNumerator = x.match == models.MatchMatched || (f.opts.RelatedCountsAsMatched && x.match == models.MatchRelated)
		r.Label += " · " + matchName(x.match)
		if r.InNumerator {
			num++
		}
		refs = append(refs, r)
	}
	return figures.Rate(f.matchRate(), num, int64(len(refs)), refs, now)
}

func matchName(m string) string {
	switch m {
	case models.MatchMatched:
		return "对口"
	case models.MatchRelated:
		return "相近"
	case models.MatchUnmatched:
		return "不对口"
	}
	return "未填写对口情况"
}

// mentorFigure counts the enterprise mentors: one per enterprise and name,
// or per phone when different phones were recorded for the name. A mentor's
// record is the first placement naming them; its person is a stand-in derived
// from the enterprise, name and phone (mentors have no record of their own), so
// that auditors see a stable pseudonym and office users the name.
func mentorFigure(facts []fact, now time.Time) figures.Figure {
	type group struct {
		phones  []string
		byPhone map[string]figures.Ref
	}
	groups := map[string]*group{}
	var order []string
	for _, x := range facts {
		if x.mentor == "" {
			continue
		}
		k := x.enterpriseID.Hex() + "|" + x.mentor
		g := groups[k]
		if g == nil {
			g = &group{byPhone: map[string]figures.Ref{}}
			groups[k] = g
			order = append(order, k)
		}
		if _, ok := g.byPhone[x.phone]; !ok {
			r := x.ref
			r.Person, r.Name = mentorPerson(k+"|"+x.phone), strings.TrimSpace(x.mentor+" "+x.phone)
			g.byPhone[x.phone] = r
			g.phones = append(g.phones, x.phone)
		}
	}
	var refs []figures.Ref
	for _, k := range order {
		g := groups[k]
		for _, ph := range g.phones {
			if ph != "" || len(g.phones) == 1 {
				refs = append(refs, g.byPhone[ph])
			}
		}
	}
	return figures.Count(indMentors, refs, now)
}

// mentorPerson is a stable stand-in id for an enterprise mentor.
func mentorPerson(key string) bson.ObjectID {
	sum := sha256.Sum256([]byte("chanjiao-enterprise-mentor|" + key))
	var id bson.ObjectID
	copy(id[:], sum[:len(id)])
	return id
}

// activatedFigure counts the placements activated in the year on a check with
// Warn findings.
func activatedFigure(facts []fact, now time.Time) figures.Figure {
	var refs []figures.Ref
	for _, x := range facts {
		if x.activatedOn.IsZero() || x.warnings == 0 {
			continue
		}
		r := x.ref
		r.Date, r.Label = x.activatedOn.String(), r.Label+" · 生效时警告"+strconv.Itoa(x.warnings)+"项"
		refs = append(refs, r)
	}
	return figures.Count(indActivatedWithWarnings, refs, now)
}

// stoppedFigure counts the placements suspended or terminated in the year for
// a rule, by rule.
func stoppedFigure(facts []fact, now time.Time) figures.Figure {
	var refs []figures.Ref
	byRule := map[string][]figures.Ref{}
	for _, x := range facts {
		if x.stoppedOn.IsZero() {
			continue
		}
		r := x.ref
		r.Date, r.Label = x.stoppedOn.String(), r.Label+" · "+statusName(x.stop)+" · "+x.ruleID
		refs = append(refs, r)
		byRule[x.ruleID] = append(byRule[x.ruleID], r)
	}
	fig := figures.Count(indStoppedForRule, refs, now)
	fig.Parts = ruleParts(byRule)
	return fig
}

// findingsFigure counts the year's placements whose latest check has open
// findings, by rule.
func findingsFigure(facts []fact, now time.Time) figures.Figure {
	var refs []figures.Ref
	byRule := map[string][]figures.Ref{}
	for _, x := range facts {
		if len(x.openRules) == 0 {
			continue
		}
		r := x.ref
		r.Label += " · " + strings.Join(x.openRules, "、")
		refs = append(refs, r)
		for _, id := range x.openRules {
			byRule[id] = append(byRule[id], r)
		}
	}
	fig := figures.Count(indFindingsByRule, refs, now)
	fig.Parts = ruleParts(byRule)
	return fig
}

// ruleParts are the parts of a figure by rule, in rule id order, each labelled
// with the rule's title.
func ruleParts(byRule map[string][]figures.Ref) []figures.Part {
	ids := make([]string, 0, len(byRule))
	for id := range byRule {
		ids = append(ids, id)
	}
	slices.Sort(ids) // INT-01 … INT-27: the ids are zero-padded
	var out []figures.Part
	for _, id := range ids {
		label := id
		if rule, ok := rules.ByID(id); ok {
			label += " " + rule.Title
		}
		out = append(out, figures.PartCount(id, label, byRule[id]))
	}
	return out
}
