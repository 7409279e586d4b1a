// Package monev is the council's monitoring and evaluation (monev) of its
// artisans: visit records that keep what the artisan reported beside the
// sales the marketplace measured, the constraints found, and the
// follow-ups agreed, carried from visit to visit until they are closed.
package monev

import (
	"slices"
	"time"
	"unicode/utf8"

	"kriya/internal/fault"
)

// Kinds of visit.
const (
	KindRoutine      = "routine"
	KindMentoring    = "mentoring"
	KindCuration     = "curation"
	KindVerification = "verification"
)

// Kinds lists the kinds of visit, routine first.
var Kinds = []string{KindRoutine, KindMentoring, KindCuration, KindVerification}

// Statuses of a record. A draft shows live sales figures; submitting
// freezes them; verifying (by another officer) closes the content; locking
// archives the record, which then refuses every change.
const (
	Draft     = "draft"
	Submitted = "submitted"
	Verified  = "verified"
	Locked    = "locked"
)

// Statuses lists the lifecycle in order.
var Statuses = []string{Draft, Submitted, Verified, Locked}

// Actions move a record along its lifecycle.
const (
	ActionSubmit = "submit"
	ActionVerify = "verify"
	ActionLock   = "lock"
)

// Roles of an officer in a visit's team.
var TeamRoles = []string{"lead", "member", "mentor", "curator"}

// Constraint (kendala) categories, from raw materials to marketing.
var ConstraintCategories = []string{"materials", "labour", "capital", "marketing", "design", "equipment", "permits", "pricing", "other"}

// Severities of a constraint.
var Severities = []string{"low", "medium", "high"}

// Follow-up actions the council can take.
var FollowUpActions = []string{"training", "exhibition", "curation", "permit", "credit", "marketplace", "design", "equipment"}

// Follow-up statuses; the last two close it.
const (
	FollowUpOpen       = "open"
	FollowUpInProgress = "in_progress"
	FollowUpDone       = "done"
	FollowUpCancelled  = "cancelled"
)

// FollowUpStatuses lists the statuses of a follow-up.
var FollowUpStatuses = []string{FollowUpOpen, FollowUpInProgress, FollowUpDone, FollowUpCancelled}

// Errors of the lifecycle, for handlers to answer with a message.
var (
	// ErrNotFound means there is no such record, or none this reader may see.
	ErrNotFound error = fault.New(fault.NotFound, "", "monev: no such record")
	// ErrNotEditable means the record's status no longer allows the change.
	ErrNotEditable error = fault.New(fault.Conflict, "", "monev: the record can no longer be changed")
	// ErrTransition means the action does not apply to the record's status.
	ErrTransition error = fault.New(fault.Conflict, "", "monev: the action does not apply to the record's status")
	// ErrSameOfficer means an officer tried to verify a record they submitted.
	ErrSameOfficer error = fault.New(fault.Conflict, "", "monev: a record is verified by another officer than the one who submitted it")
)

// Visit is one monev visit to an artisan and its record.
type Visit struct {
	ID        int64
	ArtisanID int64
	Day       string // the visit's date, "YYYY-MM-DD" in WITA
	Kind      string
	Status    string
	// PeriodFrom and PeriodTo are the first and last day (included) that
	// the record's figures describe.
	PeriodFrom, PeriodTo string
	Team                 []TeamMember
	Reported             Reported
	Constraints          []Constraint
	Recommendations      string
	// Measured is the stored copy of the sales figures, made when the record
	// is submitted; nil while it is a draft, whose figures are live.
	Measured    *Measured
	CreatedBy   string
	SubmittedBy int64
	SubmittedAt *time.Time
	VerifiedBy  int64
	VerifiedAt  *time.Time
	LockedBy    int64
	LockedAt    *time.Time
	// Number is the record's document number, given when it is verified
	// (its content closes then); empty before.
	Number    string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// DocumentKind is the kind of document a record is numbered as, among
// the council's documents.
const DocumentKind = "monev"

// TeamMember is an officer on a visit and their role in it.
type TeamMember struct {
	UserID   int64
	Name     string
	Position string // the officer's position (jabatan) at the council
	Role     string
}

// Lead is the team member who leads the visit, or the first one.
func (v Visit) Lead() (TeamMember, bool) {
	for _, m := range v.Team {
		if m.Role == "lead" {
			return m, true
		}
	}
	if len(v.Team) > 0 {
		return v.Team[0], true
	}
	return TeamMember{}, false
}

// Constraint is a problem (kendala) the artisan faces.
type Constraint struct {
	Category    string
	Severity    string
	Description string
}

// FollowUp is an action agreed at a visit. It stays on the artisan's later
// visits until it is done or cancelled.
type FollowUp struct {
	ID        int64
	VisitID   int64 // the visit that opened it
	ArtisanID int64
	Action    string
	Owner     string
	DueOn     string // "YYYY-MM-DD"
	Status    string
	Note      string
	// UpdatedInVisit is the visit whose record last changed the status.
	UpdatedInVisit int64
	ClosedAt       *time.Time
	CreatedAt      time.Time
}

// Closed reports whether nothing more is to be done.
func (f FollowUp) Closed() bool { return f.Status == FollowUpDone || f.Status == FollowUpCancelled }

// Overdue reports whether the follow-up is open past its due day.
func (f FollowUp) Overdue(today string) bool { return !f.Closed() && f.DueOn != "" && f.DueOn < today }

// Attachment is a photo or document kept with a record, in private storage.
type Attachment struct {
	ID          int64
	VisitID     int64
	Kind        string // "photo" or "document"
	FileKey     string
	ContentType string
	Name        string // the file's name as uploaded
	Caption     string // what a photo shows, printed under it
	CreatedAt   time.Time
}

// Editable reports whether the record's content may still change: the
// measured figures are frozen at submission, but what was reported can be
// corrected until another officer verifies it.
func (v Visit) Editable() bool { return v.Status == Draft || v.Status == Submitted }

// Next is the status an action leads to from the record's status, by the
// officer userID.
func (v Visit) Next(action string, userID int64) (string, error) {
	switch {
	case action == ActionSubmit && v.Status == Draft:
		return Submitted, nil
	case action == ActionVerify && v.Status == Submitted:
		if v.SubmittedBy == userID {
			return "", ErrSameOfficer
		}
		return Verified, nil
	case action == ActionLock && v.Status == Verified:
		return Locked, nil
	}
	return "", ErrTransition
}

// maxPeriodYears bounds a record's period, as the sales dashboard bounds
// its own: figures over longer stretches are not a visit's business.
const maxPeriodYears = 5

// Validate names the problems of a record by field, as message ids.
func (v Visit) Validate() map[string]string {
	errs := map[string]string{}
	check := func(ok bool, field, msg string) {
		if !ok && errs[field] == "" {
			errs[field] = msg
		}
	}
	day, err := time.Parse("2006-01-02", v.Day)
	check(err == nil, "day", "ws.error.date")
	check(slices.Contains(Kinds, v.Kind), "kind", "form.required")
	from, err1 := time.Parse("2006-01-02", v.PeriodFrom)
	to, err2 := time.Parse("2006-01-02", v.PeriodTo)
	check(err1 == nil, "period_from", "ws.error.date")
	check(err2 == nil, "period_to", "ws.error.date")
	if err1 == nil && err2 == nil {
		check(!to.Before(from), "period_to", "ws.error.date_order")
		check(!to.After(from.AddDate(maxPeriodYears, 0, 0)), "period_to", "monev.error.period_long")
		check(err != nil || !from.After(day), "period_from", "monev.error.period_after_visit")
	}
	check(len(v.Team) > 0, "team", "monev.error.team")
	seen := map[int64]bool{}
	for _, m := range v.Team {
		check(slices.Contains(TeamRoles, m.Role) && !seen[m.UserID], "team", "monev.error.team")
		seen[m.UserID] = true
	}
	for k, msg := range v.Reported.validate() {
		check(false, k, msg)
	}
	for _, c := range v.Constraints {
		check(slices.Contains(ConstraintCategories, c.Category) && slices.Contains(Severities, c.Severity), "constraints", "monev.error.constraint")
		check(c.Description != "" && utf8.RuneCountInString(c.Description) <= 2000, "constraints", "monev.error.constraint")
	}
	check(utf8.RuneCountInString(v.Recommendations) <= 5000, "recommendations", "form.too_long")
	return errs
}

// Validate names the problems of a follow-up by field.
func (f FollowUp) Validate() map[string]string {
	errs := map[string]string{}
	if !slices.Contains(FollowUpActions, f.Action) {
		errs["follow_ups"] = "monev.error.follow_up"
	}
	if _, err := time.Parse("2006-01-02", f.DueOn); err != nil || f.Owner == "" || utf8.RuneCountInString(f.Owner) > 200 || utf8.RuneCountInString(f.Note) > 1000 {
		errs["follow_ups"] = "monev.error.follow_up"
	}
	if !slices.Contains(FollowUpStatuses, f.Status) {
		errs["follow_ups"] = "monev.error.follow_up"
	}
	return errs
}

// DefaultPeriod is the period a new record describes: since the previous
// visit (its day included, so periods of consecutive visits meet), or the
// three months before the visit for a first one (previous nil); in both
// cases up to the day before the visit, whose sales are not complete yet.
func DefaultPeriod(day string, previous *Visit) (from, to string) {
	d, err := time.Parse("2006-01-02", day)
	if err != nil {
		return "", ""
	}
	to = d.AddDate(0, 0, -1).Format("2006-01-02")
	if previous != nil && previous.Day < day {
		return previous.Day, to
	}
	return d.AddDate(0, -3, 0).Format("2006-01-02"), to
}

// Filter selects records for a list. Days are "YYYY-MM-DD", both included;
// empty fields select everything.
type Filter struct {
	From, To  string
	ArtisanID int64
	OfficerID int64
	Kecamatan string
	Statuses  []string
}

// FollowUpFilter selects follow-ups. OpenedBefore keeps those opened at a
// visit on or before that day.
type FollowUpFilter struct {
	ArtisanID    int64
	VisitID      int64
	Open         bool
	DueBefore    string
	OpenedBefore string
}

// Carried are the follow-ups a record shows: those it opened, and those of
// earlier visits that were still open at it or that it updated.
func Carried(v Visit, all []FollowUp) []FollowUp {
	var out []FollowUp
	for _, f := range all {
		if f.VisitID == v.ID || !f.Closed() || f.UpdatedInVisit == v.ID {
			out = append(out, f)
		}
	}
	return out
}
