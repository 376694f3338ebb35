package report

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/audit"
	"github.com/chanjiao/chanjiao/services/figures"
	"github.com/chanjiao/chanjiao/services/metrics"
	"github.com/chanjiao/chanjiao/services/records"
	"github.com/chanjiao/chanjiao/services/schools"
	"github.com/chanjiao/chanjiao/services/scoped"
)

// ActionRefused is the audit action of an attempt to change an approved
// snapshot: refused, and kept on record.
const ActionRefused = "refused_change"

// Prepare freezes the school's report for a statistical year: the figures and
// the year before, the definitions, the records behind every figure with
// their hashes, and the manifest's root hash. Office users of the school only.
// A year with a snapshot waiting for approval gets 409; a year already
// approved takes a correction, which must say why.
func (s *Service) Prepare(ctx context.Context, in models.PrepareSnapshot) (_ *models.Snapshot, err error) {
	defer s.Metrics.ObserveReport(metrics.ReportPrepare, time.Now(), &err)
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	if !p.Role.IsOffice() {
		return nil, models.Forbidden("只有学校教务处人员可以生成年报快照")
	}
	school, err := s.schools.WriteSchool(ctx, p, in.SchoolID)
	if err != nil {
		return nil, err
	}
	year, reason, err := prepareInput(in)
	if err != nil {
		return nil, err
	}
	snap, err := s.nextRevision(ctx, school, year, reason)
	if err != nil {
		return nil, err
	}
	if records.IsDryRun(ctx) { // a refused body's dry run: the checks above are all it needs
		return nil, records.ErrDryRun
	}
	snap.Prepared = models.Signature{UserID: p.UserID, Username: p.Username, At: s.now().UTC().Truncate(time.Millisecond)}
	refs, err := s.freezeInto(ctx, snap)
	if err != nil {
		return nil, err
	}
	if err := s.write(ctx, snap, refs); err != nil {
		return nil, err
	}
	return snap, nil
}

func prepareInput(in models.PrepareSnapshot) (int, string, error) {
	var errs models.ValidationError
	year := 0
	switch {
	case in.Year == nil:
		errs.Add("year", "请指定统计学年（起始年份），如2025表示2025年9月1日至2026年8月31日")
	case *in.Year < 2000 || *in.Year > 2100:
		errs.Add("year", "统计学年须为2000至2100之间的起始年份")
	default:
		year = *in.Year
	}
	reason := ""
	if in.Reason != nil {
		reason = strings.TrimSpace(*in.Reason)
	}
	if len([]rune(reason)) > 500 {
		errs.Add("reason", "更正原因不能超过500个字")
	}
	return year, reason, errs.Err()
}

// nextRevision starts the school's next snapshot of year, after checking the
// earlier ones: none may be waiting for approval, and a correction of an
// approved one needs a reason.
func (s *Service) nextRevision(ctx context.Context, school bson.ObjectID, year int, reason string) (*models.Snapshot, error) {
	earlier, err := s.ofYear(ctx, school, year)
	if err != nil {
		return nil, err
	}
	snap := &models.Snapshot{SchoolID: school, Year: year, Revision: 1, State: models.SnapshotPrepared, Reason: reason}
	var approved *models.Snapshot
	for _, e := range earlier {
		snap.Revision = max(snap.Revision, e.Revision+1)
		switch {
		case e.State == models.SnapshotPrepared:
			return nil, models.NewConflict("year", fmt.Sprintf("该学年已有待审定的快照（第%d版），请先审定或退回", e.Revision))
		case e.State == models.SnapshotApproved && (approved == nil || e.Revision > approved.Revision):
			approved = e
		}
	}
	if approved != nil {
		if reason == "" {
			return nil, models.Invalid("reason", fmt.Sprintf("该学年已有审定的快照（第%d版）；生成更正版本须说明更正原因", approved.Revision))
		}
		snap.Supersedes = approved.ID
	}
	snap.Key = school.Hex() + "|" + strconv.Itoa(year) + "|" + strconv.Itoa(snap.Revision)
	names, err := s.schools.Names(ctx, []bson.ObjectID{school})
	if err != nil {
		return nil, err
	}
	snap.SchoolName = names[school]
	return snap, nil
}

// ofYear lists a school's snapshots of a year, without their figures.
func (s *Service) ofYear(ctx context.Context, school bson.ObjectID, year int) ([]*models.Snapshot, error) {
	var out []*models.Snapshot
	err := s.eachHead(ctx, bson.D{{Key: "schoolId", Value: school}, {Key: "year", Value: year}}, options.Find(), func(x models.Snapshot) {
		out = append(out, &x)
	})
	return out, err
}

// eachHead reads the snapshots matching filter without their figures.
func (s *Service) eachHead(ctx context.Context, filter bson.D, opts *options.FindOptionsBuilder, fn func(models.Snapshot)) error {
	cur, err := s.snaps.C.Find(ctx, filter, opts.SetProjection(bson.D{{Key: "figures", Value: 0}}))
	if err != nil {
		return fmt.Errorf("report: snapshots: %w", err)
	}
	defer cur.Close(ctx)
	for cur.Next(ctx) {
		var x models.Snapshot
		if err := cur.Decode(&x); err != nil {
			return fmt.Errorf("report: snapshots: %w", err)
		}
		fn(x)
	}
	return cur.Err()
}

// freezeInto computes the report into snap and returns the records behind each
// figure, hashed; the manifest's root goes into snap.
func (s *Service) freezeInto(ctx context.Context, snap *models.Snapshot) (map[string][]models.FrozenRef, error) {
	snap.DataAsOf = s.now().UTC().Truncate(time.Millisecond)
	cur, prior, err := s.compute(ctx, snap.SchoolID.Hex(), snap.Year)
	if err != nil {
		return nil, err
	}
	snap.Figures = freeze(cur, prior)
	refs := frozenRefs(cur)
	keys := keysOf(refs)
	states, err := s.hashRecords(ctx, keys)
	if err != nil {
		return nil, err
	}
	for _, rs := range refs {
		for i := range rs {
			rs[i].Hash = states[keyOf(rs[i])].Hash
		}
	}
	snap.RecordCount = len(keys)
	if !snap.Supersedes.IsZero() {
		if old, err := s.snaps.ByID(ctx, snap.Supersedes); err == nil {
			snap.Changed = changedFigures(old, snap)
		}
	}
	snap.Manifest = manifestHash(manifestSource{Snapshot: snap, Records: refs})
	return refs, nil
}

// frozenRefs lists, per figure, the records behind it in the order the figure
// gave them, each marked with the parts it falls in.
func frozenRefs(rep *figures.Report) map[string][]models.FrozenRef {
	out := make(map[string][]models.FrozenRef, len(rep.Figures))
	for _, f := range rep.Figures {
		var list []models.FrozenRef
		at := map[recordKey]int{}
		add := func(r figures.Ref, part string) {
			k := recordKey{r.Kind, r.ID, r.ParentID}
			i, ok := at[k]
			if !ok {
				i = len(list)
				at[k] = i
				list = append(list, models.FrozenRef{Kind: r.Kind, ID: r.ID, ParentID: r.ParentID, Date: r.Date, Label: r.Label, Person: r.Person})
			}
			if part == "" {
				list[i].InNumerator = list[i].InNumerator || r.InNumerator
			} else if n := len(list[i].Parts); n == 0 || list[i].Parts[n-1] != part {
				list[i].Parts = append(list[i].Parts, part)
			}
		}
		for _, r := range f.Records {
			add(r, "")
		}
		for _, pt := range f.Parts {
			for _, r := range pt.Records {
				add(r, pt.Key)
			}
		}
		out[f.ID] = list
	}
	return out
}

// changedFigures lists the figures whose value, counts or definition differ
// between an approved snapshot and its correction.
func changedFigures(old, cur *models.Snapshot) []string {
	var out []string
	for _, f := range cur.Figures {
		o, ok := old.Figure(f.ID)
		if !ok || o.FrozenValue != f.FrozenValue || o.DefinitionVersion != f.DefinitionVersion {
			out = append(out, f.ID)
		}
	}
	return out
}

// write stores the records first, under the snapshot's RecordsID, then the
// snapshot itself through the audited path; if the snapshot cannot be written
// (another preparer took the revision), its records go again.
func (s *Service) write(ctx context.Context, snap *models.Snapshot, refs map[string][]models.FrozenRef) error {
	snap.RecordsID = bson.NewObjectID()
	for _, f := range snap.Figures {
		doc := models.SnapshotRecords{ID: bson.NewObjectID(), RecordsID: snap.RecordsID, SchoolID: snap.SchoolID, FigureID: f.ID, Refs: refs[f.ID]}
		if doc.Refs == nil {
			doc.Refs = []models.FrozenRef{}
		}
		if err := s.refs.InsertOne(ctx, doc); err != nil {
			s.dropRecords(ctx, snap.RecordsID)
			return fmt.Errorf("report: snapshot records: %w", err)
		}
	}
	if err := s.snaps.Insert(ctx, snap); err != nil {
		s.dropRecords(ctx, snap.RecordsID)
		return err
	}
	return nil
}

func (s *Service) dropRecords(ctx context.Context, recordsID bson.ObjectID) {
	if _, err := s.refs.DeleteMany(context.WithoutCancel(ctx), bson.D{{Key: "recordsId", Value: recordsID}}); err != nil {
		models.LoggerFrom(ctx).Error("snapshot records left behind", "recordsId", recordsID.Hex(), "err", err)
	}
}

// Approve signs a prepared snapshot off: an office_admin of its school who did
// not prepare it. From then on it never changes.
func (s *Service) Approve(ctx context.Context, id bson.ObjectID, d models.SnapshotDecision) (*models.Snapshot, error) {
	return s.decide(ctx, id, d, "approve", func(after *models.Snapshot, sig models.Signature) error {
		ok, err := s.intact(ctx, after)
		if err != nil {
			return err
		}
		if !ok {
			return models.NewConflict("manifest", "快照内容与其清单哈希不符，不能审定；请退回后重新生成")
		}
		after.State, after.Approved = models.SnapshotApproved, &sig
		return nil
	})
}

// Return sends a prepared snapshot back with a comment; the office prepares a
// new one.
func (s *Service) Return(ctx context.Context, id bson.ObjectID, d models.SnapshotDecision) (*models.Snapshot, error) {
	return s.decide(ctx, id, d, "return", func(after *models.Snapshot, sig models.Signature) error {
		if strings.TrimSpace(sig.Comment) == "" {
			return models.Invalid("comment", "退回须填写意见")
		}
		after.State, after.Returned = models.SnapshotReturned, &sig
		return nil
	})
}

func (s *Service) decide(ctx context.Context, id bson.ObjectID, d models.SnapshotDecision, attempt string, apply func(*models.Snapshot, models.Signature) error) (*models.Snapshot, error) {
	p, before, err := scoped.Readable(ctx, s.snaps, id)
	if err != nil {
		return nil, err
	}
	if p.Role != models.RoleOfficeAdmin || !p.CanWriteSchool(before.SchoolID) {
		return nil, models.Forbidden("只有本校教务处管理员可以审定或退回年报快照")
	}
	if before.State == models.SnapshotApproved {
		return nil, s.refuse(ctx, before, attempt)
	}
	if before.State != models.SnapshotPrepared {
		return nil, models.NewConflict("state", "快照已退回，不能再审定或退回；请重新生成")
	}
	if p.UserID == before.Prepared.UserID {
		return nil, models.Forbidden("快照须由生成人以外的另一位教务处管理员审定或退回")
	}
	sig := models.Signature{UserID: p.UserID, Username: p.Username, At: s.now().UTC().Truncate(time.Millisecond)}
	if d.Comment != nil {
		sig.Comment = strings.TrimSpace(*d.Comment)
	}
	var errs models.ValidationError
	if len([]rune(sig.Comment)) > 500 {
		errs.Add("comment", "意见不能超过500个字")
	}
	after := *before
	if err := models.MergeValidation(errs.Err(), records.CheckVersion(d.Version), apply(&after, sig)); err != nil {
		return nil, err
	}
	if err := s.snaps.Replace(ctx, before, &after, *d.Version); err != nil {
		return nil, err
	}
	return &after, nil
}

// refuse logs an attempt to change an approved snapshot and says no.
func (s *Service) refuse(ctx context.Context, snap *models.Snapshot, attempt string) error {
	ev := audit.Event{Entity: "snapshot", EntityID: snap.ID, SchoolID: snap.SchoolID, Action: ActionRefused,
		After: map[string]string{"attempt": attempt, "state": snap.State}}
	if err := s.audit.Record(ctx, ev); err != nil {
		return err
	}
	when := ""
	if snap.Approved != nil {
		when = "于" + snap.Approved.At.In(models.China).Format("2006-01-02 15:04") + "由" + snap.Approved.Username
	}
	return models.NewConflict("state", "该快照已"+when+"审定，不能再更改；如需更正，请生成新版本并说明原因")
}

// Delete removes a snapshot that was not approved (a draft or one sent back),
// with its records. An approved one is refused, and the attempt logged.
func (s *Service) Delete(ctx context.Context, id bson.ObjectID) error {
	snap, err := scoped.Writable(ctx, s.snaps, id)
	if err != nil {
		return err
	}
	if snap.State == models.SnapshotApproved {
		return s.refuse(ctx, snap, "delete")
	}
	if err := s.snaps.Delete(ctx, snap); err != nil {
		return err
	}
	s.dropRecords(ctx, snap.RecordsID)
	return nil
}

// Get returns a snapshot the caller may read: office users and the system
// admin any of their schools', auditors only approved ones.
func (s *Service) Get(ctx context.Context, id bson.ObjectID) (*models.Snapshot, error) {
	p, snap, err := scoped.Readable(ctx, s.snaps, id)
	if err != nil {
		return nil, err
	}
	if p.Role == models.RoleAuditor && snap.State != models.SnapshotApproved {
		return nil, models.ErrNotFound
	}
	return snap, nil
}

// List lists the snapshots the caller may read, newest year and revision
// first, without their figures.
func (s *Service) List(ctx context.Context, f models.SnapshotFilter) (models.Page[models.Snapshot], error) {
	p, filter, err := schools.ListFilter(ctx, f.SchoolID)
	if err != nil {
		return models.Page[models.Snapshot]{}, err
	}
	if f.Year != 0 {
		filter = append(filter, bson.E{Key: "year", Value: f.Year})
	}
	if p.Role == models.RoleAuditor {
		f.State = models.SnapshotApproved
	}
	if f.State != "" {
		filter = append(filter, bson.E{Key: "state", Value: f.State})
	}
	f.Normalize()
	total, err := s.snaps.C.Count(ctx, filter)
	if err != nil {
		return models.Page[models.Snapshot]{}, fmt.Errorf("report: snapshots: %w", err)
	}
	opts := options.Find().SetSort(bson.D{{Key: "year", Value: -1}, {Key: "revision", Value: -1}}).
		SetSkip(int64((f.Page - 1) * f.PageSize)).SetLimit(int64(f.PageSize))
	page := models.Page[models.Snapshot]{Items: []models.Snapshot{}, Total: total, Page: f.Page, PageSize: f.PageSize}
	err = s.eachHead(ctx, filter, opts, func(x models.Snapshot) { page.Items = append(page.Items, x) })
	return page, err
}

// Frozen is a snapshot laid out in the bureau's tables, as it was frozen.
func (s *Service) Frozen(ctx context.Context, id bson.ObjectID) (*models.Snapshot, *Annual, error) {
	snap, err := s.Get(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	return snap, layout(snap.Year, []bson.ObjectID{snap.SchoolID}, snap.DataAsOf, snap.Figures), nil
}

// records reads the frozen records of a snapshot, per figure (only figure
// when given).
func (s *Service) records(ctx context.Context, snap *models.Snapshot, figure string) (map[string][]models.FrozenRef, error) {
	filter := bson.D{{Key: "recordsId", Value: snap.RecordsID}}
	if figure != "" {
		filter = append(filter, bson.E{Key: "figureId", Value: figure})
	}
	cur, err := s.refs.Find(ctx, filter)
	if err != nil {
		return nil, fmt.Errorf("report: snapshot records: %w", err)
	}
	defer cur.Close(ctx)
	out := map[string][]models.FrozenRef{}
	for cur.Next(ctx) {
		var doc models.SnapshotRecords
		if err := cur.Decode(&doc); err != nil {
			return nil, fmt.Errorf("report: snapshot records: %w", err)
		}
		out[doc.FigureID] = doc.Refs
	}
	return out, cur.Err()
}

// intact recomputes a stored snapshot's manifest from what is stored and says
// whether it still gives the recorded root hash.
func (s *Service) intact(ctx context.Context, snap *models.Snapshot) (bool, error) {
	refs, err := s.records(ctx, snap, "")
	if err != nil {
		return false, err
	}
	return manifestHash(manifestSource{Snapshot: snap, Records: refs}) == snap.Manifest, nil
}
