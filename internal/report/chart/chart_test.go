package chart

import (
	"encoding/xml"
	"errors"
	"html/template"
	"io"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"kriya/internal/sales"
)

// node is an element of a parsed chart, enough to check what a browser
// would draw.
type node struct {
	name  string
	attrs map[string]string
	text  string // the element's own character data, not its children's
	kids  []*node
}

// parseSVG fails the test unless the chart is well-formed XML, and returns
// its root element.
func parseSVG(t *testing.T, chart template.HTML) *node {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(string(chart)))
	root := &node{}
	stack := []*node{root}
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("chart is not well-formed XML: %v\n%s", err, chart)
		}
		top := stack[len(stack)-1]
		switch tok := tok.(type) {
		case xml.StartElement:
			n := &node{name: tok.Name.Local, attrs: map[string]string{}}
			for _, a := range tok.Attr {
				n.attrs[a.Name.Local] = a.Value
			}
			top.kids = append(top.kids, n)
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			top.text += string(tok)
		}
	}
	if len(root.kids) != 1 || root.kids[0].name != "svg" {
		t.Fatalf("want one <svg> root, got %+v", root.kids)
	}
	return root.kids[0]
}

// all lists the elements under n, n included, that match.
func (n *node) all(match func(*node) bool) []*node {
	var found []*node
	if match(n) {
		found = append(found, n)
	}
	for _, k := range n.kids {
		found = append(found, k.all(match)...)
	}
	return found
}

func (n *node) title() string {
	for _, k := range n.kids {
		if k.name == "title" {
			return k.text
		}
	}
	return ""
}

func named(name string) func(*node) bool { return func(n *node) bool { return n.name == name } }

func bars(svg *node) []*node {
	return svg.all(func(n *node) bool { return n.name == "rect" && n.attrs["class"] == "bar" })
}

func texts(svg *node) []string {
	var s []string
	for _, n := range svg.all(named("text")) {
		s = append(s, n.text)
	}
	return s
}

func attr(t *testing.T, n *node, name string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(n.attrs[name], 64)
	if err != nil {
		t.Fatalf("<%s %s=%q>: %v", n.name, name, n.attrs[name], err)
	}
	return v
}

func rupiah(v int64) string { return "Rp " + strconv.FormatInt(v, 10) }

// checkFrame checks what every chart owes its reader: a scalable image with
// an accessible name that starts with its title, the council's colours and
// text no smaller than 12 units.
func checkFrame(t *testing.T, svg *node, title string) {
	t.Helper()
	if svg.attrs["role"] != "img" || svg.attrs["width"] != "100%" || !strings.HasPrefix(svg.attrs["viewBox"], "0 0 ") {
		t.Errorf("svg attributes %v", svg.attrs)
	}
	if !strings.HasPrefix(svg.attrs["aria-label"], title) || svg.title() != svg.attrs["aria-label"] {
		t.Errorf("aria-label %q and title %q should both name %q", svg.attrs["aria-label"], svg.title(), title)
	}
	if svg.attrs["fill"] != colorText {
		t.Errorf("text colour %q", svg.attrs["fill"])
	}
	for _, n := range svg.all(func(n *node) bool { return n.attrs["font-size"] != "" }) {
		if size := attr(t, n, "font-size"); size < 12 {
			t.Errorf("font-size %v in <%s>%s", size, n.name, n.text)
		}
	}
	for _, b := range bars(svg) {
		if b.attrs["fill"] != colorBar {
			t.Errorf("bar colour %q", b.attrs["fill"])
		}
	}
}

func TestBarChart(t *testing.T) {
	labels := []string{"Perak Celuk", "<script>x()</script>", "Ni Luh Putu Sri Wahyuni — perak & emas", "Café", "Refunded"}
	values := []int64{5_000_000, 1_250_000, 2_500_000, 0, -300_000}
	chart := Bar(`Omzet per perajin "Nov"`, labels, values, rupiah)
	if strings.Contains(string(chart), "<script>") {
		t.Fatalf("a label's markup reached the chart: %s", chart)
	}
	svg := parseSVG(t, chart)
	checkFrame(t, svg, `Omzet per perajin "Nov"`)

	shown := strings.Join(texts(svg), "\n")
	for _, want := range []string{"Perak Celuk", "<script>x()</script>", "Ni Luh Putu Sri Wahyu…", "Café", "Refunded", "Rp 5000000", "Rp 0", "Rp -300000"} {
		if !strings.Contains(shown, want) {
			t.Errorf("chart does not show %q; it shows:\n%s", want, shown)
		}
	}
	for _, n := range svg.all(named("text")) {
		if strings.HasPrefix(n.text, "Ni Luh") && n.title() != labels[2] {
			t.Errorf("cut label's hover title is %q", n.title())
		}
	}
	if label := svg.attrs["aria-label"]; !strings.Contains(label, "Perak Celuk Rp 5000000") || !strings.Contains(label, labels[2]) {
		t.Errorf("aria-label %q does not read out the bars", label)
	}

	rects := bars(svg)
	if len(rects) != len(values) {
		t.Fatalf("%d bars for %d values", len(rects), len(values))
	}
	longest := attr(t, rects[0], "width")
	for i, r := range rects {
		width := attr(t, r, "width")
		want := longest * float64(max(values[i], 0)) / float64(values[0])
		if math.Abs(width-want) > 0.5 {
			t.Errorf("bar %d (%d) is %v long, want %v", i, values[i], width, want)
		}
		if i > 0 && width >= longest {
			t.Errorf("bar %d (%d) is not shorter than the largest", i, values[i])
		}
	}
	if x := attr(t, rects[0], "x") + longest; x > chartWidth-chartPad-textWidth("Rp 5000000", textSize) {
		t.Errorf("the longest bar ends at %v, leaving no room for its value", x)
	}
}

func TestBarChartEdges(t *testing.T) {
	t.Run("no items", func(t *testing.T) {
		for _, chart := range []template.HTML{
			Bar("Kosong", nil, nil, rupiah),
			Trend("Kosong", nil, nil, rupiah),
			Bar("Kosong", []string{"a"}, nil, rupiah),
		} {
			svg := parseSVG(t, chart)
			checkFrame(t, svg, "Kosong")
			if got := texts(svg); len(got) != 1 || got[0] != "—" {
				t.Errorf("empty chart shows %q", got)
			}
			if svg.attrs["aria-label"] != "Kosong: —" {
				t.Errorf("aria-label %q", svg.attrs["aria-label"])
			}
		}
	})
	t.Run("all zero", func(t *testing.T) {
		svg := parseSVG(t, Bar("Nol", []string{"a", "b"}, []int64{0, 0}, nil))
		for _, r := range bars(svg) {
			if attr(t, r, "width") != 0 {
				t.Errorf("zero drawn %v wide", r.attrs["width"])
			}
		}
		if shown := strings.Join(texts(svg), " "); shown != "a 0 b 0" {
			t.Errorf("shows %q, want plain digits", shown)
		}
	})
	t.Run("a tiny value still shows", func(t *testing.T) {
		svg := parseSVG(t, Bar("", []string{"big", "tiny"}, []int64{1_000_000_000, 1}, nil))
		if w := attr(t, bars(svg)[1], "width"); w < 1 {
			t.Errorf("tiny bar is %v wide", w)
		}
		if label := svg.attrs["aria-label"]; label != "big 1000000000; tiny 1" {
			t.Errorf("aria-label without a title is %q", label)
		}
	})
	t.Run("long lists are summarised", func(t *testing.T) {
		labels := make([]string, 30)
		values := make([]int64, 30)
		for i := range labels {
			labels[i], values[i] = "p"+strconv.Itoa(i), int64(i)
		}
		svg := parseSVG(t, Bar("Produk", labels, values, nil))
		label := svg.attrs["aria-label"]
		if !strings.Contains(label, "p11 11; …") || strings.Contains(label, "p12") {
			t.Errorf("aria-label %q", label)
		}
		if len(bars(svg)) != 30 {
			t.Errorf("%d bars", len(bars(svg)))
		}
	})
}

func TestTrendChart(t *testing.T) {
	labels := []string{"Sep 2026", "Okt 2026", "<b>Nov</b>"}
	values := []int64{2_000_000, 8_000_000, 4_000_000}
	chart := Trend("Tren omzet", labels, values, rupiah)
	if strings.Contains(string(chart), "<b>") {
		t.Fatalf("a label's markup reached the chart: %s", chart)
	}
	svg := parseSVG(t, chart)
	checkFrame(t, svg, "Tren omzet")

	shown := texts(svg)
	for _, want := range append([]string{"Rp 8000000"}, labels...) {
		if !strings.Contains(strings.Join(shown, "\n"), want) {
			t.Errorf("chart does not show %q; it shows %q", want, shown)
		}
	}
	if shown[0] != "Rp 8000000" {
		t.Errorf("top axis shows %q, want the largest value", shown[0])
	}
	lines := svg.all(named("line"))
	if len(lines) != 2 || lines[0].attrs["stroke"] != colorSecondary || lines[1].attrs["stroke"] != colorGrid {
		t.Errorf("want the top line in the secondary colour and the base in the grid colour: %+v", lines)
	}
	top, base := attr(t, lines[0], "y1"), attr(t, lines[1], "y1")

	cols := bars(svg)
	if len(cols) != 3 {
		t.Fatalf("%d columns", len(cols))
	}
	for i, c := range cols {
		height := attr(t, c, "height")
		if want := (base - top) * float64(values[i]) / 8_000_000; math.Abs(height-want) > 0.5 {
			t.Errorf("column %d is %v high, want %v", i, height, want)
		}
		if bottom := attr(t, c, "y") + height; math.Abs(bottom-base) > 0.1 {
			t.Errorf("column %d stands at %v, not on the base %v", i, bottom, base)
		}
		if want := labels[i] + ": Rp " + strconv.FormatInt(values[i], 10); c.title() != want {
			t.Errorf("column %d hover title %q, want %q", i, c.title(), want)
		}
		if i > 0 && attr(t, c, "x") <= attr(t, cols[i-1], "x") {
			t.Errorf("columns out of order")
		}
	}
}

func TestTrendChartLabels(t *testing.T) {
	months := func(n int) ([]string, []int64) {
		from := time.Date(2022, 1, 1, 0, 0, 0, 0, sales.WITA)
		keys := sales.Period{Kind: sales.PeriodCustom, From: from, To: from.AddDate(0, n, 0)}.Months()
		values := make([]int64, len(keys))
		for i := range values {
			values[i] = int64(i * 1000)
		}
		return keys, values
	}
	monthLabels := func(svg *node) []string {
		var s []string
		for _, n := range svg.all(named("text")) {
			if strings.HasPrefix(n.text, "202") {
				s = append(s, n.text)
			}
		}
		return s
	}

	t.Run("a year shows every month", func(t *testing.T) {
		keys, values := months(12)
		svg := parseSVG(t, Trend("Tren", keys, values, nil))
		if got := monthLabels(svg); strings.Join(got, " ") != strings.Join(keys, " ") {
			t.Errorf("labels %q", got)
		}
		if c := bars(svg); attr(t, c[0], "height") != 0 || attr(t, c[11], "height") != trendPlotSize {
			t.Errorf("first and last columns are %s and %s high", c[0].attrs["height"], c[11].attrs["height"])
		}
	})
	t.Run("longer shows every third", func(t *testing.T) {
		keys, values := months(60)
		svg := parseSVG(t, Trend("Tren", keys, values, nil))
		got := monthLabels(svg)
		if len(got) != 20 || got[0] != "2022-01" || got[1] != "2022-04" || got[19] != "2026-10" {
			t.Errorf("labels %q", got)
		}
		if len(bars(svg)) != 60 {
			t.Errorf("%d columns", len(bars(svg)))
		}
		checkInside(t, svg)
	})
	t.Run("long labels slant inside the box", func(t *testing.T) {
		labels := []string{"Pameran Art Centre 2026", "Pameran Bali Mandara", "Inacraft", "Online"}
		svg := parseSVG(t, Trend("Tren", labels, []int64{3, 2, 1, -5}, nil))
		for _, n := range svg.all(named("text")) {
			if n.text != "3" && !strings.HasPrefix(n.attrs["transform"], "rotate(-45 ") {
				t.Errorf("label %q is not slanted", n.text)
			}
		}
		if h := attr(t, bars(svg)[3], "height"); h != 0 {
			t.Errorf("negative column is %v high", h)
		}
		checkInside(t, svg)
	})
}

// checkInside checks that slanted month labels stay within the viewBox,
// using the same generous glyph width the chart lays out with.
func checkInside(t *testing.T, svg *node) {
	t.Helper()
	box := strings.Fields(svg.attrs["viewBox"])
	height, err := strconv.ParseFloat(box[len(box)-1], 64)
	if err != nil {
		t.Fatalf("viewBox %q: %v", svg.attrs["viewBox"], err)
	}
	for _, n := range svg.all(named("text")) {
		if n.attrs["transform"] == "" {
			continue
		}
		reach := textWidth(n.text, axisSize) * math.Sqrt2 / 2
		x, y := attr(t, n, "x"), attr(t, n, "y")
		if x-reach < 0 || y+reach > height {
			t.Errorf("label %q at %v,%v reaches %v,%v outside 0..%v", n.text, x, y, x-reach, y+reach, height)
		}
	}
}
