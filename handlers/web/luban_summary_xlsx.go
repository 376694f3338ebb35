package web

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"
)

// summaryXLSX writes the summary as an .xlsx: sheet 汇总 with the workshop,
// the year and the totals by type, sheet 活动 with the activities; every
// header in Chinese and the partner's language.
func summaryXLSX(v *summaryView) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", v.L["summarySheet"].ZH); err != nil {
		return nil, fmt.Errorf("web: summary xlsx: %w", err)
	}
	if _, err := f.NewSheet(v.L["activitySheet"].ZH); err != nil {
		return nil, fmt.Errorf("web: summary xlsx: %w", err)
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return nil, fmt.Errorf("web: summary xlsx: %w", err)
	}
	for _, s := range []struct {
		name   string
		rows   [][]any
		header int // row number of the bold header
		widths []float64
	}{
		{v.L["summarySheet"].ZH, summaryRows(v), len(summaryInfo(v)) + 2, []float64{36, 14, 14, 16, 14, 16}},
		{v.L["activitySheet"].ZH, activityRows(v), 1, []float64{12, 12, 30, 40, 12, 14, 12, 14, 40}},
	} {
		for i, r := range s.rows {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := f.SetSheetRow(s.name, cell, &r); err != nil {
				return nil, fmt.Errorf("web: summary xlsx: %w", err)
			}
		}
		for i, w := range s.widths {
			col, _ := excelize.ColumnNumberToName(i + 1)
			if err := f.SetColWidth(s.name, col, col, w); err != nil {
				return nil, fmt.Errorf("web: summary xlsx: %w", err)
			}
		}
		if err := f.SetRowStyle(s.name, s.header, s.header, bold); err != nil {
			return nil, fmt.Errorf("web: summary xlsx: %w", err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, fmt.Errorf("web: summary xlsx: %w", err)
	}
	return buf.Bytes(), nil
}

// summaryInfo are the label–value rows above the totals.
func summaryInfo(v *summaryView) [][]any {
	var chinese []string
	for _, c := range v.Chinese {
		chinese = append(chinese, c.Name+"（"+c.Role.String()+"）")
	}
	return [][]any{
		{v.L["title"].String()},
		{v.L["workshop"].String(), strings.Join(v.Names, " / ")},
		{v.L["country"].String(), v.Country.String()},
		{v.L["host"].String(), strings.Join(v.Hosts, "；")},
		{v.L["chinese"].String(), strings.Join(chinese, "；")},
		{v.L["status"].String(), v.Status.String()},
		{v.L["year"].String(), v.YearLabel},
		{v.L["period"].String(), v.From + " — " + v.To},
	}
}

func summaryRows(v *summaryView) [][]any {
	rows := append(summaryInfo(v), []any{}, []any{v.L["type"].String(), v.L["count"].String(), v.L["persons"].String(),
		v.L["personDays"].String(), v.L["items"].String(), v.L["value"].String()})
	for _, l := range append(v.Lines, v.Total) {
		rows = append(rows, []any{l.Type.String(), l.Activities, l.Persons, l.PersonDays, l.Items, float64(l.ValueFen) / 100})
	}
	return append(rows, []any{}, []any{v.L["note"].String()})
}

func activityRows(v *summaryView) [][]any {
	rows := [][]any{{v.L["dates"].String(), "", v.L["type"].String(), v.L["activity"].String(), v.L["persons"].String(),
		v.L["personDays"].String(), v.L["items"].String(), v.L["value"].String(), v.L["teachers"].String()}}
	for _, a := range v.Activities {
		rows = append(rows, []any{a.From, a.To, a.Type.String(), a.Title, a.Persons, a.PersonDays, a.Items,
			float64(a.ValueFen) / 100, strings.Join(a.Teachers, "；")})
	}
	return rows
}
