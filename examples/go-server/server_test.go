package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// pluginDir writes the test's plugin directory: "spin" (fast calls; its
// wasm is replaced mid-load for a reload) and "loop50" (the same plugin,
// called to loop forever, with a 50 ms timeout).
func pluginDir(t *testing.T) (dir, v2 string) {
	t.Helper()
	v1, v2 := os.Getenv("WEFT_TEST_SPIN_V1"), os.Getenv("WEFT_TEST_SPIN_V2")
	if v1 == "" || v2 == "" {
		t.Skip("WEFT_TEST_SPIN_V1/V2 not set (run through bazel test //examples/go-server:go_test)")
	}
	dir = t.TempDir()
	copyFile(t, v1, filepath.Join(dir, "spin.wasm"))
	copyFile(t, v1, filepath.Join(dir, "loop.wasm"))
	write(t, filepath.Join(dir, "spin.json"), `{"name":"spin","wasm":"spin.wasm","max_instances":8,"timeout_ms":5000}`)
	write(t, filepath.Join(dir, "loop50.json"), `{"name":"loop50","wasm":"loop.wasm","max_instances":4,"timeout_ms":50}`)
	return dir, v2
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	raw, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	// Write then rename: the watcher sees one complete new file.
	tmp := to + ".tmp"
	write(t, tmp, string(raw))
	if err := os.Rename(tmp, to); err != nil {
		t.Fatal(err)
	}
}

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func reversed(s string) string {
	b := []byte(s)
	for i, j := 0, len(b)-1; i < j; i, j = i+1, j-1 {
		b[i], b[j] = b[j], b[i]
	}
	return string(b)
}

// serve starts run() on a loopback port; stop() shuts it down and returns
// run's error.
func serve(t *testing.T, dir string) (base string, stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	addr := make(chan net.Addr, 1)
	done := make(chan error, 1)
	go func() { done <- run(ctx, "127.0.0.1:0", dir, 2*time.Second, func(a net.Addr) { addr <- a }) }()
	select {
	case a := <-addr:
		return "http://" + a.String(), func() error { cancel(); return <-done }
	case err := <-done:
		t.Fatalf("server did not start: %v", err)
	}
	return "", nil
}

func post(ctx context.Context, client *http.Client, url, body string) (int, string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		return 0, "", err
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(out), err
}

func TestEndpoints(t *testing.T) {
	dir, _ := pluginDir(t)
	base, stop := serve(t, dir)
	client := &http.Client{}
	if code, body, err := post(context.Background(), client, base+"/plugins/spin", "hello"); err != nil || code != 200 || body != "v1:olleh" {
		t.Errorf("spin: %d %q %v", code, body, err)
	}
	if code, body, _ := post(context.Background(), client, base+"/plugins/loop50", "loop"); code != http.StatusGatewayTimeout || !strings.Contains(body, "deadline") {
		t.Errorf("loop50: %d %q", code, body)
	}
	if code, _, _ := post(context.Background(), client, base+"/plugins/nope", "x"); code != http.StatusNotFound {
		t.Errorf("unknown plugin: %d", code)
	}
	if code, body, _ := post(context.Background(), client, base+"/plugins/spin", "trap"); code != http.StatusInternalServerError || !strings.Contains(body, "unreachable") {
		t.Errorf("trap: %d %q", code, body)
	}
	resp, err := client.Get(base + "/plugins")
	if err != nil {
		t.Fatal(err)
	}
	var list []pluginInfo
	json.NewDecoder(resp.Body).Decode(&list)
	resp.Body.Close()
	if len(list) != 2 || list[0].Name != "loop50" || list[1].Name != "spin" || list[1].Version != 1 || len(list[1].SHA256) != 64 {
		t.Errorf("GET /plugins: %+v", list)
	}
	resp, err = client.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	text, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{
		`weft_http_requests_total{plugin="spin",outcome="ok"} 1`,
		`weft_http_requests_total{plugin="loop50",outcome="deadline"} 1`,
		`weft_http_request_duration_seconds_count{plugin="spin"} 2`,
		`weft_plugin_failures_total{plugin="loop50",kind="deadline exceeded"} 1`,
		"go_goroutines ", "process_threads ", "process_open_fds ",
	} {
		if !strings.Contains(string(text), want) {
			t.Errorf("metrics lack %q:\n%s", want, text)
		}
	}
	if resp, err := client.Get(base + "/debug/pprof/"); err != nil || resp.StatusCode != 200 {
		t.Errorf("pprof: %v", err)
	} else {
		resp.Body.Close()
	}
	if err := stop(); err != nil {
		t.Errorf("shutdown: %v", err)
	}
}

// metricValue is the value of the sample `series` in Prometheus text, or
// -1 when it is absent.
func metricValue(text, series string) int64 {
	for _, line := range strings.Split(text, "\n") {
		if rest, ok := strings.CutPrefix(line, series+" "); ok {
			var v int64
			if _, err := fmt.Sscan(rest, &v); err == nil {
				return v
			}
		}
	}
	return -1
}

// processState is what a leak would move.
type processState struct{ goroutines, threads, fds, rssKiB int }

func measure() processState {
	runtime.GC()
	threads, _ := osThreads()
	fds, _ := openFDs()
	rss, _ := rssKiB()
	return processState{runtime.NumGoroutine(), threads, fds, rss}
}

// TestLoadAndFaults: a bounded mix of fast calls, endless loops stopped by
// a 50 ms timeout, clients that hang up mid-call, a reload mid-load and a
// shutdown mid-load. Every response is checked; afterwards goroutines,
// threads, fds and RSS are back within a small bound of the baseline.
func TestLoadAndFaults(t *testing.T) {
	dir, v2 := pluginDir(t)
	before := measure()
	base, stop := serve(t, dir)
	transport := &http.Transport{MaxIdleConnsPerHost: 16}
	client := &http.Client{Transport: transport}

	const workers = 8
	const duration = 1500 * time.Millisecond
	var (
		mu                                   sync.Mutex
		fastLatencies                        []time.Duration
		fast, loops, hangups, v2seen, wrongs atomic.Int64
		refusedByBreaker                     atomic.Int64
		refusedBusy                          atomic.Int64
		reloadAt                             = time.Now().Add(duration / 3)
		reloaded                             atomic.Bool
	)
	deadline := time.Now().Add(duration)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(seed int64) {
			defer wg.Done()
			rng := rand.New(rand.NewSource(seed))
			for time.Now().Before(deadline) {
				switch r := rng.Intn(100); {
				case r < 70: // a fast call, its answer checked
					in := fmt.Sprintf("req-%d-%d", seed, rng.Int63())
					start := time.Now()
					code, body, err := post(context.Background(), client, base+"/plugins/spin", in)
					took := time.Since(start)
					v1ok, v2ok := body == "v1:"+reversed(in), body == "v2:"+reversed(in)
					if err != nil || code != 200 || !(v1ok || v2ok) || (v1ok && reloaded.Load() && time.Since(reloadAt) > time.Second) {
						wrongs.Add(1)
						t.Errorf("fast call: %d %q %v", code, body, err)
						continue
					}
					if v2ok {
						v2seen.Add(1)
					}
					fast.Add(1)
					mu.Lock()
					fastLatencies = append(fastLatencies, took)
					mu.Unlock()
				case r < 85: // an endless loop, stopped at its 50 ms timeout
					// Once it has failed enough, the circuit breaker refuses
					// it outright (503) for a while: also a right answer.
					code, body, err := post(context.Background(), client, base+"/plugins/loop50", "loop")
					switch {
					case err == nil && code == http.StatusGatewayTimeout:
						loops.Add(1)
					case err == nil && code == http.StatusServiceUnavailable && strings.Contains(body, "circuit open"):
						refusedByBreaker.Add(1)
					// Each loop holds one of the plugin's 4 instances for its
					// 50 ms; a burst of them on a loaded machine leaves a
					// request no instance before its own deadline: 503, also
					// a right answer (the pool's wait is bounded by it).
					case err == nil && code == http.StatusServiceUnavailable && strings.Contains(body, "instance pool exhausted"):
						refusedBusy.Add(1)
					default:
						wrongs.Add(1)
						t.Errorf("loop: %d %q %v", code, body, err)
					}
				default: // a client that hangs up while its plugin loops
					ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
					_, _, err := post(ctx, client, base+"/plugins/spin", "loop")
					cancel()
					if !errors.Is(err, context.DeadlineExceeded) {
						wrongs.Add(1)
						t.Errorf("hang-up: got %v", err)
						continue
					}
					hangups.Add(1)
				}
			}
		}(int64(w + 1))
	}
	// The reload, mid-load.
	time.Sleep(time.Until(reloadAt))
	copyFile(t, v2, filepath.Join(dir, "spin.wasm"))
	reloaded.Store(true)
	wg.Wait()
	elapsed := duration
	// The hung-up calls' guests were stopped (they loop forever and the
	// plugin's timeout is 5 s): soon none is running, and every call the
	// server saw its client leave ("client_gone") was cancelled in weft.
	// (A client may also give up before its request reached the server:
	// hence at most the clients' count. The server notices a client gone
	// a moment after it left.)
	var metrics string
	for settle := time.Now().Add(2 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		resp, err := client.Get(base + "/metrics")
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		metrics = string(raw)
		gone := metricValue(metrics, `weft_http_requests_total{plugin="spin",outcome="client_gone"}`)
		cancelled := metricValue(metrics, `weft_plugin_failures_total{plugin="spin",kind="cancelled"}`)
		inUse := metricValue(metrics, `weft_plugin_instances{plugin="spin",state="in_use"}`)
		if inUse == 0 && gone == cancelled && gone > 0 && gone <= hangups.Load() {
			break
		}
		if time.Now().After(settle) {
			t.Errorf("after the load: in use %d, client_gone %d, cancelled %d, hang-ups %d:\n%s",
				inUse, gone, cancelled, hangups.Load(), metrics)
			break
		}
	}

	// Shutdown mid-load: calls in flight finish, later ones are refused.
	var inflight sync.WaitGroup
	var drained, refused atomic.Int64
	for i := 0; i < 16; i++ {
		inflight.Add(1)
		go func(i int) {
			defer inflight.Done()
			in := fmt.Sprintf("drain-%d", i)
			code, body, err := post(context.Background(), client, base+"/plugins/spin", in)
			switch {
			case err == nil && code == 200 && body == "v2:"+reversed(in):
				drained.Add(1)
			case err != nil:
				refused.Add(1) // arrived after the listener closed
			default:
				wrongs.Add(1)
				t.Errorf("during shutdown: %d %q", code, body)
			}
		}(i)
	}
	time.Sleep(2 * time.Millisecond)
	if err := stop(); err != nil {
		t.Errorf("shutdown: %v", err)
	}
	inflight.Wait()
	if _, _, err := post(context.Background(), client, base+"/plugins/spin", "x"); err == nil {
		t.Error("a request after shutdown was served")
	}
	transport.CloseIdleConnections()

	sort.Slice(fastLatencies, func(i, j int) bool { return fastLatencies[i] < fastLatencies[j] })
	pct := func(p float64) time.Duration {
		if len(fastLatencies) == 0 {
			return 0
		}
		return fastLatencies[int(p*float64(len(fastLatencies)-1))]
	}
	total := fast.Load() + loops.Load() + refusedByBreaker.Load() + refusedBusy.Load() + hangups.Load()
	t.Logf("load: %d requests in %v (%.0f/s): %d fast (p50 %v, p99 %v), %d loops stopped at 50 ms, %d refused by the open circuit, %d refused with every instance busy, %d hang-ups; %d fast answers from v2 after the reload; shutdown: %d drained, %d refused",
		total, elapsed, float64(total)/elapsed.Seconds(), fast.Load(), pct(0.5), pct(0.99), loops.Load(), refusedByBreaker.Load(), refusedBusy.Load(), hangups.Load(), v2seen.Load(), drained.Load(), refused.Load())
	if fast.Load() == 0 || loops.Load() == 0 || hangups.Load() == 0 || v2seen.Load() == 0 || wrongs.Load() != 0 {
		t.Errorf("mix incomplete or wrong answers: fast %d loops %d hangups %d v2 %d wrong %d", fast.Load(), loops.Load(), hangups.Load(), v2seen.Load(), wrongs.Load())
	}

	// Back to the baseline: goroutines exactly settle; Go keeps OS threads
	// it made for blocking cgo calls, so threads get a bound; fds settle;
	// RSS within 64 MiB.
	var after processState
	for i := 0; i < 100; i++ {
		after = measure()
		if after.goroutines <= before.goroutines && after.fds <= before.fds+1 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Logf("before %+v, after %+v", before, after)
	if after.goroutines > before.goroutines {
		buf := make([]byte, 1<<16)
		t.Errorf("goroutines %d -> %d:\n%s", before.goroutines, after.goroutines, buf[:runtime.Stack(buf, true)])
	}
	if after.fds > before.fds+1 {
		t.Errorf("open fds %d -> %d", before.fds, after.fds)
	}
	if after.threads > before.threads+2*workers+16 {
		t.Errorf("threads %d -> %d", before.threads, after.threads)
	}
	if !underASan && after.rssKiB > before.rssKiB+64*1024 {
		t.Errorf("RSS %d KiB -> %d KiB", before.rssKiB, after.rssKiB)
	}
}
