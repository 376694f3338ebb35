package rules

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
)

// Parameter kinds.
const (
	KindInt    = "int"    // a whole number
	KindNumber = "number" // any number
	KindBool   = "bool"
	KindList   = "list" // strings
	KindTime   = "time" // "HH:MM"
)

// ParamSpec describes one parameter of the rules: its key in a rule set, what
// it means, its kind, range, default (domain.md §5) and confidence tag.
type ParamSpec struct {
	Key      string
	Label    string // Chinese
	Unit     string
	Kind     string
	Default  any // float64, bool, string or []string
	Min, Max float64
	Rules    []string
	Tag      string // [C], [P] or [U], domain.md §0
}

// minorPosts are the kinds of work 《未成年工特殊保护规定》 (劳部发〔1994〕498号)
// Art. 3 forbids for workers under 18, shortened to category names. The list is
// data: a new rule set can change it.
var minorPosts = []string{
	"接尘作业", "有毒作业", "高处作业", "冷水作业", "高温作业", "低温作业", "四级体力劳动强度作业",
	"矿山井下作业", "矿山地面采石作业", "伐木流放守林作业", "放射性作业", "易燃易爆及烧伤危险作业",
	"野外地质勘探作业", "潜水涵洞及高原作业", "重负重作业", "凿岩捣固等振动工具作业",
	"强迫体位高频流水线作业", "锅炉司炉",
}

// femalePosts are the kinds of work 《女职工劳动保护特别规定》 (2012) appendix,
// item 1, forbids for all women.
var femalePosts = []string{"矿山井下作业", "四级体力劳动强度作业", "重负重作业"}

// Specs lists every parameter, in the order the rule-set page shows them.
var Specs = []ParamSpec{
	{Key: "minAge", Label: "实习最低年龄", Unit: "周岁", Kind: KindInt, Default: 16.0, Min: 10, Max: 30, Rules: []string{"INT-02"}, Tag: "[C]"},
	{Key: "minorAge", Label: "未成年人年龄上限", Unit: "周岁", Kind: KindInt, Default: 18.0, Min: 10, Max: 30, Rules: []string{"INT-03", "INT-18"}, Tag: "[C]"},
	{Key: "minorProhibitedPosts", Label: "未成年人禁忌岗位类别", Kind: KindList, Default: minorPosts, Rules: []string{"INT-03"}, Tag: "[C]"},
	{Key: "femaleProhibitedPosts", Label: "女性禁忌岗位类别", Kind: KindList, Default: femalePosts, Rules: []string{"INT-04"}, Tag: "[C]"},
	{Key: "entertainmentVenues", Label: "娱乐性场所类别", Kind: KindList, Default: []string{"酒吧", "歌舞娱乐场所（KTV）", "洗浴中心", "电子游戏厅", "网吧"}, Rules: []string{"INT-05"}, Tag: "[C]"},
	{Key: "maxLabourClass", Label: "最高体力劳动强度等级", Unit: "级", Kind: KindInt, Default: 2.0, Min: 1, Max: 4, Rules: []string{"INT-07"}, Tag: "[C]"},
	{Key: "includeRestDays", Label: "休息日工作按节假日处理", Kind: KindBool, Default: false, Rules: []string{"INT-09"}, Tag: "[U]"},
	{Key: "nightStart", Label: "夜班开始时间", Kind: KindTime, Default: "22:00", Rules: []string{"INT-10"}, Tag: "[U]"},
	{Key: "nightEnd", Label: "夜班结束时间", Kind: KindTime, Default: "06:00", Rules: []string{"INT-10"}, Tag: "[U]"},
	{Key: "maxDailyHours", Label: "每日工作时长上限", Unit: "小时", Kind: KindNumber, Default: 8.0, Min: 1, Max: 24, Rules: []string{"INT-11"}, Tag: "[P]"},
	{Key: "maxWeeklyHours", Label: "每周工作时长上限", Unit: "小时", Kind: KindNumber, Default: 40.0, Min: 1, Max: 168, Rules: []string{"INT-11"}, Tag: "[P]"},
	{Key: "unitCapPct", Label: "实习学生占单位在岗职工比例上限", Unit: "%", Kind: KindNumber, Default: 10.0, Min: 0, Max: 100, Rules: []string{"INT-12"}, Tag: "[P]"},
	{Key: "postCapPct", Label: "实习学生占同类岗位职工比例上限", Unit: "%", Kind: KindNumber, Default: 20.0, Min: 0, Max: 100, Rules: []string{"INT-13"}, Tag: "[P]"},
	{Key: "typicalMonths", Label: "岗位实习一般时长", Unit: "个月", Kind: KindInt, Default: 6.0, Min: 1, Max: 60, Rules: []string{"INT-14"}, Tag: "[P]"},
	{Key: "medicalMonths", Label: "医学类临床实习时长上限", Unit: "个月", Kind: KindInt, Default: 10.0, Min: 1, Max: 60, Rules: []string{"INT-14", "INT-15"}, Tag: "[P]"},
	{Key: "medicalMajorGroups", Label: "医药卫生专业大类代码", Kind: KindList, Default: []string{"32", "52", "72"}, Rules: []string{"INT-15"}, Tag: "[U]"},
	{Key: "consentAdultExempt", Label: "成年学生免监护人知情同意", Kind: KindBool, Default: false, Rules: []string{"INT-18"}, Tag: "[U]"},
	{Key: "payFloorPct", Label: "实习报酬不低于工资标准的比例", Unit: "%", Kind: KindNumber, Default: 80.0, Min: 0, Max: 100, Rules: []string{"INT-20"}, Tag: "[C]"},
	{Key: "maxPayCycleDays", Label: "报酬发放周期上限", Unit: "天", Kind: KindInt, Default: 31.0, Min: 1, Max: 366, Rules: []string{"INT-20"}, Tag: "[C]"},
	{Key: "expiryAlertDays", Label: "保险到期提醒天数", Unit: "天", Kind: KindInt, Default: 30.0, Min: 0, Max: 365, Rules: []string{"INT-22"}, Tag: "[U]"},
}

func spec(key string) (ParamSpec, bool) {
	i := slices.IndexFunc(Specs, func(s ParamSpec) bool { return s.Key == key })
	if i < 0 {
		return ParamSpec{}, false
	}
	return Specs[i], true
}

// Defaults returns every parameter at its default value (the "2021.1" set).
func Defaults() map[string]any {
	out := make(map[string]any, len(Specs))
	for _, s := range Specs {
		out[s.Key] = canonicalDefault(s)
	}
	return out
}

func canonicalDefault(s ParamSpec) any {
	if l, ok := s.Default.([]string); ok {
		return slices.Clone(l)
	}
	return s.Default
}

// Params reads a rule set's parameters. A key missing from the set (a parameter
// added after the set was made) or of the wrong type reads as its default.
type Params map[string]any

// Float returns a number parameter.
func (p Params) Float(key string) float64 {
	if f, ok := toFloat(p[key]); ok {
		return f
	}
	s, _ := spec(key)
	f, _ := toFloat(s.Default)
	return f
}

// Int returns a whole-number parameter.
func (p Params) Int(key string) int { return int(p.Float(key)) }

// Bool returns a flag parameter.
func (p Params) Bool(key string) bool {
	if b, ok := p[key].(bool); ok {
		return b
	}
	s, _ := spec(key)
	b, _ := s.Default.(bool)
	return b
}

// String returns a text parameter.
func (p Params) String(key string) string {
	if v, ok := p[key].(string); ok {
		return v
	}
	s, _ := spec(key)
	v, _ := s.Default.(string)
	return v
}

// List returns a list parameter.
func (p Params) List(key string) []string {
	if l, ok := toList(p[key]); ok {
		return l
	}
	s, _ := spec(key)
	l, _ := s.Default.([]string)
	return l
}

func toFloat(v any) (float64, bool) {
	switch n := v.(type) {
	case float64:
		return n, true
	case float32:
		return float64(n), true
	case int:
		return float64(n), true
	case int32:
		return float64(n), true
	case int64:
		return float64(n), true
	}
	return 0, false
}

// toList reads []string, and []any or bson.A of strings (JSON input, decoded BSON).
func toList(v any) ([]string, bool) {
	var items []any
	switch l := v.(type) {
	case []string:
		return l, true
	case []any:
		items = l
	case bson.A:
		items = l
	default:
		return nil, false
	}
	out := make([]string, 0, len(items))
	for _, it := range items {
		s, ok := it.(string)
		if !ok {
			return nil, false
		}
		out = append(out, s)
	}
	return out, true
}

var timePattern = regexp.MustCompile(`^([01]\d|2[0-3]):[0-5]\d$`)

// CompleteParams returns a full parameter set: each key from given, else from
// base (the set a new version follows), else its default, converted to its
// canonical type (float64, bool, "HH:MM", []string trimmed and de-duplicated).
// Unknown keys and values of the wrong kind or out of range are a
// *models.ValidationError naming "params.<key>".
func CompleteParams(given, base map[string]any) (map[string]any, error) {
	var errs models.ValidationError
	for k := range given {
		if _, ok := spec(k); !ok {
			errs.Add("params."+k, "未知的规则参数："+k)
		}
	}
	out := make(map[string]any, len(Specs))
	for _, s := range Specs {
		v, ok := given[s.Key]
		if !ok {
			v, ok = base[s.Key]
		}
		if !ok || v == nil {
			out[s.Key] = canonicalDefault(s)
			continue
		}
		c, msg := canonical(s, v)
		if msg != "" {
			errs.Add("params."+s.Key, s.Label+msg)
			continue
		}
		out[s.Key] = c
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// The limits of a list parameter: its items are category names (the longest
// default, 易燃易爆及烧伤危险作业, has 12 characters).
const (
	maxListItem  = 50
	maxListItems = 100
)

func canonical(s ParamSpec, v any) (any, string) {
	switch s.Kind {
	case KindInt, KindNumber:
		f, ok := toFloat(v)
		if !ok || math.IsNaN(f) || math.IsInf(f, 0) { // NaN would break the store (stack.md §3 rule 6)
			return nil, "须为数字"
		}
		if s.Kind == KindInt && f != float64(int64(f)) {
			return nil, "须为整数"
		}
		if f < s.Min || f > s.Max {
			return nil, fmt.Sprintf("须在%s至%s之间", num(s.Min), num(s.Max))
		}
		return f, ""
	case KindBool:
		b, ok := v.(bool)
		if !ok {
			return nil, "须为是或否"
		}
		return b, ""
	case KindTime:
		t, ok := v.(string)
		if !ok || !timePattern.MatchString(strings.TrimSpace(t)) {
			return nil, "须为HH:MM格式的时间"
		}
		return strings.TrimSpace(t), ""
	case KindList:
		l, ok := toList(v)
		if !ok {
			return nil, "须为文字列表"
		}
		out := []string{}
		for _, it := range l {
			if it = strings.TrimSpace(it); it != "" && !slices.Contains(out, it) {
				out = append(out, it)
			}
			if utf8.RuneCountInString(it) > maxListItem {
				return nil, fmt.Sprintf("的每一项不能超过%d个字", maxListItem)
			}
		}
		if len(out) > maxListItems {
			return nil, fmt.Sprintf("最多%d项", maxListItems)
		}
		return out, ""
	}
	return nil, "类型未知"
}

// num renders a number without a trailing ".0".
func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
