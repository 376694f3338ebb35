package cohorts

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/figures"
	"github.com/chanjiao/chanjiao/services/people"
	"github.com/chanjiao/chanjiao/services/store"
)

// The apprenticeship and order-class indicators (domain.md §8).
var (
	indOrderStudents = figures.Indicator{ID: "order_student_count", LabelZH: "订单培养人数", LabelEN: "order-class students", Unit: figures.UnitPersons, Table: "产教融合",
		Definition: "在班时间（加入日期至离开日期，未离开的至今）与统计学年有交集的订单班成员人数，按学生去重；按订单班分列（分列数即统计学年内有学生的订单班数）"}
	indOrderHired = figures.Indicator{ID: "order_hired_count", LabelZH: "订单班录用人数", LabelEN: "order graduates hired", Unit: figures.UnitPersons, Table: "产教融合",
		Definition: "毕业日期在统计学年内、且登记为订单班录用的毕业生人数，按学生去重；分列为各订单班（录用率 = 录用人数 ÷ 该班本学年毕业的成员人数）"}
	indApprentices = figures.Indicator{ID: "apprentice_student_count", LabelZH: "现代学徒制学生数", LabelEN: "apprentices", Unit: figures.UnitPersons, Table: "产教融合",
		Definition: "合同期间（开始日期至结束日期；解除的合同至解除日期）与统计学年有交集的学徒合同的学生人数，按学生去重；按学徒制项目分列（分列数即项目数）"}
	indMasterRatio = figures.Indicator{ID: "apprentice_master_ratio", LabelZH: "师徒比", LabelEN: "apprentices per master", Unit: "人/人", Table: "产教融合",
		Definition: "现代学徒制学生数 ÷ 这些合同中的企业师傅人数（同一企业内姓名相同的师傅计1人），保留一位小数；分子、分母见记录"}
)

// Figures computes the apprenticeship and order-class indicators from one
// projected pass over contracts and one over order classes.
type Figures struct {
	programmes *store.Collection
	contracts  *store.Collection
	classes    *store.Collection
	people     *people.Service // graduates, through its figures helper
	now        func() time.Time
}

// NewFigures returns the cohorts figures source.
func NewFigures(st *store.Store, pp *people.Service, now func() time.Time) *Figures {
	return &Figures{programmes: st.Collection(store.Programmes), contracts: st.Collection(store.Contracts), classes: st.Collection(store.OrderClasses), people: pp, now: now}
}

// Indicators lists the cohorts indicators.
func (f *Figures) Indicators() []figures.Indicator {
	return []figures.Indicator{indOrderStudents, indOrderHired, indApprentices, indMasterRatio}
}

// Compute computes every cohorts figure for s.
func (f *Figures) Compute(ctx context.Context, s figures.Scope) ([]figures.Figure, error) {
	now := f.now().UTC()
	classes, err := f.classesIn(ctx, s)
	if err != nil {
		return nil, err
	}
	hired, err := f.hiredFigure(ctx, s, classes, now)
	if err != nil {
		return nil, err
	}
	contracts, err := f.contractsIn(ctx, s)
	if err != nil {
		return nil, err
	}
	names, err := f.programmeNames(ctx, s)
	if err != nil {
		return nil, err
	}
	apprentices := apprenticeFigure(contracts, names, now)
	return []figures.Figure{orderFigure(classes, s.Year, now), hired, apprentices, masterRatio(contracts, apprentices, now)}, nil
}

// Partners lists the enterprises with an order-class member or an
// apprenticeship contract in the year, for 合作企业数.
func (f *Figures) Partners(ctx context.Context, s figures.Scope) ([]figures.Partner, error) {
	var out []figures.Partner
	classes, err := f.classesIn(ctx, s)
	if err != nil {
		return nil, err
	}
	for _, o := range classes {
		for _, m := range o.Members {
			if m.Overlaps(s.Year.From(), s.Year.To()) {
				out = append(out, figures.Partner{EnterpriseID: o.EnterpriseID, Ref: classRef(&o, m.JoinedAt, "订单班")})
				break
			}
		}
	}
	contracts, err := f.contractsIn(ctx, s)
	if err != nil {
		return nil, err
	}
	for _, c := range contracts {
		r := contractRef(&c)
		r.Person, r.Name = bson.ObjectID{}, ""
		out = append(out, figures.Partner{EnterpriseID: c.EnterpriseID, Ref: r})
	}
	return out, nil
}

// classesIn reads the scope's order classes, members and hires included.
func (f *Figures) classesIn(ctx context.Context, s figures.Scope) ([]models.OrderClass, error) {
	var out []models.OrderClass
	err := each(ctx, f.classes, scopeFilter(s), func(o *models.OrderClass) { out = append(out, *o) })
	return out, err
}

// contractsIn reads the scope's contracts whose period overlaps the year, ordered
// by start (then id) so that "first" is stable.
func (f *Figures) contractsIn(ctx context.Context, s figures.Scope) ([]models.Contract, error) {
	filter := append(scopeFilter(s),
		bson.E{Key: "startDate", Value: bson.D{{Key: "$lte", Value: s.Year.To()}}},
		bson.E{Key: "endDate", Value: bson.D{{Key: "$gte", Value: s.Year.From()}}})
	var out []models.Contract
	err := each(ctx, f.contracts, filter, func(c *models.Contract) {
		if !c.LastDay().Before(s.Year.From()) { // a contract terminated before the year did not run in it
			out = append(out, *c)
		}
	})
	slices.SortFunc(out, func(a, b models.Contract) int {
		if c := a.StartDate.Time().Compare(b.StartDate.Time()); c != 0 {
			return c
		}
		return strings.Compare(a.ID.Hex(), b.ID.Hex())
	})
	return out, err
}

// programmeNames names the scope's programmes as lists show them.
func (f *Figures) programmeNames(ctx context.Context, s figures.Scope) (map[bson.ObjectID]string, error) {
	out := map[bson.ObjectID]string{}
	err := each(ctx, f.programmes, scopeFilter(s), func(pr *models.Programme) { out[pr.ID] = ProgrammeLabel(pr) })
	return out, err
}

func scopeFilter(s figures.Scope) bson.D {
	if s.SchoolIDs == nil {
		return bson.D{}
	}
	return bson.D{{Key: "schoolId", Value: bson.D{{Key: "$in", Value: s.SchoolIDs}}}}
}

// each streams the documents of c matching filter.
func each[T any](ctx context.Context, c *store.Collection, filter bson.D, fn func(*T)) error {
	cur, err := c.Find(ctx, filter)
	if err != nil {
		return fmt.Errorf("cohorts: figures: %w", err)
	}
	defer cur.Close(ctx)
	for cur.Next(ctx) {
		var t T
		if err := cur.Decode(&t); err != nil {
			return fmt.Errorf("cohorts: figures: %w", err)
		}
		fn(&t)
	}
	return cur.Err()
}

func classRef(o *models.OrderClass, on models.Date, what string) figures.Ref {
	return figures.Ref{ID: o.ID.Hex(), Kind: "order_class", SchoolID: o.SchoolID, Date: on.String(),
		Label: what + " " + o.Name + " · " + o.EnterpriseName}
}

func contractRef(c *models.Contract) figures.Ref {
	return figures.Ref{ID: c.ID.Hex(), Kind: "contract", SchoolID: c.SchoolID, Date: c.StartDate.String(),
		Label: "学徒合同 " + c.Doc + " · 师傅 " + c.MasterName, Person: c.StudentID, Name: c.Student.StudentNo + " " + c.Student.Name}
}

// orderFigure counts each member in the year once, the first membership found
// standing for the student, with a part per class.
func orderFigure(classes []models.OrderClass, y models.StatYear, now time.Time) figures.Figure {
	seen := map[bson.ObjectID]bool{}
	var refs []figures.Ref
	var parts []figures.Part
	for i := range classes {
		o := &classes[i]
		var in []figures.Ref
		inClass := map[bson.ObjectID]bool{}
		for _, m := range o.Members {
			if !m.Overlaps(y.From(), y.To()) || inClass[m.StudentID] {
				continue
			}
			inClass[m.StudentID] = true
			r := classRef(o, m.JoinedAt, "订单班")
			r.Person, r.Name = m.StudentID, m.Student.StudentNo+" "+m.Student.Name
			in = append(in, r)
			if !seen[m.StudentID] {
				seen[m.StudentID] = true
				refs = append(refs, r)
			}
		}
		if len(in) > 0 {
			parts = append(parts, figures.PartCount(o.ID.Hex(), o.Name+"（"+o.EnterpriseName+"）", in))
		}
	}
	fig := figures.Count(indOrderStudents, refs, now)
	fig.Parts = parts
	return fig
}

// hiredFigure counts the year's graduates an order class hired, with a part per
// class giving the hire rate among that class's graduating members.
func (f *Figures) hiredFigure(ctx context.Context, s figures.Scope, classes []models.OrderClass, now time.Time) (figures.Figure, error) {
	graduated := map[bson.ObjectID]bool{}
	err := f.people.EachGraduate(ctx, s.SchoolIDs, s.Year, func(g people.Graduate) { graduated[g.ID] = true })
	if err != nil {
		return figures.Figure{}, err
	}
	seen := map[bson.ObjectID]bool{}
	var refs []figures.Ref
	var parts []figures.Part
	for i := range classes {
		o := &classes[i]
		var members int64
		counted := map[bson.ObjectID]bool{}
		for _, m := range o.Members {
			if graduated[m.StudentID] && !counted[m.StudentID] {
				counted[m.StudentID] = true
				members++
			}
		}
		var in []figures.Ref
		for _, h := range o.Hires {
			if !graduated[h.StudentID] {
				continue
			}
			r := classRef(o, h.HiredAt, "订单班录用")
			r.Person, r.Name = h.StudentID, h.Student.StudentNo+" "+h.Student.Name
			in = append(in, r)
			if !seen[h.StudentID] {
				seen[h.StudentID] = true
				refs = append(refs, r)
			}
		}
		if members > 0 {
			parts = append(parts, figures.PartRate(o.ID.Hex(), o.Name+"（"+o.EnterpriseName+"）录用率", int64(len(in)), members, in))
		}
	}
	fig := figures.Count(indOrderHired, refs, now)
	fig.Parts = parts
	return fig, nil
}

// apprenticeFigure counts each apprentice once, by the first contract, with a
// part per programme.
func apprenticeFigure(contracts []models.Contract, names map[bson.ObjectID]string, now time.Time) figures.Figure {
	seen := map[bson.ObjectID]bool{}
	var refs []figures.Ref
	byProgramme := map[bson.ObjectID][]figures.Ref{}
	var order []bson.ObjectID
	for i := range contracts {
		c := &contracts[i]
		r := contractRef(c)
		if _, ok := byProgramme[c.ProgrammeID]; !ok {
			order = append(order, c.ProgrammeID)
		}
		byProgramme[c.ProgrammeID] = append(byProgramme[c.ProgrammeID], r)
		if !seen[c.StudentID] {
			seen[c.StudentID] = true
			refs = append(refs, r)
		}
	}
	fig := figures.Count(indApprentices, refs, now)
	for _, id := range order {
		fig.Parts = append(fig.Parts, figures.PartCount(id.Hex(), names[id], byProgramme[id]))
	}
	return fig
}

// masterRatio is apprentices per distinct master (enterprise and name).
func masterRatio(contracts []models.Contract, apprentices figures.Figure, now time.Time) figures.Figure {
	masters := map[string]bool{}
	for _, c := range contracts {
		masters[c.EnterpriseID.Hex()+"|"+c.MasterName] = true
	}
	fig := figures.Figure{Indicator: indMasterRatio, Numerator: apprentices.Numerator, Denominator: int64(len(masters)),
		Records: apprentices.Records, RecordCount: apprentices.RecordCount, AsOf: now}
	if fig.Denominator == 0 {
		fig.NoData = true
		return fig
	}
	n, d := fig.Numerator, fig.Denominator
	fig.Value = float64(n*10/d+(n*10%d*2/d)) / 10
	return fig
}
