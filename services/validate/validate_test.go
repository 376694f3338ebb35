package validate

import (
	"errors"
	"testing"
	"time"

	"github.com/chanjiao/chanjiao/models"
)

func fixedNow() time.Time { return time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC) }

func fields(t *testing.T, err error) map[string]string {
	t.Helper()
	var ve *models.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("err = %v, want *models.ValidationError", err)
	}
	return ve.Fields
}

func TestStructNamesEveryFailingFieldByJSONName(t *testing.T) {
	v := New(fixedNow)
	st := &models.Student{StudentNo: "S 1", IDNumber: "110105194912310021", MajorCode: "810201", CohortYear: 1990, Status: "gone"}
	got := fields(t, v.Struct(st))
	want := map[string]string{
		"studentNo":  "学号只能包含字母、数字、下划线和连字符，且以字母或数字开头",
		"name":       "姓名为必填项",
		"idNumber":   "身份证号校验位不正确",
		"majorCode":  "专业代码须为6位数字（可带后缀K），首位为2至7",
		"cohortYear": "入学年份不能小于2000",
		"status":     "学籍状态的取值不在允许范围内（enrolled、suspended、graduated、withdrawn）",
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("fields[%q] = %q, want %q", k, got[k], w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("got %d fields %v, want %d", len(got), got, len(want))
	}
}

func TestCustomTags(t *testing.T) {
	v := New(fixedNow)
	tests := []struct {
		name  string
		e     models.Enterprise
		field string
		msg   string
	}{
		{"OK", models.Enterprise{CreditCode: "9144030071526726XG", Name: "某公司", ContactPhone: "13800138000"}, "", ""},
		{"OK landline", models.Enterprise{CreditCode: "9144030071526726XG", Name: "某公司", ContactPhone: "022-23456789"}, "", ""},
		{"ErrCreditCheck", models.Enterprise{CreditCode: "9144030071526726X1", Name: "某公司"}, "creditCode", "统一社会信用代码校验位不正确"},
		{"ErrPhone", models.Enterprise{CreditCode: "9144030071526726XG", Name: "某公司", ContactPhone: "12345"}, "contactPhone", "联系电话须为11位手机号或带区号的固定电话"},
		{"ErrNameShort", models.Enterprise{CreditCode: "9144030071526726XG", Name: "某"}, "name", "企业名称长度不能少于2个字符"},
		{"ErrSize", models.Enterprise{CreditCode: "9144030071526726XG", Name: "某公司", Size: "huge"}, "size", "企业规模的取值不在允许范围内（large、medium、small、micro）"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := v.Struct(&tt.e)
			if tt.field == "" {
				if err != nil {
					t.Fatalf("err = %v", err)
				}
				return
			}
			if got := fields(t, err)[tt.field]; got != tt.msg {
				t.Fatalf("fields[%q] = %q, want %q", tt.field, got, tt.msg)
			}
		})
	}
}

func TestIDNumberInTheFutureUsesInjectedToday(t *testing.T) {
	v := New(fixedNow)
	first17 := "11010520261127001" // born the day after "today"
	id := first17 + string(models.IDNumberCheckChar(first17))
	st := &models.Student{StudentNo: "S1", Name: "张三", IDNumber: id, MajorCode: "710201", CohortYear: 2025, Status: "enrolled"}
	if got := fields(t, v.Struct(st))["idNumber"]; got != "身份证号中的出生日期不在合理范围内" {
		t.Fatalf("idNumber = %q", got)
	}
}
