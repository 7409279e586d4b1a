package account

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
)

// NewSecret returns a fresh random secret for a Token — 32 bytes from
// crypto/rand as 43 URL-safe characters, ready for a link or a bearer
// header — and its SHA-256 hash, which is all that gets stored.
func NewSecret() (plain string, hash []byte) {
	b := make([]byte, 32)
	// Since Go 1.24 rand.Read never returns an error: it crashes the
	// program instead of handing out a predictable secret.
	_, _ = rand.Read(b)
	plain = base64.RawURLEncoding.EncodeToString(b)
	return plain, HashSecret(plain)
}

// HashSecret returns the SHA-256 hash of a secret the user presents, to
// look the Token up by. A fast hash is enough because the secret has 256
// random bits: unlike a password, it cannot be guessed from a hash.
func HashSecret(plain string) []byte {
	h := sha256.Sum256([]byte(plain))
	return h[:]
}
