package weft

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"
)

// testPlugin is a plugin's wasm path from the environment (go_test.sh
// passes the ones Bazel built); the test is skipped without it.
func testPlugin(t *testing.T, env string) string {
	t.Helper()
	path := os.Getenv(env)
	if path == "" {
		t.Skipf("%s not set (run through bazel test //bindings/go:go_test)", env)
	}
	return path
}

func reversed(s string) string {
	b := []byte(s)
	for i, j := 0, len(b)-1; i < j; i, j = i+1, j-1 {
		b[i], b[j] = b[j], b[i]
	}
	return string(b)
}

func TestPluginLoadExecuteMetaMetrics(t *testing.T) {
	m := NewPluginManager(PluginManagerOptions{})
	defer m.Close()
	p, err := m.LoadPlugin(PluginConfig{Name: "upper", Wasm: testPlugin(t, "WEFT_TEST_JSON_UPPER"), MaxInstances: 2})
	if err != nil {
		t.Fatal(err)
	}
	out, err := p.Execute(context.Background(), []byte(`{"a":"hi"}`))
	if err != nil || string(out) != `{"upper":{"A":"HI"}}` {
		t.Fatalf("execute: %q %v", out, err)
	}
	meta, err := p.Meta()
	if err != nil || meta.Name != "json_upper" || meta.LoadedVersion != 1 || len(meta.SHA256) != 64 {
		t.Errorf("meta %+v %v", meta, err)
	}
	metrics, err := p.Metrics()
	if err != nil || metrics.Calls != 1 || metrics.Circuit != "closed" || metrics.InstancesIdle < 1 {
		t.Errorf("metrics %+v %v", metrics, err)
	}
	if got, ok := m.GetPlugin("upper"); !ok || got != p || fmt.Sprint(m.Plugins()) != "[upper]" {
		t.Error("GetPlugin / Plugins")
	}
	if _, err := m.LoadPlugin(PluginConfig{Name: "bad name!", Wasm: "x.wasm"}); !errors.Is(err, ErrCapability) {
		t.Errorf("bad config: %v", err)
	}
	if err := m.UnloadPlugin("upper"); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Execute(context.Background(), nil); !errors.Is(err, ErrNotFound) {
		t.Errorf("after unload: %v", err)
	}
	m.Close()
	if _, err := m.LoadPlugin(PluginConfig{Name: "x", Wasm: "x.wasm"}); !errors.Is(err, ErrClosed) {
		t.Errorf("after close: %v", err)
	}
}

func TestPluginDeadlineStopsEndlessLoop(t *testing.T) {
	m := NewPluginManager(PluginManagerOptions{DisableCircuitBreaker: true})
	defer m.Close()
	p, err := m.LoadPlugin(PluginConfig{Name: "spin", Wasm: testPlugin(t, "WEFT_TEST_SPIN_V1"), MaxInstances: 2})
	if err != nil {
		t.Fatal(err)
	}
	var lates []time.Duration
	for i := 0; i < 5; i++ {
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		deadline, _ := ctx.Deadline()
		_, err := p.Execute(ctx, []byte("loop"))
		lates = append(lates, lateness(deadline))
		cancel()
		if !errors.Is(err, ErrDeadline) || !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("loop: %v", err)
		}
	}
	checkLateness(t, lates)
	if out, err := p.Execute(context.Background(), []byte("abc")); err != nil || string(out) != "v1:cba" {
		t.Errorf("after: %q %v", out, err)
	}
	metrics, _ := p.Metrics()
	if metrics.FailuresByKind["deadline exceeded"] != 5 {
		t.Errorf("failures by kind: %v", metrics.FailuresByKind)
	}
}

func TestPluginCancelStopsEndlessLoop(t *testing.T) {
	// One failure would open the breaker: a caller that gives up must not.
	m := NewPluginManager(PluginManagerOptions{CircuitFailureThreshold: 1, CircuitResetTimeout: time.Minute})
	defer m.Close()
	p, err := m.LoadPlugin(PluginConfig{Name: "spin", Wasm: testPlugin(t, "WEFT_TEST_SPIN_V1"), MaxInstances: 1})
	if err != nil {
		t.Fatal(err)
	}
	goroutines := runtime.NumGoroutine()
	var lates []time.Duration
	for i := 0; i < 5; i++ {
		ctx, cancel := context.WithCancel(context.Background())
		at := time.Now().Add(30 * time.Millisecond)
		timer := time.AfterFunc(time.Until(at), cancel)
		_, err := p.Execute(ctx, []byte("loop"))
		lates = append(lates, lateness(at))
		timer.Stop()
		cancel()
		if !errors.Is(err, ErrCanceled) || !errors.Is(err, context.Canceled) {
			t.Fatalf("loop: %v", err)
		}
	}
	checkLateness(t, lates)
	if out, err := p.Execute(context.Background(), []byte("abc")); err != nil || string(out) != "v1:cba" {
		t.Errorf("after: %q %v", out, err)
	}
	metrics, _ := p.Metrics()
	if metrics.FailuresByKind["cancelled"] != 5 || metrics.Circuit != "closed" {
		t.Errorf("metrics: %v, circuit %q", metrics.FailuresByKind, metrics.Circuit)
	}
	// A context cancelled before the call never runs the guest.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := p.Execute(ctx, []byte("loop")); !errors.Is(err, ErrCanceled) {
		t.Errorf("pre-cancelled: %v", err)
	}
	waitForGoroutines(t, goroutines)
}

func TestPluginTrapsAndCircuitBreaker(t *testing.T) {
	m := NewPluginManager(PluginManagerOptions{CircuitFailureThreshold: 2, CircuitResetTimeout: time.Minute})
	defer m.Close()
	p, err := m.LoadPlugin(PluginConfig{Name: "spin", Wasm: testPlugin(t, "WEFT_TEST_SPIN_V1")})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		_, err := p.Execute(context.Background(), []byte("trap"))
		var trap *TrapError
		if !errors.As(err, &trap) || trap.Code != TrapUnreachable {
			t.Fatalf("trap: %v", err)
		}
	}
	if _, err := p.Execute(context.Background(), []byte("x")); !errors.Is(err, ErrCircuitOpen) {
		t.Errorf("open circuit: %v", err)
	}
	if metrics, _ := p.Metrics(); metrics.Circuit != "open" {
		t.Errorf("circuit %q", metrics.Circuit)
	}
}

func TestPluginHotReloadUnderCalls(t *testing.T) {
	v1, v2 := testPlugin(t, "WEFT_TEST_SPIN_V1"), testPlugin(t, "WEFT_TEST_SPIN_V2")
	dir := t.TempDir()
	wasm := filepath.Join(dir, "spin.wasm")
	copyFile(t, v1, wasm)
	reloaded := make(chan uint64, 4)
	m := NewPluginManager(PluginManagerOptions{
		WatchFiles: true, ReloadDebounce: 20 * time.Millisecond, BaseDir: dir,
		OnReload: func(name string, version uint64, err error) {
			if err == nil {
				reloaded <- version
			}
		},
	})
	defer m.Close()
	p, err := m.LoadPlugin(PluginConfig{Name: "spin", Wasm: "spin.wasm", MaxInstances: 4})
	if err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				in := fmt.Sprintf("call %d of %d", i, g)
				out, err := p.Execute(context.Background(), []byte(in))
				if err != nil || !(bytes.Equal(out, []byte("v1:"+reversed(in))) || bytes.Equal(out, []byte("v2:"+reversed(in)))) {
					errs <- fmt.Errorf("%q -> %q, %v", in, out, err)
					return
				}
			}
		}(g)
	}
	time.Sleep(50 * time.Millisecond)
	// Replace the file atomically, as a deploy would.
	copyFile(t, v2, wasm+".new")
	if err := os.Rename(wasm+".new", wasm); err != nil {
		t.Fatal(err)
	}
	select {
	case v := <-reloaded:
		if v != 2 {
			t.Errorf("reloaded to version %d", v)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no reload")
	}
	time.Sleep(30 * time.Millisecond)
	close(stop)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if out, _ := p.Execute(context.Background(), []byte("ab")); string(out) != "v2:ba" {
		t.Errorf("after reload: %q", out)
	}
	if meta, _ := p.Meta(); meta.Version != "2" || meta.LoadedVersion != 2 {
		t.Errorf("meta after reload: %+v", meta)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestPluginCallsFrom64Goroutines(t *testing.T) {
	before := runtime.NumGoroutine()
	m := NewPluginManager(PluginManagerOptions{DisableCircuitBreaker: true})
	p, err := m.LoadPlugin(PluginConfig{Name: "spin", Wasm: testPlugin(t, "WEFT_TEST_SPIN_V1"), MaxInstances: 4})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var failures []string
	for g := 0; g < 64; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 20; i++ {
				ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
				in := fmt.Sprintf("%d/%d", g, i)
				if i%10 == 9 {
					in = "loop"
					ctx, cancel = context.WithTimeout(context.Background(), 5*time.Millisecond)
				}
				out, err := p.Execute(ctx, []byte(in))
				cancel()
				ok := err == nil && string(out) == "v1:"+reversed(in)
				if in == "loop" {
					ok = errors.Is(err, ErrDeadline) || errors.Is(err, ErrPoolExhausted)
				}
				if !ok {
					mu.Lock()
					failures = append(failures, fmt.Sprintf("%q -> %q %v", in, out, err))
					mu.Unlock()
				}
			}
		}(g)
	}
	wg.Wait()
	m.Close()
	if len(failures) > 0 {
		t.Fatalf("%d failures, first: %s", len(failures), failures[0])
	}
	waitForGoroutines(t, before)
}
