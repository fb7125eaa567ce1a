package services

import (
	"container/list"
	"context"
	"encoding/json"
	"sync"
	"sync/atomic"

	"gorm.io/gorm"

	"centerstage/models"
)

// Cache keeps computed answers under the data generation they were computed
// at (models.Generation), so an answer is reused only while the data it was
// computed from is unchanged, on whichever instance wrote the change. Every
// lookup reads the generation from the database: one small query instead of
// the computation. Memory is bounded: past MaxBytes (measured as the
// answers' JSON size) the least recently used answers go.
type Cache struct {
	db       *gorm.DB
	maxBytes int64

	mu      sync.Mutex
	entries map[any]*list.Element // of *cacheEntry
	lru     *list.List            // front: most recently used
	bytes   int64
	flights map[flightKey]*flight

	hits, misses, raced, evicted atomic.Int64
}

type cacheEntry struct {
	key   any
	gen   models.Generation
	value any
	size  int64
}

type flightKey struct {
	key any
	gen models.Generation
}

// flight is one computation that callers asking the same thing at the same
// generation wait for instead of computing it again.
type flight struct {
	done   chan struct{}
	value  any
	stored bool
}

// DefaultCacheBytes is the bound of a cache built with NewCache(db, 0).
const DefaultCacheBytes = 64 << 20

// NewCache returns a cache on db holding at most maxBytes of answers (0:
// DefaultCacheBytes; negative: none, every call computes).
func NewCache(db *gorm.DB, maxBytes int64) *Cache {
	if maxBytes == 0 {
		maxBytes = DefaultCacheBytes
	}
	return &Cache{db: db, maxBytes: maxBytes, entries: map[any]*list.Element{}, lru: list.New(),
		flights: map[flightKey]*flight{}}
}

// CacheStats are a cache's counters since it was built.
type CacheStats struct {
	// Hits were answered from the cache, Misses computed.
	Hits, Misses int64
	// Raced are misses whose answer was not kept because the data changed
	// while it was computed.
	Raced int64
	// Evicted answers were dropped to stay within the bound.
	Evicted int64
	// Entries and Bytes are what the cache holds now.
	Entries int
	Bytes   int64
}

// Stats returns the cache's counters.
func (c *Cache) Stats() CacheStats {
	c.mu.Lock()
	n, b := len(c.entries), c.bytes
	c.mu.Unlock()
	return CacheStats{Hits: c.hits.Load(), Misses: c.misses.Load(), Raced: c.raced.Load(),
		Evicted: c.evicted.Load(), Entries: n, Bytes: b}
}

// Cached returns the answer kept under key at the current generation, or
// computes it. key must be comparable and name everything the answer
// depends on besides the data: the question, its parameters, what the
// caller may see, and the date when the answer depends on today. The
// answer is shared: callers must not change it. Errors are not kept.
//
// The generation is read before and after the computation; the answer is
// kept only when the two agree. Every committed write changes the
// generation, so agreement means no write committed in between and every
// statement of the computation, whatever snapshot each had, saw the data of
// that generation: an answer is never kept under a generation it does not
// reflect. When they differ the answer is still what a fresh computation
// gives (it is one), only not kept.
func Cached[T any](ctx context.Context, c *Cache, key any, compute func(context.Context) (T, error)) (T, error) {
	if c == nil || c.maxBytes < 0 {
		return compute(ctx)
	}
	gen, err := models.ReadGeneration(c.db.WithContext(ctx))
	if err != nil {
		return compute(ctx) // the computation reports what is wrong with the database
	}
	v, f, leader := c.lookup(key, gen)
	if v != nil {
		c.hits.Add(1)
		return v.(T), nil
	}
	if !leader {
		select {
		case <-f.done:
		case <-ctx.Done():
			var zero T
			return zero, ctx.Err()
		}
		if f.stored {
			c.hits.Add(1)
			return f.value.(T), nil
		}
	}
	if leader {
		// Deferred first, so waiters are released even if compute panics.
		defer c.land(key, gen, f)
	}
	c.misses.Add(1)
	out, err := compute(ctx)
	if err != nil {
		return out, err
	}
	after, err := models.ReadGeneration(c.db.WithContext(ctx))
	if err != nil || after != gen {
		c.raced.Add(1)
		return out, nil
	}
	if leader {
		f.value, f.stored = out, c.put(key, gen, out)
	}
	return out, nil
}

// lookup returns the kept answer, or the flight to wait for, or (leader)
// a new flight the caller computes.
func (c *Cache) lookup(key any, gen models.Generation) (value any, f *flight, leader bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.entries[key]; ok {
		e := el.Value.(*cacheEntry)
		if e.gen == gen {
			c.lru.MoveToFront(el)
			return e.value, nil, false
		}
	}
	fk := flightKey{key, gen}
	if f, ok := c.flights[fk]; ok {
		return nil, f, false
	}
	f = &flight{done: make(chan struct{})}
	c.flights[fk] = f
	return nil, f, true
}

// land ends a flight, releasing its waiters.
func (c *Cache) land(key any, gen models.Generation, f *flight) {
	c.mu.Lock()
	delete(c.flights, flightKey{key, gen})
	c.mu.Unlock()
	close(f.done)
}

// put keeps value under key at gen, replacing what key held, and evicts the
// least recently used answers past the bound. It reports whether the value
// is kept (one larger than the whole bound is not).
func (c *Cache) put(key any, gen models.Generation, value any) bool {
	b, err := json.Marshal(value)
	if err != nil {
		return false
	}
	size := int64(len(b)) + int64(len(gen)) + 64
	if size > c.maxBytes {
		return false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.entries[key]; ok {
		c.remove(el)
	}
	c.entries[key] = c.lru.PushFront(&cacheEntry{key: key, gen: gen, value: value, size: size})
	c.bytes += size
	for c.bytes > c.maxBytes {
		c.remove(c.lru.Back())
		c.evicted.Add(1)
	}
	return true
}

func (c *Cache) remove(el *list.Element) {
	e := c.lru.Remove(el).(*cacheEntry)
	delete(c.entries, e.key)
	c.bytes -= e.size
}
