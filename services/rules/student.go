package rules

import (
	"fmt"
	"slices"

	"github.com/chanjiao/chanjiao/models"
)

// studentRules are INT-01 to INT-04: who may do a 岗位实习 (Art. 16 of the 2021
// regulation, S1 in domain.md §5).
func studentRules() []Rule {
	return []Rule{
		{ID: "INT-01", Title: "一年级学生不安排岗位实习", Severity: models.SeverityBlock, Check: checkGrade},
		{ID: "INT-02", Title: "实习开始时年满最低年龄", Severity: models.SeverityBlock, Params: []string{"minAge"}, Check: checkMinAge},
		{ID: "INT-03", Title: "未成年学生不从事禁忌岗位", Severity: models.SeverityBlock, Params: []string{"minorAge", "minorProhibitedPosts"}, Check: checkMinorPost},
		{ID: "INT-04", Title: "女学生不从事禁忌岗位", Severity: models.SeverityBlock, Params: []string{"femaleProhibitedPosts"}, Check: checkFemalePost},
	}
}

// checkGrade: not in grade 1 at the start. The grade is overridable per student.
func checkGrade(c Context) []models.Finding {
	if f := noStart(c, "INT-01", models.SeverityBlock); f != nil {
		return f
	}
	start := c.Placement.StartDate
	grade := c.Student.Grade
	if grade <= 0 {
		if c.Student.CohortYear == 0 {
			return []models.Finding{find("INT-01", models.SeverityBlock, "无法核对：缺少学生入学年份", nil)}
		}
		grade = GradeAt(c.Student.CohortYear, start)
	}
	if grade > 1 {
		return nil
	}
	y := models.StatYearOf(start)
	return []models.Finding{find("INT-01", models.SeverityBlock,
		fmt.Sprintf("学生开始实习时为一年级（入学年份%d，实习开始%s，%s为第%d学年）", c.Student.CohortYear, start, y.Label(), grade),
		map[string]any{"cohortYear": c.Student.CohortYear, "startDate": start.String(), "grade": grade})}
}

// checkMinAge: age at the start from the ID number's birth date ≥ minAge; the
// birthday itself counts.
func checkMinAge(c Context) []models.Finding {
	if f := noStart(c, "INT-02", models.SeverityBlock); f != nil {
		return f
	}
	birth, start, minAge := c.Student.BirthDate, c.Placement.StartDate, c.Params.Int("minAge")
	if birth.IsZero() {
		return []models.Finding{find("INT-02", models.SeverityBlock, "无法核对：缺少学生出生日期（身份证号）", nil)}
	}
	age := AgeAt(birth, start)
	if age >= minAge {
		return nil
	}
	return []models.Finding{find("INT-02", models.SeverityBlock,
		fmt.Sprintf("学生开始实习时未满%d周岁（出生日期%s，实习开始%s）", minAge, birth, start),
		map[string]any{"birthDate": birth.String(), "startDate": start.String(), "age": age, "minAge": minAge})}
}

// checkMinorPost: a student under minorAge at the start is not on a post whose
// category is on the minors' list.
func checkMinorPost(c Context) []models.Finding {
	cat := c.Placement.Post.Category
	list := c.Params.List("minorProhibitedPosts")
	if cat == "" || !slices.Contains(list, cat) {
		return nil
	}
	if f := noStart(c, "INT-03", models.SeverityBlock); f != nil {
		return f
	}
	birth, start, minor := c.Student.BirthDate, c.Placement.StartDate, c.Params.Int("minorAge")
	if birth.IsZero() {
		return []models.Finding{find("INT-03", models.SeverityBlock,
			fmt.Sprintf("无法核对：岗位类别“%s”禁止未成年人从事，缺少学生出生日期（身份证号）", cat), nil)}
	}
	if AgeAt(birth, start) >= minor {
		return nil
	}
	return []models.Finding{find("INT-03", models.SeverityBlock,
		fmt.Sprintf("未满%d周岁的学生不得从事“%s”岗位（出生日期%s，实习开始%s，岗位：%s）", minor, cat, birth, start, c.Placement.Post.Name),
		map[string]any{"birthDate": birth.String(), "startDate": start.String(), "category": cat, "minorAge": minor})}
}

// checkFemalePost: a female student (17th character of the ID number even) is
// not on a post whose category is on the women's list.
func checkFemalePost(c Context) []models.Finding {
	cat := c.Placement.Post.Category
	if c.Student.Sex != models.SexFemale || cat == "" || !slices.Contains(c.Params.List("femaleProhibitedPosts"), cat) {
		return nil
	}
	return []models.Finding{find("INT-04", models.SeverityBlock,
		fmt.Sprintf("女学生不得从事“%s”岗位（岗位：%s）", cat, c.Placement.Post.Name),
		map[string]any{"sex": c.Student.Sex, "category": cat})}
}
