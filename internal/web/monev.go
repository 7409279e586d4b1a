package web

import (
	"context"
	"errors"
	"io/fs"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"kriya/internal/account"
	"kriya/internal/catalog"
	"kriya/internal/council"
	"kriya/internal/i18n"
	"kriya/internal/media"
	"kriya/internal/monev"
	"kriya/internal/report"
	"kriya/internal/sales"
	"kriya/internal/validate"
)

// visitData is a record as its pages show it.
type visitData struct {
	Visit       monev.Visit
	Artisan     catalog.Artisan
	Measured    monev.Measured
	Today       *monev.Measured // a submitted record whose figures differ from today's
	FollowUps   []monev.FollowUp
	Attachments []monev.Attachment
	Staff       bool
	Base        string // the record's URL
	Form        *form
	Print       bool
	WS          workspace // the artisan's workspace, for its navigation
	// Council is whose letterhead, numbering and signatory the record's
	// document carries; People are the officers who submitted, verified
	// and locked it, by id.
	Council council.Council
	People  map[int64]account.User
	// Embed asks for the contents of the logo and photos too (Images, by
	// stored key), for the PDF; pages link to them instead.
	Embed  bool
	Images map[string][]byte
	// Doc is the record as the page, the print and the PDF show it.
	Doc              report.Document
	MeasuredStatus   string
	NextAction       string // what staff can do next, "" when locked
	FollowUpStatuses []string
}

// visitOf loads the record in the URL for its reader: any record for
// staff; for an artisan, only its own, and only once submitted (a draft
// is the officers' working copy).
func (s *Server) visitOf(c *gin.Context) (visitData, bool) {
	ctx := c.Request.Context()
	id, _ := strconv.ParseInt(c.Param("id"), 10, 64)
	v, err := s.store.Visit(ctx, id)
	if err != nil {
		s.fail(c, err)
		return visitData{}, false
	}
	d := visitData{Visit: v, Staff: currentUser(c).IsStaff(), Base: "/council/monev/" + i64(v.ID)}
	if ws, own := c.Get(ctxWorkspace); own {
		if ws.(workspace).Artisan.ID != v.ArtisanID || v.Status == monev.Draft {
			s.notFound(c)
			return d, false
		}
		d.Staff, d.WS, d.Base = false, ws.(workspace), ws.(workspace).Base+"/monev/"+i64(v.ID)
	}
	if d.Artisan, err = s.store.ArtisanByID(ctx, v.ArtisanID); err != nil {
		s.fail(c, err)
		return d, false
	}
	return d, true
}

// withFigures adds the record's figures, follow-ups and files, and the
// record as a document in l's language.
func (s *Server) withFigures(ctx context.Context, l *i18n.Localizer, d *visitData) error {
	v := d.Visit
	live, err := s.app.Measure(ctx, v)
	if err != nil {
		return err
	}
	d.Measured = live
	if v.Measured != nil {
		d.Measured = *v.Measured
		if !live.SameFigures(*v.Measured) {
			d.Today = &live
		}
	}
	all, err := s.store.FollowUps(ctx, monev.FollowUpFilter{ArtisanID: v.ArtisanID, OpenedBefore: v.Day})
	if err != nil {
		return err
	}
	d.FollowUps = monev.Carried(v, all)
	if d.Attachments, err = s.store.Attachments(ctx, v.ID); err != nil {
		return err
	}
	if d.Council, err = s.app.Council(ctx); err != nil {
		return err
	}
	d.People = map[int64]account.User{}
	for _, userID := range []int64{v.SubmittedBy, v.VerifiedBy, v.LockedBy} {
		if _, seen := d.People[userID]; userID == 0 || seen {
			continue
		}
		if d.People[userID], err = s.store.UserByID(ctx, userID); err != nil {
			return err
		}
	}
	if d.Embed {
		d.Images = map[string][]byte{}
		if d.Council.LogoKey != "" {
			s.embed(d.Images, s.files, media.VariantKey(d.Council.LogoKey, media.Thumb))
		}
		for _, a := range d.Attachments {
			if a.Kind == "photo" {
				s.embed(d.Images, s.private, a.FileKey)
			}
		}
	}
	d.FollowUpStatuses = monev.FollowUpStatuses
	for _, action := range []string{monev.ActionSubmit, monev.ActionVerify, monev.ActionLock} {
		if _, err := v.Next(action, 0); err == nil {
			d.NextAction = action
		}
	}
	d.MeasuredStatus = measuredStatus(l, *d)
	d.Doc = visitDocument(l, *d)
	return nil
}

// embed reads a stored picture into images for a PDF. A picture that
// cannot be read is left out of the document, which is still worth
// having, and the operator hears of it.
func (s *Server) embed(images map[string][]byte, store media.Storage, key string) {
	b, err := fs.ReadFile(store, key)
	if err != nil {
		s.log.Error("document: picture unreadable", "key", key, "err", err)
		return
	}
	images[key] = b
}

// officers are the staff and admin users, who make visits.
func (s *Server) officers(ctx context.Context) ([]account.User, error) {
	var out []account.User
	for _, role := range []string{account.RoleStaff, account.RoleAdmin} {
		us, err := s.store.Users(ctx, account.UserFilter{Role: role})
		if err != nil {
			return nil, err
		}
		out = append(out, us...)
	}
	return out, nil
}

// visitPage shows a record: to staff with its actions, to its artisan to
// read.
func (s *Server) visitPage(c *gin.Context) {
	d, ok := s.visitOf(c)
	if !ok {
		return
	}
	s.showVisit(c, http.StatusOK, d, emptyForm())
}

func (s *Server) showVisit(c *gin.Context, status int, d visitData, f *form) {
	l := s.i18n.For(lang(c))
	if err := s.withFigures(c.Request.Context(), l, &d); err != nil {
		s.fail(c, err)
		return
	}
	d.Form = f
	s.privatePage(c, status, "monev/visit", l.T("monev.visit.title", "Name", d.Artisan.Name, "Day", dayText(l, d.Visit.Day)), d)
}

// visitPrint is the record on one printable page, in Bahasa Indonesia
// whatever the reader's language: it is filed with the council's papers.
func (s *Server) visitPrint(c *gin.Context) {
	d, ok := s.visitOf(c)
	if !ok {
		return
	}
	d.Print, d.Form = true, emptyForm()
	l := s.i18n.For("id")
	if err := s.withFigures(c.Request.Context(), l, &d); err != nil {
		s.fail(c, err)
		return
	}
	v := s.newView(c, "")
	v.L = l
	v.Title = v.L.T("monev.visit.title", "Name", d.Artisan.Name, "Day", dayText(v.L, d.Visit.Day))
	v.NoIndex, v.CSRF, v.Data = true, s.csrfToken(c), d
	s.render(c, http.StatusOK, "monev/visit", v)
}

// visitPDF is the record as a PDF, in Bahasa Indonesia, with its logo and
// photographs in it.
func (s *Server) visitPDF(c *gin.Context) {
	d, ok := s.visitOf(c)
	if !ok {
		return
	}
	d.Embed = true
	if err := s.withFigures(c.Request.Context(), s.i18n.For("id"), &d); err != nil {
		s.fail(c, err)
		return
	}
	s.sendDocument(c, d.Doc, "pdf", "monev-"+i64(d.Visit.ID)+"-"+d.Visit.Day+".pdf")
}

// monevListData is the council's list of records.
type monevListData struct {
	Visits     []monev.Visit
	Artisans   map[int64]catalog.Artisan
	All        []catalog.Artisan
	Officers   []account.User
	Kecamatans []string
	Filter     monev.Filter
	Form       *form
	Kinds      []string
}

// councilVisits lists records by visit day, officer and kecamatan, with
// the form that starts a new one.
func (s *Server) councilVisits(c *gin.Context) {
	f := emptyForm()
	f.Values.Set("artisan", c.Query("artisan"))
	f.Values.Set("day", sales.Day(time.Now()))
	s.showVisits(c, http.StatusOK, f)
}

func (s *Server) showVisits(c *gin.Context, status int, f *form) {
	ctx := c.Request.Context()
	q := c.Request.URL.Query()
	filter := monev.Filter{From: validate.DayOrNone(q.Get("from")), To: validate.DayOrNone(q.Get("to")), Kecamatan: q.Get("kecamatan")}
	filter.OfficerID, _ = strconv.ParseInt(q.Get("officer"), 10, 64)
	d := monevListData{Filter: filter, Form: f, Kinds: monev.Kinds, Artisans: map[int64]catalog.Artisan{}}
	var err error
	if d.Visits, err = s.store.Visits(ctx, filter); err != nil {
		s.fail(c, err)
		return
	}
	if d.All, err = s.store.ArtisansByStatus(ctx, ""); err != nil {
		s.fail(c, err)
		return
	}
	seen := map[string]bool{}
	for _, a := range d.All {
		d.Artisans[a.ID] = a
		if a.KecamatanCode != "" && !seen[a.KecamatanCode] {
			seen[a.KecamatanCode] = true
			d.Kecamatans = append(d.Kecamatans, a.KecamatanCode)
		}
	}
	slices.Sort(d.Kecamatans)
	if d.Officers, err = s.officers(ctx); err != nil {
		s.fail(c, err)
		return
	}
	s.privatePage(c, status, "monev/list", s.i18n.For(lang(c)).T("monev.title"), d)
}

// createVisit starts a draft for an artisan, with the officer as its lead
// and the period since the artisan's previous visit.
func (s *Server) createVisit(c *gin.Context) {
	ctx := c.Request.Context()
	f := newForm(c)
	v := monev.Visit{Day: f.Get("day"), Kind: f.Get("kind")}
	v.ArtisanID, _ = strconv.ParseInt(f.Get("artisan"), 10, 64)
	err := s.app.CreateVisit(ctx, *currentUser(c), &v)
	if !f.Problems(err) {
		s.fail(c, err)
		return
	}
	if !f.Valid() {
		s.showVisits(c, http.StatusUnprocessableEntity, f)
		return
	}
	c.Redirect(http.StatusSeeOther, "/council/monev/"+i64(v.ID)+"/edit")
}

// visitFormData is the whole record as a form.
type visitFormData struct {
	visitData
	Staff      []account.User
	TeamRoles  []string
	Kinds      []string
	Categories []string
	Severities []string
	Actions    []string
	Statuses   []string
	Materials  []url.Values
	Problems   []url.Values
	Opened     []url.Values
}

func (s *Server) editVisitForm(c *gin.Context) {
	d, ok := s.visitOf(c)
	if !ok {
		return
	}
	opened, err := s.store.FollowUps(c.Request.Context(), monev.FollowUpFilter{VisitID: d.Visit.ID})
	if err != nil {
		s.fail(c, err)
		return
	}
	s.showVisitForm(c, http.StatusOK, d, &form{Values: visitValues(d.Visit, opened), Errors: map[string]string{}})
}

func (s *Server) showVisitForm(c *gin.Context, status int, d visitData, f *form) {
	if !d.Visit.Editable() {
		s.refuseVisit(c, d, "monev.not_editable")
		return
	}
	fd := visitFormData{visitData: d, TeamRoles: monev.TeamRoles, Kinds: monev.Kinds, Categories: monev.ConstraintCategories,
		Severities: monev.Severities, Actions: monev.FollowUpActions, Statuses: monev.FollowUpStatuses,
		Materials: formRows(f.Values, "material_", []string{"type", "origin", "price", "unit"}, 2),
		Problems:  formRows(f.Values, "constraint_", []string{"category", "severity", "description"}, 3),
		Opened:    formRows(f.Values, "fu_", []string{"id", "action", "owner", "due", "status", "note"}, 2)}
	fd.Form = f
	var err error
	if fd.Staff, err = s.officers(c.Request.Context()); err != nil {
		s.fail(c, err)
		return
	}
	l := s.i18n.For(lang(c))
	s.privatePage(c, status, "monev/edit", l.T("monev.edit.title", "Name", d.Artisan.Name, "Day", dayText(l, d.Visit.Day)), fd)
}

// saveVisit writes the record's content. Measured figures are never
// written here: they are live in a draft and frozen at submission.
func (s *Server) saveVisit(c *gin.Context) {
	d, ok := s.visitOf(c)
	if !ok {
		return
	}
	f := newForm(c)
	v, opened := parseVisit(f, d.Visit)
	officers, err := s.officers(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	for _, m := range v.Team {
		f.Check(slices.ContainsFunc(officers, func(u account.User) bool { return u.ID == m.UserID }), "team", "monev.error.team")
	}
	for k, msg := range v.Validate() {
		f.Check(false, k, msg)
	}
	for _, fu := range opened {
		for k, msg := range fu.Validate() {
			f.Check(false, k, msg)
		}
	}
	if !f.Valid() {
		s.showVisitForm(c, http.StatusUnprocessableEntity, d, f)
		return
	}
	err = s.app.SaveVisit(c.Request.Context(), *currentUser(c), &v, opened)
	s.visitChanged(c, d, err, "monev.saved")
}

// changeVisitStatus submits, verifies or locks a record. Submitting
// stores the figures measured at that moment.
func (s *Server) changeVisitStatus(c *gin.Context) {
	d, ok := s.visitOf(c)
	if !ok {
		return
	}
	err := s.app.ChangeVisitStatus(c.Request.Context(), *currentUser(c), d.Visit, c.PostForm("action"))
	if errors.Is(err, monev.ErrSameOfficer) {
		s.refuseVisit(c, d, "monev.error.same_officer")
		return
	}
	next, _ := d.Visit.Next(c.PostForm("action"), currentUser(c).ID)
	s.visitChanged(c, d, err, "monev.flash."+next)
}

// updateFollowUp records, in this record, the progress of a follow-up it
// carries.
func (s *Server) updateFollowUp(c *gin.Context) {
	d, ok := s.visitOf(c)
	if !ok {
		return
	}
	fid, _ := strconv.ParseInt(c.Param("fid"), 10, 64)
	fu := monev.FollowUp{ID: fid, Status: c.PostForm("status"), Note: c.PostForm("note")}
	if !slices.Contains(monev.FollowUpStatuses, fu.Status) || len([]rune(fu.Note)) > 1000 {
		s.refuseVisit(c, d, "monev.error.follow_up")
		return
	}
	err := s.app.UpdateFollowUp(c.Request.Context(), *currentUser(c), d.Visit.ID, fu)
	s.visitChanged(c, d, err, "monev.saved")
}

// addAttachment keeps a photo (re-encoded, without its location data) or a
// document (PDF, JPEG or PNG, kept as sent) with the record, privately.
func (s *Server) addAttachment(c *gin.Context) {
	ctx := c.Request.Context()
	d, ok := s.visitOf(c)
	if !ok {
		return
	}
	if d.Visit.Status == monev.Locked {
		s.refuseVisit(c, d, "monev.not_editable")
		return
	}
	f := emptyForm()
	upload, ok := s.uploadForm(c, f)
	if !ok {
		return
	}
	if len(upload["file"]) == 0 {
		f.Check(false, "file", "upload.missing")
		s.showVisit(c, http.StatusUnprocessableEntity, d, f)
		return
	}
	fh := upload["file"][0]
	a := monev.Attachment{VisitID: d.Visit.ID, Kind: f.Get("kind"), Name: truncate(fh.Filename, 200), Caption: truncate(f.Get("caption"), 200)}
	var err error
	prefix := "monev/" + i64(d.Visit.ID)
	var msg string
	var photo media.Photo
	switch a.Kind {
	case "photo":
		photo, msg, err = s.savePhotoUpload(c, s.private, prefix, fh)
		a.FileKey, a.ContentType = media.VariantKey(photo.Key, media.Large), "image/jpeg"
	case "document":
		var doc media.Document
		doc, msg, err = s.saveDocumentUpload(c, prefix, fh)
		a.FileKey, a.ContentType = doc.Key, doc.ContentType
	default:
		msg = "monev.error.attachment_kind"
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	if msg != "" {
		f.Check(false, "file", msg)
		s.showVisit(c, http.StatusUnprocessableEntity, d, f)
		return
	}
	if err = s.app.AddAttachment(ctx, *currentUser(c), &a); err != nil {
		// The record refused it (locked meanwhile) or the database
		// failed: the stored file belongs to nothing.
		if photo.Key != "" {
			s.takeBack(c, s.private, []string{photo.Key}, nil)
		} else {
			s.takeBack(c, s.private, nil, []string{a.FileKey})
		}
	}
	s.visitChanged(c, d, err, "monev.attached")
}

// refuseVisit shows the record again with why the change was not made.
func (s *Server) refuseVisit(c *gin.Context, d visitData, messageID string) {
	s.refuse(c, messageID)
	c.Redirect(http.StatusSeeOther, d.Base)
}

// visitChanged answers a change to a record: refused by the record's
// status (another officer may have moved it meanwhile), failed, or done,
// said with the done message.
func (s *Server) visitChanged(c *gin.Context, d visitData, err error, done string) {
	switch {
	case errors.Is(err, monev.ErrNotEditable):
		s.refuseVisit(c, d, "monev.not_editable")
	case errors.Is(err, monev.ErrTransition):
		s.refuseVisit(c, d, "monev.error.transition")
	case err != nil:
		s.fail(c, err)
	default:
		s.flash(c, done)
		c.Redirect(http.StatusSeeOther, d.Base)
	}
}

// attachmentFile serves a record's file to those who may read the record.
func (s *Server) attachmentFile(c *gin.Context) {
	d, ok := s.visitOf(c)
	if !ok {
		return
	}
	as, err := s.store.Attachments(c.Request.Context(), d.Visit.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	id, _ := strconv.ParseInt(c.Param("att"), 10, 64)
	i := slices.IndexFunc(as, func(a monev.Attachment) bool { return a.ID == id })
	if i < 0 {
		s.notFound(c)
		return
	}
	c.Header("Content-Disposition", `inline; filename="monev-`+i64(d.Visit.ID)+`-`+i64(id)+extension(as[i].ContentType)+`"`)
	c.Header("Cache-Control", "private, no-store")
	c.Header("Content-Type", as[i].ContentType)
	http.ServeFileFS(c.Writer, c.Request, s.private, as[i].FileKey)
}

// artisanVisitsData is an artisan's own records and open follow-ups.
type artisanVisitsData struct {
	WS        workspace
	Visits    []monev.Visit
	FollowUps []monev.FollowUp
}

// artisanVisits lists the artisan's submitted records and what is still
// to be done.
func (s *Server) artisanVisits(c *gin.Context) {
	ctx := c.Request.Context()
	ws := currentWorkspace(c)
	d := artisanVisitsData{WS: ws}
	var err error
	if d.Visits, err = s.store.Visits(ctx, monev.Filter{ArtisanID: ws.Artisan.ID, Statuses: []string{monev.Submitted, monev.Verified, monev.Locked}}); err != nil {
		s.fail(c, err)
		return
	}
	if d.FollowUps, err = s.store.FollowUps(ctx, monev.FollowUpFilter{ArtisanID: ws.Artisan.ID, Open: true}); err != nil {
		s.fail(c, err)
		return
	}
	s.privatePage(c, http.StatusOK, "monev/mine", s.i18n.For(lang(c)).T("monev.mine.title"), d)
}

// monevDueData lists who needs a visit and what is overdue.
type monevDueData struct {
	Months    int
	Unvisited []unvisited
	Overdue   []monev.FollowUp
	Artisans  map[int64]catalog.Artisan
}

type unvisited struct {
	Artisan catalog.Artisan
	Last    string // "" when never visited
}

// monevDue lists active artisans without a visit in N months (default 6),
// longest-unvisited first, and follow-ups past their due day.
func (s *Server) monevDue(c *gin.Context) {
	ctx := c.Request.Context()
	months, err := strconv.Atoi(c.Query("months"))
	if err != nil || months < 1 || months > 60 {
		months = 6
	}
	d := monevDueData{Months: months, Artisans: map[int64]catalog.Artisan{}}
	as, err := s.store.Artisans(ctx) // active, approved artisans
	if err != nil {
		s.fail(c, err)
		return
	}
	last, err := s.store.LastVisits(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	today := sales.Day(time.Now())
	since := sales.Day(time.Now().In(sales.WITA).AddDate(0, -months, 0))
	for _, a := range as {
		d.Artisans[a.ID] = a
		if last[a.ID] < since {
			d.Unvisited = append(d.Unvisited, unvisited{a, last[a.ID]})
		}
	}
	slices.SortStableFunc(d.Unvisited, func(a, b unvisited) int { return strings.Compare(a.Last, b.Last) })
	if d.Overdue, err = s.store.FollowUps(ctx, monev.FollowUpFilter{Open: true, DueBefore: today}); err != nil {
		s.fail(c, err)
		return
	}
	s.privatePage(c, http.StatusOK, "monev/due", s.i18n.For(lang(c)).T("monev.due.title"), d)
}

// truncate keeps at most n characters of s.
func truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}
