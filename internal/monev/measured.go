package monev

import (
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

// Share is the marketplace's share of the turnover the artisan reported:
// the online net omzet as a fraction of the reported total. ok is false
// when nothing was reported.
func (m Measured) Share(r Reported) (share float64, ok bool) {
	total := r.Turnover.Total()
	if total <= 0 {
		return 0, false
	}
	return float64(m.Online.Net()) / float64(total), true
}

// SameFigures reports whether two measurements agree on every figure,
// whenever they were taken: how a submitted record knows that orders
// changed since.
func (m Measured) SameFigures(n Measured) bool {
	m.At, n.At = time.Time{}, time.Time{}
	return m == n
}
