package counting_test

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"sync"
	"syscall"
	"testing"
	"time"

	"centerstage/models"
	"centerstage/services/counting"
)

// heapPeak samples the heap in use every millisecond until stopped and
// returns the highest figure seen.
func heapPeak() (stop func() uint64) {
	var (
		mu   sync.Mutex
		peak uint64
		done = make(chan struct{})
		wg   sync.WaitGroup
	)
	sample := func() {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		mu.Lock()
		peak = max(peak, m.HeapInuse)
		mu.Unlock()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				sample()
			}
		}
	}()
	return func() uint64 {
		close(done)
		wg.Wait()
		sample()
		mu.Lock()
		defer mu.Unlock()
		return peak
	}
}

// cpuTime is the CPU time the process has used, in user and system mode:
// on a machine shared with other work it varies less than the wall time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkTallyXLSX measures the year's workbook on the counting
// benchmark's busy year (20,000 activities in 2026), with venues, places
// and notes on part of them so every column of the Activities sheet has
// text, beside the tally alone. peak-heap-MB is the most heap in use seen
// during the ops (sampled every millisecond, after a collection; it counts
// garbage not yet collected too); the fixture itself holds about
// base-heap-MB. cpu-ms/op is the process's CPU time per op (the sampler's
// included), which a loaded machine inflates less than the wall time.
//
//	go test ./services/counting -run '^$' -bench TallyXLSX -benchtime 5x -benchmem
func BenchmarkTallyXLSX(b *testing.B) {
	c := seedBusyYear(b)
	ctx := context.Background()
	venues := make([]models.Venue, 30)
	for i := range venues {
		venues[i] = models.Venue{Name: fmt.Sprintf("多功能厅%02d", i), Capacity: 200, Active: true, Version: 1}
	}
	c.must(c.db.Create(&venues).Error)
	c.must(c.db.Exec(`UPDATE activities SET venue_id = ? + id % ?, location = 'A座三楼', notes = '群众反响热烈，建议下一季度继续开展'
		WHERE id % 3 = 0`, venues[0].ID, len(venues)).Error)
	run := func(name string, fn func() error) {
		b.Run(name, func(b *testing.B) {
			runtime.GC()
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			stop := heapPeak()
			cpu0 := cpuTime()
			for b.Loop() {
				if err := fn(); err != nil {
					b.Fatal(err)
				}
			}
			cpu := cpuTime() - cpu0
			peak := stop()
			b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
			b.ReportMetric(float64(m.HeapInuse)/(1<<20), "base-heap-MB")
		})
	}
	run("tally", func() error {
		_, err := c.reports.Tally(ctx, c.admin, 2026, "2026-06-30")
		return err
	})
	run("xlsx", func() error {
		return c.reports.WriteTallyXLSX(ctx, c.admin, 2026, "2026-06-30", counting.LangZh, io.Discard)
	})
}
