package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"kriya/internal/notify"
)

// notificationsData is an artisan's notification centre: what happened,
// newest first, and how they want to hear of each kind by e-mail.
type notificationsData struct {
	WS            workspace
	Notifications []notify.Notification
	Settings      notify.Settings
	Kinds         []string
	Frequencies   []string
	Form          *form
}

// notifications shows the artisan its notifications and marks them read.
func (s *Server) notifications(c *gin.Context) {
	s.showNotifications(c, http.StatusOK, emptyForm())
}

func (s *Server) showNotifications(c *gin.Context, status int, f *form) {
	ctx := c.Request.Context()
	ws := currentWorkspace(c)
	d := notificationsData{WS: ws, Kinds: notify.Kinds, Frequencies: notify.Frequencies, Form: f}
	var err error
	if d.Notifications, err = s.app.Notifications(ctx, ws.worker(c)); err != nil {
		s.fail(c, err)
		return
	}
	if d.Settings, err = s.store.NotifySettings(ctx, ws.Artisan.ID); err != nil {
		s.fail(c, err)
		return
	}
	d.WS.Unread = 0 // read now
	s.privatePage(c, status, "workspace/notifications", s.i18n.For(lang(c)).T("notify.title"), d)
}

// saveNotifySettings keeps the artisan's choice per kind.
func (s *Server) saveNotifySettings(c *gin.Context) {
	ws := currentWorkspace(c)
	f := newForm(c)
	settings := notify.Settings{}
	for _, kind := range notify.Kinds {
		if v := f.Get(kind); v != "" {
			settings[kind] = v
		}
	}
	err := s.app.SaveNotifySettings(c.Request.Context(), ws.worker(c), settings)
	if !f.Problems(err) {
		s.fail(c, err)
		return
	}
	if !f.Valid() {
		s.showNotifications(c, http.StatusUnprocessableEntity, f)
		return
	}
	s.flash(c, "notify.saved")
	c.Redirect(http.StatusSeeOther, ws.Base+"/notifications")
}
