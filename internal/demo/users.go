package demo

import (
	"context"
	"fmt"

	"kriya/internal/account"
	"kriya/internal/catalog"
)

// Password is the password of every demo login, printed by `kriya demo`.
const Password = "denpasar-kriya-demo"

// BankAccount is where the demo asks buyers to transfer to when
// KRIYA_BANK_ACCOUNT is not set: it says it is not a real account.
const BankAccount = "Rekening demo — bukan rekening sungguhan (BPD Bali 000.00.00000)"

// Login is a demo account to try the site with.
type Login struct {
	Email string
	Role  string
	Note  string // the artisan an artisan login manages
}

// logins are the demo's staff, admin and buyer; each artisan also gets one.
var logins = []Login{
	{Email: "admin@kriya.test", Role: account.RoleAdmin},
	{Email: "staf@kriya.test", Role: account.RoleStaff},
	{Email: "pembeli@kriya.test", Role: account.RoleBuyer},
}

// Logins lists the demo accounts: staff, admin, buyer, one per artisan.
func Logins(artisans []catalog.Artisan) []Login {
	out := append([]Login{}, logins...)
	for _, a := range artisans {
		out = append(out, Login{Email: artisanEmail(a), Role: account.RoleArtisan, Note: a.Name})
	}
	return out
}

func artisanEmail(a catalog.Artisan) string { return a.Slug + "@kriya.test" }

// saveUsers creates the demo logins, all with Password, and returns the
// user ID of each role's first login. The hash is computed once: argon2id
// is slow on purpose.
func saveUsers(ctx context.Context, st Store, artisans []*catalog.Artisan) (map[string]int64, error) {
	hash, err := account.HashPassword(Password)
	if err != nil {
		return nil, err
	}
	ids := map[string]int64{}
	names := map[string]string{account.RoleAdmin: "Admin Dekranasda", account.RoleStaff: "Ni Luh Putu Ayu (Staf)", account.RoleBuyer: "Made Pembeli"}
	positions := map[string]string{account.RoleAdmin: "Sekretaris Dekranasda Kota Denpasar", account.RoleStaff: "Staf Bidang Pembinaan Perajin"}
	for _, l := range logins {
		u := account.User{Email: l.Email, Name: names[l.Role], Position: positions[l.Role], Role: l.Role, PasswordHash: hash, Lang: "id", Active: true}
		if err := st.CreateUser(ctx, &u); err != nil {
			return nil, fmt.Errorf("user %s: %w", l.Email, err)
		}
		ids[l.Role] = u.ID
	}
	for _, a := range artisans {
		u := account.User{Email: artisanEmail(*a), Name: a.Owner, Role: account.RoleArtisan, ArtisanID: &a.ID,
			PasswordHash: hash, Lang: "id", Active: true}
		if err := st.CreateUser(ctx, &u); err != nil {
			return nil, fmt.Errorf("user %s: %w", u.Email, err)
		}
	}
	return ids, nil
}
