package rules

import (
	"fmt"
	"strings"

	"github.com/chanjiao/chanjiao/models"
)

// postRules are INT-05 to INT-08: where and at what work a student may not be
// placed.
func postRules() []Rule {
	return []Rule{
		{ID: "INT-05", Title: "不在娱乐性场所实习", Severity: models.SeverityBlock, Params: []string{"entertainmentVenues"}, Cognitive: true, Check: checkVenue},
		{ID: "INT-06", Title: "不经中介机构安排实习", Severity: models.SeverityBlock, Cognitive: true, Check: checkIntermediary},
		{ID: "INT-07", Title: "不从事Ⅲ级以上体力劳动强度作业", Severity: models.SeverityBlock, Params: []string{"maxLabourClass"}, Check: checkLabourClass},
		{ID: "INT-08", Title: "危险作业须专业需要并备案", Severity: models.SeverityBlock, Check: checkHazard},
	}
}

// checkVenue: bars, KTV, bath centres, game halls, internet cafés … never host.
func checkVenue(c Context) []models.Finding {
	if !c.Placement.Post.EntertainmentVenue {
		return nil
	}
	return []models.Finding{find("INT-05", models.SeverityBlock,
		fmt.Sprintf("实习场所为娱乐性场所（%s等），不得安排学生实习（岗位：%s）", strings.Join(c.Params.List("entertainmentVenues"), "、"), c.Placement.Post.Name),
		map[string]any{"entertainmentVenue": true})}
}

// checkIntermediary: no placement organised or managed through an agency.
func checkIntermediary(c Context) []models.Finding {
	if !c.Placement.Intermediary {
		return nil
	}
	return []models.Finding{find("INT-06", models.SeverityBlock,
		"实习经由中介机构或有偿代理组织、安排或管理，不得安排", map[string]any{"intermediary": true})}
}

// checkLabourClass: labour intensity class ≤ maxLabourClass. An unrecorded class
// cannot be verified: a Warn asks for it or a reason.
func checkLabourClass(c Context) []models.Finding {
	class, maxClass := c.Placement.Post.LabourClass, c.Params.Int("maxLabourClass")
	data := map[string]any{"labourClass": class, "maxLabourClass": maxClass}
	switch {
	case class == 0:
		return []models.Finding{find("INT-07", models.SeverityWarn,
			fmt.Sprintf("无法核对：未填写岗位体力劳动强度等级（允许至%s级）", romanClass(maxClass)), data)}
	case class > maxClass:
		return []models.Finding{find("INT-07", models.SeverityBlock,
			fmt.Sprintf("岗位体力劳动强度为%s级，超过允许的%s级（岗位：%s）", romanClass(class), romanClass(maxClass), c.Placement.Post.Name), data)}
	}
	return nil
}

// checkHazard: high-altitude, underground, radioactive, toxic, explosive and
// similar work only with a filed exception.
func checkHazard(c Context) []models.Finding {
	p := c.Placement
	if !p.Post.Hazardous {
		return nil
	}
	what := p.Post.HazardType
	if what == "" {
		what = "危险作业"
	}
	if p.ExceptionFiling.Filed() {
		return []models.Finding{filed("INT-08", "岗位为"+what, p.ExceptionFiling)}
	}
	return []models.Finding{find("INT-08", models.SeverityBlock,
		fmt.Sprintf("岗位为%s（岗位：%s），须为专业需要并向主管部门备案，未登记备案", what, p.Post.Name),
		map[string]any{"hazardous": true, "hazardType": p.Post.HazardType})}
}

// filed is the Info finding of an exception allowed by a filing (INT-08/09/10).
func filed(id, what string, e models.ExceptionFiling) models.Finding {
	return find(id, models.SeverityInfo,
		fmt.Sprintf("%s，已备案（文号%s，%s，%s），按例外允许", what, e.Ref, e.Authority, e.FiledAt),
		map[string]any{"filingRef": e.Ref, "filingAuthority": e.Authority, "filedAt": e.FiledAt.String()})
}
