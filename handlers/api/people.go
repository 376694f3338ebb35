package api

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/chanjiao/chanjiao/models"
)

func (h *Handler) listMajors(c *fiber.Ctx) error {
	lp, err := listParams(c)
	if err != nil {
		return err
	}
	f := models.MajorFilter{ListParams: lp, SchoolID: c.Query("schoolId"), Level: c.Query("level")}
	page, err := h.People.FindMajors(c.UserContext(), f)
	return render(c, page, err)
}

func (h *Handler) getMajor(c *fiber.Ctx) error    { return fetched(c, h.People.FindMajorByID) }
func (h *Handler) createMajor(c *fiber.Ctx) error { return createdFrom(c, h.People.CreateMajor) }
func (h *Handler) updateMajor(c *fiber.Ctx) error { return updatedFrom(c, h.People.UpdateMajor) }
func (h *Handler) deleteMajor(c *fiber.Ctx) error { return deleted(c, h.People.DeleteMajor) }

func (h *Handler) listStudents(c *fiber.Ctx) error {
	lp, err := listParams(c)
	if err != nil {
		return err
	}
	f := models.StudentFilter{ListParams: lp, SchoolID: c.Query("schoolId"), MajorCode: c.Query("majorCode"),
		ClassName: c.Query("className"), Status: c.Query("status")}
	if s := c.Query("cohortYear"); s != "" {
		if f.CohortYear, err = strconv.Atoi(s); err != nil {
			return models.Invalid("cohortYear", "入学年份须为整数")
		}
	}
	page, err := h.People.FindStudents(c.UserContext(), f)
	return render(c, page, err)
}

func (h *Handler) getStudent(c *fiber.Ctx) error    { return fetched(c, h.People.FindStudentByID) }
func (h *Handler) createStudent(c *fiber.Ctx) error { return createdFrom(c, h.People.CreateStudent) }
func (h *Handler) updateStudent(c *fiber.Ctx) error { return updatedFrom(c, h.People.UpdateStudent) }
func (h *Handler) deleteStudent(c *fiber.Ctx) error { return deleted(c, h.People.DeleteStudent) }

func (h *Handler) listTeachers(c *fiber.Ctx) error {
	lp, err := listParams(c)
	if err != nil {
		return err
	}
	f := models.TeacherFilter{ListParams: lp, SchoolID: c.Query("schoolId"), CourseType: c.Query("courseType"),
		Employment: c.Query("employment")}
	page, err := h.People.FindTeachers(c.UserContext(), f)
	return render(c, page, err)
}

func (h *Handler) getTeacher(c *fiber.Ctx) error    { return fetched(c, h.People.FindTeacherByID) }
func (h *Handler) createTeacher(c *fiber.Ctx) error { return createdFrom(c, h.People.CreateTeacher) }
func (h *Handler) updateTeacher(c *fiber.Ctx) error { return updatedFrom(c, h.People.UpdateTeacher) }
func (h *Handler) deleteTeacher(c *fiber.Ctx) error { return deleted(c, h.People.DeleteTeacher) }
