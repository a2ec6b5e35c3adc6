package par

import "sync"

// Do calls f(i) for every i in [0, n), on at most workers goroutines at once, taking
// the indices in order, and returns when every call has returned. With one worker, or
// one index, it calls f on the caller's goroutine. f is called from several goroutines
// at once, so it writes only to what belongs to its index. A panic in f on a worker
// would end the process: a caller that may panic recovers inside f.
func Do(n, workers int, f func(i int)) {
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
