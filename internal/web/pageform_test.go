package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// pageForm is a form as a page shows it: where it posts, and what a
// browser sends when it is submitted as shown — its hidden fields,
// prefilled inputs, selected options, ticked boxes and the button pressed.
type pageForm struct {
	t       *testing.T
	Action  string
	Values  url.Values
	options map[string][][2]string // a select's options: value, text
	boxes   map[string]string      // a checkbox's value, ticked or not
}

// formWith finds the form on a page that has a button labelled button, as
// a person finds the form they fill in; the button is the one pressed.
func formWith(t *testing.T, page, button string) *pageForm {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	for form := range doc.Descendants() {
		if form.Type != html.ElementNode || form.Data != "form" {
			continue
		}
		for b := range form.Descendants() {
			if b.Type == html.ElementNode && b.Data == "button" && strings.TrimSpace(text(b)) == button {
				return readForm(t, form, b)
			}
		}
	}
	t.Fatalf("the page has no form with a button %q", button)
	return nil
}

func readForm(t *testing.T, form, pressed *html.Node) *pageForm {
	f := &pageForm{t: t, Action: attr(form, "action"), Values: url.Values{}, options: map[string][][2]string{}, boxes: map[string]string{}}
	for n := range form.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		name := attr(n, "name")
		switch n.Data {
		case "input":
			switch attr(n, "type") {
			case "checkbox", "radio":
				f.boxes[name] = attr(n, "value")
				if hasAttr(n, "checked") {
					f.Values.Add(name, attr(n, "value"))
				}
			case "submit", "file":
			default:
				if name != "" {
					f.Values.Add(name, attr(n, "value"))
				}
			}
		case "textarea":
			f.Values.Add(name, text(n))
		case "select":
			chosen := ""
			for o := range n.Descendants() {
				if o.Type == html.ElementNode && o.Data == "option" {
					f.options[name] = append(f.options[name], [2]string{attr(o, "value"), strings.TrimSpace(text(o))})
					if chosen == "" || hasAttr(o, "selected") {
						chosen = attr(o, "value")
					}
				}
			}
			f.Values.Set(name, chosen)
		}
	}
	if name := attr(pressed, "name"); name != "" {
		f.Values.Set(name, attr(pressed, "value"))
	}
	return f
}

// Set types value into a field.
func (f *pageForm) Set(name, value string) *pageForm {
	f.t.Helper()
	if _, ok := f.Values[name]; !ok {
		f.t.Fatalf("the form posting to %s has no field %q", f.Action, name)
	}
	f.Values.Set(name, value)
	return f
}

// Tick ticks a checkbox.
func (f *pageForm) Tick(name string) *pageForm {
	f.t.Helper()
	v, ok := f.boxes[name]
	if !ok {
		f.t.Fatalf("the form posting to %s has no checkbox %q", f.Action, name)
	}
	f.Values.Set(name, v)
	return f
}

// Choose picks the option of a select that reads label (or begins with
// it, as "Tenun Ayu (Denpasar Barat)").
func (f *pageForm) Choose(name, label string) *pageForm {
	f.t.Helper()
	for _, exact := range []bool{true, false} {
		for _, o := range f.options[name] {
			if o[1] == label || (!exact && strings.HasPrefix(o[1], label)) {
				f.Values.Set(name, o[0])
				return f
			}
		}
	}
	f.t.Fatalf("the form posting to %s has no option %q for %s: %v", f.Action, label, name, f.options[name])
	return f
}

// Submit posts the form from browser b, as the page's button would.
func (f *pageForm) Submit(b *site) (int, string, string) {
	f.t.Helper()
	status, body, h := b.post(f.Action, f.Values)
	return status, body, h.Get("Location")
}

// Open sends a GET form (a filter, a period picker) as the browser does.
func (f *pageForm) Open(b *site) (int, string, http.Header) {
	f.t.Helper()
	return b.get(f.Action + "?" + f.Values.Encode())
}

// linkTo is where the link on a page that reads label goes, as a browser
// reads its href; with near, the link in the table row, or else the
// section, that reads near ("Rp 650.000", a section's heading).
func linkTo(t *testing.T, page, label string, near ...string) string {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	containers := []*html.Node{doc}
	if len(near) > 0 {
		containers = nil
		for _, kind := range []string{"tr", "section"} {
			for n := range doc.Descendants() {
				if n.Type == html.ElementNode && n.Data == kind && strings.Contains(text(n), near[0]) {
					containers = append(containers, n)
				}
			}
		}
	}
	for _, c := range containers {
		for a := range c.Descendants() {
			if a.Type == html.ElementNode && a.Data == "a" && strings.TrimSpace(text(a)) == label {
				return attr(a, "href")
			}
		}
	}
	t.Fatalf("the page has no link %q %v", label, near)
	return ""
}

// text is what a node reads, its children's text joined.
func text(n *html.Node) string {
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			b.WriteString(d.Data)
		}
	}
	return b.String()
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}
