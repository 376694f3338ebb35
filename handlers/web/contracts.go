package web

import (
	"strconv"

	"github.com/gofiber/fiber/v2"
	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
)

var contractStatuses = []option{{models.ContractActive, "履行中"}, {models.ContractEnded, "期满"}, {models.ContractTerminated, "解除"}}

// contracts are apprentices' contracts (学徒培养协议), one per student and
// programme, separate from the internship agreement. The form names the
// student by 学号 and takes the wage in yuan.
func (w *Handler) contracts() *resource[models.Contract, models.ContractFields, models.ContractFilter] {
	return &resource[models.Contract, models.ContractFields, models.ContractFilter]{
		path: "/apprenticeship-contracts", noun: "学徒合同",
		search: "学号、姓名、合同编号或师傅姓名",
		filters: []formField{{Name: "programmeId", Label: "学徒制项目"}, {Name: "status", Label: "合同状态", Options: contractStatuses},
			{Name: "year", Label: "统计学年"}},
		schoolFilter: true,
		sorts:        []option{{"-startDate", "开始日期（新到旧）"}, {"studentNo", "学号"}, {"status", "合同状态"}, {"-updatedAt", "最近修改"}},
		columns:      []string{"学生", "学徒制项目", "培养企业", "企业师傅", "开始日期", "结束日期", "合同编号", "合同状态"},
		filter: func(lp models.ListParams, q map[string]string) models.ContractFilter {
			year, _ := strconv.Atoi(q["year"])
			return models.ContractFilter{ListParams: lp, SchoolID: q["schoolId"], ProgrammeID: q["programmeId"], Status: q["status"], Year: year}
		},
		filterOptions: func(c *fiber.Ctx) (map[string][]option, error) {
			programmes, err := w.programmeOptions(c, "", "")
			if err != nil {
				return nil, err
			}
			return map[string][]option{"programmeId": programmes, "year": w.yearOptions()}, nil
		},
		find: w.Cohorts.FindContracts,
		rowFor: func(c *fiber.Ctx) (func(*models.Contract) (string, []string), error) {
			programme, ent := w.programmeNames(c), w.enterpriseNames(c)
			return func(ct *models.Contract) (string, []string) {
				return "/apprenticeship-contracts/" + ct.ID.Hex(), []string{person(ct.Student), programme(ct.ProgrammeID), ent(ct.EnterpriseID),
					ct.MasterName, ct.StartDate.String(), ct.EndDate.String(), ct.Doc, labelOf(contractStatuses, ct.Status)}
			}, nil
		},
		get: w.Cohorts.FindContractByID,
		about: func(ct *models.Contract) (bson.ObjectID, string, int64) {
			return ct.ID, ct.Student.Name + " · " + ct.Doc, ct.Version
		},
		detail: func(*models.Contract) []pair { return nil },
		more:   w.contractPairs,
		form:   w.contractForm,
		read:   readContract,
		lookup: func(c *fiber.Ctx, ct *models.Contract, v map[string]string, f *models.ContractFields, errs map[string]string) (err error) {
			school := v["schoolId"]
			if ct != nil {
				school = ct.SchoolID.Hex()
			}
			f.StudentID, err = w.studentIDOf(c, school, v, errs)
			return err
		},
		errorsOn: func(_, fe map[string]string) { moveError(fe, "studentId", "studentNo") },
		values: func(ct *models.Contract) map[string]string {
			return map[string]string{"programmeId": ct.ProgrammeID.Hex(), "studentNo": ct.Student.StudentNo, "enterpriseId": ct.EnterpriseID.Hex(),
				"signedAt": ct.SignedAt.String(), "startDate": ct.StartDate.String(), "endDate": ct.EndDate.String(), "post": ct.Post,
				"masterName": ct.MasterName, "masterPhone": ct.MasterPhone, "wageFen": yuanOf(ct.WageFen), "guardianName": ct.GuardianName,
				"insurancePolicyNo": ct.InsurancePolicyNo, "doc": ct.Doc, "status": ct.Status, "terminationReason": ct.TerminationReason,
				"terminatedAt": dateText(ct.TerminatedAt)}
		},
		initial:  w.contractDefaults,
		create:   w.Cohorts.CreateContract,
		update:   w.Cohorts.UpdateContract,
		remove:   w.Cohorts.DeleteContract,
		mayWrite: officeOfSchool[models.Contract],
	}
}

// contractDefaults start a contract as in force, in the programme the link
// came from (a programme's page) with its enterprise when it has only one.
func (w *Handler) contractDefaults(c *fiber.Ctx) map[string]string {
	v := map[string]string{"status": models.ContractActive}
	id, err := models.ParseID(c.Query("programmeId"))
	if err != nil {
		return v
	}
	if pr, err := w.Cohorts.FindProgrammeByID(c.UserContext(), id); err == nil {
		v["programmeId"] = pr.ID.Hex()
		if len(pr.EnterpriseIDs) == 1 {
			v["enterpriseId"] = pr.EnterpriseIDs[0].Hex()
		}
	}
	return v
}

func (w *Handler) contractPairs(c *fiber.Ctx, ct *models.Contract) ([]pair, error) {
	pairs := []pair{{"学生", person(ct.Student)}, {"学徒制项目", w.programmeNames(c)(ct.ProgrammeID)},
		{"培养企业", w.enterpriseNames(c)(ct.EnterpriseID)}, {"签订日期", ct.SignedAt.String()}, {"开始日期", ct.StartDate.String()},
		{"结束日期", ct.EndDate.String()}, {"学徒岗位", ct.Post}, {"企业师傅", ct.MasterName}, {"师傅联系电话", ct.MasterPhone},
		{"学徒工资或补贴", yuanOf(ct.WageFen) + " 元/月"}, {"监护人", ct.GuardianName}, {"保险单号", ct.InsurancePolicyNo},
		{"合同编号", ct.Doc}, {"合同状态", labelOf(contractStatuses, ct.Status)}}
	if ct.TerminationReason != "" {
		pairs = append(pairs, pair{"解除日期", ct.TerminatedAt.String()}, pair{"解除原因", ct.TerminationReason})
	}
	return append(pairs, stamp(&ct.Meta)...), nil
}

// contractForm offers the school's programmes and every enterprise; the
// student is named by 学号.
func (w *Handler) contractForm(c *fiber.Ctx, ct *models.Contract) ([]formField, error) {
	school := ""
	if ct != nil {
		school = ct.SchoolID.Hex()
	}
	programmes, err := w.programmeOptions(c, school, "请选择学徒制项目")
	if err != nil {
		return nil, err
	}
	ents, err := w.enterpriseOptions(c, "请选择培养企业")
	if err != nil {
		return nil, err
	}
	return w.withSchoolChoice(c, ct == nil, []formField{
		{Name: "programmeId", Label: "学徒制项目", Required: true, Options: programmes},
		{Name: "studentNo", Label: "学生学号", Required: true, Hint: "本校学生的学号；学生的专业须为项目的专业"},
		{Name: "enterpriseId", Label: "培养企业", Required: true, Options: ents, Hint: "须为项目的合作企业"},
		{Name: "signedAt", Label: "签订日期", Required: true, Type: "date", Hint: "学徒合同须在培养开始前签订"},
		{Name: "startDate", Label: "开始日期", Required: true, Type: "date"},
		{Name: "endDate", Label: "结束日期", Required: true, Type: "date"},
		{Name: "post", Label: "学徒岗位"},
		{Name: "masterName", Label: "企业师傅", Required: true},
		{Name: "masterPhone", Label: "师傅联系电话", Type: "tel"},
		{Name: "wageFen", Label: "学徒工资或补贴（元/月）", Hint: "以元为单位，如2000或2000.50"},
		{Name: "guardianName", Label: "监护人", Hint: "签订时学生未满18周岁的，须由监护人签字并填写其姓名"},
		{Name: "insurancePolicyNo", Label: "保险单号"},
		{Name: "doc", Label: "合同编号", Required: true},
		{Name: "status", Label: "合同状态", Required: true, Options: contractStatuses},
		{Name: "terminatedAt", Label: "解除日期", Type: "date", Hint: "合同解除时填写；学生数只统计到这一天"},
		{Name: "terminationReason", Label: "解除原因", Type: "textarea", Hint: "合同解除时填写；其他状态留空"},
	})
}

func readContract(v map[string]string) (models.ContractFields, map[string]string) {
	r := reader{v: v, errs: map[string]string{}}
	f := models.ContractFields{Version: version(v), SchoolID: text(v, "schoolId"), ProgrammeID: text(v, "programmeId"),
		EnterpriseID: text(v, "enterpriseId"), SignedAt: text(v, "signedAt"), StartDate: text(v, "startDate"), EndDate: text(v, "endDate"),
		Post: text(v, "post"), MasterName: text(v, "masterName"), MasterPhone: text(v, "masterPhone"), GuardianName: text(v, "guardianName"),
		InsurancePolicyNo: text(v, "insurancePolicyNo"), Doc: text(v, "doc"), Status: text(v, "status"),
		TerminationReason: text(v, "terminationReason"), TerminatedAt: text(v, "terminatedAt")}
	if r.has("wageFen") {
		wage := r.fen("wageFen")
		f.WageFen = &wage
	}
	return f, r.errs
}

// dateText is a date as a form shows it: empty when not set.
func dateText(d models.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}
