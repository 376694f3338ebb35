package api

import (
	"bytes"
	"net/url"
	"strconv"

	"github.com/gofiber/fiber/v2"
	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/report"
)

// annualReport is the live report: every figure of a statistical year beside
// the year before, in the bureau's tables.
func (h *Handler) annualReport(c *fiber.Ctx) error {
	var errs models.ValidationError
	year := statYear(c, &errs)
	if err := errs.Err(); err != nil {
		return err
	}
	a, err := h.Report.Live(c.UserContext(), c.Query("schoolId"), year)
	return render(c, a, err)
}

func (h *Handler) listSnapshots(c *fiber.Ctx) error {
	lp, err := listParams(c)
	if err != nil {
		return err
	}
	f := models.SnapshotFilter{ListParams: lp, SchoolID: c.Query("schoolId"), State: c.Query("state")}
	if c.Query("year") != "" {
		var errs models.ValidationError
		if f.Year = statYear(c, &errs); errs.Err() != nil {
			return errs.Err()
		}
	}
	page, err := h.Report.List(c.UserContext(), f)
	return render(c, page, err)
}

func (h *Handler) prepareSnapshot(c *fiber.Ctx) error { return createdFrom(c, h.Report.Prepare) }
func (h *Handler) getSnapshot(c *fiber.Ctx) error     { return fetched(c, h.Report.Get) }
func (h *Handler) deleteSnapshot(c *fiber.Ctx) error  { return deleted(c, h.Report.Delete) }
func (h *Handler) approveSnapshot(c *fiber.Ctx) error { return updatedFrom(c, h.Report.Approve) }
func (h *Handler) returnSnapshot(c *fiber.Ctx) error  { return updatedFrom(c, h.Report.Return) }
func (h *Handler) snapshotDrift(c *fiber.Ctx) error   { return fetched(c, h.Report.Drift) }

// SnapshotRecords is one page of the records a snapshot froze behind a figure.
type SnapshotRecords struct {
	Figure   *models.FrozenFigure `json:"figure"`
	Items    []models.FrozenRef   `json:"items"`
	Total    int                  `json:"total"`
	Page     int                  `json:"page"`
	PageSize int                  `json:"pageSize"`
}

func (h *Handler) snapshotRecords(c *fiber.Ctx) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	lp, err := listParams(c)
	if err != nil {
		return err
	}
	_, f, refs, err := h.Report.FrozenRecords(c.UserContext(), id, c.Params("figure"), c.Query("part"))
	if err != nil {
		return err
	}
	lp.Normalize()
	out := SnapshotRecords{Figure: f, Items: []models.FrozenRef{}, Total: len(refs), Page: lp.Page, PageSize: lp.PageSize}
	if from := (lp.Page - 1) * lp.PageSize; from < len(refs) {
		out.Items = refs[from:min(from+lp.PageSize, len(refs))]
	}
	return c.JSON(out)
}

// snapshotWorkbook sends the snapshot as an .xlsx workbook.
func (h *Handler) snapshotWorkbook(c *fiber.Ctx) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	return SendWorkbook(c, h.Report, id)
}

// SendWorkbook writes a snapshot's workbook as the response (the pages use it
// too).
func SendWorkbook(c *fiber.Ctx, r *report.Service, id bson.ObjectID) error {
	var buf bytes.Buffer // whole, so that a failure half-way is a clean error
	snap, err := r.Workbook(c.UserContext(), id, &buf)
	if err != nil {
		return err
	}
	name := "产教融合年报-" + strconv.Itoa(snap.Year) + "-第" + strconv.Itoa(snap.Revision) + "版.xlsx"
	c.Set(fiber.HeaderContentType, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="snapshot.xlsx"; filename*=UTF-8''`+url.PathEscape(name))
	return c.Send(buf.Bytes())
}

// verifyWorkbook checks an uploaded workbook (multipart field "file") against
// its cover hash and the stored snapshot.
func (h *Handler) verifyWorkbook(c *fiber.Ctx) error {
	fh, err := c.FormFile("file")
	if err != nil {
		return models.Invalid("file", "请上传导出的年报工作簿（.xlsx，表单字段 file）")
	}
	f, err := fh.Open()
	if err != nil {
		return models.Invalid("file", "上传的文件无法读取")
	}
	defer f.Close()
	v, err := h.Report.VerifyWorkbook(c.UserContext(), f)
	return render(c, v, err)
}
