package api

import (
	"slices"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/figures"
)

// FigureRecords is one page of the records behind a figure (or one of its parts).
type FigureRecords struct {
	Figure   *figures.Figure `json:"figure"`
	Part     *figures.Part   `json:"part,omitempty"`
	Items    []figures.Ref   `json:"items"`
	Total    int             `json:"total"`
	Page     int             `json:"page"`
	PageSize int             `json:"pageSize"`
}

func (h *Handler) getFigures(c *fiber.Ctx) error {
	var errs models.ValidationError
	year := statYear(c, &errs)
	if err := errs.Err(); err != nil {
		return err
	}
	rep, err := h.Figures.Compute(c.UserContext(), c.Query("schoolId"), year)
	return render(c, rep, err)
}

// listFigureRecords pages the full list Service.Records returns.
func (h *Handler) listFigureRecords(c *fiber.Ctx) error {
	var errs models.ValidationError
	year := statYear(c, &errs)
	lp := models.ListParams{Page: queryInt(c, "page", &errs), PageSize: queryInt(c, "pageSize", &errs)}
	if lp.PageSize > models.MaxPageSize {
		errs.Add("pageSize", "每页条数不能超过"+strconv.Itoa(models.MaxPageSize))
	}
	if err := errs.Err(); err != nil {
		return err
	}
	part := c.Query("part")
	fig, refs, err := h.Figures.Records(c.UserContext(), c.Params("id"), part, c.Query("schoolId"), year)
	if err != nil {
		return err
	}
	lp.Normalize()
	out := FigureRecords{Figure: fig, Items: []figures.Ref{}, Total: len(refs), Page: lp.Page, PageSize: lp.PageSize}
	if part != "" {
		if i := slices.IndexFunc(fig.Parts, func(p figures.Part) bool { return p.Key == part }); i >= 0 {
			out.Part = &fig.Parts[i]
		}
	}
	if from := (lp.Page - 1) * lp.PageSize; from < len(refs) {
		out.Items = refs[from:min(from+lp.PageSize, len(refs))]
	}
	return c.JSON(out)
}

// statYear reads the required ?year=, the first calendar year of the
// statistical year (1 September to 31 August); the service checks its range.
func statYear(c *fiber.Ctx, errs *models.ValidationError) int {
	s := c.Query("year")
	if s == "" {
		errs.Add("year", "请指定统计学年（起始年份），如2025表示2025年9月1日至2026年8月31日")
		return 0
	}
	y, err := strconv.Atoi(s)
	if err != nil {
		errs.Add("year", "统计学年须为整数年份，如2025表示2025年9月1日至2026年8月31日")
	}
	return y
}
