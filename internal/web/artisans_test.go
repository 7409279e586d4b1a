package web_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"io"
	"io/fs"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"kriya/internal/account"
	"kriya/internal/artisan"
	"kriya/internal/catalog"
	"kriya/internal/i18n"
	"kriya/internal/store"
)

// upload is a file attached to a multipart form.
type upload struct {
	field, name string
	content     []byte
}

// postMultipart submits a form with files, as a browser does.
func (s *site) postMultipart(path string, fields url.Values, files ...upload) (int, string, http.Header) {
	s.t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	for k, vs := range fields {
		for _, v := range vs {
			w.WriteField(k, v)
		}
	}
	for _, f := range files {
		part, err := w.CreateFormFile(f.field, f.name)
		if err != nil {
			s.t.Fatal(err)
		}
		part.Write(f.content)
	}
	w.Close()
	req, _ := http.NewRequest("POST", s.url+path, &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Origin", s.url)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	res, err := s.client.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b), res.Header
}

func pngImage(t *testing.T, w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := range w {
		for y := range h {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 120, 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// pngBomb is a tiny PNG whose header claims 100000 × 100000 pixels.
func pngBomb() []byte {
	chunk := func(kind string, data []byte) []byte {
		var b bytes.Buffer
		binary.Write(&b, binary.BigEndian, uint32(len(data)))
		b.WriteString(kind)
		b.Write(data)
		binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(append([]byte(kind), data...)))
		return b.Bytes()
	}
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], 100000)
	binary.BigEndian.PutUint32(ihdr[4:], 100000)
	ihdr[8], ihdr[9] = 8, 2 // 8-bit RGB
	out := []byte("\x89PNG\r\n\x1a\n")
	out = append(out, chunk("IHDR", ihdr)...)
	out = append(out, chunk("IDAT", []byte{0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01})...)
	return append(out, chunk("IEND", nil)...)
}

var minimalPDF = []byte("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")

// files lists every file under a storage root.
func files(t *testing.T, root fs.FS) []string {
	var out []string
	fs.WalkDir(root, ".", func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			out = append(out, path)
		}
		return nil
	})
	return out
}

// The whole life of an application: applied, sent back, resubmitted,
// approved with a decree (the applicant's account becomes the artisan's),
// suspended (the shop disappears), reinstated. Each step by whom the rules
// allow, with its reason in the history.
func TestApplicationLifecycle(t *testing.T) {
	s := newSite(t, store.SQLite)
	ctx := context.Background()
	applicantEmail := s.addUser(account.RoleBuyer, "")
	applicant := s.as("", "")
	applicant.login(applicantEmail, testPassword)
	staff := s.as(account.RoleStaff, "")

	form := url.Values{"csrf_token": {applicant.csrf("/apply")}, "name": {"Perak Kembar Sanur"}, "owner": {"I Nyoman Kembar"},
		"category": {"1"}, "kecamatan": {"51.71.01"}, "kelurahan": {"51.71.01.1001"}, "street": {"Jl. Danau Poso 12"},
		"phone": {"0812 3456 7890"}, "story_id": {"Bengkel perak keluarga sejak 1985."}, "story_en": {"A family silver workshop since 1985."},
		"permit_nib_number": {"9120001234567"}}
	status, body, _ := applicant.postMultipart("/apply", form, upload{"permit_nib_file", "nib.pdf", minimalPDF}, upload{"photo", "bengkel.png", pngImage(t, 300, 200)})
	if status != http.StatusSeeOther {
		t.Fatalf("apply = %d %.500s", status, body)
	}
	a, err := s.store.ArtisanByApplicant(ctx, mustUser(t, s, applicantEmail).ID)
	if err != nil || a.Status != artisan.Applied {
		t.Fatalf("after applying: %+v %v", a, err)
	}
	if _, body, _ := applicant.get("/apply"); !strings.Contains(body, "Menunggu tinjauan") {
		t.Error("the applicant does not see the application waiting")
	}
	base := fmt.Sprintf("/council/artisans/%d", a.ID)
	if _, body, _ := staff.get("/council/artisans?status=applied"); !strings.Contains(body, "Perak Kembar Sanur") {
		t.Error("the application is not in the staff's queue")
	}
	decide := func(fields url.Values) (int, string) {
		fields.Set("csrf_token", staff.csrf(base))
		status, body, _ := staff.post(base+"/status", fields)
		return status, body
	}
	if status, body := decide(url.Values{"action": {"request_changes"}}); status != 422 || !strings.Contains(body, "Tuliskan alasannya") {
		t.Errorf("asking for changes without a reason = %d", status)
	}
	if status, _ := decide(url.Values{"action": {"request_changes"}, "reason": {"Lampirkan foto karya"}}); status != http.StatusSeeOther {
		t.Fatalf("ask for changes = %d", status)
	}
	if _, body, _ := applicant.get("/apply"); !strings.Contains(body, "Lampirkan foto karya") {
		t.Error("the applicant does not see why changes were asked for")
	}
	form.Set("csrf_token", applicant.csrf("/apply"))
	form.Set("story_id", "Bengkel perak keluarga sejak 1985, kini dengan foto karya.")
	if status, body, _ := applicant.postMultipart("/apply", form); status != http.StatusSeeOther {
		t.Fatalf("resubmit = %d %.300s", status, body)
	}
	if status, body := decide(url.Values{"action": {"approve"}}); status != 422 || !strings.Contains(body, "Isi nomor SK") {
		t.Errorf("approving without a decree = %d", status)
	}
	if status, _ := decide(url.Values{"action": {"approve"}, "decree_number": {"SK 12/DEKRANASDA/2026"},
		"decree_date": {"2026-11-20"}, "supervisor": {"Ni Luh Ayu"}}); status != http.StatusSeeOther {
		t.Fatalf("approve = %d", status)
	}
	if status, _, _ := applicant.get("/artisan"); status != http.StatusOK {
		t.Errorf("the approved applicant cannot open the workspace: %d", status)
	}
	a, _ = s.store.ArtisanByID(ctx, a.ID)
	if status, _, _ := s.get("/artisans/" + a.Slug); status != 200 {
		t.Errorf("approved artisan's page = %d", status)
	}
	if status, _ := decide(url.Values{"action": {"approve"}, "decree_number": {"x"}, "decree_date": {"2026-11-20"}, "supervisor": {"x"}}); status != 422 {
		t.Errorf("approving an active artisan again = %d, want 422", status)
	}
	if status, _ := decide(url.Values{"action": {"suspend"}, "reason": {"Produk tidak sesuai kurasi"}}); status != http.StatusSeeOther {
		t.Fatalf("suspend = %d", status)
	}
	if status, _, _ := s.get("/artisans/" + a.Slug); status != 404 {
		t.Errorf("suspended artisan's page = %d, want 404", status)
	}
	if status, _ := decide(url.Values{"action": {"reinstate"}, "reason": {"Sudah diperbaiki"}}); status != http.StatusSeeOther {
		t.Fatalf("reinstate = %d", status)
	}
	history, _ := s.store.StatusHistory(ctx, a.ID)
	var steps []string
	for _, h := range history {
		steps = append(steps, h.To)
	}
	if got := strings.Join(steps, ","); got != "applied,changes_requested,applied,active,suspended,active" {
		t.Errorf("history = %s", got)
	}
	// Applicants cannot decide their own application.
	if status, _, _ := applicant.post(base+"/status", url.Values{"csrf_token": {applicant.csrf("/apply")}, "action": {"suspend"}, "reason": {"x"}}); status != 403 {
		t.Errorf("an artisan deciding a status = %d, want 403", status)
	}
	_, audit, _ := s.as(account.RoleAdmin, "").get("/admin/audit?action=artisan.")
	for _, want := range []string{"artisan.approve", "SK 12/DEKRANASDA/2026", "artisan.suspend", "Produk tidak sesuai kurasi"} {
		if !strings.Contains(audit, want) {
			t.Errorf("audit log lacks %q", want)
		}
	}
}

func mustUser(t *testing.T, s *site, email string) account.User {
	u, err := s.store.UserByEmail(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestStatusTransitionRules(t *testing.T) {
	decree := artisan.Decree{Number: "SK 1", Date: mustDate("2026-01-02"), Supervisor: "Ayu"}
	tests := []struct {
		from   string
		change artisan.Change
		to     string
		err    error
	}{
		{artisan.Applied, artisan.Change{Action: artisan.Approve, ByStaff: true, Decree: decree}, artisan.Active, nil},
		{artisan.Applied, artisan.Change{Action: artisan.Approve, ByStaff: true}, "", artisan.ErrDecree},
		{artisan.Applied, artisan.Change{Action: artisan.Approve, Decree: decree}, "", artisan.ErrNotAllowed},
		{artisan.Applied, artisan.Change{Action: artisan.RequestChanges, ByStaff: true, Reason: "foto"}, artisan.ChangesRequested, nil},
		{artisan.Applied, artisan.Change{Action: artisan.Reject, ByStaff: true}, "", artisan.ErrReason},
		{artisan.ChangesRequested, artisan.Change{Action: artisan.Resubmit}, artisan.Applied, nil},
		{artisan.ChangesRequested, artisan.Change{Action: artisan.Resubmit, ByStaff: true}, "", artisan.ErrNotAllowed},
		{artisan.Active, artisan.Change{Action: artisan.Suspend, ByStaff: true, Reason: "x"}, artisan.Suspended, nil},
		{artisan.Active, artisan.Change{Action: artisan.Reject, ByStaff: true, Reason: "x"}, "", artisan.ErrTransition},
		{artisan.Suspended, artisan.Change{Action: artisan.Reinstate, ByStaff: true, Reason: "x"}, artisan.Active, nil},
		{artisan.Rejected, artisan.Change{Action: artisan.Approve, ByStaff: true, Decree: decree}, "", artisan.ErrTransition},
	}
	for _, tt := range tests {
		to, err := artisan.Next(tt.from, tt.change)
		if to != tt.to || (tt.err == nil) != (err == nil) || (tt.err != nil && !strings.Contains(err.Error(), tt.err.Error())) {
			t.Errorf("%s --%s (staff %v)--> %q, %v; want %q, %v", tt.from, tt.change.Action, tt.change.ByStaff, to, err, tt.to, tt.err)
		}
	}
}

// Artisan A reaches nothing of artisan B's — listings, SKUs, documents —
// whatever ids it guesses, in pages or the API.
func TestArtisansCannotTouchEachOther(t *testing.T) {
	s := newSite(t, store.SQLite)
	ctx := context.Background()
	a := s.as(account.RoleArtisan, "perak-sari")
	bArtisan, _ := s.store.ArtisanBySlug(ctx, "tenun-ayu")
	bListings, _ := s.store.ArtisanListings(ctx, bArtisan.ID)
	if len(bListings) == 0 {
		t.Fatal("B has no listings")
	}
	bp := bListings[0]
	if err := s.store.UpdateApplication(ctx, &bArtisan, []artisan.Permit{{Kind: artisan.PermitNIB, Number: "123", DocumentKey: "permits/secret.pdf", DocumentType: "application/pdf"}}); err != nil {
		t.Fatal(err)
	}
	permits, _ := s.store.Permits(ctx, bArtisan.ID)
	token := a.csrf("/artisan")
	checks := []struct {
		method, path string
	}{
		{"GET", fmt.Sprintf("/artisan/products/%d", bp.ID)},
		{"POST", fmt.Sprintf("/artisan/products/%d", bp.ID)},
		{"POST", fmt.Sprintf("/artisan/products/%d/archive", bp.ID)},
		{"GET", fmt.Sprintf("/permits/%d/%d", bArtisan.ID, permits[0].ID)},
		{"GET", fmt.Sprintf("/council/artisans/%d", bArtisan.ID)},
		{"GET", fmt.Sprintf("/council/artisans/%d/products/%d", bArtisan.ID, bp.ID)},
	}
	for _, c := range checks {
		var status int
		if c.method == "POST" {
			status, _, _ = a.post(c.path, url.Values{"csrf_token": {token}, "title_id": {"diretas"}, "category": {"1"}, "sku_label": {"x"}, "sku_price": {"1"}})
		} else {
			status, _, _ = a.get(c.path)
		}
		if status != 404 && status != 403 {
			t.Errorf("artisan A: %s %s = %d, want 404 or 403", c.method, c.path, status)
		}
	}
	after, _ := s.store.ArtisanListing(ctx, bArtisan.ID, bp.ID)
	if after.Title != bp.Title || after.Status != bp.Status {
		t.Errorf("B's listing changed: %+v", after.Title)
	}

	// The API, with A's token.
	tok := apiToken(t, s, a)
	req, _ := http.NewRequest("PATCH", s.url+"/api/v1/artisan/skus/"+bp.SKUs[0].Code, strings.NewReader(`{"stock":0}`))
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 404 {
		t.Errorf("PATCH B's SKU with A's token = %d, want 404", res.StatusCode)
	}
	if k, _ := s.store.ArtisanSKU(ctx, bArtisan.ID, bp.SKUs[0].Code); k.Stock != bp.SKUs[0].Stock {
		t.Error("B's stock changed through A's token")
	}
	req, _ = http.NewRequest("GET", s.url+"/api/v1/artisan/products", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	list, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if strings.Contains(string(list), bp.Slug) || !strings.Contains(string(list), "cincin-jawan") {
		t.Errorf("A's product list: %s", list)
	}
}

// apiToken makes an API token for the signed-in browser's user.
func apiToken(t *testing.T, s *site, b *site) string {
	status, body, _ := b.post("/account/tokens", url.Values{"csrf_token": {b.csrf("/account")}, "name": {"test"}})
	m := regexp.MustCompile(`class="secret">([A-Za-z0-9_-]{43})<`).FindStringSubmatch(body)
	if status != http.StatusCreated || m == nil {
		t.Fatalf("create token = %d", status)
	}
	return m[1]
}

// Refused uploads say why, keep what was typed, and leave nothing on disk.
func TestUploadsRefused(t *testing.T) {
	s := newSite(t, store.SQLite)
	a := s.as(account.RoleArtisan, "perak-sari")
	before := len(files(t, s.files))
	form := func() url.Values {
		return url.Values{"csrf_token": {a.csrf("/artisan/products/new")}, "title_id": {"Gelang Perak Ukir"}, "category": {"1"},
			"sku_label": {"Standar"}, "sku_price": {"350.000"}, "sku_stock": {"2"}}
	}
	tests := []struct {
		name string
		file upload
		want string
	}{
		{"text renamed .jpg", upload{"photos", "gelang.jpg", []byte("hello, this is not a picture")}, "bukan gambar JPEG, PNG atau WebP"},
		{"over the limit", upload{"photos", "besar.jpg", append([]byte("\xff\xd8\xff\xe0"), make([]byte, 16<<20)...)}, "Berkas terlalu besar"},
		{"decompression bomb", upload{"photos", "bom.png", pngBomb()}, "terlalu besar ukurannya"},
		{"path traversal name", upload{"photos", "../../../../tmp/evil.png", pngImage(t, 50, 50)}, "Nama berkas tidak valid"},
	}
	for _, tt := range tests {
		status, body, _ := a.postMultipart("/artisan/products/new", form(), tt.file)
		if status != http.StatusUnprocessableEntity || !strings.Contains(body, tt.want) {
			t.Errorf("%s: %d, body lacks %q", tt.name, status, tt.want)
		}
		if !strings.Contains(body, `value="Gelang Perak Ukir"`) || !strings.Contains(body, `value="350.000"`) {
			t.Errorf("%s: the form lost what was typed", tt.name)
		}
		if n := len(files(t, s.files)); n != before {
			t.Errorf("%s: %d files left on disk", tt.name, n-before)
		}
	}
	listings, _ := s.store.ArtisanListings(context.Background(), mustArtisan(t, s, "perak-sari").ID)
	for _, p := range listings {
		if p.Title.ID == "Gelang Perak Ukir" {
			t.Error("a listing was saved despite the refused photo")
		}
	}
	// A good 12 MB-class photo goes through, resized.
	status, _, _ := a.postMultipart("/artisan/products/new", form(), upload{"photos", "IMG_2041.png", pngImage(t, 1600, 1200)})
	if status != http.StatusSeeOther {
		t.Fatalf("a good photo = %d", status)
	}
	if n := len(files(t, s.files)); n != before+2 {
		t.Errorf("a good photo left %d files, want its 2 sizes", n-before)
	}
	// A document that is not a PDF, JPEG or PNG is refused too.
	applicant := s.as(account.RoleBuyer, "")
	status, body, _ := applicant.postMultipart("/apply", url.Values{"csrf_token": {applicant.csrf("/apply")}, "name": {"Tenun X"}, "owner": {"Ni Made"},
		"category": {"2"}, "kecamatan": {"51.71.02"}, "kelurahan": {"51.71.02.1003"}, "phone": {"081234567890"}, "story_id": {"Cerita"},
		"permit_npwp_number": {"01.234.567.8-901.000"}}, upload{"permit_npwp_file", "npwp.pdf", []byte("MZ\x90\x00 not a pdf")})
	if status != 422 || !strings.Contains(body, "Dokumen harus berupa PDF, JPEG atau PNG") || !strings.Contains(body, `value="Tenun X"`) {
		t.Errorf("bad permit document = %d", status)
	}
	if n := len(files(t, s.private)); n != 0 {
		t.Errorf("%d private files left after a refused document", n)
	}
}

func mustArtisan(t *testing.T, s *site, slug string) catalog.Artisan {
	a, err := s.store.ArtisanBySlug(context.Background(), slug)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// 1,000 rows with 3 bad ones: 997 listings, the 3 reported by line.
func TestCSVImport(t *testing.T) {
	s := newSite(t, store.SQLite)
	a := s.as(account.RoleArtisan, "perak-sari")
	var csv strings.Builder
	csv.WriteString("handle,title_id,title_en,description_id,description_en,category,material_id,material_en,weight_grams,sku_label,price,stock\n")
	bad := map[int]string{101: "price", 502: "category", 903: "title"}
	for i := 1; i <= 1000; i++ {
		title, category, price := fmt.Sprintf("Anting Perak %d", i), "perak", "250.000"
		switch bad[i+1] {
		case "price":
			price = "mahal"
		case "category":
			category = "kaca"
		case "title":
			title = ""
		}
		fmt.Fprintf(&csv, ",%s,,Anting buatan tangan,,%s,Perak 925,,8,,%s,3\n", title, category, price)
	}
	status, body, _ := a.postMultipart("/artisan/import", url.Values{"csrf_token": {a.csrf("/artisan/import")}},
		upload{"file", "produk.csv", []byte(csv.String())})
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, "997 produk diimpor dari 1000 baris") {
		t.Fatalf("import = %d %.400s", status, body)
	}
	for line := range bad {
		if !strings.Contains(body, fmt.Sprintf("<td>%d</td>", line)) {
			t.Errorf("line %d is not reported", line)
		}
	}
	listings, _ := s.store.ArtisanListings(context.Background(), mustArtisan(t, s, "perak-sari").ID)
	pending := 0
	for _, p := range listings {
		if p.Status == catalog.ProductPending {
			pending++
		}
	}
	if pending != 997 {
		t.Errorf("%d imported listings wait for curation, want 997", pending)
	}
}

// Under curation a price change waits while the live listing keeps its
// price; approved, the new price shows. A new listing shows only once
// approved; a rejection reaches the artisan with its reason.
func TestCuration(t *testing.T) {
	s := newSite(t, store.SQLite)
	ctx := context.Background()
	a := s.as(account.RoleArtisan, "perak-sari")
	staff := s.as(account.RoleStaff, "")
	sari := mustArtisan(t, s, "perak-sari")
	live, _ := s.store.ProductBySlug(ctx, "cincin-jawan")
	edit := listingForm(live)
	edit.Set("csrf_token", a.csrf(fmt.Sprintf("/artisan/products/%d", live.ID)))
	edit["sku_price"][0] = "500000"
	edit["sku_stock"][0] = "9"
	if status, _, _ := a.postMultipart(fmt.Sprintf("/artisan/products/%d", live.ID), edit); status != http.StatusSeeOther {
		t.Fatalf("edit = %d", status)
	}
	if _, page, _ := s.get("/products/cincin-jawan"); !strings.Contains(page, "Rp 450.000") || strings.Contains(page, "Rp 500.000") || !strings.Contains(page, "Tersedia 9") {
		t.Error("the live listing should keep its price (and show the new stock) while the change waits")
	}
	_, queue, _ := staff.get("/council/reviews")
	m := regexp.MustCompile(`action="(/council/reviews/changes/\d+)"`).FindStringSubmatch(queue)
	if m == nil {
		t.Fatal("the change is not in the curation queue")
	}
	if status, _, _ := staff.post(m[1], url.Values{"csrf_token": {staff.csrf("/council/reviews")}, "decision": {"approve"}}); status != http.StatusSeeOther {
		t.Fatalf("approve = %d", status)
	}
	if _, page, _ := s.get("/products/cincin-jawan"); !strings.Contains(page, "Rp 500.000") || !strings.Contains(page, "Tersedia 9") {
		t.Error("the approved price is not live")
	}

	newListing := url.Values{"csrf_token": {a.csrf("/artisan/products/new")}, "title_id": {"Bros Perak Capung"}, "category": {fmt.Sprint(sari.CategoryID)},
		"sku_label": {""}, "sku_price": {"275000"}, "sku_stock": {"4"}}
	if status, _, _ := a.postMultipart("/artisan/products/new", newListing); status != http.StatusSeeOther {
		t.Fatalf("new listing = %d", status)
	}
	if _, page, _ := s.get("/products?q=capung"); strings.Contains(page, "Bros Perak Capung") {
		t.Error("a listing waiting for curation is visible")
	}
	_, queue, _ = staff.get("/council/reviews")
	m = regexp.MustCompile(`action="(/council/reviews/listings/\d+)"`).FindStringSubmatch(queue)
	if m == nil || !strings.Contains(queue, "Bros Perak Capung") {
		t.Fatal("the new listing is not in the curation queue")
	}
	if status, _, _ := staff.post(m[1], url.Values{"csrf_token": {staff.csrf("/council/reviews")}, "decision": {"reject"}, "reason": {"Foto kurang jelas"}}); status != http.StatusSeeOther {
		t.Fatalf("reject = %d", status)
	}
	if _, page, _ := a.get("/artisan"); !strings.Contains(page, "Foto kurang jelas") {
		t.Error("the artisan does not see why the listing was rejected")
	}
}

// listingForm is the edit form of a stored listing, as the browser sends it.
func listingForm(p catalog.Product) url.Values {
	v := url.Values{"title_id": {p.Title.ID}, "title_en": {p.Title.EN}, "category": {fmt.Sprint(p.CategoryID)},
		"description_id": {p.Description.ID}, "material_id": {p.Material.ID}}
	for _, k := range p.SKUs {
		v.Add("sku_id", fmt.Sprint(k.ID))
		v.Add("sku_label", k.Label)
		v.Add("sku_price", fmt.Sprint(k.Price))
		v.Add("sku_stock", fmt.Sprint(k.Stock))
	}
	for _, img := range p.Images {
		v.Add("photo_key", img.Key)
	}
	return v
}

// Staff can work on an artisan's listings; the artisan sees it was them,
// and the audit log has it.
func TestAssistedMode(t *testing.T) {
	s := newSite(t, store.SQLite)
	staff := s.as(account.RoleStaff, "")
	sari := mustArtisan(t, s, "perak-sari")
	path := fmt.Sprintf("/council/artisans/%d/products/new", sari.ID)
	status, _, _ := staff.postMultipart(path, url.Values{"csrf_token": {staff.csrf(path)}, "title_id": {"Liontin Perak Barong"},
		"category": {fmt.Sprint(sari.CategoryID)}, "sku_price": {"640000"}, "sku_stock": {"1"}, "sku_label": {""}})
	if status != http.StatusSeeOther {
		t.Fatalf("assisted create = %d", status)
	}
	if _, page, _ := s.get("/products?q=barong"); !strings.Contains(page, "Liontin Perak Barong") {
		t.Error("a listing created by staff should be live at once")
	}
	a := s.as(account.RoleArtisan, "perak-sari")
	if _, page, _ := a.get("/artisan/products"); !strings.Contains(page, "Diubah oleh staf Dekranasda") {
		t.Error("the artisan is not shown that staff edited the listing")
	}
	if _, audit, _ := s.as(account.RoleAdmin, "").get("/admin/audit?action=listing."); !strings.Contains(audit, "Liontin Perak Barong") {
		t.Error("assisted creation is not audited")
	}
}

// An artisan previews a pending price change as buyers will see it (the
// new price, nothing to buy) while the shop still sells at the old one,
// and duplicates a listing into a draft to edit into a sibling; another
// artisan can open neither.
func TestListingPreviewAndDuplicate(t *testing.T) {
	s := newSite(t, store.SQLite)
	a := s.as(account.RoleArtisan, "perak-sari")
	live, _ := s.store.ProductBySlug(t.Context(), "cincin-jawan")
	page := fmt.Sprintf("/artisan/products/%d", live.ID)
	edit := listingForm(live)
	edit.Set("csrf_token", a.csrf(page))
	edit["sku_price"][0] = "500000"
	if status, _, _ := a.postMultipart(page, edit); status != http.StatusSeeOther {
		t.Fatalf("edit = %d", status)
	}
	_, form, _ := a.get(page)
	preview := linkTo(t, form, "Pratinjau seperti dilihat pembeli")
	_, body, _ := a.get(preview)
	for _, want := range []string{"Pratinjau: begini pembeli akan melihat", "Ukuran 6 — Rp 500.000", "Cincin Perak Motif Jawan"} {
		if !strings.Contains(body, want) {
			t.Errorf("the preview lacks %q", want)
		}
	}
	if strings.Contains(body, `action="/cart/items"`) {
		t.Error("a preview can be bought from")
	}
	if _, shop, _ := s.get("/products/cincin-jawan"); strings.Contains(shop, "Rp 500.000") {
		t.Error("the shop shows the price still waiting for curation")
	}

	status, _, copied := formWith(t, form, "Gandakan jadi draf baru").Submit(a)
	if status != http.StatusSeeOther || !strings.HasPrefix(copied, "/artisan/products/") || copied == page {
		t.Fatalf("duplicate = %d → %q", status, copied)
	}
	_, copyForm, _ := a.get(copied)
	for _, want := range []string{"Cincin Perak Motif Jawan (salinan)", "Draf", `value="Ukuran 8"`} {
		if !strings.Contains(copyForm, want) {
			t.Errorf("the copy's form lacks %q", want)
		}
	}
	if _, shop, _ := s.get("/products?q=salinan"); strings.Contains(shop, "(salinan)") {
		t.Error("a draft copy is in the shop")
	}
	other := s.as(account.RoleArtisan, "tenun-ayu")
	for _, path := range []string{preview, copied + "/preview"} {
		if status, _, _ := other.get(path); status != http.StatusNotFound {
			t.Errorf("another artisan opening %s = %d, want 404", path, status)
		}
	}
}

// Options on two axes: 3 sizes × 2 colours made into 6 SKUs from the
// listing form, each with its own price and stock; two buyers racing for
// the last of one cell get one order between them, and the other cells
// keep their stock.
func TestTwoAxisOptions(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *site) {
		staff := s.as(account.RoleStaff, "")
		sari := mustArtisan(t, s, "perak-sari")
		path := fmt.Sprintf("/council/artisans/%d/products/new", sari.ID)
		form := url.Values{"csrf_token": {staff.csrf(path)}, "title_id": {"Gelang Perak Tali"}, "category": {fmt.Sprint(sari.CategoryID)},
			"sku_label": {""}, "sku_price": {"250.000"}, "sku_stock": {""}, "options_1": {"S, M, L"}, "options_2": {"Merah, Biru"}, "grid": {"1"}}
		status, body, _ := staff.postMultipart(path, form)
		labels := regexp.MustCompile(`name="sku_label" value="([^"]+)"`).FindAllStringSubmatch(body, -1)
		if status != http.StatusOK || len(labels) != 6 || labels[3][1] != "M / Biru" {
			t.Fatalf("making the combinations = %d, %d rows (%q)", status, len(labels), labels)
		}
		// The artisan sets each cell's stock, and a dearer price for L.
		form.Del("grid")
		for _, k := range []string{"sku_id", "sku_label", "sku_price", "sku_stock"} {
			form.Del(k)
		}
		for i, m := range labels {
			price := "250.000"
			if strings.HasPrefix(m[1], "L ") {
				price = "275.000"
			}
			form.Add("sku_id", "0")
			form.Add("sku_label", m[1])
			form.Add("sku_price", price)
			form.Add("sku_stock", fmt.Sprint(i+1))
		}
		if status, body, _ := staff.postMultipart(path, form); status != http.StatusSeeOther {
			t.Fatalf("saving = %d %.300s", status, body)
		}
		listings, _ := s.store.ArtisanListings(t.Context(), sari.ID)
		p := listings[0]
		if p.Title.ID != "Gelang Perak Tali" || len(p.SKUs) != 6 {
			t.Fatalf("saved %q with %d SKUs", p.Title.ID, len(p.SKUs))
		}
		var cell catalog.SKU
		for i, k := range p.SKUs {
			if k.Stock != i+1 || (k.Price == 275_000) != strings.HasPrefix(k.Label, "L ") {
				t.Errorf("SKU %q: stock %d, price %d", k.Label, k.Stock, k.Price)
			}
			if k.Label == "M / Biru" {
				cell = k
			}
		}
		// Leave one in that cell, and race for it.
		p.SKUs[3].Stock = 1
		if err := s.store.SaveListing(t.Context(), &p); err != nil {
			t.Fatal(err)
		}
		results := make(chan int, 2)
		for i := range 2 {
			go func() {
				status, _ := s.postJSON("/api/v1/orders", apiOrderBody(cell.Code, 1, fmt.Sprintf("pembeli%d@example.id", i)))
				results <- status
			}()
		}
		placed := 0
		for range 2 {
			if <-results == http.StatusCreated {
				placed++
			}
		}
		after, _ := s.store.ArtisanListing(t.Context(), sari.ID, p.ID)
		if placed != 1 || after.SKUs[3].Stock != 0 || after.SKUs[2].Stock != 3 || after.SKUs[4].Stock != 5 {
			t.Errorf("%d orders placed for the last one; stock after: %+v", placed, after.SKUs)
		}
	})
}

// A sale set on the listing form shows on the product page as the usual
// price struck through and the sale price, with its last day; an
// artisan's sale price waits for curation like any price.
func TestSaleOnTheProductPage(t *testing.T) {
	s := newSite(t, store.SQLite)
	staff := s.as(account.RoleStaff, "")
	sari := mustArtisan(t, s, "perak-sari")
	live, _ := s.store.ProductBySlug(t.Context(), "cincin-jawan")
	path := fmt.Sprintf("/council/artisans/%d/products/%d", sari.ID, live.ID)
	form := listingForm(live)
	form.Set("csrf_token", staff.csrf(path))
	form["sku_sale_price"] = make([]string, len(live.SKUs))
	form["sku_sale_price"][0] = "360.000"
	today := time.Now().In(i18n.WITA)
	form.Set("sale_from", today.Format("2006-01-02"))
	form.Set("sale_until", today.AddDate(0, 0, 3).Format("2006-01-02"))
	if status, body, _ := staff.postMultipart(path, form); status != http.StatusSeeOther {
		t.Fatalf("saving the sale = %d %s", status, errorsOf(body))
	}
	_, page, _ := s.get("/products/cincin-jawan")
	last := today.AddDate(0, 0, 3)
	for _, want := range []string{"<s>Rp 450.000</s> <strong class=\"sale-price\">Rp 360.000</strong>", "Harga diskon sampai " + writtenDay(last)} {
		if !strings.Contains(page, want) {
			t.Errorf("the product page lacks %q", want)
		}
	}
	// A sale price at or over the price is refused, with the form kept.
	form.Set("csrf_token", staff.csrf(path))
	form["sku_sale_price"][0] = "500.000"
	if status, body, _ := staff.postMultipart(path, form); status != http.StatusUnprocessableEntity || !strings.Contains(body, "Harga diskon harus di bawah harga biasa.") {
		t.Errorf("a sale price over the price = %d", status)
	}
	// The artisan's own sale price on a live listing waits for curation.
	a := s.as(account.RoleArtisan, "perak-sari")
	mine := fmt.Sprintf("/artisan/products/%d", live.ID)
	form.Set("csrf_token", a.csrf(mine))
	form["sku_sale_price"][0] = "320.000"
	if status, _, _ := a.postMultipart(mine, form); status != http.StatusSeeOther {
		t.Fatalf("the artisan's sale price = %d", status)
	}
	if _, page, _ := s.get("/products/cincin-jawan"); strings.Contains(page, "Rp 320.000") || !strings.Contains(page, "Rp 360.000") {
		t.Error("the artisan's new sale price went live without curation")
	}
}
