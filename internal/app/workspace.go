package app

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"kriya/internal/account"
	"kriya/internal/catalog"
	"kriya/internal/fault"
	"kriya/internal/order"
	"kriya/internal/payment"
	"kriya/internal/store"
)

// Workspace is an artisan's shop as someone works it: the artisan's own
// account, or council staff in assisted mode, whose every change is
// audited in the change's transaction.
type Workspace struct {
	Artisan  catalog.Artisan
	By       account.User
	Assisted bool // staff working the shop on the artisan's behalf
}

// ErrSuspended refuses a change to a suspended artisan's shop by its own
// account: its listings are off sale until staff reinstate it (it still
// ships what buyers already paid for). Staff, in assisted mode, still can.
var ErrSuspended error = fault.New(fault.Forbidden, "artisan_suspended", "the artisan is suspended: its shop cannot be changed")

// mayChangeShop says whether ws may change the shop's listings.
func (ws Workspace) mayChangeShop() error {
	if ws.Assisted || ws.Artisan.Status == catalog.ArtisanActive {
		return nil
	}
	return ErrSuspended
}

// auditAssisted records staff's work on an artisan's behalf; the artisan's
// own work is its shop's history, not the council's audit trail.
func (ws Workspace) auditAssisted(ctx context.Context, tx *store.Store, action, objectType, objectID string, what ...string) error {
	if !ws.Assisted {
		return nil
	}
	details := "for " + ws.Artisan.Name
	if len(what) > 0 {
		details += ": " + strings.Join(what, " ")
	}
	return audit(ctx, tx, ws.By, action, objectType, objectID, details)
}

// SaveListing saves an edit of live (the zero Product for a new listing)
// the way curation requires (catalog.SaveListing), from the workspace,
// assisted mode and the API alike. The outcome is catalog's (saved,
// pending, change_pending).
func (a *App) SaveListing(ctx context.Context, ws Workspace, live, edited catalog.Product) (saved catalog.Product, outcome string, err error) {
	if err := ws.mayChangeShop(); err != nil {
		return saved, "", err
	}
	if ws.Assisted {
		now := a.now()
		edited.AssistedBy, edited.AssistedAt = ws.By.Name, &now
	}
	err = a.store.Atomic(ctx, func(tx *store.Store) error {
		saved, outcome, err = catalog.SaveListing(ctx, tx, live, edited, a.cfg.ListingReview, ws.Assisted)
		if err != nil {
			return err
		}
		action := "listing.update"
		if live.ID == 0 {
			action = "listing.create"
		}
		return ws.auditAssisted(ctx, tx, action, "product", strconv.FormatInt(saved.ID, 10), saved.Title.ID)
	})
	return saved, outcome, err
}

// DuplicateListing starts a new draft from one of the shop's listings
// (catalog.Product.Copy), to edit into a sibling; curation sees it when
// the artisan submits it.
func (a *App) DuplicateListing(ctx context.Context, ws Workspace, p catalog.Product, copySuffix catalog.Text) (catalog.Product, error) {
	if err := ws.mayChangeShop(); err != nil {
		return p, err
	}
	c := p.Copy(copySuffix)
	err := a.store.Atomic(ctx, func(tx *store.Store) error {
		c.Slug = catalog.NewSlug(c.Title.ID)
		if err := tx.SaveListing(ctx, &c); err != nil {
			return err
		}
		return ws.auditAssisted(ctx, tx, "listing.duplicate", "product", strconv.FormatInt(c.ID, 10), strconv.FormatInt(p.ID, 10))
	})
	return c, err
}

// ArchiveListing takes a listing off sale for good.
func (a *App) ArchiveListing(ctx context.Context, ws Workspace, p catalog.Product) error {
	if err := ws.mayChangeShop(); err != nil {
		return err
	}
	p.Status = catalog.ProductArchived
	return a.store.Atomic(ctx, func(tx *store.Store) error {
		if err := tx.SaveListing(ctx, &p); err != nil {
			return err
		}
		return ws.auditAssisted(ctx, tx, "listing.archive", "product", strconv.FormatInt(p.ID, 10))
	})
}

// ImportListings saves the listings of an import file, all or none, and
// says how many.
func (a *App) ImportListings(ctx context.Context, ws Workspace, categories map[string]int64, items []catalog.ImportedProduct) (imported int, err error) {
	if err := ws.mayChangeShop(); err != nil {
		return 0, err
	}
	err = a.store.Atomic(ctx, func(tx *store.Store) error {
		imported, err = catalog.Import(ctx, tx, ws.Artisan.ID, categories, items, a.cfg.ListingReview, ws.Assisted, nil)
		if err != nil {
			return err
		}
		if !ws.Assisted {
			return nil
		}
		return audit(ctx, tx, ws.By, "listing.import", "artisan", "", fmt.Sprintf("%s: %d listings", ws.Artisan.Name, imported))
	})
	return imported, err
}

// Ship records the courier and tracking number of a packed part and tells
// the buyer.
func (a *App) Ship(ctx context.Context, ws Workspace, fulfilmentID int64, courier, tracking string) error {
	return a.store.Atomic(ctx, func(tx *store.Store) error {
		o, err := tx.ShipFulfilment(ctx, ws.Artisan.ID, fulfilmentID, courier, tracking)
		if err != nil {
			return err
		}
		if err := a.tellBuyer(ctx, tx, "shipped", o); err != nil {
			return err
		}
		return ws.auditAssisted(ctx, tx, "fulfilment.shipped", "fulfilment", strconv.FormatInt(fulfilmentID, 10))
	})
}

// Deliver marks a shipped part delivered.
func (a *App) Deliver(ctx context.Context, ws Workspace, fulfilmentID int64) error {
	return a.store.Atomic(ctx, func(tx *store.Store) error {
		if err := tx.DeliverFulfilment(ctx, ws.Artisan.ID, fulfilmentID); err != nil {
			return err
		}
		return ws.auditAssisted(ctx, tx, "fulfilment.delivered", "fulfilment", strconv.FormatInt(fulfilmentID, 10))
	})
}

// CancelLine cancels one line the shop cannot make or send, with a reason
// the buyer reads, returning its stock when restock is set. A line already
// paid for goes back to the buyer in the same transaction: for a card
// order as a refund of the line (and of the part's shipping when it was
// the part's last line), sent to the provider after commit; for a bank
// transfer the order is flagged so staff send the money and record it.
func (a *App) CancelLine(ctx context.Context, ws Workspace, fulfilmentID, lineID int64, reason string, restock bool) error {
	var moving []*payment.Movement
	err := a.store.Atomic(ctx, func(tx *store.Store) error {
		o, err := tx.CancelLine(ctx, ws.Artisan.ID, lineID, reason, restock)
		if err != nil {
			return err
		}
		if o.Status == order.Paid || o.Status == order.PartiallyRefunded || o.Status == order.Fulfilled {
			if o, moving, err = a.giveBackLine(ctx, tx, ws, o, lineID, reason); err != nil {
				return err
			}
		}
		if err := a.tellBuyer(ctx, tx, "cancelled", o); err != nil {
			return err
		}
		return ws.auditAssisted(ctx, tx, "fulfilment.line_cancelled", "fulfilment", strconv.FormatInt(fulfilmentID, 10))
	})
	if err == nil {
		a.sendAll(ctx, moving)
	}
	return err
}

// giveBackLine returns a cancelled paid line's money, in tx.
func (a *App) giveBackLine(ctx context.Context, tx *store.Store, ws Workspace, o order.Order, lineID int64, reason string) (order.Order, []*payment.Movement, error) {
	line := o.Lines[slices.IndexFunc(o.Lines, func(l order.Line) bool { return l.ID == lineID })]
	if o.PaymentMethod != order.MethodStripe || a.card == nil {
		err := tx.RaiseFlag(ctx, o.ID, order.FlagRefundDue, fmt.Sprintf("refund %d for %s: %s", line.Amount(), line.Title, reason))
		return o, nil, err
	}
	req := order.RefundRequest{Units: map[int64]int{line.ID: line.Quantity - line.RefundedUnits}, Shipping: map[int64]bool{}}
	for _, f := range o.Fulfilments {
		if f.ID == line.FulfilmentID && f.Status == order.FulfilmentCancelled {
			req.Shipping[f.ID] = true
		}
	}
	if m, err := tx.OrderMoney(ctx, o); err != nil {
		return o, nil, err
	} else if part, ok := m.Part(line.FulfilmentID); !ok || req.Units[line.ID] == 0 && part.ShippingLeft() == 0 {
		return o, nil, nil // nothing of it was credited, or it is refunded already
	}
	refunded, r, err := tx.RecordRefund(ctx, o.ID, req, store.RefundDetails{Method: order.MethodStripe, Reason: reason, CreatedBy: ws.Artisan.Name})
	if err != nil {
		return o, nil, err
	}
	moving, err := a.queueRefund(ctx, tx, refunded, r, ws.Artisan.Name)
	return refunded, moving, err
}
