package api

import (
	"context"
	"strconv"

	"github.com/gofiber/fiber/v2"
	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
)

func (h *Handler) listCertEntries(c *fiber.Ctx) error {
	lp, err := listParams(c)
	if err != nil {
		return err
	}
	f := models.CertEntryFilter{ListParams: lp, Type: c.Query("type"), Status: c.Query("status")}
	page, err := h.Certs.FindEntries(c.UserContext(), f)
	return render(c, page, err)
}

func (h *Handler) getCertEntry(c *fiber.Ctx) error    { return fetched(c, h.Certs.FindEntryByID) }
func (h *Handler) createCertEntry(c *fiber.Ctx) error { return createdFrom(c, h.Certs.CreateEntry) }
func (h *Handler) updateCertEntry(c *fiber.Ctx) error { return updatedFrom(c, h.Certs.UpdateEntry) }
func (h *Handler) deleteCertEntry(c *fiber.Ctx) error { return deleted(c, h.Certs.DeleteEntry) }

func (h *Handler) listPilots(c *fiber.Ctx) error {
	lp, err := listParams(c)
	if err != nil {
		return err
	}
	f := models.PilotFilter{ListParams: lp, SchoolID: c.Query("schoolId"), EntryID: c.Query("entryId")}
	if f.SchoolYear, err = queryYear(c, "schoolYear"); err != nil {
		return err
	}
	page, err := h.Certs.FindPilots(c.UserContext(), f)
	return render(c, page, err)
}

func (h *Handler) getPilot(c *fiber.Ctx) error    { return fetched(c, h.Certs.FindPilotByID) }
func (h *Handler) createPilot(c *fiber.Ctx) error { return createdFrom(c, h.Certs.CreatePilot) }
func (h *Handler) updatePilot(c *fiber.Ctx) error { return updatedFrom(c, h.Certs.UpdatePilot) }
func (h *Handler) deletePilot(c *fiber.Ctx) error { return deleted(c, h.Certs.DeletePilot) }

func (h *Handler) listBatches(c *fiber.Ctx) error {
	lp, err := listParams(c)
	if err != nil {
		return err
	}
	f := models.BatchFilter{ListParams: lp, SchoolID: c.Query("schoolId"), EntryID: c.Query("entryId"), StudentID: c.Query("studentId")}
	if f.Year, err = queryYear(c, "year"); err != nil {
		return err
	}
	page, err := h.Certs.FindBatches(c.UserContext(), f)
	return render(c, page, err)
}

func (h *Handler) getBatch(c *fiber.Ctx) error    { return fetched(c, h.Certs.FindBatchByID) }
func (h *Handler) createBatch(c *fiber.Ctx) error { return createdFrom(c, h.Certs.CreateBatch) }
func (h *Handler) updateBatch(c *fiber.Ctx) error { return updatedFrom(c, h.Certs.UpdateBatch) }
func (h *Handler) deleteBatch(c *fiber.Ctx) error { return deleted(c, h.Certs.DeleteBatch) }

// registerCandidate registers a student for the batch and answers 201 with the
// batch (the new candidate last).
func (h *Handler) registerCandidate(c *fiber.Ctx) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	return createdFrom(c, func(ctx context.Context, r models.Registration) (*models.Batch, error) {
		return h.Certs.Register(ctx, id, r)
	})
}

// unregisterCandidate takes the batch's version from ?version= or, without it,
// from a JSON body {"version": N}, and answers with the batch.
func (h *Handler) unregisterCandidate(c *fiber.Ctx) error {
	id, cid, err := candidatePath(c)
	if err != nil {
		return err
	}
	var body struct {
		Version *int64 `json:"version"`
	}
	if s := c.Query("version"); s != "" {
		v, perr := strconv.ParseInt(s, 10, 64)
		if perr != nil || v < 1 {
			return models.Invalid("version", "版本号须为正整数")
		}
		body.Version = &v
	} else if len(c.Body()) > 0 {
		if err := bind(c, &body); err != nil {
			return err
		}
	}
	b, err := h.Certs.Unregister(c.UserContext(), id, cid, body.Version)
	return render(c, b, err)
}

// recordResult sets a candidate's result and certificate. A body refused for its
// shape is answered without the service's checks: RecordResult claims the
// certificate number before it writes the batch, so even a dry run would touch
// the claims.
func (h *Handler) recordResult(c *fiber.Ctx) error {
	id, cid, err := candidatePath(c)
	if err != nil {
		return err
	}
	var f models.ResultFields
	if err := bind(c, &f); err != nil {
		return err
	}
	b, err := h.Certs.RecordResult(c.UserContext(), id, cid, f)
	return render(c, b, err)
}

// candidatePath parses the :id and :candidateId path parameters.
func candidatePath(c *fiber.Ctx) (batch, candidate bson.ObjectID, err error) {
	if batch, err = pathID(c); err != nil {
		return batch, candidate, err
	}
	candidate, err = models.ParseID(c.Params("candidateId"))
	return batch, candidate, err
}

func (h *Handler) listTrainings(c *fiber.Ctx) error {
	lp, err := listParams(c)
	if err != nil {
		return err
	}
	f := models.TrainingFilter{ListParams: lp, SchoolID: c.Query("schoolId"), TeacherID: c.Query("teacherId")}
	if f.Year, err = queryYear(c, "year"); err != nil {
		return err
	}
	page, err := h.Certs.FindTrainings(c.UserContext(), f)
	return render(c, page, err)
}

func (h *Handler) getTraining(c *fiber.Ctx) error    { return fetched(c, h.Certs.FindTrainingByID) }
func (h *Handler) createTraining(c *fiber.Ctx) error { return createdFrom(c, h.Certs.CreateTraining) }
func (h *Handler) updateTraining(c *fiber.Ctx) error { return updatedFrom(c, h.Certs.UpdateTraining) }
func (h *Handler) deleteTraining(c *fiber.Ctx) error { return deleted(c, h.Certs.DeleteTraining) }

// queryYear reads an optional year query parameter (0 when absent).
func queryYear(c *fiber.Ctx, name string) (int, error) {
	s := c.Query(name)
	if s == "" {
		return 0, nil
	}
	y, err := strconv.Atoi(s)
	if err != nil || y < 2000 || y > 2100 {
		return 0, models.Invalid(name, "学年须为起始年份，如2025表示2025—2026学年")
	}
	return y, nil
}
