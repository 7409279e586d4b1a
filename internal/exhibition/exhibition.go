// Package exhibition is the council's exhibitions (pameran): the events,
// which artisans take part, and what they sell at their stands — a second
// sales channel beside the online shop, in the same reports.
package exhibition

import (
	"time"
	"unicode/utf8"

	"kriya/internal/fault"
)

// Participant statuses.
const (
	Applied     = "applied"
	Selected    = "selected"
	NotSelected = "not_selected"
)

// Statuses lists participant statuses in the order staff decide them.
var Statuses = []string{Applied, Selected, NotSelected}

// ErrNotFound means there is no such event.
var ErrNotFound error = fault.New(fault.NotFound, "", "no such exhibition")

// Payment methods at a stand.
var Methods = []string{"cash", "qris", "transfer"}

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

// Participant is an artisan's place at an exhibition.
type Participant struct {
	ID           int64
	ExhibitionID int64
	ArtisanID    int64
	Status       string
}

// Sale is what one artisan sold at its stand on one day. A correction is a
// new Sale; the one it replaces keeps SupersededBy, so history stays.
type Sale struct {
	ID           int64
	ExhibitionID int64
	ArtisanID    int64
	Day          string
	Units        int64
	Amount       int64 // rupiah
	Method       string
	Note         string
	EnteredBy    string
	SupersededBy *int64
	CreatedAt    time.Time
}

// Validate names the problems of a stand sale by field.
func (s Sale) Validate(e Exhibition) map[string]string {
	errs := map[string]string{}
	if !e.Covers(s.Day) {
		errs["day"] = "exhibition.error.day"
	}
	if s.Units < 0 || s.Units > 100_000 {
		errs["units"] = "ws.error.out_of_range"
	}
	if s.Amount < 0 || s.Amount > 10_000_000_000 {
		errs["amount"] = "ws.error.price"
	}
	valid := false
	for _, m := range Methods {
		valid = valid || m == s.Method
	}
	if !valid {
		errs["method"] = "exhibition.error.method"
	}
	if utf8.RuneCountInString(s.Note) > 500 {
		errs["note"] = "form.too_long"
	}
	return errs
}
