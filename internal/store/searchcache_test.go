package store

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Many requests for a search nobody has ranked yet cause one ranking; a
// new generation causes the next.
func TestSearchIsRankedOnceForConcurrentAskers(t *testing.T) {
	var c searchCache
	var ranked atomic.Int32
	rank := func() (searchHit, error) {
		ranked.Add(1)
		time.Sleep(50 * time.Millisecond) // long enough for every asker to arrive
		return searchHit{ids: []int64{3, 1, 2}, total: 3}, nil
	}
	ask := func(generation uint64) {
		var wg sync.WaitGroup
		for range 20 {
			wg.Go(func() {
				h, err := c.ranked("perak", generation, rank)
				if err != nil || len(h.ids) != 3 || h.total != 3 {
					t.Errorf("ranked = %+v, %v", h, err)
				}
			})
		}
		wg.Wait()
	}
	ask(1)
	ask(1)
	if n := ranked.Load(); n != 1 {
		t.Errorf("20 + 20 askers in one generation ranked %d times, want once", n)
	}
	ask(2)
	if n := ranked.Load(); n != 2 {
		t.Errorf("a new generation ranked %d times in all, want twice", n)
	}
}
