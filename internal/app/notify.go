package app

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"kriya/internal/account"
	"kriya/internal/i18n"
	"kriya/internal/mail"
	"kriya/internal/notify"
	"kriya/internal/order"
	"kriya/internal/store"
)

// tellArtisan records a notification of kind for an artisan in tx, the
// transaction of its event, so an event is told once or not at all. Its
// words are written by say in the language of the artisan's account. It
// is e-mailed at once when the artisan chose so; SendDigests gathers
// those that wait for the digest.
func (a *App) tellArtisan(ctx context.Context, tx *store.Store, artisanID int64, kind, link string, say func(l *i18n.Localizer) (title, body string)) error {
	accounts, err := tx.ArtisanAccounts(ctx, artisanID)
	if err != nil {
		return err
	}
	settings, err := tx.NotifySettings(ctx, artisanID)
	if err != nil {
		return err
	}
	l := a.i18n.For(accountLang(accounts))
	title, body := say(l)
	n := notify.Notification{ArtisanID: artisanID, Kind: kind, Title: title, Body: body, Link: link, Mail: settings.Mail(kind)}
	if len(accounts) == 0 {
		n.Mail = notify.MailNone // nobody to write to yet
	}
	if err := tx.Notify(ctx, &n); err != nil {
		return err
	}
	if n.Mail != notify.MailSent {
		return nil
	}
	for _, u := range accounts {
		m := mail.Message{To: u.Email, Subject: title, Text: l.T("notify.mail.body", "Name", u.Name, "Body", body,
			"URL", a.cfg.BaseURL+link, "Settings", a.cfg.BaseURL+"/artisan/notifications")}
		if err := tx.Enqueue(ctx, m); err != nil {
			return err
		}
	}
	return nil
}

// accountLang is the language an artisan is written to in: its first
// account's.
func accountLang(accounts []account.User) string {
	if len(accounts) > 0 && i18n.Supported(accounts[0].Lang) {
		return accounts[0].Lang
	}
	return i18n.Default
}

// tellOrderPaid tells each artisan of a paid order what to pack and by
// when, and which of the SKUs sold are running low, in tx.
func (a *App) tellOrderPaid(ctx context.Context, tx *store.Store, o order.Order) error {
	var productIDs, skuIDs []int64
	for _, li := range o.Lines {
		productIDs, skuIDs = append(productIDs, li.ProductID), append(skuIDs, li.SKUID)
	}
	days, err := tx.ProcessingDays(ctx, productIDs)
	if err != nil {
		return err
	}
	paid := a.now()
	if o.PaidAt != nil {
		paid = *o.PaidAt
	}
	for _, f := range o.Fulfilments {
		var items []string
		longest := 0
		for _, li := range o.Lines {
			if li.ArtisanID == f.ArtisanID && !li.Cancelled {
				items = append(items, fmt.Sprintf("%d × %s", li.Quantity, strings.TrimSuffix(li.Title+" — "+li.Label, " — ")))
				longest = max(longest, days[li.ProductID])
			}
		}
		if len(items) == 0 {
			continue
		}
		shipBy := paid.AddDate(0, 0, order.HandlingDays+longest)
		place := strings.Join(slices.DeleteFunc([]string{o.Address.Kecamatan, o.Address.City, o.Address.Country},
			func(s string) bool { return s == "" || s == "ID" }), ", ")
		if place != "" {
			place = " — " + place
		}
		err := a.tellArtisan(ctx, tx, f.ArtisanID, notify.OrderPaid, fmt.Sprintf("/artisan/orders/%d", f.ID), func(l *i18n.Localizer) (string, string) {
			return l.T("notify.order_paid.title", "Number", o.Number),
				l.T("notify.order_paid.body", "Number", o.Number, "Items", "- "+strings.Join(items, "\n- "), "By", l.Date(shipBy),
					"Delivery", l.T("zone."+f.Zone), "Place", place)
		})
		if err != nil {
			return err
		}
	}
	return a.tellRunningLow(ctx, tx, skuIDs)
}

// tellRunningLow tells artisans which of skuIDs fell to their restock
// threshold, once per fall.
func (a *App) tellRunningLow(ctx context.Context, tx *store.Store, skuIDs []int64) error {
	low, err := tx.RunningLow(ctx, skuIDs)
	if err != nil || len(low) == 0 {
		return err
	}
	byArtisan := map[int64][]notify.LowSKU{}
	for _, k := range low {
		byArtisan[k.ArtisanID] = append(byArtisan[k.ArtisanID], k)
	}
	artisans := make([]int64, 0, len(byArtisan))
	for id := range byArtisan {
		artisans = append(artisans, id)
	}
	slices.Sort(artisans)
	for _, artisanID := range artisans {
		skus := byArtisan[artisanID]
		err := a.tellArtisan(ctx, tx, artisanID, notify.LowStock, "/artisan/products", func(l *i18n.Localizer) (string, string) {
			var lines []string
			for _, k := range skus {
				lines = append(lines, l.T("notify.low_stock.line", "Name", k.Name(l.Lang), "Code", k.Code, "Stock", k.Stock))
			}
			return l.T("notify.low_stock.title", "Count", len(skus)), l.T("notify.low_stock.body", "Lines", strings.Join(lines, "\n"))
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// tellListingDecided tells an artisan that staff approved its listing or
// change, or sent it back with their reason.
func (a *App) tellListingDecided(ctx context.Context, tx *store.Store, productID int64, approved bool, reason string) error {
	p, err := tx.Listing(ctx, productID)
	if err != nil {
		return err
	}
	outcome := "approved"
	if !approved {
		outcome = "returned"
	}
	return a.tellArtisan(ctx, tx, p.ArtisanID, notify.Listing, fmt.Sprintf("/artisan/products/%d", p.ID), func(l *i18n.Localizer) (string, string) {
		title := p.Title.In(l.Lang)
		return l.T("notify.listing."+outcome+".title", "Title", title), l.T("notify.listing."+outcome+".body", "Title", title, "Reason", reason)
	})
}

// SendDigests e-mails each artisan, once, the notifications that waited
// for the digest and happened before today (in Bali): yesterday's events
// go out together this morning. Several processes may run it: a digest is
// taken whole by one of them, with its e-mails, in one transaction.
func (a *App) SendDigests(ctx context.Context) error {
	due, err := a.store.DigestsDue(ctx, notify.DigestCutoff(a.now(), i18n.WITA))
	if err != nil {
		return err
	}
	for artisanID, ns := range due {
		err := a.store.Atomic(ctx, func(tx *store.Store) error {
			ids := make([]int64, len(ns))
			for i, n := range ns {
				ids[i] = n.ID
			}
			if took, err := tx.TakeForDigest(ctx, ids); err != nil || !took {
				if err == nil {
					err = errDigestTaken
				}
				return err
			}
			accounts, err := tx.ArtisanAccounts(ctx, artisanID)
			if err != nil {
				return err
			}
			l := a.i18n.For(accountLang(accounts))
			var parts []string
			for _, n := range ns {
				parts = append(parts, "• "+n.Title+" ("+l.DateTime(n.CreatedAt)+")\n"+n.Body+"\n"+a.cfg.BaseURL+n.Link)
			}
			for _, u := range accounts {
				m := mail.Message{To: u.Email, Subject: l.T("notify.digest.subject", "Count", len(ns)),
					Text: l.T("notify.digest.body", "Name", u.Name, "Items", strings.Join(parts, "\n\n"), "Settings", a.cfg.BaseURL+"/artisan/notifications")}
				if err := tx.Enqueue(ctx, m); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil && err != errDigestTaken {
			return err
		}
	}
	return nil
}

// errDigestTaken undoes a digest another process sent first.
var errDigestTaken = fmt.Errorf("digest taken by another process")

// SaveNotifySettings keeps how an artisan wants to hear of each kind.
func (a *App) SaveNotifySettings(ctx context.Context, ws Workspace, settings notify.Settings) error {
	if err := settings.Validate(); err != nil {
		return err
	}
	return a.store.SaveNotifySettings(ctx, ws.Artisan.ID, settings)
}

// Notifications are an artisan's latest notifications; showing them marks
// them read.
func (a *App) Notifications(ctx context.Context, ws Workspace) ([]notify.Notification, error) {
	ns, err := a.store.Notifications(ctx, ws.Artisan.ID, 100)
	if err != nil || len(ns) == 0 || ws.Assisted {
		return ns, err // staff helping the artisan do not read its news for it
	}
	return ns, a.store.MarkNotificationsRead(ctx, ws.Artisan.ID, ns[0].ID)
}
