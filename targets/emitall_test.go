package targets

import (
	"fmt"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pipec-dev/pipec/compile"
	"github.com/pipec-dev/pipec/compile/diag"
)

// fakeTarget emits its name after a delay, or panics; running counts how many emit at
// once.
type fakeTarget struct {
	name    string
	delay   time.Duration
	panics  bool
	running *atomic.Int32
	most    *atomic.Int32
}

func (f fakeTarget) Name() string                      { return f.name }
func (f fakeTarget) OutputPath(p *compile.Plan) string { return f.name + ".yml" }
func (f fakeTarget) Emit(p *compile.Plan) ([]byte, diag.Diagnostics) {
	n := f.running.Add(1)
	defer f.running.Add(-1)
	for m := f.most.Load(); n > m && !f.most.CompareAndSwap(m, n); m = f.most.Load() {
	}
	time.Sleep(f.delay)
	if f.panics {
		panic("broken back end")
	}
	return []byte(f.name), diag.Diagnostics{{Severity: diag.Warning, Summary: f.name}}
}

// EmitAll runs the targets at once, as many as there are cores, and returns their
// outputs in the targets' order, whichever finishes first.
func TestEmitAllParallel(t *testing.T) {
	var running, most atomic.Int32
	var ts []Target
	for i, name := range []string{"slowest", "slow", "fast", "fastest"} {
		ts = append(ts, fakeTarget{name: name, delay: time.Duration(4-i) * 20 * time.Millisecond, running: &running, most: &most})
	}
	got := EmitAll(&compile.Plan{}, ts)
	if len(got) != len(ts) {
		t.Fatalf("%d results for %d targets", len(got), len(ts))
	}
	for i, e := range got {
		name := ts[i].Name()
		if e.Target != ts[i] || string(e.YAML) != name || len(e.Diags) != 1 || e.Diags[0].Summary != name {
			t.Errorf("result %d is %s's, want %s's", i, e.YAML, name)
		}
	}
	// Not more at once than there are cores (each holds its whole output), and more than
	// one when there are more cores.
	if cores := runtime.GOMAXPROCS(0); int(most.Load()) > cores || cores > 1 && most.Load() < 2 {
		t.Errorf("%d targets emitted at once on %d cores", most.Load(), cores)
	}
}

// A back end's panic reaches the caller, who turns it into an internal error; it names
// the target and carries the stack where it happened.
func TestEmitAllParallelPanic(t *testing.T) {
	var running, most atomic.Int32
	ts := []Target{
		fakeTarget{name: "good", running: &running, most: &most},
		fakeTarget{name: "bad", panics: true, running: &running, most: &most},
	}
	defer func() {
		r := recover()
		msg := fmt.Sprint(r)
		if !strings.HasPrefix(msg, "bad: broken back end") || !strings.Contains(msg, "fakeTarget.Emit") {
			t.Errorf("recovered %v, want the back end's panic with its stack", r)
		}
	}()
	EmitAll(&compile.Plan{}, ts)
	t.Error("EmitAll returned after a back end panicked")
}
