// Package account knows who uses Kriya and what each may do: users and
// their roles, passwords, sign-in tokens and the audit trail of staff
// actions.
package account

import (
	"time"

	"kriya/internal/fault"
)

// Roles. A buyer shops; an artisan manages one artisan's shop; staff run
// the council's side; an admin also manages users.
const (
	RoleBuyer   = "buyer"
	RoleArtisan = "artisan"
	RoleStaff   = "staff"
	RoleAdmin   = "admin"
)

// Roles lists every role, in order of power.
var Roles = []string{RoleBuyer, RoleArtisan, RoleStaff, RoleAdmin}

// ValidRole reports whether r is one of Roles.
func ValidRole(r string) bool {
	for _, x := range Roles {
		if r == x {
			return true
		}
	}
	return false
}

// Errors the account workflows return, wrapped; the web layer maps them to
// messages that never say whether an e-mail address is registered.
var (
	ErrNotFound       error = fault.New(fault.NotFound, "", "account not found")
	ErrEmailTaken     error = fault.New(fault.Conflict, "email_taken", "email already registered")
	ErrBadCredentials error = fault.New(fault.Invalid, "bad_credentials", "wrong email or password")
	ErrInactive       error = fault.New(fault.Forbidden, "inactive", "account deactivated")
	ErrTokenInvalid   error = fault.New(fault.Invalid, "token_invalid", "token invalid or expired")
)

// User is anyone who signs in.
type User struct {
	ID    int64
	Email string // stored lower-case
	Name  string
	// Position is a council officer's position (jabatan), printed under
	// their name where they sign a document; empty for everyone else.
	Position     string
	PasswordHash string
	Role         string
	ArtisanID    *int64 // the artisan an artisan account manages
	Lang         string // "id" or "en": the language of their e-mails
	Active       bool
	SessionEpoch int64 // a session signed in at another epoch is over
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// IsStaff reports whether the user works for the council (staff or admin).
func (u User) IsStaff() bool { return u.Role == RoleStaff || u.Role == RoleAdmin }

// ManagesArtisan reports whether the user is the artisan account of the
// artisan with the given id: the ownership check behind every artisan page.
func (u User) ManagesArtisan(artisanID int64) bool {
	return u.Role == RoleArtisan && u.ArtisanID != nil && *u.ArtisanID == artisanID
}

// Token purposes.
const (
	TokenPasswordReset = "password_reset"
	TokenAPI           = "api"
)

// Token is a secret handed to a user — a password-reset link, an API
// bearer token. Only its SHA-256 hash is stored, so a copy of the database
// does not let anyone sign in.
type Token struct {
	ID        int64
	UserID    int64
	Purpose   string
	Hash      []byte
	Name      string // for API tokens: what the user called it
	ExpiresAt time.Time
	EndedAt   *time.Time // a reset link used, an API token revoked
	CreatedAt time.Time
}

// AuditEntry records one action by staff or an admin.
type AuditEntry struct {
	ID         int64
	ActorID    int64
	ActorEmail string
	Action     string // such as "user.create", "user.role", "user.deactivate"
	ObjectType string
	ObjectID   string
	Details    string
	CreatedAt  time.Time
}

// UserFilter narrows the admin's list of users.
type UserFilter struct {
	Role  string
	Query string // part of the e-mail or name
}

// AuditFilter narrows the audit log.
type AuditFilter struct {
	Actor  string    // the actor's e-mail
	Action string    // an action or its prefix, e.g. "user."
	From   time.Time // inclusive
	To     time.Time // exclusive
}
