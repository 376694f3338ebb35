package rules

import (
	"fmt"
	"math"
	"strings"

	"github.com/chanjiao/chanjiao/models"
)

// checkPay: a student who works relatively independently is paid (Art. 18,
// S2): the terms are recorded (amount, cycle, method and a wage to compare
// with), at least payFloorPct % of the same post's probation wage (or, when that
// is unknown, of the host's lowest wage grade), in money, to the student
// directly, at least every maxPayCycleDays days. Missing or unlawful terms
// block; pay below the floor warns.
func checkPay(c Context) []models.Finding {
	pay := c.Placement.Pay
	if !pay.IndependentWork {
		return nil
	}
	var missing []string
	if pay.MonthlyAmountFen <= 0 {
		missing = append(missing, "月报酬金额")
	}
	if pay.CycleDays <= 0 {
		missing = append(missing, "发放周期")
	}
	if pay.Method == "" {
		missing = append(missing, "发放方式")
	}
	if pay.SamePostWageFen <= 0 && pay.LowestGradeWageFen <= 0 {
		missing = append(missing, "相同岗位试用期工资或最低档工资标准")
	}
	var out []models.Finding
	if len(missing) > 0 {
		out = append(out, find("INT-20", models.SeverityBlock, "相对独立参与实际工作的学生须约定实习报酬，缺少："+strings.Join(missing, "、"),
			map[string]any{"missing": strings.Join(missing, "、")}))
	}
	if maxDays := c.Params.Int("maxPayCycleDays"); pay.CycleDays > maxDays {
		out = append(out, find("INT-20", models.SeverityBlock, fmt.Sprintf("实习报酬发放周期为%d天，超过%d天（须至少按月发放）", pay.CycleDays, maxDays),
			map[string]any{"cycleDays": pay.CycleDays, "maxPayCycleDays": maxDays}))
	}
	if pay.Method == models.PayInKind {
		out = append(out, find("INT-20", models.SeverityBlock, "实习报酬以实物或代金券等代替货币发放", map[string]any{"method": pay.Method}))
	}
	if pay.Method != "" && !pay.PaidDirectly {
		out = append(out, find("INT-20", models.SeverityBlock, "实习报酬未直接发放给学生本人（不得经学校、中介或他人转发）", map[string]any{"paidDirectly": false}))
	}
	base, baseName := pay.SamePostWageFen, "相同岗位试用期工资"
	if base <= 0 {
		base, baseName = pay.LowestGradeWageFen, "最低档工资标准"
	}
	pct := c.Params.Float("payFloorPct")
	if pay.MonthlyAmountFen > 0 && base > 0 && float64(pay.MonthlyAmountFen)*100 < float64(base)*pct {
		floor := int64(math.Ceil(float64(base) * pct / 100))
		out = append(out, find("INT-20", models.SeverityWarn,
			fmt.Sprintf("实习报酬每月%s，低于%s%s的%s%%（%s）", yuan(pay.MonthlyAmountFen), baseName, yuan(base), num(pct), yuan(floor)),
			map[string]any{"monthlyAmountFen": pay.MonthlyAmountFen, "baseFen": base, "base": baseName, "payFloorPct": pct, "floorFen": floor}))
	}
	return out
}

// feeLabels name the fee kinds in Chinese.
var feeLabels = map[string]string{
	models.FeeDeposit: "押金", models.FeeTraining: "培训费", models.FeeCommission: "介绍费",
	models.FeeManagement: "管理费", models.FeeMaterials: "实习材料费", models.FeeJobService: "就业服务费",
	models.FeeGuarantee: "担保", models.FeeOther: "其他费用",
}

// checkFees: nothing is charged to the student, and that is declared.
func checkFees(c Context) []models.Finding {
	fees := c.Placement.Fees
	var out []models.Finding
	for _, ch := range fees.Charges {
		label := feeLabels[ch.Kind]
		if label == "" {
			label = ch.Kind
		}
		out = append(out, find("INT-21", models.SeverityBlock, fmt.Sprintf("向学生收取%s%s", label, yuan(ch.AmountFen)),
			map[string]any{"kind": ch.Kind, "amountFen": ch.AmountFen}))
	}
	if len(fees.Charges) == 0 && !fees.DeclaredNone {
		out = append(out, find("INT-21", models.SeverityBlock, "未确认不向学生收取押金、培训费、管理费等任何费用", map[string]any{"declaredNone": false}))
	}
	return out
}

// checkInsurance: liability insurance recorded, covering the whole placement,
// not paid by the student; an active placement's policy about to expire within
// expiryAlertDays of Today is noted.
func checkInsurance(c Context) []models.Finding {
	p := c.Placement
	ins := p.Insurance
	missing := nonEmpty(blank(ins.Insurer, "保险公司"), blank(ins.PolicyNo, "保单号"))
	if ins.From.IsZero() || ins.To.IsZero() {
		missing = append(missing, "保险期间")
	}
	if ins.PremiumPaidBy == "" {
		missing = append(missing, "保费承担方")
	}
	var out []models.Finding
	if len(missing) > 0 {
		out = append(out, find("INT-22", models.SeverityBlock, "未完整登记实习责任保险，缺少："+strings.Join(missing, "、"), nil))
	}
	if ins.PremiumPaidBy == models.PaidByStudent {
		out = append(out, find("INT-22", models.SeverityBlock, "实习责任保险保费由学生承担，不得向学生收取", map[string]any{"premiumPaidBy": ins.PremiumPaidBy}))
	}
	start, end := p.StartDate, p.EndDate()
	if !ins.From.IsZero() && !ins.To.IsZero() && !start.IsZero() && !end.IsZero() && (ins.From.After(start) || ins.To.Before(end)) {
		out = append(out, find("INT-22", models.SeverityBlock,
			fmt.Sprintf("实习责任保险期间%s至%s未覆盖实习期间%s至%s", ins.From, ins.To, start, end),
			map[string]any{"insuranceFrom": ins.From.String(), "insuranceTo": ins.To.String(), "startDate": start.String(), "endDate": end.String()}))
	}
	alert := c.Params.Int("expiryAlertDays")
	if !c.Today.IsZero() && p.Status == models.PlacementActive && !ins.To.IsZero() && !ins.To.Before(c.Today) &&
		!ins.To.After(addDays(c.Today, alert)) {
		days := int(ins.To.Time().Sub(c.Today.Time()).Hours() / 24)
		out = append(out, find("INT-22", models.SeverityInfo, fmt.Sprintf("实习责任保险将于%s到期（%d天后），请及时续保", ins.To, days),
			map[string]any{"insuranceTo": ins.To.String(), "days": days, "expiryAlertDays": alert}))
	}
	return out
}

func blank(s, name string) string {
	if s == "" {
		return name
	}
	return ""
}
