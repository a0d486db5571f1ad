package weft

/*
#include <stdlib.h>
#include "weft/weft.h"
*/
import "C"

import (
	"errors"
	"runtime"
	"unsafe"
)

// Preopen grants the guest a host directory under a guest path.
type Preopen struct {
	HostPath, GuestPath string
	ReadOnly            bool
}

// WASIConfig is what a WASI (preview 1) guest may reach; nothing else.
type WASIConfig struct {
	Args     []string // argv, argv[0] included
	Env      map[string]string
	Preopens []Preopen
	// Stdin: what the guest reads on fd 0 (nil: stdin is closed).
	Stdin []byte
	// CaptureOutput: stdout and stderr kept in memory (WASI.Stdout,
	// WASI.Stderr); else they are closed.
	CaptureOutput bool
}

// WASI is the state of one WASI guest: its fd table, exit code and
// captured output. It serves one instance: the next Instantiate of its
// linker attaches it.
type WASI struct {
	ptr      *C.weft_wasi_t
	attached bool
	link     *linkState
}

// DefineWASI defines "wasi_snapshot_preview1" with cfg's capabilities.
func (l *Linker) DefineWASI(cfg WASIConfig) (*WASI, error) {
	c := C.weft_wasi_config_new()
	defer C.weft_wasi_config_delete(c)
	if err := fillWASIConfig(c, cfg); err != nil {
		return nil, err
	}
	w := &WASI{link: l.link}
	err := l.locked(func() error {
		if l.wasi != nil {
			return errors.New("weft: the linker has WASI already")
		}
		return takeError(C.weft_linker_define_wasi(l.ptr, c, &w.ptr))
	})
	if err != nil {
		return nil, err
	}
	l.wasi = w
	runtime.SetFinalizer(w, (*WASI).Close)
	return w, nil
}

func fillWASIConfig(c *C.weft_wasi_config_t, cfg WASIConfig) error {
	if len(cfg.Args) > 0 {
		argv := make([]*C.char, len(cfg.Args))
		for i, a := range cfg.Args {
			argv[i] = C.CString(a)
			defer C.free(unsafe.Pointer(argv[i]))
		}
		if err := takeError(C.weft_wasi_config_set_args(c, &argv[0], C.size_t(len(argv)))); err != nil {
			return err
		}
	}
	for k, v := range cfg.Env {
		ck, cv := C.CString(k), C.CString(v)
		err := takeError(C.weft_wasi_config_add_env(c, ck, cv))
		C.free(unsafe.Pointer(ck))
		C.free(unsafe.Pointer(cv))
		if err != nil {
			return err
		}
	}
	for _, p := range cfg.Preopens {
		host, guest := C.CString(p.HostPath), C.CString(p.GuestPath)
		ro := C.int(0)
		if p.ReadOnly {
			ro = 1
		}
		err := takeError(C.weft_wasi_config_preopen_dir(c, host, guest, ro))
		C.free(unsafe.Pointer(host))
		C.free(unsafe.Pointer(guest))
		if err != nil {
			return err
		}
	}
	if cfg.Stdin != nil {
		if err := takeError(C.weft_wasi_config_set_stdin(c, C.WEFT_WASI_STDIO_CAPTURE, bytesPtr(cfg.Stdin), C.size_t(len(cfg.Stdin)))); err != nil {
			return err
		}
	}
	if cfg.CaptureOutput {
		C.weft_error_delete(C.weft_wasi_config_set_stdout(c, C.WEFT_WASI_STDIO_CAPTURE))
		C.weft_error_delete(C.weft_wasi_config_set_stderr(c, C.WEFT_WASI_STDIO_CAPTURE))
	}
	return nil
}

// attach binds w to a new instance; holds link.mu.
func (w *WASI) attach(in *Instance) error {
	if w.ptr == nil {
		return ErrClosed
	}
	if err := takeError(C.weft_wasi_attach(w.ptr, in.ptr)); err != nil {
		return err
	}
	w.attached = true
	return nil
}

// Stdout is what the guest wrote to a captured stdout so far.
func (w *WASI) Stdout() []byte { return w.output(true) }

// Stderr is what the guest wrote to a captured stderr so far.
func (w *WASI) Stderr() []byte { return w.output(false) }

func (w *WASI) output(stdout bool) []byte {
	w.link.mu.Lock()
	defer w.link.mu.Unlock()
	if w.ptr == nil {
		return nil
	}
	var size C.size_t
	var p *C.char
	if stdout {
		p = C.weft_wasi_stdout(w.ptr, &size)
	} else {
		p = C.weft_wasi_stderr(w.ptr, &size)
	}
	return C.GoBytes(unsafe.Pointer(p), C.int(size))
}

// ExitCode is the guest's proc_exit code, once it called it.
func (w *WASI) ExitCode() (uint32, bool) {
	w.link.mu.Lock()
	defer w.link.mu.Unlock()
	var code C.uint32_t
	if w.ptr == nil || C.weft_wasi_exit_code(w.ptr, &code) == 0 {
		return 0, false
	}
	return uint32(code), true
}

// Close frees the WASI state (an attached instance keeps what it needs).
func (w *WASI) Close() error {
	w.link.mu.Lock()
	defer w.link.mu.Unlock()
	C.weft_wasi_delete(w.ptr)
	w.ptr = nil
	return nil
}
