package web

import (
	"net/url"
	"strings"
	"testing"
	"unicode"
)

// FuzzSafeNext holds safeNext to its promise for any input: the fallback,
// or a path that url.Parse reads as on this site. Its seeds, which run in
// plain go test, include the tab that browsers drop ("/\t/host" is
// "//host" to them), which the old prefix checks let through.
func FuzzSafeNext(f *testing.F) {
	for _, seed := range []string{
		"/", "/products?category=tenun", "/account#tokens", "/a/b/../c", "/%09/evil.example/x",
		"/\t/evil.example/x", "/\n/evil.example", "/\r\n/evil.example", "/\x00/evil.example", "/\x7f/x", "/\u0085/evil.example",
		"//evil.example", "/\\evil.example", "/x\\y", "\\\\evil.example", "https://evil.example/", "javascript:alert(1)",
		"", " /x", "/:x", "/%zz", "/ok?next=//evil.example", "//", "///evil.example",
	} {
		f.Add(seed)
	}
	const fallback = "/fallback"
	f.Fuzz(func(t *testing.T, next string) {
		got := safeNext(next, fallback)
		if got == fallback {
			return
		}
		if got != next {
			t.Fatalf("safeNext(%q) = %q: neither the input nor the fallback", next, got)
		}
		u, err := url.Parse(got)
		if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
			t.Fatalf("safeNext(%q) = %q, which is not a path on this site (%+v, %v)", next, got, u, err)
		}
		if !strings.HasPrefix(got, "/") || strings.HasPrefix(got, "//") {
			t.Fatalf("safeNext(%q) = %q does not start with one slash", next, got)
		}
		if strings.ContainsFunc(got, func(r rune) bool { return r == '\\' || unicode.IsControl(r) }) {
			t.Fatalf("safeNext(%q) = %q holds a backslash or a control character", next, got)
		}
	})
}
