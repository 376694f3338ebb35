package web

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/chanjiao/chanjiao/models"
)

// The order class form's members and hires are boxes of one item a line, as
// the office types them or pastes them from a sheet: "学号 加入日期 [离开日期]"
// and "学号 录用日期 [录用证明]", the words apart by spaces, tabs or commas. A line
// of the wrong shape is the form's error; the service checks the rest (the
// student, the dates), naming items members[i].field, which go back onto the
// box as the line they came from.

// boxLine is a non-blank line of a box: its number from 1, its text and words.
type boxLine struct {
	n     int
	text  string
	words []string
}

func boxLines(s string) []boxLine {
	var out []boxLine
	for i, l := range strings.Split(s, "\n") {
		words := strings.FieldsFunc(l, func(r rune) bool { return unicode.IsSpace(r) || r == ',' || r == '，' })
		if len(words) > 0 {
			out = append(out, boxLine{n: i + 1, text: strings.TrimSpace(l), words: words})
		}
	}
	return out
}

// box is a box as read: its field, the shape a line must have, the lines the
// items came from (in order) and the lines of the wrong shape, and the names of
// an item's parts as the messages call them.
type box struct {
	field, shape string
	sent, bad    []boxLine
	labels       map[string]string
}

// readBox makes an item of each line of min to max words (max < 0: no limit)
// and sets the other lines apart.
func readBox[T any](field, s string, minWords, maxWords int, shape string, item func(words []string) T) ([]T, box) {
	items, b := []T{}, box{field: field, shape: shape} // an empty box empties the list
	for _, l := range boxLines(s) {
		if len(l.words) < minWords || maxWords >= 0 && len(l.words) > maxWords {
			b.bad = append(b.bad, l)
			continue
		}
		items, b.sent = append(items, item(l.words)), append(b.sent, l)
	}
	return items, b
}

// memberBox reads the members box.
func memberBox(s string) ([]models.MemberInput, box) {
	items, b := readBox("members", s, 2, 3, "学号 加入日期 [离开日期]", func(w []string) models.MemberInput {
		m := models.MemberInput{StudentNo: w[0], JoinedAt: w[1]}
		if len(w) == 3 {
			m.LeftAt = w[2]
		}
		return m
	})
	b.labels = map[string]string{"studentNo": "学号", "studentId": "学号", "joinedAt": "加入日期", "leftAt": "离开日期"}
	return items, b
}

// hireBox reads the hires box; the document is the rest of the line.
func hireBox(s string) ([]models.HireInput, box) {
	items, b := readBox("hires", s, 2, -1, "学号 录用日期 [录用证明]", func(w []string) models.HireInput {
		return models.HireInput{StudentNo: w[0], HiredAt: w[1], Doc: strings.Join(w[2:], " ")}
	})
	b.labels = map[string]string{"studentNo": "学号", "studentId": "学号", "hiredAt": "录用日期", "doc": "录用证明"}
	return items, b
}

// courseBox is the joint courses box, one course a line.
func courseBox(s string) box { return box{field: "jointCourses", sent: boxLines(s)} }

// shapeErrors puts the box's lines of the wrong shape, if any, on the form's
// errors.
func (b box) shapeErrors(errs map[string]string) {
	if len(b.bad) == 0 {
		return
	}
	msgs := make([]string, len(b.bad))
	for i, l := range b.bad {
		msgs[i] = b.shapeError(l)
	}
	errs[b.field] = strings.Join(msgs, "\n")
}

func (b box) shapeError(l boxLine) string {
	return fmt.Sprintf("第%d行“%s”格式不正确，应为“%s”", l.n, l.text, b.shape)
}

// place puts on the box its lines of the wrong shape and the errors the service
// named by item (members[2].joinedAt), each naming the line it is about and,
// by the labels, the part of the line that is wrong; one message a line, in
// the order of the lines.
func (b box) place(fe map[string]string) {
	type lineError struct {
		line int
		key  string
		msg  string
	}
	var found []lineError
	for _, l := range b.bad {
		found = append(found, lineError{l.n, "", b.shapeError(l)})
	}
	for key, msg := range fe {
		i, part, ok := itemOf(key, b.field)
		if !ok {
			continue
		}
		delete(fe, key)
		if i >= len(b.sent) { // not from the box: say it as it is
			found = append(found, lineError{1 << 30, key, msg})
			continue
		}
		at := ""
		if l := b.labels[part]; l != "" {
			at = "（" + l + "）"
		}
		found = append(found, lineError{b.sent[i].n, key, fmt.Sprintf("第%d行“%s”%s：%s", b.sent[i].n, b.sent[i].text, at, msg)})
	}
	if len(found) == 0 {
		return
	}
	slices.SortFunc(found, func(x, y lineError) int {
		if x.line != y.line {
			return x.line - y.line
		}
		return strings.Compare(x.key, y.key)
	})
	var msgs []string
	if own := fe[b.field]; own != "" && len(b.bad) == 0 { // an error on the whole list
		msgs = append(msgs, own)
	}
	for _, e := range found {
		msgs = append(msgs, e.msg)
	}
	fe[b.field] = strings.Join(msgs, "\n")
}

// itemOf reads "members[2].joinedAt" as item 2 of members, part joinedAt.
func itemOf(key, field string) (int, string, bool) {
	rest, ok := strings.CutPrefix(key, field+"[")
	if !ok {
		return 0, "", false
	}
	index, part, ok := strings.Cut(rest, "]")
	i, err := strconv.Atoi(index)
	if !ok || err != nil || i < 0 {
		return 0, "", false
	}
	return i, strings.TrimPrefix(part, "."), true
}
