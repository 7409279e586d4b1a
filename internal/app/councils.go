package app

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"kriya/internal/account"
	"kriya/internal/council"
	"kriya/internal/fault"
	"kriya/internal/store"
)

// Council is the marketplace's council as its admins have set it up now:
// read from the database at every use, so a change made through any
// server process holds in all of them at once.
func (a *App) Council(ctx context.Context) (council.Council, error) {
	return a.store.Council(ctx, council.Home)
}

// SaveCouncil writes the council's settings as an admin changed them, with
// an audit entry naming what changed, in one transaction. Problems come
// back as fault.Invalid field errors; anyone but an admin is refused.
func (a *App) SaveCouncil(ctx context.Context, admin account.User, c council.Council) error {
	if admin.Role != account.RoleAdmin {
		return fault.New(fault.Forbidden, "", "only admins change the council's settings")
	}
	c.ID = council.Home
	if err := fault.Fields(c.Validate()); err != nil {
		return err
	}
	return a.store.Atomic(ctx, func(tx *store.Store) error {
		before, err := tx.Council(ctx, c.ID)
		if err != nil {
			return err
		}
		if err := tx.SaveCouncil(ctx, &c); err != nil {
			return err
		}
		return audit(ctx, tx, admin, "council.update", "council", id(c.ID), councilChanges(before, c))
	})
}

// councilChanges says what a change of settings changed, for the audit
// log: the money settings with their values before and after, the others
// by name.
func councilChanges(before, after council.Council) string {
	var changed []string
	named := func(name string, differ bool) {
		if differ {
			changed = append(changed, name)
		}
	}
	named("name", before.Name != after.Name)
	named("city", before.City != after.City)
	named("address", before.Address != after.Address || before.Phone != after.Phone || before.Email != after.Email)
	named("logo", before.LogoKey != after.LogoKey)
	named("letterhead", !slices.Equal(before.Letterhead, after.Letterhead))
	named("head", before.HeadName != after.HeadName || before.HeadPosition != after.HeadPosition)
	if before.NumberScheme != after.NumberScheme {
		changed = append(changed, fmt.Sprintf("number scheme %s → %s", before.NumberScheme, after.NumberScheme))
	}
	if !slices.Equal(before.BankAccounts, after.BankAccounts) {
		changed = append(changed, fmt.Sprintf("bank accounts %q → %q", before.BankAccounts, after.BankAccounts))
	}
	if before.CommissionBP != after.CommissionBP {
		changed = append(changed, fmt.Sprintf("commission %s%% → %s%%",
			council.PercentText(before.CommissionBP, false), council.PercentText(after.CommissionBP, false)))
	}
	if len(changed) == 0 {
		return "nothing changed"
	}
	return strings.Join(changed, "; ")
}
