// Package servicestest holds what the tests built on the services share:
// seeding activities through the one writer of their rows, racing calls and
// telling their errors apart.
package servicestest

import (
	"sync"

	"centerstage/services"
)

// KindOf is the kind of a services error, "" for nil and "other: ..." for
// an error that is not a services error.
func KindOf(err error) services.ErrorKind {
	if err == nil {
		return ""
	}
	for _, k := range []services.ErrorKind{services.Invalid, services.Forbidden, services.NotFound, services.Conflict,
		services.Stale, services.Rule, services.Unauthorized, services.Throttled} {
		if services.IsKind(err, k) {
			return k
		}
	}
	return "other: " + services.ErrorKind(err.Error())
}

// Race runs n calls at once and tallies them by error kind.
func Race(n int, call func(i int) error) map[services.ErrorKind]int {
	var mu sync.Mutex
	got := map[services.ErrorKind]int{}
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			err := call(i)
			mu.Lock()
			got[KindOf(err)]++
			mu.Unlock()
		}()
	}
	close(start)
	wg.Wait()
	return got
}
