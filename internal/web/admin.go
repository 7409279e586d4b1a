package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"kriya/internal/account"
	"kriya/internal/i18n"
)

// usersData is the admin's user list.
type usersData struct {
	Users  []account.User
	Filter account.UserFilter
	Roles  []string
	Form   *form
}

func (s *Server) adminUsers(c *gin.Context) {
	s.showUsers(c, http.StatusOK, emptyForm())
}

func (s *Server) showUsers(c *gin.Context, status int, f *form) {
	filter := account.UserFilter{Role: c.Query("role"), Query: c.Query("q")}
	if !account.ValidRole(filter.Role) {
		filter.Role = ""
	}
	users, err := s.store.Users(c.Request.Context(), filter)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.privatePage(c, status, "admin/users", s.i18n.For(lang(c)).T("admin.users.title"), usersData{Users: users, Filter: filter, Roles: account.Roles, Form: f})
}

// createStaff adds a staff or admin account with a first password the
// admin hands over; the new user changes it from their account page.
func (s *Server) createStaff(c *gin.Context) {
	f := newForm(c)
	_, err := s.app.CreateStaff(c.Request.Context(), *currentUser(c), f.Get("email"), f.Get("name"), f.Get("position"), f.Get("role"), f.Values.Get("password"))
	if !f.Problems(err) {
		s.fail(c, err)
		return
	}
	if !f.Valid() {
		s.showUsers(c, http.StatusUnprocessableEntity, f)
		return
	}
	s.flash(c, "admin.user.created")
	c.Redirect(http.StatusSeeOther, "/admin/users")
}

// updateUser changes a user's position, or another user's role or active
// state. Admins cannot demote or deactivate themselves, so the council
// never loses its last admin by a slip; their own position they may set.
func (s *Server) updateUser(c *gin.Context) {
	ctx := c.Request.Context()
	id, _ := strconv.ParseInt(c.Param("id"), 10, 64)
	if id == currentUser(c).ID && c.PostForm("change") != "position" {
		s.refuse(c, "admin.user.self")
		c.Redirect(http.StatusSeeOther, "/admin/users")
		return
	}
	u, err := s.store.UserByID(ctx, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	var action, details string
	switch c.PostForm("change") {
	case "role":
		role := c.PostForm("role")
		if !account.ValidRole(role) || (role == account.RoleArtisan && u.ArtisanID == nil) {
			s.refuse(c, "admin.role.invalid")
			c.Redirect(http.StatusSeeOther, "/admin/users")
			return
		}
		action, details = "user.role", u.Role+" → "+role
		u.Role = role
	case "position":
		position := strings.TrimSpace(c.PostForm("position"))
		if utf8.RuneCountInString(position) > 200 {
			s.flash(c, "form.too_long")
			c.Redirect(http.StatusSeeOther, "/admin/users")
			return
		}
		action, details = "user.position", u.Position+" → "+position
		u.Position = position
	case "deactivate":
		action, u.Active = "user.deactivate", false
	case "activate":
		action, u.Active = "user.activate", true
	default:
		s.refuse(c, "admin.change.unknown")
		c.Redirect(http.StatusSeeOther, "/admin/users")
		return
	}
	if err := s.app.UpdateUser(ctx, *currentUser(c), u, action, details); err != nil {
		s.fail(c, err)
		return
	}
	s.flash(c, "admin.user.updated")
	c.Redirect(http.StatusSeeOther, "/admin/users")
}

// auditData is the audit log page with its filters.
type auditData struct {
	Entries []account.AuditEntry
	Actor   string
	Action  string
	From    string
	To      string
}

func (s *Server) adminAudit(c *gin.Context) {
	d := auditData{Actor: c.Query("actor"), Action: c.Query("action"), From: c.Query("from"), To: c.Query("to")}
	f := account.AuditFilter{Actor: d.Actor, Action: d.Action}
	// Dates are days in Bali; an unreadable date is ignored.
	if t, err := time.ParseInLocation("2006-01-02", d.From, i18n.WITA); err == nil {
		f.From = t
	}
	if t, err := time.ParseInLocation("2006-01-02", d.To, i18n.WITA); err == nil {
		f.To = t.AddDate(0, 0, 1)
	}
	var err error
	if d.Entries, err = s.store.AuditLog(c.Request.Context(), f); err != nil {
		s.fail(c, err)
		return
	}
	s.privatePage(c, http.StatusOK, "admin/audit", s.i18n.For(lang(c)).T("admin.audit.title"), d)
}
