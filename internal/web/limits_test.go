package web_test

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/alexedwards/scs/v2"

	"kriya/internal/account"
	"kriya/internal/store"
)

// multipartBody is a form with files as a browser sends it: fields first,
// in the given order (the form token is the form's first field), then one
// file of size bytes.
func multipartBody(t *testing.T, fields [][2]string, fileField string, size int) ([]byte, string) {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for _, f := range fields {
		w.WriteField(f[0], f[1])
	}
	part, err := w.CreateFormFile(fileField, "IMG_2041.jpg")
	if err != nil {
		t.Fatal(err)
	}
	part.Write(append([]byte("\xff\xd8\xff\xe0"), make([]byte, size)...))
	w.Close()
	return b.Bytes(), w.FormDataContentType()
}

// countingBody counts how much of a request body the client got to send.
type countingBody struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingBody) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// sendBody posts body from this browser with the given headers (pairs);
// a negative length sends it chunked, without Content-Length.
func (s *site) sendBody(path string, body io.Reader, length int64, header ...string) (int, string) {
	s.t.Helper()
	req, err := http.NewRequest("POST", s.url+path, body)
	if err != nil {
		s.t.Fatal(err)
	}
	req.ContentLength = length
	status, page, _ := s.do(req, header...)
	return status, page
}

// multipartTempFiles lists the temporary files of parsed forms in dir.
func multipartTempFiles(t *testing.T, dir string) []string {
	t.Helper()
	left, err := filepath.Glob(filepath.Join(dir, "multipart-*"))
	if err != nil {
		t.Fatal(err)
	}
	return left
}

// Finding 8: every POST took a 100 MB form, parsed in full (into memory
// and temporary files) before the form token was checked. A 20 MB form
// with a valid token sent to a small form (changing a password) is now
// refused with the styled 413 page, whether it declares its length or
// streams it, and no temporary file is created. Before, it was read and
// parsed and answered as a password change (422). Not parallel: TMPDIR is
// the process's.
func TestLargeBodiesCostMemory_SmallFormRefusedWith413(t *testing.T) {
	s := newSite(t, store.SQLite)
	buyer := s.as(account.RoleBuyer, "")
	token := buyer.csrf("/account")
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	body, contentType := multipartBody(t, [][2]string{{"csrf_token", token}, {"current_password", testPassword}}, "photo", 20<<20)
	for _, tt := range []struct {
		name   string
		length int64
	}{{"with Content-Length", int64(len(body))}, {"chunked", -1}} {
		status, page := buyer.sendBody("/account/password", bytes.NewReader(body), tt.length, "Content-Type", contentType)
		if status != http.StatusRequestEntityTooLarge || !strings.Contains(page, "Kiriman terlalu besar") {
			t.Errorf("%s: 20 MB to a small form = %d %.300s", tt.name, status, page)
		}
		if left := multipartTempFiles(t, tmp); len(left) > 0 {
			t.Errorf("%s: temporary files left: %v", tt.name, left)
		}
	}
	// The API's bodies are bounded the same way, and it answers in JSON.
	status, page := s.sendBody("/api/v1/orders", bytes.NewReader(make([]byte, 2<<20)), 2<<20, "Content-Type", "application/json")
	if status != http.StatusRequestEntityTooLarge || !strings.Contains(page, `"code":"too_large"`) {
		t.Errorf("2 MB to the API = %d %.200s", status, page)
	}
}

// Finding 8: a form with files is refused before its files are read when
// its token is missing (the token is read from the parts before the first
// file) or when the browser says it comes from another site
// (http.CrossOriginProtection). Before, the whole body was parsed to look
// for the token. The client counts what it got to send of a 64 MB upload:
// the server closes the connection once it refused, so far less is sent
// (the margin is the connection's buffers).
func TestLargeBodiesCostMemory_RefusedBeforeTheFilesAreRead(t *testing.T) {
	s := newSite(t, store.SQLite)
	a := s.as(account.RoleArtisan, "perak-sari")
	token := a.csrf("/artisan/products/new")
	const size = 64 << 20
	for _, tt := range []struct {
		name   string
		fields [][2]string
		header []string
	}{
		{"no token", [][2]string{{"title_id", "Gelang"}}, nil},
		{"cross-site", [][2]string{{"csrf_token", token}, {"title_id", "Gelang"}}, []string{"Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"}},
	} {
		body, contentType := multipartBody(t, tt.fields, "photos", size)
		cb := &countingBody{r: bytes.NewReader(body)}
		status, _ := a.sendBody("/artisan/products/new", cb, int64(len(body)), append([]string{"Content-Type", contentType}, tt.header...)...)
		if status != http.StatusForbidden {
			t.Errorf("%s: %d, want 403", tt.name, status)
		}
		if sent := cb.n.Load(); sent > size/2 {
			t.Errorf("%s: the client sent %d of %d bytes before the refusal", tt.name, sent, len(body))
		}
	}
	// The same form with its token first is taken: the parts read for the
	// token reach the handler.
	form := url.Values{"csrf_token": {token}, "title_id": {"Gelang Perak Ukir"}, "category": {"1"},
		"sku_label": {"Standar"}, "sku_price": {"350.000"}, "sku_stock": {"2"}}
	if status, body, _ := a.postMultipart("/artisan/products/new", form, upload{"photos", "gelang.png", pngImage(t, 300, 200)}); status != http.StatusSeeOther {
		t.Errorf("a good listing form = %d %.300s", status, body)
	}
}

// Finding 9: /apply kept the files of a refused form (the photo and a
// permit document stored before a later permit was refused: 2 files per
// failed try). They are now taken back.
func TestSmallImagesCostALot_RefusedApplyLeavesNoFiles(t *testing.T) {
	s := newSite(t, store.SQLite)
	applicant := s.as(account.RoleBuyer, "")
	form := url.Values{"csrf_token": {applicant.csrf("/apply")}, "name": {"Tenun X"}, "owner": {"Ni Made"},
		"category": {"2"}, "kecamatan": {"51.71.02"}, "kelurahan": {"51.71.02.1003"}, "phone": {"081234567890"}, "story_id": {"Cerita"},
		"permit_nib_number": {"9120001234567"}, "permit_npwp_number": {"01.234.567.8-901.000"}}
	status, body, _ := applicant.postMultipart("/apply", form,
		upload{"photo", "bengkel.png", pngImage(t, 300, 200)},
		upload{"permit_nib_file", "nib.pdf", minimalPDF},
		upload{"permit_npwp_file", "npwp.pdf", []byte("MZ\x90\x00 not a pdf")})
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, "Dokumen harus berupa PDF, JPEG atau PNG") {
		t.Fatalf("apply with a bad document = %d %.300s", status, body)
	}
	if left := append(files(t, s.files), files(t, s.private)...); len(left) > 0 {
		t.Errorf("a refused application left %v", left)
	}
}

// Finding 13: ?page=999 said "110 produk" and "no product matches"
// together, and page=9223372036854775807 overflowed the offset. Both now
// say the page is past the end, with a link to the last page that works.
func TestPagePastTheEnd_SaysSoWithLinkToLastPage(t *testing.T) {
	s := newSite(t, store.SQLite)
	lastPage := regexp.MustCompile(`<a href="([^"]+)">Ke halaman terakhir</a>`)
	for _, page := range []string{"999", "9223372036854775807"} {
		status, body, _ := s.get("/products?page=" + page)
		if status != http.StatusOK || strings.Contains(body, "Tidak ada produk yang cocok") || !strings.Contains(body, "melewati akhir hasil") {
			t.Errorf("page %s = %d, without saying it is past the end", page, status)
			continue
		}
		m := lastPage.FindStringSubmatch(body)
		if m == nil {
			t.Errorf("page %s: no link to the last page", page)
			continue
		}
		status, body, _ = s.get(strings.ReplaceAll(m[1], "&amp;", "&"))
		if status != http.StatusOK || !strings.Contains(body, `class="card"`) || strings.Contains(body, "melewati akhir") {
			t.Errorf("the last page (%s) = %d without products", m[1], status)
		}
	}
}

// Finding 13: a method a URL does not take (405) and a form body that
// cannot be read (400) got plain text; they get the site's error page.
func TestPlainTextErrors_405And400AreStyled(t *testing.T) {
	s := newSite(t, store.SQLite)
	status, body, _ := s.send("DELETE", "/products", nil)
	if status != http.StatusMethodNotAllowed || !strings.Contains(body, "Tidak dapat dilakukan di alamat ini") || !strings.Contains(body, "<html") {
		t.Errorf("DELETE /products = %d %.200s", status, body)
	}
	a := s.as(account.RoleArtisan, "perak-sari")
	token := a.csrf("/artisan/products/new")
	// The token is there, but the form ends before its closing boundary.
	body = "--b\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n" + token +
		"\r\n--b\r\nContent-Disposition: form-data; name=\"title_id\"\r\n\r\nGelang"
	status, page := a.sendBody("/artisan/products/new", strings.NewReader(body), int64(len(body)), "Content-Type", "multipart/form-data; boundary=b")
	if status != http.StatusBadRequest || !strings.Contains(page, "Permintaan tidak dapat dibaca") || !strings.Contains(page, "<html") {
		t.Errorf("a cut-short form = %d %.200s", status, page)
	}
}

// unreachableSessions is a session store whose database is out of reach.
type unreachableSessions struct{ scs.CtxStore }

type unreachable struct{}

func (unreachable) Error() string     { return "dial tcp: connection refused" }
func (unreachable) Unavailable() bool { return true }

func (unreachableSessions) FindCtx(context.Context, string) ([]byte, bool, error) {
	return nil, false, unreachable{}
}

// Finding 13: when the session layer cannot reach the database, the answer
// was a plain-text 503; it is the site's 503 page, with Retry-After and a
// reference, and nothing of the error.
func TestPlainTextErrors_SessionUnavailableIsStyled(t *testing.T) {
	s := newSite(t, store.SQLite, func(d *siteDeps) { d.Sessions = unreachableSessions{d.Sessions} })
	status, body, h := s.get("/", "Cookie", "kriya_session=abc")
	if status != http.StatusServiceUnavailable || h.Get("Retry-After") == "" {
		t.Fatalf("GET / with sessions unreachable = %d, Retry-After %q", status, h.Get("Retry-After"))
	}
	if !strings.Contains(body, "Sebentar lagi kembali") || !strings.Contains(body, "Kode rujukan") || strings.Contains(body, "refused") {
		t.Errorf("session 503 page: %.300s", body)
	}
}
