package sheets

import (
	"context"
	"errors"
	"fmt"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/enterprises"
)

// employers turns a teacher's employer between the sheet's 统一社会信用代码 and the
// record's enterprise id, asking the enterprises service once per distinct value
// in a request.
type employers struct {
	svc    *enterprises.Service
	byCode map[string]string // credit code -> hex id, "" when there is none
	byID   map[string]string // hex id -> credit code
}

func newEmployers(svc *enterprises.Service) *employers {
	return &employers{svc: svc, byCode: map[string]string{}, byID: map[string]string{}}
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
	id, ok := e.byCode[code]
	if !ok {
		// The enterprises service has no lookup by credit code: search for it and
		// keep only an exact match (the search also matches names and contacts).
		page, err := e.svc.FindEnterprises(ctx, models.EnterpriseFilter{ListParams: models.ListParams{Q: code, PageSize: pageSize}})
		if err != nil {
			return "", "", fmt.Errorf("sheets: employer: %w", err)
		}
		for _, ent := range page.Items {
			if ent.CreditCode == code {
				id = ent.ID.Hex()
			}
		}
		e.byCode[code] = id
	}
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
	if c, ok := e.byID[id]; ok {
		return c, nil
	}
	oid, err := models.ParseID(id)
	if err != nil {
		return "", nil
	}
	ent, err := e.svc.FindEnterpriseByID(ctx, oid)
	switch {
	case errors.Is(err, models.ErrNotFound):
		e.byID[id] = ""
	case err != nil:
		return "", fmt.Errorf("sheets: employer: %w", err)
	default:
		e.byID[id] = ent.CreditCode
	}
	return e.byID[id], nil
}
