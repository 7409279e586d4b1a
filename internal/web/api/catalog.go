package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"kriya/internal/catalog"
	"kriya/internal/media"
	"kriya/internal/wilayah"
)

// The JSON shapes below are the public API of DESIGN.md; extend them, never
// rename or remove a field.

type apiProductList struct {
	Items   []apiProduct `json:"items"`
	Total   int64        `json:"total"`
	Page    int          `json:"page"`
	PerPage int          `json:"per_page"`
}

type apiProduct struct {
	Slug        string        `json:"slug"`
	Title       string        `json:"title"`
	Price       int64         `json:"price"`
	Currency    string        `json:"currency"`
	Artisan     apiArtisanRef `json:"artisan"`
	Category    string        `json:"category"`
	InStock     bool          `json:"in_stock"`
	SKUs        []apiSKU      `json:"skus"`
	URL         string        `json:"url"`
	Images      []string      `json:"images"`
	Description string        `json:"description,omitempty"`
	Material    string        `json:"material,omitempty"`
	WeightGrams int           `json:"weight_grams,omitempty"`
}

type apiArtisanRef struct {
	Slug string `json:"slug"`
	Name string `json:"name"`
}

type apiSKU struct {
	SKU   string `json:"sku"`
	Label string `json:"label"`
	Price int64  `json:"price"`
	Stock int    `json:"stock"`
}

type apiArtisan struct {
	Slug      string `json:"slug"`
	Name      string `json:"name"`
	Category  string `json:"category"`
	Kecamatan string `json:"kecamatan"`
	Kelurahan string `json:"kelurahan"`
	Since     int    `json:"since,omitempty"`
	Story     string `json:"story"`
	URL       string `json:"url"`
	Photo     string `json:"photo,omitempty"`
}

func (api *API) products(c *gin.Context) {
	q, errs := catalog.ParseQuery(c.Request.URL.Query())
	q, unknown, err := api.app.CheckFilters(c.Request.Context(), q)
	for _, field := range unknown {
		errs[field] = "no such " + field
	}
	if err != nil {
		api.fail(c, err)
		return
	}
	if len(errs) > 0 {
		api.refuse(c, http.StatusUnprocessableEntity, codeInvalid, "some parameters cannot be used", errs)
		return
	}
	l, err := api.store.Products(c.Request.Context(), q)
	if err != nil {
		api.fail(c, err)
		return
	}
	out := apiProductList{Items: []apiProduct{}, Total: l.Total, Page: l.Page, PerPage: l.PerPage}
	for _, p := range l.Products {
		out.Items = append(out.Items, api.product1(c, p, false))
	}
	c.JSON(http.StatusOK, out)
}

func (api *API) product(c *gin.Context) {
	p, err := api.store.ProductBySlug(c.Request.Context(), c.Param("slug"))
	if err != nil {
		api.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, api.product1(c, p, true))
}

// product1 shapes one product in the request's language; detail adds
// the longer texts the list leaves out.
func (api *API) product1(c *gin.Context, p catalog.Product, detail bool) apiProduct {
	l := lang(c)
	out := apiProduct{
		Slug:     p.Slug,
		Title:    p.Title.In(l),
		Price:    p.PriceFrom,
		Currency: "IDR",
		Artisan:  apiArtisanRef{Slug: p.Artisan.Slug, Name: p.Artisan.Name},
		Category: p.Category.Slug,
		InStock:  p.InStock(),
		SKUs:     make([]apiSKU, 0, len(p.SKUs)),
		URL:      api.cfg.BaseURL + "/products/" + p.Slug,
		Images:   make([]string, 0, len(p.Images)),
	}
	for _, k := range p.SKUs {
		out.SKUs = append(out.SKUs, apiSKU{SKU: k.Code, Label: k.Label, Price: k.Price, Stock: k.Stock})
	}
	for _, img := range p.Images {
		out.Images = append(out.Images, api.cfg.BaseURL+"/media/"+media.VariantKey(img.Key, media.Large))
	}
	if detail {
		out.Description = p.Description.In(l)
		out.Material = p.Material.In(l)
		out.WeightGrams = p.WeightGrams
	}
	return out
}

func (api *API) artisans(c *gin.Context) {
	as, err := api.store.Artisans(c.Request.Context())
	if err != nil {
		api.fail(c, err)
		return
	}
	out := struct {
		Items []apiArtisan `json:"items"`
	}{Items: make([]apiArtisan, 0, len(as))}
	for _, a := range as {
		out.Items = append(out.Items, api.artisan1(c, a))
	}
	c.JSON(http.StatusOK, out)
}

func (api *API) artisan(c *gin.Context) {
	a, err := api.store.ArtisanBySlug(c.Request.Context(), c.Param("slug"))
	if err != nil {
		api.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, api.artisan1(c, a))
}

func (api *API) artisan1(c *gin.Context, a catalog.Artisan) apiArtisan {
	out := apiArtisan{
		Slug:      a.Slug,
		Name:      a.Name,
		Kecamatan: wilayah.Name(a.KecamatanCode),
		Kelurahan: wilayah.Name(a.KelurahanCode),
		Since:     a.Since,
		Story:     a.Story.In(lang(c)),
		URL:       api.cfg.BaseURL + "/artisans/" + a.Slug,
	}
	if a.Category != nil {
		out.Category = a.Category.Slug
	}
	if a.PhotoKey != "" {
		out.Photo = api.cfg.BaseURL + "/media/" + media.VariantKey(a.PhotoKey, media.Large)
	}
	return out
}
