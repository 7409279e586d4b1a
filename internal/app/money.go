package app

import (
	"context"
	"fmt"

	"kriya/internal/account"
	"kriya/internal/catalog"
	"kriya/internal/fault"
	"kriya/internal/ledger"
	"kriya/internal/payment"
	"kriya/internal/store"
)

// Settlement is a payout to an artisan: a bank transfer staff made (with
// its reference), or a Stripe Connect transfer of one order's share.
type Settlement struct {
	Amount      int64
	Connect     bool   // through Stripe Connect, else a bank transfer already made
	OrderNumber string // the order whose charge funds a Connect transfer
	Reference   string // the bank transfer's reference
}

// Settle pays an artisan what the council owes it: the ledger refuses
// any payout above the balance. A Connect transfer carries the fixed
// idempotency key transfer-<order>-<artisan>. Problems come back as
// fault.Invalid field errors; a failing provider as payment's errors.
func (a *App) Settle(ctx context.Context, staff account.User, art catalog.Artisan, s Settlement) error {
	errs := map[string]string{}
	if s.Amount <= 0 {
		errs["amount"] = "ws.error.price"
	}
	if s.Connect && s.OrderNumber == "" {
		errs["order"] = "form.required"
	}
	if !s.Connect && s.Reference == "" {
		errs["reference"] = "council.refund.reference_needed"
	}
	if err := fault.Fields(errs); err != nil {
		return err
	}
	entry := ledger.SettlementEntry(art.ID, s.Amount, s.Reference, a.now())
	entry.OrderNumber, entry.CreatedBy = s.OrderNumber, staff.Name
	via := "transfer"
	if s.Connect {
		via = "connect"
		entries, err := a.store.Ledger(ctx, art.ID)
		if err != nil {
			return err
		}
		if err := ledger.CheckSettlement(ledger.Balance(entries), s.Amount); err != nil {
			return fault.Fields(map[string]string{"amount": "balance.error.exceeds"})
		}
		o, err := a.store.OrderByNumber(ctx, s.OrderNumber)
		if err != nil || a.card == nil || art.ConnectAccountID == "" {
			return fault.Fields(map[string]string{"order": "balance.error.connect"})
		}
		if entry.Reference, err = a.card.Transfer(ctx, payment.Transfer{OrderNumber: o.Number, ArtisanAccount: art.ConnectAccountID,
			Amount: s.Amount, SourceTransaction: o.ChargeID, IdempotencyKey: fmt.Sprintf("transfer-%s-%d", o.Number, art.ID)}); err != nil {
			return err
		}
	}
	err := a.store.Atomic(ctx, func(tx *store.Store) error {
		if err := tx.Settle(ctx, entry); err != nil {
			return err
		}
		return audit(ctx, tx, staff, "ledger.settle", "artisan", id(art.ID), fmt.Sprintf("%d via %s ref %s", s.Amount, via, entry.Reference))
	})
	if fault.KindOf(err) == fault.Invalid || fault.KindOf(err) == fault.Conflict {
		return fault.Fields(map[string]string{"amount": "balance.error.exceeds"})
	}
	return err
}

// CheckFilters drops a catalog query's category or artisan that does not
// exist, naming each dropped one, so a stale link shows everything with a
// notice instead of an empty page.
func (a *App) CheckFilters(ctx context.Context, q catalog.Query) (checked catalog.Query, unknown []string, err error) {
	if q.Category != "" {
		if _, err := a.store.CategoryBySlug(ctx, q.Category); fault.KindOf(err) == fault.NotFound {
			unknown, q.Category = append(unknown, "category"), ""
		} else if err != nil {
			return q, nil, err
		}
	}
	if q.Artisan != "" {
		if _, err := a.store.ArtisanBySlug(ctx, q.Artisan); fault.KindOf(err) == fault.NotFound {
			unknown, q.Artisan = append(unknown, "artisan"), ""
		} else if err != nil {
			return q, nil, err
		}
	}
	return q, unknown, nil
}
