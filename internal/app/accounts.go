package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"kriya/internal/account"
	"kriya/internal/fault"
	"kriya/internal/i18n"
	"kriya/internal/store"
	"kriya/internal/validate"
)

// SignUp opens a buyer's account, with a welcome e-mail. An address
// already registered gets an e-mail saying so (with the way to reset the
// password) instead, and no error: the page never tells a visitor whether
// an address has an account.
func (a *App) SignUp(ctx context.Context, email, name, password, lang string) error {
	hash, err := account.HashPassword(password)
	if err != nil {
		return err
	}
	u := account.User{Email: email, Name: name, PasswordHash: hash, Role: account.RoleBuyer, Lang: lang, Active: true}
	return a.store.Atomic(ctx, func(tx *store.Store) error {
		err := tx.CreateUser(ctx, &u)
		if errors.Is(err, account.ErrEmailTaken) {
			existing, err := tx.UserByEmail(ctx, email)
			if err != nil {
				return err
			}
			return tx.Enqueue(ctx, a.message(existing.Email, existing.Lang, "email.signup_taken", "Name", existing.Name, "URL", a.cfg.BaseURL+"/password/forgot"))
		}
		if err != nil {
			return err
		}
		return tx.Enqueue(ctx, a.message(u.Email, u.Lang, "email.welcome", "Name", u.Name, "URL", a.cfg.BaseURL+"/login"))
	})
}

// CreateStaff creates a council account (staff or admin) with a password
// the admin chose. Problems come back as fault.Invalid field errors with
// message ids; a taken address is one of them.
func (a *App) CreateStaff(ctx context.Context, admin account.User, email, name, role, password string) (account.User, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	errs := map[string]string{}
	if !validate.Email(email) {
		errs["email"] = "form.email.invalid"
	}
	if name == "" || len(name) > 200 {
		errs["name"] = "form.required"
	}
	if role != account.RoleStaff && role != account.RoleAdmin {
		errs["role"] = "admin.role.invalid"
	}
	if err := account.CheckPassword(password, email); err != nil {
		errs["password"] = PasswordMessage(err)
	}
	if err := fault.Fields(errs); err != nil {
		return account.User{}, err
	}
	hash, err := account.HashPassword(password)
	if err != nil {
		return account.User{}, err
	}
	u := account.User{Email: email, Name: name, Role: role, PasswordHash: hash, Lang: i18n.Default, Active: true}
	err = a.store.Atomic(ctx, func(tx *store.Store) error {
		if err := tx.CreateUser(ctx, &u); err != nil {
			return err
		}
		return audit(ctx, tx, admin, "user.create", "user", id(u.ID), fmt.Sprintf("%s as %s", u.Email, u.Role))
	})
	if errors.Is(err, account.ErrEmailTaken) {
		return u, fault.Fields(map[string]string{"email": "admin.email.taken"})
	}
	return u, err
}

// UpdateUser saves an admin's change to another user's role or active
// state; action and details name the change in the audit trail.
func (a *App) UpdateUser(ctx context.Context, admin account.User, u account.User, action, details string) error {
	return a.store.Atomic(ctx, func(tx *store.Store) error {
		if err := tx.UpdateUser(ctx, &u); err != nil {
			return err
		}
		return audit(ctx, tx, admin, action, "user", id(u.ID), u.Email+" "+details)
	})
}

// PasswordMessage is the message id that names what is wrong with a new
// password.
func PasswordMessage(err error) string {
	switch {
	case errors.Is(err, account.ErrPasswordTooShort):
		return "form.password.short"
	case errors.Is(err, account.ErrPasswordTooLong):
		return "form.password.long"
	default:
		return "form.password.common"
	}
}

// How long secrets handed to users stay valid.
const (
	ResetTokenLifetime = time.Hour
	APITokenLifetime   = 90 * 24 * time.Hour
)

// ErrThrottled refuses a sign-in or a reset e-mail asked for too often.
var ErrThrottled error = fault.New(fault.TooMany, "too_many_requests", "too many attempts; wait a few minutes")

// SignIn checks an e-mail address and password, from the sign-in page or
// the API's token request, and returns the account. Failures are counted
// per account and per client address (client): too many give
// ErrThrottled. A wrong address and a wrong password give the same
// account.ErrBadCredentials, in the same time, so the answer never says
// whether an address is registered.
func (a *App) SignIn(ctx context.Context, email, password, client string) (account.User, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	if a.loginThrottle.blocked(email) || a.clientThrottle.blocked(client) {
		return account.User{}, ErrThrottled
	}
	u, err := a.store.UserByEmail(ctx, email)
	if err != nil && !errors.Is(err, account.ErrNotFound) {
		return u, err
	}
	ok := false
	if err == nil {
		if ok, err = account.VerifyPassword(u.PasswordHash, password); err != nil {
			return u, err
		}
	} else {
		account.DummyVerify(password)
	}
	if !ok || !u.Active {
		a.loginThrottle.failed(email)
		a.clientThrottle.failed(client)
		return account.User{}, account.ErrBadCredentials
	}
	return u, nil
}

// NewAPIToken gives u a bearer token for the API, named so the user can
// tell their tokens apart; the plain token is shown once.
func (a *App) NewAPIToken(ctx context.Context, u account.User, name string) (string, error) {
	plain, hash := account.NewSecret()
	t := account.Token{UserID: u.ID, Purpose: account.TokenAPI, Hash: hash, Name: name, ExpiresAt: a.now().Add(APITokenLifetime)}
	return plain, a.store.CreateToken(ctx, &t)
}

// SendPasswordReset e-mails a single-use reset link to an active account
// at email, and does nothing, silently, for any other address. Asking too
// often for one address gives ErrThrottled.
func (a *App) SendPasswordReset(ctx context.Context, email string) error {
	if a.resetThrottle.blocked(email) {
		return ErrThrottled
	}
	a.resetThrottle.failed(email)
	u, err := a.store.UserByEmail(ctx, email)
	if errors.Is(err, account.ErrNotFound) || (err == nil && !u.Active) {
		return nil
	}
	if err != nil {
		return err
	}
	plain, hash := account.NewSecret()
	t := account.Token{UserID: u.ID, Purpose: account.TokenPasswordReset, Hash: hash, ExpiresAt: a.now().Add(ResetTokenLifetime)}
	return a.store.Atomic(ctx, func(tx *store.Store) error {
		if err := tx.CreateToken(ctx, &t); err != nil {
			return err
		}
		return tx.Enqueue(ctx, a.message(u.Email, u.Lang, "email.reset", "Name", u.Name, "URL", a.cfg.BaseURL+"/password/reset/"+plain))
	})
}
