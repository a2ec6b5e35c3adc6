package par

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"sync"
)

// Do calls f(i) for every i in [0, n), on at most workers goroutines at once
// (GOMAXPROCS when workers is 0 or less), taking the indices in order, and returns when
// every call has returned. With one worker, or one index, it calls f on the caller's
// goroutine. f is called from several goroutines at once, so it writes only to its own
// slot of a result slice: the caller reads the results in index order, and what it makes
// of them does not depend on which call finished first. A panic in f on a worker would
// end the process: a caller that may panic recovers inside f, or calls Guarded.
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

// Guarded is Do for work whose panics are bugs, to be reported as the caller reports its
// own: a panic in f(i) is caught on its goroutine and, once every call has returned,
// raised again on the caller's as a *Panic, which holds the value and the stack where it
// happened (the first by index, when several panicked). The caller's recover then sees
// it as if f had run on its goroutine.
func Guarded(n, workers int, f func(i int)) {
	panics := make([]*Panic, n)
	Do(n, workers, func(i int) {
		defer func() {
			if r := recover(); r != nil {
				panics[i] = &Panic{Value: r, Stack: debug.Stack()}
			}
		}()
		f(i)
	})
	for _, p := range panics {
		if p != nil {
			panic(p)
		}
	}
}

// Panic is what Guarded raises again: the value a call panicked with, and the stack of the
// goroutine it panicked on. As an error it reads as both, so an internal error that
// prints it shows where the bug is; Value alone is the one-line message.
type Panic struct {
	Value any
	Stack []byte
}

func (p *Panic) Error() string { return fmt.Sprintf("%v\n%s", p.Value, p.Stack) }
