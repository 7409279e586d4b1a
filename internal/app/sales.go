package app

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"kriya/internal/i18n"
	"kriya/internal/sales"
	"kriya/internal/wilayah"
)

// SalesDefinition is the omzet definition printed with every export, in
// the reader's language.
func SalesDefinition(l *i18n.Localizer) string { return l.T("sales.definition") }

// SalesReport is the one way pages, exports and the API get a breakdown:
// rows from the store's rollups, named in the reader's language and
// sorted (months in order, everything else by net sales, largest first).
// The empty group gives one row, the period's total.
func (a *App) SalesReport(ctx context.Context, l *i18n.Localizer, group string, p sales.Period, artisanID int64) ([]sales.Row, error) {
	rows, err := a.store.SalesRows(ctx, group, sales.Day(p.From), sales.Day(p.To), artisanID)
	if err != nil {
		return nil, err
	}
	if err := a.labelRows(ctx, l, group, rows); err != nil {
		return nil, err
	}
	if group == sales.ByMonth {
		slices.SortFunc(rows, func(a, b sales.Row) int { return strings.Compare(a.Key, b.Key) })
	} else {
		slices.SortFunc(rows, func(a, b sales.Row) int {
			return cmp.Or(cmp.Compare(b.Net(), a.Net()), strings.Compare(a.Label, b.Label))
		})
	}
	return rows, nil
}

// SalesTotal is a period's total figures.
func (a *App) SalesTotal(ctx context.Context, l *i18n.Localizer, p sales.Period, artisanID int64) (sales.Figures, error) {
	rows, err := a.SalesReport(ctx, l, "", p, artisanID)
	if err != nil || len(rows) == 0 {
		return sales.Figures{}, err
	}
	return rows[0].Figures, nil
}

// GroupTotal is the total row of a breakdown: its rows added up, with the
// period's distinct orders (an order with two artisans is one order).
// Products carry no orders, so their total has none either.
func GroupTotal(group string, rows []sales.Row, total sales.Figures) sales.Figures {
	var sum sales.Figures
	for _, r := range rows {
		sum = sum.Add(r.Figures)
	}
	if group != sales.ByProduct {
		sum.Orders = total.Orders
	}
	return sum
}

// labelRows names each row's key for people.
func (a *App) labelRows(ctx context.Context, l *i18n.Localizer, group string, rows []sales.Row) error {
	names := map[string]string{}
	switch group {
	case sales.ByArtisan:
		as, err := a.store.ArtisansByStatus(ctx, "")
		if err != nil {
			return err
		}
		for _, art := range as {
			names[strconv.FormatInt(art.ID, 10)] = art.Name
		}
	case sales.ByCategory:
		cats, err := a.store.Categories(ctx)
		if err != nil {
			return err
		}
		for _, c := range cats {
			names[strconv.FormatInt(c.ID, 10)] = c.Name.In(l.Lang)
		}
	case sales.ByChannel:
		es, err := a.store.Exhibitions(ctx)
		if err != nil {
			return err
		}
		names[sales.ChannelOnline] = l.T("sales.channel.online")
		for _, e := range es {
			names[sales.ExhibitionChannel(e.ID)] = l.T("sales.channel.exhibition", "Name", e.Name)
		}
	case sales.ByProduct:
		var ids []int64
		for _, r := range rows {
			id, _ := strconv.ParseInt(r.Key, 10, 64)
			ids = append(ids, id)
		}
		titles, err := a.store.ProductTitles(ctx, ids)
		if err != nil {
			return err
		}
		for id, t := range titles {
			names[strconv.FormatInt(id, 10)] = t.In(l.Lang)
		}
	}
	for i := range rows {
		k := rows[i].Key
		switch group {
		case sales.ByKecamatan:
			rows[i].Label = cmp.Or(wilayah.Name(k), k)
		case sales.ByRegion:
			rows[i].Label = l.T("sales.region." + k)
		case sales.ByMonth:
			if t, err := time.Parse("2006-01", k); err == nil {
				rows[i].Label = strings.TrimPrefix(l.Date(t.Add(12*time.Hour)), "1 ")
			}
		case "":
			rows[i].Label = l.T("sales.total")
		default:
			rows[i].Label = cmp.Or(names[k], k)
		}
	}
	return nil
}
