package app

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"kriya/internal/catalog"
	"kriya/internal/exhibition"
	"kriya/internal/i18n"
	"kriya/internal/sales"
)

// RecapDays is how many days before and after an exhibition its recap
// sets each participant's online sales side by side: a month, what a
// council watches for an event's effect.
const RecapDays = 30

// Stands is an event's stand sales: every receipt with its corrections,
// and what the receipts that count add up to by day, artisan, category
// and payment method, named in the reader's language.
type Stands struct {
	Receipts   []exhibition.History
	ByDay      []exhibition.Total // in day order
	ByArtisan  []exhibition.Total // largest first
	ByCategory []exhibition.Total // largest first
	ByMethod   []exhibition.Total // in exhibition.Methods order
	Total      exhibition.Total
	Names      map[int64]string // the artisans' names, by id
}

// StandSales gathers an event's stand sales, of one artisan only unless
// artisanID is 0. The totals are exhibition.Tally's, which counts the
// versions the sales figures count.
func (a *App) StandSales(ctx context.Context, l *i18n.Localizer, e exhibition.Exhibition, artisanID int64) (Stands, error) {
	st := Stands{Names: map[int64]string{}}
	receipts, err := a.store.Receipts(ctx, e.ID, artisanID)
	if err != nil {
		return st, err
	}
	artisans, err := a.store.ArtisansByStatus(ctx, "")
	if err != nil {
		return st, err
	}
	cats, err := a.store.Categories(ctx)
	if err != nil {
		return st, err
	}
	artisan, category := map[string]string{}, map[string]string{}
	categoryOf := map[int64]string{}
	for _, art := range artisans {
		artisan[strconv.FormatInt(art.ID, 10)], st.Names[art.ID] = art.Name, art.Name
		categoryOf[art.ID] = strconv.FormatInt(art.CategoryID, 10)
	}
	for _, c := range cats {
		category[strconv.FormatInt(c.ID, 10)] = c.Name.In(l.Lang)
	}
	st.Receipts = exhibition.Histories(receipts)
	st.ByDay, st.Total = exhibition.Tally(receipts, exhibition.ByDay)
	st.ByArtisan, _ = exhibition.Tally(receipts, exhibition.ByArtisan)
	st.ByCategory, _ = exhibition.Tally(receipts, func(r exhibition.Receipt) string { return categoryOf[r.ArtisanID] })
	st.ByMethod, _ = exhibition.Tally(receipts, exhibition.ByMethod)
	for i, t := range st.ByDay {
		day, _ := time.ParseInLocation("2006-01-02", t.Key, sales.WITA)
		st.ByDay[i].Label = l.Date(day)
	}
	for i, t := range st.ByArtisan {
		st.ByArtisan[i].Label = cmp.Or(artisan[t.Key], t.Key)
	}
	for i, t := range st.ByCategory {
		st.ByCategory[i].Label = cmp.Or(category[t.Key], t.Key)
	}
	for i, t := range st.ByMethod {
		st.ByMethod[i].Label = l.T("exhibition.method." + t.Key)
	}
	slices.SortFunc(st.ByArtisan, largest)
	slices.SortFunc(st.ByCategory, largest)
	slices.SortFunc(st.ByMethod, func(a, b exhibition.Total) int {
		return cmp.Compare(slices.Index(exhibition.Methods, a.Key), slices.Index(exhibition.Methods, b.Key))
	})
	return st, nil
}

func largest(a, b exhibition.Total) int {
	return cmp.Or(cmp.Compare(b.Amount, a.Amount), strings.Compare(a.Label, b.Label))
}

// Recap is what a council files after an exhibition (a "Gelar Produk
// Potensial"): who took part, what the stands sold, and each
// participant's online sales in the days before the event and after it.
type Recap struct {
	Exhibition  exhibition.Exhibition
	Selected    []RecapParticipant // by stand sales, largest first
	Applied     int                // applications not decided
	NotSelected int
	Stands
	// The online sales windows (exhibition.Around): equal lengths, cut
	// short while the days after are running (Running).
	Before, After sales.Period
	Running       bool
}

// RecapParticipant is a selected artisan's line of a recap: its stand's
// sales and its online sales around the event.
type RecapParticipant struct {
	Artisan       catalog.Artisan
	Category      string
	Stand         exhibition.Total
	Before, After sales.Figures // online, in Recap.Before and Recap.After
}

// ExhibitionRecap gathers an event's recap, named in the reader's
// language. Online sales are the sales figures' own (sales.Split over the
// store's rollups), as the dashboard and monev records count them.
func (a *App) ExhibitionRecap(ctx context.Context, l *i18n.Localizer, e exhibition.Exhibition) (Recap, error) {
	r := Recap{Exhibition: e}
	r.Before, r.After, r.Running = e.Around(RecapDays, a.now())
	var err error
	if r.Stands, err = a.StandSales(ctx, l, e, 0); err != nil {
		return r, err
	}
	participants, err := a.store.Participants(ctx, e.ID)
	if err != nil {
		return r, err
	}
	artisans, err := a.store.ArtisansByStatus(ctx, "")
	if err != nil {
		return r, err
	}
	cats, err := a.store.Categories(ctx)
	if err != nil {
		return r, err
	}
	artisan, category := map[int64]catalog.Artisan{}, map[int64]string{}
	for _, art := range artisans {
		artisan[art.ID] = art
	}
	for _, c := range cats {
		category[c.ID] = c.Name.In(l.Lang)
	}
	stand := map[int64]exhibition.Total{}
	for _, t := range r.ByArtisan {
		id, _ := strconv.ParseInt(t.Key, 10, 64)
		stand[id] = t
	}
	for _, p := range participants {
		switch p.Status {
		case exhibition.Applied:
			r.Applied++
		case exhibition.NotSelected:
			r.NotSelected++
		case exhibition.Selected:
			art := artisan[p.ArtisanID]
			rp := RecapParticipant{Artisan: art, Category: category[art.CategoryID], Stand: stand[p.ArtisanID]}
			if rp.Before, _, err = sales.Split(ctx, a.store, r.Before, p.ArtisanID); err != nil {
				return r, err
			}
			if r.After.Days() > 0 {
				if rp.After, _, err = sales.Split(ctx, a.store, r.After, p.ArtisanID); err != nil {
					return r, err
				}
			}
			r.Selected = append(r.Selected, rp)
		}
	}
	slices.SortFunc(r.Selected, func(a, b RecapParticipant) int {
		return cmp.Or(cmp.Compare(b.Stand.Amount, a.Stand.Amount), strings.Compare(a.Artisan.Name, b.Artisan.Name))
	})
	return r, nil
}
