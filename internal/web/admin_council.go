package web

import (
	"io/fs"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"kriya/internal/council"
	"kriya/internal/i18n"
	"kriya/internal/media"
	"kriya/internal/monev"
)

// councilBody is the council settings form's: a logo and the fields.
const councilBody = media.MaxPhotoBytes + smallBody

// logoPrefix is where council logos are stored, among public media: the
// letterhead is the council's public face.
const logoPrefix = "council"

// councilData is the council settings page.
type councilData struct {
	Council council.Council // as saved
	Form    *form
	// Logo is the logo the form holds: a new one uploaded with a form
	// refused for another field (Pending), or the saved one.
	Logo    string
	Pending bool
	Preview string // the next report number the form's scheme gives, "" when the scheme is refused
}

// councilSettings shows the council's settings for an admin to change.
func (s *Server) councilSettings(c *gin.Context) {
	co, err := s.app.Council(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	f := &form{Values: councilValues(co, lang(c)), Errors: map[string]string{}}
	s.showCouncilSettings(c, http.StatusOK, co, f, co)
}

func (s *Server) showCouncilSettings(c *gin.Context, status int, saved council.Council, f *form, edited council.Council) {
	l := s.i18n.For(lang(c))
	d := councilData{Council: saved, Form: f, Logo: edited.LogoKey, Pending: edited.LogoKey != saved.LogoKey && edited.LogoKey != ""}
	if edited.NumberScheme.Validate() == nil {
		at := time.Now().In(i18n.WITA)
		given, err := s.store.NumbersGiven(c.Request.Context(), council.Home, monev.DocumentKind, at.Year())
		if err != nil {
			s.fail(c, err)
			return
		}
		d.Preview = edited.NumberScheme.Format(given+1, at)
	}
	s.privatePage(c, status, "admin/council", l.T("admin.council.title"), d)
}

// councilValues is the settings as their form's values.
func councilValues(co council.Council, lang string) map[string][]string {
	return map[string][]string{
		"name": {co.Name}, "city": {co.City}, "address": {co.Address}, "phone": {co.Phone}, "email": {co.Email},
		"letterhead": {strings.Join(co.Letterhead, "\n")}, "head_name": {co.HeadName}, "head_position": {co.HeadPosition},
		"number_scheme": {string(co.NumberScheme)}, "bank_accounts": {strings.Join(co.BankAccounts, "\n")},
		"commission": {council.PercentText(co.CommissionBP, lang == "id")},
	}
}

// saveCouncilSettings changes the council's settings. A refused form
// comes back with everything typed in it, and a logo uploaded with it is
// kept (as a pending key) so it need not be chosen again; a refused logo
// says why beside its field and leaves the other fields as typed.
// "preview" shows the number the scheme gives without saving.
func (s *Server) saveCouncilSettings(c *gin.Context) {
	ctx := c.Request.Context()
	saved, err := s.app.Council(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	f := emptyForm()
	upload, ok := s.uploadForm(c, f)
	if !ok {
		return
	}
	edited := saved
	edited.Name, edited.City, edited.Phone, edited.Email = f.Get("name"), f.Get("city"), f.Get("phone"), f.Get("email")
	edited.Address = strings.TrimSpace(strings.ReplaceAll(f.Values.Get("address"), "\r\n", "\n"))
	edited.Letterhead = council.Lines(f.Values.Get("letterhead"))
	edited.HeadName, edited.HeadPosition = f.Get("head_name"), f.Get("head_position")
	edited.NumberScheme = council.Scheme(f.Get("number_scheme"))
	edited.BankAccounts = council.Lines(f.Values.Get("bank_accounts"))
	bp, ok := council.ParsePercent(f.Get("commission"))
	f.Check(ok, "commission", "council.error.commission")
	edited.CommissionBP = bp

	var stored string // a logo stored by this request, taken back if it is not kept
	if fhs := upload["logo"]; len(fhs) > 0 {
		photo, msg, err := s.savePhotoUpload(c, s.files, logoPrefix, fhs[0])
		if err != nil {
			s.fail(c, err)
			return
		}
		f.Check(msg == "", "logo", msg)
		if msg == "" {
			stored, edited.LogoKey = photo.Key, photo.Key
		}
	} else if key := f.Get("logo_key"); key != "" && s.pendingLogo(key) {
		edited.LogoKey = key
	}
	if f.Get("logo_remove") == "1" {
		edited.LogoKey = ""
	}
	f.Values.Set("logo_key", "")
	if edited.LogoKey != saved.LogoKey {
		f.Values.Set("logo_key", edited.LogoKey)
	}
	for field, msg := range edited.Validate() {
		f.Check(false, field, msg)
	}
	if !f.Valid() || f.Get("preview") != "" {
		status := http.StatusOK
		if !f.Valid() {
			status = http.StatusUnprocessableEntity
		}
		s.showCouncilSettings(c, status, saved, f, edited)
		return
	}
	err = s.app.SaveCouncil(ctx, *currentUser(c), edited)
	if !f.Problems(err) {
		if stored != "" {
			s.takeBack(c, s.files, []string{stored}, nil)
		}
		s.fail(c, err)
		return
	}
	if !f.Valid() {
		s.showCouncilSettings(c, http.StatusUnprocessableEntity, saved, f, edited)
		return
	}
	if saved.LogoKey != "" && saved.LogoKey != edited.LogoKey {
		// Documents are written when asked for, so nothing refers to the
		// old logo any more.
		s.takeBack(c, s.files, []string{saved.LogoKey}, nil)
	}
	s.flash(c, "admin.council.saved")
	c.Redirect(http.StatusSeeOther, "/admin/council")
}

// pendingLogo reports whether key names a logo uploaded with an earlier,
// refused submission of the form: stored under the logo prefix, and
// there. Anything else in the field is ignored.
func (s *Server) pendingLogo(key string) bool {
	if !strings.HasPrefix(key, logoPrefix+"/") || strings.Contains(key, "..") {
		return false
	}
	_, err := fs.Stat(s.files, media.VariantKey(key, media.Thumb))
	return err == nil
}
