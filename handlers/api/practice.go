package api

import (
	"github.com/gofiber/fiber/v2"

	"github.com/chanjiao/chanjiao/models"
)

func (h *Handler) listPractices(c *fiber.Ctx) error {
	lp, err := listParams(c)
	if err != nil {
		return err
	}
	f := models.PracticeFilter{ListParams: lp, SchoolID: c.Query("schoolId"), TeacherID: c.Query("teacherId"),
		EnterpriseID: c.Query("enterpriseId"), Status: c.Query("status")}
	if f.Year, err = queryYear(c, "year"); err != nil {
		return err
	}
	page, err := h.Practice.FindPractices(c.UserContext(), f)
	return render(c, page, err)
}

func (h *Handler) getPractice(c *fiber.Ctx) error { return fetched(c, h.Practice.FindPracticeByID) }
func (h *Handler) createPractice(c *fiber.Ctx) error {
	return createdFrom(c, h.Practice.CreatePractice)
}
func (h *Handler) updatePractice(c *fiber.Ctx) error {
	return updatedFrom(c, h.Practice.UpdatePractice)
}
func (h *Handler) deletePractice(c *fiber.Ctx) error  { return deleted(c, h.Practice.DeletePractice) }
func (h *Handler) confirmPractice(c *fiber.Ctx) error { return updatedFrom(c, h.Practice.Confirm) }
func (h *Handler) approvePractice(c *fiber.Ctx) error { return updatedFrom(c, h.Practice.Approve) }

// AsOf reads the reference date of ?asOf=YYYY-MM-DD (zero, for today, when
// empty), for the API and the pages alike.
func AsOf(c *fiber.Ctx) (models.Date, error) {
	s := c.Query("asOf")
	if s == "" {
		return models.Date{}, nil
	}
	d, err := models.ParseDate(s)
	if err != nil {
		return d, models.Invalid("asOf", "参考日期须为有效日期，格式为YYYY-MM-DD")
	}
	return d, nil
}

func (h *Handler) practiceWarnings(c *fiber.Ctx) error {
	d, err := AsOf(c)
	if err != nil {
		return err
	}
	list, err := h.Practice.Warnings(c.UserContext(), c.Query("schoolId"), d, c.Query("status"))
	return render(c, list, err)
}

func (h *Handler) practiceStanding(c *fiber.Ctx) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	d, err := AsOf(c)
	if err != nil {
		return err
	}
	st, err := h.Practice.StandingOf(c.UserContext(), id, d)
	return render(c, st, err)
}

func (h *Handler) listRecognitions(c *fiber.Ctx) error {
	lp, err := listParams(c)
	if err != nil {
		return err
	}
	f := models.RecognitionFilter{ListParams: lp, SchoolID: c.Query("schoolId"), TeacherID: c.Query("teacherId"),
		Level: c.Query("level"), Status: c.Query("status")}
	page, err := h.Practice.FindRecognitions(c.UserContext(), f)
	return render(c, page, err)
}

func (h *Handler) getRecognition(c *fiber.Ctx) error {
	return fetched(c, h.Practice.FindRecognitionByID)
}
func (h *Handler) createRecognition(c *fiber.Ctx) error {
	return createdFrom(c, h.Practice.CreateRecognition)
}
func (h *Handler) updateRecognition(c *fiber.Ctx) error {
	return updatedFrom(c, h.Practice.UpdateRecognition)
}
func (h *Handler) deleteRecognition(c *fiber.Ctx) error {
	return deleted(c, h.Practice.DeleteRecognition)
}
