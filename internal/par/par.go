package par

import (
	"runtime"
	"sync"
)

// Do calls f(i) for every i in [0, n), on at most workers goroutines at once
// (GOMAXPROCS when workers is 0 or less), taking the indices in order, and returns when
// every call has returned. With one worker, or one index, it calls f on the caller's
// goroutine. f is called from several goroutines at once, so it writes only to its own
// slot of a result slice: the caller reads the results in index order, and what it makes
// of them does not depend on which call finished first. A panic in f on a worker would
// end the process: a caller that may panic recovers inside f.
func Do(n, workers int, f func(i int)) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, n)
	if workers <= 1 {
		for i := range n {
			f(i)
		}
		return
	}
	next := make(chan int, n)
	for i := range n {
		next <- i
	}
	close(next)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := range next {
				f(i)
			}
		})
	}
	wg.Wait()
}
