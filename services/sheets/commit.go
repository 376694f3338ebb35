package sheets

import (
	"context"
	"fmt"
	"time"
)

// Commit writes the good rows of a preview, in order, through the services, so
// scope, validation and the audit log apply to each row as to an API call (a
// batch's rows one after the other, each under the batch version the previous
// row's write returned). Rows
// that had errors in the preview are skipped; unchanged rows are counted only. A
// row the service refuses now (changed or created by someone else meanwhile, a
// major removed …) is listed in Failed and the rest go on. The preview is not
// trusted: a tampered row can do no more than the caller could through the API.
// An error is returned only when the caller may not import at all, or when the
// store fails; the Result then counts the rows written before it.
func (s *Service) Commit(ctx context.Context, pv *Preview) (_ Result, err error) {
	res := Result{Failed: []RowFailure{}}
	sp, err := spec(pv.Kind)
	if err != nil {
		return res, err
	}
	// Timed only once the kind is known: the label takes no value from the
	// preview that is not one of the kinds.
	defer s.Metrics.ObserveImport(string(pv.Kind), time.Now(), &err)
	t, err := s.importScope(ctx, pv.Kind, Target{SchoolID: pv.SchoolID, BatchID: pv.BatchID})
	if err != nil {
		return res, fmt.Errorf("sheets: commit: %w", err)
	}
	a := s.area(pv.Kind, t)
	for _, row := range pv.Rows {
		if len(row.Errors) > 0 {
			res.Skipped++
			continue
		}
		if err := ctx.Err(); err != nil {
			return res, fmt.Errorf("sheets: commit: %w", err)
		}
		if err := commitRow(ctx, sp, a, row, &res); err != nil {
			return res, fmt.Errorf("sheets: commit: row %d: %w", row.Number, err)
		}
	}
	return res, nil
}

// commitRow writes one row and counts it; only a store failure is returned.
func commitRow(ctx context.Context, sp *kindSpec, a area, row Row, res *Result) error {
	action, err := a.save(ctx, row)
	if err != nil {
		errs := map[string]string{}
		if err := addServiceErrors(err, errs); err != nil {
			return err
		}
		res.Failed = append(res.Failed, RowFailure{Row: row.Number, Key: row.Key, Errors: cellErrors(sp, row.Number, errs)})
		return nil
	}
	switch action {
	case ActionCreate:
		res.Created++
	case ActionUpdate:
		res.Updated++
	default:
		res.Unchanged++
	}
	return nil
}
