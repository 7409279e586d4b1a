package app

import (
	"context"
	"strings"

	"kriya/internal/council"
	"kriya/internal/i18n"
	"kriya/internal/mail"
	"kriya/internal/order"
	"kriya/internal/store"
)

// tellBuyer queues the e-mail of an order event (placed, paid, shipped,
// cancelled, expired, refunded) in tx, the transaction of the event: in
// the buyer's language, with the signed link to the order, signed by the
// council and with its bank accounts as its settings are now.
func (a *App) tellBuyer(ctx context.Context, tx *store.Store, event string, o order.Order) error {
	c, err := tx.Council(ctx, council.Home)
	if err != nil {
		return err
	}
	return tx.Enqueue(ctx, a.orderMail(event, o, c))
}

// message is an e-mail in the recipient's language (the default when
// theirs is not supported), from the messages subject and body of id.
func (a *App) message(to, lang, id string, pairs ...any) mail.Message {
	if !i18n.Supported(lang) {
		lang = i18n.Default
	}
	l := a.i18n.For(lang)
	return mail.Message{To: to, Subject: l.T(id + ".subject"), Text: l.T(id+".body", pairs...)}
}

func (a *App) orderMail(event string, o order.Order, c council.Council) mail.Message {
	l := a.i18n.For(o.Lang)
	var tracking []string
	for _, f := range o.Fulfilments {
		if f.Tracking != "" {
			tracking = append(tracking, f.ArtisanName+": "+f.Courier+" "+f.Tracking)
		}
	}
	return mail.Message{
		To:      o.Email,
		Subject: l.T("email.order."+event+".subject", "Number", o.Number),
		Text: l.T("email.order."+event+".body", "Name", o.Name, "Number", o.Number, "Total", l.Rupiah(o.Total),
			"URL", a.cfg.BaseURL+a.OrderLink(o.Number), "Council", c.Name, "Bank", strings.Join(c.BankAccounts, "\n"), "Deadline", l.DateTime(o.ExpiresAt),
			"Tracking", strings.Join(tracking, "\n")),
	}
}
