package store

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"

	"kriya/internal/catalog"
)

// searchCachedIDs is how many ranked ids a kept search holds: its first
// ten pages of 24, where nearly every buyer stays.
const searchCachedIDs = 240

// searchCacheSize bounds the kept searches (about 2 kB each); past it the
// cache starts afresh, so a flood of distinct queries cannot grow memory.
const searchCacheSize = 2000

// searchCache keeps the ranked ids of recent searches. Ranking is the
// expensive part of a search: a word like "perak" matches a quarter of a
// large catalog, and every match is scored before the first page is known.
// An entry is used while the store's Generation is unchanged (no catalog
// write in this process) and for at most CacheTTL (writes by other
// processes). Cards are always read fresh, so prices and stock are current.
type searchCache struct {
	mu      sync.Mutex
	entries map[string]searchHit
	// Concurrent requests for a search nobody has ranked yet wait for one
	// ranking instead of each doing it: after an expiry, a popular search
	// would otherwise be ranked by every request at once.
	flight singleflight.Group
}

type searchHit struct {
	ids        []int64
	total      int64
	generation uint64
	at         time.Time
}

// ranked returns the kept ranking of the search key, or ranks it with
// rank, once however many ask at the same time, and keeps the result for
// the store's generation at the time of asking.
func (c *searchCache) ranked(key string, generation uint64, rank func() (searchHit, error)) (searchHit, error) {
	c.mu.Lock()
	h, ok := c.entries[key]
	c.mu.Unlock()
	if ok && h.generation == generation && time.Since(h.at) < CacheTTL {
		return h, nil
	}
	v, err, _ := c.flight.Do(key+"|"+strconv.FormatUint(generation, 10), func() (any, error) {
		h, err := rank()
		if err != nil {
			return h, err
		}
		h.generation, h.at = generation, time.Now()
		c.mu.Lock()
		defer c.mu.Unlock()
		if c.entries == nil || len(c.entries) >= searchCacheSize {
			c.entries = map[string]searchHit{}
		}
		c.entries[key] = h
		return h, nil
	})
	return v.(searchHit), err
}

// searchKey names a search by everything that decides its ranked ids, or
// is "" for a query that is not kept: no search terms, or only products in
// stock (orders move stock without a new generation).
func searchKey(q catalog.Query, terms []string) string {
	if len(terms) == 0 || q.InStock {
		return ""
	}
	return fmt.Sprintf("%s|%s|%s|%d|%d|%t|%s", strings.Join(terms, " "), q.Category, q.Artisan, q.MinPrice, q.MaxPrice, q.Featured, q.Sort)
}
