package app

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"

	"kriya/internal/account"
	"kriya/internal/artisan"
	"kriya/internal/catalog"
	"kriya/internal/exhibition"
	"kriya/internal/fault"
	"kriya/internal/order"
	"kriya/internal/store"
)

// ChangeArtisanStatus moves an artisan along the supervision register
// (approve with a decree, suspend, reinstate, …) as staff decided, and
// returns the new status.
func (a *App) ChangeArtisanStatus(ctx context.Context, staff account.User, art catalog.Artisan, change artisan.Change) (to string, err error) {
	change.ByStaff, change.ActorID, change.ActorName = true, staff.ID, staff.Name
	err = a.store.Atomic(ctx, func(tx *store.Store) error {
		if to, err = tx.ChangeArtisanStatus(ctx, art.ID, change); err != nil {
			return err
		}
		details := art.Status + " → " + to
		if change.Reason != "" {
			details += ": " + change.Reason
		}
		if change.Action == artisan.Approve {
			details += " (SK " + change.Decree.Number + ")"
		}
		return audit(ctx, tx, staff, "artisan."+change.Action, "artisan", id(art.ID), details)
	})
	return to, err
}

// Review kinds: a new listing, or a change to a live one.
const (
	ReviewListing = "listings"
	ReviewChange  = "changes"
)

// DecideReview approves or rejects (with a reason) a new listing or a
// change to a live one.
func (a *App) DecideReview(ctx context.Context, staff account.User, kind string, reviewID int64, approve bool, reason string) error {
	if !approve && reason == "" {
		return fault.Fields(map[string]string{"reason": "council.error.reason"})
	}
	action := "listing.reject"
	if approve {
		action = "listing.approve"
	}
	return a.store.Atomic(ctx, func(tx *store.Store) error {
		object := "product"
		productID := reviewID
		switch kind {
		case ReviewListing:
			if err := tx.DecideListing(ctx, reviewID, approve, reason); err != nil {
				return err
			}
		case ReviewChange:
			object = "listing_change"
			var err error
			if productID, err = tx.DecideChange(ctx, reviewID, approve, reason, staff.Name); err != nil {
				return err
			}
		default:
			return fmt.Errorf("review kind %q: %w", kind, catalog.ErrNotFound)
		}
		if err := a.tellListingDecided(ctx, tx, productID, approve, reason); err != nil {
			return err
		}
		return audit(ctx, tx, staff, action, object, id(reviewID), reason)
	})
}

// SaveShippingRates replaces the council's delivery tariff.
func (a *App) SaveShippingRates(ctx context.Context, staff account.User, rates order.RateTable) error {
	if err := rates.Validate(); err != nil {
		return err
	}
	return a.store.Atomic(ctx, func(tx *store.Store) error {
		if err := tx.SaveShippingRates(ctx, rates); err != nil {
			return err
		}
		return audit(ctx, tx, staff, "shipping.rates", "shipping_rates", "", strconv.Itoa(len(rates))+" tiers")
	})
}

// CreateExhibition plans an event (pameran) whose stand sales count as the
// exhibition channel of the sales figures. Problems come back as
// fault.Invalid field errors.
func (a *App) CreateExhibition(ctx context.Context, staff account.User, e *exhibition.Exhibition) error {
	if err := fault.Fields(e.Validate()); err != nil {
		return err
	}
	return a.store.Atomic(ctx, func(tx *store.Store) error {
		if err := tx.CreateExhibition(ctx, e); err != nil {
			return err
		}
		return audit(ctx, tx, staff, "exhibition.create", "exhibition", id(e.ID), e.Name)
	})
}

// SetParticipant records staff's decision on an artisan at an event.
func (a *App) SetParticipant(ctx context.Context, staff account.User, p exhibition.Participant) error {
	return a.store.Atomic(ctx, func(tx *store.Store) error {
		if err := tx.SetParticipant(ctx, p); err != nil {
			return err
		}
		return audit(ctx, tx, staff, "exhibition.participant", "exhibition", id(p.ExhibitionID), id(p.ArtisanID)+" "+p.Status)
	})
}

// ApplyToExhibition asks for a stand at an event for the artisan; asking
// twice changes nothing.
func (a *App) ApplyToExhibition(ctx context.Context, artisanID, exhibitionID int64) error {
	mine, err := a.store.ArtisanExhibitions(ctx, artisanID)
	if err != nil {
		return err
	}
	for _, p := range mine {
		if p.ExhibitionID == exhibitionID {
			return nil
		}
	}
	return a.store.SetParticipant(ctx, exhibition.Participant{ExhibitionID: exhibitionID, ArtisanID: artisanID, Status: exhibition.Applied})
}

// standEntry checks that by may enter receipts for the artisan's stand at
// the event: staff for any selected participant; an artisan for its own
// stand only, when selected and the event lets artisans enter their sales.
// A receipt's problems are added to errs.
func standEntry(ctx context.Context, st *store.Store, by account.User, e exhibition.Exhibition, artisanID int64, errs map[string]string) error {
	participants, err := st.Participants(ctx, e.ID)
	if err != nil {
		return err
	}
	selected := slices.ContainsFunc(participants, func(p exhibition.Participant) bool {
		return p.ArtisanID == artisanID && p.Status == exhibition.Selected
	})
	if !by.IsStaff() && (!by.ManagesArtisan(artisanID) || !selected || !e.ArtisanEntry) {
		return fault.New(fault.Forbidden, "", "the artisan may not enter sales for this event")
	}
	if !selected {
		errs["artisan"] = "exhibition.error.not_selected"
	}
	return nil
}

// RecordReceipt records one sale at an artisan's stand, entered by staff
// or by the artisan itself (standEntry says who may). Every receipt
// counts: a second one for the same artisan and day adds to the first.
// Problems come back as fault.Invalid field errors.
func (a *App) RecordReceipt(ctx context.Context, by account.User, e exhibition.Exhibition, r *exhibition.Receipt) error {
	r.ExhibitionID, r.EnteredByID, r.EnteredBy, r.Reason, r.Voided = e.ID, by.ID, by.Name, "", false
	errs := r.Validate(e)
	if err := standEntry(ctx, a.store, by, e, r.ArtisanID, errs); err != nil {
		return err
	}
	if err := fault.Fields(errs); err != nil {
		return err
	}
	return a.store.Atomic(ctx, func(tx *store.Store) error {
		if err := tx.RecordReceipt(ctx, r); err != nil {
			return err
		}
		// Stand money is reported by the council, so the artisan's own
		// entries are audited too, unlike its work on its shop.
		return audit(ctx, tx, by, "exhibition.receipt.add", "exhibition_receipt", id(r.ID),
			fmt.Sprintf("exhibition %d, artisan %d: %s %d units, Rp %d (%s)", e.ID, r.ArtisanID, r.SoldAt.Format(time.RFC3339), r.Units, r.Amount, r.Method))
	})
}

// CorrectReceipt replaces the latest version of the receipt with next (a
// correction) or voids it (next.Voided), with next's reason, and returns
// the new version. Staff may correct any receipt of the event, an artisan
// only its own (another's is exhibition.ErrReceiptNotFound). A receipt
// corrected meanwhile is exhibition.ErrSuperseded, whichever process
// corrected it; a void one exhibition.ErrVoided.
func (a *App) CorrectReceipt(ctx context.Context, by account.User, e exhibition.Exhibition, receiptID int64, next exhibition.Receipt) (exhibition.Receipt, error) {
	var out exhibition.Receipt
	err := a.store.Atomic(ctx, func(tx *store.Store) error {
		old, err := tx.Receipt(ctx, e.ID, receiptID)
		if err != nil {
			return err
		}
		if !mayReadReceipt(by, old) {
			return fmt.Errorf("receipt %d of artisan %d: %w", old.ID, old.ArtisanID, exhibition.ErrReceiptNotFound)
		}
		if !by.IsStaff() {
			if err := standEntry(ctx, tx, by, e, old.ArtisanID, map[string]string{}); err != nil {
				return err
			}
		}
		if out, err = old.Correct(e, next); err != nil {
			return err
		}
		out.EnteredByID, out.EnteredBy = by.ID, by.Name
		if err := tx.CorrectReceipt(ctx, old, &out); err != nil {
			return err
		}
		action, details := "exhibition.receipt.correct", fmt.Sprintf("%d → %d: Rp %d → Rp %d, %d → %d units", old.ID, out.ID, old.Amount, out.Amount, old.Units, out.Units)
		if out.Voided {
			action = "exhibition.receipt.void"
		}
		return audit(ctx, tx, by, action, "exhibition_receipt", id(old.ID), details+": "+out.Reason)
	})
	return out, err
}

// mayReadReceipt says whether by may see a receipt: staff any, an artisan
// its own stand's.
func mayReadReceipt(by account.User, r exhibition.Receipt) bool {
	return by.IsStaff() || by.ManagesArtisan(r.ArtisanID)
}

// ReceiptHistory is the receipt a version belongs to, with every version,
// as by may see it: staff any receipt of the event, an artisan only its
// own (another's is exhibition.ErrReceiptNotFound).
func (a *App) ReceiptHistory(ctx context.Context, by account.User, e exhibition.Exhibition, versionID int64) (exhibition.History, error) {
	r, err := a.store.Receipt(ctx, e.ID, versionID)
	if err != nil {
		return exhibition.History{}, err
	}
	if !mayReadReceipt(by, r) {
		return exhibition.History{}, fmt.Errorf("receipt %d of artisan %d: %w", r.ID, r.ArtisanID, exhibition.ErrReceiptNotFound)
	}
	rs, err := a.store.Receipts(ctx, e.ID, r.ArtisanID)
	if err != nil {
		return exhibition.History{}, err
	}
	for _, h := range exhibition.Histories(rs) {
		if h.Of(versionID) {
			return h, nil
		}
	}
	return exhibition.History{}, fmt.Errorf("receipt %d has no latest version: %w", versionID, exhibition.ErrReceiptNotFound)
}
