package web

import (
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"
	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
)

var batchResults = []option{{models.ResultPass, "通过"}, {models.ResultFail, "未通过"}, {models.ResultAbsent, "缺考"}}

// resultLabel names a candidate's result; no result yet is 待考.
func resultLabel(r string) string {
	if r == models.ResultPending {
		return "待考"
	}
	return labelOf(batchResults, r)
}

type batchResource = resource[models.Batch, models.BatchFields, models.BatchFilter]

// batches are the assessment batches (考核批次). The list and the batch's own
// form are the generic ones; its page adds the candidates (batch_page.go).
func (w *Handler) batches() *batchResource {
	return &batchResource{
		path: "/batches", noun: "考核批次",
		search:       "批次名称、考核站点或评价组织",
		filters:      []formField{{Name: "entryId", Label: "证书"}, {Name: "year", Label: "统计学年"}},
		schoolFilter: true,
		sorts:        []option{{"-date", "考核日期（新到旧）"}, {"date", "考核日期（旧到新）"}, {"label", "批次名称"}, {"-candidateCount", "报名人数（多到少）"}},
		columns:      []string{"考核日期", "批次名称", "证书", "等级", "考核站点", "报名人数"},
		filter: func(lp models.ListParams, q map[string]string) models.BatchFilter {
			year, _ := strconv.Atoi(q["year"])
			return models.BatchFilter{ListParams: lp, SchoolID: q["schoolId"], EntryID: q["entryId"], Year: year}
		},
		filterOptions: w.certFilterOptions("year"),
		find:          w.Certs.FindBatches,
		rowFor: func(c *fiber.Ctx) (func(*models.Batch) (string, []string), error) {
			cat, err := w.catalogue(c)
			if err != nil {
				return nil, err
			}
			return func(b *models.Batch) (string, []string) {
				return "/batches/" + b.ID.Hex(), []string{b.Date.String(), b.Label, cat.name(b.EntryID), levelLabel(b.Level),
					b.Site, strconv.Itoa(b.CandidateCount)}
			}, nil
		},
		get:    w.Certs.FindBatchByID,
		about:  func(b *models.Batch) (bson.ObjectID, string, int64) { return b.ID, batchTitle(b), b.Version },
		detail: func(*models.Batch) []pair { return nil },
		more:   w.batchPairs,
		form:   w.batchForm,
		read: func(v map[string]string) (models.BatchFields, map[string]string) {
			return models.BatchFields{Version: version(v), SchoolID: text(v, "schoolId"), EntryID: text(v, "entryId"),
				Level: text(v, "level"), Label: text(v, "label"), Date: text(v, "date"), Site: text(v, "site"),
				EvaluationOrg: text(v, "evaluationOrg")}, map[string]string{}
		},
		values: func(b *models.Batch) map[string]string {
			return map[string]string{"entryId": b.EntryID.Hex(), "level": b.Level, "label": b.Label, "date": b.Date.String(),
				"site": b.Site, "evaluationOrg": b.EvaluationOrg}
		},
		create:   w.Certs.CreateBatch,
		update:   w.Certs.UpdateBatch,
		remove:   w.Certs.DeleteBatch,
		mayWrite: officeOfSchool[models.Batch],
	}
}

func batchTitle(b *models.Batch) string {
	if b.Label != "" {
		return b.Label
	}
	return b.Date.String() + " " + levelLabel(b.Level)
}

// batchPairs describe the batch itself, with a count of its results.
func (w *Handler) batchPairs(c *fiber.Ctx, b *models.Batch) ([]pair, error) {
	cat, err := w.catalogue(c)
	if err != nil {
		return nil, err
	}
	n := map[string]int{}
	for _, cd := range b.Candidates {
		n[cd.Result]++
	}
	results := fmt.Sprintf("通过 %d，未通过 %d，缺考 %d，待考 %d", n[models.ResultPass], n[models.ResultFail], n[models.ResultAbsent], n[models.ResultPending])
	return append([]pair{{"证书", cat.name(b.EntryID)}, {"等级", levelLabel(b.Level)}, {"批次名称", b.Label},
		{"考核日期", b.Date.String()}, {"考核站点", b.Site}, {"评价组织", b.EvaluationOrg},
		{"报名人数", strconv.Itoa(len(b.Candidates))}, {"考核结果", results}}, stamp(&b.Meta)...), nil
}

// batchForm offers the catalogue and the levels of the chosen certificate: the
// batch's, or the one posted or linked (?entryId=); every level otherwise.
func (w *Handler) batchForm(c *fiber.Ctx, b *models.Batch) ([]formField, error) {
	cat, err := w.catalogue(c)
	if err != nil {
		return nil, err
	}
	keep := c.FormValue("entryId")
	if keep == "" && b != nil {
		keep = b.EntryID.Hex()
	}
	levels := levelOptions("")
	if id, err := bson.ObjectIDFromHex(keep); err == nil && cat.byID[id] != nil {
		levels = nil
		for _, l := range cat.byID[id].Levels {
			levels = append(levels, option{l, levelLabel(l)})
		}
	}
	return w.withSchoolChoice(c, b == nil, []formField{
		{Name: "entryId", Label: "证书", Required: true, Options: cat.options("", "请选择证书", keep)},
		{Name: "level", Label: "等级", Required: true, Options: append([]option{{"", "请选择等级"}}, levels...),
			Hint: "须为该证书的等级；已有考生报名后证书和等级不能更改"},
		{Name: "label", Label: "批次名称", Hint: "如“2026年秋季第1批”"},
		{Name: "date", Label: "考核日期", Required: true, Type: "date"},
		{Name: "site", Label: "考核站点"},
		{Name: "evaluationOrg", Label: "评价组织", Hint: "不填则取证书目录中的培训评价组织"},
	})
}

// registerBatches mounts the batch pages and the candidates' forms: register,
// record a result, unregister. Each posts the batch version it was shown.
func (w *Handler) registerBatches(r fiber.Router) {
	res := w.batches()
	bp := &batchPages{w: w, res: res}
	res.show = func(c *fiber.Ctx, b *models.Batch, d detailView) error {
		return bp.render(c, b, d, batchState{})
	}
	mount(w, r, res)
	r.Post("/batches/:id/candidates", w.csrf, bp.register)
	r.Post("/batches/:id/candidates/:cid/result", w.csrf, bp.recordResult)
	r.Post("/batches/:id/candidates/:cid/delete", w.csrf, bp.unregister)
}

// studentCertificates lists a student's certificate attempts on the student's
// page, newest first, for the office and the system admin (auditors see
// candidates only under pseudonyms, so not here).
func (w *Handler) studentCertificates(c *fiber.Ctx, s *models.Student) ([]pair, error) {
	if p, _ := models.PrincipalFrom(c.UserContext()); !officeOrAdmin(p) {
		return nil, nil
	}
	cat, err := w.catalogue(c)
	if err != nil {
		return nil, err
	}
	var out []pair
	for page := 1; ; page++ {
		res, err := w.Certs.FindBatches(c.UserContext(), models.BatchFilter{SchoolID: s.SchoolID.Hex(), StudentID: s.ID.Hex(),
			ListParams: models.ListParams{Page: page, PageSize: models.MaxPageSize, Sort: "-date"}})
		if err != nil {
			return nil, err
		}
		for _, b := range res.Items {
			for _, cd := range b.Candidates {
				if cd.StudentID == s.ID {
					out = append(out, pair{"证书考核 " + b.Date.String(), attempt(cat.name(b.EntryID), &b, &cd)})
				}
			}
		}
		if len(res.Items) < models.MaxPageSize || int64(page*models.MaxPageSize) >= res.Total {
			break
		}
	}
	if len(out) == 0 {
		out = append(out, pair{"证书考核", "暂无报考记录"})
	}
	return out, nil
}

// attempt describes one candidate's attempt: certificate, level, batch, result
// and the certificate as issued.
func attempt(entry string, b *models.Batch, cd *models.Candidate) string {
	s := entry + " " + levelLabel(b.Level) + " · " + resultLabel(cd.Result)
	if cd.CertificateNo != "" {
		s += " · 证书编号 " + cd.CertificateNo + "（" + cd.IssueDate.String() + " 发证）"
	}
	if b.Label != "" {
		s += " · 批次 " + b.Label
	}
	return s
}
