package app

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// throttle counts failures per key (an account, a client address) and
// says when a key has failed too often. Each key may fail burst times, then
// regains one try every interval. Counts live in this process only: with
// several processes an attacker gets a few more tries, never unlimited.
type throttle struct {
	mu       sync.Mutex
	keys     map[string]*rate.Limiter
	interval time.Duration
	burst    int
}

func newThrottle(burst int, interval time.Duration) *throttle {
	return &throttle{keys: map[string]*rate.Limiter{}, interval: interval, burst: burst}
}

// blocked reports whether key has no tries left.
func (t *throttle) blocked(key string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	l, ok := t.keys[key]
	return ok && l.Tokens() < 1
}

// failed spends one of key's tries.
func (t *throttle) failed(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.keys) > 100_000 {
		t.keys = map[string]*rate.Limiter{} // bound memory under a spray of keys
	}
	l, ok := t.keys[key]
	if !ok {
		l = rate.NewLimiter(rate.Every(t.interval), t.burst)
		t.keys[key] = l
	}
	l.Allow()
}
