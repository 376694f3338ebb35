package web

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/luban"
)

// Luban Workshop words (鲁班工坊, domain.md §3.12).
var (
	workshopLangs = []option{{"fr", "法语"}, {"de", "德语"}, {"id", "印尼语"}, {"en", "英语"}}
	// workshopFieldLabels names the fields a workshop may mark 待核实, in the
	// order of the form.
	workshopFieldLabels = []option{{"nameLocal", "合作方语言名称"}, {"localLang", "合作方语言"}, {"city", "城市"},
		{"hostInstitutions", "外方合作院校"}, {"chineseInstitutions", "中方院校"}, {"enterprises", "合作企业"},
		{"fields", "合作领域"}, {"majors", "专业"}, {"agreementDate", "协议签订日期"}, {"openedDate", "揭牌运营日期"},
		{"acceptedDate", "验收日期"}, {"phase", "建设阶段"}, {"areaM2", "面积（平方米）"}, {"status", "状态"}}
)

func workshopStatuses() []option {
	out := make([]option, len(models.WorkshopStatuses))
	for i, s := range models.WorkshopStatuses {
		out[i] = option{s[0], s[1]}
	}
	return out
}

func workshopBadge(w *models.Workshop) badge {
	return badge{Class: "workshop-" + w.Status, Text: luban.StatusLabel(w.Status)}
}

type workshopResource = resource[models.Workshop, models.WorkshopFields, models.WorkshopFilter]

// workshops are the school's Luban Workshops: the generic list and form; the
// workshop's page (luban_workshop_page.go) adds the status history and the
// activity timeline. Enterprise users have none of these pages (the service
// refuses them).
func (w *Handler) workshops() *workshopResource {
	return &workshopResource{
		path: "/luban-workshops", noun: "鲁班工坊",
		search: "名称、编号或城市",
		filters: []formField{{Name: "country", Label: "国家", Hint: "如ML"},
			{Name: "status", Label: "状态", Options: workshopStatuses()}},
		schoolFilter: true,
		sorts:        []option{{"nameZh", "名称"}, {"country", "国家"}, {"-openedDate", "揭牌运营日期（新到旧）"}, {"-updatedAt", "最近修改"}},
		columns:      []string{"名称", "国家", "城市", "中方牵头院校", "揭牌运营日期", "状态"},
		filter: func(lp models.ListParams, q map[string]string) models.WorkshopFilter {
			return models.WorkshopFilter{ListParams: lp, SchoolID: q["schoolId"], Country: q["country"], Status: q["status"]}
		},
		find: w.Luban.FindWorkshops,
		row: func(ws *models.Workshop) (string, []string) {
			return "/luban-workshops/" + ws.ID.Hex(), []string{ws.NameZH, luban.CountryName(ws.Country), dash(ws.City), dash(ws.Lead()),
				dash(dateText(ws.OpenedDate))}
		},
		badge: workshopBadge,
		get:   w.Luban.FindWorkshopByID,
		about: func(ws *models.Workshop) (bson.ObjectID, string, int64) {
			return ws.ID, luban.WorkshopLabel(ws), ws.Version
		},
		detail: func(*models.Workshop) []pair { return nil }, // the page shows workshopFacts
		show:   w.showWorkshop,
		form:   w.workshopForm,
		read:   readWorkshop,
		values: workshopValues,
		initial: func(*fiber.Ctx) map[string]string {
			return map[string]string{"status": models.WorkshopPlanning, "localLang": "en"}
		},
		create: w.Luban.CreateWorkshop,
		update: w.Luban.UpdateWorkshop,
		remove: w.Luban.DeleteWorkshop,
		errorsOn: func(v, fe map[string]string) {
			_, b := institutionBox(v["chineseInstitutions"])
			b.place(fe)
		},
		// The system admin may write a workshop seeded without a school, to
		// assign it one.
		mayWrite: func(p *models.Principal, ws *models.Workshop) bool {
			return officeOrAdmin(p) && (ws == nil || p.CanWriteSchool(ws.SchoolID))
		},
	}
}

// workshopForm has every writable field; lists are boxes of one item a line.
// The system admin chooses the school when creating, and when editing a
// workshop that has none yet.
func (w *Handler) workshopForm(c *fiber.Ctx, ws *models.Workshop) ([]formField, error) {
	fields := []formField{
		{Name: "code", Label: "工坊编号"},
		{Name: "nameZh", Label: "中文名称", Required: true},
		{Name: "nameEn", Label: "英文名称"},
		{Name: "nameLocal", Label: "合作方语言名称"},
		{Name: "localLang", Label: "合作方语言", Required: true, Options: workshopLangs},
		{Name: "country", Label: "国家", Required: true, Hint: "ISO两位代码，如ML、CH、ID"},
		{Name: "city", Label: "城市"},
		{Name: "hostInstitutions", Label: "外方合作院校", Type: "list", Hint: "每行一所，第一行为主要合作院校"},
		{Name: "chineseInstitutions", Label: "中方院校", Required: true, Type: "list", Hint: institutionHint},
		{Name: "enterprises", Label: "合作企业", Type: "list", Hint: "每行一家"},
		{Name: "fields", Label: "合作领域", Type: "list", Hint: "每行一个"},
		{Name: "majors", Label: "专业", Type: "list", Hint: "每行一个"},
		{Name: "agreementDate", Label: "协议签订日期", Type: "date"},
		{Name: "openedDate", Label: "揭牌运营日期", Type: "date"},
		{Name: "acceptedDate", Label: "验收日期", Type: "date", Hint: "状态为验收通过时必填"},
		{Name: "phase", Label: "建设阶段"},
		{Name: "areaM2", Label: "面积（平方米）", Type: "number"},
		{Name: "status", Label: "状态", Required: true, Options: workshopStatuses()},
		{Name: "statusSince", Label: "状态变更日期", Type: "date", Hint: "状态变更时填写，不填则为今天；状态未变更时留空"},
		{Name: "statusNote", Label: "状态变更说明"},
		{Name: "unconfirmed", Label: "待核实项", Type: "checks", Multiple: true, Options: workshopFieldLabels,
			Hint: "勾选尚无来源确认的项目，页面上将标注“待核实”"},
		{Name: "notes", Label: "备注与来源", Type: "textarea"},
	}
	if ws != nil && !ws.SchoolID.IsZero() {
		return fields, nil
	}
	return w.withSchoolChoice(c, true, fields) // the admin only
}

// institutionHint documents the chineseInstitutions box.
const institutionHint = "每行一所：名称|角色|本校，角色填“牵头”或“共建”，本校院校在末尾加“|本校”，如“天津职业技术师范大学|牵头|本校”；须有且只有一所牵头院校"

func readWorkshop(v map[string]string) (models.WorkshopFields, map[string]string) {
	errs := map[string]string{}
	f := models.WorkshopFields{Version: version(v), SchoolID: text(v, "schoolId"), Code: text(v, "code"), NameZH: text(v, "nameZh"),
		NameEN: text(v, "nameEn"), NameLocal: text(v, "nameLocal"), LocalLang: text(v, "localLang"), Country: text(v, "country"),
		City: text(v, "city"), HostInstitutions: listField(v, "hostInstitutions"), Enterprises: listField(v, "enterprises"),
		Fields: listField(v, "fields"), Majors: listField(v, "majors"), AgreementDate: text(v, "agreementDate"),
		OpenedDate: text(v, "openedDate"), AcceptedDate: text(v, "acceptedDate"), Phase: text(v, "phase"),
		AreaM2: number(v, "areaM2", "面积须为整数（平方米）", errs), Status: text(v, "status"), StatusSince: text(v, "statusSince"),
		StatusNote: text(v, "statusNote"), Notes: text(v, "notes")}
	if s, ok := v["chineseInstitutions"]; ok {
		insts, b := institutionBox(s)
		f.ChineseInstitutions = &insts
		b.shapeErrors(errs)
	}
	if s, ok := v["unconfirmed"]; ok {
		list := []string{}
		if s != "" {
			list = strings.Split(s, ",")
		}
		f.Unconfirmed = &list
	}
	return f, errs
}

// institutionRoles reads the role a line names, in Chinese or as the code.
var institutionRoles = map[string]string{"牵头": models.InstitutionLead, "共建": models.InstitutionCoBuilder,
	models.InstitutionLead: models.InstitutionLead, models.InstitutionCoBuilder: models.InstitutionCoBuilder}

// institutionBox reads the Chinese institutions, one a line as
// "名称|角色[|本校]": the parts apart by "|" (full-width "｜" too), since a
// name may hold spaces. A line of another shape is the form's error.
func institutionBox(s string) ([]models.ChineseInstitution, box) {
	b := box{field: "chineseInstitutions", shape: "名称|牵头或共建[|本校]",
		labels: map[string]string{"name": "名称", "role": "角色", "isThisSchool": "本校"}}
	out := []models.ChineseInstitution{}
	for i, l := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		line := strings.TrimSpace(l)
		if line == "" {
			continue
		}
		bl := boxLine{n: i + 1, text: line}
		parts := strings.Split(strings.ReplaceAll(line, "｜", "|"), "|")
		for j := range parts {
			parts[j] = strings.TrimSpace(parts[j])
		}
		role, ok := "", len(parts) >= 2 && len(parts) <= 3
		if ok {
			role, ok = institutionRoles[strings.ToUpper(parts[1])]
		}
		if ok && len(parts) == 3 && parts[2] != "本校" {
			ok = false
		}
		if !ok || parts[0] == "" {
			b.bad = append(b.bad, bl)
			continue
		}
		out, b.sent = append(out, models.ChineseInstitution{Name: parts[0], Role: role, IsThisSchool: len(parts) == 3}), append(b.sent, bl)
	}
	return out, b
}

// workshopValues are a workshop's fields as the form shows them.
func workshopValues(ws *models.Workshop) map[string]string {
	insts := make([]string, len(ws.ChineseInstitutions))
	for i, c := range ws.ChineseInstitutions {
		insts[i] = c.Name + "|" + institutionRole(c.Role)
		if c.IsThisSchool {
			insts[i] += "|本校"
		}
	}
	area := ""
	if ws.AreaM2 > 0 {
		area = strconv.Itoa(ws.AreaM2)
	}
	return map[string]string{"code": ws.Code, "nameZh": ws.NameZH, "nameEn": ws.NameEN, "nameLocal": ws.NameLocal,
		"localLang": ws.LocalLang, "country": ws.Country, "city": ws.City, "hostInstitutions": linesOf(ws.HostInstitutions),
		"chineseInstitutions": linesOf(insts), "enterprises": linesOf(ws.Enterprises), "fields": linesOf(ws.Fields),
		"majors": linesOf(ws.Majors), "agreementDate": dateText(ws.AgreementDate), "openedDate": dateText(ws.OpenedDate),
		"acceptedDate": dateText(ws.AcceptedDate), "phase": ws.Phase, "areaM2": area, "status": ws.Status,
		"unconfirmed": strings.Join(ws.Unconfirmed, ","), "notes": ws.Notes}
}

func institutionRole(role string) string {
	if role == models.InstitutionLead {
		return "牵头"
	}
	return "共建"
}
