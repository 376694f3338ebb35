package sheets

import (
	"context"
	"fmt"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/enterprises"
)

// employers turns a teacher's employer between the sheet's 统一社会信用代码 and the
// record's enterprise id. On first use it reads every enterprise the caller may
// see, once per request, through the enterprises service (whose scope applies):
// one query, where a lookup per distinct value would be one scan of the
// collection each on the embedded store.
type employers struct {
	svc    *enterprises.Service
	loaded bool
	byCode map[string]string   // credit code -> hex id
	byID   map[string]string   // hex id -> credit code
	nameOf map[string]string   // hex id -> name
	byName map[string][]string // name -> hex ids (names need not be unique)
}

func newEmployers(svc *enterprises.Service) *employers {
	return &employers{svc: svc, byCode: map[string]string{}, byID: map[string]string{}, nameOf: map[string]string{}, byName: map[string][]string{}}
}

func (e *employers) load(ctx context.Context) error {
	if e.loaded {
		return nil
	}
	err := e.svc.EachEnterprise(ctx, models.EnterpriseFilter{}, func(ent *models.Enterprise) error {
		id := ent.ID.Hex()
		e.byCode[ent.CreditCode], e.byID[id], e.nameOf[id] = id, ent.CreditCode, ent.Name
		e.byName[ent.Name] = append(e.byName[ent.Name], id)
		return nil
	})
	if err != nil {
		return fmt.Errorf("sheets: employers: %w", err)
	}
	e.loaded = true
	return nil
}

// id returns the hex id of the enterprise with credit code code, "" for an empty
// code, or a Chinese message when the code is malformed or unknown.
func (e *employers) id(ctx context.Context, code string) (string, string, error) {
	if code == "" {
		return "", "", nil
	}
	if msg := models.CheckCreditCode(code); msg != "" {
		return "", msg, nil
	}
	if err := e.load(ctx); err != nil {
		return "", "", err
	}
	id := e.byCode[code]
	if id == "" {
		return "", "未找到统一社会信用代码为" + code + "的企业，请先在企业管理中添加", nil
	}
	return id, "", nil
}

// code returns the credit code of the enterprise with hex id id, or "" when the
// caller cannot see it.
func (e *employers) code(ctx context.Context, id string) (string, error) {
	if id == "" {
		return "", nil
	}
	if err := e.load(ctx); err != nil {
		return "", err
	}
	return e.byID[id], nil
}

// named returns the hex id of the enterprise a placement row names by its
// credit code, its name or both, and a Chinese message and the field it is
// about when the row names it wrongly: a code wins over a name (a name given
// beside it must be the enterprise's own, else the code's enterprise comes
// with the message), and a name alone must name exactly one enterprise.
func (e *employers) named(ctx context.Context, code, name string) (id, field, msg string, err error) {
	if code == "" && name == "" {
		return "", "enterpriseCode", "请填写实习单位的统一社会信用代码或名称", nil
	}
	if err := e.load(ctx); err != nil {
		return "", "", "", err
	}
	if code != "" {
		if id, msg, err = e.id(ctx, code); msg != "" || err != nil {
			return "", "enterpriseCode", msg, err
		}
		if name != "" && name != e.nameOf[id] {
			return id, "enterpriseName", "与统一社会信用代码对应的企业名称（" + e.nameOf[id] + "）不一致", nil
		}
		return id, "", "", nil
	}
	switch ids := e.byName[name]; len(ids) {
	case 0:
		return "", "enterpriseName", "未找到名称为" + name + "的企业，请先在企业管理中添加，或填写统一社会信用代码", nil
	case 1:
		return ids[0], "", "", nil
	}
	return "", "enterpriseName", "有多家名称为" + name + "的企业，请填写统一社会信用代码", nil
}
