package models

import (
	"testing"
	"time"
)

var today = time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)

func TestParseIDNumber(t *testing.T) {
	tests := []struct {
		name, in   string
		ok         bool
		birth, sex string
	}{
		{"OK domain sample", "11010519491231002X", true, "1949-12-31", SexFemale},
		{"OK lower-case x", "11010519491231002x", true, "1949-12-31", SexFemale},
		{"OK male", "11010520080101001" + string(IDNumberCheckChar("11010520080101001")), true, "2008-01-01", SexMale},
		{"OK born today", "11010520261126001" + string(IDNumberCheckChar("11010520261126001")), true, "2026-11-26", SexMale},
		{"ErrCheckChar domain sample", "110105194912310021", false, "", ""},
		{"ErrNoSuchDate 1949-02-31", "110105194902310026", false, "", ""},
		{"ErrFuture birth", "11010520261127001" + string(IDNumberCheckChar("11010520261127001")), false, "", ""},
		{"ErrBefore1900", "11010518991231001" + string(IDNumberCheckChar("11010518991231001")), false, "", ""},
		{"OK 1900-01-01", "11010519000101001" + string(IDNumberCheckChar("11010519000101001")), true, "1900-01-01", SexMale},
		{"Err15Digits", "110105491231002", false, "", ""},
		{"Err17Chars", "11010519491231002", false, "", ""},
		{"Err19Chars", "11010519491231002XX", false, "", ""},
		{"ErrLetterInside", "1101051949123100AX", false, "", ""},
		{"ErrEmpty", "", false, "", ""},
		{"ErrLeap 2023-02-29", "11010520230229001" + string(IDNumberCheckChar("11010520230229001")), false, "", ""},
		{"OK leap 2024-02-29", "11010520240229002" + string(IDNumberCheckChar("11010520240229002")), true, "2024-02-29", SexFemale},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			info, msg := ParseIDNumber(tt.in, today)
			if got := msg == ""; got != tt.ok {
				t.Fatalf("ParseIDNumber(%q) ok = %v (%s), want %v", tt.in, got, msg, tt.ok)
			}
			if !tt.ok {
				return
			}
			if got := info.BirthDate.String(); got != tt.birth {
				t.Errorf("birth = %s, want %s", got, tt.birth)
			}
			if info.Sex != tt.sex {
				t.Errorf("sex = %s, want %s", info.Sex, tt.sex)
			}
		})
	}
}

func TestIDNumberCheckCharDomainWorkedExample(t *testing.T) {
	// domain.md §4.1: S = 167, 167 mod 11 = 2 → X.
	if got := IDNumberCheckChar("11010519491231002"); got != 'X' {
		t.Fatalf("check = %c, want X", got)
	}
	if got := IDNumberCheckChar("11010519490231002"); got != '6' {
		t.Fatalf("check = %c, want 6", got)
	}
}

func TestCheckCreditCode(t *testing.T) {
	tests := []struct {
		name, in string
		ok       bool
	}{
		{"OK domain sample", "9144030071526726XG", true},
		{"OK lower case", "9144030071526726xg", true},
		{"ErrCheckChar domain sample", "9144030071526726X1", false},
		{"ErrLetterI", "9144030071526726IG", false},
		{"ErrLetterO", "91440300O1526726XG", false},
		{"ErrLetterS", "9144030071526726SG", false},
		{"ErrLetterV", "9144030071526726VG", false},
		{"ErrLetterZ", "9144030071526726ZG", false},
		{"ErrLetterInDivision", "91A4030071526726XG", false},
		{"ErrFirstPair 94", "9444030071526726X" + string(CreditCodeCheckChar("9444030071526726X")), false},
		{"OK first pair Y1", "Y144030071526726X" + string(CreditCodeCheckChar("Y144030071526726X")), true},
		{"OK first pair 12", "1244030071526726X" + string(CreditCodeCheckChar("1244030071526726X")), true},
		{"Err17Chars", "9144030071526726X", false},
		{"Err19Chars", "9144030071526726XGG", false},
		{"ErrEmpty", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg := CheckCreditCode(tt.in)
			if got := msg == ""; got != tt.ok {
				t.Fatalf("CheckCreditCode(%q) ok = %v (%s), want %v", tt.in, got, msg, tt.ok)
			}
		})
	}
}

func TestCreditCodeCheckCharDomainWorkedExample(t *testing.T) {
	// domain.md §4.2: S = 1782, mod 31 = 15, 31 − 15 = 16 → G.
	if got := CreditCodeCheckChar("9144030071526726X"); got != 'G' {
		t.Fatalf("check = %c, want G", got)
	}
}

func TestMajorCodeLevel(t *testing.T) {
	tests := []struct {
		in, level string
	}{
		{"510201", LevelHigher},
		{"410101", LevelHigher},
		{"590101", LevelHigher},
		{"710201", LevelSecondary},
		{"610101", LevelSecondary},
		{"790101", LevelSecondary},
		{"310201", LevelBachelor},
		{"210101", LevelBachelor},
		{"390101", LevelBachelor},
		{"510201K", LevelHigher},
		{"810201", ""}, // 81 is in no range
		{"400101", ""}, // 40 falls between ranges
		{"600101", ""},
		{"200101", ""},
		{"110101", ""},
		{"51020", ""},
		{"5102011", ""},
		{"510201k", ""},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, msg := MajorCodeLevel(tt.in)
			if got != tt.level || (got == "") != (msg != "") {
				t.Fatalf("MajorCodeLevel(%q) = %q, %q; want %q", tt.in, got, msg, tt.level)
			}
		})
	}
}

func TestMaskIDNumber(t *testing.T) {
	tests := map[string]string{
		"11010519491231002X": "1101**********002X",
		"":                   "",
		"1234":               "****",
		"123456789":          "1234*6789",
	}
	for in, want := range tests {
		if got := MaskIDNumber(in); got != want {
			t.Errorf("MaskIDNumber(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzParseIDNumber: never panics; whatever it accepts is 18 characters whose
// check character recomputes and whose birth date is real and in range.
func FuzzParseIDNumber(f *testing.F) {
	for _, s := range []string{"11010519491231002X", "110105194912310021", "110105194902310026", "", "x", "00000000000000000000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		info, msg := ParseIDNumber(s, today)
		if msg != "" {
			return
		}
		n := info.Normalized
		if len(n) != 18 || n[17] != IDNumberCheckChar(n[:17]) {
			t.Fatalf("accepted %q with a wrong check character", s)
		}
		if info.BirthDate.Time().Year() < 1900 || info.BirthDate.Time().After(today) {
			t.Fatalf("accepted %q with birth date %s", s, info.BirthDate)
		}
	})
}

// FuzzCheckCreditCode: never panics; whatever it accepts recomputes its check.
func FuzzCheckCreditCode(f *testing.F) {
	for _, s := range []string{"9144030071526726XG", "9144030071526726X1", "", "Y1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if CheckCreditCode(s) != "" {
			return
		}
		c := NormalizeCreditCode(s)
		if len(c) != 18 || c[17] != CreditCodeCheckChar(c[:17]) {
			t.Fatalf("accepted %q with a wrong check character", s)
		}
	})
}

// FuzzMajorCodeLevel: never panics; an accepted code's level matches its prefix range.
func FuzzMajorCodeLevel(f *testing.F) {
	for _, s := range []string{"510201", "810201", "710201K", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		level, msg := MajorCodeLevel(s)
		if (level == "") == (msg == "") {
			t.Fatalf("MajorCodeLevel(%q) = %q, %q: exactly one must be set", s, level, msg)
		}
	})
}

func TestDateJSONAndBSONKeepTheCalendarDay(t *testing.T) {
	d, err := ParseDate("2008-01-01")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := d.MarshalJSON()
	if string(b) != `"2008-01-01"` {
		t.Fatalf("json = %s", b)
	}
	typ, raw, err := d.MarshalBSONValue()
	if err != nil {
		t.Fatal(err)
	}
	var back Date
	if err := back.UnmarshalBSONValue(typ, raw); err != nil {
		t.Fatal(err)
	}
	if back != d {
		t.Fatalf("round trip = %s, want %s", back, d)
	}
	// A time late in the evening in China is still that day.
	evening := time.Date(2008, 1, 1, 23, 30, 0, 0, China)
	if got := DateOf(evening).String(); got != "2008-01-01" {
		t.Fatalf("DateOf = %s", got)
	}
}

// TestParseIDNumberTodayIsChinas: someone born today in China is accepted at
// any hour, also before 08:00 when it is still yesterday in UTC (found by
// FuzzIDNumber in services/validate).
func TestParseIDNumberTodayIsChinas(t *testing.T) {
	born := "11010520261126001" + string(IDNumberCheckChar("11010520261126001"))
	for _, now := range []time.Time{
		time.Date(2026, 11, 26, 0, 0, 0, 0, China),
		time.Date(2026, 11, 26, 7, 59, 0, 0, China),
		time.Date(2026, 11, 25, 23, 30, 0, 0, time.UTC), // 07:30 on the 26th in China
	} {
		if _, msg := ParseIDNumber(born, now); msg != "" {
			t.Errorf("at %s: %s", now, msg)
		}
	}
	if _, msg := ParseIDNumber(born, time.Date(2026, 11, 25, 23, 59, 0, 0, China)); msg == "" {
		t.Errorf("born tomorrow in China: accepted")
	}
}
