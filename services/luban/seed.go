package luban

import (
	"context"
	"errors"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
)

// The Chinese institutions of the three workshops (domain.md §7.2).
const (
	hongxing = "天津市红星职业中等专业学校"
	tmc      = "天津医学高等专科学校"
	dongli   = "天津市东丽区职业教育中心学校"
)

func date(s string) models.Date {
	d, err := models.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// seedWorkshops are the workshops of domain.md §7.2 with what it confirms;
// Unconfirmed lists what it does not, so pages show 待核实 there.
func seedWorkshops() []models.Workshop {
	return []models.Workshop{{
		Code: "LW-ML-01", NameZH: "马里鲁班工坊", NameEN: "Luban Workshop in Mali", NameLocal: "Atelier Luban du Mali", LocalLang: "fr",
		Country: "ML", City: "Bamako", HostInstitutions: []string{"USTTB", "ULSHB", "INRMPT"},
		ChineseInstitutions: []models.ChineseInstitution{{Name: tmc, Role: models.InstitutionLead}, {Name: hongxing, Role: models.InstitutionCoBuilder, IsThisSchool: true}},
		Enterprises:         []string{}, Fields: []string{"中医药（传统医学）"}, Majors: []string{},
		AgreementDate: date("2019-10-15"), OpenedDate: date("2019-12-20"), Phase: "一期运营；二期协议2024年3月签订", AreaM2: 400,
		Status:        models.WorkshopOperating,
		StatusHistory: []models.WorkshopStatusChange{{Status: models.WorkshopOperating, Since: date("2019-12-20"), Note: "揭牌运营"}},
		Unconfirmed:   []string{"nameLocal", "chineseInstitutions"},
		Notes: "外方：巴马科科技大学（USTTB）、巴马科人文大学（ULSHB）、传统医药研究所（INRMPT）。已确认成果：面积400平方米；2022年4名本土教师来津培训。" +
			"中方两校的牵头/共建角色待核实。来源：http://subsites.chinadaily.com.cn/tianjin/lubanws/2023-03/17/c_984495.htm",
	}, {
		Code: "LW-CH-01", NameZH: "瑞士鲁班工坊", NameEN: "Luban Workshop in Switzerland", LocalLang: "de", Country: "CH",
		HostInstitutions:    []string{},
		ChineseInstitutions: []models.ChineseInstitution{{Name: hongxing, Role: models.InstitutionLead, IsThisSchool: true}},
		Enterprises:         []string{}, Fields: []string{"健康产业"}, Majors: []string{},
		Status:        models.WorkshopPreparing,
		StatusHistory: []models.WorkshopStatusChange{{Status: models.WorkshopPreparing, Since: date("2021-12-10"), Note: "红桥区十四五规划（2021-12-10）列为已完成运营准备工作；确切日期待核实"}},
		Unconfirmed:   []string{"hostInstitutions", "fields", "localLang", "city", "status"},
		Notes:         "外方合作院校、领域、日期均未经确认（domain.md §11 第7项）；合作方语言为德语或法语，待核实。来源：红桥区教育事业发展第十四个五年规划（2021-12-10）",
	}, {
		Code: "LW-ID-01", NameZH: "印尼鲁班工坊", NameEN: "Luban Workshop in Indonesia", LocalLang: "id",
		Country: "ID", City: "Ponorogo", HostInstitutions: []string{"SMK Negeri 2 Ponorogo"},
		ChineseInstitutions: []models.ChineseInstitution{{Name: dongli, Role: models.InstitutionLead, IsThisSchool: true}},
		Enterprises:         []string{}, Fields: []string{"汽车运用与维修", "电子技术应用（无人机）", "中餐烹饪"},
		Majors:     []string{"汽车运用与维修", "电子技术应用", "中餐烹饪"},
		OpenedDate: date("2017-12-12"), AcceptedDate: date("2021-12-20"),
		Status: models.WorkshopAccepted,
		StatusHistory: []models.WorkshopStatusChange{{Status: models.WorkshopOperating, Since: date("2017-12-12"), Note: "揭牌运营"},
			{Status: models.WorkshopAccepted, Since: date("2021-12-20"), Note: "验收通过"}},
		Unconfirmed: []string{"nameLocal"},
		Notes: "位于印度尼西亚东爪哇省。已确认成果（2022年）：学历教育约540人；汽车专业教学标准；7本双语教材。" +
			"注意：另有扬州工业职业技术学院与雅加达穆罕默迪亚大学共建的印尼鲁班工坊，不是本工坊。来源：http://tianjin.china.com.cn/2022-08/18/content_42075778.htm",
	}}
}

// Seed creates the three workshops of domain.md on a store that has none, and
// at every start assigns a seeded workshop that has no school yet to the
// school named as this school's institution, once that school exists. A
// workshop edited or deleted by a user is left alone: Seed only fills an empty
// register and only fills an empty school.
func (s *Service) Seed(ctx context.Context) error {
	ctx = models.WithPrincipal(ctx, nil) // the system writes, whoever called
	n, err := s.workshops.C.Count(ctx, bson.D{})
	if err != nil {
		return fmt.Errorf("luban: seed: %w", err)
	}
	if n == 0 {
		for _, w := range seedWorkshops() {
			w.Seeded, w.Key = true, w.NaturalKey()
			if err := s.v.Struct(&w); err != nil {
				return fmt.Errorf("luban: seed %s: %w", w.NameZH, err)
			}
			err := s.workshops.Insert(ctx, &w)
			var ce *models.ConflictError
			if err != nil && !errors.As(err, &ce) {
				return fmt.Errorf("luban: seed %s: %w", w.NameZH, err)
			}
		}
	}
	return s.assignSeeded(ctx)
}

// assignSeeded gives each unassigned seeded workshop the school whose name is
// the workshop's own institution.
func (s *Service) assignSeeded(ctx context.Context) error {
	filter := bson.D{{Key: "seeded", Value: true}, {Key: "schoolId", Value: bson.NilObjectID}}
	var pending []*models.Workshop
	err := s.workshops.Each(ctx, filter, models.ListParams{}, nil, nil, func(w *models.Workshop) error {
		pending = append(pending, w)
		return nil
	})
	if err != nil || len(pending) == 0 {
		return err
	}
	byName, err := s.schools.IDsByName(ctx)
	if err != nil {
		return err
	}
	for _, before := range pending {
		for _, c := range before.ChineseInstitutions {
			id, ok := byName[c.Name]
			if !c.IsThisSchool || !ok {
				continue
			}
			after := *before
			after.SchoolID = id
			if err := s.workshops.Replace(ctx, before, &after, before.Version); err != nil && !errors.Is(err, models.ErrStaleVersion) {
				return fmt.Errorf("luban: assign %s: %w", before.NameZH, err)
			}
		}
	}
	return nil
}
