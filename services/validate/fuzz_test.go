package validate

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chanjiao/chanjiao/models"
)

// The fuzz targets of the identifier checks (docs/reliability.md). Each runs
// its seed corpus under go test and explores with go test -fuzz. Besides "never
// panics", each builds a valid identifier from the fuzzer's numbers, so that the
// properties about valid values are exercised on every input, not only on the
// rare random string that happens to be valid.

// holder carries the identifiers through the validator's custom tags, so that
// the tags and the models functions are checked to agree.
type holder struct {
	IDNumber   string `json:"idNumber" validate:"cn_id" label:"身份证号"`
	CreditCode string `json:"creditCode" validate:"uscc" label:"统一社会信用代码"`
	MajorCode  string `json:"majorCode" validate:"major_code" label:"专业代码"`
}

// fieldMessage validates h and returns the message for field, "" when it passed.
func fieldMessage(t *testing.T, v *Validator, h holder, field string) string {
	t.Helper()
	err := v.Struct(&h)
	if err == nil {
		return ""
	}
	var ve *models.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("Struct: %v, want a *models.ValidationError", err)
	}
	return ve.Fields[field]
}

// Valid values for the fields not under test, so that only the field under
// test can fail.
const (
	validID     = "11010519491231002X"
	validCredit = "9144030071526726XG"
	validMajor  = "710201"
)

const idChecks = "0123456789X"

func FuzzIDNumber(f *testing.F) {
	// s is checked as typed; region, days, seq and hour build a valid number
	// (born days after 1900-01-01, checked at hour h of "today" in China); pos
	// and digit name a single-character change of it.
	f.Add("11010519491231002X", uint32(110105), uint32(18262), uint16(2), uint8(0), uint8(3), uint8(1))
	f.Add("11010519491231002x", uint32(440305), uint32(0), uint16(999), uint8(23), uint8(16), uint8(9))
	f.Add("110105194912310021", uint32(0), uint32(46350), uint16(1), uint8(7), uint8(13), uint8(0))
	f.Add("110105491231002", uint32(999999), uint32(1<<31), uint16(500), uint8(1), uint8(255), uint8(255))
	f.Add("110105194902310026", uint32(310104), uint32(36500), uint16(452), uint8(12), uint8(6), uint8(7))
	f.Add(" 11010519491231002X\n", uint32(1), uint32(40000), uint16(0), uint8(0), uint8(0), uint8(0))
	f.Add("", uint32(1), uint32(1), uint16(1), uint8(1), uint8(1), uint8(1))
	f.Add("１１０１０５１９４９１２３１００２Ｘ", uint32(2), uint32(2), uint16(2), uint8(2), uint8(2), uint8(2))
	f.Add("1101051949123100\x002X", uint32(3), uint32(3), uint16(3), uint8(3), uint8(3), uint8(3))
	today := time.Date(2026, 11, 26, 0, 0, 0, 0, models.China) // midnight in China, 16:00 the day before in UTC
	v := New(func() time.Time { return today })
	f.Fuzz(func(t *testing.T, s string, region, days uint32, seq uint16, hour, pos, digit uint8) {
		// As typed: never panics, agrees with the validator, and what passes
		// round-trips.
		info, msg := models.ParseIDNumber(s, today)
		if got := fieldMessage(t, v, holder{IDNumber: s, CreditCode: validCredit, MajorCode: validMajor}, "idNumber"); got != msg {
			t.Fatalf("%q: validator says %q, ParseIDNumber %q", s, got, msg)
		}
		if msg == "" {
			checkAcceptedID(t, s, info, today)
		}
		_ = models.MaskIDNumber(s)

		// Built valid, checked at any hour of today in China: accepted.
		now := today.Add(time.Duration(hour%24) * time.Hour)
		id := buildID(region, days, seq, today)
		info, msg = models.ParseIDNumber(id, now)
		if msg != "" {
			t.Fatalf("valid %s at %s: %s", id, now, msg)
		}
		checkAcceptedID(t, id, info, now)
		if id[17] == 'X' {
			if _, msg := models.ParseIDNumber(id[:17]+"x", now); msg != "" {
				t.Fatalf("lower-case x of %s: %s", id, msg)
			}
		}
		// Any other check character is refused as a check-character error.
		for i := 0; i < len(idChecks); i++ {
			if idChecks[i] == id[17] {
				continue
			}
			bad := id[:17] + idChecks[i:i+1]
			if _, msg := models.ParseIDNumber(bad, now); msg != "身份证号校验位不正确" {
				t.Fatalf("%s (check of %s changed): %q, want the check-character error", bad, id, msg)
			}
		}
		// MOD 11-2 catches every single-digit change and every swap of two
		// adjacent different digits among the first 17.
		p, d := int(pos)%17, '0'+digit%10
		if id[p] != d {
			bad := id[:p] + string(rune(d)) + id[p+1:]
			if _, msg := models.ParseIDNumber(bad, now); msg == "" {
				t.Fatalf("%s (digit %d of %s changed) was accepted", bad, p+1, id)
			}
		}
		if q := int(pos) % 16; id[q] != id[q+1] {
			bad := id[:q] + id[q+1:q+2] + id[q:q+1] + id[q+2:]
			if _, msg := models.ParseIDNumber(bad, now); msg == "" {
				t.Fatalf("%s (digits %d and %d of %s swapped) was accepted", bad, q+1, q+2, id)
			}
		}
	})
}

// buildID returns a valid ID number: region code, a birth date between
// 1900-01-01 and today's date in China, a sequence number and its check.
func buildID(region, days uint32, seq uint16, today time.Time) string {
	first := time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	last := models.DateOf(today.In(models.China)).Time()
	span := uint32(last.Sub(first).Hours()/24) + 1
	birth := first.AddDate(0, 0, int(days%span))
	first17 := fmt.Sprintf("%06d%s%03d", region%1000000, birth.Format("20060102"), seq%1000)
	return first17 + string(models.IDNumberCheckChar(first17))
}

func checkAcceptedID(t *testing.T, s string, info models.IDNumberInfo, today time.Time) {
	t.Helper()
	n := info.Normalized
	if n != models.NormalizeIDNumber(s) || len(n) != 18 || n != strings.ToUpper(n) {
		t.Fatalf("%q accepted as %q", s, n)
	}
	again, msg := models.ParseIDNumber(n, today)
	if msg != "" || again != info {
		t.Fatalf("%q accepted as %+v, but its normal form %q gives %+v, %q", s, info, n, again, msg)
	}
	birth := info.BirthDate.String()
	if birth != n[6:10]+"-"+n[10:12]+"-"+n[12:14] || birth < "1900-01-01" || birth > models.DateOf(today.In(models.China)).String() {
		t.Fatalf("%q: birth date %s", s, birth)
	}
	if male := (n[16]-'0')%2 == 1; male != (info.Sex == models.SexMale) {
		t.Fatalf("%q: sex %s", s, info.Sex)
	}
	if m := models.MaskIDNumber(n); len(m) != 18 || m[:4] != n[:4] || m[14:] != n[14:] || strings.Trim(m[4:14], "*") != "" {
		t.Fatalf("%q masked as %q", n, m)
	}
}

// usccChars are GB 32100-2015's 31 symbols, as models uses them.
const usccChars = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// usccPairs are the registration authority and category pairs models accepts.
var usccPairs = []string{"11", "12", "13", "19", "51", "52", "53", "59", "91", "92", "93", "Y1"}

var usccShape = regexp.MustCompile(`^[0-9A-HJ-NPQRTUWXY]{18}$`)

func FuzzCreditCode(f *testing.F) {
	// s is checked as typed; pair, region and body build a valid code; pos
	// and repl name a single-character change of it.
	f.Add("9144030071526726XG", uint8(8), uint32(440300), []byte("715267260"), uint8(0), uint8(5))
	f.Add("9144030071526726xg", uint8(11), uint32(110000), []byte("MA01ABCD1"), uint8(16), uint8(30))
	f.Add("9144030071526726X1", uint8(0), uint32(0), []byte{}, uint8(2), uint8(0))
	f.Add("9144030071526726IO", uint8(255), uint32(999999), []byte{0xff, 0, 0x80}, uint8(255), uint8(255))
	f.Add(" 91110000MA01ABCD1Q ", uint8(3), uint32(1), []byte("ZZZZZZZZZ"), uint8(9), uint8(17))
	f.Add("", uint8(1), uint32(1), []byte("1"), uint8(1), uint8(1))
	f.Add("９１４４０３００７１５２６７２６ＸＧ", uint8(2), uint32(2), []byte("22"), uint8(2), uint8(2))
	v := New(func() time.Time { return time.Date(2026, 11, 26, 0, 0, 0, 0, models.China) })
	f.Fuzz(func(t *testing.T, s string, pair uint8, region uint32, body []byte, pos, repl uint8) {
		msg := models.CheckCreditCode(s)
		if got := fieldMessage(t, v, holder{IDNumber: validID, CreditCode: s, MajorCode: validMajor}, "creditCode"); got != msg {
			t.Fatalf("%q: validator says %q, CheckCreditCode %q", s, got, msg)
		}
		if msg == "" {
			n := models.NormalizeCreditCode(s)
			if !usccShape.MatchString(n) || models.CheckCreditCode(n) != "" || models.CheckCreditCode(strings.ToLower(s)) != "" {
				t.Fatalf("%q accepted, normal form %q", s, n)
			}
		}

		code := buildCredit(pair, region, body)
		if msg := models.CheckCreditCode(code); msg != "" {
			t.Fatalf("valid %s: %s", code, msg)
		}
		for i := 0; i < len(usccChars); i++ {
			if usccChars[i] == code[17] {
				continue
			}
			bad := code[:17] + usccChars[i:i+1]
			if msg := models.CheckCreditCode(bad); msg != "统一社会信用代码校验位不正确" {
				t.Fatalf("%s (check of %s changed): %q, want the check-character error", bad, code, msg)
			}
		}
		// MOD 31 with weights 3^i catches every single-character change and
		// every swap of two adjacent different characters among the first 17.
		p, c := int(pos)%17, usccChars[int(repl)%len(usccChars)]
		if code[p] != c {
			bad := code[:p] + string(c) + code[p+1:]
			if msg := models.CheckCreditCode(bad); msg == "" {
				t.Fatalf("%s (character %d of %s changed) was accepted", bad, p+1, code)
			}
		}
		if q := int(pos) % 16; code[q] != code[q+1] {
			bad := code[:q] + code[q+1:q+2] + code[q:q+1] + code[q+2:]
			if msg := models.CheckCreditCode(bad); msg == "" {
				t.Fatalf("%s (characters %d and %d of %s swapped) was accepted", bad, q+1, q+2, code)
			}
		}
	})
}

// buildCredit returns a valid credit code: an accepted pair, a 6-digit region,
// 9 characters of the charset from body, and the check character.
func buildCredit(pair uint8, region uint32, body []byte) string {
	var b strings.Builder
	b.WriteString(usccPairs[int(pair)%len(usccPairs)])
	fmt.Fprintf(&b, "%06d", region%1000000)
	for i := 0; i < 9; i++ {
		c := byte('0')
		if i < len(body) {
			c = usccChars[int(body[i])%len(usccChars)]
		}
		b.WriteByte(c)
	}
	first17 := b.String()
	return first17 + string(models.CreditCodeCheckChar(first17))
}

var majorShape = regexp.MustCompile(`^[2-7]\d{5}K?$`)

func FuzzMajorCode(f *testing.F) {
	for _, s := range []string{"710201", "510201K", "310101", "810201", "600101", "40010", "7102011", "710201k", " 710201", "", "７１０２０１"} {
		f.Add(s)
	}
	v := New(func() time.Time { return time.Date(2026, 11, 26, 0, 0, 0, 0, models.China) })
	f.Fuzz(func(t *testing.T, s string) {
		level, msg := models.MajorCodeLevel(s)
		if got := fieldMessage(t, v, holder{IDNumber: validID, CreditCode: validCredit, MajorCode: s}, "majorCode"); got != msg {
			t.Fatalf("%q: validator says %q, MajorCodeLevel %q", s, got, msg)
		}
		if (level == "") == (msg == "") {
			t.Fatalf("%q: level %q, message %q: exactly one must be set", s, level, msg)
		}
		if msg != "" {
			return
		}
		if !majorShape.MatchString(s) {
			t.Fatalf("%q accepted", s)
		}
		want := map[byte]string{'2': models.LevelBachelor, '3': models.LevelBachelor, '4': models.LevelHigher, '5': models.LevelHigher, '6': models.LevelSecondary, '7': models.LevelSecondary}[s[0]]
		if s[:2] == "20" || s[:2] == "40" || s[:2] == "60" {
			t.Fatalf("%q accepted, but %s0 is no 专业大类", s, s[:1])
		}
		if level != want {
			t.Fatalf("%q: level %s, want %s", s, level, want)
		}
		// With or without the K suffix, the same level.
		other := strings.TrimSuffix(s, "K")
		if other == s {
			other = s + "K"
		}
		if l, _ := models.MajorCodeLevel(other); l != level {
			t.Fatalf("%q is %s but %q is %q", s, level, other, l)
		}
	})
}
