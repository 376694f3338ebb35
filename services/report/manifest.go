package report

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/chanjiao/chanjiao/models"
)

// The manifest is a plain text, one fact per line, that the SHA-256 root hash
// is taken over: the snapshot's identity and time, every figure with its
// counts, previous year and definition, every breakdown row, and every record
// behind every figure with the record's own hash. Everything in it is also in
// the exported workbook, so anyone holding the workbook can rebuild the text
// and check the hash (Verify); nothing in it names a person.
const manifestHeader = "chanjiao-snapshot-manifest v1"

// manifestSource is what the manifest is built from: a stored snapshot with
// its records, or the same read back from a workbook.
type manifestSource struct {
	Snapshot *models.Snapshot
	Records  map[string][]models.FrozenRef // figure id -> records
}

// writeManifest writes the manifest text of src to w.
func writeManifest(w io.Writer, src manifestSource) error {
	s := src.Snapshot
	line := func(fields ...string) error {
		_, err := io.WriteString(w, strings.Join(fields, "\t")+"\n")
		return err
	}
	head := [][]string{
		{manifestHeader},
		{"school", s.SchoolID.Hex(), clean(s.SchoolName)},
		{"year", strconv.Itoa(s.Year)},
		{"revision", strconv.Itoa(s.Revision)},
		{"asOf", s.DataAsOf.UTC().Format(time.RFC3339Nano)},
	}
	for _, h := range head {
		if err := line(h...); err != nil {
			return err
		}
	}
	for _, f := range s.Figures {
		if err := writeFigure(line, f, src.Records[f.ID]); err != nil {
			return err
		}
	}
	return nil
}

func writeFigure(line func(...string) error, f models.FrozenFigure, refs []models.FrozenRef) error {
	if err := line(append([]string{"figure", f.ID, f.DefinitionVersion, clean(f.Unit)}, append(values(f.FrozenValue), values(f.Prior)...)...)...); err != nil {
		return err
	}
	if err := line("definition", f.ID, clean(f.Definition)); err != nil {
		return err
	}
	for _, p := range f.Parts {
		if err := line(append([]string{"part", f.ID, clean(p.Key)}, values(p.FrozenValue)...)...); err != nil {
			return err
		}
	}
	for _, r := range refs {
		if err := line("record", f.ID, r.Kind, r.ID, r.ParentID, flag(r.InNumerator), strings.Join(r.Parts, ","), r.Hash); err != nil {
			return err
		}
	}
	return nil
}

// values is a value and its counts as the manifest writes them: the shortest
// decimal that reads back as the same float, so that a value read back from
// a workbook writes the same text.
func values(v models.FrozenValue) []string {
	return []string{strconv.FormatFloat(v.Value, 'f', -1, 64), strconv.FormatInt(v.Numerator, 10),
		strconv.FormatInt(v.Denominator, 10), flag(v.NoData)}
}

func flag(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

// clean keeps a text on one line of one field.
func clean(s string) string {
	return strings.NewReplacer("\t", " ", "\n", " ", "\r", " ").Replace(s)
}

// manifestHash is the SHA-256 root over src's manifest, in hex.
func manifestHash(src manifestSource) string {
	h := sha256.New()
	_ = writeManifest(h, src) // a hash.Hash never fails to write
	return hex.EncodeToString(h.Sum(nil))
}
