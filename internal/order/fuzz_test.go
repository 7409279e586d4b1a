package order

import (
	"strconv"
	"strings"
	"testing"
)

// Whatever a buyer (or a bot) posts as a quantity, ParseQuantity never
// panics, gives 0 to MaxQuantity or ErrQuantity, accepts exactly the
// strings of ASCII digits, and reads them as their number, capped.
func FuzzParseQuantity(f *testing.F) {
	for _, s := range []string{"1", "0", "00", "007", "99", "100", " 5 ", "\t3\n", "", " ", "-1", "+1", "1.5", "1e2", "0x10",
		"١٢", "９", "99999999999999999999999", "-99999999999999999999", "1 2", "NaN", "٣"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseQuantity(s)
		trimmed := strings.TrimSpace(s)
		digits := trimmed != "" && strings.Trim(trimmed, "0123456789") == ""
		if (err == nil) != digits {
			t.Fatalf("ParseQuantity(%q) = %d, %v; digits only: %v", s, n, err, digits)
		}
		if err != nil {
			return
		}
		if n < 0 || n > MaxQuantity {
			t.Fatalf("ParseQuantity(%q) = %d, outside 0–%d", s, n, MaxQuantity)
		}
		if want, aerr := strconv.Atoi(trimmed); aerr == nil && n != min(want, MaxQuantity) {
			t.Fatalf("ParseQuantity(%q) = %d, want %d", s, n, min(want, MaxQuantity))
		} else if aerr != nil && n != MaxQuantity {
			t.Fatalf("ParseQuantity(%q) = %d, want %d for a number too long for int", s, n, MaxQuantity)
		}
		if back, err := ParseQuantity(strconv.Itoa(n)); err != nil || back != n {
			t.Fatalf("ParseQuantity(%q) = %d, %v, but %d reads back as %d, %v", s, n, err, n, back, err)
		}
	})
}

// Finding 4 of issue 14: a checkout key opens an order only for the
// requester who placed it and for the same request. Whatever the
// requesters, keys and orders: two different (requester, key) pairs
// never share a stored key, and Replay gives back the earlier order
// exactly when the request is the same. (Before the fix the stored key was
// the key as sent, for anyone.)
func FuzzCheckoutKeyScope(f *testing.F) {
	f.Add("session:abc", "k1", "session:abd", "k1", "a@example.id", "a@example.id", 1, 1, int64(7), int64(7))
	f.Add("email:a@example.id", "k", "email:b@example.id", "k", "a@example.id", "b@example.id", 2, 2, int64(1), int64(1))
	f.Add("session:a", "bk", "session:ab", "k", "x@example.id", "x@example.id", 1, 2, int64(3), int64(3)) // "a"+"bk" vs "ab"+"k"
	f.Add("", "", "", "", "", "", 0, 0, int64(0), int64(0))
	f.Add("user:1", "same", "user:1", "same", "m@example.id", "m@example.id", 3, 3, int64(5), int64(6))
	f.Fuzz(func(t *testing.T, req1, key1, req2, key2, email1, email2 string, qty1, qty2 int, sku1, sku2 int64) {
		if (req1 != req2 || key1 != key2) && ScopedKey(req1, key1) == ScopedKey(req2, key2) {
			t.Fatalf("(%q, %q) and (%q, %q) share a stored key", req1, key1, req2, key2)
		}
		o1 := Order{Email: email1, Lines: []Line{{SKUID: sku1, Quantity: qty1}}}
		o2 := Order{Email: email2, Lines: []Line{{SKUID: sku2, Quantity: qty2}}}
		o1.ContentHash, o2.ContentHash = o1.Fingerprint(), o2.Fingerprint()
		same := email1 == email2 && qty1 == qty2 && sku1 == sku2
		if err := Replay(o1, o2); (err == nil) != same {
			t.Fatalf("Replay(%+v, %+v) = %v; same request: %v", o1, o2, err, same)
		}
		if err := Replay(Order{}, o2); err == nil {
			t.Fatal("an order without a fingerprint (placed before keys were scoped) was given back")
		}
	})
}
