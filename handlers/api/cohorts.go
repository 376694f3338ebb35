package api

import (
	"github.com/gofiber/fiber/v2"

	"github.com/chanjiao/chanjiao/models"
)

func (h *Handler) listProgrammes(c *fiber.Ctx) error {
	lp, err := listParams(c)
	if err != nil {
		return err
	}
	f := models.ProgrammeFilter{ListParams: lp, SchoolID: c.Query("schoolId"), EnterpriseID: c.Query("enterpriseId")}
	if f.Year, err = queryYear(c, "year"); err != nil {
		return err
	}
	page, err := h.Cohorts.FindProgrammes(c.UserContext(), f)
	return render(c, page, err)
}

func (h *Handler) getProgramme(c *fiber.Ctx) error { return fetched(c, h.Cohorts.FindProgrammeByID) }
func (h *Handler) createProgramme(c *fiber.Ctx) error {
	return createdFrom(c, h.Cohorts.CreateProgramme)
}
func (h *Handler) updateProgramme(c *fiber.Ctx) error {
	return updatedFrom(c, h.Cohorts.UpdateProgramme)
}
func (h *Handler) deleteProgramme(c *fiber.Ctx) error { return deleted(c, h.Cohorts.DeleteProgramme) }

func (h *Handler) listContracts(c *fiber.Ctx) error {
	lp, err := listParams(c)
	if err != nil {
		return err
	}
	f := models.ContractFilter{ListParams: lp, SchoolID: c.Query("schoolId"), ProgrammeID: c.Query("programmeId"),
		StudentID: c.Query("studentId"), EnterpriseID: c.Query("enterpriseId"), Status: c.Query("status")}
	if f.Year, err = queryYear(c, "year"); err != nil {
		return err
	}
	page, err := h.Cohorts.FindContracts(c.UserContext(), f)
	return render(c, page, err)
}

func (h *Handler) getContract(c *fiber.Ctx) error    { return fetched(c, h.Cohorts.FindContractByID) }
func (h *Handler) createContract(c *fiber.Ctx) error { return createdFrom(c, h.Cohorts.CreateContract) }
func (h *Handler) updateContract(c *fiber.Ctx) error { return updatedFrom(c, h.Cohorts.UpdateContract) }
func (h *Handler) deleteContract(c *fiber.Ctx) error { return deleted(c, h.Cohorts.DeleteContract) }

func (h *Handler) listOrderClasses(c *fiber.Ctx) error {
	lp, err := listParams(c)
	if err != nil {
		return err
	}
	f := models.OrderClassFilter{ListParams: lp, SchoolID: c.Query("schoolId"), EnterpriseID: c.Query("enterpriseId")}
	if f.Year, err = queryYear(c, "year"); err != nil {
		return err
	}
	page, err := h.Cohorts.FindOrderClasses(c.UserContext(), f)
	return render(c, page, err)
}

func (h *Handler) getOrderClass(c *fiber.Ctx) error { return fetched(c, h.Cohorts.FindOrderClassByID) }
func (h *Handler) createOrderClass(c *fiber.Ctx) error {
	return createdFrom(c, h.Cohorts.CreateOrderClass)
}
func (h *Handler) updateOrderClass(c *fiber.Ctx) error {
	return updatedFrom(c, h.Cohorts.UpdateOrderClass)
}
func (h *Handler) deleteOrderClass(c *fiber.Ctx) error { return deleted(c, h.Cohorts.DeleteOrderClass) }
