package sheets

import "github.com/chanjiao/chanjiao/models"

// The Luban activity sheet's columns (鲁班工坊活动): one activity per row, by
// the activity's JSON names, so that the service's errors land on their
// columns. The workshop is named as the school knows it (its 工坊编号, else its
// Chinese name) and dispatched teachers by 工号; both are resolved here.

// activityTypes are the activity types by their Chinese labels.
var activityTypes = func() []Option {
	out := make([]Option, len(models.ActivityTypes))
	for i, t := range models.ActivityTypes {
		out[i] = Option{t.Label, t.Code}
	}
	return out
}()

var standardKinds = []Option{{"专业教学标准", models.StandardTeaching}, {"课程标准", models.StandardCurriculum}}

// sampleWorkshop is the example row's workshop code; the template test seeds it.
const sampleWorkshop = "LW-ID-01"

var lubanActivitySpec = &kindSpec{label: "鲁班工坊活动", key: "title", keyOf: activityRowKey,
	aliases: map[string]string{"workshopId": "workshop"},
	keyNote: "5. 按工坊、活动类型、活动名称和开始日期识别已有的活动：已登记的活动按文件内容更新，内容相同的不重复登记；其余行登记为新的活动。",
	notes: []string{
		"6. 各活动类型须填写的数量不同：学历教育填人数（在籍学生人数，结束日期留空）；短期培训、本土师资培训填人数，人日留空时按人数×天数计算；" +
			"派出教师填派出教师工号，人数和人日留空（按每位教师在外天数计算）；开发标准填数量和标准类别；双语教材、课程资源、服务中资企业填数量；" +
			"设备援助填数量和价值；技能大赛获奖时填获奖情况和获奖项数；来访、出访填人数。类型不记录的数量须留空。",
		"7. 派出教师按工号填写本校教师，多人用顿号或逗号分隔；每位教师的在外日期按活动的起止日期登记，个别教师日期不同的请在活动页面修改。",
		"8. 同一位教师同一天只能在一条派出活动中；与已登记的派出重叠的行不能导入。",
	},
	columns: lubanActivityColumns}

var lubanActivityColumns = []Column{
	{Header: "工坊编号或名称", Field: "workshop", Type: TypeText, Required: true, AsText: true, width: 18, Example: sampleWorkshop,
		Note: "填写本校鲁班工坊的工坊编号（如LW-ID-01）；未设编号的工坊填写其中文名称，须与登记的中文名称完全一致。先按编号查找，找不到再按中文名称查找"},
	{Header: "活动类型", Field: "type", Type: TypeEnum, Options: activityTypes, Required: true, width: 14, Example: "短期培训"},
	{Header: "活动名称", Field: "title", Type: TypeText, Required: true, width: 28, Example: "汽车维修技术短期培训班", Note: "不超过200个字"},
	{Header: "开始日期", Field: "startDate", Type: TypeDate, Required: true, AsText: true, width: 12, Example: "2025-10-13",
		Note: "学历教育填统计日期"},
	{Header: "结束日期", Field: "endDate", Type: TypeDate, AsText: true, omitBlank: true, width: 12, Example: "2025-10-24",
		Note: "学历教育留空"},
	{Header: "人数", Field: "persons", Type: TypeInt, width: 8, Example: "20", Note: "培训人数、在籍学生人数或来访/出访人次；派出教师留空"},
	// Left out when blank, so that the service computes persons × days.
	{Header: "人日", Field: "personDays", Type: TypeInt, omitBlank: true, width: 8, Note: "培训类可留空，按人数×天数计算；不超过人数×天数"},
	{Header: "数量", Field: "items", Type: TypeInt, width: 8, Note: "标准数、教材种数、资源数、设备台套数、获奖项数或服务企业数"},
	{Header: "价值（元）", Field: "valueFen", Type: TypeMoney, width: 12, Note: "设备援助的设备价值，最多两位小数"},
	{Header: "派出教师", Field: "teachers", Type: TypeList, AsText: true, width: 20, Note: "派出教师的工号，多人用顿号或逗号分隔，如T2020001、T2020002"},
	{Header: "标准类别", Field: "standardKind", Type: TypeEnum, Options: standardKinds, width: 14, Note: "开发标准必填"},
	{Header: "采用机构", Field: "recognizedBy", Type: TypeText, width: 20, Note: "采用该标准的国（境）外机构，须同时填写采用日期"},
	{Header: "采用日期", Field: "adoptedOn", Type: TypeDate, AsText: true, omitBlank: true, width: 12},
	{Header: "获奖情况", Field: "award", Type: TypeText, width: 20, Note: "技能大赛获奖时填写"},
	{Header: "佐证材料", Field: "evidence", Type: TypeList, width: 24, Note: "文件名或链接，多项用顿号或逗号分隔"},
	{Header: "备注", Field: "note", Type: TypeText, width: 24, Note: "不超过1000个字"},
}
