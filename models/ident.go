package models

import (
	"regexp"
	"strings"
	"time"
)

// Identifier algorithms of domain.md §4. They are pure functions so that the
// validator, imports and tests share one implementation.

var idNumberPattern = regexp.MustCompile(`^\d{17}[\dX]$`)

// idWeights are 2^(18−i) mod 11 for positions 1..17 (GB 11643-1999, ISO 7064 MOD 11-2).
var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

const idCheckChars = "10X98765432"

// Sex values derived from an ID number.
const (
	SexMale   = "male"
	SexFemale = "female"
)

// IDNumberInfo is what a valid 居民身份证号 tells about its holder.
type IDNumberInfo struct {
	Normalized string // upper-case X
	BirthDate  Date
	Sex        string // SexMale or SexFemale, from the 17th character
}

// NormalizeIDNumber trims s and upper-cases a trailing x.
func NormalizeIDNumber(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }

// ParseIDNumber validates a resident ID number against GB 11643-1999: 18 characters,
// a real birth date not before 1900 and not after today's date in China (today
// may be in any zone: at 07:00 in Beijing it is still yesterday in UTC), and the
// check character. It returns a Chinese message naming the first problem found.
func ParseIDNumber(s string, today time.Time) (IDNumberInfo, string) {
	n := NormalizeIDNumber(s)
	if len(n) == 15 && isDigits(n) {
		return IDNumberInfo{}, "不支持15位旧身份证号，请填写18位号码"
	}
	if !idNumberPattern.MatchString(n) {
		return IDNumberInfo{}, "身份证号须为18位，前17位为数字，末位为数字或X"
	}
	birth, err := time.Parse("20060102", n[6:14])
	if err != nil {
		return IDNumberInfo{}, "身份证号中的出生日期不是有效日期"
	}
	if birth.Year() < 1900 || birth.After(DateOf(today.In(China)).Time()) {
		return IDNumberInfo{}, "身份证号中的出生日期不在合理范围内"
	}
	if n[17] != IDNumberCheckChar(n[:17]) {
		return IDNumberInfo{}, "身份证号校验位不正确"
	}
	sex := SexMale
	if (n[16]-'0')%2 == 0 {
		sex = SexFemale
	}
	return IDNumberInfo{Normalized: n, BirthDate: DateOf(birth), Sex: sex}, ""
}

// IDNumberCheckChar computes the 18th character for the first 17 digits.
func IDNumberCheckChar(first17 string) byte {
	s := 0
	for i := 0; i < 17; i++ {
		s += int(first17[i]-'0') * idWeights[i]
	}
	return idCheckChars[s%11]
}

// MaskIDNumber keeps the first 4 and last 4 characters (domain.md §2: 1101**********002X).
func MaskIDNumber(s string) string {
	if s == "" {
		return ""
	}
	r := []rune(s)
	if len(r) <= 8 {
		return strings.Repeat("*", len(r))
	}
	return string(r[:4]) + strings.Repeat("*", len(r)-8) + string(r[len(r)-4:])
}

// usccCharset is GB 32100-2015's 31 symbols (no I O S V Z); a character's value is its index.
const usccCharset = "0123456789ABCDEFGHJKLMNPQRTUWXY"

var usccPattern = regexp.MustCompile(`^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$`)

// usccWeights are 3^(i−1) mod 31 for positions 1..17.
var usccWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// usccFirstPairs are the accepted registration authority + category pairs (domain.md §4.2).
var usccFirstPairs = map[string]bool{
	"11": true, "12": true, "13": true, "19": true, "51": true, "52": true, "53": true,
	"59": true, "91": true, "92": true, "93": true, "Y1": true,
}

// NormalizeCreditCode trims s and upper-cases it.
func NormalizeCreditCode(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }

// CheckCreditCode validates a 统一社会信用代码 against GB 32100-2015 and returns a
// Chinese message for the first problem, or "".
func CheckCreditCode(s string) string {
	c := NormalizeCreditCode(s)
	if len(c) != 18 {
		return "统一社会信用代码须为18位"
	}
	if !usccPattern.MatchString(c) {
		return "统一社会信用代码含有不允许的字符（不使用I、O、S、V、Z）"
	}
	if !usccFirstPairs[c[:2]] {
		return "统一社会信用代码的登记管理部门或机构类别代码不正确"
	}
	if c[17] != CreditCodeCheckChar(c[:17]) {
		return "统一社会信用代码校验位不正确"
	}
	return ""
}

// CreditCodeCheckChar computes the 18th character for the first 17.
func CreditCodeCheckChar(first17 string) byte {
	s := 0
	for i := 0; i < 17; i++ {
		s += strings.IndexByte(usccCharset, first17[i]) * usccWeights[i]
	}
	return usccCharset[(31-s%31)%31]
}

// Major levels (专业层次) of the 2021 catalogue.
const (
	LevelSecondary = "secondary" // 中职, codes 61–79
	LevelHigher    = "higher"    // 高职专科, codes 41–59
	LevelBachelor  = "bachelor"  // 高职本科 / 职业本科, codes 21–39
)

var majorCodePattern = regexp.MustCompile(`^[2-7]\d{5}K?$`)

// MajorCodeLevel returns the level a 2021-catalogue major code belongs to, from its
// first two digits (domain.md §4.3), or "" with a Chinese message.
func MajorCodeLevel(code string) (string, string) {
	if !majorCodePattern.MatchString(code) {
		return "", "专业代码须为6位数字（可带后缀K），首位为2至7"
	}
	p := int(code[0]-'0')*10 + int(code[1]-'0')
	switch {
	case p >= 21 && p <= 39:
		return LevelBachelor, ""
	case p >= 41 && p <= 59:
		return LevelHigher, ""
	case p >= 61 && p <= 79:
		return LevelSecondary, ""
	}
	return "", "专业代码的前两位不属于2021年版专业目录的任何专业大类"
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
