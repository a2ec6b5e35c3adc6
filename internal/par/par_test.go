package par

import (
	"fmt"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// Every index is called once, never more than workers at once, and with more work than
// workers every worker is used.
func TestDoParallel(t *testing.T) {
	for _, c := range []struct{ n, workers int }{{0, 4}, {1, 4}, {5, 1}, {5, 2}, {3, 8}, {40, 8}, {40, 0}} {
		calls := make([]atomic.Int32, c.n)
		var running, most atomic.Int32
		Do(c.n, c.workers, func(i int) {
			r := running.Add(1)
			defer running.Add(-1)
			for m := most.Load(); r > m && !most.CompareAndSwap(m, r); m = most.Load() {
			}
			calls[i].Add(1)
			time.Sleep(20 * time.Millisecond)
		})
		for i := range calls {
			if got := calls[i].Load(); got != 1 {
				t.Errorf("n=%d workers=%d: index %d called %d times", c.n, c.workers, i, got)
			}
		}
		workers := c.workers
		if workers == 0 {
			workers = runtime.GOMAXPROCS(0)
		}
		if want := int32(min(c.n, workers)); most.Load() != want {
			t.Errorf("n=%d workers=%d: %d calls at once, want %d", c.n, c.workers, most.Load(), want)
		}
	}
}

// panicAt panics for the indices in bad.
func panicAt(i int, bad ...int) {
	for _, b := range bad {
		if i == b {
			panic(fmt.Sprintf("call %d broke", i))
		}
	}
}

// TestGuardedParallelPanic: every call runs, and the first panic by index comes back on
// the caller's goroutine with the stack where it happened.
func TestGuardedParallelPanic(t *testing.T) {
	for _, workers := range []int{1, 2, 8} {
		var ran atomic.Int32
		func() {
			defer func() {
				r := recover()
				p, ok := r.(*Panic)
				if !ok || p.Value != "call 3 broke" || !strings.Contains(string(p.Stack), "par.panicAt") ||
					!strings.HasPrefix(p.Error(), "call 3 broke\n") {
					t.Errorf("workers=%d: recovered %v, want call 3's panic with its stack", workers, r)
				}
			}()
			Guarded(10, workers, func(i int) {
				ran.Add(1)
				panicAt(i, 3, 7)
			})
			t.Errorf("workers=%d: Guarded returned after a call panicked", workers)
		}()
		if workers > 1 && ran.Load() != 10 {
			t.Errorf("workers=%d: %d calls ran, want all 10", workers, ran.Load())
		}
	}
}
