package models

import "testing"

func TestParseYuan(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"", 0, true},
		{"3500", 350000, true},
		{" 3,500.50 ", 350050, true},
		{"0.01", 1, true},
		{"0.001", 0, false}, // a third decimal is not a fen
		{"三千", 0, false},
		{"NaN", 0, false},
		{"1e13", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseYuan(tt.in)
			if (err == nil) != tt.ok || got != tt.want {
				t.Fatalf("got %d, %v; want %d, ok %v", got, err, tt.want, tt.ok)
			}
		})
	}
}
