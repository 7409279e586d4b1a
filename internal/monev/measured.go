package monev

import (
	"context"
	"time"

	"kriya/internal/sales"
)

// Measured is what the marketplace measured of an artisan's sales over a
// record's period, by the one sales definition, with the period it is
// compared against: the previous visit's period, or as many days right
// before for a first visit.
type Measured struct {
	From, To                 string // the record's period, last day included
	Online, Exhibition       sales.Figures
	PreviousFrom, PreviousTo string
	PreviousOnline           sales.Figures
	PreviousExhibition       sales.Figures
	At                       time.Time // when the figures were taken
}

// Total is the period's sales over both channels, as the dashboard shows
// them for the artisan.
func (m Measured) Total() sales.Figures { return m.Online.Add(m.Exhibition) }

// PreviousTotal is the compared period's sales over both channels.
func (m Measured) PreviousTotal() sales.Figures { return m.PreviousOnline.Add(m.PreviousExhibition) }

// Change is the percent change of net sales against the compared period;
// ok is false when that period sold nothing.
func (m Measured) Change() (pct float64, ok bool) {
	return sales.Change(m.Total().Net(), m.PreviousTotal().Net())
}

// Share is Kriya's share of the artisan's turnover: its online net omzet
// on the marketplace as a fraction of the turnover reported over the
// other channels plus that omzet. The reported turnover has no Kriya
// channel, so the omzet is added to it: the whole contains the part, and
// the share is never above 100%. ok is false when no turnover was
// reported, or there is none at all.
func (m Measured) Share(r Reported) (share float64, ok bool) {
	reported, answered := r.Turnover.Total()
	online := m.Online.Net()
	if !answered || reported+online <= 0 {
		return 0, false
	}
	return float64(online) / float64(reported+online), true
}

// SameFigures reports whether two measurements agree on every figure,
// whenever they were taken: how a submitted record knows that orders
// changed since.
func (m Measured) SameFigures(n Measured) bool {
	m.At, n.At = time.Time{}, time.Time{}
	return m == n
}

// SalesSource is where measured figures come from: the store's sales
// rollups, the one implementation of the sales definition that the
// dashboard, exports and API also read.
type SalesSource interface {
	SalesRows(ctx context.Context, group, from, to string, artisanID int64) ([]sales.Row, error)
}

// Measure takes a record's figures: its period's sales, split into the
// online shop and exhibition stands, and those of the period it is
// compared against — the previous visit's, or as many days right before
// for a first visit (previous nil).
func Measure(ctx context.Context, src SalesSource, v Visit, previous *Visit, now time.Time) (Measured, error) {
	m := Measured{From: v.PeriodFrom, To: v.PeriodTo, At: now}
	if previous != nil {
		m.PreviousFrom, m.PreviousTo = previous.PeriodFrom, previous.PeriodTo
	} else {
		p, err := sales.ParsePeriod(sales.PeriodCustom, v.PeriodFrom, v.PeriodTo, now)
		if err != nil {
			return m, err
		}
		prev := p.Previous()
		m.PreviousFrom, m.PreviousTo = sales.Day(prev.From), sales.Day(prev.Last())
	}
	var err error
	if m.Online, m.Exhibition, err = channelFigures(ctx, src, m.From, m.To, v.ArtisanID, now); err != nil {
		return m, err
	}
	m.PreviousOnline, m.PreviousExhibition, err = channelFigures(ctx, src, m.PreviousFrom, m.PreviousTo, v.ArtisanID, now)
	return m, err
}

// channelFigures splits an artisan's total for the days (last included)
// into what sold online and at exhibition stands (sales.Split).
func channelFigures(ctx context.Context, src SalesSource, first, last string, artisanID int64, now time.Time) (online, stands sales.Figures, err error) {
	p, err := sales.ParsePeriod(sales.PeriodCustom, first, last, now)
	if err != nil {
		return online, stands, err
	}
	return sales.Split(ctx, src, p, artisanID)
}

// Previous is the artisan's visit before v among its visits, or nil.
func Previous(v Visit, visits []Visit) *Visit {
	var prev *Visit
	for i, e := range visits {
		before := e.Day < v.Day || (e.Day == v.Day && e.ID < v.ID)
		if e.ID != v.ID && e.ArtisanID == v.ArtisanID && before && (prev == nil || e.Day > prev.Day || (e.Day == prev.Day && e.ID > prev.ID)) {
			prev = &visits[i]
		}
	}
	return prev
}
