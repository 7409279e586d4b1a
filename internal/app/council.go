package app

import (
	"context"
	"fmt"
	"strconv"

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

// RecordStandSale records (or corrects) a day's sales at an artisan's
// stand, entered by staff (audited) or by the artisan itself. The artisan
// must be selected for the event; problems come back as fault.Invalid
// field errors.
func (a *App) RecordStandSale(ctx context.Context, by account.User, e exhibition.Exhibition, sale *exhibition.Sale) error {
	sale.ExhibitionID, sale.EnteredBy = e.ID, by.Name
	participants, err := a.store.Participants(ctx, e.ID)
	if err != nil {
		return err
	}
	selected := false
	for _, p := range participants {
		selected = selected || (p.ArtisanID == sale.ArtisanID && p.Status == exhibition.Selected)
	}
	if by.Role == account.RoleArtisan && (!selected || !e.ArtisanEntry) {
		return fault.New(fault.Forbidden, "", "the artisan may not enter sales for this event")
	}
	errs := sale.Validate(e)
	if !selected {
		errs["artisan"] = "exhibition.error.not_selected"
	}
	if err := fault.Fields(errs); err != nil {
		return err
	}
	return a.store.Atomic(ctx, func(tx *store.Store) error {
		if err := tx.RecordStandSale(ctx, sale); err != nil {
			return err
		}
		if by.Role == account.RoleArtisan {
			return nil
		}
		return audit(ctx, tx, by, "exhibition.sale", "exhibition", id(e.ID), fmt.Sprintf("%d %s %d", sale.ArtisanID, sale.Day, sale.Amount))
	})
}
