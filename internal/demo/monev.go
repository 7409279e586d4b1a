package demo

import (
	"context"
	"time"

	"kriya/internal/catalog"
	"kriya/internal/council"
	"kriya/internal/monev"
	"kriya/internal/sales"
)

// seedMonev records the council's visits to a few artisans, measured as
// the pages measure them: a locked record from five months ago and a
// submitted one from last month with its follow-ups (one overdue) for two
// artisans, a draft for a third, and none for the rest, who show as due.
func seedMonev(ctx context.Context, st Store, artisans []*catalog.Artisan, staffID, adminID int64, now time.Time) error {
	day := func(daysAgo int) string { return sales.Day(now.AddDate(0, 0, -daysAgo)) }
	var visits []monev.Visit
	record := func(a *catalog.Artisan, daysAgo int, kind string, i int, opened []monev.FollowUp, steps ...string) error {
		v := monev.Visit{ArtisanID: a.ID, Day: day(daysAgo), Kind: kind, CreatedBy: "demo",
			Team: []monev.TeamMember{{UserID: staffID, Role: "lead"}, {UserID: adminID, Role: "member"}}}
		prev := monev.Previous(v, visits)
		v.PeriodFrom, v.PeriodTo = monev.DefaultPeriod(v.Day, prev)
		v.Reported = reportedBy(a, i)
		v.Constraints = constraintsOf[i%len(constraintsOf)]
		v.Recommendations = "Ikuti pameran Dekranasda berikutnya dan perbarui foto produk di Kriya."
		if err := st.CreateVisit(ctx, &v); err != nil {
			return err
		}
		if err := st.SaveVisit(ctx, &v, opened); err != nil {
			return err
		}
		status := monev.Draft
		for _, next := range steps {
			var measured *monev.Measured
			by := staffID
			if next == monev.Submitted {
				m, err := monev.Measure(ctx, st, v, prev, now)
				if err != nil {
					return err
				}
				measured = &m
			} else {
				by = adminID
			}
			if err := st.ChangeVisitStatus(ctx, v.ID, status, next, by, measured); err != nil {
				return err
			}
			if next == monev.Verified {
				if err := numberVisit(ctx, st, v.ID, now); err != nil {
					return err
				}
			}
			status = next
		}
		v.Status = status
		visits = append(visits, v)
		return nil
	}
	for i, a := range artisans[:min(2, len(artisans))] {
		if err := record(a, 150, monev.KindRoutine, i, nil, monev.Submitted, monev.Verified, monev.Locked); err != nil {
			return err
		}
		opened := []monev.FollowUp{
			{Action: "training", Owner: "Bidang Pemasaran Dekranasda", DueOn: day(10), Status: monev.FollowUpOpen, Note: "Pelatihan foto produk"},
			{Action: "marketplace", Owner: "Ni Luh Putu Ayu", DueOn: day(-30), Status: monev.FollowUpInProgress},
		}
		if err := record(a, 40, monev.KindMentoring, i+1, opened, monev.Submitted); err != nil {
			return err
		}
	}
	if len(artisans) > 2 {
		return record(artisans[2], 3, monev.KindRoutine, 2, nil)
	}
	return nil
}

// numberVisit gives a verified demo record its number, as verification
// does (app.ChangeVisitStatus): the council's next of the year, by its
// scheme.
func numberVisit(ctx context.Context, st Store, visitID int64, now time.Time) error {
	c, err := st.Council(ctx, council.Home)
	if err != nil {
		return err
	}
	at := now.In(sales.WITA)
	if err := st.PrepareNumbers(ctx, c.ID, monev.DocumentKind, at.Year()); err != nil {
		return err
	}
	seq, err := st.NextNumber(ctx, c.ID, monev.DocumentKind, at.Year())
	if err != nil {
		return err
	}
	return st.NumberVisit(ctx, visitID, c.NumberScheme.Format(seq, at))
}

// reportedBy is what an artisan tells the officers, varied by visit; not
// every question gets an answer (export turnover, say, is often left out).
func reportedBy(a *catalog.Artisan, i int) monev.Reported {
	scale := int64(3 + i%3)
	r := monev.Reported{
		Workers:         monev.Workers{Total: new(scale + 2), Women: new(scale), Paid: new(scale + 1), Family: new(int64(2))},
		Capacity:        monev.Quantity{Amount: new(40 * scale), Unit: "pcs"},
		Output:          monev.Quantity{Amount: new(30 * scale), Unit: "pcs"},
		ProductionValue: new(9_000_000 * scale),
		Turnover: monev.Turnover{OwnShop: new(6_000_000 * scale), Gallery: new(int64(2_500_000)), Exhibitions: new(1_500_000 * scale),
			Marketplaces: new(int64(1_000_000))},
		Markets:      monev.Markets{Bali: new(true), ExportCountries: []string{"", "Australia", "Jepang"}[i%3]},
		Materials:    []monev.Material{{Type: materialOf(a), Origin: "Denpasar", Price: 150_000, Unit: "kg"}},
		Digital:      monev.Digital{SocialMedia: "Instagram, Facebook", Marketplaces: []string{"", "Tokopedia"}[i%2], QRIS: new(true)},
		PermitStatus: "NIB ada; sertifikat halal tidak diperlukan",
	}
	if i%2 == 0 {
		r.Markets.National = new(true)
		r.Turnover.Export = new(int64(0))
	}
	return r
}

func materialOf(a *catalog.Artisan) string {
	if a.Category != nil && a.Category.Slug != "" {
		return "Bahan " + a.Category.Name.ID
	}
	return "Bahan baku"
}

// constraintsOf are the kendala the officers hear most.
var constraintsOf = [][]monev.Constraint{
	{{Category: "materials", Severity: "high", Description: "Harga bahan baku naik sejak awal tahun; pasokan dari luar Bali sering terlambat."}},
	{{Category: "marketing", Severity: "medium", Description: "Belum punya foto produk yang baik untuk dijual daring."},
		{Category: "capital", Severity: "low", Description: "Modal kerja terbatas untuk pesanan besar."}},
	{{Category: "labour", Severity: "medium", Description: "Sulit mencari pengrajin muda yang mau belajar."}},
}
