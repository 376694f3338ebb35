package report

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
)

// The workbook a snapshot is exported as: a cover with the manifest's root
// hash, one sheet per bureau table (previous and current year side by side,
// each figure's counts and breakdown rows), a sheet of definitions, and one
// sheet of records per figure. Every value the manifest covers is written as
// a plain cell so that ReadWorkbook can rebuild the manifest from the file.
const (
	sheetCover       = "封面"
	sheetDefinitions = "指标定义"
	maxUnzip         = 512 << 20
)

// Row kinds in a table sheet.
const (
	rowFigure  = "指标"
	rowPart    = "分项"
	rowMissing = "未计算"
)

// Cover labels, read back by ReadWorkbook.
const (
	coverSnapshot = "快照编号"
	coverSchoolID = "学校编号"
	coverSchool   = "学校"
	coverYear     = "统计学年（起始年份）"
	coverRevision = "版本"
	coverAsOf     = "数据截至（UTC）"
	coverHash     = "清单根哈希（SHA-256）"
)

var tableHeader = []any{"类型", "指标编号", "分项键", "指标", "单位", "上一学年", "本学年", "本学年分子", "本学年分母", "本学年无数据",
	"上一学年分子", "上一学年分母", "上一学年无数据", "说明"}

var recordHeader = []any{"序号", "记录类型", "记录编号", "所属记录", "计入分子", "分项", "日期", "说明", "记录哈希（SHA-256）"}

// Workbook writes snapshot id as an .xlsx workbook for the caller: record
// labels are pseudonymised for auditors as on the pages.
func (s *Service) Workbook(ctx context.Context, id bson.ObjectID, w io.Writer) (*models.Snapshot, error) {
	snap, a, err := s.Frozen(ctx, id)
	if err != nil {
		return nil, err
	}
	refs, err := s.records(ctx, snap, "")
	if err != nil {
		return nil, err
	}
	var all []models.FrozenRef
	for _, f := range snap.Figures {
		all = append(all, refs[f.ID]...)
	}
	if all, err = s.present(ctx, snap, all); err != nil {
		return nil, err
	}
	for _, f := range snap.Figures { // present kept the order: split it back per figure
		n := len(refs[f.ID])
		refs[f.ID], all = all[:n], all[n:]
	}
	x := excelize.NewFile()
	defer x.Close()
	if err := writeWorkbook(x, snap, a, refs); err != nil {
		return nil, fmt.Errorf("report: workbook: %w", err)
	}
	return snap, x.Write(w)
}

func writeWorkbook(x *excelize.File, snap *models.Snapshot, a *Annual, refs map[string][]models.FrozenRef) error {
	if err := x.SetSheetName("Sheet1", sheetCover); err != nil {
		return err
	}
	if err := writeCover(x, snap); err != nil {
		return err
	}
	for _, t := range a.Tables {
		if err := writeTable(x, a, t); err != nil {
			return err
		}
	}
	if err := writeDefinitions(x, snap); err != nil {
		return err
	}
	for i, f := range snap.Figures {
		if err := writeRecords(x, recordSheet(i), f, refs[f.ID]); err != nil {
			return err
		}
	}
	return nil
}

func recordSheet(i int) string { return fmt.Sprintf("记录%02d", i+1) }

func writeCover(x *excelize.File, snap *models.Snapshot) error {
	state := models.SnapshotStateLabel(snap.State)
	rows := [][]any{
		{"产教融合年度数据报告（冻结快照）"},
		{coverSchool, snap.SchoolName},
		{coverSchoolID, snap.SchoolID.Hex()},
		{coverYear, snap.Year},
		{"统计学年", models.StatYear{Start: snap.Year}.Label()},
		{coverRevision, snap.Revision},
		{coverSnapshot, snap.ID.Hex()},
		{"状态", state},
		{coverAsOf, snap.DataAsOf.UTC().Format(time.RFC3339Nano)},
		{"生成人", snap.Prepared.Username + " " + snap.Prepared.At.In(models.China).Format("2006-01-02 15:04")},
		{"审定人", signed(snap.Approved)},
		{"记录数", snap.RecordCount},
		{coverHash, snap.Manifest},
		{"核验方法", "将本文件上传至系统“年报快照 → 核验文件”或 POST /api/v1/snapshots/verify：系统按各表、“指标定义”和各记录表重建清单并计算SHA-256，与本页哈希及系统存档比对。"},
	}
	if snap.Reason != "" {
		rows = append(rows, []any{"更正原因", snap.Reason})
	}
	for i, r := range rows {
		if err := x.SetSheetRow(sheetCover, "A"+strconv.Itoa(i+1), &r); err != nil {
			return err
		}
	}
	return x.SetColWidth(sheetCover, "A", "A", 24)
}

func signed(s *models.Signature) string {
	if s == nil {
		return "（未审定）"
	}
	return s.Username + " " + s.At.In(models.China).Format("2006-01-02 15:04")
}

func writeTable(x *excelize.File, a *Annual, t Table) error {
	if _, err := x.NewSheet(t.Name); err != nil {
		return err
	}
	title := []any{t.Name + " · " + a.YearLabel + "（上一学年：" + a.PriorLabel + "）"}
	if err := x.SetSheetRow(t.Name, "A1", &title); err != nil {
		return err
	}
	if err := x.SetSheetRow(t.Name, "A2", &tableHeader); err != nil {
		return err
	}
	n := 3
	put := func(r []any) error {
		err := x.SetSheetRow(t.Name, "A"+strconv.Itoa(n), &r)
		n++
		return err
	}
	for _, f := range t.Rows {
		if err := put(figureRow(f)); err != nil {
			return err
		}
		for _, p := range f.Parts {
			if err := put([]any{rowPart, f.ID, p.Key, "　其中：" + p.Label, f.Unit, nil, p.Value, p.Numerator, p.Denominator, yes(p.NoData)}); err != nil {
				return err
			}
		}
	}
	for _, m := range t.Missing {
		if err := put([]any{rowMissing, m.ID, nil, m.LabelZH, m.Unit, nil, nil, nil, nil, nil, nil, nil, nil, "未计算：" + m.Reason}); err != nil {
			return err
		}
	}
	_ = x.SetColWidth(t.Name, "D", "D", 40)
	return x.SetColWidth(t.Name, "N", "N", 40)
}

func figureRow(f models.FrozenFigure) []any {
	note := ""
	if f.NoData {
		note = "本学年无数据（分母为0）"
	}
	return []any{rowFigure, f.ID, nil, f.LabelZH, f.Unit, f.Prior.Value, f.Value, f.Numerator, f.Denominator, yes(f.NoData),
		f.Prior.Numerator, f.Prior.Denominator, yes(f.Prior.NoData), note}
}

func yes(b bool) any {
	if b {
		return "是"
	}
	return nil
}

func writeDefinitions(x *excelize.File, snap *models.Snapshot) error {
	if _, err := x.NewSheet(sheetDefinitions); err != nil {
		return err
	}
	head := []any{"指标编号", "指标", "英文", "单位", "所属表", "定义", "定义版本", "记录数", "记录表"}
	if err := x.SetSheetRow(sheetDefinitions, "A1", &head); err != nil {
		return err
	}
	for i, f := range snap.Figures {
		r := []any{f.ID, f.LabelZH, f.LabelEN, f.Unit, f.Table, f.Definition, f.DefinitionVersion, f.RecordCount, recordSheet(i)}
		if err := x.SetSheetRow(sheetDefinitions, "A"+strconv.Itoa(i+2), &r); err != nil {
			return err
		}
	}
	return x.SetColWidth(sheetDefinitions, "F", "F", 80)
}

func writeRecords(x *excelize.File, sheet string, f models.FrozenFigure, refs []models.FrozenRef) error {
	if _, err := x.NewSheet(sheet); err != nil {
		return err
	}
	sw, err := x.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	if err := sw.SetRow("A1", []any{"指标编号", f.ID, f.LabelZH}); err != nil {
		return err
	}
	if err := sw.SetRow("A2", recordHeader); err != nil {
		return err
	}
	for i, r := range refs {
		in := "否"
		if r.InNumerator {
			in = "是"
		}
		row := []any{i + 1, r.Kind, r.ID, r.ParentID, in, strings.Join(r.Parts, ","), r.Date, r.Label, r.Hash}
		if err := sw.SetRow("A"+strconv.Itoa(i+3), row); err != nil {
			return err
		}
	}
	return sw.Flush()
}
