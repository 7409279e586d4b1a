package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"kriya/internal/account"
	"kriya/internal/catalog"
	"kriya/internal/fault"
	"kriya/internal/i18n"
	"kriya/internal/ledger"
	"kriya/internal/mail"
	"kriya/internal/notify"
	"kriya/internal/order"
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

// Settle pays an artisan what the council owes it; the ledger refuses any
// payout above the balance, checked under the artisan's lock. A bank
// payout is recorded with the transfer staff made. A Connect payout is
// recorded first, with a money movement (idempotency key
// transfer-<entry>), and sent after commit: money never leaves before its
// ledger entry, and a provider that fails leaves it pending, retried.
// Problems come back as fault.Invalid field errors.
func (a *App) Settle(ctx context.Context, staff account.User, art catalog.Artisan, s Settlement) (pending bool, err error) {
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
		return false, err
	}
	entry := ledger.SettlementEntry(art.ID, s.Amount, s.Reference, a.now())
	entry.OrderNumber, entry.CreatedBy = s.OrderNumber, staff.Name
	var o order.Order
	if s.Connect {
		if o, err = a.store.OrderByNumber(ctx, s.OrderNumber); err != nil || a.card == nil || art.ConnectAccountID == "" || o.ChargeID == "" {
			return false, fault.Fields(map[string]string{"order": "balance.error.connect"})
		}
		entry.Reference = "Stripe Connect transfer"
	}
	var moving *payment.Movement
	err = a.store.Atomic(ctx, func(tx *store.Store) error {
		if err := tx.Settle(ctx, &entry); err != nil {
			return err
		}
		err := a.tellArtisan(ctx, tx, art.ID, notify.Payout, "/artisan/balance", func(l *i18n.Localizer) (string, string) {
			return l.T("notify.payout.title", "Amount", l.Rupiah(s.Amount)), l.T("notify.payout.body", "Amount", l.Rupiah(s.Amount), "Reference", entry.Reference)
		})
		if err != nil {
			return err
		}
		via := "bank"
		if s.Connect {
			via = "connect"
			artisanID := art.ID
			moving = &payment.Movement{Kind: payment.MovementTransfer, OrderNumber: o.Number, EntryID: &entry.ID, ArtisanID: &artisanID,
				Amount: s.Amount, Account: art.ConnectAccountID, SourceTransaction: o.ChargeID,
				IdempotencyKey: fmt.Sprintf("transfer-%d", entry.ID), CreatedBy: staff.Name}
			if err := tx.QueueMovement(ctx, moving); err != nil {
				return err
			}
		}
		return audit(ctx, tx, staff, "ledger.settle", "artisan", id(art.ID), fmt.Sprintf("%d via %s ref %s", s.Amount, via, entry.Reference))
	})
	if errors.Is(err, ledger.ErrExceedsBalance) || errors.Is(err, ledger.ErrNotPositive) {
		return false, fault.Fields(map[string]string{"amount": "balance.error.exceeds"})
	}
	if err != nil || moving == nil {
		return false, err
	}
	return !a.send(ctx, moving.ID), nil
}

// queueRefund records, in tx, the card refund of r to send after commit:
// one movement per card payment it returns money of, each no more than
// that payment can still give back (Stripe refunds a payment, not an
// order). Money held for nobody came with the later payments, so a refund
// with held money takes from the latest first; a refund of the sale, from
// the first.
func (a *App) queueRefund(ctx context.Context, tx *store.Store, o order.Order, r order.Refund, by string) ([]*payment.Movement, error) {
	payments, err := tx.OrderPayments(ctx, o.ID)
	if err != nil {
		return nil, err
	}
	sent, err := tx.Movements(ctx, o.Number)
	if err != nil {
		return nil, err
	}
	left := map[string]int64{}
	var refs []string
	for _, p := range payments {
		if p.Method == order.MethodStripe && p.Reference != "" {
			if _, seen := left[p.Reference]; !seen {
				refs = append(refs, p.Reference)
			}
			left[p.Reference] += p.Amount
		}
	}
	for _, m := range sent {
		if m.Kind == payment.MovementRefund {
			left[m.PaymentRef] -= m.Amount
		}
	}
	if r.Held > 0 {
		slices.Reverse(refs)
	}
	var ms []*payment.Movement
	amount := r.Amount
	for _, ref := range refs {
		take := min(amount, left[ref])
		if take <= 0 {
			continue
		}
		refundID := r.ID
		m := &payment.Movement{Kind: payment.MovementRefund, OrderNumber: o.Number, RefundID: &refundID, Amount: take,
			PaymentRef: ref, IdempotencyKey: fmt.Sprintf("refund-%d-%d", r.ID, len(ms)+1), CreatedBy: by}
		if err := tx.QueueMovement(ctx, m); err != nil {
			return nil, err
		}
		ms, amount = append(ms, m), amount-take
	}
	if amount > 0 {
		return nil, fmt.Errorf("refund %s: %d more than its card payments can give back: %w", o.Number, amount, order.ErrState)
	}
	return ms, nil
}

// sendAll tries each movement once, now, and reports whether any is still
// pending.
func (a *App) sendAll(ctx context.Context, ms []*payment.Movement) (pending bool) {
	for _, m := range ms {
		if !a.send(ctx, m.ID) {
			pending = true
		}
	}
	return pending
}

// movementLease is how long a movement being sent is hidden from other
// processes: longer than a provider call may take.
const movementLease = 2 * time.Minute

// send tries a movement once, now, and reports whether it went through.
// A failure is recorded on the movement (for staff, and for the next try
// by SendMovements), never returned: the change it belongs to stands.
func (a *App) send(ctx context.Context, id int64) bool {
	m, claimed, err := a.store.ClaimMovement(ctx, id, movementLease)
	if err != nil || !claimed {
		if err != nil {
			a.log.Error("money movement", "id", id, "err", err)
		}
		return m.Status == payment.MovementDone
	}
	var ref string
	switch m.Kind {
	case payment.MovementRefund:
		ref, err = a.card.Refund(ctx, payment.Refund{OrderNumber: m.OrderNumber, PaymentRef: m.PaymentRef, Amount: m.Amount, IdempotencyKey: m.IdempotencyKey})
	case payment.MovementTransfer:
		ref, err = a.card.Transfer(ctx, payment.Transfer{OrderNumber: m.OrderNumber, ArtisanAccount: m.Account, Amount: m.Amount,
			SourceTransaction: m.SourceTransaction, IdempotencyKey: m.IdempotencyKey})
	default:
		err = fmt.Errorf("unknown movement kind %q", m.Kind)
	}
	if err != nil {
		a.log.Warn("money movement not sent; will retry", "id", m.ID, "kind", m.Kind, "order", m.OrderNumber, "attempt", m.Attempts+1, "err", err)
		// Staff read the kind of failure (fault code); the details stay in the log.
		if err := a.store.MovementFailed(ctx, m.ID, fault.CodeOf(err), a.now().Add(mail.Backoff(m.Attempts+1))); err != nil {
			a.log.Error("money movement", "id", m.ID, "err", err)
		}
		return false
	}
	if err := a.store.MovementDone(ctx, m, ref); err != nil {
		// The money moved; the next try replays the same idempotency key
		// and gets the same answer, and records it then.
		a.log.Error("money movement done but not recorded", "id", m.ID, "ref", ref, "err", err)
		return false
	}
	return true
}

// SendMovements sends every money movement that is due; `kriya serve`
// runs it every minute in every process (claims keep them apart).
func (a *App) SendMovements(ctx context.Context) error {
	if a.card == nil {
		return nil
	}
	ids, err := a.store.DueMovements(ctx, 50)
	if err != nil {
		return err
	}
	for _, id := range ids {
		a.send(ctx, id)
	}
	return nil
}

// RetryMovement sends a pending movement now, for staff who know the
// provider is back; it reports whether it went through.
func (a *App) RetryMovement(ctx context.Context, staff account.User, id int64) (bool, error) {
	if a.card == nil {
		return false, fmt.Errorf("retry movement %d: %w", id, payment.ErrUnavailable)
	}
	if err := a.store.RetryMovementNow(ctx, id); err != nil {
		return false, err
	}
	done := a.send(ctx, id)
	return done, a.store.Audit(ctx, &account.AuditEntry{ActorID: staff.ID, ActorEmail: staff.Email, Action: "money.retry",
		ObjectType: "money_movement", ObjectID: strconv.FormatInt(id, 10), Details: fmt.Sprintf("done: %v", done)})
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
