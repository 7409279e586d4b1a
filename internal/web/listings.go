package web

import (
	"context"
	"errors"
	"mime"
	"mime/multipart"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"kriya/internal/catalog"
	"kriya/internal/i18n"
	"kriya/internal/media"
)

// listingsData is the list of a shop's listings with the bulk editor.
type listingsData struct {
	WS       workspace
	Listings []catalog.Product
	Form     *form
}

func (s *Server) workspaceListings(c *gin.Context) {
	s.showListings(c, http.StatusOK, emptyForm())
}

func (s *Server) showListings(c *gin.Context, status int, f *form) {
	ws := currentWorkspace(c)
	listings, err := s.store.ArtisanListings(c.Request.Context(), ws.Artisan.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.privatePage(c, status, "workspace/listings", s.i18n.For(lang(c)).T("ws.listings.title"), listingsData{WS: ws, Listings: listings, Form: f})
}

// listingData is the listing form.
type listingData struct {
	WS         workspace
	Product    catalog.Product
	Change     *catalog.ListingChange // the latest proposed change, if any
	Categories []catalog.Category
	Form       *form
	Errors     catalog.FieldErrors
	SKURows    []skuRow
}

// skuRow is one row of the SKU table of the listing form.
type skuRow struct {
	ID                             int64
	Label, Price, SalePrice, Stock string
}

func (s *Server) newListingForm(c *gin.Context) {
	s.showListing(c, http.StatusOK, catalog.Product{}, emptyForm(), nil)
}

func (s *Server) editListingForm(c *gin.Context) {
	p, ok := s.workspaceListing(c)
	if !ok {
		return
	}
	s.showListing(c, http.StatusOK, p, listingValues(s.i18n.For(lang(c)), p), nil)
}

// workspaceListing loads the listing named in the URL, if it belongs to
// the workspace's artisan; any other id is simply not found.
func (s *Server) workspaceListing(c *gin.Context) (catalog.Product, bool) {
	id, _ := strconv.ParseInt(c.Param("id"), 10, 64)
	p, err := s.store.ArtisanListing(c.Request.Context(), currentWorkspace(c).Artisan.ID, id)
	if err != nil {
		s.fail(c, err)
		return p, false
	}
	return p, true
}

func (s *Server) showListing(c *gin.Context, status int, p catalog.Product, f *form, errs catalog.FieldErrors) {
	ws := currentWorkspace(c)
	cats, err := s.store.Categories(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	d := listingData{WS: ws, Product: p, Categories: cats, Form: f, Errors: errs, SKURows: skuRows(f)}
	if p.ID != 0 {
		if ch, err := s.store.LatestChange(c.Request.Context(), p.ID); err == nil {
			d.Change = &ch
		} else if !errors.Is(err, catalog.ErrNotFound) {
			s.fail(c, err)
			return
		}
	}
	l := s.i18n.For(lang(c))
	title := l.T("ws.listing.new")
	if p.ID != 0 {
		title = p.Title.In(l.Lang)
	}
	s.privatePage(c, status, "workspace/listing", title, d)
}

// listingValues fills the form with a stored listing, prices with the
// reader's thousands separators ("690.000"), as ParseRupiah reads them
// back.
func listingValues(l *i18n.Localizer, p catalog.Product) *form {
	f := emptyForm()
	set := f.Values.Set
	set("title_id", p.Title.ID)
	set("title_en", p.Title.EN)
	set("description_id", p.Description.ID)
	set("description_en", p.Description.EN)
	set("material_id", p.Material.ID)
	set("material_en", p.Material.EN)
	set("category", strconv.FormatInt(p.CategoryID, 10))
	set("weight_grams", strconv.Itoa(p.WeightGrams))
	set("dimensions", p.Dimensions)
	set("processing_days", strconv.Itoa(p.ProcessingDays))
	if p.SaleFrom != nil && p.SaleUntil != nil {
		set("sale_from", dateValue(p.SaleFrom))
		set("sale_until", p.SaleUntil.In(i18n.WITA).AddDate(0, 0, -1).Format("2006-01-02")) // the last day, as typed
	}
	var labels []string
	for _, k := range p.SKUs {
		labels = append(labels, k.Label)
	}
	if first, second, ok := catalog.GridAxes(labels); ok {
		set("options_1", strings.Join(first, ", "))
		set("options_2", strings.Join(second, ", "))
	}
	for _, k := range p.SKUs {
		f.Values.Add("sku_id", strconv.FormatInt(k.ID, 10))
		f.Values.Add("sku_label", k.Label)
		f.Values.Add("sku_price", l.Number(k.Price))
		sale := ""
		if k.SalePrice > 0 {
			sale = l.Number(k.SalePrice)
		}
		f.Values.Add("sku_sale_price", sale)
		f.Values.Add("sku_stock", strconv.Itoa(k.Stock))
	}
	for _, img := range p.Images {
		f.Values.Add("photo_key", img.Key)
	}
	return f
}

// gridRows replaces the form's SKU rows by one for every combination of
// its two axes of options (catalog.GridLabels). A row already in the form
// with the same label keeps its price and stock; a new one starts at the
// first row's price, for the artisan to adjust, and no stock.
func gridRows(f *form) error {
	labels, err := catalog.GridLabels(catalog.ParseOptions(f.Get("options_1")), catalog.ParseOptions(f.Get("options_2")))
	if err != nil || len(labels) == 0 {
		return err
	}
	rows := skuRows(f)
	byLabel := map[string]skuRow{}
	for _, r := range rows {
		byLabel[strings.TrimSpace(r.Label)] = r
	}
	for _, k := range []string{"sku_id", "sku_label", "sku_price", "sku_sale_price", "sku_stock"} {
		f.Values.Del(k)
	}
	for _, label := range labels {
		r, ok := byLabel[label]
		if !ok {
			r = skuRow{Label: label, Price: rows[0].Price}
		}
		f.Values.Add("sku_id", strconv.FormatInt(r.ID, 10))
		f.Values.Add("sku_label", r.Label)
		f.Values.Add("sku_price", r.Price)
		f.Values.Add("sku_sale_price", r.SalePrice)
		f.Values.Add("sku_stock", r.Stock)
	}
	return nil
}

// skuRows lays out the SKU table from the form, with two empty rows to add
// options without a script.
func skuRows(f *form) []skuRow {
	ids, labels, prices, stocks := f.Values["sku_id"], f.Values["sku_label"], f.Values["sku_price"], f.Values["sku_stock"]
	sales := f.Values["sku_sale_price"]
	var rows []skuRow
	for i := range labels {
		r := skuRow{Label: labels[i]}
		if i < len(ids) {
			r.ID, _ = strconv.ParseInt(ids[i], 10, 64)
		}
		if i < len(prices) {
			r.Price = prices[i]
		}
		if i < len(stocks) {
			r.Stock = stocks[i]
		}
		if i < len(sales) {
			r.SalePrice = sales[i]
		}
		if r.ID != 0 || r.Label != "" || r.Price != "" || r.Stock != "" {
			rows = append(rows, r)
		}
	}
	return append(rows, skuRow{}, skuRow{})
}

func (s *Server) createListing(c *gin.Context) {
	s.saveListing(c, catalog.Product{})
}

func (s *Server) updateListing(c *gin.Context) {
	p, ok := s.workspaceListing(c)
	if !ok {
		return
	}
	s.saveListing(c, p)
}

// saveListing reads the listing form, stores new photos, validates and
// saves — or holds for curation what curation reviews. A bad photo or
// field re-shows the form with everything typed and every photo already
// stored kept.
func (s *Server) saveListing(c *gin.Context, live catalog.Product) {
	ctx := c.Request.Context()
	ws := currentWorkspace(c)
	f := newForm(c)
	upload, ok := s.uploadForm(c, f)
	if !ok {
		return
	}
	edited := live
	edited.ArtisanID = ws.Artisan.ID
	errs := readListing(f, &edited, live)
	photoPrefix := "listings/a" + strconv.FormatInt(ws.Artisan.ID, 10)
	edited.Images = keptPhotos(f, live, photoPrefix)
	// Photos stored for this form, taken back if it fails other than with
	// field messages: a re-shown form keeps them (as photo_key fields),
	// an error page does not.
	var stored []string
	fail := func(err error) {
		s.takeBack(c, s.files, stored, nil)
		s.fail(c, err)
	}
	for _, fh := range upload["photos"] {
		if len(edited.Images) >= catalog.MaxPhotos {
			errs["photos"] = "too_many"
			break
		}
		if !validUploadName(fh) {
			errs["photos"] = "upload.bad_name"
			continue
		}
		file, err := fh.Open()
		if err != nil {
			fail(err)
			return
		}
		photo, err := media.SavePhoto(ctx, s.files, photoPrefix, file)
		file.Close()
		if err != nil {
			if msg := s.uploadMessage(err); msg != "" {
				errs["photos"] = msg
				continue
			}
			fail(err)
			return
		}
		stored = append(stored, photo.Key)
		edited.Images = append(edited.Images, catalog.ProductImage{Key: photo.Key, Width: photo.Width, Height: photo.Height})
		f.Values.Add("photo_key", photo.Key)
	}
	if f.Get("grid") != "" { // "make the combinations": the form again, with a row for each
		if err := gridRows(f); !f.Problems(err) {
			fail(err)
			return
		}
		s.showListing(c, http.StatusOK, live, f, catalog.FieldErrors(f.Errors))
		return
	}
	for k, v := range edited.Validate() {
		if errs[k] == "" {
			errs[k] = v
		}
	}
	if len(errs) > 0 {
		s.showListing(c, http.StatusUnprocessableEntity, live, f, errs)
		return
	}
	_, outcome, err := s.app.SaveListing(c.Request.Context(), ws.worker(c), live, edited)
	if err != nil {
		fail(err)
		return
	}
	s.flash(c, "ws.listing."+outcome)
	c.Redirect(http.StatusSeeOther, ws.Base+"/products")
}

// readListing reads the form's fields into p, returning what cannot be
// read as field errors (message ids under ws.error.*).
func readListing(f *form, p *catalog.Product, live catalog.Product) catalog.FieldErrors {
	errs := catalog.FieldErrors{}
	p.Title = catalog.Text{ID: f.Get("title_id"), EN: f.Get("title_en")}
	p.Description = catalog.Text{ID: f.Get("description_id"), EN: f.Get("description_en")}
	p.Material = catalog.Text{ID: f.Get("material_id"), EN: f.Get("material_en")}
	p.Dimensions = f.Get("dimensions")
	p.CategoryID, _ = strconv.ParseInt(f.Get("category"), 10, 64)
	number := func(field string) int {
		v := f.Get(field)
		if v == "" {
			return 0
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			errs[field] = "number"
		}
		return n
	}
	p.WeightGrams = number("weight_grams")
	p.ProcessingDays = number("processing_days")
	// The sale runs from the start of its first day to the end of its
	// last, in Bali.
	p.SaleFrom, p.SaleUntil = nil, nil
	if f.Get("sale_from") != "" || f.Get("sale_until") != "" {
		from, err1 := time.ParseInLocation("2006-01-02", f.Get("sale_from"), i18n.WITA)
		last, err2 := time.ParseInLocation("2006-01-02", f.Get("sale_until"), i18n.WITA)
		if err1 != nil || err2 != nil {
			errs["sale_until"] = "sale_dates"
		} else {
			from, until := from.UTC(), last.AddDate(0, 0, 1).UTC()
			p.SaleFrom, p.SaleUntil = &from, &until
		}
	}
	liveSKUs := map[int64]catalog.SKU{}
	for _, k := range live.SKUs {
		liveSKUs[k.ID] = k
	}
	p.SKUs = nil
	for _, row := range skuRows(f) {
		if row.ID == 0 && row.Label == "" && row.Price == "" && row.Stock == "" {
			continue
		}
		k := catalog.SKU{Label: strings.TrimSpace(row.Label)}
		if existing, ok := liveSKUs[row.ID]; ok {
			k.ID, k.Code, k.LowStock = existing.ID, existing.Code, existing.LowStock
		}
		field := "skus." + strconv.Itoa(len(p.SKUs))
		price, err := catalog.ParseRupiah(row.Price)
		if err != nil {
			errs[field+".price"] = "price"
		}
		k.Price = price
		if row.SalePrice != "" {
			if k.SalePrice, err = catalog.ParseRupiah(row.SalePrice); err != nil {
				errs[field+".sale_price"] = "sale_price"
			}
		}
		if row.Stock != "" {
			if k.Stock, err = strconv.Atoi(strings.TrimSpace(row.Stock)); err != nil {
				errs[field+".stock"] = "number"
			}
		}
		p.SKUs = append(p.SKUs, k)
	}
	return errs
}

// keptPhotos is the listing's photo list as the form orders it: photos
// already stored (the listing's own, or uploaded with an earlier attempt of
// this form), in their "order" positions, less those marked for removal.
// Keys outside the artisan's own folder are ignored.
func keptPhotos(f *form, live catalog.Product, prefix string) []catalog.ProductImage {
	known := map[string]catalog.ProductImage{}
	for _, img := range live.Images {
		known[img.Key] = img
	}
	remove := map[string]bool{}
	for _, k := range f.Values["photo_remove"] {
		remove[k] = true
	}
	type ordered struct {
		img catalog.ProductImage
		pos int
	}
	var list []ordered
	for i, key := range f.Values["photo_key"] {
		if remove[key] {
			continue
		}
		img, ok := known[key]
		if !ok {
			if !strings.HasPrefix(key, prefix+"/") || strings.Contains(key, "..") {
				continue
			}
			img = catalog.ProductImage{Key: key, Width: 1000, Height: 1000}
		}
		pos := i + 1
		if v, err := strconv.Atoi(f.Values.Get("photo_order_" + key)); err == nil {
			pos = v
		}
		list = append(list, ordered{img, pos})
	}
	slices.SortStableFunc(list, func(a, b ordered) int { return a.pos - b.pos })
	out := make([]catalog.ProductImage, 0, len(list))
	for _, o := range list {
		out = append(out, o.img)
	}
	return out
}

// uploadForm parses a form with files: its fields join f, and its files
// are returned by field. A body over its route's limit gets the 413 page,
// a malformed one 400, and ok is false.
func (s *Server) uploadForm(c *gin.Context, f *form) (files map[string][]*multipart.FileHeader, ok bool) {
	err := c.Request.ParseMultipartForm(formMemory)
	switch {
	case errors.Is(err, http.ErrNotMultipart):
		return nil, true
	case err != nil:
		s.badBody(c, err)
		return nil, false
	}
	for k, vs := range c.Request.MultipartForm.Value {
		f.Values[k] = vs
	}
	return c.Request.MultipartForm.File, true
}

// takeBack deletes the photos (both variants) and files stored in store
// for a form that was then refused, so a failed try leaves nothing behind.
// A failure to delete is only logged: the answer is a refusal already.
func (s *Server) takeBack(c *gin.Context, store media.Storage, photoKeys, fileKeys []string) {
	ctx := context.WithoutCancel(c.Request.Context())
	var errs []error
	for _, key := range photoKeys {
		errs = append(errs, media.DeletePhoto(ctx, store, key))
	}
	for _, key := range fileKeys {
		errs = append(errs, store.Delete(ctx, key))
	}
	if err := errors.Join(errs...); err != nil {
		s.log.Error("upload: take back stored files", "id", c.GetString(ctxRequestID), "err", err)
	}
}

// validUploadName refuses a file whose name, as the client sent it, no
// browser sends: with a path, a parent reference or control characters.
// Names are never used to store files (and Go keeps only the base name),
// but such a name means a crafted request, which gets a clear no.
func validUploadName(fh *multipart.FileHeader) bool {
	_, params, err := mime.ParseMediaType(fh.Header.Get("Content-Disposition"))
	name := params["filename"]
	if err != nil || name == "" || name == "." || name == ".." || len(name) > 255 || strings.ContainsAny(name, "/\\") {
		return false
	}
	for _, r := range name {
		if r < 0x20 || r == 0x7f {
			return false
		}
	}
	return true
}

// uploadMessage is the message id for an upload refused for its content
// or because the storage is full or read-only, or "" for any other failure.
// A refusing storage is the operator's to fix, so it is also logged; the
// uploader gets the form back with a message rather than an error page.
func (s *Server) uploadMessage(err error) string {
	switch {
	case errors.Is(err, media.ErrStorage):
		s.log.Error("upload: storage refused the file", "err", err)
		return "upload.storage"
	case errors.Is(err, media.ErrTooLarge):
		return "upload.too_large"
	case errors.Is(err, media.ErrNotImage):
		return "upload.not_image"
	case errors.Is(err, media.ErrTooManyPixels):
		return "upload.too_many_pixels"
	case errors.Is(err, media.ErrUnreadable):
		return "upload.unreadable"
	case errors.Is(err, media.ErrNotDocument):
		return "upload.not_document"
	}
	return ""
}

func (s *Server) archiveListing(c *gin.Context) {
	p, ok := s.workspaceListing(c)
	if !ok {
		return
	}
	ws := currentWorkspace(c)
	if err := s.app.ArchiveListing(c.Request.Context(), ws.worker(c), p); err != nil {
		s.fail(c, err)
		return
	}
	s.flash(c, "ws.listing.archived")
	c.Redirect(http.StatusSeeOther, ws.Base+"/products")
}

// duplicateListing starts a draft copy of a listing and opens it to edit.
func (s *Server) duplicateListing(c *gin.Context) {
	p, ok := s.workspaceListing(c)
	if !ok {
		return
	}
	ws := currentWorkspace(c)
	suffix := catalog.Text{ID: s.i18n.For("id").T("ws.listing.copy_suffix"), EN: s.i18n.For("en").T("ws.listing.copy_suffix")}
	copied, err := s.app.DuplicateListing(c.Request.Context(), ws.worker(c), p, suffix)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.flash(c, "ws.listing.duplicated")
	c.Redirect(http.StatusSeeOther, ws.Base+"/products/"+strconv.FormatInt(copied.ID, 10))
}

// listingPreview shows a listing as buyers will see it once curation
// approves it — a pending change applied, or a new listing not live yet —
// on the product page itself, without the buy form. Only its shop sees it.
func (s *Server) listingPreview(c *gin.Context) {
	p, ok := s.workspaceListing(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	ws := currentWorkspace(c)
	change, err := s.store.LatestChange(ctx, p.ID)
	switch {
	case err == nil && change.Status == catalog.ChangePending:
		p = change.Proposal.Applied(p)
	case err != nil && !errors.Is(err, catalog.ErrNotFound):
		s.fail(c, err)
		return
	}
	cats, err := s.store.Categories(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	for i := range cats {
		if cats[i].ID == p.CategoryID {
			p.Category = &cats[i]
		}
	}
	p.Artisan = &ws.Artisan
	l := s.i18n.For(lang(c))
	s.privatePage(c, http.StatusOK, "catalog/product", l.T("ws.listing.preview_title", "Title", p.Title.In(l.Lang)), productData{Product: p, EditedAt: ws.Base + "/products/" + strconv.FormatInt(p.ID, 10)})
}

// bulkUpdate changes stock and prices of many SKUs in one form: stock at
// once, prices the way curation requires. Every field is checked before
// anything is saved, so a typo changes nothing.
func (s *Server) bulkUpdate(c *gin.Context) {
	ctx := c.Request.Context()
	ws := currentWorkspace(c)
	f := newForm(c)
	listings, err := s.store.ArtisanListings(ctx, ws.Artisan.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	type edit struct{ live, edited catalog.Product }
	var edits []edit
	for _, live := range listings {
		edited := live
		edited.SKUs = append([]catalog.SKU(nil), live.SKUs...)
		dirty := false
		for i, k := range edited.SKUs {
			id := strconv.FormatInt(k.ID, 10)
			if v := f.Get("stock_" + id); v != "" {
				n, err := strconv.Atoi(v)
				f.Check(err == nil && n >= 0 && n <= catalog.MaxStock, "stock_"+id, "ws.error.out_of_range")
				dirty = dirty || n != k.Stock
				edited.SKUs[i].Stock = n
			}
			if v := f.Get("low_" + id); v != "" {
				n, err := strconv.Atoi(v)
				f.Check(err == nil && n >= 0 && n <= catalog.MaxStock, "low_"+id, "ws.error.out_of_range")
				dirty = dirty || n != k.LowStock
				edited.SKUs[i].LowStock = n
			}
			if v := f.Get("price_" + id); v != "" {
				n, err := catalog.ParseRupiah(v)
				f.Check(err == nil && n > 0, "price_"+id, "ws.error.price")
				dirty = dirty || n != k.Price
				edited.SKUs[i].Price = n
			}
		}
		if dirty {
			edits = append(edits, edit{live, edited})
		}
	}
	if !f.Valid() {
		s.showListings(c, http.StatusUnprocessableEntity, f)
		return
	}
	for _, e := range edits {
		if _, _, err := s.app.SaveListing(c.Request.Context(), ws.worker(c), e.live, e.edited); err != nil {
			s.fail(c, err)
			return
		}
	}
	s.flash(c, "ws.bulk.saved")
	c.Redirect(http.StatusSeeOther, ws.Base+"/products")
}
