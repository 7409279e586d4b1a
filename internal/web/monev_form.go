package web

import (
	"cmp"
	"net/url"
	"strconv"
	"strings"

	"kriya/internal/catalog"
	"kriya/internal/monev"
)

// The record's form is read back exactly as typed, so a refused form shows
// everything again: repeated rows (materials, constraints, follow-ups) are
// fields named prefix+column, one value per row.

// visitValues is a record as its form's values.
func visitValues(v monev.Visit, opened []monev.FollowUp) url.Values {
	r := v.Reported
	// An unanswered question is an empty field, an answered one shows its
	// answer, 0 and "no" included.
	money := func(n *int64) string {
		if n == nil {
			return ""
		}
		return strconv.FormatInt(*n, 10)
	}
	check := func(b *bool) string {
		switch {
		case b == nil:
			return ""
		case *b:
			return "1"
		}
		return "0"
	}
	vals := url.Values{
		"day": {v.Day}, "kind": {v.Kind}, "period_from": {v.PeriodFrom}, "period_to": {v.PeriodTo},
		"workers_total": {money(r.Workers.Total)}, "workers_women": {money(r.Workers.Women)},
		"workers_paid": {money(r.Workers.Paid)}, "workers_family": {money(r.Workers.Family)},
		"capacity_amount": {money(r.Capacity.Amount)}, "capacity_unit": {r.Capacity.Unit},
		"output_amount": {money(r.Output.Amount)}, "output_unit": {r.Output.Unit},
		"production_value":  {money(r.ProductionValue)},
		"turnover_own_shop": {money(r.Turnover.OwnShop)}, "turnover_gallery": {money(r.Turnover.Gallery)},
		"turnover_exhibitions": {money(r.Turnover.Exhibitions)}, "turnover_marketplaces": {money(r.Turnover.Marketplaces)},
		"turnover_export": {money(r.Turnover.Export)},
		"market_bali":     {check(r.Markets.Bali)}, "market_national": {check(r.Markets.National)},
		"export_countries": {r.Markets.ExportCountries}, "export_value": {money(r.Markets.ExportValue)},
		"social_media": {r.Digital.SocialMedia}, "other_marketplaces": {r.Digital.Marketplaces}, "qris": {check(r.Digital.QRIS)},
		"permit_status": {r.PermitStatus}, "recommendations": {v.Recommendations},
	}
	for _, m := range v.Team {
		vals.Set("team_"+i64(m.UserID), m.Role)
	}
	for _, m := range r.Materials {
		vals.Add("material_type", m.Type)
		vals.Add("material_origin", m.Origin)
		vals.Add("material_price", money(&m.Price))
		vals.Add("material_unit", m.Unit)
	}
	for _, c := range v.Constraints {
		vals.Add("constraint_category", c.Category)
		vals.Add("constraint_severity", c.Severity)
		vals.Add("constraint_description", c.Description)
	}
	for _, f := range opened {
		vals.Add("fu_id", i64(f.ID))
		vals.Add("fu_action", f.Action)
		vals.Add("fu_owner", f.Owner)
		vals.Add("fu_due", f.DueOn)
		vals.Add("fu_status", f.Status)
		vals.Add("fu_note", f.Note)
	}
	return vals
}

// parseVisit reads the form into the record (keeping what the form does
// not hold) and the follow-ups it opens. A number that cannot be read is
// an error on its group of fields; an empty field is a question the
// artisan did not answer (nil), not a zero.
func parseVisit(f *form, v monev.Visit) (monev.Visit, []monev.FollowUp) {
	number := func(field, group string) *int64 {
		s := f.Get(field)
		if s == "" {
			return nil
		}
		n, err := catalog.ParseRupiah(s)
		f.Check(err == nil, group, "monev.error.number")
		return &n
	}
	answer := func(field string) *bool {
		switch f.Get(field) {
		case "1":
			return new(true)
		case "0":
			return new(false)
		}
		return nil
	}
	v.Day, v.Kind, v.PeriodFrom, v.PeriodTo = f.Get("day"), f.Get("kind"), f.Get("period_from"), f.Get("period_to")
	v.Team = nil
	for key, vals := range f.Values {
		id, ok := strings.CutPrefix(key, "team_")
		userID, err := strconv.ParseInt(id, 10, 64)
		if ok && err == nil && len(vals) > 0 && vals[0] != "" {
			v.Team = append(v.Team, monev.TeamMember{UserID: userID, Role: vals[0]})
		}
	}
	r := &v.Reported
	r.Workers = monev.Workers{Total: number("workers_total", "workers"), Women: number("workers_women", "workers"),
		Paid: number("workers_paid", "workers"), Family: number("workers_family", "workers")}
	r.Capacity = monev.Quantity{Amount: number("capacity_amount", "production"), Unit: f.Get("capacity_unit")}
	r.Output = monev.Quantity{Amount: number("output_amount", "production"), Unit: f.Get("output_unit")}
	r.ProductionValue = number("production_value", "production")
	r.Turnover = monev.Turnover{OwnShop: number("turnover_own_shop", "turnover"), Gallery: number("turnover_gallery", "turnover"),
		Exhibitions: number("turnover_exhibitions", "turnover"), Marketplaces: number("turnover_marketplaces", "turnover"),
		Export: number("turnover_export", "turnover")}
	r.Markets = monev.Markets{Bali: answer("market_bali"), National: answer("market_national"),
		ExportCountries: f.Get("export_countries"), ExportValue: number("export_value", "markets")}
	r.Digital = monev.Digital{SocialMedia: f.Get("social_media"), Marketplaces: f.Get("other_marketplaces"), QRIS: answer("qris")}
	r.PermitStatus = f.Get("permit_status")
	r.Materials = nil
	for _, row := range formRows(f.Values, "material_", []string{"type", "origin", "price", "unit"}, 0) {
		if blank(row) {
			continue
		}
		price, err := catalog.ParseRupiah(cmp.Or(row.Get("price"), "0"))
		f.Check(err == nil, "materials", "monev.error.number")
		r.Materials = append(r.Materials, monev.Material{Type: row.Get("type"), Origin: row.Get("origin"), Price: price, Unit: row.Get("unit")})
	}
	v.Constraints = nil
	for _, row := range formRows(f.Values, "constraint_", []string{"category", "severity", "description"}, 0) {
		if row.Get("description") == "" && row.Get("category") == "" {
			continue
		}
		v.Constraints = append(v.Constraints, monev.Constraint{Category: row.Get("category"), Severity: row.Get("severity"), Description: row.Get("description")})
	}
	v.Recommendations = f.Get("recommendations")
	var opened []monev.FollowUp
	for _, row := range formRows(f.Values, "fu_", []string{"id", "action", "owner", "due", "status", "note"}, 0) {
		if row.Get("action") == "" && row.Get("owner") == "" && row.Get("id") == "" {
			continue
		}
		id, _ := strconv.ParseInt(row.Get("id"), 10, 64)
		opened = append(opened, monev.FollowUp{ID: id, Action: row.Get("action"), Owner: row.Get("owner"), DueOn: row.Get("due"),
			Status: cmp.Or(row.Get("status"), monev.FollowUpOpen), Note: row.Get("note")})
	}
	return v, opened
}

// formRows gathers repeated fields into rows, one url.Values per row with
// the columns as keys, and adds blank rows to fill in.
func formRows(vals url.Values, prefix string, columns []string, blanks int) []url.Values {
	n := 0
	for _, col := range columns {
		n = max(n, len(vals[prefix+col]))
	}
	rows := make([]url.Values, n+blanks)
	for i := range rows {
		rows[i] = url.Values{}
		for _, col := range columns {
			if i < len(vals[prefix+col]) {
				rows[i].Set(col, strings.TrimSpace(vals[prefix+col][i]))
			}
		}
	}
	return rows
}

func blank(row url.Values) bool {
	for _, v := range row {
		if len(v) > 0 && v[0] != "" {
			return false
		}
	}
	return true
}
