package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"kriya/internal/account"
	"kriya/internal/i18n"
)

// audit records a staff or admin action. It is called after the action
// succeeded; a failure to record is logged, and the user told the action
// failed, so nothing staff do goes unrecorded silently.
func (s *Server) audit(c *gin.Context, action, objectType, objectID, details string) error {
	u := currentUser(c)
	return s.store.Audit(c.Request.Context(), &account.AuditEntry{
		ActorID: u.ID, ActorEmail: u.Email, Action: action,
		ObjectType: objectType, ObjectID: objectID, Details: details,
	})
}

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
	ctx := c.Request.Context()
	f := newForm(c)
	email, name, role, password := f.Get("email"), f.Get("name"), f.Get("role"), f.Values.Get("password")
	f.Check(validEmail(email), "email", "form.email.invalid")
	f.Check(name != "", "name", "form.required")
	f.Check(role == account.RoleStaff || role == account.RoleAdmin, "role", "admin.role.invalid")
	if err := account.CheckPassword(password, email); err != nil {
		f.Check(false, "password", passwordMessage(err))
	}
	if !f.Valid() {
		s.showUsers(c, http.StatusUnprocessableEntity, f)
		return
	}
	hash, err := account.HashPassword(password)
	if err != nil {
		s.fail(c, err)
		return
	}
	u := account.User{Email: email, Name: name, Role: role, PasswordHash: hash, Lang: i18n.Default, Active: true}
	err = s.store.CreateUser(ctx, &u)
	if errors.Is(err, account.ErrEmailTaken) {
		f.Check(false, "email", "admin.email.taken")
		s.showUsers(c, http.StatusUnprocessableEntity, f)
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	if err := s.audit(c, "user.create", "user", strconv.FormatInt(u.ID, 10), fmt.Sprintf("%s as %s", u.Email, u.Role)); err != nil {
		s.fail(c, err)
		return
	}
	s.flash(c, "admin.user.created")
	c.Redirect(http.StatusSeeOther, "/admin/users")
}

// updateUser changes another user's role or active state. Admins cannot
// demote or deactivate themselves, so the council never loses its last
// admin by a slip.
func (s *Server) updateUser(c *gin.Context) {
	ctx := c.Request.Context()
	id, _ := strconv.ParseInt(c.Param("id"), 10, 64)
	if id == currentUser(c).ID {
		s.flash(c, "admin.user.self")
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
			s.flash(c, "admin.role.invalid")
			c.Redirect(http.StatusSeeOther, "/admin/users")
			return
		}
		action, details = "user.role", u.Role+" → "+role
		u.Role = role
	case "deactivate":
		action, u.Active = "user.deactivate", false
	case "activate":
		action, u.Active = "user.activate", true
	default:
		s.flash(c, "admin.change.unknown")
		c.Redirect(http.StatusSeeOther, "/admin/users")
		return
	}
	if err := s.store.UpdateUser(ctx, &u); err != nil {
		s.fail(c, err)
		return
	}
	if err := s.audit(c, action, "user", strconv.FormatInt(u.ID, 10), u.Email+" "+details); err != nil {
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
