package web

import (
	"context"
	"errors"
	"net/url"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"
	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/handlers/api"
	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/figures"
	"github.com/chanjiao/chanjiao/services/report"
)

// The annual report (年度报告) and its snapshots (年报快照): the live report of
// a year in the bureau's tables, snapshots frozen from it and signed off, the
// records behind each frozen figure, drift against today's records, the
// workbook, its verification and a print layout. The report service decides
// who may do what; these handlers parse, call it and render.

func init() {
	pages = append(pages, "report", "snapshots", "snapshot_records", "snapshot_drift", "snapshot_verify")
}

func (w *Handler) registerReport(r fiber.Router) {
	r.Get("/report", w.reportPage)
	r.Get("/snapshots", w.snapshotsPage)
	r.Post("/snapshots", w.csrf, w.prepareSnapshot)
	r.Get("/snapshots/verify", w.verifyPage)
	r.Post("/snapshots/verify", w.csrf, w.verifyUpload)
	r.Get("/snapshots/:id", w.snapshotPage)
	r.Get("/snapshots/:id/print", w.snapshotPrint)
	r.Get("/snapshots/:id/export.xlsx", w.snapshotXLSX)
	r.Get("/snapshots/:id/drift", w.driftPage)
	r.Get("/snapshots/:id/records/:figure", w.snapshotRecordsPage)
	r.Post("/snapshots/:id/approve", w.csrf, w.decideSnapshot(w.Report.Approve, "已审定：快照自此冻结，不再改变"))
	r.Post("/snapshots/:id/return", w.csrf, w.decideSnapshot(w.Report.Return, "已退回，生成人可修改数据后重新生成"))
	r.Post("/snapshots/:id/delete", w.csrf, w.deleteSnapshot)
}

// reportView is a report laid out in tables, live or frozen.
type reportView struct {
	Scope figureScope
	*report.Annual
	Snapshot *snapshotInfo // nil for the live report
	Print    bool
	// RecordsHref and PriorHref give the records page of a figure (and part)
	// this year and, for the live report, the year before.
	recordsHref func(id, part string) string
	priorHref   func(id string) string
	CanPrepare  bool
	Approved    *models.Snapshot // the year's approved snapshot, for a correction
	Errors      map[string]string
	Reason      string
}

// Href is the records page of figure id (part: one breakdown row).
func (v reportView) Href(id, part string) string { return v.recordsHref(id, part) }

// PriorHref is the records page of figure id in the year before ("": none).
func (v reportView) PriorHref(id string) string {
	if v.priorHref == nil {
		return ""
	}
	return v.priorHref(id)
}

// Value prints a frozen value for its unit.
func (v reportView) Value(x models.FrozenValue, unit string) string {
	return figureValue(x.Value, unit, x.NoData)
}

// IsRate tells a rate (shown with its counts) from a count.
func (v reportView) IsRate(unit string) bool { return unit == figures.UnitPercent }

// snapshotInfo is what the snapshot page shows above the tables.
type snapshotInfo struct {
	*models.Snapshot
	StateLabel         string
	CanDecide, CanDrop bool
	Decision           string // why the caller may not decide, when signed in as office_admin
	CSRF               string
	Errors             map[string]string
	Comment            string
}

func (w *Handler) reportPage(c *fiber.Ctx) error {
	s, err := w.figureScope(c)
	if err != nil {
		return err
	}
	a, err := w.Report.Live(c.UserContext(), s.SchoolID, s.Year)
	if err != nil {
		return err
	}
	return w.renderReport(c, fiber.StatusOK, s, a, nil, "")
}

func (w *Handler) renderReport(c *fiber.Ctx, status int, s figureScope, a *report.Annual, errs map[string]string, reason string) error {
	p, _ := models.PrincipalFrom(c.UserContext())
	v := reportView{Scope: s, Annual: a, CanPrepare: p.Role.IsOffice(), Errors: errs, Reason: reason,
		recordsHref: func(id, part string) string {
			return "/figures/" + url.PathEscape(id) + "/records?" + s.Query(part)
		},
		priorHref: func(id string) string {
			prior := s
			prior.Year--
			return "/figures/" + url.PathEscape(id) + "/records?" + prior.Query("")
		}}
	if v.CanPrepare {
		page, err := w.Report.List(c.UserContext(), models.SnapshotFilter{Year: s.Year, State: models.SnapshotApproved})
		if err != nil {
			return err
		}
		if len(page.Items) > 0 {
			v.Approved = &page.Items[0]
		}
	}
	return w.render(c, status, "report", View{Title: "年度报告 · " + a.YearLabel, Data: v})
}

// prepareSnapshot freezes the report of the form's year; a refused reason or
// year shows the report again with the error beside the field.
func (w *Handler) prepareSnapshot(c *fiber.Ctx) error {
	year, err := strconv.Atoi(c.FormValue("year"))
	if err != nil {
		return models.Invalid("year", "统计学年须为整数年份")
	}
	reason := c.FormValue("reason")
	snap, err := w.Report.Prepare(c.UserContext(), models.PrepareSnapshot{Year: &year, Reason: &reason})
	var ve *models.ValidationError
	if errors.As(err, &ve) {
		s, serr := w.figureScope(c)
		if serr != nil {
			return serr
		}
		s.Year = year
		a, lerr := w.Report.Live(c.UserContext(), "", year)
		if lerr != nil {
			return lerr
		}
		return w.renderReport(c, fiber.StatusUnprocessableEntity, s, a, ve.Fields, reason)
	}
	if err != nil {
		return err
	}
	flash(c, "已生成"+models.StatYear{Start: snap.Year}.Label()+"年报快照（第"+strconv.Itoa(snap.Revision)+"版），请另一位教务处管理员审定")
	return c.Redirect("/snapshots/"+snap.ID.Hex(), fiber.StatusSeeOther)
}

type snapshotsView struct {
	Items      []snapshotRow
	CanPrepare bool
	Year       int
	Years      []option
	CSRF       string
}

type snapshotRow struct {
	models.Snapshot
	StateLabel, Prepared, Approved string
}

func (w *Handler) snapshotsPage(c *fiber.Ctx) error {
	page, err := w.Report.List(c.UserContext(), models.SnapshotFilter{ListParams: models.ListParams{PageSize: models.MaxPageSize}, SchoolID: c.Query("schoolId")})
	if err != nil {
		return err
	}
	p, _ := models.PrincipalFrom(c.UserContext())
	v := snapshotsView{CanPrepare: p.Role.IsOffice(), Year: w.statYear() - 1, Years: w.yearOptions(), CSRF: csrfToken(c)}
	for _, s := range page.Items {
		row := snapshotRow{Snapshot: s, StateLabel: models.SnapshotStateLabel(s.State), Prepared: signedBy(&s.Prepared), Approved: signedBy(s.Approved)}
		v.Items = append(v.Items, row)
	}
	return w.render(c, fiber.StatusOK, "snapshots", View{Title: "年报快照", Data: v})
}

func signedBy(s *models.Signature) string {
	if s == nil {
		return ""
	}
	return s.Username + " · " + s.At.In(models.China).Format("2006-01-02 15:04")
}

func (w *Handler) snapshotPage(c *fiber.Ctx) error {
	return w.showSnapshot(c, false, fiber.StatusOK, nil, "")
}

func (w *Handler) snapshotPrint(c *fiber.Ctx) error {
	return w.showSnapshot(c, true, fiber.StatusOK, nil, "")
}

func (w *Handler) showSnapshot(c *fiber.Ctx, print bool, status int, errs map[string]string, comment string) error {
	id, err := models.ParseID(c.Params("id"))
	if err != nil {
		return err
	}
	snap, a, err := w.Report.Frozen(c.UserContext(), id)
	if err != nil {
		return err
	}
	p, _ := models.PrincipalFrom(c.UserContext())
	info := &snapshotInfo{Snapshot: snap, StateLabel: models.SnapshotStateLabel(snap.State), CSRF: csrfToken(c), Errors: errs, Comment: comment}
	pending := snap.State == models.SnapshotPrepared
	if pending && p.Role == models.RoleOfficeAdmin && p.CanWriteSchool(snap.SchoolID) {
		info.CanDecide = p.UserID != snap.Prepared.UserID
		if !info.CanDecide {
			info.Decision = "您生成了此快照，须由另一位教务处管理员审定或退回"
		}
	}
	info.CanDrop = snap.State != models.SnapshotApproved && p.Role.IsOffice() && p.CanWriteSchool(snap.SchoolID)
	base := "/snapshots/" + snap.ID.Hex()
	v := reportView{Scope: figureScope{Year: snap.Year}, Annual: a, Snapshot: info, Print: print,
		recordsHref: func(fig, part string) string {
			q := ""
			if part != "" {
				q = "?part=" + url.QueryEscape(part)
			}
			return base + "/records/" + url.PathEscape(fig) + q
		}}
	title := snap.SchoolName + " · " + a.YearLabel + "年报快照（第" + strconv.Itoa(snap.Revision) + "版）"
	return w.render(c, status, "report", View{Title: title, Data: v, Bare: print})
}

// decideSnapshot approves or returns the snapshot of the path; a refused
// comment shows the page again with the error beside the field.
func (w *Handler) decideSnapshot(decide func(ctx context.Context, id bson.ObjectID, d models.SnapshotDecision) (*models.Snapshot, error), done string) fiber.Handler {
	return func(c *fiber.Ctx) error {
		id, err := models.ParseID(c.Params("id"))
		if err != nil {
			return err
		}
		comment := c.FormValue("comment")
		_, err = decide(c.UserContext(), id, models.SnapshotDecision{Version: version(map[string]string{"version": c.FormValue("version")}), Comment: &comment})
		var ve *models.ValidationError
		if errors.As(err, &ve) {
			return w.showSnapshot(c, false, fiber.StatusUnprocessableEntity, ve.Fields, comment)
		}
		if err != nil {
			return err
		}
		flash(c, done)
		return c.Redirect("/snapshots/"+id.Hex(), fiber.StatusSeeOther)
	}
}

func (w *Handler) deleteSnapshot(c *fiber.Ctx) error {
	id, err := models.ParseID(c.Params("id"))
	if err != nil {
		return err
	}
	if err := w.Report.Delete(c.UserContext(), id); err != nil {
		return err
	}
	flash(c, "已删除未审定的快照")
	return c.Redirect("/snapshots", fiber.StatusSeeOther)
}

func (w *Handler) snapshotXLSX(c *fiber.Ctx) error {
	id, err := models.ParseID(c.Params("id"))
	if err != nil {
		return err
	}
	return api.SendWorkbook(c, w.Report, id)
}

type frozenRecordsView struct {
	Snapshot           *models.Snapshot
	Figure             *models.FrozenFigure
	Part               string
	Rows               []recordRow
	Hashes             []string
	Total, Page, Pages int
	Path, PartKey      string
	Rate               bool
}

// PageURL keeps the part and changes the page.
func (v frozenRecordsView) PageURL(page int) string {
	q := url.Values{"page": {strconv.Itoa(page)}}
	if v.PartKey != "" {
		q.Set("part", v.PartKey)
	}
	return v.Path + "?" + q.Encode()
}

func (w *Handler) snapshotRecordsPage(c *fiber.Ctx) error {
	id, err := models.ParseID(c.Params("id"))
	if err != nil {
		return err
	}
	part := c.Query("part")
	snap, f, refs, err := w.Report.FrozenRecords(c.UserContext(), id, c.Params("figure"), part)
	if err != nil {
		return err
	}
	v := frozenRecordsView{Snapshot: snap, Figure: f, PartKey: part, Total: len(refs), Rate: f.Denominator > 0 || f.NoData,
		Path: "/snapshots/" + snap.ID.Hex() + "/records/" + url.PathEscape(f.ID)}
	for _, pt := range f.Parts {
		if pt.Key == part {
			v.Part = pt.Label
		}
	}
	v.Pages = max(1, (len(refs)+recordsPageSize-1)/recordsPageSize)
	v.Page, _ = strconv.Atoi(c.Query("page"))
	v.Page = min(max(v.Page, 1), v.Pages)
	from := (v.Page - 1) * recordsPageSize
	p, _ := models.PrincipalFrom(c.UserContext())
	for i, r := range refs[from:min(from+recordsPageSize, len(refs))] {
		row := recordRow{N: from + i + 1, Label: r.Label, Date: r.Date, Kind: refKind(r.Kind), Href: recordHref(p, r.Kind, r.ID, r.ParentID)}
		if v.Rate {
			row.Counted = map[bool]string{true: "是", false: "否"}[r.InNumerator]
		}
		v.Rows = append(v.Rows, row)
		v.Hashes = append(v.Hashes, r.Hash)
	}
	title := f.LabelZH
	if v.Part != "" {
		title += " · " + v.Part
	}
	return w.render(c, fiber.StatusOK, "snapshot_records", View{Title: title + " · 快照记录", Data: v})
}

type driftView struct {
	Snapshot *models.Snapshot
	*report.Drift
}

// ChangeLabel names a record change.
func (driftView) ChangeLabel(c string) string { return report.ChangeLabel(c) }

// KindLabel names a kind of record.
func (driftView) KindLabel(k string) string { return refKind(k) }

// China prints an instant in China time.
func (driftView) China(t time.Time) string { return t.In(models.China).Format("2006-01-02 15:04:05") }

// Value prints a value for its unit.
func (driftView) Value(x models.FrozenValue, unit string) string {
	return figureValue(x.Value, unit, x.NoData)
}

func (w *Handler) driftPage(c *fiber.Ctx) error {
	id, err := models.ParseID(c.Params("id"))
	if err != nil {
		return err
	}
	d, err := w.Report.Drift(c.UserContext(), id)
	if err != nil {
		return err
	}
	snap, err := w.Report.Get(c.UserContext(), id)
	if err != nil {
		return err
	}
	return w.render(c, fiber.StatusOK, "snapshot_drift", View{Title: "重算核对 · " + models.StatYear{Start: snap.Year}.Label() + " 第" + strconv.Itoa(snap.Revision) + "版", Data: driftView{Snapshot: snap, Drift: d}})
}

type verifyView struct {
	CSRF   string
	Result *report.Verification
	Error  string
}

func (w *Handler) verifyPage(c *fiber.Ctx) error {
	return w.render(c, fiber.StatusOK, "snapshot_verify", View{Title: "核验年报文件", Data: verifyView{CSRF: csrfToken(c)}})
}

func (w *Handler) verifyUpload(c *fiber.Ctx) error {
	v := verifyView{CSRF: csrfToken(c)}
	fh, err := c.FormFile("file")
	if err != nil {
		v.Error = "请选择导出的年报工作簿（.xlsx）"
		return w.render(c, fiber.StatusUnprocessableEntity, "snapshot_verify", View{Title: "核验年报文件", Data: v})
	}
	f, err := fh.Open()
	if err != nil {
		return err
	}
	defer f.Close()
	v.Result, err = w.Report.VerifyWorkbook(c.UserContext(), f)
	var ve *models.ValidationError
	if errors.As(err, &ve) {
		v.Error = ve.Fields["file"]
		return w.render(c, fiber.StatusUnprocessableEntity, "snapshot_verify", View{Title: "核验年报文件", Data: v})
	}
	if err != nil {
		return err
	}
	return w.render(c, fiber.StatusOK, "snapshot_verify", View{Title: "核验年报文件", Data: v})
}

// AsOf is when the snapshot's data stood, in China time.
func (s *snapshotInfo) AsOf() string {
	return s.DataAsOf.In(models.China).Format("2006-01-02 15:04:05")
}

// Signed prints a step of the sign-off ("" when not taken).
func (s *snapshotInfo) Signed(sig *models.Signature) string { return signedBy(sig) }

// Computed is when a live report was computed, in China time.
func (v reportView) Computed() string { return v.AsOf.In(models.China).Format("2006-01-02 15:04") }
