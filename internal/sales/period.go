package sales

import (
	"fmt"
	"math"
	"time"

	"kriya/internal/fault"
)

// ErrPeriod is returned, wrapped with what is wrong, when a custom period
// cannot be read, so a handler can answer 422 with the message instead of
// a 500.
var ErrPeriod error = fault.New(fault.Invalid, "invalid_period", "invalid period")

// Kinds of period the dashboard offers. The calendar kinds follow the
// council's reporting rhythm (monthly monev, quarterly and yearly reports);
// custom covers an exhibition or any other stretch of days.
const (
	PeriodMonth     = "month"
	PeriodLastMonth = "last_month"
	PeriodQuarter   = "quarter"
	PeriodYear      = "year"
	PeriodCustom    = "custom"
)

// maxCustomYears bounds a custom period so one request cannot ask the
// rollups for centuries of days.
const maxCustomYears = 5

// Period is a run of whole WITA days that sales figures are counted over.
// From is midnight WITA of the first day and To midnight WITA of the day
// after the last, so a sale belongs to the period when From <= paid < To,
// with no second-before-midnight edge. Both are in WITA, because sales days
// begin and end in Bali whatever the server's zone.
type Period struct {
	Kind     string
	From, To time.Time
}

// ParsePeriod reads the period a dashboard request asks for. kind is one of
// the Period* kinds; an empty or unknown kind is this month, the view staff
// open most. from and to ("2006-01-02", to being the last day included) are
// read only for a custom period. now is the moment of the request and is
// taken in WITA: at 23:30 UTC on the 31st it is already the 1st in Bali, so
// "this month" is the new one.
func ParsePeriod(kind, from, to string, now time.Time) (Period, error) {
	now = now.In(WITA)
	month := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, WITA)
	switch kind {
	case PeriodLastMonth:
		return Period{kind, month.AddDate(0, -1, 0), month}, nil
	case PeriodQuarter:
		start := time.Date(now.Year(), (now.Month()-1)/3*3+1, 1, 0, 0, 0, 0, WITA)
		return Period{kind, start, start.AddDate(0, 3, 0)}, nil
	case PeriodYear:
		start := time.Date(now.Year(), 1, 1, 0, 0, 0, 0, WITA)
		return Period{kind, start, start.AddDate(1, 0, 0)}, nil
	case PeriodCustom:
		return parseCustom(from, to)
	default:
		return Period{PeriodMonth, month, month.AddDate(0, 1, 0)}, nil
	}
}

func parseCustom(from, to string) (Period, error) {
	first, err := parseDay("start", from)
	if err != nil {
		return Period{}, err
	}
	last, err := parseDay("end", to)
	if err != nil {
		return Period{}, err
	}
	if last.Before(first) {
		return Period{}, fmt.Errorf("%w: the end date %s is before the start date %s", ErrPeriod, to, from)
	}
	end := last.AddDate(0, 0, 1)
	if end.After(first.AddDate(maxCustomYears, 0, 0)) {
		return Period{}, fmt.Errorf("%w: from %s to %s is longer than %d years", ErrPeriod, from, to, maxCustomYears)
	}
	return Period{PeriodCustom, first, end}, nil
}

func parseDay(which, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, fmt.Errorf("%w: the %s date is missing", ErrPeriod, which)
	}
	t, err := time.ParseInLocation("2006-01-02", s, WITA)
	if err != nil {
		return time.Time{}, fmt.Errorf("%w: the %s date %q is not a date like 2026-11-30", ErrPeriod, which, s)
	}
	return t, nil
}

// Previous is the period just before p and of the same shape, which the
// dashboard compares p against: the calendar month before a month, the
// quarter before a quarter, the year before a year, and as many days as p
// right before it for a custom period. It keeps p's Kind, which names that
// shape, so Previous can be applied again.
func (p Period) Previous() Period {
	switch p.Kind {
	case PeriodMonth, PeriodLastMonth:
		return Period{p.Kind, p.From.AddDate(0, -1, 0), p.From}
	case PeriodQuarter:
		return Period{p.Kind, p.From.AddDate(0, -3, 0), p.From}
	case PeriodYear:
		return Period{p.Kind, p.From.AddDate(-1, 0, 0), p.From}
	default:
		return Period{p.Kind, p.From.AddDate(0, 0, -p.Days()), p.From}
	}
}

// Compared is the period to set beside p, and the part of p it is set
// beside: a period that has ended is compared whole with the one before
// (a month with the month before, a custom range with as many days just
// before it); a period still running (this month, quarter or year) is
// compared up to today with the same days at the start of the one before.
// Four days of December then meet the first four days of November, not all
// of November (-89% that was only the calendar).
func (p Period) Compared(now time.Time) (current, previous Period) {
	now = now.In(WITA)
	tomorrow := time.Date(now.Year(), now.Month(), now.Day()+1, 0, 0, 0, 0, WITA)
	previous = p.Previous()
	if !p.To.After(tomorrow) || !p.From.Before(tomorrow) {
		return p, previous
	}
	current = Period{p.Kind, p.From, tomorrow}
	end := previous.From.AddDate(0, 0, current.Days())
	if end.After(previous.To) {
		end = previous.To
	}
	return current, Period{previous.Kind, previous.From, end}
}

// Months are the "2006-01" keys of every month p touches, first to last,
// so a trend chart shows a column for each month even when it sold nothing.
func (p Period) Months() []string {
	var keys []string
	from := p.From.In(WITA)
	for m := time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, WITA); m.Before(p.To); m = m.AddDate(0, 1, 0) {
		keys = append(keys, m.Format("2006-01"))
	}
	return keys
}

// Days is how many days p covers, for per-day averages and for a custom
// period's Previous. WITA has no daylight saving, so every day is 24 hours.
func (p Period) Days() int { return int(p.To.Sub(p.From) / (24 * time.Hour)) }

// Last is midnight WITA of p's last day, the day a person names when they
// say where the period ends (To is already the day after).
func (p Period) Last() time.Time { return p.To.AddDate(0, 0, -1) }

// String names p for a page or an export header, first and last day
// included: "1 Nov 2026 – 30 Nov 2026", with Indonesian month names unless
// lang is "en". A single day is written once.
func (p Period) String(lang string) string {
	first, last := formatDay(p.From, lang), formatDay(p.Last(), lang)
	if first == last {
		return first
	}
	return first + " – " + last
}

// These are the month abbreviations i18n.Localizer.Date writes, so a
// period reads the same as the dates beside it on a page.
var (
	monthsID = [12]string{"Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"}
	monthsEN = [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
)

func formatDay(t time.Time, lang string) string {
	t = t.In(WITA)
	months := monthsID
	if lang == "en" {
		months = monthsEN
	}
	return fmt.Sprintf("%d %s %d", t.Day(), months[t.Month()-1], t.Year())
}

// Change is the percent change from before to now, the "+12%" beside a
// figure on the dashboard. ok is false when before is 0, where any change
// is infinite and the page should say "new" rather than show a number. The
// change is taken against the size of before, so going from -100 to 50 is a
// rise (+150%), not a fall.
func Change(now, before int64) (pct float64, ok bool) {
	if before == 0 {
		return 0, false
	}
	b := float64(before)
	return (float64(now) - b) / math.Abs(b) * 100, true
}
