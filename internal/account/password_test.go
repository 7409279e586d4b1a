package account

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestCheckPassword(t *testing.T) {
	tests := []struct {
		name     string
		password string
		email    string
		want     error
	}{
		{"empty", "", "made@example.id", ErrPasswordTooShort},
		{"nine characters", "kR9!x2mPq", "made@example.id", ErrPasswordTooShort},
		// Five runes, fifteen bytes: length counts characters, not bytes.
		{"short in bytes that are runes", "ペンギンだ", "made@example.id", ErrPasswordTooShort},
		{"201 characters", strings.Repeat("a", 201), "made@example.id", ErrPasswordTooLong},
		{"common digits", "1234567890", "made@example.id", ErrPasswordCommon},
		{"common keyboard row", "qwertyuiop", "", ErrPasswordCommon},
		{"common in any case", "PassWord123", "made@example.id", ErrPasswordCommon},
		{"common indonesian", "bismillah123", "made@example.id", ErrPasswordCommon},
		{"common indonesian 2", "Indonesia123", "made@example.id", ErrPasswordCommon},
		{"equal to e-mail", "Made.Wirawan@example.id", "made.wirawan@example.id", ErrPasswordCommon},
		{"equal to local part", "made.wirawan", "Made.Wirawan@example.id", ErrPasswordCommon},
		{"ok", "perak celuk sepuluh", "made@example.id", nil},
		{"ok with no e-mail", "tenun-endek-2024!", "", nil},
		{"ok at 200 characters", strings.Repeat("ab", 100), "made@example.id", nil},
		{"ok with ten runes", "éèêëēėęàáâ", "made@example.id", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckPassword(tt.password, tt.email)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("CheckPassword(%q) = %v, want nil", tt.password, err)
				}
				return
			}
			if !errors.Is(err, tt.want) {
				t.Fatalf("CheckPassword(%q) = %v, want %v", tt.password, err, tt.want)
			}
		})
	}
}

// The embedded list must stay usable: a malformed line would silently
// never match, since CheckPassword compares lower-cased passwords.
func TestCommonPasswordsList(t *testing.T) {
	words := strings.Fields(commonPasswordsText)
	if len(words) < 300 {
		t.Fatalf("list has %d entries, want at least 300", len(words))
	}
	seen := make(map[string]bool, len(words))
	for _, w := range words {
		if w != strings.ToLower(w) {
			t.Errorf("%q is not lower-case", w)
		}
		if utf8.RuneCountInString(w) < MinPasswordLength {
			t.Errorf("%q is shorter than MinPasswordLength, so the list never needs it", w)
		}
		if seen[w] {
			t.Errorf("%q appears twice", w)
		}
		seen[w] = true
	}
	if got := len(commonPasswords()); got != len(words) {
		t.Errorf("map has %d entries, list %d", got, len(words))
	}
}

func TestHashAndVerifyPassword(t *testing.T) {
	const password = "perak celuk sepuluh"
	hash, err := HashPassword(password)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(hash, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("hash %q does not carry the expected algorithm and parameters", hash)
	}

	ok, err := VerifyPassword(hash, password)
	if err != nil || !ok {
		t.Errorf("VerifyPassword(right password) = %v, %v; want true, nil", ok, err)
	}
	ok, err = VerifyPassword(hash, "perak celuk sebelas")
	if err != nil || ok {
		t.Errorf("VerifyPassword(wrong password) = %v, %v; want false, nil", ok, err)
	}

	again, err := HashPassword(password)
	if err != nil {
		t.Fatal(err)
	}
	if again == hash {
		t.Error("two hashes of the same password are equal: the salt is not random")
	}
}

func TestVerifyPasswordWithoutHash(t *testing.T) {
	ok, err := VerifyPassword("", "perak celuk sepuluh")
	if err != nil || ok {
		t.Errorf("VerifyPassword(empty hash) = %v, %v; want false, nil", ok, err)
	}
	// DummyVerify has no result to check; the hash it verifies against must
	// at least be one that VerifyPassword accepts, or it would return early.
	DummyVerify("perak celuk sepuluh")
	if _, err := VerifyPassword(dummyHash(), "perak celuk sepuluh"); err != nil {
		t.Errorf("dummy hash does not decode: %v", err)
	}
}

func TestVerifyPasswordBadHash(t *testing.T) {
	if _, err := VerifyPassword("$2a$10$notargon", "perak celuk sepuluh"); err == nil {
		t.Error("VerifyPassword(bcrypt-looking hash) returned no error")
	}
}

// BenchmarkVerifyPassword shows what one sign-in costs with argonParams,
// and that DummyVerify costs the same.
func BenchmarkVerifyPassword(b *testing.B) {
	hash, err := HashPassword("perak celuk sepuluh")
	if err != nil {
		b.Fatal(err)
	}
	b.Run("real", func(b *testing.B) {
		for b.Loop() {
			_, _ = VerifyPassword(hash, "perak celuk sebelas")
		}
	})
	b.Run("dummy", func(b *testing.B) {
		for b.Loop() {
			DummyVerify("perak celuk sebelas")
		}
	})
}

// Finding 14.10, unbounded hashing: every sign-up hashed at once, 19 MiB
// each. With every slot taken, hashing and checking wait, then give
// ErrBusy, and go ahead again as soon as a slot is free.
func TestPasswordHashingIsBounded(t *testing.T) {
	hash, err := HashPassword("perak celuk sepuluh")
	if err != nil {
		t.Fatal(err)
	}
	dummyHash() // computed before the slots are taken, as a server warms up
	defer func(w time.Duration) { hashWait = w }(hashWait)
	hashWait = 10 * time.Millisecond
	for range cap(hashSlots) {
		hashSlots <- struct{}{}
	}
	if _, err := HashPassword("perak celuk sepuluh"); !errors.Is(err, ErrBusy) {
		t.Errorf("HashPassword with every slot taken = %v, want ErrBusy", err)
	}
	if _, err := VerifyPassword(hash, "perak celuk sepuluh"); !errors.Is(err, ErrBusy) {
		t.Errorf("VerifyPassword with every slot taken = %v, want ErrBusy", err)
	}
	if err := DummyVerify("perak celuk sepuluh"); !errors.Is(err, ErrBusy) {
		t.Errorf("DummyVerify with every slot taken = %v, want ErrBusy", err)
	}
	<-hashSlots
	if ok, err := VerifyPassword(hash, "perak celuk sepuluh"); !ok || err != nil {
		t.Errorf("VerifyPassword with a slot free = %v, %v", ok, err)
	}
	for range cap(hashSlots) - 1 {
		<-hashSlots
	}
	if len(hashSlots) != 0 {
		t.Errorf("%d slots still taken after every hash returned", len(hashSlots))
	}
}
