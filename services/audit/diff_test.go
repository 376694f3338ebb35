package audit_test

import (
	"fmt"
	"testing"

	"github.com/chanjiao/chanjiao/services/audit"
)

type candidate struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	IDNumber string `json:"idNumber,omitempty"`
	Result   string `json:"result"`
}

type batch struct {
	Version    int64       `json:"version"`
	Site       string      `json:"site"`
	Candidates []candidate `json:"candidates"`
}

func TestDiff(t *testing.T) {
	a := candidate{ID: "c1", Name: "张三", Result: ""}
	b := candidate{ID: "c2", Name: "李四", IDNumber: "11010519491231002X", Result: ""}
	passed := a
	passed.Result = "pass"
	tests := []struct {
		name          string
		before, after any
		want          string
	}{
		{"OK a field", batch{Version: 1, Site: "一楼"}, batch{Version: 2, Site: "二楼"}, "[site:一楼→二楼]"},
		{"OK one candidate's result, not the whole list",
			batch{Candidates: []candidate{a, b}}, batch{Candidates: []candidate{passed, b}},
			"[candidates[c1].result:→pass]"},
		{"OK an added candidate, masked",
			batch{Candidates: []candidate{a}}, batch{Candidates: []candidate{a, b}},
			"[candidates[c2]:<nil>→map[id:c2 idNumber:1101**********002X name:李四 result:]]"},
		{"OK a removed candidate",
			batch{Candidates: []candidate{a, b}}, batch{Candidates: []candidate{b}},
			"[candidates[c1]:map[id:c1 name:张三 result:]→<nil>]"},
		{"OK the first candidate of an empty list",
			batch{}, batch{Candidates: []candidate{a}},
			"[candidates[c1]:<nil>→map[id:c1 name:张三 result:]]"},
		{"OK lists without ids compare whole",
			map[string]any{"levels": []string{"初级"}}, map[string]any{"levels": []string{"初级", "中级"}},
			"[levels:[初级]→[初级 中级]]"},
		{"OK a new record", nil, batch{Site: "一楼"}, "[site:<nil>→一楼]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			changes, err := audit.Diff(tt.before, tt.after)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, c := range changes {
				got = append(got, fmt.Sprintf("%s:%v→%v", c.Field, c.Before, c.After))
			}
			if g := fmt.Sprint(got); g != tt.want {
				t.Fatalf("changes = %s\nwant      %s", g, tt.want)
			}
		})
	}
}
