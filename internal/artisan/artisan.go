// Package artisan is the council's supervision register: applications to
// become a perajin binaan, their review, the decree (SK) that makes an
// artisan binaan, suspension, permits (legalitas) and the history of every
// status change.
package artisan

import (
	"fmt"
	"time"

	"kriya/internal/fault"

	"kriya/internal/catalog"
)

// Statuses of an artisan, beyond catalog's active and suspended.
const (
	Applied          = "applied"           // waiting for staff review
	ChangesRequested = "changes_requested" // staff asked the applicant to change something
	Rejected         = "rejected"
	Active           = catalog.ArtisanActive
	Suspended        = catalog.ArtisanSuspended
)

// Actions move an artisan from one status to another.
const (
	Approve        = "approve"
	RequestChanges = "request_changes"
	Reject         = "reject"
	Suspend        = "suspend"
	Reinstate      = "reinstate"
	Resubmit       = "resubmit" // the applicant sends the changed application back
)

// Errors of the register, wrapped.
var (
	ErrTransition   error = fault.New(fault.Conflict, "", "this change of status is not possible now")
	ErrNotAllowed   error = fault.New(fault.Forbidden, "", "not allowed for this account")
	ErrReason       error = fault.New(fault.Invalid, "", "a reason is required")
	ErrDecree       error = fault.New(fault.Invalid, "", "the decree number, its date and the supervising officer are required")
	ErrAlreadyOwner error = fault.New(fault.Conflict, "", "this account already has an artisan application")
)

// transition is one allowed move: from a status, by an action, to a
// status, by staff or by the applicant.
type transition struct {
	from, action, to string
	byStaff          bool
}

var transitions = []transition{
	{Applied, Approve, Active, true},
	{Applied, RequestChanges, ChangesRequested, true},
	{Applied, Reject, Rejected, true},
	{ChangesRequested, Reject, Rejected, true},
	{ChangesRequested, Resubmit, Applied, false},
	{Active, Suspend, Suspended, true},
	{Suspended, Reinstate, Active, true},
}

// Change is a status change asked for: the action, who asks, why, and for
// an approval the decree that makes the artisan binaan.
type Change struct {
	Action    string
	ByStaff   bool
	Reason    string
	Decree    Decree
	ActorID   int64
	ActorName string
}

// Decree is the council's decision (Surat Keputusan) that an artisan is
// binaan, with the officer who supervises them.
type Decree struct {
	Number     string
	Date       time.Time
	Supervisor string
}

// Next checks a change against the rules and returns the new status.
// Every change but an approval or a resubmission needs a reason; an
// approval needs the decree.
func Next(from string, c Change) (string, error) {
	for _, t := range transitions {
		if t.from != from || t.action != c.Action {
			continue
		}
		if t.byStaff != c.ByStaff {
			return "", fmt.Errorf("%s: %w", c.Action, ErrNotAllowed)
		}
		switch {
		case c.Action == Approve && (c.Decree.Number == "" || c.Decree.Date.IsZero() || c.Decree.Supervisor == ""):
			return "", ErrDecree
		case c.Action != Approve && c.Action != Resubmit && c.Reason == "":
			return "", ErrReason
		}
		return t.to, nil
	}
	return "", fmt.Errorf("%s from %s: %w", c.Action, from, ErrTransition)
}

// Actions lists what staff may do to an artisan in the given status, for
// the buttons of the review page.
func Actions(status string) []string {
	var out []string
	for _, t := range transitions {
		if t.from == status && t.byStaff {
			out = append(out, t.action)
		}
	}
	return out
}

// StatusChange is one entry of an artisan's status history.
type StatusChange struct {
	ID        int64
	ArtisanID int64
	From      string
	To        string
	Action    string
	Reason    string
	ActorID   int64
	ActorName string
	CreatedAt time.Time
}

// Permit kinds (legalitas usaha).
const (
	PermitNIB          = "nib"           // Nomor Induk Berusaha
	PermitNPWP         = "npwp"          // tax number
	PermitHKI          = "hki"           // trademark or other intellectual property
	PermitSilverPurity = "silver_purity" // silver purity test certificate
	PermitHalal        = "halal"
	PermitPIRT         = "pirt" // home-industry food permit
)

// PermitKinds lists every kind, in the order forms show them.
var PermitKinds = []string{PermitNIB, PermitNPWP, PermitHKI, PermitSilverPurity, PermitHalal, PermitPIRT}

// Permit is one of an artisan's permits with its document.
type Permit struct {
	ID           int64
	ArtisanID    int64
	Kind         string
	Number       string
	IssuedOn     *time.Time
	ExpiresOn    *time.Time
	DocumentKey  string // in private storage; never served publicly
	DocumentType string
	CreatedAt    time.Time
}
