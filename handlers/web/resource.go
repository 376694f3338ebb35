package web

import (
	"bytes"
	"context"
	"errors"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/records"
	"github.com/chanjiao/chanjiao/services/sheets"
)

// resource describes the pages of one kind of record, so that every kind gets the
// same list (search, filters, sort, paging, export), detail page, create and edit
// forms and delete confirmation. T is the record, F its write struct and L its
// list filter. A nil function leaves its pages out (the audit log has no form).
type resource[T any, F any, L any] struct {
	w          *Handler
	path, noun string      // "/students", "学生"
	sheet      sheets.Kind // Excel import and export; "" for none

	// List page.
	search  string      // what the search box matches, as its placeholder
	filters []formField // filters beside the search box (Value ignored)
	// schoolFilter adds a school choice for callers who read several schools.
	schoolFilter bool
	sorts        []option // the first is the default
	columns      []string
	filter       func(lp models.ListParams, q map[string]string) L
	find         func(ctx context.Context, f L) (models.Page[T], error)
	row          func(t *T) (href string, cells []string)
	// badge, when set, adds a last cell with the record's status as a badge
	// (colour and words); its heading is the last of columns.
	badge func(t *T) badge
	// rowFor, when row is nil, makes the row function for one request, so that
	// rows can name what they refer to (a certificate, a teacher) from lookups
	// made once per page.
	rowFor func(c *fiber.Ctx) (func(t *T) (href string, cells []string), error)
	// filterOptions fills the choices of filters that come from data (the
	// catalogue), by filter name.
	filterOptions func(c *fiber.Ctx) (map[string][]option, error)

	// Detail page.
	get    func(ctx context.Context, id bson.ObjectID) (*T, error)
	about  func(t *T) (id bson.ObjectID, title string, version int64)
	detail func(t *T) []pair
	more   func(c *fiber.Ctx, t *T) ([]pair, error) // pairs that need a lookup
	// tables are lists below the pairs (an order class's members, a
	// programme's contracts).
	tables func(c *fiber.Ctx, t *T) ([]detailTable, error)

	// Forms: the fields for the caller (t nil when creating), reading the posted
	// values into the write struct (form-level errors by field), a record's
	// current values, and the services' writes.
	form     func(c *fiber.Ctx, t *T) ([]formField, error)
	read     func(v map[string]string) (F, map[string]string)
	values   func(t *T) map[string]string
	defaults map[string]string
	initial  func(c *fiber.Ctx) map[string]string // defaults that depend on the day; replaces defaults
	create   func(ctx context.Context, f F) (*T, error)
	update   func(ctx context.Context, id bson.ObjectID, f F) (*T, error)
	remove   func(ctx context.Context, id bson.ObjectID) error
	// lookup completes the write struct with what the form names in words
	// and the services take by id (a student by 学号), t nil when creating;
	// what it cannot find is a form error.
	lookup func(c *fiber.Ctx, t *T, v map[string]string, f *F, errs map[string]string) error
	// errorsOn moves the errors the services name by their own fields onto
	// the form's (studentId onto the 学号 box, members[2].joinedAt onto the
	// members box, naming the line).
	errorsOn func(v, fe map[string]string)
	// mayWrite says whether to offer the caller the create (t nil), edit and
	// delete buttons; the services decide what is allowed.
	mayWrite func(p *models.Principal, t *T) bool
	// mayDelete narrows mayWrite for the delete button; nil means mayWrite.
	mayDelete func(p *models.Principal, t *T) bool
	// actions are extra buttons on the detail page (users: disable, reset password).
	actions func(p *models.Principal, t *T) []action
	// show, when set, renders the detail page itself from the generic part d
	// (an assessment batch adds its candidates and their forms).
	show func(c *fiber.Ctx, t *T, d detailView) error
}

// pair is one labelled value of a detail page.
type pair struct{ Label, Value string }

// detailTable is a list on a detail page or a list page: rows whose first cell
// links to the row's page, what an empty one says, and links below it (add
// one, see them all).
type detailTable struct {
	Title   string
	Columns []string
	Rows    []listRow
	Empty   string
	Links   []link
}

// link is a plain link on a page.
type link struct{ Label, Href string }

// action is a button on a detail page that posts to Href.
type action struct {
	Label, Href string
	Danger      bool
}

// mount registers the resource's pages on r.
func mount[T, F, L any](w *Handler, r fiber.Router, res *resource[T, F, L]) {
	res.w = w
	r.Get(res.path, res.listPage)
	if res.sheet != "" {
		r.Get(res.path+"/export.xlsx", res.exportList)
	}
	if res.create != nil {
		r.Get(res.path+"/new", func(c *fiber.Ctx) error {
			values := res.defaults
			if res.initial != nil {
				values = res.initial(c)
			}
			return res.formPage(c, nil, values, nil, fiber.StatusOK)
		})
		r.Post(res.path, w.csrf, res.createRecord)
	}
	if res.get == nil {
		return
	}
	r.Get(res.path+"/:id", res.detailPage)
	if res.update != nil {
		r.Get(res.path+"/:id/edit", res.editPage)
		r.Post(res.path+"/:id", w.csrf, res.updateRecord)
	}
	if res.remove != nil {
		r.Post(res.path+"/:id/delete", w.csrf, res.deleteRecord)
	}
}

// listView is what list.html shows.
type listView struct {
	Path, Noun, Search, Q, Sort, Sheet string
	Filters                            []formField
	Sorts                              []option
	Columns                            []string
	Rows                               []listRow
	Total                              int64
	Page, Pages                        int
	CanCreate, CanImport               bool
	query                              url.Values
}

type listRow struct {
	Href  string
	Cells []string
	Badge *badge
}

// PageURL keeps the filters and changes the page.
func (v listView) PageURL(page int) string {
	q := url.Values{}
	for k, vs := range v.query {
		q[k] = vs
	}
	q.Set("page", strconv.Itoa(page))
	return v.Path + "?" + q.Encode()
}

// Table is the list's rows as the shared table template shows them.
func (v listView) Table() detailTable {
	return detailTable{Columns: v.Columns, Rows: v.Rows, Empty: "没有符合条件的" + v.Noun}
}

// ExportURL is the .xlsx of what the list shows, all pages.
func (v listView) ExportURL() string { return v.Path + "/export.xlsx?" + v.query.Encode() }

// listQuery reads the list's search, filters and sort from the query string.
func (res *resource[T, F, L]) query(c *fiber.Ctx) (L, url.Values) {
	page, _ := strconv.Atoi(c.Query("page"))
	sort := c.Query("sort")
	if sort == "" && len(res.sorts) > 0 {
		sort = res.sorts[0].Value
	}
	lp := models.ListParams{Page: page, Sort: sort, Q: strings.TrimSpace(c.Query("q"))}
	q := map[string]string{}
	kept := url.Values{"q": {lp.Q}, "sort": {sort}}
	names := []string{}
	for _, f := range res.filters {
		names = append(names, f.Name)
	}
	if res.schoolFilter {
		names = append(names, "schoolId")
	}
	for _, n := range names {
		q[n] = strings.TrimSpace(c.Query(n))
		kept.Set(n, q[n])
	}
	return res.filter(lp, q), kept
}

func (res *resource[T, F, L]) listPage(c *fiber.Ctx) error {
	p, _ := models.PrincipalFrom(c.UserContext())
	f, kept := res.query(c)
	page, err := res.find(c.UserContext(), f)
	if err != nil {
		return err
	}
	v := listView{Path: res.path, Noun: res.noun, Search: res.search, Q: kept.Get("q"), Sort: kept.Get("sort"),
		Sorts: res.sorts, Columns: res.columns, Total: page.Total, Page: page.Page, query: kept,
		Pages:     int((page.Total + int64(page.PageSize) - 1) / int64(max(page.PageSize, 1))),
		CanCreate: res.create != nil && res.mayWrite(p, nil), Sheet: string(res.sheet)}
	v.CanImport = v.CanCreate && res.sheet != ""
	v.Pages = max(v.Pages, 1)
	filters := res.filters
	if res.schoolFilter {
		schools, err := res.w.schoolOptions(c)
		if err != nil {
			return err
		}
		if len(schools) > 1 {
			filters = append([]formField{{Name: "schoolId", Label: "学校", Options: schools}}, filters...)
		}
	}
	var choices map[string][]option
	if res.filterOptions != nil {
		if choices, err = res.filterOptions(c); err != nil {
			return err
		}
	}
	for _, fl := range filters {
		fl.Value = kept.Get(fl.Name)
		if opts, ok := choices[fl.Name]; ok {
			fl.Options = opts
		}
		v.Filters = append(v.Filters, fl)
	}
	row := res.row
	if row == nil {
		if row, err = res.rowFor(c); err != nil {
			return err
		}
	}
	for i := range page.Items {
		href, cells := row(&page.Items[i])
		r := listRow{Href: href, Cells: cells}
		if res.badge != nil {
			b := res.badge(&page.Items[i])
			r.Badge = &b
		}
		v.Rows = append(v.Rows, r)
	}
	return res.w.render(c, fiber.StatusOK, "list", View{Title: res.noun, Data: v})
}

// exportList sends the list as filtered, every page, as .xlsx.
func (res *resource[T, F, L]) exportList(c *fiber.Ctx) error {
	f, _ := res.query(c)
	var buf bytes.Buffer
	if err := res.w.Sheets.Export(c.UserContext(), res.sheet, f, &buf); err != nil {
		return err
	}
	return sendXLSX(c, res.sheet.FileName(""), buf.Bytes())
}

func sendXLSX(c *fiber.Ctx, name string, body []byte) error {
	c.Set(fiber.HeaderContentType, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="export.xlsx"; filename*=UTF-8''`+url.PathEscape(name))
	return c.Send(body)
}

// recordFromPath loads the record named by :id, within the caller's scope.
func (res *resource[T, F, L]) fromPath(c *fiber.Ctx) (*T, error) {
	id, err := models.ParseID(c.Params("id"))
	if err != nil {
		return nil, err
	}
	return res.get(c.UserContext(), id)
}

type detailView struct {
	Path, Noun, ID, Title string
	Pairs                 []pair
	Tables                []detailTable
	Actions               []action
	CanEdit, CanDelete    bool
	Confirm               bool
}

func (res *resource[T, F, L]) detailPage(c *fiber.Ctx) error {
	t, err := res.fromPath(c)
	if err != nil {
		return err
	}
	v, err := res.detailOf(c, t)
	if err != nil {
		return err
	}
	if res.show != nil {
		return res.show(c, t, v)
	}
	return res.w.render(c, fiber.StatusOK, "detail", View{Title: res.noun + "：" + v.Title, Data: v})
}

// detailOf is the generic part of t's detail page: its pairs and buttons.
func (res *resource[T, F, L]) detailOf(c *fiber.Ctx, t *T) (detailView, error) {
	p, _ := models.PrincipalFrom(c.UserContext())
	id, title, _ := res.about(t)
	may := res.mayWrite(p, t)
	v := detailView{Path: res.path, Noun: res.noun, ID: id.Hex(), Title: title, Pairs: res.detail(t),
		CanEdit: may && res.update != nil, CanDelete: may && res.remove != nil}
	if res.more != nil {
		more, err := res.more(c, t)
		if err != nil {
			return v, err
		}
		v.Pairs = append(v.Pairs, more...)
	}
	if res.tables != nil {
		tables, err := res.tables(c, t)
		if err != nil {
			return v, err
		}
		v.Tables = tables
	}
	if res.mayDelete != nil {
		v.CanDelete = v.CanDelete && res.mayDelete(p, t)
	}
	v.Confirm = v.CanDelete && c.Query("confirm") == "delete"
	if res.actions != nil {
		v.Actions = res.actions(p, t)
	}
	return v, nil
}

// formField is one labelled input with the user's value and its error. ID, when
// set, replaces Name as the element id (several forms on one page).
type formField struct {
	Name, ID, Label, Value, Hint, Error, Type string
	Required, ReadOnly, Multiple              bool
	Options                                   []option
}

type formView struct {
	Action, Cancel string
	Version        int64
	Fields         []formField
	Errors         map[string]string
}

// formPage renders the create form (t nil) or the edit form of t with values and
// the errors next to their fields.
func (res *resource[T, F, L]) formPage(c *fiber.Ctx, t *T, values, errs map[string]string, status int) error {
	p, _ := models.PrincipalFrom(c.UserContext())
	if !res.mayWrite(p, t) {
		return models.ErrForbidden
	}
	fields, err := res.form(c, t)
	if err != nil {
		return err
	}
	for i := range fields {
		fields[i].Value, fields[i].Error = values[fields[i].Name], errs[fields[i].Name]
		if fields[i].Error == "" {
			fields[i].Error = itemErrors(errs, fields[i].Name)
		}
		if fields[i].Type == "password" {
			fields[i].Value = "" // never sent back to the browser
		}
	}
	v := formView{Action: res.path, Cancel: res.path, Fields: fields, Errors: errs}
	title := "新增" + res.noun
	if t != nil {
		id, name, version := res.about(t)
		v.Action, v.Cancel, title = res.path+"/"+id.Hex(), res.path+"/"+id.Hex(), "编辑"+res.noun+"："+name
		v.Version = version
		if s := values["version"]; s != "" { // keep the version the user started from
			v.Version, _ = strconv.ParseInt(s, 10, 64)
		}
	}
	return res.w.render(c, status, "form", View{Title: title, Data: v})
}

// itemIndex is the index a validator message puts after the list's label
// ("实践成果[1]长度…"), which the numbering replaces.
var itemIndex = regexp.MustCompile(`\[\d+\]`)

// itemErrors gathers the errors of a list field's items ("outputs[2]") for the
// one input that holds the list (a textarea, a multiple select), numbered as
// the user counts them.
func itemErrors(errs map[string]string, name string) string {
	var out []string
	for k, msg := range errs {
		rest, ok := strings.CutPrefix(k, name+"[")
		if !ok {
			continue
		}
		if i, err := strconv.Atoi(strings.TrimSuffix(rest, "]")); err == nil {
			out = append(out, "第"+strconv.Itoa(i+1)+"条："+itemIndex.ReplaceAllString(msg, ""))
		}
	}
	slices.Sort(out)
	return strings.Join(out, "；")
}

// posted reads the form's own fields (read-only ones are not sent on) and the
// version.
func posted(c *fiber.Ctx, fields []formField) map[string]string {
	v := map[string]string{"version": c.FormValue("version")}
	for _, f := range fields {
		switch {
		case f.ReadOnly:
		case f.Multiple: // a multiple select posts the name once per choice
			var vals []string
			for _, b := range c.Request().PostArgs().PeekMulti(f.Name) {
				vals = append(vals, string(b))
			}
			v[f.Name] = strings.Join(vals, ",")
		default:
			v[f.Name] = strings.TrimSpace(c.FormValue(f.Name))
		}
	}
	return v
}

// readForm reads the form posted for t (nil when creating) into the write
// struct, with the form's own errors by field.
func (res *resource[T, F, L]) readForm(c *fiber.Ctx, t *T) (map[string]string, F, map[string]string, error) {
	var f F
	fields, err := res.form(c, t)
	if err != nil {
		return nil, f, nil, err
	}
	values := posted(c, fields)
	f, errs := res.read(values)
	if res.lookup != nil {
		err = res.lookup(c, t, values, &f, errs)
	}
	return values, f, errs, err
}

// formErrors are the form's and the service's errors on the form's fields;
// nil when there are none.
func (res *resource[T, F, L]) formErrors(values map[string]string, err error, form map[string]string) map[string]string {
	fe := fieldErrors(err, form)
	if fe != nil && res.errorsOn != nil {
		res.errorsOn(values, fe)
	}
	return fe
}

func (res *resource[T, F, L]) createRecord(c *fiber.Ctx) error {
	values, f, errs, err := res.readForm(c, nil)
	if err != nil {
		return err
	}
	t, err := res.create(writeUnless(c, errs), f)
	if fe := res.formErrors(values, err, errs); fe != nil {
		return res.formPage(c, nil, values, fe, fiber.StatusUnprocessableEntity)
	}
	if err != nil {
		return err
	}
	id, title, _ := res.about(t)
	flash(c, "已新增"+res.noun+" "+title)
	return c.Redirect(res.path+"/"+id.Hex(), fiber.StatusSeeOther)
}

func (res *resource[T, F, L]) editPage(c *fiber.Ctx) error {
	t, err := res.fromPath(c)
	if err != nil {
		return err
	}
	return res.formPage(c, t, res.values(t), nil, fiber.StatusOK)
}

func (res *resource[T, F, L]) updateRecord(c *fiber.Ctx) error {
	t, err := res.fromPath(c)
	if err != nil {
		return err
	}
	values, f, errs, err := res.readForm(c, t)
	if err != nil {
		return err
	}
	id, _, _ := res.about(t)
	_, err = res.update(writeUnless(c, errs), id, f)
	if fe := res.formErrors(values, err, errs); fe != nil {
		return res.formPage(c, t, values, fe, fiber.StatusUnprocessableEntity)
	}
	if err != nil {
		return err
	}
	flash(c, "已保存")
	return c.Redirect(res.path+"/"+id.Hex(), fiber.StatusSeeOther)
}

func (res *resource[T, F, L]) deleteRecord(c *fiber.Ctx) error {
	id, err := models.ParseID(c.Params("id"))
	if err != nil {
		return err
	}
	if err := res.remove(c.UserContext(), id); err != nil {
		return err
	}
	flash(c, "已删除"+res.noun)
	return c.Redirect(res.path, fiber.StatusSeeOther)
}

// Helpers for read functions: a posted value as the pointer a *Fields struct
// wants (nil when the form did not have the field) and numbers with their error.

func text(v map[string]string, name string) *string {
	s, ok := v[name]
	if !ok {
		return nil
	}
	return &s
}

func number(v map[string]string, name, msg string, errs map[string]string) *int {
	s, ok := v[name]
	if !ok {
		return nil
	}
	if s == "" {
		n := 0
		return &n
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		errs[name] = msg
		return nil
	}
	return &n
}

func version(v map[string]string) *int64 {
	s := v["version"]
	if s == "" {
		return nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return nil
	}
	return &n
}

// writeUnless is the context for the service call of a posted form: when the
// form itself already has errors (a number that is not one), the service still
// validates the rest, so that every wrong field is named at once, but in a dry
// run, so that nothing is written.
func writeUnless(c *fiber.Ctx, formErrors map[string]string) context.Context {
	if len(formErrors) > 0 {
		return records.DryRun(c.UserContext())
	}
	return c.UserContext()
}

// fieldErrors merges the form's own errors with a service's validation or conflict
// errors into per-field messages; nil when err is neither and the form had none.
func fieldErrors(err error, form map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range form {
		out[k] = v
	}
	var ve *models.ValidationError
	var ce *models.ConflictError
	switch {
	case errors.As(err, &ve):
		for k, v := range ve.Fields {
			if _, ok := out[k]; !ok {
				out[k] = v
			}
		}
	case errors.As(err, &ce):
		out[ce.Field] = ce.Message
	case errors.Is(err, models.ErrStaleVersion):
		out["version"] = err.Error()
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// moveError puts the error a service names field from by onto the form's field
// to (the student's id onto the 学号 typed), unless the form has one there.
func moveError(fe map[string]string, from, to string) {
	msg, ok := fe[from]
	if !ok {
		return
	}
	delete(fe, from)
	if _, has := fe[to]; !has {
		fe[to] = msg
	}
}
