package sales

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
	"time"
)

// day is midnight WITA of a "2006-01-02" date, the shape every Period bound has.
func day(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := time.ParseInLocation("2006-01-02", s, WITA)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func checkPeriod(t *testing.T, p Period, kind, from, to string) {
	t.Helper()
	if p.Kind != kind || !p.From.Equal(day(t, from)) || !p.To.Equal(day(t, to)) {
		t.Errorf("got %s %s..%s, want %s %s..%s", p.Kind, p.From, p.To, kind, from, to)
	}
	for _, b := range []time.Time{p.From, p.To} {
		if b.Location() != WITA || b.Hour() != 0 || b.Minute() != 0 || b.Second() != 0 || b.Nanosecond() != 0 {
			t.Errorf("bound %s is not midnight WITA", b)
		}
	}
}

func TestParsePeriodCalendarKinds(t *testing.T) {
	midNov := time.Date(2026, 11, 15, 10, 0, 0, 0, WITA)
	tests := []struct {
		name, kind     string
		now            time.Time
		want, from, to string
	}{
		{"this month", "month", midNov, "month", "2026-11-01", "2026-12-01"},
		{"empty kind is this month", "", midNov, "month", "2026-11-01", "2026-12-01"},
		{"unknown kind is this month", "fortnight", midNov, "month", "2026-11-01", "2026-12-01"},
		{"already next month in Bali", "month", time.Date(2026, 10, 31, 23, 30, 0, 0, time.UTC), "month", "2026-11-01", "2026-12-01"},
		{"still this month in Bali", "month", time.Date(2026, 11, 30, 15, 59, 0, 0, time.UTC), "month", "2026-11-01", "2026-12-01"},
		{"last month", "last_month", midNov, "last_month", "2026-10-01", "2026-11-01"},
		{"last month in January", "last_month", time.Date(2027, 1, 5, 9, 0, 0, 0, WITA), "last_month", "2026-12-01", "2027-01-01"},
		{"fourth quarter", "quarter", midNov, "quarter", "2026-10-01", "2027-01-01"},
		{"first quarter", "quarter", time.Date(2026, 3, 31, 23, 0, 0, 0, WITA), "quarter", "2026-01-01", "2026-04-01"},
		{"second quarter", "quarter", time.Date(2026, 4, 1, 0, 0, 0, 0, WITA), "quarter", "2026-04-01", "2026-07-01"},
		{"year", "year", midNov, "year", "2026-01-01", "2027-01-01"},
		{"new year in Bali first", "year", time.Date(2026, 12, 31, 16, 30, 0, 0, time.UTC), "year", "2027-01-01", "2028-01-01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ParsePeriod(tt.kind, "2020-01-01", "2020-01-31", tt.now)
			if err != nil {
				t.Fatal(err)
			}
			checkPeriod(t, p, tt.want, tt.from, tt.to)
		})
	}
}

func TestParsePeriodCustom(t *testing.T) {
	now := time.Date(2026, 11, 15, 10, 0, 0, 0, WITA)
	tests := []struct {
		name, from, to string
		wantFrom       string
		wantTo         string
	}{
		{"three days", "2026-11-03", "2026-11-05", "2026-11-03", "2026-11-06"},
		{"one day", "2026-11-03", "2026-11-03", "2026-11-03", "2026-11-04"},
		{"across a year end", "2026-12-30", "2027-01-02", "2026-12-30", "2027-01-03"},
		{"exactly five years", "2021-01-01", "2025-12-31", "2021-01-01", "2026-01-01"},
		{"future days", "2027-02-01", "2027-02-28", "2027-02-01", "2027-03-01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ParsePeriod("custom", tt.from, tt.to, now)
			if err != nil {
				t.Fatal(err)
			}
			checkPeriod(t, p, "custom", tt.wantFrom, tt.wantTo)
		})
	}
}

func TestParsePeriodCustomErrors(t *testing.T) {
	now := time.Date(2026, 11, 15, 10, 0, 0, 0, WITA)
	tests := []struct {
		name, from, to string
		say            string // part of the message that tells the user what is wrong
	}{
		{"no start", "", "2026-11-05", "start date is missing"},
		{"no end", "2026-11-05", "", "end date is missing"},
		{"start not a date", "5/11/2026", "2026-11-05", `start date "5/11/2026" is not a date`},
		{"end not a date", "2026-11-05", "2026-11-31", `end date "2026-11-31" is not a date`},
		{"end before start", "2026-11-05", "2026-11-04", "end date 2026-11-04 is before the start date 2026-11-05"},
		{"a day over five years", "2021-01-01", "2026-01-01", "longer than 5 years"},
		{"centuries", "1900-01-01", "2026-01-01", "longer than 5 years"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ParsePeriod("custom", tt.from, tt.to, now)
			if !errors.Is(err, ErrPeriod) {
				t.Fatalf("got %v, %v; want ErrPeriod", p, err)
			}
			if !strings.Contains(err.Error(), tt.say) {
				t.Errorf("message %q does not say %q", err, tt.say)
			}
		})
	}
}

func TestPeriodPrevious(t *testing.T) {
	tests := []struct {
		name           string
		p              Period
		wantFrom, toTo string
	}{
		{"month to a shorter month", Period{"month", day(t, "2026-03-01"), day(t, "2026-04-01")}, "2026-02-01", "2026-03-01"},
		{"month over a year end", Period{"month", day(t, "2027-01-01"), day(t, "2027-02-01")}, "2026-12-01", "2027-01-01"},
		{"last month", Period{"last_month", day(t, "2026-10-01"), day(t, "2026-11-01")}, "2026-09-01", "2026-10-01"},
		{"quarter", Period{"quarter", day(t, "2026-01-01"), day(t, "2026-04-01")}, "2025-10-01", "2026-01-01"},
		{"year", Period{"year", day(t, "2026-01-01"), day(t, "2027-01-01")}, "2025-01-01", "2026-01-01"},
		{"custom days", Period{"custom", day(t, "2026-03-01"), day(t, "2026-03-04")}, "2026-02-26", "2026-03-01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkPeriod(t, tt.p.Previous(), tt.p.Kind, tt.wantFrom, tt.toTo)
		})
	}

	t.Run("applied twice", func(t *testing.T) {
		p := Period{"month", day(t, "2026-03-01"), day(t, "2026-04-01")}
		checkPeriod(t, p.Previous().Previous(), "month", "2026-01-01", "2026-02-01")
	})
	t.Run("custom keeps its length", func(t *testing.T) {
		p, err := ParsePeriod("custom", "2026-02-10", "2026-03-20", time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if prev := p.Previous(); prev.Days() != p.Days() || !prev.To.Equal(p.From) {
			t.Errorf("previous %s..%s of %s..%s", prev.From, prev.To, p.From, p.To)
		}
	})
}

func TestPeriodMonthsDaysLast(t *testing.T) {
	tests := []struct {
		name     string
		from, to string // as ParsePeriod's custom from/to
		months   []string
		days     int
		last     string
	}{
		{"one day", "2026-11-30", "2026-11-30", []string{"2026-11"}, 1, "2026-11-30"},
		{"a whole month", "2026-02-01", "2026-02-28", []string{"2026-02"}, 28, "2026-02-28"},
		{"a leap February", "2028-02-01", "2028-02-29", []string{"2028-02"}, 29, "2028-02-29"},
		{"parts of months", "2026-11-15", "2027-02-03", []string{"2026-11", "2026-12", "2027-01", "2027-02"}, 81, "2027-02-03"},
		{"a year", "2026-01-01", "2026-12-31", []string{"2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11", "2026-12"}, 365, "2026-12-31"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ParsePeriod("custom", tt.from, tt.to, time.Now())
			if err != nil {
				t.Fatal(err)
			}
			if got := p.Months(); !slices.Equal(got, tt.months) {
				t.Errorf("Months() = %v, want %v", got, tt.months)
			}
			if got := p.Days(); got != tt.days {
				t.Errorf("Days() = %d, want %d", got, tt.days)
			}
			if got := p.Last(); !got.Equal(day(t, tt.last)) {
				t.Errorf("Last() = %s, want %s", got, tt.last)
			}
		})
	}
}

func TestPeriodString(t *testing.T) {
	tests := []struct {
		from, to, lang, want string
	}{
		{"2026-11-01", "2026-11-30", "id", "1 Nov 2026 – 30 Nov 2026"},
		{"2026-05-01", "2026-08-31", "id", "1 Mei 2026 – 31 Agu 2026"},
		{"2026-05-01", "2026-08-31", "en", "1 May 2026 – 31 Aug 2026"},
		{"2026-10-01", "2026-12-31", "", "1 Okt 2026 – 31 Des 2026"},
		{"2026-10-01", "2026-12-31", "en", "1 Oct 2026 – 31 Dec 2026"},
		{"2026-12-25", "2026-12-25", "en", "25 Dec 2026"},
	}
	for _, tt := range tests {
		p, err := ParsePeriod("custom", tt.from, tt.to, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if got := p.String(tt.lang); got != tt.want {
			t.Errorf("%s..%s in %q: got %q, want %q", tt.from, tt.to, tt.lang, got, tt.want)
		}
	}
}

func TestChange(t *testing.T) {
	tests := []struct {
		now, before int64
		pct         float64
		ok          bool
	}{
		{110, 100, 10, true},
		{50, 100, -50, true},
		{100, 100, 0, true},
		{0, 100, -100, true},
		{300, 0, 0, false},
		{0, 0, 0, false},
		{50, -100, 150, true},
		{-200, -100, -100, true},
		{1_000_000_000_000, 1, 1e14 - 100, true},
	}
	for _, tt := range tests {
		pct, ok := Change(tt.now, tt.before)
		if ok != tt.ok || math.Abs(pct-tt.pct) > 1e-9*math.Max(1, math.Abs(tt.pct)) {
			t.Errorf("Change(%d, %d) = %v, %v; want %v, %v", tt.now, tt.before, pct, ok, tt.pct, tt.ok)
		}
	}
}

// A period still running is compared, up to today, with the same days at
// the start of the period before; an ended one whole with the one before.
// Month ends with fewer days (February, 30-day months) cut the comparison
// at the end of the shorter month.
func TestComparedSetsLikeDaysBesideLikeDays(t *testing.T) {
	wita := func(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, WITA) }
	day := func(y int, m time.Month, d int) time.Time { return wita(y, m, d, 0) }
	tests := []struct {
		name                 string
		kind                 string
		now                  time.Time
		from, to, pFrom, pTo time.Time
	}{
		{"this month, on the 4th", PeriodMonth, wita(2026, 12, 4, 10), day(2026, 12, 1), day(2026, 12, 5), day(2026, 11, 1), day(2026, 11, 5)},
		{"this month, on the 1st", PeriodMonth, wita(2026, 12, 1, 0), day(2026, 12, 1), day(2026, 12, 2), day(2026, 11, 1), day(2026, 11, 2)},
		{"30 March against February", PeriodMonth, wita(2026, 3, 30, 12), day(2026, 3, 1), day(2026, 3, 31), day(2026, 2, 1), day(2026, 3, 1)},
		{"31 December against November", PeriodMonth, wita(2026, 12, 31, 23), day(2026, 12, 1), day(2027, 1, 1), day(2026, 11, 1), day(2026, 12, 1)},
		{"last month, ended", PeriodLastMonth, wita(2026, 12, 4, 10), day(2026, 11, 1), day(2026, 12, 1), day(2026, 10, 1), day(2026, 11, 1)},
		{"this quarter, mid-November", PeriodQuarter, wita(2026, 11, 15, 9), day(2026, 10, 1), day(2026, 11, 16), day(2026, 7, 1), day(2026, 8, 16)},
	}
	for _, tt := range tests {
		p, err := ParsePeriod(tt.kind, "", "", tt.now)
		if err != nil {
			t.Fatal(err)
		}
		cur, prev := p.Compared(tt.now)
		if !cur.From.Equal(tt.from) || !cur.To.Equal(tt.to) || !prev.From.Equal(tt.pFrom) || !prev.To.Equal(tt.pTo) {
			t.Errorf("%s: compares %s with %s; want %s – %s with %s – %s", tt.name, cur.String("en"), prev.String("en"),
				tt.from.Format("2 Jan"), tt.to.AddDate(0, 0, -1).Format("2 Jan"), tt.pFrom.Format("2 Jan"), tt.pTo.AddDate(0, 0, -1).Format("2 Jan"))
		}
	}
	custom, _ := ParsePeriod(PeriodCustom, "2026-11-10", "2026-11-19", wita(2026, 12, 4, 10))
	if cur, prev := custom.Compared(wita(2026, 12, 4, 10)); !cur.From.Equal(custom.From) || prev.Days() != 10 || !prev.To.Equal(custom.From) {
		t.Errorf("a custom range compares %s with %s, want itself with the 10 days before", cur.String("en"), prev.String("en"))
	}
}
