// Package notify is what artisans are told, and how they want to hear it:
// every event of a kind below becomes a notification in their workspace,
// and an e-mail at once, in a daily digest, or none, as each artisan
// chooses per kind. Artisans otherwise had to keep checking their orders
// page to learn that someone had paid.
package notify

import (
	"slices"
	"time"

	"kriya/internal/catalog"
	"kriya/internal/fault"
)

// Kinds of event an artisan is told about.
const (
	OrderPaid = "order_paid" // a paid order to pack, with what and by when
	Listing   = "listing"    // a listing or a change approved, or sent back
	LowStock  = "low_stock"  // a SKU at or under the artisan's threshold
	Payout    = "payout"     // the council paid money out to the artisan
	Monev     = "monev"      // a monev record about the artisan was submitted
)

// Kinds lists the kinds in the order the settings page shows them.
var Kinds = []string{OrderPaid, Listing, LowStock, Payout, Monev}

// How often an artisan hears of a kind by e-mail. Every notification is
// in the workspace whatever they choose.
const (
	Immediate = "immediate"
	Digest    = "digest" // one e-mail the next morning with the day's events
	Off       = "off"
)

// Frequencies lists the choices, most to least.
var Frequencies = []string{Immediate, Digest, Off}

// Where a notification's e-mail is.
const (
	MailSent    = "sent"    // queued with the event, or in a digest
	MailPending = "pending" // waiting for the digest
	MailNone    = "none"    // the artisan chose no e-mail for its kind
)

// ErrNotFound means no such notification for this artisan.
var ErrNotFound error = fault.New(fault.NotFound, "", "notify: no such notification")

// Settings are an artisan's choices, kind → frequency. A kind without a
// choice takes its default.
type Settings map[string]string

// For is how the artisan hears of kind. A paid order is news at once;
// low stock can wait for the digest.
func (s Settings) For(kind string) string {
	if f, ok := s[kind]; ok {
		return f
	}
	if kind == LowStock {
		return Digest
	}
	return Immediate
}

// Mail is where the e-mail of a new notification of kind goes.
func (s Settings) Mail(kind string) string {
	switch s.For(kind) {
	case Immediate:
		return MailSent
	case Digest:
		return MailPending
	}
	return MailNone
}

// Validate refuses an unknown kind or frequency, by field ("kind").
func (s Settings) Validate() error {
	errs := map[string]string{}
	for kind, f := range s {
		if !slices.Contains(Kinds, kind) || !slices.Contains(Frequencies, f) {
			errs[kind] = "notify.error.choice"
		}
	}
	return fault.Fields(errs)
}

// Notification is one event told to an artisan. Its words are written
// when it happens, in the language of the artisan's account, so the
// workspace shows what the e-mail said.
type Notification struct {
	ID        int64
	ArtisanID int64
	Kind      string
	Title     string // also the e-mail's subject
	Body      string
	Link      string // the path where the artisan acts on it
	Mail      string // MailSent, MailPending or MailNone
	CreatedAt time.Time
	ReadAt    *time.Time
}

// DigestCutoff is the start of day (in Bali) of now: a digest gathers the
// events before it, so each day's events go out together the next
// morning, once.
func DigestCutoff(now time.Time, wita *time.Location) time.Time {
	t := now.In(wita)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, wita)
}

// LowSKU is a SKU that fell to its artisan's restock threshold.
type LowSKU struct {
	ArtisanID int64
	Code      string
	Title     catalog.Text // the product's
	Label     string
	Stock     int
}

// Name is the SKU as the artisan knows it: "Kain Endek — Biru".
func (k LowSKU) Name(lang string) string {
	if k.Label == "" {
		return k.Title.In(lang)
	}
	return k.Title.In(lang) + " — " + k.Label
}
