// weft-plugin-server: serves the plugins of a directory over HTTP.
//
//	go run . -plugins DIR [-addr 127.0.0.1:8080] [-drain 10s]
//
// SIGTERM or SIGINT: stop accepting, let calls in flight finish (at most
// -drain; then their contexts end, which stops their guests), unload the
// plugins, exit.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "listen address")
	dir := flag.String("plugins", "", "directory of plugin configs (*.json)")
	drain := flag.Duration("drain", 10*time.Second, "how long shutdown waits for calls in flight")
	flag.Parse()
	if *dir == "" || flag.NArg() != 0 {
		fmt.Fprintln(os.Stderr, "usage: weft-plugin-server -plugins DIR [-addr HOST:PORT] [-drain DURATION]")
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	if err := run(ctx, *addr, *dir, *drain, func(a net.Addr) {
		fmt.Fprintf(os.Stderr, "serving plugins of %s on http://%s\n", *dir, a)
	}); err != nil {
		fmt.Fprintln(os.Stderr, "weft-plugin-server:", err)
		os.Exit(1)
	}
}

// run serves until ctx ends, then shuts down gracefully. ready (may be
// nil) is told the listening address.
func run(ctx context.Context, addr, dir string, drain time.Duration, ready func(net.Addr)) error {
	s, err := NewServer(dir, logToStderr)
	if err != nil {
		return err
	}
	defer s.Close() // after the HTTP server has drained
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	// Calls in flight get their own contexts (not ctx): a shutdown lets
	// them finish; the drain bound cancels what is left.
	base, cancelCalls := context.WithCancel(context.Background())
	defer cancelCalls()
	hs := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 5 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return base },
	}
	if ready != nil {
		ready(ln.Addr())
	}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), drain)
	defer cancel()
	err = hs.Shutdown(shutdownCtx)
	if errors.Is(err, context.DeadlineExceeded) {
		cancelCalls() // stops the guests still running
		hs.Close()
		err = nil
	}
	if serr := <-served; !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	return err
}
