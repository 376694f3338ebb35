package report

import (
	"context"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
)

// Record changes since a snapshot.
const (
	ChangeCreated   = "created"   // 新建：快照后新建并计入
	ChangeEdited    = "edited"    // 修改：快照后被修改
	ChangeDeleted   = "deleted"   // 删除：快照后被删除
	ChangeCounted   = "counted"   // 新计入：快照时已存在、现在才计入
	ChangeUncounted = "uncounted" // 不再计入：记录未改，但不再计入
)

// ChangeLabel is a record change in Chinese.
func ChangeLabel(c string) string {
	return map[string]string{ChangeCreated: "新建", ChangeEdited: "修改", ChangeDeleted: "删除",
		ChangeCounted: "新计入", ChangeUncounted: "不再计入"}[c]
}

// DriftRecord is one record behind a figure that changed since the snapshot.
type DriftRecord struct {
	models.FrozenRef
	Change string `json:"change"`
}

// FigureDrift compares one frozen figure with the same figure computed now.
type FigureDrift struct {
	ID                string             `json:"id"`
	LabelZH           string             `json:"labelZh"`
	Unit              string             `json:"unit"`
	Table             string             `json:"table"`
	Frozen            models.FrozenValue `json:"frozen"`
	Now               models.FrozenValue `json:"now"`
	Drifted           bool               `json:"drifted"` // value or counts differ
	DefinitionChanged bool               `json:"definitionChanged"`
	Changes           map[string]int     `json:"changes"` // change -> records
	Records           []DriftRecord      `json:"records"`
}

// Drift is a snapshot recomputed from today's records: every figure whose
// value moved or whose records changed. The snapshot itself is not touched.
type Drift struct {
	SnapshotID bson.ObjectID `json:"snapshotId"`
	Year       int           `json:"year"`
	Revision   int           `json:"revision"`
	DataAsOf   time.Time     `json:"dataAsOf"`
	ComputedAt time.Time     `json:"computedAt"`
	// Intact says the stored snapshot still gives its manifest's root hash.
	Intact    bool          `json:"intact"`
	Figures   []FigureDrift `json:"figures"`
	Drifted   int           `json:"drifted"`   // figures whose value moved
	Unchanged int           `json:"unchanged"` // figures with neither drift nor changed records
}

// Drift recomputes snapshot id from today's records.
func (s *Service) Drift(ctx context.Context, id bson.ObjectID) (*Drift, error) {
	snap, err := s.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	frozen, err := s.records(ctx, snap, "")
	if err != nil {
		return nil, err
	}
	d := &Drift{SnapshotID: snap.ID, Year: snap.Year, Revision: snap.Revision, DataAsOf: snap.DataAsOf, ComputedAt: s.now().UTC(),
		Intact: manifestHash(manifestSource{Snapshot: snap, Records: frozen}) == snap.Manifest}
	rep, err := s.figures.Compute(ctx, snap.SchoolID.Hex(), snap.Year)
	if err != nil {
		return nil, err
	}
	now := frozenRefs(rep)
	states, err := s.hashRecords(ctx, keysOf(frozen, now))
	if err != nil {
		return nil, err
	}
	nowFigs := map[string]models.FrozenFigure{}
	for _, f := range freeze(rep, rep) {
		nowFigs[f.ID] = f
	}
	for _, f := range snap.Figures {
		fd, err := s.figureDrift(ctx, snap, f, nowFigs[f.ID], frozen[f.ID], now[f.ID], states)
		if err != nil {
			return nil, err
		}
		if fd.Drifted {
			d.Drifted++
		}
		if !fd.Drifted && !fd.DefinitionChanged && len(fd.Records) == 0 {
			d.Unchanged++
			continue
		}
		d.Figures = append(d.Figures, fd)
	}
	return d, nil
}

func (s *Service) figureDrift(ctx context.Context, snap *models.Snapshot, f, cur models.FrozenFigure, frozen, now []models.FrozenRef, states map[recordKey]recordState) (FigureDrift, error) {
	fd := FigureDrift{ID: f.ID, LabelZH: f.LabelZH, Unit: f.Unit, Table: f.Table, Frozen: f.FrozenValue, Now: cur.FrozenValue,
		Drifted: f.FrozenValue != cur.FrozenValue, DefinitionChanged: cur.DefinitionVersion != "" && cur.DefinitionVersion != f.DefinitionVersion,
		Changes: map[string]int{}}
	nowAt := map[recordKey]bool{}
	for _, r := range now {
		nowAt[keyOf(r)] = true
	}
	thenAt := map[recordKey]bool{}
	var changed []DriftRecord
	for _, r := range frozen {
		k := keyOf(r)
		thenAt[k] = true
		if c := changeOfFrozen(r, k, nowAt[k], states); c != "" {
			changed = append(changed, DriftRecord{FrozenRef: r, Change: c})
		}
	}
	asOf := bson.NewDateTimeFromTime(snap.DataAsOf)
	for _, r := range now {
		k := keyOf(r)
		if thenAt[k] {
			continue
		}
		c := ChangeCounted
		if st, ok := states[k]; ok && st.Created > asOf {
			c = ChangeCreated
		}
		changed = append(changed, DriftRecord{FrozenRef: r, Change: c})
	}
	if len(changed) == 0 {
		return fd, nil
	}
	refs := make([]models.FrozenRef, len(changed))
	for i, c := range changed {
		refs[i] = c.FrozenRef
		fd.Changes[c.Change]++
	}
	refs, err := s.present(ctx, snap, refs)
	if err != nil {
		return fd, err
	}
	for i := range changed {
		changed[i].FrozenRef = refs[i]
	}
	fd.Records = changed
	return fd, nil
}

// changeOfFrozen is what became of a record a snapshot counted ("": nothing).
func changeOfFrozen(r models.FrozenRef, k recordKey, stillCounted bool, states map[recordKey]recordState) string {
	_, stored := refCollections[r.Kind]
	st, exists := states[k]
	switch {
	case stored && !exists:
		return ChangeDeleted
	case stored && st.Hash != r.Hash:
		return ChangeEdited
	case !stillCounted:
		return ChangeUncounted
	}
	return ""
}
