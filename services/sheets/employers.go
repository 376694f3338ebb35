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
	byCode map[string]string // credit code -> hex id
	byID   map[string]string // hex id -> credit code
}

func newEmployers(svc *enterprises.Service) *employers {
	return &employers{svc: svc, byCode: map[string]string{}, byID: map[string]string{}}
}

func (e *employers) load(ctx context.Context) error {
	if e.loaded {
		return nil
	}
	err := e.svc.EachEnterprise(ctx, models.EnterpriseFilter{}, func(ent *models.Enterprise) error {
		e.byCode[ent.CreditCode] = ent.ID.Hex()
		e.byID[ent.ID.Hex()] = ent.CreditCode
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
