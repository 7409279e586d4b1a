package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"kriya/internal/monev"
	"kriya/internal/sales"
	"kriya/internal/validate"
)

// apiVisit is a monev record for integrations: the visit, what was
// measured (frozen once submitted) and what was reported about turnover.
type apiVisit struct {
	ID         int64        `json:"id"`
	Artisan    string       `json:"artisan"`
	Day        string       `json:"day"`
	Kind       string       `json:"kind"`
	Status     string       `json:"status"`
	PeriodFrom string       `json:"period_from"`
	PeriodTo   string       `json:"period_to"`
	Frozen     bool         `json:"frozen"`
	Measured   *apiMeasured `json:"measured,omitempty"`
	// ReportedTurnover is null when the artisan answered no turnover
	// question, which is not a turnover of 0.
	ReportedTurnover *int64 `json:"reported_turnover"`
	Constraints      int    `json:"constraints"`
	// Number is the record's document number, given at verification.
	Number string `json:"number,omitempty"`
}

type apiMeasured struct {
	Online     apiSalesRow `json:"online"`
	Exhibition apiSalesRow `json:"exhibition"`
	Total      apiSalesRow `json:"total"`
}

func apiVisit1(v monev.Visit, artisanSlug string) apiVisit {
	out := apiVisit{ID: v.ID, Artisan: artisanSlug, Day: v.Day, Kind: v.Kind, Status: v.Status, PeriodFrom: v.PeriodFrom,
		PeriodTo: v.PeriodTo, Frozen: v.Measured != nil, Constraints: len(v.Constraints), Number: v.Number}
	if total, ok := v.Reported.Turnover.Total(); ok {
		out.ReportedTurnover = &total
	}
	if m := v.Measured; m != nil {
		out.Measured = &apiMeasured{
			Online:     apiSalesRow1(sales.Row{Key: sales.ChannelOnline, Figures: m.Online}),
			Exhibition: apiSalesRow1(sales.Row{Key: "exhibition", Figures: m.Exhibition}),
			Total:      apiSalesRow1(sales.Row{Key: "total", Figures: m.Total()}),
		}
	}
	return out
}

// councilVisits lists records by visit day for staff:
// GET /api/v1/council/visits?from=&to=&artisan=SLUG.
func (api *API) councilVisits(c *gin.Context) {
	ctx := c.Request.Context()
	f := monev.Filter{From: validate.DayOrNone(c.Query("from")), To: validate.DayOrNone(c.Query("to"))}
	if slug := c.Query("artisan"); slug != "" {
		a, err := api.store.ArtisanBySlug(ctx, slug)
		if err != nil {
			api.fail(c, err)
			return
		}
		f.ArtisanID = a.ID
	}
	api.visits(c, f)
}

// artisanVisits lists the artisan's own submitted records.
func (api *API) artisanVisits(c *gin.Context) {
	api.visits(c, monev.Filter{ArtisanID: currentArtisan(c).ID, Statuses: []string{monev.Submitted, monev.Verified, monev.Locked}})
}

func (api *API) visits(c *gin.Context, f monev.Filter) {
	ctx := c.Request.Context()
	vs, err := api.store.Visits(ctx, f)
	if err != nil {
		api.fail(c, err)
		return
	}
	as, err := api.store.ArtisansByStatus(ctx, "")
	if err != nil {
		api.fail(c, err)
		return
	}
	slugs := map[int64]string{}
	for _, a := range as {
		slugs[a.ID] = a.Slug
	}
	out := struct {
		Items []apiVisit `json:"items"`
	}{Items: make([]apiVisit, 0, len(vs))}
	for _, v := range vs {
		out.Items = append(out.Items, apiVisit1(v, slugs[v.ArtisanID]))
	}
	c.JSON(http.StatusOK, out)
}
