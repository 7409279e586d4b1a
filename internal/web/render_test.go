package web

import (
	"bytes"
	"html/template"
	"testing"
)

// A partial reads what dict gathers by name; a call with a missing value
// or a key that is not a string fails the page instead of rendering it
// with a hole.
func TestDict(t *testing.T) {
	funcs := template.FuncMap{"dict": dict}
	cases := []struct {
		call, want string
		fails      bool
	}{
		{call: `(dict "Name" "email" "N" 2)`, want: "email 2"},
		{call: `(dict "Name" "email" "N")`, fails: true},
		{call: `(dict 1 "email" "N" 2)`, fails: true},
	}
	for _, c := range cases {
		tpl := template.Must(template.New("page").Funcs(funcs).Parse(
			`{{define "partial"}}{{.Name}} {{.N}}{{end}}{{template "partial" ` + c.call + `}}`))
		var b bytes.Buffer
		err := tpl.Execute(&b, nil)
		switch {
		case c.fails && err == nil:
			t.Errorf("%s rendered %q, want an error", c.call, b.String())
		case !c.fails && err != nil:
			t.Errorf("%s: %v", c.call, err)
		case !c.fails && b.String() != c.want:
			t.Errorf("%s rendered %q, want %q", c.call, b.String(), c.want)
		}
	}
}
