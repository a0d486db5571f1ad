package weft

import (
	"context"
	"fmt"
	"errors"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// A module with an import, memory, a trap, an endless loop and a fuel
// hog, in the text format (weft compiles it as it compiles binaries).
const testWat = `(module
  (import "env" "add" (func $add (param i32 i32) (result i32)))
  (import "env" "peek" (func $peek (param i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 100) "weft")
  (func (export "run") (param i32) (result i32) (call $add (local.get 0) (i32.const 37)))
  (func (export "peek100") (result i32) (call $peek (i32.const 100)))
  (func $divide (export "divide") (param i32) (result i32) (i32.div_u (i32.const 1) (local.get 0)))
  (func (export "spin") (loop $l (br $l)))
  (func (export "count") (param i64) (result i64)
    (local i64)
    (block $done (loop $l
      (br_if $done (i64.ge_u (local.get 1) (local.get 0)))
      (local.set 1 (i64.add (local.get 1) (i64.const 1)))
      (br $l)))
    (local.get 1)))`

var errRefused = errors.New("the host refused")

// newTestInstance instantiates testWat with env.add and env.peek (which
// reads 4 bytes of the caller's memory as a little-endian i32).
func newTestInstance(t testing.TB, engine *Engine, module *Module) (*Linker, *Instance) {
	t.Helper()
	linker, err := NewLinker(engine)
	if err != nil {
		t.Fatal(err)
	}
	if err := linker.Define("env", "add", func(a, b int32) int32 { return a + b }); err != nil {
		t.Fatal(err)
	}
	err = linker.Define("env", "peek", func(c *Caller, ptr int32) (int32, error) {
		if ptr < 0 {
			return 0, errRefused
		}
		b, err := c.ReadMemory(uint64(ptr), 4)
		if err != nil {
			return 0, err
		}
		return int32(b[0]) | int32(b[1])<<8 | int32(b[2])<<16 | int32(b[3])<<24, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	in, err := linker.Instantiate(context.Background(), module, &Limits{MaxMemoryPages: 16})
	if err != nil {
		t.Fatal(err)
	}
	return linker, in
}

func compileTest(t testing.TB, metering bool) (*Engine, *Module) {
	t.Helper()
	engine := NewEngine(&Config{Metering: metering})
	module, err := Compile(engine, []byte(testWat))
	if err != nil {
		t.Fatal(err)
	}
	return engine, module
}

func TestModuleImportsExportsAndValidation(t *testing.T) {
	engine, module := compileTest(t, false)
	defer engine.Close()
	defer module.Close()
	imports := module.Imports()
	if len(imports) != 2 || imports[0] != (ImportType{"env", "add", ExternFunc}) {
		t.Errorf("imports = %v", imports)
	}
	ft, ok := module.FuncType("run")
	if !ok || ft.String() != "[i32] -> [i32]" {
		t.Errorf("run: %v %v", ft, ok)
	}
	var kinds []string
	for _, e := range module.Exports() {
		kinds = append(kinds, e.Name+":"+e.Kind.String())
	}
	if got := strings.Join(kinds, " "); !strings.HasPrefix(got, "memory:memory run:func") {
		t.Errorf("exports = %s", got)
	}
	err := Validate(engine, []byte("\x00asm\x01\x00\x00\x00\x05"))
	var werr *Error
	if !errors.As(err, &werr) || !strings.Contains(werr.Message, "offset") {
		t.Errorf("bad module: %v", err)
	}
	if Version() == "" {
		t.Error("no version")
	}
}

func TestHostFunctionsAndMemory(t *testing.T) {
	engine, module := compileTest(t, false)
	defer engine.Close()
	defer module.Close()
	linker, in := newTestInstance(t, engine, module)
	defer linker.Close()
	defer in.Close()
	ctx := context.Background()
	r, err := in.Call(ctx, "run", 5)
	if err != nil || r[0].I32() != 42 {
		t.Fatalf("run(5) = %v, %v", r, err)
	}
	mem := in.Memory("")
	if got, _ := mem.Read(100, 4); string(got) != "weft" {
		t.Errorf("memory at 100: %q", got)
	}
	if err := mem.Write(100, []byte{1, 0, 0, 0}); err != nil {
		t.Fatal(err)
	}
	if r, err := in.Call(ctx, "peek100"); err != nil || r[0].I32() != 1 {
		t.Errorf("peek100 = %v, %v", r, err)
	}
	if mem.Size() != 65536 {
		t.Errorf("size %d", mem.Size())
	}
	if _, err := mem.Read(65535, 2); err == nil {
		t.Error("read past the end worked")
	}
	if _, err := in.Call(ctx, "run", "five"); err == nil {
		t.Error("a string argument was taken")
	}
	if _, err := in.Call(ctx, "nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing export: %v", err)
	}
}

func TestTrapsCarryCodeFramesAndHostErrors(t *testing.T) {
	engine, module := compileTest(t, false)
	defer engine.Close()
	linker, in := newTestInstance(t, engine, module)
	defer linker.Close()
	defer in.Close()
	_, err := in.Call(context.Background(), "divide", 0)
	var trap *TrapError
	if !errors.Is(err, ErrTrap) || !errors.As(err, &trap) {
		t.Fatalf("divide(0): %v", err)
	}
	if trap.Code.String() != "INTEGER_DIVIDE_BY_ZERO" || len(trap.Frames) == 0 || trap.Frames[0].FuncIndex != 4 {
		t.Errorf("trap %v frames %+v", trap.Code, trap.Frames)
	}
	// A host function's error is the trap's cause.
	linker2, err := NewLinker(engine)
	if err != nil {
		t.Fatal(err)
	}
	defer linker2.Close()
	linker2.Define("env", "add", func(a, b int32) int32 { return a + b })
	linker2.Define("env", "peek", func(int32) (int32, error) { return 0, errRefused })
	in2, err := linker2.Instantiate(context.Background(), module, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer in2.Close()
	_, err = in2.Call(context.Background(), "peek100")
	if !errors.Is(err, errRefused) || !errors.Is(err, ErrTrap) || !errors.As(err, &trap) || trap.Code != TrapHost {
		t.Errorf("host error: %v", err)
	}
	// A panic traps instead of crashing.
	linker3, _ := NewLinker(engine)
	defer linker3.Close()
	linker3.Define("env", "add", func(a, b int32) int32 { panic("boom") })
	linker3.Define("env", "peek", func(int32) int32 { return 0 })
	in3, err := linker3.Instantiate(context.Background(), module, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer in3.Close()
	if _, err := in3.Call(context.Background(), "run", 1); !errors.Is(err, ErrTrap) || !strings.Contains(err.Error(), "boom") {
		t.Errorf("panic: %v", err)
	}
}

func TestFuel(t *testing.T) {
	engine, module := compileTest(t, true)
	defer engine.Close()
	linker, in := newTestInstance(t, engine, module)
	defer linker.Close()
	defer in.Close()
	if err := in.SetFuel(10_000); err != nil {
		t.Fatal(err)
	}
	if _, err := in.Call(context.Background(), "count", int64(1_000_000)); !errors.Is(err, ErrFuelExhausted) || !errors.Is(err, ErrTrap) {
		t.Errorf("count: %v", err)
	}
	if r, err := in.Call(context.Background(), "count", int64(10)); err != nil || r[0].I64() != 10 || in.RemainingFuel() == 0 {
		t.Errorf("count(10) = %v, %v", r, err)
	}
}

// lateness is how long after `deadline` the call returned.
func lateness(deadline time.Time) time.Duration { return time.Since(deadline) }

// checkLateness wants the median stop within 10 ms of the deadline: the
// median, because a shared CI machine can stall any one run.
func checkLateness(t *testing.T, lates []time.Duration) {
	t.Helper()
	sorted := append([]time.Duration(nil), lates...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i] < sorted[j] })
	median := sorted[len(sorted)/2]
	t.Logf("stopped after the deadline by %v (median %v)", lates, median)
	if median > 10*time.Millisecond {
		t.Errorf("median stop %v after the deadline, want < 10ms", median)
	}
}

func TestDeadlineStopsEndlessLoop(t *testing.T) {
	engine, module := compileTest(t, false)
	defer engine.Close()
	linker, in := newTestInstance(t, engine, module)
	defer linker.Close()
	defer in.Close()
	var lates []time.Duration
	for i := 0; i < 5; i++ {
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		deadline, _ := ctx.Deadline()
		_, err := in.Call(ctx, "spin")
		lates = append(lates, lateness(deadline))
		cancel()
		if !errors.Is(err, ErrDeadline) || !errors.Is(err, context.DeadlineExceeded) || !errors.Is(err, ErrTrap) {
			t.Fatalf("spin: %v", err)
		}
	}
	checkLateness(t, lates)
	// Usable afterwards, and no interrupt left over.
	if r, err := in.Call(context.Background(), "run", 1); err != nil || r[0].I32() != 38 {
		t.Errorf("after: %v %v", r, err)
	}
}

func TestCancelStopsEndlessLoop(t *testing.T) {
	engine, module := compileTest(t, false)
	defer engine.Close()
	linker, in := newTestInstance(t, engine, module)
	defer linker.Close()
	defer in.Close()
	ctx, cancel := context.WithCancel(context.Background())
	at := time.Now().Add(30 * time.Millisecond)
	time.AfterFunc(30*time.Millisecond, cancel)
	_, err := in.Call(ctx, "spin")
	if !errors.Is(err, ErrCanceled) || !errors.Is(err, context.Canceled) {
		t.Fatalf("spin: %v", err)
	}
	if late := lateness(at); late > 10*time.Millisecond {
		t.Errorf("stopped %v after the cancel", late)
	}
	// A context done before the call: no call at all.
	if _, err := in.Call(ctx, "run", 1); !errors.Is(err, context.Canceled) {
		t.Errorf("canceled ctx: %v", err)
	}
}

// Cancellations racing with calls that end on their own must never leave
// an interrupt that fails a later, unrelated call.
func TestCancelRacingWithReturnLeavesNothingBehind(t *testing.T) {
	engine, module := compileTest(t, false)
	defer engine.Close()
	linker, in := newTestInstance(t, engine, module)
	defer linker.Close()
	defer in.Close()
	for i := 0; i < 300; i++ {
		ctx, cancel := context.WithCancel(context.Background())
		go cancel()
		in.Call(ctx, "count", int64(i*50))
		if r, err := in.Call(context.Background(), "run", 1); err != nil || r[0].I32() != 38 {
			t.Fatalf("round %d: %v %v", i, r, err)
		}
	}
}

func TestConcurrentCallsFrom64Goroutines(t *testing.T) {
	before := runtime.NumGoroutine()
	engine, module := compileTest(t, false)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var failures []string
	for g := 0; g < 64; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			linker, in := newTestInstance(t, engine, module)
			defer linker.Close()
			defer in.Close()
			for i := 0; i < 20; i++ {
				if i%5 == 4 { // an endless loop with a short deadline
					ctx, cancel := context.WithTimeout(context.Background(), 2*time.Millisecond)
					_, err := in.Call(ctx, "spin")
					cancel()
					if !errors.Is(err, ErrDeadline) {
						mu.Lock()
						failures = append(failures, err.Error())
						mu.Unlock()
					}
					continue
				}
				r, err := in.Call(context.Background(), "run", g*100+i)
				if err != nil || r[0].I32() != int32(g*100+i+37) {
					mu.Lock()
					failures = append(failures, fmt.Sprintf("wrong result %v %v", r, err))
					mu.Unlock()
				}
			}
		}(g)
	}
	// And 64 goroutines sharing one instance: their calls take turns.
	linker, shared := newTestInstance(t, engine, module)
	for g := 0; g < 64; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 20; i++ {
				if r, err := shared.Call(context.Background(), "run", g); err != nil || r[0].I32() != int32(g+37) {
					mu.Lock()
					failures = append(failures, "shared: wrong result")
					mu.Unlock()
				}
			}
		}(g)
	}
	wg.Wait()
	shared.Close()
	linker.Close()
	module.Close()
	engine.Close()
	if len(failures) > 0 {
		t.Fatalf("%d failures, first: %s", len(failures), failures[0])
	}
	waitForGoroutines(t, before)
}

// waitForGoroutines fails unless the goroutine count returns to `before`
// (timers' AfterFuncs may take a moment to finish).
func waitForGoroutines(t *testing.T, before int) {
	t.Helper()
	for i := 0; i < 100; i++ {
		if runtime.NumGoroutine() <= before {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Errorf("goroutines: %d before, %d after", before, runtime.NumGoroutine())
}

func TestUseAfterCloseIsAnError(t *testing.T) {
	engine, module := compileTest(t, false)
	linker, in := newTestInstance(t, engine, module)
	// Close stops a running call first.
	done := make(chan error)
	go func() { _, err := in.Call(context.Background(), "spin"); done <- err }()
	time.Sleep(20 * time.Millisecond)
	in.Close()
	select {
	case err := <-done:
		if err == nil {
			t.Error("spin returned no error")
		}
	case <-time.After(2 * time.Second):
		t.Fatal("Close did not stop the running call")
	}
	in.Close() // twice is fine
	if _, err := in.Call(context.Background(), "run", 1); !errors.Is(err, ErrClosed) {
		t.Errorf("call after close: %v", err)
	}
	if _, err := in.Memory("").Read(0, 1); !errors.Is(err, ErrClosed) {
		t.Errorf("memory after close: %v", err)
	}
	linker.Close()
	if err := linker.Define("env", "x", func() {}); !errors.Is(err, ErrClosed) {
		t.Errorf("define after close: %v", err)
	}
	module.Close()
	if _, err := linker.Instantiate(context.Background(), module, nil); !errors.Is(err, ErrClosed) {
		t.Errorf("instantiate after close: %v", err)
	}
	engine.Close()
	if _, err := Compile(engine, []byte("(module)")); !errors.Is(err, ErrClosed) {
		t.Errorf("compile after close: %v", err)
	}
}

func TestStartFunctionBoundedByContext(t *testing.T) {
	engine := NewEngine(nil)
	defer engine.Close()
	module, err := Compile(engine, []byte(`(module (func $s (loop $l (br $l))) (start $s))`))
	if err != nil {
		t.Fatal(err)
	}
	defer module.Close()
	linker, _ := NewLinker(engine)
	defer linker.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	if _, err := linker.Instantiate(ctx, module, nil); !errors.Is(err, ErrDeadline) {
		t.Errorf("endless start: %v", err)
	}
}

func TestWASI(t *testing.T) {
	engine := NewEngine(nil)
	defer engine.Close()
	module, err := Compile(engine, []byte(`(module
	  (import "wasi_snapshot_preview1" "fd_write" (func $w (param i32 i32 i32 i32) (result i32)))
	  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
	  (memory (export "memory") 1)
	  (data (i32.const 16) "hi\n")
	  (func (export "_start")
	    (i32.store (i32.const 0) (i32.const 16))
	    (i32.store (i32.const 4) (i32.const 3))
	    (drop (call $w (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
	    (call $exit (i32.const 7))))`))
	if err != nil {
		t.Fatal(err)
	}
	defer module.Close()
	linker, _ := NewLinker(engine)
	defer linker.Close()
	wasi, err := linker.DefineWASI(WASIConfig{Args: []string{"prog"}, CaptureOutput: true})
	if err != nil {
		t.Fatal(err)
	}
	defer wasi.Close()
	in, err := linker.Instantiate(context.Background(), module, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	_, err = in.Call(context.Background(), "_start")
	var exit *ExitError
	if !errors.As(err, &exit) || exit.Code != 7 {
		t.Errorf("_start: %v", err)
	}
	if string(wasi.Stdout()) != "hi\n" {
		t.Errorf("stdout %q", wasi.Stdout())
	}
	if code, ok := wasi.ExitCode(); !ok || code != 7 {
		t.Errorf("exit code %d %v", code, ok)
	}
}
