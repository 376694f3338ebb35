package web

import (
	"cmp"
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/sheets"
)

// batchPages serve a batch's page: the batch, its candidates with a result form
// each, and the registration form.
type batchPages struct {
	w   *Handler
	res *batchResource
}

// batchView is what batch.html shows.
type batchView struct {
	detailView
	Version    int64
	CanWrite   bool
	Pseudonyms bool   // candidates are shown under pseudonyms (auditors)
	Problem    string // what refused a post, when no field says it
	Candidates []candidateView
	Register   []formField
	Unregister *candidateView // the candidate whose unregistering is to be confirmed
	Imports    []batchImport  // 从Excel导入报名 and 从Excel导入成绩
}

// batchImport is the upload form of one kind of batch sheet.
type batchImport struct {
	Kind, Title, Label, Hint string
	Template, Export         string // the empty template; the batch's own rows
	ExportText               string
	Columns                  []sheets.Column
	Error                    string // why the last upload was refused
}

type candidateView struct {
	ID, StudentNo, Name, Major, RegisteredAt string
	OutsidePilot, Reason, Result, ResultCode string
	Scores                                   string
	CertificateNo, IssueDate                 string
	Pending, Open                            bool
	Fields                                   []formField // the result form
}

// batchState is what a refused post leaves on the page: the status, which form
// ("register" or a candidate id), its values and errors, and a message.
type batchState struct {
	status       int
	form         string
	values, errs map[string]string
	problem      string
	importKind   sheets.Kind // the sheet an upload of was refused as a whole
	importError  string
}

func (bp *batchPages) render(c *fiber.Ctx, b *models.Batch, d detailView, st batchState) error {
	p, _ := models.PrincipalFrom(c.UserContext())
	majors, _, err := bp.w.majorNames(c, b.SchoolID.Hex())
	if err != nil {
		return err
	}
	v := batchView{detailView: d, Version: b.Version, CanWrite: p.CanWriteSchool(b.SchoolID),
		Pseudonyms: p.Role == models.RoleAuditor, Problem: st.problem}
	for _, cd := range b.Candidates {
		cv := candidateView{ID: cd.ID.Hex(), StudentNo: cd.StudentNo, Name: cd.Name,
			Major: strings.TrimSpace(cd.MajorCode + " " + majors[cd.MajorCode]), RegisteredAt: cd.RegisteredAt.String(),
			OutsidePilot: cd.OutsidePilot, Reason: cd.Reason, Result: resultLabel(cd.Result), ResultCode: cmp.Or(cd.Result, "pending"), Scores: scores(&cd),
			CertificateNo: cd.CertificateNo, IssueDate: cd.IssueDate.String(), Pending: cd.Result == models.ResultPending}
		if v.CanWrite {
			values, errs := resultValues(&cd), map[string]string(nil)
			if st.form == cv.ID {
				values, errs, cv.Open = st.values, st.errs, true
			}
			cv.Fields = fill(resultFields(cv.ID), values, errs)
		}
		if v.CanWrite && cv.Pending && c.Query("unregister") == cv.ID {
			confirm := cv
			v.Unregister = &confirm
		}
		v.Candidates = append(v.Candidates, cv)
	}
	if v.CanWrite {
		values, errs := map[string]string{"registeredAt": bp.w.today()}, map[string]string(nil)
		if st.form == "register" {
			values, errs = st.values, st.errs
		}
		v.Register = fill(registerFields, values, errs)
		if v.Imports, err = batchImports(d.ID, st); err != nil {
			return err
		}
	}
	status := st.status
	if status == 0 {
		status = fiber.StatusOK
	}
	return bp.w.render(c, status, "batch", View{Title: "考核批次：" + d.Title, Data: v})
}

// batchImports are the batch's upload forms: registrations by 学号, and results,
// whose export lists every candidate to be filled in.
func batchImports(batchID string, st batchState) ([]batchImport, error) {
	forms := []batchImport{
		{Kind: string(sheets.Registrations), Title: "从Excel导入报名", ExportText: "导出本批次报名名单",
			Hint: "按学号报名本校在籍学生；已报名的学生不会重复报名。专业不在本学年试点专业内的学生须填写试点外报名原因。"},
		{Kind: string(sheets.Results), Title: "从Excel导入成绩", ExportText: "导出本批次考生成绩表（含全部考生，可填写后导入）",
			Hint: "按学号登记已报名考生的考核结果；与已登记结果相同的行不作修改。同一证书的证书编号不能重复。"},
	}
	for i := range forms {
		k := sheets.Kind(forms[i].Kind)
		cols, err := sheets.Columns(k)
		if err != nil {
			return nil, err
		}
		forms[i].Label, forms[i].Columns = k.Label(), cols
		forms[i].Template = "/imports/" + forms[i].Kind + "/template.xlsx"
		forms[i].Export = "/imports/" + forms[i].Kind + "/export.xlsx?batchId=" + batchID
		if k == st.importKind {
			forms[i].Error = st.importError
		}
	}
	return forms, nil
}

// batchImportRefused shows the batch page again with why an upload of kind was
// refused as a whole (not an .xlsx, another template's header …) beside its
// file input.
func (w *Handler) batchImportRefused(c *fiber.Ctx, batchID string, kind sheets.Kind, msg string) error {
	id, err := models.ParseID(batchID)
	if err != nil {
		return err
	}
	b, err := w.Certs.FindBatchByID(c.UserContext(), id)
	if err != nil {
		return err
	}
	bp := &batchPages{w: w, res: w.batches()}
	bp.res.w = w
	d, err := bp.res.detailOf(c, b)
	if err != nil {
		return err
	}
	return bp.render(c, b, d, batchState{status: fiber.StatusUnprocessableEntity, importKind: kind, importError: msg})
}

// batchName names a batch for the import pages: its certificate and its title.
func (w *Handler) batchName(c *fiber.Ctx, batchID string) (string, error) {
	id, err := models.ParseID(batchID)
	if err != nil {
		return "", err
	}
	b, err := w.Certs.FindBatchByID(c.UserContext(), id)
	if err != nil {
		return "", err
	}
	e, err := w.Certs.FindEntryByID(c.UserContext(), b.EntryID)
	if errors.Is(err, models.ErrNotFound) {
		return batchTitle(b), nil
	}
	if err != nil {
		return "", err
	}
	return e.Name + " " + levelLabel(b.Level) + " · " + batchTitle(b), nil
}

func scores(cd *models.Candidate) string {
	if cd.ScoreTheory == nil && cd.ScorePractical == nil {
		return ""
	}
	s := func(p *int) string {
		if p == nil {
			return "—"
		}
		return strconv.Itoa(*p)
	}
	return s(cd.ScoreTheory) + " / " + s(cd.ScorePractical)
}

var registerFields = []formField{
	{Name: "studentNo", Label: "学号", Required: true, Hint: "本校在籍学生"},
	{Name: "registeredAt", Label: "报名日期", Type: "date", Hint: "不晚于考核日期和今天"},
	{Name: "reason", Label: "试点外报名原因", Hint: "学生专业不在本学年该证书的试点专业内时必填"},
}

// resultFields is one candidate's result form; ids carry the candidate, as every
// candidate has one on the page.
func resultFields(cid string) []formField {
	fields := []formField{
		{Name: "result", Label: "考核结果", Required: true, Options: append([]option{{"", "请选择"}}, batchResults...)},
		{Name: "scoreTheory", Label: "理论成绩", Type: "number", Hint: "0至100，缺考不填"},
		{Name: "scorePractical", Label: "实操成绩", Type: "number", Hint: "0至100，缺考不填"},
		{Name: "certificateNo", Label: "证书编号", Hint: "通过并已发证时填写"},
		{Name: "issueDate", Label: "发证日期", Type: "date"},
	}
	for i := range fields {
		fields[i].ID = "c" + cid + "-" + fields[i].Name
	}
	return fields
}

func resultValues(cd *models.Candidate) map[string]string {
	v := map[string]string{"result": cd.Result, "certificateNo": cd.CertificateNo, "issueDate": cd.IssueDate.String()}
	if cd.ScoreTheory != nil {
		v["scoreTheory"] = strconv.Itoa(*cd.ScoreTheory)
	}
	if cd.ScorePractical != nil {
		v["scorePractical"] = strconv.Itoa(*cd.ScorePractical)
	}
	return v
}

// fill copies fields with their values and errors.
func fill(fields []formField, values, errs map[string]string) []formField {
	out := slices.Clone(fields)
	for i := range out {
		out[i].Value, out[i].Error = values[out[i].Name], errs[out[i].Name]
	}
	return out
}

// postedValues reads the named fields of a post, trimmed.
func postedValues(c *fiber.Ctx, fields []formField) map[string]string {
	v := map[string]string{}
	for _, f := range fields {
		v[f.Name] = strings.TrimSpace(c.FormValue(f.Name))
	}
	return v
}

// batchFor loads the batch of the path and the version the form was shown with.
func (bp *batchPages) batchFor(c *fiber.Ctx) (*models.Batch, *int64, error) {
	b, err := bp.res.fromPath(c)
	if err != nil {
		return nil, nil, err
	}
	return b, version(map[string]string{"version": c.FormValue("version")}), nil
}

func (bp *batchPages) register(c *fiber.Ctx) error {
	b, ver, err := bp.batchFor(c)
	if err != nil {
		return err
	}
	values := postedValues(c, registerFields)
	no, at, why := values["studentNo"], values["registeredAt"], values["reason"]
	nb, err := bp.w.Certs.Register(c.UserContext(), b.ID, models.Registration{Version: ver, StudentNo: &no, RegisteredAt: &at, Reason: &why})
	if err != nil {
		return bp.refused(c, b, "register", registerFields, values, nil, err)
	}
	cd := nb.Candidates[len(nb.Candidates)-1]
	msg := "已报名：" + cd.Name + "（" + cd.StudentNo + "）"
	if cd.OutsidePilot != "" {
		msg += "。" + cd.OutsidePilot + "，已记录报名原因"
	}
	flash(c, msg)
	return c.Redirect("/batches/"+b.ID.Hex()+"#c-"+cd.ID.Hex(), fiber.StatusSeeOther)
}

func (bp *batchPages) recordResult(c *fiber.Ctx) error {
	b, ver, err := bp.batchFor(c)
	if err != nil {
		return err
	}
	cid, err := models.ParseID(c.Params("cid"))
	if err != nil {
		return err
	}
	fields := resultFields(cid.Hex())
	values := postedValues(c, fields)
	errs := map[string]string{}
	f := models.ResultFields{Version: ver, ScoreTheory: score(values, "scoreTheory", errs), ScorePractical: score(values, "scorePractical", errs)}
	res, no, issued := values["result"], values["certificateNo"], values["issueDate"]
	f.Result, f.CertificateNo, f.IssueDate = &res, &no, &issued
	if len(errs) == 0 { // a number that is not one is not sent on as "no score"
		_, err = bp.w.Certs.RecordResult(c.UserContext(), b.ID, cid, f)
	}
	if err != nil || len(errs) > 0 {
		return bp.refused(c, b, cid.Hex(), fields, values, errs, err)
	}
	flash(c, "已登记考核结果："+candidateName(b, cid.Hex())+" "+resultLabel(res))
	return c.Redirect("/batches/"+b.ID.Hex()+"#c-"+cid.Hex(), fiber.StatusSeeOther)
}

func score(v map[string]string, name string, errs map[string]string) *int {
	if v[name] == "" {
		return nil
	}
	n, err := strconv.Atoi(v[name])
	if err != nil {
		errs[name] = "成绩须为0至100的整数"
		return nil
	}
	return &n
}

func (bp *batchPages) unregister(c *fiber.Ctx) error {
	b, ver, err := bp.batchFor(c)
	if err != nil {
		return err
	}
	cid, err := models.ParseID(c.Params("cid"))
	if err != nil {
		return err
	}
	if _, err := bp.w.Certs.Unregister(c.UserContext(), b.ID, cid, ver); err != nil {
		return bp.refused(c, b, "", nil, nil, nil, err)
	}
	flash(c, "已取消报名："+candidateName(b, cid.Hex()))
	return c.Redirect("/batches/"+b.ID.Hex(), fiber.StatusSeeOther)
}

func candidateName(b *models.Batch, cid string) string {
	for _, cd := range b.Candidates {
		if cd.ID.Hex() == cid {
			return cd.Name + "（" + cd.StudentNo + "）"
		}
	}
	return ""
}

// refused shows the batch again (as it is now, so a stale form can be sent
// again) with the form's input kept and the errors beside its fields; what no
// field of the form names (a stale version, a result that forbids
// unregistering) is said above. Other errors (403, 404) go to the error page.
func (bp *batchPages) refused(c *fiber.Ctx, b *models.Batch, form string, fields []formField, values, formErrs map[string]string, err error) error {
	fe := fieldErrors(err, formErrs)
	if fe == nil {
		return err
	}
	if msg, ok := fe["studentId"]; ok { // the form names the student by 学号
		delete(fe, "studentId")
		fe["studentNo"] = msg
	}
	st := batchState{status: fiber.StatusUnprocessableEntity, form: form, values: values, errs: map[string]string{}}
	var ce *models.ConflictError
	if errors.Is(err, models.ErrStaleVersion) || errors.As(err, &ce) {
		st.status = fiber.StatusConflict
	}
	var problems []string
	for k, msg := range fe {
		if slices.ContainsFunc(fields, func(f formField) bool { return f.Name == k }) {
			st.errs[k] = msg
		} else {
			problems = append(problems, msg)
		}
	}
	slices.Sort(problems)
	st.problem = strings.Join(problems, "；")
	switch {
	case errors.Is(err, models.ErrStaleVersion):
		st.problem = "记录已被他人修改：页面已显示本批次的最新内容，您填写的内容已保留，请核对后重新提交。"
	case st.problem == "" && form == "register":
		st.problem = "报名未成功，请按表单中的提示修改。"
	case st.problem == "":
		st.problem = "考核结果未保存，请按表单中的提示修改。"
	}
	d, err := bp.res.detailOf(c, b)
	if err != nil {
		return err
	}
	return bp.render(c, b, d, st)
}
