package app

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"kriya/internal/account"
	"kriya/internal/council"
	"kriya/internal/fault"
	"kriya/internal/i18n"
	"kriya/internal/monev"
	"kriya/internal/notify"
	"kriya/internal/store"
)

// Measure takes a record's sales figures from the store's rollups (the
// one omzet of dashboard, exports and API), compared with the artisan's
// previous visit.
func (a *App) Measure(ctx context.Context, v monev.Visit) (monev.Measured, error) {
	earlier, err := a.store.Visits(ctx, monev.Filter{ArtisanID: v.ArtisanID, To: v.Day})
	if err != nil {
		return monev.Measured{}, err
	}
	return monev.Measure(ctx, a.store, v, monev.Previous(v, earlier), a.now())
}

// CreateVisit starts a draft record of a visit with the officer as its
// lead, over the period since the artisan's previous visit. Problems with
// the record come back as fault.Invalid field errors.
func (a *App) CreateVisit(ctx context.Context, officer account.User, v *monev.Visit) error {
	v.CreatedBy = officer.Name
	v.Team = []monev.TeamMember{{UserID: officer.ID, Name: officer.Name, Role: "lead"}}
	errs := map[string]string{}
	if _, err := a.store.ArtisanByID(ctx, v.ArtisanID); err != nil {
		errs["artisan"] = "form.required"
	}
	earlier, err := a.store.Visits(ctx, monev.Filter{ArtisanID: v.ArtisanID, To: v.Day})
	if err != nil {
		return err
	}
	v.PeriodFrom, v.PeriodTo = monev.DefaultPeriod(v.Day, monev.Previous(*v, earlier))
	for k, msg := range v.Validate() {
		errs[k] = msg
	}
	if err := fault.Fields(errs); err != nil {
		return err
	}
	return a.store.Atomic(ctx, func(tx *store.Store) error {
		if err := tx.CreateVisit(ctx, v); err != nil {
			return err
		}
		return audit(ctx, tx, officer, "monev.create", "visit", id(v.ID), id(v.ArtisanID)+" "+v.Day)
	})
}

// SaveVisit writes a record's content and the follow-ups it opens; the
// measured figures are never written here (live in a draft, frozen at
// submission). A record past editing gives monev.ErrNotEditable.
func (a *App) SaveVisit(ctx context.Context, officer account.User, v *monev.Visit, opened []monev.FollowUp) error {
	return a.store.Atomic(ctx, func(tx *store.Store) error {
		if err := tx.SaveVisit(ctx, v, opened); err != nil {
			return err
		}
		return audit(ctx, tx, officer, "monev.save", "visit", id(v.ID), v.Status)
	})
}

// ChangeVisitStatus submits, verifies or locks a record as action says,
// from the status the officer saw: submitting freezes the figures measured
// at that moment; verifying gives the record its document number; a
// record moved meanwhile gives monev.ErrTransition.
//
// The number is given at verification because that is when the record's
// content closes: a numbered document never changes after its number is
// on it, and drafts and records sent back never take a number from the
// year's sequence. It is taken in the verification's own transaction,
// after the record has moved (so a second verification of the same
// record fails before taking one): a verification that rolls back gives
// its number back, and two at once queue on the year's sequence.
func (a *App) ChangeVisitStatus(ctx context.Context, officer account.User, v monev.Visit, action string) error {
	next, err := v.Next(action, officer.ID)
	if err != nil {
		return err
	}
	var measured *monev.Measured
	if next == monev.Submitted {
		m, err := a.Measure(ctx, v)
		if err != nil {
			return err
		}
		measured = &m
	}
	// The number's date, month and year are the verification's, in Bali.
	at := a.now().In(i18n.WITA)
	if next == monev.Verified {
		if err := a.store.PrepareNumbers(ctx, council.Home, monev.DocumentKind, at.Year()); err != nil {
			return err
		}
	}
	return a.store.Atomic(ctx, func(tx *store.Store) error {
		if err := tx.ChangeVisitStatus(ctx, v.ID, v.Status, next, officer.ID, measured); err != nil {
			return err
		}
		if next == monev.Submitted { // the artisan can read it from now on
			err := a.tellArtisan(ctx, tx, v.ArtisanID, notify.Monev, fmt.Sprintf("/artisan/monev/%d", v.ID), func(l *i18n.Localizer) (string, string) {
				day := v.Day
				if t, err := time.ParseInLocation("2006-01-02", v.Day, i18n.WITA); err == nil {
					day = l.Date(t)
				}
				return l.T("notify.monev.title", "Day", day), l.T("notify.monev.body", "Day", day, "Officer", officer.Name)
			})
			if err != nil {
				return err
			}
		}
		details := next
		if next == monev.Verified {
			number, err := numberVisit(ctx, tx, v.ID, at)
			if err != nil {
				return err
			}
			details += " " + number
		}
		return audit(ctx, tx, officer, "monev."+action, "visit", id(v.ID), details)
	})
}

// numberVisit gives a record, in tx, the council's next monev number of
// at's year, written by the council's scheme as it is at that moment.
func numberVisit(ctx context.Context, tx *store.Store, visitID int64, at time.Time) (string, error) {
	c, err := tx.Council(ctx, council.Home)
	if err != nil {
		return "", err
	}
	seq, err := tx.NextNumber(ctx, c.ID, monev.DocumentKind, at.Year())
	if err != nil {
		return "", err
	}
	number := c.NumberScheme.Format(seq, at)
	return number, tx.NumberVisit(ctx, visitID, number)
}

// UpdateFollowUp records, in the record visitID, the progress of a
// follow-up it carries.
func (a *App) UpdateFollowUp(ctx context.Context, officer account.User, visitID int64, fu monev.FollowUp) error {
	return a.store.Atomic(ctx, func(tx *store.Store) error {
		if err := tx.UpdateFollowUp(ctx, visitID, fu); err != nil {
			return err
		}
		return audit(ctx, tx, officer, "monev.follow_up", "visit", id(visitID), id(fu.ID)+" "+fu.Status)
	})
}

// AddAttachment keeps a stored file with a record.
func (a *App) AddAttachment(ctx context.Context, officer account.User, att *monev.Attachment) error {
	return a.store.Atomic(ctx, func(tx *store.Store) error {
		if err := tx.AddAttachment(ctx, att); err != nil {
			return err
		}
		return audit(ctx, tx, officer, "monev.attach", "visit", id(att.VisitID), att.Kind+" "+att.FileKey)
	})
}

func id(n int64) string { return strconv.FormatInt(n, 10) }
