package sheets

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/chanjiao/chanjiao/models"
)

// msgTextFormat asks the user to re-enter a code Excel has turned into a number:
// Excel keeps 15 significant digits, so the lost digits cannot be recovered here.
const msgTextFormat = "请将该列设置为文本格式后重新填写"

// msgDate is the service's own message for a bad date (models.parseRequiredDate).
const msgDate = "日期须为有效日期，格式为YYYY-MM-DD"

// scientific matches a number Excel wrote in E notation, e.g. 1.1010519491231E+17.
var scientific = regexp.MustCompile(`^[+-]?\d+(\.\d+)?[eE][+-]?\d+$`)

// dateLayouts are the text forms of a date accepted besides YYYY-MM-DD.
// The last three are ISO date cells (t="d") and date-times typed as text.
var dateLayouts = []string{models.DateLayout, "2006-1-2", "2006/1/2", "2006.1.2", "2006年1月2日",
	time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05"}

// convert reads one raw cell (excelize's RawCellValue: text as typed, numbers and
// dates as stored) for column c. It returns the value for the *Fields map, a
// string or an int, or a Chinese message when the cell cannot be read.
func convert(c Column, raw string, date1904 bool) (any, string) {
	v := strings.TrimSpace(raw)
	switch c.Type {
	case TypeInt:
		return convertInt(c, v)
	case TypeDate:
		return convertDate(v, date1904)
	case TypeEnum:
		return convertEnum(c, v)
	case TypeBool:
		b, msg := convertEnum(c, v)
		return b == "true", msg
	case TypeDecimal:
		return convertDecimal(c, v)
	case TypeMoney:
		return convertMoney(c, v)
	case TypeList:
		return splitList(v), ""
	}
	if c.AsText && scientific.MatchString(v) {
		return nil, msgTextFormat
	}
	if c.upper {
		v = strings.ToUpper(v)
		if lostDigits(c, v) {
			return nil, msgTextFormat
		}
	}
	return v, ""
}

// convertInt reads a whole number; an empty cell is 0, which the services read as
// "not given" (a required number then gets the service's own message).
func convertInt(c Column, v string) (any, string) {
	if v == "" {
		return 0, ""
	}
	if n, err := strconv.Atoi(v); err == nil {
		return n, ""
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f != math.Trunc(f) || math.Abs(f) > 1e9 {
		return nil, c.Header + "须为整数"
	}
	return int(f), ""
}

// convertDecimal reads a number that may have decimals; an empty cell is 0.
func convertDecimal(c Column, v string) (any, string) {
	if v == "" {
		return 0.0, ""
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) { // no NaN or Inf reaches the store (stack.md §3 rule 6)
		return nil, c.Header + "须为数字，如7.5"
	}
	return f, ""
}

// convertMoney reads an amount in yuan into fen; an empty cell is 0.
func convertMoney(c Column, v string) (any, string) {
	fen, err := models.ParseYuan(v)
	switch {
	case err != nil:
		return nil, c.Header + models.MsgYuan
	case fen < 0:
		return nil, c.Header + "不能为负数"
	}
	return fen, ""
}

// convertDate accepts YYYY-MM-DD and a few common text forms, and a date cell,
// which Excel stores as a serial day number.
func convertDate(v string, date1904 bool) (any, string) {
	if v == "" {
		return "", ""
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, v); err == nil {
			return t.Format(models.DateLayout), ""
		}
	}
	serial, err := strconv.ParseFloat(v, 64)
	if err != nil || serial < 1 || serial > 2958465 { // 2958465 is 9999-12-31
		return nil, msgDate
	}
	t, err := excelize.ExcelDateToTime(serial, date1904)
	if err != nil {
		return nil, msgDate
	}
	return t.Format(models.DateLayout), ""
}

// convertEnum maps a Chinese label to its API value; the API value itself is
// accepted too, so an export of the API's data reads back.
func convertEnum(c Column, v string) (any, string) {
	if v == "" {
		return "", ""
	}
	for _, o := range c.Options {
		if v == o.Label || strings.EqualFold(v, o.Value) {
			return o.Value, ""
		}
	}
	return nil, c.Header + "须为以下之一：" + c.Allowed()
}

// splitList reads "初级,中级" (or with ，、 or ; between) into its non-empty
// items; the service says which items it accepts.
func splitList(v string) []string {
	out := []string{}
	for _, item := range strings.FieldsFunc(v, func(r rune) bool { return strings.ContainsRune(",，、;；", r) }) {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

// label is the Chinese label of an enum value, or the value itself when unknown.
func label(c Column, value string) string {
	for _, o := range c.Options {
		if o.Value == value {
			return o.Label
		}
	}
	return value
}

// lostDigits reports an ID number or credit code that Excel stored as a number:
// 16 or more digits whose digits after the 15th are all zeros, and which fails
// its check character. A valid code is never reported.
func lostDigits(c Column, v string) bool {
	if len(v) < 16 || !allDigits(v) || strings.Trim(v[15:], "0") != "" {
		return false
	}
	if len(v) != 18 {
		return true
	}
	if c.Field == "idNumber" {
		return models.IDNumberCheckChar(v[:17]) != v[17]
	}
	return models.CheckCreditCode(v) != ""
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// cell returns cells[i], or "" when the row is shorter or the column is absent.
func cell(cells []string, i int) string {
	if i < 0 || i >= len(cells) {
		return ""
	}
	return cells[i]
}

// blank reports a row with no content at all.
func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}
