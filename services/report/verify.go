package report

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
)

// Verification is the check of an exported workbook: the manifest rebuilt from
// the file's cells, its hash, the hash printed on the cover and the hash the
// system keeps for that snapshot. The file is unaltered when all three agree.
type Verification struct {
	SnapshotID   string `json:"snapshotId"`
	CoverHash    string `json:"coverHash"`
	ComputedHash string `json:"computedHash"`
	StoredHash   string `json:"storedHash,omitempty"` // "" when the snapshot is not one the caller may read
	State        string `json:"state,omitempty"`
	Valid        bool   `json:"valid"`
	Message      string `json:"message"`
}

// VerifyWorkbook rebuilds the manifest of an exported workbook and compares
// its hash with the cover's and with the stored snapshot's.
func (s *Service) VerifyWorkbook(ctx context.Context, r io.Reader) (*Verification, error) {
	if _, err := principal(ctx); err != nil {
		return nil, err
	}
	src, coverHash, snapID, err := ReadWorkbook(r)
	if err != nil {
		return nil, err
	}
	v := &Verification{SnapshotID: snapID, CoverHash: coverHash, ComputedHash: manifestHash(src)}
	if id, err := bson.ObjectIDFromHex(snapID); err == nil {
		snap, err := s.Get(ctx, id)
		switch {
		case err == nil:
			v.StoredHash, v.State = snap.Manifest, snap.State
		case !errors.Is(err, models.ErrNotFound) && !errors.Is(err, models.ErrForbidden):
			return nil, err
		}
	}
	v.Valid, v.Message = judge(v)
	return v, nil
}

func judge(v *Verification) (bool, string) {
	switch {
	case v.ComputedHash != v.CoverHash:
		return false, "文件内容与封面哈希不符：文件在导出后被修改过"
	case v.StoredHash == "":
		return false, "文件自洽，但系统中找不到该快照或您无权查看，无法与存档比对"
	case v.StoredHash != v.CoverHash:
		return false, "文件自洽，但与系统存档的哈希不符：封面哈希或内容被替换过"
	case v.State != models.SnapshotApproved:
		return true, "文件与系统存档一致；注意该快照尚未审定"
	}
	return true, "文件与系统存档一致，未被修改"
}

// ReadWorkbook reads an exported workbook back into what its manifest is built
// from, with the cover's hash and snapshot id. A file that is not such a
// workbook is a 422 on "file".
func ReadWorkbook(r io.Reader) (manifestSource, string, string, error) {
	bad := func(msg string) (manifestSource, string, string, error) {
		return manifestSource{}, "", "", models.Invalid("file", msg)
	}
	x, err := excelize.OpenReader(r, excelize.Options{UnzipSizeLimit: maxUnzip})
	if err != nil {
		return bad("文件不是可读取的Excel工作簿（.xlsx）")
	}
	defer x.Close()
	cover, err := readCover(x)
	if err != nil {
		return bad(err.Error())
	}
	snap := &models.Snapshot{SchoolName: cover[coverSchool]}
	if snap.SchoolID, err = bson.ObjectIDFromHex(cover[coverSchoolID]); err != nil {
		return bad("封面缺少学校编号")
	}
	snap.Year, _ = strconv.Atoi(cover[coverYear])
	snap.Revision, _ = strconv.Atoi(cover[coverRevision])
	if snap.DataAsOf, err = time.Parse(time.RFC3339Nano, cover[coverAsOf]); err != nil {
		return bad("封面的数据截至时间无法读取")
	}
	if snap.Figures, err = readDefinitions(x); err != nil {
		return bad(err.Error())
	}
	if err := readTables(x, snap.Figures); err != nil {
		return bad(err.Error())
	}
	src := manifestSource{Snapshot: snap, Records: map[string][]models.FrozenRef{}}
	for i, f := range snap.Figures {
		refs, err := readRecords(x, recordSheet(i), f.ID)
		if err != nil {
			return bad(err.Error())
		}
		src.Records[f.ID] = refs
	}
	return src, cover[coverHash], cover[coverSnapshot], nil
}

func rows(x *excelize.File, sheet string) ([][]string, error) {
	rs, err := x.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, fmt.Errorf("缺少工作表“%s”", sheet)
	}
	return rs, nil
}

func cell(r []string, i int) string {
	if i < len(r) {
		return r[i]
	}
	return ""
}

func readCover(x *excelize.File) (map[string]string, error) {
	rs, err := rows(x, sheetCover)
	if err != nil {
		return nil, err
	}
	m := map[string]string{}
	for _, r := range rs {
		m[cell(r, 0)] = cell(r, 1)
	}
	if m[coverHash] == "" {
		return nil, errors.New("封面缺少清单根哈希")
	}
	return m, nil
}

func readDefinitions(x *excelize.File) ([]models.FrozenFigure, error) {
	rs, err := rows(x, sheetDefinitions)
	if err != nil {
		return nil, err
	}
	var out []models.FrozenFigure
	for _, r := range rs[min(1, len(rs)):] {
		n, _ := strconv.Atoi(cell(r, 7))
		out = append(out, models.FrozenFigure{ID: cell(r, 0), LabelZH: cell(r, 1), LabelEN: cell(r, 2), Unit: cell(r, 3),
			Table: cell(r, 4), Definition: cell(r, 5), DefinitionVersion: cell(r, 6), RecordCount: n})
	}
	return out, nil
}

// readTables fills the figures' values, counts and parts from the table
// sheets, whichever table each figure is on.
func readTables(x *excelize.File, figs []models.FrozenFigure) error {
	at := map[string]*models.FrozenFigure{}
	tables := map[string]bool{}
	for i := range figs {
		at[figs[i].ID] = &figs[i]
		tables[figs[i].Table] = true
	}
	for t := range tables {
		rs, err := rows(x, t)
		if err != nil {
			return err
		}
		for _, r := range rs[min(2, len(rs)):] {
			f, ok := at[cell(r, 1)]
			if !ok {
				continue
			}
			switch cell(r, 0) {
			case rowFigure:
				f.FrozenValue = readValue(r, 6, 7, 8, 9)
				f.Prior = readValue(r, 5, 10, 11, 12)
			case rowPart:
				f.Parts = append(f.Parts, models.FrozenPart{Key: cell(r, 2), Label: strings.TrimPrefix(cell(r, 3), "　其中："), FrozenValue: readValue(r, 6, 7, 8, 9)})
			}
		}
	}
	return nil
}

func readValue(r []string, value, num, den, noData int) models.FrozenValue {
	v, _ := strconv.ParseFloat(cell(r, value), 64)
	n, _ := strconv.ParseInt(cell(r, num), 10, 64)
	d, _ := strconv.ParseInt(cell(r, den), 10, 64)
	return models.FrozenValue{Value: v, Numerator: n, Denominator: d, NoData: cell(r, noData) == "是"}
}

func readRecords(x *excelize.File, sheet, figure string) ([]models.FrozenRef, error) {
	rs, err := rows(x, sheet)
	if err != nil {
		return nil, err
	}
	if len(rs) == 0 || cell(rs[0], 1) != figure {
		return nil, fmt.Errorf("工作表“%s”不是指标%s的记录", sheet, figure)
	}
	var out []models.FrozenRef
	for _, r := range rs[min(2, len(rs)):] {
		ref := models.FrozenRef{Kind: cell(r, 1), ID: cell(r, 2), ParentID: cell(r, 3), InNumerator: cell(r, 4) == "是", Hash: cell(r, 8)}
		if p := cell(r, 5); p != "" {
			ref.Parts = strings.Split(p, ",")
		}
		out = append(out, ref)
	}
	return out, nil
}
