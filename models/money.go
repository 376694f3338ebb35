package models

import (
	"errors"
	"math"
	"strconv"
	"strings"
)

// MsgYuan is the Chinese message for an amount ParseYuan refuses.
const MsgYuan = "须为以元为单位的金额，最多两位小数，如3500或3500.50"

// errYuan is ParseYuan's refusal; callers show MsgYuan.
var errYuan = errors.New(MsgYuan)

// ParseYuan reads an amount in yuan as typed in a form or a spreadsheet ("3500",
// "3,500.50"), with at most two decimals, into fen (stack.md §3 rule 6: money
// is int64 fen, never a float in the store). An empty string is 0.
func ParseYuan(s string) (int64, error) {
	s = strings.ReplaceAll(strings.TrimSpace(s), ",", "")
	if s == "" {
		return 0, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || math.Abs(f) > 1e12 || math.Abs(f*100-math.Round(f*100)) > 1e-6 {
		return 0, errYuan
	}
	return int64(math.Round(f * 100)), nil
}
