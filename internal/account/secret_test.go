package account

import (
	"bytes"
	"testing"
)

func TestNewSecret(t *testing.T) {
	plain, hash := NewSecret()
	if len(plain) != 43 {
		t.Errorf("len(plain) = %d, want 43 (32 bytes, unpadded base64)", len(plain))
	}
	if !bytes.Equal(HashSecret(plain), hash) {
		t.Error("HashSecret(plain) differs from the hash NewSecret returned")
	}

	other, otherHash := NewSecret()
	if other == plain || bytes.Equal(otherHash, hash) {
		t.Error("two secrets are equal")
	}
}
