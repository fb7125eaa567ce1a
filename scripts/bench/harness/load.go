package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"
)

// loadTest books as fast as it can for a bounded time at concurrency 8, 16
// and 32, through one instance and through two on one database, for each
// variant in turn (interleaved level by level). One request in four asks
// again for a slot just booked, so the refusal path and the locks are
// raced; afterwards no venue and no busy member may be booked twice at
// overlapping times.
func loadTest(ctx context.Context, w *world, vs []*variant, out io.Writer) error {
	for _, v := range vs {
		var first uint64
		if err := v.fl.db.QueryRowContext(ctx, "SELECT COALESCE(MAX(id), 0) FROM activities").Scan(&first); err != nil {
			return err
		}
		in, err := startServer(v.bin, v.addr)
		if err != nil {
			return err
		}
		v.inst = append(v.inst, in)
		v.loadFrom = first
	}
	fmt.Fprintf(out, "\nbookings per second (%.0f s a level; 1 request in 4 asks for a slot just taken), load average %s\n\n",
		w.ds.Scale.LoadSeconds, loadavg())
	fmt.Fprintln(out, "| binary | instances | concurrency | booked/s | refused/s | errors | p50 ms | p99 ms |")
	fmt.Fprintln(out, "|---|---|---|---|---|---|---|---|")
	for _, n := range []int{1, 2} {
		for _, conc := range []int{8, 16, 32} {
			for i := range vs {
				v := vs[(i+conc/8)%len(vs)]
				r, err := w.load(ctx, v, n, conc)
				if err != nil {
					return err
				}
				fmt.Fprintf(out, "| %s | %d | %d | %.0f | %.0f | %d | %s | %s |\n", v.name, n, conc, r.booked, r.refused, r.errors,
					ms(percentile(r.lat, 0.5)), ms(percentile(r.lat, 0.99)))
			}
		}
	}
	for _, v := range vs {
		venue, staff, err := v.fl.doubleBookings(ctx, v.loadFrom)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "\n%s: double bookings after the load test: %d of a venue, %d of a member\n", v.name, venue, staff)
		if venue+staff != 0 {
			return fmt.Errorf("%s: %d double bookings", v.name, venue+staff)
		}
	}
	return nil
}

type loadResult struct {
	booked, refused float64
	errors          int64
	lat             []time.Duration
}

func (w *world) load(ctx context.Context, v *variant, instances, conc int) (loadResult, error) {
	clients := make([]*client, instances)
	for i := range clients {
		clients[i] = newClient(v.inst[i].base)
		if err := clients[i].login(ctx); err != nil {
			return loadResult{}, err
		}
	}
	var mu sync.Mutex
	var recent []Booking
	var booked, refused, errs atomic.Int64
	var lat []time.Duration
	deadline := time.Now().Add(time.Duration(w.ds.Scale.LoadSeconds * float64(time.Second)))
	years := w.ds.Scale.LastYear - w.ds.Scale.FirstYear
	var wg sync.WaitGroup
	began := time.Now()
	for g := 0; g < conc; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(g), uint64(conc)))
			cl := clients[g%instances]
			for k := 0; time.Now().Before(deadline); k++ {
				var b Booking
				mu.Lock()
				again := len(recent) > 0 && rng.IntN(4) == 0
				if again {
					b = recent[rng.IntN(len(recent))]
				}
				mu.Unlock()
				if !again {
					var ok bool
					if b, ok = w.cells.take(w.ds.Scale.FirstYear+rng.IntN(max(1, years)), "压力测试"); !ok {
						return
					}
					mu.Lock()
					recent = append(recent, b)
					if len(recent) > 64 {
						recent = recent[1:]
					}
					mu.Unlock()
				}
				t := time.Now()
				st, _, err := cl.do(ctx, "POST", "/activities", bookingBody(b))
				d := time.Since(t)
				switch {
				case err == nil && st == 201:
					booked.Add(1)
				case err == nil && st == 409:
					refused.Add(1)
				default:
					errs.Add(1)
				}
				mu.Lock()
				lat = append(lat, d)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	secs := time.Since(began).Seconds()
	return loadResult{booked: float64(booked.Load()) / secs, refused: float64(refused.Load()) / secs, errors: errs.Load(), lat: lat}, nil
}

// doubleBookings counts pairs of non-cancelled bookings that overlap on a
// venue, or on a member both occupy, among activities after id from (the
// load test's) and any other. The other starts at most the longest
// activity's length before: the range indexes bound each probe.
func (f *floor) doubleBookings(ctx context.Context, from uint64) (venue, staff int64, err error) {
	err = f.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM activities a JOIN activities b ON b.venue_id = a.venue_id AND b.id <> a.id"+
		" AND b.start_at < a.end_at AND b.end_at > a.start_at AND b.start_at > "+f.minus("a.start_at")+" AND b.status <> 'cancelled'"+
		" WHERE a.id > ? AND a.venue_id IS NOT NULL AND a.status <> 'cancelled'", from).Scan(&venue)
	if err != nil {
		return 0, 0, err
	}
	err = f.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM activity_staff x JOIN activities a ON a.id = x.activity_id"+
		" JOIN activity_staff y ON y.user_id = x.user_id AND y.activity_id <> x.activity_id AND y.start_at < x.end_at AND y.end_at > x.start_at"+
		" AND y.start_at > "+f.minus("x.start_at")+
		" JOIN activities b ON b.id = y.activity_id"+
		" WHERE x.activity_id > ? AND a.status <> 'cancelled' AND a.staff_free = ? AND b.status <> 'cancelled' AND b.staff_free = ?",
		from, false, false).Scan(&staff)
	return venue, staff, err
}

// minus is col less the longest activity (92 days) in each engine's SQL;
// SQLite stores instants as text in one layout, which strftime keeps
// comparable.
func (f *floor) minus(col string) string {
	if f.mysql {
		return col + " - INTERVAL 92 DAY"
	}
	return "strftime('%Y-%m-%d %H:%M:%S+00:00', " + col + ", '-92 days')"
}
