package web

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"kriya/internal/catalog"
)

// importData is the import page: the form, and after an import what was
// saved and which lines were refused, with why.
type importData struct {
	WS       workspace
	Done     bool
	Rows     int
	Imported int
	Errors   []catalog.RowError
	Problem  string // why the whole file was refused, in words
}

func (s *Server) importForm(c *gin.Context) {
	s.showImport(c, http.StatusOK, importData{WS: currentWorkspace(c)})
}

func (s *Server) showImport(c *gin.Context, status int, d importData) {
	s.privatePage(c, status, "workspace/import", s.i18n.For(lang(c)).T("ws.import.title"), d)
}

func (s *Server) importTemplate(c *gin.Context) {
	c.Header("Content-Disposition", `attachment; filename="kriya-produk.csv"`)
	c.Data(http.StatusOK, "text/csv; charset=utf-8", catalog.ImportTemplate())
}

// importListings imports a CSV of listings: every good row is saved, and
// every bad one reported by line and reason.
func (s *Server) importListings(c *gin.Context) {
	ctx := c.Request.Context()
	ws := currentWorkspace(c)
	d := importData{WS: ws}
	upload, ok := s.uploadForm(c, emptyForm())
	if !ok {
		return
	}
	if len(upload["file"]) == 0 {
		d.Problem = s.i18n.For(lang(c)).T("ws.import.no_file")
		s.showImport(c, http.StatusUnprocessableEntity, d)
		return
	}
	file, err := upload["file"][0].Open()
	if err != nil {
		s.fail(c, err)
		return
	}
	defer file.Close()
	cats, err := s.store.Categories(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	slugs, ids := make([]string, len(cats)), map[string]int64{}
	for i, cat := range cats {
		slugs[i], ids[cat.Slug] = cat.Slug, cat.ID
	}
	result, err := catalog.ParseImport(file, slugs)
	if errors.Is(err, catalog.ErrImportFile) {
		d.Problem = err.Error()
		s.showImport(c, http.StatusUnprocessableEntity, d)
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	d.Done, d.Rows, d.Errors = true, result.Rows, result.Errors
	if d.Imported, err = s.app.ImportListings(ctx, ws.worker(c), ids, result.Products); err != nil {
		s.fail(c, err)
		return
	}
	status := http.StatusOK
	if len(d.Errors) > 0 {
		status = http.StatusUnprocessableEntity
	}
	s.showImport(c, status, d)
}
