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
// password) instead, at most once in six hours, and no error: the page
// never tells a visitor whether an address has an account. Each sign-up
// costs a password hash, so sign-ups from one client (its IP address) and
// for one address are throttled (ErrThrottled).
func (a *App) SignUp(ctx context.Context, email, name, password, lang, client string) error {
	email = strings.ToLower(strings.TrimSpace(email))
	tries := []try{{signUps, client}, {signUpsOfEmail, email}}
	if err := a.throttle(ctx, tries...); err != nil {
		return err
	}
	if err := a.count(ctx, a.store, tries...); err != nil {
		return err
	}
	hash, err := account.HashPassword(password)
	if err != nil {
		return err
	}
	u := account.User{Email: email, Name: name, PasswordHash: hash, Role: account.RoleBuyer, Lang: lang, Active: true}
	return a.store.Atomic(ctx, func(tx *store.Store) error {
		err := tx.CreateUser(ctx, &u)
		if errors.Is(err, account.ErrEmailTaken) {
			return a.tellOwner(ctx, tx, email)
		}
		if err != nil {
			return err
		}
		return tx.Enqueue(ctx, a.message(u.Email, u.Lang, "email.welcome", "Name", u.Name, "URL", a.cfg.BaseURL+"/login"))
	})
}

// tellOwner e-mails the owner of email that someone tried to sign up
// with it, unless they were told in the last hours.
func (a *App) tellOwner(ctx context.Context, tx *store.Store, email string) error {
	told := try{takenMails, email}
	if wait, err := a.wait(ctx, tx, told); err != nil || wait > 0 {
		return err
	}
	existing, err := tx.UserByEmail(ctx, email)
	if err != nil {
		return err
	}
	if err := a.count(ctx, tx, told); err != nil {
		return err
	}
	return tx.Enqueue(ctx, a.message(existing.Email, existing.Lang, "email.signup_taken", "Name", existing.Name, "URL", a.cfg.BaseURL+"/password/forgot"))
}

// CreateStaff creates a council account (staff or admin) with a password
// the admin chose. Problems come back as fault.Invalid field errors with
// message ids; a taken address is one of them.
func (a *App) CreateStaff(ctx context.Context, admin account.User, email, name, position, role, password string) (account.User, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	errs := map[string]string{}
	if !validate.Email(email) {
		errs["email"] = "form.email.invalid"
	}
	if name == "" || len(name) > 200 {
		errs["name"] = "form.required"
	}
	if len(position) > 200 {
		errs["position"] = "form.too_long"
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
	u := account.User{Email: email, Name: name, Position: position, Role: role, PasswordHash: hash, Lang: i18n.Default, Active: true}
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
// state; action and details name the change in the audit trail. A
// deactivated user's sessions and tokens end for good: reactivating the
// account does not bring them back.
func (a *App) UpdateUser(ctx context.Context, admin account.User, u account.User, action, details string) error {
	return a.store.Atomic(ctx, func(tx *store.Store) error {
		if err := tx.UpdateUser(ctx, &u); err != nil {
			return err
		}
		if !u.Active {
			if err := endEverywhere(ctx, tx, &u); err != nil {
				return err
			}
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

// SignIn checks an e-mail address and password, from the sign-in page or
// the API's token request, and returns the account. Failures are counted
// in the database per account and client address (client) and per
// client: too many give ErrThrottled, to that client only, so failures
// elsewhere never lock the owner out. A success forgets the account's
// failures from that client. A wrong address and a wrong password give
// the same account.ErrBadCredentials, in the same time, so the answer
// never says whether an address is registered.
func (a *App) SignIn(ctx context.Context, email, password, client string) (account.User, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	here := try{signInFailures, email + "\x00" + client}
	if err := a.throttle(ctx, here, try{clientFailures, client}); err != nil {
		return account.User{}, err
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
	} else if err := account.DummyVerify(password); err != nil {
		return u, err
	}
	if !ok || !u.Active {
		if err := a.count(ctx, a.store, here, try{clientFailures, client}); err != nil {
			return account.User{}, err
		}
		return account.User{}, account.ErrBadCredentials
	}
	return u, a.store.ClearAttempts(ctx, here.key())
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
	email = strings.ToLower(strings.TrimSpace(email))
	if err := a.throttle(ctx, try{resetMails, email}); err != nil {
		return err
	}
	if err := a.count(ctx, a.store, try{resetMails, email}); err != nil {
		return err
	}
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

// ChangePassword sets a signed-in user's new password, given the current
// one, and ends every other session and every token of the user: whoever
// learnt the old password is out. It returns the user as saved, whose
// SessionEpoch the caller's own session moves to. Problems come back as
// fault.Invalid field errors with message ids.
func (a *App) ChangePassword(ctx context.Context, u account.User, current, password, confirm string) (account.User, error) {
	errs := map[string]string{}
	ok, err := account.VerifyPassword(u.PasswordHash, current)
	if err != nil {
		return u, err
	}
	if !ok {
		errs["current_password"] = "account.password.wrong"
	}
	if err := account.CheckPassword(password, u.Email); err != nil {
		errs["password"] = PasswordMessage(err)
	}
	if password != confirm {
		errs["password_confirm"] = "form.password.mismatch"
	}
	if err := fault.Fields(errs); err != nil {
		return u, err
	}
	if u.PasswordHash, err = account.HashPassword(password); err != nil {
		return u, err
	}
	err = a.store.Atomic(ctx, func(tx *store.Store) error {
		if err := tx.UpdateUser(ctx, &u); err != nil {
			return err
		}
		return endEverywhere(ctx, tx, &u)
	})
	return u, err
}

// ResetPassword sets a new password with a reset link's token, once, and
// ends every session and token of the user. A used, expired or unknown
// token gives account.ErrTokenInvalid; a poor password, field errors.
func (a *App) ResetPassword(ctx context.Context, token, password, confirm string) error {
	errs := map[string]string{}
	if err := account.CheckPassword(password, ""); err != nil {
		errs["password"] = PasswordMessage(err)
	}
	if password != confirm {
		errs["password_confirm"] = "form.password.mismatch"
	}
	if err := fault.Fields(errs); err != nil {
		return err
	}
	hash, err := account.HashPassword(password)
	if err != nil {
		return err
	}
	return a.store.Atomic(ctx, func(tx *store.Store) error {
		t, err := tx.UseToken(ctx, account.TokenPasswordReset, account.HashSecret(token))
		if err != nil {
			return err
		}
		u, err := tx.UserByID(ctx, t.UserID)
		if err != nil {
			return err
		}
		u.PasswordHash = hash
		if err := tx.UpdateUser(ctx, &u); err != nil {
			return err
		}
		return endEverywhere(ctx, tx, &u)
	})
}

// endEverywhere ends every session and token of u, in tx, and moves u to
// its new session epoch.
func endEverywhere(ctx context.Context, tx *store.Store, u *account.User) error {
	epoch, err := tx.EndSessions(ctx, u.ID)
	if err != nil {
		return err
	}
	u.SessionEpoch = epoch
	return tx.EndTokens(ctx, u.ID)
}
