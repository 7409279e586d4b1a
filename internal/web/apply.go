package web

import (
	"errors"
	"mime/multipart"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"kriya/internal/app"
	"kriya/internal/artisan"
	"kriya/internal/catalog"
	"kriya/internal/i18n"
	"kriya/internal/media"
	"kriya/internal/wilayah"
)

// applyData is the application form, or the application's status once
// sent.
type applyData struct {
	Artisan    *catalog.Artisan // the application already sent, if any
	Permits    []artisan.Permit
	History    []artisan.StatusChange
	Editable   bool // new, or sent back for changes
	Form       *form
	Categories []catalog.Category
	Kecamatan  []wilayah.Area
	Kelurahan  []wilayah.Area
	Kinds      []string
}

// applyPage shows the application form to a signed-in user, or where their
// application stands.
func (s *Server) applyPage(c *gin.Context) {
	a, err := s.store.ArtisanByApplicant(c.Request.Context(), currentUser(c).ID)
	switch {
	case errors.Is(err, catalog.ErrNotFound):
		s.showApply(c, http.StatusOK, nil, emptyForm())
	case err != nil:
		s.fail(c, err)
	default:
		s.showApply(c, http.StatusOK, &a, applicationValues(a))
	}
}

func (s *Server) showApply(c *gin.Context, status int, a *catalog.Artisan, f *form) {
	ctx := c.Request.Context()
	cats, err := s.store.Categories(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	d := applyData{Artisan: a, Form: f, Categories: cats, Kinds: artisan.PermitKinds,
		Kecamatan: wilayah.Children(wilayah.Denpasar), Editable: a == nil || a.Status == artisan.ChangesRequested}
	for _, k := range d.Kecamatan {
		d.Kelurahan = append(d.Kelurahan, wilayah.Children(k.Code)...)
	}
	if a != nil {
		if d.Permits, err = s.store.Permits(ctx, a.ID); err != nil {
			s.fail(c, err)
			return
		}
		if d.History, err = s.store.StatusHistory(ctx, a.ID); err != nil {
			s.fail(c, err)
			return
		}
	}
	s.privatePage(c, status, "artisan/apply", s.i18n.For(lang(c)).T("apply.title"), d)
}

func applicationValues(a catalog.Artisan) *form {
	f := emptyForm()
	for k, v := range map[string]string{
		"name": a.Name, "owner": a.Owner, "category": strconv.FormatInt(a.CategoryID, 10),
		"kecamatan": a.KecamatanCode, "kelurahan": a.KelurahanCode, "phone": a.Phone, "whatsapp": a.WhatsApp,
		"street": a.Street, "story_id": a.Story.ID, "story_en": a.Story.EN,
	} {
		f.Values.Set(k, v)
	}
	return f
}

// apply sends an application, or sends a returned one back with changes.
// Documents are checked and stored before anything is written, so a bad
// file loses nothing else the applicant typed.
func (s *Server) apply(c *gin.Context) {
	ctx := c.Request.Context()
	u := currentUser(c)
	existing, err := s.store.ArtisanByApplicant(ctx, u.ID)
	var current *catalog.Artisan
	switch {
	case err == nil:
		if existing.Status != artisan.ChangesRequested {
			s.refuse(c, "apply.not_editable")
			c.Redirect(http.StatusSeeOther, "/apply")
			return
		}
		current = &existing
	case !errors.Is(err, catalog.ErrNotFound):
		s.fail(c, err)
		return
	case u.ArtisanID != nil:
		s.refuse(c, "apply.already")
		c.Redirect(http.StatusSeeOther, "/artisan")
		return
	}
	f := newForm(c)
	files, ok := s.uploadForm(c, f)
	if !ok {
		return
	}
	a := catalog.Artisan{
		Name: f.Get("name"), Owner: f.Get("owner"), Phone: f.Get("phone"), WhatsApp: f.Get("whatsapp"),
		Street: f.Get("street"), KecamatanCode: f.Get("kecamatan"), KelurahanCode: f.Get("kelurahan"),
		Story: catalog.Text{ID: f.Get("story_id"), EN: f.Get("story_en")},
	}
	a.CategoryID, _ = strconv.ParseInt(f.Get("category"), 10, 64)
	for field, msg := range app.CheckApplication(a) {
		f.Check(false, field, msg)
	}

	var permits []artisan.Permit
	// What is stored for this form is taken back unless it is sent: the
	// form shown again asks for its files anew.
	sent := false
	defer func() {
		if !sent {
			var docs []string
			for _, p := range permits {
				docs = append(docs, p.DocumentKey)
			}
			s.takeBack(c, s.private, nil, docs)
			if a.PhotoKey != "" {
				s.takeBack(c, s.files, []string{a.PhotoKey}, nil)
			}
		}
	}()
	if f.Valid() {
		if fh := files["photo"]; len(fh) > 0 {
			photo, msg, err := s.savePhotoUpload(c, s.files, "artisans", fh[0])
			switch {
			case err != nil:
				s.fail(c, err)
				return
			case msg != "":
				f.Check(false, "photo", msg)
			default:
				a.PhotoKey = photo.Key
			}
		}
		var have []artisan.Permit
		if current != nil {
			if have, err = s.store.Permits(ctx, current.ID); err != nil {
				s.fail(c, err)
				return
			}
		}
		for _, kind := range artisan.PermitKinds {
			p, msg, err := s.readPermit(c, f, kind, files["permit_"+kind+"_file"], have)
			switch {
			case err != nil:
				s.fail(c, err)
				return
			case msg != "":
				f.Check(false, "permit_"+kind, msg)
			case p != nil:
				permits = append(permits, *p)
			}
		}
	}
	if !f.Valid() {
		s.showApply(c, http.StatusUnprocessableEntity, current, f)
		return
	}
	if err := s.app.SubmitApplication(ctx, *u, current, a, permits); err != nil {
		s.fail(c, err)
		return
	}
	sent = true
	s.flash(c, "apply.sent")
	c.Redirect(http.StatusSeeOther, "/apply")
}

// readPermit reads one permit's number, dates and document. A permit with
// nothing filled in is skipped, and so is one already on file without a new
// document; a new one needs its document.
func (s *Server) readPermit(c *gin.Context, f *form, kind string, fh []*multipart.FileHeader, have []artisan.Permit) (*artisan.Permit, string, error) {
	field := "permit_" + kind
	number := f.Get(field + "_number")
	if number == "" && len(fh) == 0 {
		return nil, "", nil
	}
	if len(fh) == 0 && slices.ContainsFunc(have, func(p artisan.Permit) bool { return p.Kind == kind }) {
		return nil, "", nil
	}
	if number == "" || len(number) > 100 {
		return nil, "apply.error.permit_number", nil
	}
	if len(fh) == 0 {
		return nil, "apply.error.permit_document", nil
	}
	p := &artisan.Permit{Kind: kind, Number: number}
	for name, dst := range map[string]**time.Time{"_issued": &p.IssuedOn, "_expires": &p.ExpiresOn} {
		if v := f.Get(field + name); v != "" {
			t, err := time.ParseInLocation("2006-01-02", v, i18n.WITA)
			if err != nil {
				return nil, "ws.error.date", nil
			}
			*dst = &t
		}
	}
	doc, msg, err := s.saveDocumentUpload(c, "permits", fh[0])
	if msg != "" || err != nil {
		return nil, msg, err
	}
	p.DocumentKey, p.DocumentType = doc.Key, doc.ContentType
	return p, "", nil
}

// saveDocumentUpload stores an uploaded document privately, returning a
// message id when the file itself is refused.
func (s *Server) saveDocumentUpload(c *gin.Context, prefix string, fh *multipart.FileHeader) (media.Document, string, error) {
	if !validUploadName(fh) {
		return media.Document{}, "upload.bad_name", nil
	}
	file, err := fh.Open()
	if err != nil {
		return media.Document{}, "", err
	}
	defer file.Close()
	doc, err := media.SaveDocument(c.Request.Context(), s.private, prefix, file)
	if msg := s.uploadMessage(err); msg != "" {
		return doc, msg, nil
	}
	return doc, "", err
}

// savePhotoUpload stores an uploaded photo, returning a message id when the
// file itself is refused.
func (s *Server) savePhotoUpload(c *gin.Context, store media.Storage, prefix string, fh *multipart.FileHeader) (media.Photo, string, error) {
	if !validUploadName(fh) {
		return media.Photo{}, "upload.bad_name", nil
	}
	file, err := fh.Open()
	if err != nil {
		return media.Photo{}, "", err
	}
	defer file.Close()
	photo, err := media.SavePhoto(c.Request.Context(), store, prefix, file)
	if msg := s.uploadMessage(err); msg != "" {
		return photo, msg, nil
	}
	return photo, "", err
}

// permitDocument serves a permit's document to its artisan (the applicant
// or the shop's account) and to staff — never publicly.
func (s *Server) permitDocument(c *gin.Context) {
	ctx := c.Request.Context()
	u := currentUser(c)
	artisanID, _ := strconv.ParseInt(c.Param("artisan"), 10, 64)
	if !u.IsStaff() {
		a, err := s.store.ArtisanByApplicant(ctx, u.ID)
		owns := err == nil && a.ID == artisanID
		if !owns && !u.ManagesArtisan(artisanID) {
			s.notFound(c)
			return
		}
	}
	permitID, _ := strconv.ParseInt(c.Param("permit"), 10, 64)
	p, err := s.store.Permit(ctx, artisanID, permitID)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Content-Disposition", `attachment; filename="`+p.Kind+`-`+strconv.FormatInt(p.ID, 10)+extension(p.DocumentType)+`"`)
	c.Header("Cache-Control", "private, no-store")
	http.ServeFileFS(c.Writer, c.Request, s.private, p.DocumentKey)
}

func extension(contentType string) string {
	switch contentType {
	case "application/pdf":
		return ".pdf"
	case "image/png":
		return ".png"
	}
	return ".jpg"
}
