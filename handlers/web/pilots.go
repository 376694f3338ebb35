package web

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
)

// pilots are a school's certificate pilots (试点): a certificate, a school year
// and the majors piloting it. Registering a student of another major for an
// assessment then needs a reason.
func (w *Handler) pilots() *resource[models.Pilot, models.PilotFields, models.PilotFilter] {
	return &resource[models.Pilot, models.PilotFields, models.PilotFilter]{
		path: "/pilots", noun: "试点",
		search:       "批准文号或考核站点",
		filters:      []formField{{Name: "entryId", Label: "证书"}, {Name: "schoolYear", Label: "学年"}},
		schoolFilter: true,
		sorts:        []option{{"-schoolYear", "学年（新到旧）"}, {"schoolYear", "学年（旧到新）"}, {"-updatedAt", "最近修改"}},
		columns:      []string{"学年", "证书", "试点专业", "批准文号", "考核站点"},
		filter: func(lp models.ListParams, q map[string]string) models.PilotFilter {
			year, _ := strconv.Atoi(q["schoolYear"])
			return models.PilotFilter{ListParams: lp, SchoolID: q["schoolId"], EntryID: q["entryId"], SchoolYear: year}
		},
		filterOptions: w.certFilterOptions("schoolYear"),
		find:          w.Certs.FindPilots,
		rowFor: func(c *fiber.Ctx) (func(*models.Pilot) (string, []string), error) {
			cat, err := w.catalogue(c)
			if err != nil {
				return nil, err
			}
			majors, _, err := w.majorNames(c, "")
			if err != nil {
				return nil, err
			}
			return func(pl *models.Pilot) (string, []string) {
				return "/pilots/" + pl.ID.Hex(), []string{models.StatYear{Start: pl.SchoolYear}.Label(), cat.name(pl.EntryID),
					majorList(pl.MajorCodes, majors), pl.ApprovalRef, pl.AssessmentSite}
			}, nil
		},
		get:    w.Certs.FindPilotByID,
		about:  func(pl *models.Pilot) (bson.ObjectID, string, int64) { return pl.ID, pilotTitle(pl), pl.Version },
		detail: func(*models.Pilot) []pair { return nil },
		more: func(c *fiber.Ctx, pl *models.Pilot) ([]pair, error) {
			cat, err := w.catalogue(c)
			if err != nil {
				return nil, err
			}
			majors, _, err := w.majorNames(c, pl.SchoolID.Hex())
			if err != nil {
				return nil, err
			}
			return append([]pair{{"学年", models.StatYear{Start: pl.SchoolYear}.Label()}, {"证书", cat.name(pl.EntryID)},
				{"试点专业", majorList(pl.MajorCodes, majors)}, {"批准文号", pl.ApprovalRef}, {"考核站点", pl.AssessmentSite}}, stamp(&pl.Meta)...), nil
		},
		form: w.pilotForm,
		read: func(v map[string]string) (models.PilotFields, map[string]string) {
			errs := map[string]string{}
			f := models.PilotFields{Version: version(v), SchoolID: text(v, "schoolId"), EntryID: text(v, "entryId"),
				SchoolYear: number(v, "schoolYear", "学年须为起始年份，如2025", errs), ApprovalRef: text(v, "approvalRef"),
				AssessmentSite: text(v, "assessmentSite")}
			if s, ok := v["majorCodes"]; ok {
				codes := splitList(s)
				f.MajorCodes = &codes
			}
			return f, errs
		},
		values: func(pl *models.Pilot) map[string]string {
			return map[string]string{"entryId": pl.EntryID.Hex(), "schoolYear": strconv.Itoa(pl.SchoolYear),
				"majorCodes": strings.Join(pl.MajorCodes, ","), "approvalRef": pl.ApprovalRef, "assessmentSite": pl.AssessmentSite}
		},
		initial:  func(*fiber.Ctx) map[string]string { return map[string]string{"schoolYear": strconv.Itoa(w.statYear())} },
		create:   w.Certs.CreatePilot,
		update:   w.Certs.UpdatePilot,
		remove:   w.Certs.DeletePilot,
		mayWrite: officeOfSchool[models.Pilot],
	}
}

func pilotTitle(pl *models.Pilot) string {
	return models.StatYear{Start: pl.SchoolYear}.Label() + "试点"
}

// pilotForm offers the catalogue, the school years and the school's majors as a
// multiple select; a school without majors yet gets a comma list instead.
func (w *Handler) pilotForm(c *fiber.Ctx, pl *models.Pilot) ([]formField, error) {
	cat, err := w.catalogue(c)
	if err != nil {
		return nil, err
	}
	school, keep := "", ""
	if pl != nil {
		school, keep = pl.SchoolID.Hex(), pl.EntryID.Hex()
	}
	_, majors, err := w.majorNames(c, school)
	if err != nil {
		return nil, err
	}
	codes := formField{Name: "majorCodes", Label: "试点专业", Required: true, Multiple: true, Options: majors,
		Hint: "可多选（按住Ctrl，Mac为Command）；只能选本校已开设的专业"}
	if len(majors) == 0 {
		codes = formField{Name: "majorCodes", Label: "试点专业代码", Required: true, Hint: "本校尚未录入专业；可填专业代码，多个用逗号分隔，如710201,710202"}
	}
	return w.withSchoolChoice(c, pl == nil, []formField{
		{Name: "entryId", Label: "证书", Required: true, Options: cat.options("", "请选择证书", keep)},
		{Name: "schoolYear", Label: "学年", Required: true, Options: w.yearOptions()},
		codes,
		{Name: "approvalRef", Label: "批准文号"},
		{Name: "assessmentSite", Label: "考核站点"},
	})
}

// certFilterOptions fills the certificate filter and, named yearField, the
// statistical year filter of the certificate lists.
func (w *Handler) certFilterOptions(yearField string) func(c *fiber.Ctx) (map[string][]option, error) {
	return func(c *fiber.Ctx) (map[string][]option, error) {
		cat, err := w.catalogue(c)
		if err != nil {
			return nil, err
		}
		return map[string][]option{"entryId": cat.all(), yearField: w.yearOptions()}, nil
	}
}
