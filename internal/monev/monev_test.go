package monev_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"kriya/internal/monev"
	"kriya/internal/sales"
)

func TestLifecycle(t *testing.T) {
	const submitter, other = 7, 8
	v := monev.Visit{Status: monev.Draft}
	for _, step := range []struct {
		action string
		by     int64
		want   string
		err    error
	}{
		{monev.ActionVerify, other, "", monev.ErrTransition},
		{monev.ActionLock, other, "", monev.ErrTransition},
		{monev.ActionSubmit, submitter, monev.Submitted, nil},
		{monev.ActionSubmit, submitter, "", monev.ErrTransition},
		{monev.ActionVerify, submitter, "", monev.ErrSameOfficer},
		{monev.ActionVerify, other, monev.Verified, nil},
		{monev.ActionLock, other, monev.Locked, nil},
		{monev.ActionLock, other, "", monev.ErrTransition},
		{"delete", other, "", monev.ErrTransition},
	} {
		next, err := v.Next(step.action, step.by)
		if next != step.want || !errors.Is(err, step.err) {
			t.Fatalf("%s in %s by %d = %q, %v; want %q, %v", step.action, v.Status, step.by, next, err, step.want, step.err)
		}
		if err == nil {
			v.Status = next
			if next == monev.Submitted {
				v.SubmittedBy = step.by
			}
		}
		if v.Editable() != (v.Status == monev.Draft || v.Status == monev.Submitted) {
			t.Errorf("%s editable = %v", v.Status, v.Editable())
		}
	}
}

func TestValidate(t *testing.T) {
	good := monev.Visit{Day: "2026-11-27", Kind: monev.KindRoutine, PeriodFrom: "2026-08-27", PeriodTo: "2026-11-26",
		Team:        []monev.TeamMember{{UserID: 1, Role: "lead"}},
		Reported:    monev.Reported{Workers: monev.Workers{Total: new(int64(5)), Women: new(int64(3)), Paid: new(int64(4)), Family: new(int64(1))}, Materials: []monev.Material{{Type: "perak", Price: 14500, Unit: "gram"}}},
		Constraints: []monev.Constraint{{Category: "materials", Severity: "high", Description: "harga naik"}}}
	if errs := good.Validate(); len(errs) != 0 {
		t.Fatalf("a good record is refused: %v", errs)
	}
	for name, c := range map[string]struct {
		change func(*monev.Visit)
		field  string
	}{
		"no team":                 {func(v *monev.Visit) { v.Team = nil }, "team"},
		"an officer twice":        {func(v *monev.Visit) { v.Team = append(v.Team, monev.TeamMember{UserID: 1, Role: "member"}) }, "team"},
		"period ends first":       {func(v *monev.Visit) { v.PeriodTo = "2026-08-01" }, "period_to"},
		"period after the visit":  {func(v *monev.Visit) { v.PeriodFrom, v.PeriodTo = "2026-12-01", "2026-12-31" }, "period_from"},
		"more women than workers": {func(v *monev.Visit) { v.Reported.Workers.Women = new(int64(9)) }, "workers"},
		"negative turnover":       {func(v *monev.Visit) { v.Reported.Turnover.Export = new(int64(-1)) }, "turnover"},
		"material without type":   {func(v *monev.Visit) { v.Reported.Materials[0].Type = "" }, "materials"},
		"unknown constraint":      {func(v *monev.Visit) { v.Constraints[0].Category = "weather" }, "constraints"},
		"constraint without text": {func(v *monev.Visit) { v.Constraints[0].Description = "" }, "constraints"},
		"period of ten years":     {func(v *monev.Visit) { v.PeriodFrom = "2016-11-01" }, "period_to"},
		"bad day":                 {func(v *monev.Visit) { v.Day = "27/11/2026" }, "day"},
	} {
		v := good
		v.Team = append([]monev.TeamMember(nil), good.Team...)
		v.Reported.Materials = append([]monev.Material(nil), good.Reported.Materials...)
		v.Constraints = append([]monev.Constraint(nil), good.Constraints...)
		c.change(&v)
		if errs := v.Validate(); errs[c.field] == "" {
			t.Errorf("%s: no error on %s (%v)", name, c.field, errs)
		}
	}
}

func TestDefaultPeriod(t *testing.T) {
	for _, c := range []struct{ day, previous, from, to string }{
		{"2026-11-27", "2026-08-14", "2026-08-14", "2026-11-26"},
		{"2026-11-27", "", "2026-08-27", "2026-11-26"},
		{"2026-11-27", "2026-11-27", "2026-08-27", "2026-11-26"}, // the same day is no period
		{"2026-03-01", "", "2025-12-01", "2026-02-28"},
	} {
		var previous *monev.Visit
		if c.previous != "" {
			previous = &monev.Visit{Day: c.previous}
		}
		from, to := monev.DefaultPeriod(c.day, previous)
		if from != c.from || to != c.to {
			t.Errorf("DefaultPeriod(%s, %q) = %s…%s, want %s…%s", c.day, c.previous, from, to, c.from, c.to)
		}
	}
}

func TestMeasured(t *testing.T) {
	m := monev.Measured{
		Online:         sales.Figures{Orders: 2, Units: 3, Gross: 1_500_000, Refunds: 500_000, OnlineNet: 1_000_000},
		Exhibition:     sales.Figures{Units: 1, Gross: 1_000_000},
		PreviousOnline: sales.Figures{Gross: 1_000_000},
		At:             time.Now(),
	}
	if got := m.Total(); got.Net() != 2_000_000 || got.Orders != 2 || got.Units != 4 {
		t.Errorf("Total = %+v", got)
	}
	if pct, ok := m.Change(); !ok || pct != 100 {
		t.Errorf("Change = %v, %v; want +100%%", pct, ok)
	}
	// The reported turnover has no Kriya channel: the share is of it plus
	// what sold on Kriya, so never above 100%.
	r := monev.Reported{Turnover: monev.Turnover{OwnShop: new(int64(5_000_000)), Marketplaces: new(int64(2_000_000))}}
	if share, ok := m.Share(r); !ok || share != 0.125 {
		t.Errorf("Share = %v, %v; want 0.125 (1,000,000 of 5,000,000 + 2,000,000 + 1,000,000)", share, ok)
	}
	if share, ok := m.Share(monev.Reported{Turnover: monev.Turnover{OwnShop: new(int64(0))}}); !ok || share != 1 {
		t.Errorf("Share with nothing sold elsewhere = %v, %v; want all of it", share, ok)
	}
	if _, ok := m.Share(monev.Reported{}); ok {
		t.Error("a share of a turnover nobody reported")
	}
	if total, ok := (monev.Turnover{Gallery: new(int64(0))}).Total(); !ok || total != 0 {
		t.Errorf("a turnover answered 0 = %d, %v; want 0, answered", total, ok)
	}
	later := m
	later.At = m.At.Add(time.Hour)
	if !m.SameFigures(later) {
		t.Error("the same figures taken later differ")
	}
	later.Online.Refunds++
	if m.SameFigures(later) {
		t.Error("a refund is not noticed")
	}
}

func TestCarried(t *testing.T) {
	v := monev.Visit{ID: 3}
	all := []monev.FollowUp{
		{ID: 1, VisitID: 1, Status: monev.FollowUpDone, UpdatedInVisit: 2}, // closed at an earlier visit
		{ID: 2, VisitID: 1, Status: monev.FollowUpOpen},                    // still open
		{ID: 3, VisitID: 2, Status: monev.FollowUpDone, UpdatedInVisit: 3}, // closed at this one
		{ID: 4, VisitID: 3, Status: monev.FollowUpCancelled},               // opened here
	}
	var ids []int64
	for _, f := range monev.Carried(v, all) {
		ids = append(ids, f.ID)
	}
	if len(ids) != 3 || ids[0] != 2 || ids[1] != 3 || ids[2] != 4 {
		t.Errorf("carried %v, want [2 3 4]", ids)
	}
}

func TestOverdue(t *testing.T) {
	f := monev.FollowUp{Status: monev.FollowUpInProgress, DueOn: "2026-11-30"}
	if f.Overdue("2026-11-30") || !f.Overdue("2026-12-01") {
		t.Error("overdue is not the day after the due day")
	}
	f.Status = monev.FollowUpDone
	if f.Overdue("2026-12-01") {
		t.Error("a done follow-up is overdue")
	}
}

func TestPrevious(t *testing.T) {
	visits := []monev.Visit{
		{ID: 1, ArtisanID: 1, Day: "2026-05-01"},
		{ID: 2, ArtisanID: 1, Day: "2026-08-01"},
		{ID: 3, ArtisanID: 2, Day: "2026-10-01"}, // another artisan
		{ID: 4, ArtisanID: 1, Day: "2026-11-27"},
		{ID: 5, ArtisanID: 1, Day: "2026-11-27"}, // a second visit the same day
	}
	for id, want := range map[int64]int64{1: 0, 2: 1, 4: 2, 5: 4} {
		v := visits[slices.IndexFunc(visits, func(v monev.Visit) bool { return v.ID == id })]
		got := monev.Previous(v, visits)
		if (got == nil && want != 0) || (got != nil && got.ID != want) {
			t.Errorf("Previous(%d) = %+v, want %d", id, got, want)
		}
	}
}
