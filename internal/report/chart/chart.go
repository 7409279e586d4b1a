// Package chart draws the council dashboard's charts as inline SVG, ready
// to go into a page. It is presentation, kept out of the sales domain so
// that the definition of omzet does not depend on html/template.
package chart

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The council's palette, so charts match the pages around them.
const (
	colorBar       = "#8a3b12"
	colorSecondary = "#b9892f"
	colorText      = "#1f1a17"
	colorGrid      = "#e4dcd2"
)

// Chart geometry, in viewBox units. The charts are drawn 480 wide and
// scaled to the width of their box: at most ~600px on a desktop, ~360px on
// a phone, where 15-unit text still shows at about 11px. Nothing is smaller
// than 12 units, so nothing shows below about 9px.
const (
	chartWidth    = 480.0
	chartPad      = 8.0
	textSize      = 15.0 // bar labels and values
	axisSize      = 14.0 // month labels and the trend's top value
	labelRunes    = 22   // longer labels are cut, so a bar keeps its room
	summaryItems  = 12   // items read out in a chart's accessible name: a year of months
	charWidthEm   = 0.6  // a generous average glyph width, to keep text inside the box
	trendPlotSize = 180.0
)

// Bar draws one horizontal bar per label, each bar's value written at
// its end with format (rupiah, units…; plain digits when nil), for the
// dashboard's "top artisans" and "by category" panels. Each label sits
// above its bar so the bars keep the whole width on a phone. A negative
// value draws no bar but still shows its value; labels longer than 22
// characters are cut with "…" and shown whole on hover. Labels and values
// pair up by index; extra entries in the longer slice are ignored. The SVG
// is returned as template.HTML with every text escaped, so it can go
// straight into a page.
func Bar(title string, labels []string, values []int64, format func(int64) string) template.HTML {
	n := min(len(labels), len(values))
	if n == 0 {
		return emptyChart(title)
	}
	format = orDigits(format)
	texts := make([]string, n)
	var top int64
	valueWidth := 0.0
	for i := range n {
		texts[i] = format(values[i])
		top = max(top, values[i])
		valueWidth = max(valueWidth, textWidth(texts[i], textSize))
	}
	const labelHeight, barHeight, gap = 20.0, 18.0, 12.0
	rowHeight := labelHeight + barHeight + gap
	longest := chartWidth - 2*chartPad - min(valueWidth+6, chartWidth/2)

	var b strings.Builder
	openSVG(&b, 2*chartPad+float64(n)*rowHeight-gap, summary(title, labels[:n], texts))
	for i := range n {
		y := chartPad + float64(i)*rowHeight
		fmt.Fprintf(&b, `<text x="%s" y="%s" font-size="%s">%s</text>`,
			num(chartPad), num(y+textSize), num(textSize), shortLabel(labels[i]))
		width := scaled(values[i], top, longest)
		barY := y + labelHeight
		fmt.Fprintf(&b, `<rect class="bar" x="%s" y="%s" width="%s" height="%s" fill="%s"/>`,
			num(chartPad), num(barY), num(width), num(barHeight), colorBar)
		fmt.Fprintf(&b, `<text x="%s" y="%s" font-size="%s">%s</text>`,
			num(chartPad+width+6), num(barY+barHeight/2+textSize*0.35), num(textSize), html.EscapeString(texts[i]))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// Trend draws one column per month (or other step) in order, for the
// dashboard's trend of omzet over the period's Months. Every label is shown
// under its column up to 12 columns, every third beyond, slanted when they
// would overlap. The top of the plot is the largest value, written there
// with format (plain digits when nil) above a dashed line; each column's
// own value shows on hover and in the chart's accessible name. Negative
// values draw no column. Labels and values pair up by index as in Bar.
func Trend(title string, labels []string, values []int64, format func(int64) string) template.HTML {
	n := min(len(labels), len(values))
	if n == 0 {
		return emptyChart(title)
	}
	format = orDigits(format)
	texts := make([]string, n)
	var top int64
	for i := range n {
		texts[i] = format(values[i])
		top = max(top, values[i])
	}
	every := 1
	if n > 12 {
		every = 3
	}
	labelWidth := 0.0
	for i := 0; i < n; i += every {
		labelWidth = max(labelWidth, textWidth(cut(labels[i]), axisSize))
	}

	// Slanted labels hang down and to the left of their column, so they
	// need room below the plot and on its left.
	left, below := chartPad, axisSize+10
	slot := (chartWidth - left - chartPad) / float64(n)
	slant := labelWidth > slot*float64(every)-4
	if slant {
		left += labelWidth * math.Sqrt2 / 2
		slot = (chartWidth - left - chartPad) / float64(n)
		below = 10 + (labelWidth+axisSize)*math.Sqrt2/2
	}
	plotTop := chartPad + axisSize + 6
	base := plotTop + trendPlotSize

	var b strings.Builder
	openSVG(&b, base+below+chartPad, summary(title, labels[:n], texts))
	fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-dasharray="4 3"/>`,
		num(left), num(plotTop), num(chartWidth-chartPad), num(plotTop), colorSecondary)
	fmt.Fprintf(&b, `<text x="%s" y="%s" font-size="%s">%s</text>`,
		num(left), num(plotTop-6), num(axisSize), html.EscapeString(format(top)))
	fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s"/>`,
		num(left), num(base), num(chartWidth-chartPad), num(base), colorGrid)
	for i := range n {
		height := scaled(values[i], top, trendPlotSize)
		x := left + slot*float64(i)
		fmt.Fprintf(&b, `<rect class="bar" x="%s" y="%s" width="%s" height="%s" fill="%s"><title>%s</title></rect>`,
			num(x+slot*0.15), num(base-height), num(slot*0.7), num(height), colorBar,
			html.EscapeString(labels[i]+": "+texts[i]))
		if i%every != 0 {
			continue
		}
		cx, y := x+slot/2, base+axisSize+4
		if slant {
			fmt.Fprintf(&b, `<text x="%s" y="%s" font-size="%s" text-anchor="end" transform="rotate(-45 %s %s)">%s</text>`,
				num(cx), num(y), num(axisSize), num(cx), num(y), shortLabel(labels[i]))
		} else {
			fmt.Fprintf(&b, `<text x="%s" y="%s" font-size="%s" text-anchor="middle">%s</text>`,
				num(cx), num(y), num(axisSize), shortLabel(labels[i]))
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// emptyChart keeps the page's layout when a period sold nothing: a short
// chart that says "—" instead of a blank hole.
func emptyChart(title string) template.HTML {
	var b strings.Builder
	openSVG(&b, 40, summary(title, nil, nil))
	fmt.Fprintf(&b, `<text x="%s" y="26" font-size="%s" text-anchor="middle">—</text></svg>`,
		num(chartWidth/2), num(textSize))
	return template.HTML(b.String())
}

// openSVG starts a chart that scales to its box and that a screen reader
// reads as one image named by label.
func openSVG(b *strings.Builder, height float64, label string) {
	label = html.EscapeString(label)
	fmt.Fprintf(b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %s %s" width="100%%" role="img" aria-label="%s" font-family="system-ui, sans-serif" fill="%s"><title>%s</title>`,
		num(chartWidth), num(height), label, colorText, label)
}

// summary is a chart's accessible name: its title and what it shows, as a
// reader who cannot see the bars needs it ("Omzet: Perak Rp 5.000.000;
// Tenun Rp 3.000.000"). Words are avoided so it reads in either language.
func summary(title string, labels, texts []string) string {
	items := make([]string, 0, min(len(labels), summaryItems)+1)
	for i, l := range labels {
		if i == summaryItems {
			items = append(items, "…")
			break
		}
		items = append(items, l+" "+texts[i])
	}
	what := "—"
	if len(items) > 0 {
		what = strings.Join(items, "; ")
	}
	if title == "" {
		return what
	}
	return title + ": " + what
}

// scaled is the length of value on a scale where top is full; nothing is
// drawn for zero or less, and a positive value is at least a sliver so it
// is told apart from nothing.
func scaled(value, top int64, full float64) float64 {
	if value <= 0 || top <= 0 {
		return 0
	}
	return max(1, full*float64(value)/float64(top))
}

// shortLabel is a label cut to fit beside the chart, escaped, with the
// whole label as a hover title when it was cut.
func shortLabel(label string) string {
	short := cut(label)
	if short == label {
		return html.EscapeString(label)
	}
	return html.EscapeString(short) + "<title>" + html.EscapeString(label) + "</title>"
}

func cut(label string) string {
	if utf8.RuneCountInString(label) <= labelRunes {
		return label
	}
	runes := []rune(label)
	return string(runes[:labelRunes-1]) + "…"
}

func textWidth(s string, size float64) float64 {
	return float64(utf8.RuneCountInString(s)) * size * charWidthEm
}

func orDigits(format func(int64) string) func(int64) string {
	if format != nil {
		return format
	}
	return func(v int64) string { return strconv.FormatInt(v, 10) }
}

// num writes a coordinate with at most one decimal, which is finer than a
// pixel at any size the chart is shown and keeps the markup short.
func num(x float64) string {
	return strconv.FormatFloat(math.Round(x*10)/10, 'f', -1, 64)
}
