// Package app is Kriya's application layer: every use case — place an
// order, confirm a payment, save a listing, change an artisan's status,
// record a stand sale, submit a monev record — written once, with plain
// inputs and domain results, for the HTML site (web) and the JSON API
// (web/api) alike. Neither knows the other; both call this.
//
// A use case's change, its audit entry and the e-mail it sends are
// written in one transaction (store.Atomic): a change that commits always
// has its audit row and its e-mail, one that rolls back has neither.
// Errors carry a fault.Kind, which each front end turns into a status.
package app

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"kriya/internal/account"
	"kriya/internal/config"
	"kriya/internal/i18n"
	"kriya/internal/order"
	"kriya/internal/payment"
	"kriya/internal/store"
)

// App runs the use cases. Build it with New; it is safe for concurrent use.
type App struct {
	cfg     config.Config
	store   *store.Store
	card    payment.Card // nil when card payments are not configured
	log     *slog.Logger
	i18n    *i18n.Bundle
	linkKey []byte // signs buyers' order links; loaded at start, never inside a transaction
	now     func() time.Time
}

// Deps is what the application is built from; run wires it.
type Deps struct {
	Config config.Config
	Store  *store.Store
	Card   payment.Card // nil: the store sells by bank transfer only
	Log    *slog.Logger
	Now    func() time.Time // nil: the clock
}

// New prepares the application: messages for e-mails and the key that
// signs order links are loaded once, here. On the first start it also
// creates the council's settings, with the bank account and commission
// of the configuration; after that they are the admins' to change, and
// the configuration's values are not read again.
func New(ctx context.Context, d Deps) (*App, error) {
	bundle, err := i18n.NewBundle()
	if err != nil {
		return nil, err
	}
	key, err := d.Store.Secret(ctx, "order-links")
	if err != nil {
		return nil, fmt.Errorf("app: order link key: %w", err)
	}
	if err := d.Store.EnsureCouncil(ctx, d.Config.FirstRun()); err != nil {
		return nil, fmt.Errorf("app: council: %w", err)
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	if d.Config.OrderLimits == (order.Limits{}) { // a Config not from config.Load
		d.Config.OrderLimits = order.DefaultLimits
	}
	return &App{cfg: d.Config, store: d.Store, card: d.Card, log: d.Log, i18n: bundle, linkKey: key, now: d.Now}, nil
}

// audit writes the entry of an action by actor in the transaction of the
// action itself.
func audit(ctx context.Context, tx *store.Store, actor account.User, action, objectType, objectID, details string) error {
	return tx.Audit(ctx, &account.AuditEntry{
		ActorID: actor.ID, ActorEmail: actor.Email, Action: action,
		ObjectType: objectType, ObjectID: objectID, Details: details,
	})
}
