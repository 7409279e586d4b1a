package account

import (
	_ "embed"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/alexedwards/argon2id"

	"kriya/internal/fault"
)

// MinPasswordLength is the fewest characters (runes) a password may have:
// length is what makes a password hard to guess, so the policy asks for
// length instead of character classes.
const MinPasswordLength = 10

// MaxPasswordLength is the most characters (runes) a password may have; it
// keeps the cost of hashing bounded and lets forms say where the limit is.
const MaxPasswordLength = 200

// Password policy errors, wrapped by CheckPassword, so that forms can tell
// the user which rule the password broke.
var (
	// ErrPasswordTooShort: fewer than MinPasswordLength characters.
	ErrPasswordTooShort = errors.New("password too short")
	// ErrPasswordTooLong: more than MaxPasswordLength characters.
	ErrPasswordTooLong = errors.New("password too long")
	// ErrPasswordCommon: among the first passwords an attacker tries, or
	// the user's own e-mail address.
	ErrPasswordCommon = errors.New("password too common")
)

//go:embed common-passwords.txt
var commonPasswordsText string

// commonPasswords is built on first use, so that programs that never check
// a password (migrations, reports) do not pay for it.
var commonPasswords = sync.OnceValue(func() map[string]struct{} {
	words := strings.Fields(commonPasswordsText)
	set := make(map[string]struct{}, len(words))
	for _, w := range words {
		set[w] = struct{}{}
	}
	return set
})

// CheckPassword reports whether password may be chosen by the user with the
// given e-mail address, returning a wrapped ErrPasswordTooShort,
// ErrPasswordTooLong or ErrPasswordCommon if not.
func CheckPassword(password, email string) error {
	n := utf8.RuneCountInString(password)
	if n < MinPasswordLength {
		return fmt.Errorf("account: password has %d characters, needs at least %d: %w", n, MinPasswordLength, ErrPasswordTooShort)
	}
	if n > MaxPasswordLength {
		return fmt.Errorf("account: password has %d characters, allows at most %d: %w", n, MaxPasswordLength, ErrPasswordTooLong)
	}
	lower := strings.ToLower(password)
	if _, ok := commonPasswords()[lower]; ok {
		return fmt.Errorf("account: password is in the list of common passwords: %w", ErrPasswordCommon)
	}
	if email = strings.ToLower(strings.TrimSpace(email)); email != "" {
		local, _, _ := strings.Cut(email, "@")
		if lower == email || lower == local {
			return fmt.Errorf("account: password equals the e-mail address: %w", ErrPasswordCommon)
		}
	}
	return nil
}

// argonParams are OWASP's minimum for argon2id (19 MiB, 2 passes, 1 lane):
// a sign-in costs some tens of milliseconds on a small two-core server
// while a stolen hash stays expensive to attack. Hashes carry their own
// parameters, so raising these later keeps old hashes verifiable.
var argonParams = &argon2id.Params{
	Memory:      19 * 1024,
	Iterations:  2,
	Parallelism: 1,
	SaltLength:  16,
	KeyLength:   32,
}

// ErrBusy refuses a password to hash or check when as many are being
// hashed already as hashSlots allows, for longer than hashWait: the
// client is asked to come back shortly (503 with Retry-After).
var ErrBusy error = fault.New(fault.Unavailable, "busy", "too many passwords are being checked at once; try again shortly")

// hashSlots bounds the argon2 computations running at once: each holds
// argonParams.Memory (19 MiB), so a burst of sign-ups or sign-ins would
// otherwise take memory without limit (96 at once took 470 MB). Two per
// core keeps the cores busy while others wait.
var hashSlots = make(chan struct{}, 2*runtime.GOMAXPROCS(0))

// hashWait is how long a password waits for a slot before ErrBusy: long
// enough to ride out a burst, short enough that a flood is refused fast.
var hashWait = 2 * time.Second

// withHashSlot runs fn, which computes an argon2 hash, in one of hashSlots.
func withHashSlot(fn func()) error {
	t := time.NewTimer(hashWait)
	defer t.Stop()
	select {
	case hashSlots <- struct{}{}:
	case <-t.C:
		return ErrBusy
	}
	defer func() { <-hashSlots }()
	fn()
	return nil
}

// HashPassword returns the argon2id hash of password in the standard
// "$argon2id$v=19$m=…,t=…,p=…$salt$key" encoding, with a fresh random salt,
// for storing in User.PasswordHash. It gives ErrBusy when too many
// passwords are being hashed.
func HashPassword(password string) (string, error) {
	var hash string
	var err error
	if busy := withHashSlot(func() { hash, err = argon2id.CreateHash(password, argonParams) }); busy != nil {
		return "", busy
	}
	if err != nil {
		return "", fmt.Errorf("account: hash password: %w", err)
	}
	return hash, nil
}

// VerifyPassword reports whether password matches hash, in constant time.
// An empty hash (an account without a password) never matches, but still
// costs one hash computation, so that timing does not reveal it; a hash
// that cannot be decoded is an error, and so is ErrBusy.
func VerifyPassword(hash, password string) (bool, error) {
	if hash == "" {
		return false, DummyVerify(password)
	}
	var ok bool
	var err error
	if busy := withHashSlot(func() { ok, err = argon2id.ComparePasswordAndHash(password, hash) }); busy != nil {
		return false, busy
	}
	if err != nil {
		return false, fmt.Errorf("account: verify password: %w", err)
	}
	return ok, nil
}

// dummyHash is hashed with argonParams on first use, so that DummyVerify
// costs exactly what a real verification costs even after the parameters
// change. It is computed outside hashSlots, once.
var dummyHash = sync.OnceValue(func() string {
	hash, err := argon2id.CreateHash("kriya dummy password, never matches", argonParams)
	if err != nil {
		// Only a failing crypto/rand gets here, and since Go 1.24 that
		// crashes the program before returning.
		panic(err)
	}
	return hash
})

// DummyVerify spends the time of one password verification and discards
// the result. Sign-in calls it when no user has the e-mail address given,
// so that a fast "wrong e-mail or password" does not reveal which e-mail
// addresses are registered. Like VerifyPassword, it waits for a slot and
// gives ErrBusy when none comes, so a busy answer reveals nothing either.
func DummyVerify(password string) error {
	dummy := dummyHash()
	return withHashSlot(func() { _, _ = argon2id.ComparePasswordAndHash(password, dummy) })
}
