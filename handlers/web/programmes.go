package web

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
)

// programmes are 现代学徒制 apprenticeship programmes: a major and cohort of the
// school trained with one or more enterprises. A programme's page lists its
// contracts and offers to add one.
func (w *Handler) programmes() *resource[models.Programme, models.ProgrammeFields, models.ProgrammeFilter] {
	return &resource[models.Programme, models.ProgrammeFields, models.ProgrammeFilter]{
		path: "/apprenticeship-programmes", noun: "学徒制项目",
		search:       "项目名称或专业代码",
		filters:      []formField{{Name: "enterpriseId", Label: "合作企业"}, {Name: "year", Label: "统计学年"}},
		schoolFilter: true,
		sorts:        []option{{"-cohortYear", "年级（新到旧）"}, {"name", "项目名称"}, {"-startDate", "开始日期（新到旧）"}, {"-updatedAt", "最近修改"}},
		columns:      []string{"项目名称", "专业与年级", "合作企业", "开始日期", "结束日期", "学校负责人", "企业负责人"},
		filter: func(lp models.ListParams, q map[string]string) models.ProgrammeFilter {
			year, _ := strconv.Atoi(q["year"])
			return models.ProgrammeFilter{ListParams: lp, SchoolID: q["schoolId"], EnterpriseID: q["enterpriseId"], Year: year}
		},
		filterOptions: w.cohortFilterOptions,
		find:          w.Cohorts.FindProgrammes,
		rowFor: func(c *fiber.Ctx) (func(*models.Programme) (string, []string), error) {
			majors, _, err := w.majorNames(c, "")
			if err != nil {
				return nil, err
			}
			ent := w.enterpriseNames(c)
			return func(pr *models.Programme) (string, []string) {
				return "/apprenticeship-programmes/" + pr.ID.Hex(), []string{pr.Name, cohortLabel(pr.MajorCode, pr.CohortYear, majors),
					enterpriseList(pr.EnterpriseIDs, ent), pr.StartDate.String(), pr.EndDate.String(), pr.SchoolLead, pr.EnterpriseLead}
			}, nil
		},
		get:    w.Cohorts.FindProgrammeByID,
		about:  func(pr *models.Programme) (bson.ObjectID, string, int64) { return pr.ID, pr.Name, pr.Version },
		detail: func(*models.Programme) []pair { return nil },
		more:   w.programmePairs,
		tables: w.programmeContracts,
		form:   w.programmeForm,
		read:   readProgramme,
		values: func(pr *models.Programme) map[string]string {
			ids := make([]string, len(pr.EnterpriseIDs))
			for i, id := range pr.EnterpriseIDs {
				ids[i] = id.Hex()
			}
			return map[string]string{"name": pr.Name, "enterpriseIds": strings.Join(ids, ","), "majorCode": pr.MajorCode,
				"cohortYear": strconv.Itoa(pr.CohortYear), "startDate": pr.StartDate.String(), "endDate": pr.EndDate.String(),
				"trainingPlanDoc": pr.TrainingPlanDoc, "schoolLead": pr.SchoolLead, "enterpriseLead": pr.EnterpriseLead}
		},
		initial:  w.cohortDefaults,
		create:   w.Cohorts.CreateProgramme,
		update:   w.Cohorts.UpdateProgramme,
		remove:   w.Cohorts.DeleteProgramme,
		mayWrite: officeOfSchool[models.Programme],
	}
}

// cohortFilterOptions are the choices of the enterprise and year filters of
// programmes and order classes.
func (w *Handler) cohortFilterOptions(c *fiber.Ctx) (map[string][]option, error) {
	ents, err := w.enterpriseChoices(c)
	if err != nil {
		return nil, err
	}
	return map[string][]option{"enterpriseId": ents, "year": w.yearOptions()}, nil
}

// cohortDefaults start a programme or an order class with this year's cohort.
func (w *Handler) cohortDefaults(*fiber.Ctx) map[string]string {
	return map[string]string{"cohortYear": strconv.Itoa(w.statYear())}
}

// enterpriseList names enterprises, "甲公司、乙公司".
func enterpriseList(ids []bson.ObjectID, name func(bson.ObjectID) string) string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = name(id)
	}
	return strings.Join(out, "、")
}

func (w *Handler) programmePairs(c *fiber.Ctx, pr *models.Programme) ([]pair, error) {
	majors, _, err := w.majorNames(c, pr.SchoolID.Hex())
	if err != nil {
		return nil, err
	}
	return append([]pair{{"项目名称", pr.Name}, {"专业", strings.TrimSpace(pr.MajorCode + " " + majors[pr.MajorCode])},
		{"年级", fmt.Sprintf("%d级", pr.CohortYear)}, {"合作企业", enterpriseList(pr.EnterpriseIDs, w.enterpriseNames(c))},
		{"开始日期", pr.StartDate.String()}, {"结束日期", pr.EndDate.String()}, {"人才培养方案", pr.TrainingPlanDoc},
		{"学校负责人", pr.SchoolLead}, {"企业负责人", pr.EnterpriseLead}}, stamp(&pr.Meta)...), nil
}

// programmeContracts is the programme's contracts, with links to add one and,
// when there are more than a page, to see them all.
func (w *Handler) programmeContracts(c *fiber.Ctx, pr *models.Programme) ([]detailTable, error) {
	res, err := w.Cohorts.FindContracts(c.UserContext(), models.ContractFilter{ProgrammeID: pr.ID.Hex(),
		ListParams: models.ListParams{PageSize: models.MaxPageSize, Sort: "startDate"}})
	if err != nil {
		return nil, err
	}
	ent := w.enterpriseNames(c)
	t := detailTable{Title: fmt.Sprintf("学徒合同（%d份）", res.Total), Empty: "尚未登记学徒合同",
		Columns: []string{"学生", "合同编号", "培养企业", "企业师傅", "开始日期", "结束日期", "合同状态"}}
	for _, ct := range res.Items {
		t.Rows = append(t.Rows, listRow{Href: "/apprenticeship-contracts/" + ct.ID.Hex(), Cells: []string{person(ct.Student), ct.Doc,
			ent(ct.EnterpriseID), ct.MasterName, ct.StartDate.String(), ct.EndDate.String(), labelOf(contractStatuses, ct.Status)}})
	}
	if p, _ := models.PrincipalFrom(c.UserContext()); officeOfSchool(p, pr) {
		t.Links = append(t.Links, link{"新增学徒合同", "/apprenticeship-contracts/new?programmeId=" + pr.ID.Hex()})
	}
	if res.Total > int64(len(res.Items)) {
		t.Links = append(t.Links, link{"查看全部合同", "/apprenticeship-contracts?programmeId=" + pr.ID.Hex()})
	}
	return []detailTable{t}, nil
}

// programmeForm offers the school's majors and every enterprise.
func (w *Handler) programmeForm(c *fiber.Ctx, pr *models.Programme) ([]formField, error) {
	var school bson.ObjectID
	keep := ""
	if pr != nil {
		school, keep = pr.SchoolID, pr.MajorCode
	}
	ents, err := w.enterpriseChoices(c)
	if err != nil {
		return nil, err
	}
	head, err := w.cohortFields(c, school, keep, "项目名称", "如“数控技术应用专业现代学徒制（甲科技）”")
	if err != nil {
		return nil, err
	}
	return w.withSchoolChoice(c, pr == nil, append(head[:1:1],
		formField{Name: "enterpriseIds", Label: "合作企业", Required: true, Multiple: true, Options: ents,
			Hint: "一家或多家；按住Ctrl（Mac上为⌘）可多选。仍有学徒合同的培养企业不能移除"},
		head[1], head[2],
		formField{Name: "startDate", Label: "开始日期", Required: true, Type: "date"},
		formField{Name: "endDate", Label: "结束日期", Required: true, Type: "date"},
		formField{Name: "trainingPlanDoc", Label: "人才培养方案", Hint: "校企共同制定的人才培养方案的文件名或文号"},
		formField{Name: "schoolLead", Label: "学校负责人"},
		formField{Name: "enterpriseLead", Label: "企业负责人"},
	))
}

func readProgramme(v map[string]string) (models.ProgrammeFields, map[string]string) {
	errs := map[string]string{}
	f := models.ProgrammeFields{Version: version(v), SchoolID: text(v, "schoolId"), Name: text(v, "name"), MajorCode: text(v, "majorCode"),
		CohortYear: number(v, "cohortYear", "年级须为入学年份，如2024", errs), StartDate: text(v, "startDate"), EndDate: text(v, "endDate"),
		TrainingPlanDoc: text(v, "trainingPlanDoc"), SchoolLead: text(v, "schoolLead"), EnterpriseLead: text(v, "enterpriseLead")}
	if s, ok := v["enterpriseIds"]; ok {
		ids := strings.Split(s, ",")
		f.EnterpriseIDs = &ids
	}
	return f, errs
}
