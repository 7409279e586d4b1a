package web_test

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// cssRule is one rule of the stylesheet: its selector and declarations.
type cssRule struct {
	selector string
	decls    map[string]string
}

var (
	cssComment  = regexp.MustCompile(`(?s)/\*.*?\*/`)
	cssRuleBody = regexp.MustCompile(`([^{}]+)\{([^{}]*)\}`) // innermost rules, so those inside @media too
	cssVarRef   = regexp.MustCompile(`^var\((--[a-z0-9-]+)\)$`)
	cssHex      = regexp.MustCompile(`^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$`)
)

// parseCSS reads the rules of a stylesheet that has no nesting other than
// @media blocks, as ours.
func parseCSS(css string) []cssRule {
	var rules []cssRule
	for _, m := range cssRuleBody.FindAllStringSubmatch(cssComment.ReplaceAllString(css, ""), -1) {
		r := cssRule{selector: strings.TrimSpace(m[1]), decls: map[string]string{}}
		for decl := range strings.SplitSeq(m[2], ";") {
			name, value, ok := strings.Cut(decl, ":")
			if ok {
				r.decls[strings.TrimSpace(name)] = strings.TrimSpace(value)
			}
		}
		rules = append(rules, r)
	}
	return rules
}

// colourIn finds the colour in a declaration's value — a hex colour or a
// custom property of the palette — and says whether there is one.
func colourIn(value string, palette map[string]string) (string, bool) {
	for tok := range strings.FieldsSeq(value) {
		if m := cssVarRef.FindStringSubmatch(tok); m != nil {
			if hex, ok := palette[m[1]]; ok {
				return hex, true
			}
		}
		if cssHex.MatchString(tok) {
			return tok, true
		}
	}
	return "", false
}

// luminance is WCAG 2's relative luminance of an sRGB hex colour.
func luminance(hex string) float64 {
	hex = strings.TrimPrefix(hex, "#")
	if len(hex) == 3 {
		hex = string([]byte{hex[0], hex[0], hex[1], hex[1], hex[2], hex[2]})
	}
	var l [3]float64
	for i := range 3 {
		v, _ := strconv.ParseUint(hex[2*i:2*i+2], 16, 8)
		c := float64(v) / 255
		if c <= 0.04045 {
			l[i] = c / 12.92
		} else {
			l[i] = math.Pow((c+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*l[0] + 0.7152*l[1] + 0.0722*l[2]
}

// contrast is WCAG 2's contrast ratio of two colours, from 1 to 21.
func contrast(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

func TestContrastFormula(t *testing.T) {
	tests := []struct {
		a, b string
		want float64
	}{
		{"#000", "#fff", 21},
		{"#fff", "#ffffff", 1},
		{"#777777", "#ffffff", 4.48}, // the classic near miss
		{"#767676", "#fff", 4.54},
	}
	for _, tt := range tests {
		if got := contrast(tt.a, tt.b); math.Abs(got-tt.want) > 0.01 {
			t.Errorf("contrast(%s, %s) = %.2f, want %.2f", tt.a, tt.b, got, tt.want)
		}
	}
}

// Every text colour of the stylesheet reaches 4.5:1 on every background
// it can be drawn on, and the focus ring 3:1 (WCAG 2.2, 1.4.3 and 1.4.11).
// A rule that sets both a colour and a background (a button) is checked as
// that pair; a text colour set alone (a link, a hint) may sit on any
// surface that rules paint without setting a text colour (the page, a card,
// a notice), and so is checked on each of them.
func TestPaletteContrast(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "static", "css", "app.css"))
	if err != nil {
		t.Fatal(err)
	}
	rules := parseCSS(string(b))
	palette := map[string]string{}
	for _, r := range rules {
		if r.selector != ":root" {
			continue
		}
		for name, value := range r.decls {
			if strings.HasPrefix(name, "--") && cssHex.MatchString(value) {
				palette[name] = value
			}
		}
	}
	if palette["--ink"] == "" || palette["--paper"] == "" {
		t.Fatalf("no palette in :root: %v", palette)
	}

	type use struct{ colour, where string }
	var pairs []struct{ text, background use }
	var texts, surfaces []use
	var focus []use
	for _, r := range rules {
		fg, hasFg := colourIn(r.decls["color"], palette)
		bgValue := r.decls["background"] + " " + r.decls["background-color"]
		bg, hasBg := colourIn(bgValue, palette)
		switch {
		case hasFg && hasBg:
			pairs = append(pairs, struct{ text, background use }{use{fg, r.selector}, use{bg, r.selector}})
			if r.selector == ":root" {
				texts = append(texts, use{fg, r.selector + " (inherited text)"})
				surfaces = append(surfaces, use{bg, r.selector})
			}
		case hasFg:
			texts = append(texts, use{fg, r.selector})
		case hasBg:
			surfaces = append(surfaces, use{bg, r.selector})
		}
		if strings.Contains(r.selector, "focus") {
			if c, ok := colourIn(r.decls["outline"], palette); ok {
				focus = append(focus, use{c, r.selector})
			}
		}
	}
	for _, fg := range texts {
		for _, bg := range surfaces {
			pairs = append(pairs, struct{ text, background use }{fg, bg})
		}
	}
	if len(pairs) < 20 || len(focus) == 0 {
		t.Fatalf("found only %d colour pairs and %d focus rings; is the stylesheet parsed?", len(pairs), len(focus))
	}
	for _, p := range pairs {
		if r := contrast(p.text.colour, p.background.colour); r < 4.5 {
			t.Errorf("text %s (%s) on %s (%s): %.2f:1, want 4.5:1 or more", p.text.colour, p.text.where, p.background.colour, p.background.where, r)
		}
	}
	for _, f := range focus {
		for _, bg := range surfaces {
			if r := contrast(f.colour, bg.colour); r < 3 {
				t.Errorf("focus ring %s (%s) on %s (%s): %.2f:1, want 3:1 or more", f.colour, f.where, bg.colour, bg.where, r)
			}
		}
	}
	if testing.Verbose() {
		fmt.Printf("palette: %d text/background pairs and %d focus rings checked\n", len(pairs), len(focus)*len(surfaces))
	}
}
