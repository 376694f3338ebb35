// Package validate is the one shared validator: go-playground/validator with its
// Chinese translations, the custom tags of domain.md §4 (cn_id, uscc, major_code)
// and a few shape tags. Failures come back as *models.ValidationError keyed by the
// JSON field name, so the API, the pages and imports all show the same messages.
package validate

import (
	"errors"
	"reflect"
	"regexp"
	"strings"
	"time"

	"github.com/go-playground/locales/zh"
	ut "github.com/go-playground/universal-translator"
	"github.com/go-playground/validator/v10"
	zht "github.com/go-playground/validator/v10/translations/zh"

	"github.com/chanjiao/chanjiao/models"
)

// Validator checks structs by their validate tags.
type Validator struct {
	v     *validator.Validate
	trans ut.Translator
	now   func() time.Time
}

var (
	codePattern     = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]*$`)
	usernamePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]*$`)
	// Mainland mobile numbers, and landlines with area code and optional extension.
	phonePattern = regexp.MustCompile(`^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$`)
)

// New builds the validator. now gives "today" for birth-date checks.
func New(now func() time.Time) *Validator {
	v := validator.New(validator.WithRequiredStructEnabled())
	v.RegisterTagNameFunc(func(f reflect.StructField) string {
		if l := f.Tag.Get("label"); l != "" {
			return l
		}
		return f.Name
	})
	tr, _ := ut.New(zh.New(), zh.New()).GetTranslator("zh")
	if err := zht.RegisterDefaultTranslations(v, tr); err != nil {
		panic(err) // the library's own table; cannot fail at run time
	}
	val := &Validator{v: v, trans: tr, now: now}
	val.register("cn_id", func(s string) bool { _, msg := models.ParseIDNumber(s, val.now()); return msg == "" })
	val.register("uscc", func(s string) bool { return models.CheckCreditCode(s) == "" })
	val.register("major_code", func(s string) bool { _, msg := models.MajorCodeLevel(s); return msg == "" })
	val.register("code", codePattern.MatchString)
	val.register("username", usernamePattern.MatchString)
	val.register("phone", phonePattern.MatchString)
	return val
}

func (val *Validator) register(tag string, ok func(string) bool) {
	err := val.v.RegisterValidation(tag, func(fl validator.FieldLevel) bool { return ok(fl.Field().String()) })
	if err != nil {
		panic(err)
	}
}

// Struct validates s and returns a *models.ValidationError naming every failing
// field, or nil.
func (val *Validator) Struct(s any) error {
	err := val.v.Struct(s)
	if err == nil {
		return nil
	}
	var fes validator.ValidationErrors
	if !errors.As(err, &fes) {
		return err
	}
	root := reflect.TypeOf(s)
	out := &models.ValidationError{}
	for _, fe := range fes {
		out.Add(jsonPath(root, fe.StructNamespace()), val.message(fe))
	}
	return out
}

// message is the Chinese message for one failure; the identifier tags explain
// exactly what is wrong rather than only "is invalid".
func (val *Validator) message(fe validator.FieldError) string {
	s, _ := fe.Value().(string)
	switch fe.Tag() {
	case "cn_id":
		_, msg := models.ParseIDNumber(s, val.now())
		return msg
	case "uscc":
		return models.CheckCreditCode(s)
	case "major_code":
		_, msg := models.MajorCodeLevel(s)
		return msg
	case "code":
		return fe.Field() + "只能包含字母、数字、下划线和连字符，且以字母或数字开头"
	case "username":
		return fe.Field() + "只能包含字母、数字、点、下划线和连字符，且以字母或数字开头"
	case "iso3166_1_alpha2":
		return fe.Field() + "须为ISO 3166-1两位字母国家代码，如ML（马里）、CH（瑞士）、ID（印度尼西亚）"
	case "phone":
		return fe.Field() + "须为11位手机号或带区号的固定电话"
	case "required":
		return fe.Field() + "为必填项"
	case "min", "gte":
		if isNumber(fe.Kind()) {
			return fe.Field() + "不能小于" + fe.Param()
		}
		return fe.Field() + "长度不能少于" + fe.Param() + "个字符"
	case "max", "lte":
		if isNumber(fe.Kind()) {
			return fe.Field() + "不能大于" + fe.Param()
		}
		return fe.Field() + "长度不能超过" + fe.Param() + "个字符"
	case "oneof":
		return fe.Field() + "的取值不在允许范围内（" + strings.ReplaceAll(fe.Param(), " ", "、") + "）"
	}
	return fe.Translate(val.trans)
}

// jsonPath turns "Student.IDNumber" into "idNumber" by following json tags.
func jsonPath(t reflect.Type, ns string) string {
	parts := strings.Split(ns, ".")
	var out []string
	for _, p := range parts[1:] {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
			t = t.Elem()
		}
		name, idx := p, ""
		if i := strings.IndexByte(p, '['); i >= 0 {
			name, idx = p[:i], p[i:]
		}
		f, ok := t.FieldByName(name)
		if !ok {
			out = append(out, p)
			continue
		}
		j := strings.Split(f.Tag.Get("json"), ",")[0]
		if j == "" || j == "-" {
			j = name
		}
		out = append(out, j+idx)
		t = f.Type
	}
	return strings.Join(out, ".")
}

func isNumber(k reflect.Kind) bool {
	return k >= reflect.Int && k <= reflect.Float64
}
