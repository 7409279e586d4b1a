package web

import (
	"net/url"
	"strconv"
	"strings"

	"kriya/internal/fault"

	"github.com/gin-gonic/gin"
)

// form is a submitted HTML form: its values, to show again, and what is
// wrong with them as message ids, to show beside each field. Passwords are
// never shown again.
type form struct {
	Values url.Values
	Errors map[string]string
}

func newForm(c *gin.Context) *form {
	c.Request.ParseForm()
	return &form{Values: c.Request.PostForm, Errors: map[string]string{}}
}

// emptyForm is a form as first shown.
func emptyForm() *form { return &form{Values: url.Values{}, Errors: map[string]string{}} }

// Get returns a field's trimmed value.
func (f *form) Get(field string) string { return strings.TrimSpace(f.Values.Get(field)) }

// Check records messageID against field unless ok; the first problem of a
// field wins.
func (f *form) Check(ok bool, field, messageID string) {
	if !ok && f.Errors[field] == "" {
		f.Errors[field] = messageID
	}
}

// Problems puts the field messages of a fault.Invalid error on the form
// and reports whether err is nil or was such an error: false means err is
// a failure to show as one.
func (f *form) Problems(err error) bool {
	if err == nil {
		return true
	}
	if fault.KindOf(err) != fault.Invalid {
		return false
	}
	for field, msg := range fault.FieldsOf(err) {
		f.Check(false, field, msg)
	}
	return true
}

// Valid reports whether no check failed.
func (f *form) Valid() bool { return len(f.Errors) == 0 }

func i64(n int64) string { return strconv.FormatInt(n, 10) }

func itoa(n int) string { return strconv.Itoa(n) }

func parseInt(s string) (int, error) { return strconv.Atoi(strings.TrimSpace(s)) }
