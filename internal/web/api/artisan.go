package api

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"kriya/internal/app"
	"kriya/internal/catalog"
)

type apiListing struct {
	apiProduct
	ID            int64  `json:"id"`
	Status        string `json:"status"`
	ReviewReason  string `json:"review_reason,omitempty"`
	PendingChange bool   `json:"pending_change,omitempty"`
}

type apiNewListing struct {
	Title         string `json:"title"`
	TitleEN       string `json:"title_en"`
	Description   string `json:"description"`
	DescriptionEN string `json:"description_en"`
	Category      string `json:"category"`
	Material      string `json:"material"`
	WeightGrams   int    `json:"weight_grams"`
	SKUs          []struct {
		Label string `json:"label"`
		Price int64  `json:"price"`
		Stock int    `json:"stock"`
	} `json:"skus"`
}

type apiSKUPatch struct {
	Price *int64 `json:"price"`
	Stock *int   `json:"stock"`
}

func (api *API) listing(c *gin.Context, p catalog.Product) apiListing {
	out := apiListing{apiProduct: api.product1(c, p, true), ID: p.ID, Status: p.Status, ReviewReason: p.ReviewReason}
	if ch, err := api.store.LatestChange(c.Request.Context(), p.ID); err == nil && ch.Status == catalog.ChangePending {
		out.PendingChange = true
	}
	return out
}

// artisanProducts lists the artisan's own listings in every status.
func (api *API) artisanProducts(c *gin.Context) {
	ws := api.workspace(c)
	ps, err := api.store.ArtisanListings(c.Request.Context(), ws.Artisan.ID)
	if err != nil {
		api.fail(c, err)
		return
	}
	out := struct {
		Items []apiListing `json:"items"`
	}{Items: make([]apiListing, 0, len(ps))}
	for _, p := range ps {
		p.Artisan = &ws.Artisan
		out.Items = append(out.Items, api.listing(c, p))
	}
	c.JSON(http.StatusOK, out)
}

// createListing adds a listing; under curation it waits for staff.
func (api *API) createListing(c *gin.Context) {
	ctx := c.Request.Context()
	ws := api.workspace(c)
	var req apiNewListing
	if !api.readJSON(c, &req, "send a JSON listing: {\"title\", \"description\", \"category\", \"skus\":[{\"label\",\"price\",\"stock\"}]}") {
		return
	}
	p := catalog.Product{
		ArtisanID: ws.Artisan.ID,
		Title:     catalog.Text{ID: req.Title, EN: req.TitleEN}, Description: catalog.Text{ID: req.Description, EN: req.DescriptionEN},
		Material: catalog.Text{ID: req.Material}, WeightGrams: req.WeightGrams,
	}
	errs := catalog.FieldErrors{}
	if cat, err := api.store.CategoryBySlug(ctx, req.Category); err == nil {
		p.CategoryID, p.Category = cat.ID, &cat
	} else if !errors.Is(err, catalog.ErrNotFound) {
		api.fail(c, err)
		return
	}
	for _, k := range req.SKUs {
		p.SKUs = append(p.SKUs, catalog.SKU{Label: k.Label, Price: k.Price, Stock: k.Stock})
	}
	for k, v := range p.Validate() {
		errs[k] = v
	}
	if len(errs) > 0 {
		api.refuse(c, http.StatusUnprocessableEntity, codeInvalid, "the listing cannot be saved", errs)
		return
	}
	saved, _, err := api.app.SaveListing(ctx, ws, catalog.Product{}, p)
	if err != nil {
		api.fail(c, err)
		return
	}
	api.respondListing(c, http.StatusCreated, saved.ID)
}

// patchSKU changes one SKU's price or stock; a price change of a live
// listing waits for curation, which the answer shows.
func (api *API) patchSKU(c *gin.Context) {
	ctx := c.Request.Context()
	ws := api.workspace(c)
	var req apiSKUPatch
	if !api.readJSON(c, &req, `"price" and/or "stock"`) {
		return
	}
	if req.Price == nil && req.Stock == nil {
		api.refuse(c, http.StatusBadRequest, codeBadRequest, `send JSON with "price" and/or "stock"`, nil)
		return
	}
	sku, err := api.store.ArtisanSKU(ctx, ws.Artisan.ID, c.Param("sku"))
	if err != nil {
		api.fail(c, err)
		return
	}
	live, err := api.store.ArtisanListing(ctx, ws.Artisan.ID, sku.ProductID)
	if err != nil {
		api.fail(c, err)
		return
	}
	edited := live
	edited.SKUs = append([]catalog.SKU(nil), live.SKUs...)
	for i := range edited.SKUs {
		if edited.SKUs[i].ID == sku.ID {
			if req.Price != nil {
				edited.SKUs[i].Price = *req.Price
			}
			if req.Stock != nil {
				edited.SKUs[i].Stock = *req.Stock
			}
		}
	}
	if errs := edited.Validate(); len(errs) > 0 {
		api.refuse(c, http.StatusUnprocessableEntity, codeInvalid, "the SKU cannot be saved", errs)
		return
	}
	if _, _, err := api.app.SaveListing(ctx, ws, live, edited); err != nil {
		api.fail(c, err)
		return
	}
	api.respondListing(c, http.StatusOK, live.ID)
}

func (api *API) respondListing(c *gin.Context, status int, id int64) {
	ws := api.workspace(c)
	p, err := api.store.ArtisanListing(c.Request.Context(), ws.Artisan.ID, id)
	if err != nil {
		api.fail(c, err)
		return
	}
	p.Artisan = &ws.Artisan
	c.JSON(status, api.listing(c, p))
}

// workspace is the token holder's shop as the use cases know it: worked by
// its own artisan, never assisted (staff use the site for that).
func (api *API) workspace(c *gin.Context) app.Workspace {
	return app.Workspace{Artisan: currentArtisan(c), By: *currentUser(c)}
}
