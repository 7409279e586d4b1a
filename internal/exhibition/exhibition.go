// Package exhibition is the council's exhibitions (pameran): the events,
// which artisans take part, and what they sell at their stands — a second
// sales channel beside the online shop, in the same reports.
//
// A stand's sales are receipts: one per sale, as many as the stand makes
// in a day. A receipt is never overwritten: a correction, or a void, is a
// new version that supersedes exactly the receipt it corrects, so the
// history stays and only the latest version of each receipt counts.
package exhibition

import (
	"cmp"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"kriya/internal/fault"
	"kriya/internal/sales"
)

// Participant statuses.
const (
	Applied     = "applied"
	Selected    = "selected"
	NotSelected = "not_selected"
)

// Statuses lists participant statuses in the order staff decide them.
var Statuses = []string{Applied, Selected, NotSelected}

// Errors of exhibitions and their receipts.
var (
	// ErrNotFound means there is no such event.
	ErrNotFound error = fault.New(fault.NotFound, "", "no such exhibition")
	// ErrReceiptNotFound means the event has no such receipt, or none
	// the user may see: another artisan's receipt is not found, not
	// forbidden, so its existence is not told.
	ErrReceiptNotFound error = fault.New(fault.NotFound, "", "no such receipt")
	// ErrSuperseded refuses a correction of a receipt that was corrected
	// meanwhile: the person corrected a version they no longer see.
	ErrSuperseded error = fault.New(fault.Conflict, "receipt_superseded", "the receipt was corrected already")
	// ErrVoided refuses a correction of a voided receipt: a void is final,
	// a sale voided by mistake is recorded again.
	ErrVoided error = fault.New(fault.Conflict, "receipt_voided", "the receipt is void")
)

// Methods are the ways a buyer pays at a stand.
var Methods = []string{"cash", "qris", "transfer", "card"}

// Exhibition is one event. Days are "YYYY-MM-DD" in WITA, both inclusive.
type Exhibition struct {
	ID           int64
	Name         string
	Place        string
	StartsOn     string
	EndsOn       string
	ArtisanEntry bool // selected artisans record their own stand's sales
	CreatedAt    time.Time
}

// Validate names the problems of an exhibition by field.
func (e Exhibition) Validate() map[string]string {
	errs := map[string]string{}
	if e.Name == "" || utf8.RuneCountInString(e.Name) > 200 {
		errs["name"] = "form.required"
	}
	if utf8.RuneCountInString(e.Place) > 200 {
		errs["place"] = "form.too_long"
	}
	from, err1 := time.Parse("2006-01-02", e.StartsOn)
	to, err2 := time.Parse("2006-01-02", e.EndsOn)
	switch {
	case err1 != nil:
		errs["starts_on"] = "ws.error.date"
	case err2 != nil:
		errs["ends_on"] = "ws.error.date"
	case to.Before(from):
		errs["ends_on"] = "ws.error.date_order"
	}
	return errs
}

// Covers reports whether day ("YYYY-MM-DD") is one of the event's days.
func (e Exhibition) Covers(day string) bool { return day >= e.StartsOn && day <= e.EndsOn }

// Days lists the event's days, first to last.
func (e Exhibition) Days() []string {
	var days []string
	first, err1 := time.Parse("2006-01-02", e.StartsOn)
	last, err2 := time.Parse("2006-01-02", e.EndsOn)
	if err1 != nil || err2 != nil {
		return nil
	}
	for d := first; !d.After(last); d = d.AddDate(0, 0, 1) {
		days = append(days, d.Format("2006-01-02"))
	}
	return days
}

// Around is the stretch of days before the event and the one after it
// over which a recap sets each participant's online sales side by side:
// the days before the first day and the days after the last. While the
// days after are still running they are counted up to today, and the
// days before cut to as many (the last ones before the event), so equal
// lengths are compared, as sales.Period.Compared does for a running
// month; running says so. Until the event is over, after is empty.
func (e Exhibition) Around(days int, now time.Time) (before, after sales.Period, running bool) {
	first, _ := time.ParseInLocation("2006-01-02", e.StartsOn, sales.WITA)
	last, _ := time.ParseInLocation("2006-01-02", e.EndsOn, sales.WITA)
	now = now.In(sales.WITA)
	tomorrow := time.Date(now.Year(), now.Month(), now.Day()+1, 0, 0, 0, 0, sales.WITA)
	end := last.AddDate(0, 0, 1)
	before = sales.Period{Kind: sales.PeriodCustom, From: first.AddDate(0, 0, -days), To: first}
	after = sales.Period{Kind: sales.PeriodCustom, From: end, To: end.AddDate(0, 0, days)}
	switch {
	case !after.To.After(tomorrow): // over: all the days after have passed
		return before, after, false
	case !tomorrow.After(end): // not over yet: no day after to compare
		after.To = end
		return before, after, false
	}
	after.To = tomorrow
	before.From = first.AddDate(0, 0, -after.Days())
	return before, after, true
}

// Participant is an artisan's place at an exhibition.
type Participant struct {
	ID           int64
	ExhibitionID int64
	ArtisanID    int64
	Status       string
}

// Receipt is one sale at an artisan's stand: what was sold, for how much,
// paid how, when, and who entered it. A correction or a void is a new
// Receipt; the version it replaces keeps SupersededBy, so the history
// stays and only the latest version (SupersededBy nil) counts.
type Receipt struct {
	ID           int64
	ExhibitionID int64
	ArtisanID    int64
	Day          string    // the WITA day of SoldAt: the sales day it counts on
	SoldAt       time.Time // stored in UTC
	Units        int64
	Amount       int64 // rupiah
	Method       string
	Note         string
	EnteredByID  int64 // 0 for receipts entered before this was recorded
	EnteredBy    string
	Reason       string // why this version replaced the one before it
	Voided       bool   // a void: the sale did not happen, it counts nothing
	SupersededBy *int64
	CreatedAt    time.Time
}

// At sets when the sale happened, and with it the sales day it counts on.
func (r *Receipt) At(t time.Time) { r.SoldAt, r.Day = t.UTC(), sales.Day(t) }

// Current reports whether r is the latest version of its receipt, the one
// that counts.
func (r Receipt) Current() bool { return r.SupersededBy == nil }

// Validate names the problems of a receipt by field.
func (r Receipt) Validate(e Exhibition) map[string]string {
	errs := map[string]string{}
	if r.SoldAt.IsZero() || r.Day != sales.Day(r.SoldAt) || !e.Covers(r.Day) {
		errs["day"] = "exhibition.error.day"
	}
	if r.Units < 0 || r.Units > 100_000 {
		errs["units"] = "ws.error.out_of_range"
	}
	if r.Amount < 0 || r.Amount > 10_000_000_000 || (r.Amount == 0 && !r.Voided) {
		errs["amount"] = "ws.error.price"
	}
	if !slices.Contains(Methods, r.Method) {
		errs["method"] = "exhibition.error.method"
	}
	if utf8.RuneCountInString(r.Note) > 500 {
		errs["note"] = "form.too_long"
	}
	if utf8.RuneCountInString(r.Reason) > 500 {
		errs["reason"] = "form.too_long"
	}
	return errs
}

// Correct is the version of r that replaces it: what next says was sold
// (units, amount, method, time, note) at r's stand, with next's reason.
// A void (next.Voided) keeps r's time, method and note and sells nothing.
// Only the latest version can be corrected (ErrSuperseded) and a void is
// final (ErrVoided); a correction without a reason, or with values a new
// receipt could not have, comes back as fault.Invalid field errors.
func (r Receipt) Correct(e Exhibition, next Receipt) (Receipt, error) {
	switch {
	case !r.Current():
		return Receipt{}, ErrSuperseded
	case r.Voided:
		return Receipt{}, ErrVoided
	}
	out := next
	out.ID, out.SupersededBy, out.CreatedAt = 0, nil, time.Time{}
	out.ExhibitionID, out.ArtisanID = r.ExhibitionID, r.ArtisanID
	out.Reason = strings.TrimSpace(next.Reason)
	if next.Voided {
		out.Units, out.Amount = 0, 0
		out.SoldAt, out.Day, out.Method, out.Note = r.SoldAt, r.Day, r.Method, r.Note
	}
	errs := out.Validate(e)
	if out.Reason == "" {
		errs["reason"] = "exhibition.error.reason"
	}
	return out, fault.Fields(errs)
}

// History is a receipt as it stands, with the versions it replaced.
type History struct {
	Receipt Receipt   // the latest version, the one that counts
	Earlier []Receipt // the versions it corrected, newest first
}

// Number names the receipt for people: the id of its first version,
// which its corrections keep.
func (h History) Number() int64 {
	if n := len(h.Earlier); n > 0 {
		return h.Earlier[n-1].ID
	}
	return h.Receipt.ID
}

// Of reports whether the receipt with this id is one of h's versions.
func (h History) Of(id int64) bool {
	return h.Receipt.ID == id || slices.ContainsFunc(h.Earlier, func(r Receipt) bool { return r.ID == id })
}

// Histories groups receipts, every version of them, into one History per
// receipt, in the order they were sold (the latest version's time).
func Histories(rs []Receipt) []History {
	replaced := map[int64]Receipt{} // a version by the id of the one that superseded it
	for _, r := range rs {
		if r.SupersededBy != nil {
			replaced[*r.SupersededBy] = r
		}
	}
	var hs []History
	for _, r := range rs {
		if !r.Current() {
			continue
		}
		h := History{Receipt: r}
		for prev, ok := replaced[r.ID]; ok && len(h.Earlier) < len(rs); prev, ok = replaced[prev.ID] {
			h.Earlier = append(h.Earlier, prev)
		}
		hs = append(hs, h)
	}
	slices.SortFunc(hs, func(a, b History) int {
		return cmp.Or(a.Receipt.SoldAt.Compare(b.Receipt.SoldAt), cmp.Compare(a.Receipt.ID, b.Receipt.ID))
	})
	return hs
}

// Total is what a set of receipts adds up to: how many sales (a void is
// none), their units and rupiah.
type Total struct {
	Key      string
	Label    string // what a reader calls Key, set by who shows it
	Receipts int64
	Units    int64
	Amount   int64
}

// Add counts a receipt in t.
func (t Total) Add(r Receipt) Total {
	if !r.Voided {
		t.Receipts++
	}
	t.Units, t.Amount = t.Units+r.Units, t.Amount+r.Amount
	return t
}

// Tally adds up the receipts that count — the latest version of each —
// by key (a day, an artisan, a method), in key order, and all of them.
// It is the one sum of stand sales pages and recaps show; the sales
// figures' rollups count the same versions (superseded_by IS NULL).
func Tally(rs []Receipt, key func(Receipt) string) (rows []Total, all Total) {
	byKey := map[string]Total{}
	for _, r := range rs {
		if !r.Current() {
			continue
		}
		k := key(r)
		t := byKey[k]
		t.Key = k
		byKey[k], all = t.Add(r), all.Add(r)
	}
	for _, k := range slices.Sorted(maps.Keys(byKey)) {
		rows = append(rows, byKey[k])
	}
	return rows, all
}

// Keys of a Tally.
var (
	ByDay     = func(r Receipt) string { return r.Day }
	ByArtisan = func(r Receipt) string { return strconv.FormatInt(r.ArtisanID, 10) }
	ByMethod  = func(r Receipt) string { return r.Method }
)

// SaleTime reads when a sale happened from a form's day ("2006-01-02")
// and clock ("15:04"), both in WITA. A receipt entered at the stand as
// the sale happens needs neither: an empty day is today, and an empty
// clock on today is now. Another day needs its clock. Problems come back
// as fault.Invalid field errors.
func SaleTime(day, clock string, now time.Time) (time.Time, error) {
	now = now.In(sales.WITA)
	today := now.Format("2006-01-02")
	if day == "" {
		day = today
	}
	if _, err := time.ParseInLocation("2006-01-02", day, sales.WITA); err != nil {
		return time.Time{}, fault.Fields(map[string]string{"day": "ws.error.date"})
	}
	if clock == "" {
		if day != today {
			return time.Time{}, fault.Fields(map[string]string{"time": "exhibition.error.time"})
		}
		return now, nil
	}
	for _, layout := range []string{"15:04", "15:04:05"} { // a time field may send seconds
		if t, err := time.ParseInLocation("2006-01-02 "+layout, day+" "+clock, sales.WITA); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fault.Fields(map[string]string{"time": "exhibition.error.time"})
}
