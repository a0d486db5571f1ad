#!/bin/sh
# WASI end to end through the built `weft run`: C programs compiled against
# wasi-libc and small .wat modules, run with preopened directories, granted
# environment, stdin, and --trace-wasi; checks exit codes, output, the files
# the guests write, and that escape attempts change nothing on the host.
set -u

R="${TEST_SRCDIR}/${TEST_WORKSPACE}"
WEFT="$R/cli/weft"
G="$R/tests/wasi/guests"
WAT="$R/tests/wasi/wat"
T="${TEST_TMPDIR:-/tmp}/weft_wasi_e2e.$$"
mkdir -p "$T"
trap 'rm -rf "$T"' EXIT
failures=0
# A hung guest must fail the check, not the whole test by timeout.
GUARD=""
command -v timeout >/dev/null 2>&1 && GUARD="timeout 60"

fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

# run EXPECTED_EXIT ARGS...: runs weft with stdin from $T/in (if present),
# keeping stdout/stderr in $T/out, $T/err.
run() {
  expected=$1
  shift
  if [ -f "$T/in" ]; then
    $GUARD "$WEFT" "$@" <"$T/in" >"$T/out" 2>"$T/err"
  else
    $GUARD "$WEFT" "$@" </dev/null >"$T/out" 2>"$T/err"
  fi
  code=$?
  if [ "$code" -ne "$expected" ]; then
    fail "weft $* exited $code, expected $expected"
    sed 's/^/  out| /' "$T/out" | grep -v '| ok: ' | head -40
    sed 's/^/  err| /' "$T/err" | head -20
    return 1
  fi
  return 0
}

# expect out|err TEXT: the last run's stream contains TEXT.
expect() {
  if ! grep -qF -- "$2" "$T/$1"; then
    fail "std$1 lacks \"$2\":"
    sed 's/^/  | /' "$T/$1" | head -40
  fi
}

reject() {
  if grep -qF -- "$2" "$T/$1"; then
    fail "std$1 unexpectedly contains \"$2\""
    grep -F -- "$2" "$T/$1" | head -10 | sed 's/^/  | /'
  fi
}

# same FILE TEXT: FILE holds exactly TEXT.
same() {
  if [ "$(cat "$1" 2>/dev/null)" != "$2" ]; then
    fail "$1 is \"$(cat "$1" 2>/dev/null)\", expected \"$2\""
  fi
}

# A checking guest passed: every line "ok: ...", then "failures=0".
all_ok() {
  reject out "FAIL"
  expect out "failures=0"
}

# --- args, environment, stdio, exit codes ---
run 7 run "$G/hello.wasm" 7 second &&
  expect out "argc=3" && expect out "argv[0]=hello.wasm" &&
  expect out "argv[1]=7" && expect out "argv[2]=second" &&
  expect out "env count=0" && expect out "WEFT_TEST=(unset)" &&
  expect err "to stderr"
run 0 run --argv0 /bin/tool "$G/hello.wasm" &&
  expect out "argc=1" && expect out "argv[0]=/bin/tool"
# Everything after FILE is the guest's, flags and "--" included.
run 0 run "$G/hello.wasm" --dir / -- --env X=1 &&
  expect out "argc=6" && expect out "argv[1]=--dir" && expect out "argv[3]=--" &&
  expect out "argv[4]=--env" && expect out "env count=0"
run 0 run -- "$G/hello.wasm" && expect out "argc=1"
WEFT_TEST=leak run 0 run "$G/hello.wasm" && expect out "WEFT_TEST=(unset)"
run 0 run --env WEFT_TEST=granted "$G/hello.wasm" &&
  expect out "env count=1" && expect out "WEFT_TEST=granted"
WEFT_TEST=inherited run 0 run --inherit-env "$G/hello.wasm" &&
  expect out "WEFT_TEST=inherited" && reject out "env count=0"
WEFT_TEST=inherited run 0 run --inherit-env --env WEFT_TEST=flag "$G/hello.wasm" &&
  expect out "WEFT_TEST=flag"
WEFT_TEST=picked run 0 run --env WEFT_TEST "$G/hello.wasm" &&
  expect out "env count=1" && expect out "WEFT_TEST=picked"
run 0 run --env WEFT_TEST_UNSET_XYZ "$G/hello.wasm" && expect out "env count=0"
run 44 run "$WAT/exit_code.wasm"   # proc_exit(300): 300 & 0xff
run 0 run "$WAT/start_write.wasm" && expect out "from start"

# --- stdin ---
printf 'abc\nxyz\n' >"$T/in"
run 0 run "$G/stdin_upper.wasm" && expect out "ABC" && expect out "XYZ" &&
  expect err "8 bytes"
rm -f "$T/in"
# A closed host stdin is a closed guest fd 0: EOF for wasi-libc, EBADF below.
$GUARD "$WEFT" run --trace-wasi "$G/stdin_upper.wasm" <&- >"$T/out" 2>"$T/err" ||
  fail "stdin_upper with stdin closed exited $?"
expect err "0 bytes" && expect err "fd_read(fd=0" && expect err "-> EBADF"

# --- clocks, sleep, entropy ---
run 0 run "$G/clock_random.wasm" && expect out "slept>=2ms: yes" &&
  expect out "realtime after 2020: yes" && expect out "entropy: yes" &&
  expect out "failures=0"

# --- filesystem through wasi-libc, read-only preopen ---
mkdir -p "$T/sandbox" "$T/ro"
printf 'secret' >"$T/outside.txt"
printf 'read me' >"$T/ro/r.txt"
run 0 run --dir "$T/sandbox::/sandbox" --dir-ro "$T/ro::/ro" "$G/fs_ops.wasm" &&
  expect out "listing: . .. s y z" && all_ok
same "$T/outside.txt" "secret"
[ -e "$T/ro/new.txt" ] && fail "a file was created under the read-only preopen"
same "$T/sandbox/a.txt" "hello"

# Big directories, poll, timestamps, fd calls.
mkdir -p "$T/sb2"
printf 'x' >"$T/in"
run 0 run --dir "$T/sb2::/sandbox" "$G/dir_poll.wasm" && expect out "entries=302" &&
  all_ok
rm -f "$T/in"

# Without --dir nothing is reachable.
run 1 run "$G/fs_ops.wasm" && expect out "FAIL: create a.txt"

# --- every function, success and error cases ---
mkdir -p "$T/all"
printf 'stdin-data\n' >"$T/in"
run 0 run --trace-wasi --env A=1 --env B=xy --dir "$T/all::/w" \
  "$G/all_calls.wasm" one two && all_ok && expect out "readdir entries=502,502"
for f in args_get args_sizes_get environ_get environ_sizes_get clock_res_get \
  clock_time_get fd_advise fd_allocate fd_close fd_datasync fd_fdstat_get \
  fd_fdstat_set_flags fd_fdstat_set_rights fd_filestat_get \
  fd_filestat_set_size fd_filestat_set_times fd_pread fd_prestat_get \
  fd_prestat_dir_name fd_pwrite fd_read fd_readdir fd_renumber fd_seek \
  fd_sync fd_tell fd_write path_create_directory path_filestat_get \
  path_filestat_set_times path_link path_open path_readlink \
  path_remove_directory path_rename path_symlink path_unlink_file \
  poll_oneoff proc_exit proc_raise sched_yield random_get sock_accept \
  sock_recv sock_send sock_shutdown; do
  grep -q "^\[wasi\] $f(" "$T/err" || fail "all_calls never called $f"
done
expect err "proc_exit(rval=0) -> exit(0)"
rm -f "$T/in"
# Sockets: stdin and stderr one connected stream socket (needs python3).
if command -v python3 >/dev/null 2>&1; then
  rm -rf "$T/all" && mkdir -p "$T/all"
  $GUARD python3 - "$WEFT" "$G/all_calls.wasm" "$T/all" >"$T/out" 2>"$T/err" <<'PY'
import socket, subprocess, sys
weft, wasm, w = sys.argv[1:4]
a, b = socket.socketpair()
p = subprocess.Popen([weft, "run", "--env", "A=1", "--env", "B=xy", "--dir",
                      w + "::/w", wasm, "one", "two"], stdin=b, stderr=b,
                     stdout=subprocess.PIPE)
b.close()
a.sendall(b"stdin-data\n")
reply = a.recv(100)
out, _ = p.communicate(timeout=60)
sys.stdout.write(out.decode())
print("reply=%r exit=%d" % (reply, p.returncode))
PY
  expect out "socket stdin: yes" && expect out "reply=b'reply\\n' exit=0" && all_ok
  # A preopened listening socket (--tcplisten): accept, recv, send, shutdown.
  $GUARD python3 - "$WEFT" "$G/sock_server.wasm" >"$T/out" 2>"$T/err" <<'PY'
import socket, subprocess, sys
weft, wasm = sys.argv[1:3]
probe = socket.socket()
probe.bind(("127.0.0.1", 0))
port = probe.getsockname()[1]
probe.close()
p = subprocess.Popen([weft, "run", "--tcplisten", "127.0.0.1:%d" % port, wasm],
                     stdout=subprocess.PIPE)
head = b""
while True:  # the guest says "ready" once its EAGAIN check is done
    line = p.stdout.readline()
    head += line
    if not line or line == b"ready\n":
        break
c = None
if line:
    c = socket.create_connection(("127.0.0.1", port), timeout=20)
got = b""
if c is not None:
    c.sendall(b"ping")
    while True:
        chunk = c.recv(100)
        if not chunk:
            break
        got += chunk
out, _ = p.communicate(timeout=60)
sys.stdout.write((head + out).decode())
print("client got=%r exit=%d" % (got, p.returncode))
PY
  expect out "client got=b'pong' exit=0" && all_ok
else
  echo "note: python3 not on PATH; socket success paths skipped"
fi
run 2 run --tcplisten 127.0.0.1 "$G/hello.wasm" && expect err "--tcplisten 127.0.0.1: expected HOST:PORT"
run 2 run --tcplisten 999.1.1.1:80 "$G/hello.wasm" && expect err "expected an IPv4 address"

# --- escape suite (both path resolvers) ---
E="$T/esc"
mkdir -p "$E/box/a" "$E/ro/sub"
printf 'inside' >"$E/box/f.txt"
printf 'g' >"$E/box/a/g.txt"
printf 'secret' >"$E/secret.txt"
printf 'read only' >"$E/ro/r.txt"
ln -s ../f.txt "$E/box/a/up"
ln -s a/g.txt "$E/box/good"
ln -s "$E/secret.txt" "$E/box/link_abs"
ln -s /etc/passwd "$E/box/link_etc"
ln -s ../secret.txt "$E/box/link_rel"
ln -s .. "$E/box/link_dir"
ln -s a/../../secret.txt "$E/box/link_deep"
ln -s loop2 "$E/box/loop1"
ln -s loop1 "$E/box/loop2"
ln -s self "$E/box/self"
snapshot() { (cd "$E" && find . -print | sort && cat secret.txt ro/r.txt box/f.txt); }
snapshot >"$T/before"
for resolver in auto walk; do
  WEFT_WASI_RESOLVER=$resolver run 0 run --dir "$E/box::/box" \
    --dir-ro "$E/ro::/ro" "$G/escape.wasm" && all_ok &&
    expect out "ok: follow absolute link to host file (errno 76)" &&
    expect out "ok: rename f.txt to ../moved.txt (errno 76)" &&
    expect out "ok: create in /ro (errno 69)" &&
    expect out "ok: path with a NUL byte (errno 28)"
  snapshot >"$T/after"
  if ! cmp -s "$T/before" "$T/after"; then
    fail "escape suite ($resolver) changed the host tree:"
    diff "$T/before" "$T/after" | head -20
  fi
done

# --- real programs: wc/grep ---
C="$T/corpus"
mkdir -p "$C/sub/deeper" "$T/rep"
printf 'the quick brown fox\njumps over\nthe lazy dog\n' >"$C/a.txt"
printf 'no trailing newline, The end' >"$C/sub/b.txt"
: >"$C/sub/empty.txt"
i=0
while [ $i -lt 3000 ]; do
  echo "line $i of a longer file, some words here${i%7}"
  i=$((i + 1))
done >"$C/sub/deeper/big.txt"
run 0 run --dir-ro "$C::/data" --dir "$T/rep::/rep" "$G/wc_grep.wasm" \
  the /rep/report.txt /data
for f in a.txt sub/b.txt sub/deeper/big.txt sub/empty.txt; do
  set -- $(wc -l -w -c <"$C/$f")
  expect out "$1 $2 $3 /data/$f"
done
# Totals are per-file sums (concatenating would merge b.txt's last word).
tl=0 tw=0 tc=0
for f in a.txt sub/b.txt sub/deeper/big.txt sub/empty.txt; do
  set -- $(wc -l -w -c <"$C/$f")
  tl=$((tl + $1)) tw=$((tw + $2)) tc=$((tc + $3))
done
expect out "$tl $tw $tc total"
grep -n the "$C/a.txt" | sed 's|^|/data/a.txt:|' >"$T/want"
grep -n the "$C/sub/deeper/big.txt" | sed 's|^|/data/sub/deeper/big.txt:|' >>"$T/want"
grep '^/data/.*:[0-9]*:' "$T/out" >"$T/got"
cmp -s "$T/want" "$T/got" || { fail "wc_grep matches differ from grep -n"; diff "$T/want" "$T/got" | head; }
expect out "matches=$(wc -l <"$T/want" | tr -d ' ')"
cmp -s "$T/out" "$T/rep/report.txt" || fail "wc_grep report file differs from its stdout"
run 0 run --dir-ro "$C::/data" --dir "$T/rep::/rep" "$G/wc_grep.wasm" \
  -i 'the end' /rep/r2.txt /data/sub && expect out "/data/sub/b.txt:1:no trailing newline, The end"
run 1 run --dir-ro "$C::/data" --dir "$T/rep::/rep" "$G/wc_grep.wasm" \
  zebra /rep/r3.txt /data && expect out "matches=0"
run 2 run --dir-ro "$C::/data" --dir "$T/rep::/rep" "$G/wc_grep.wasm" \
  x /rep/r4.txt /data/missing /etc/passwd &&
  expect err "/data/missing: No such file or directory" &&
  expect err "/etc/passwd: Capabilities insufficient"
run 2 run --dir-ro "$C::/data" "$G/wc_grep.wasm" x /data/report.txt /data &&
  expect err "/data/report.txt: Read-only file system"

# wasmtime-style defaults: --dir HOST maps HOST to the same guest path, and
# --dir . serves relative paths.
run 0 run --dir-ro "$C" --dir "$T/rep" "$G/wc_grep.wasm" fox "$T/rep/r5.txt" \
  "$C/a.txt" && expect out "$C/a.txt:1:the quick brown fox"
(cd "$C" && $GUARD "$WEFT" run --dir . "$G/wc_grep.wasm" lazy r6.txt a.txt \
  >"$T/out" 2>"$T/err") || fail "wc_grep with --dir . exited $?"
expect out "a.txt:3:the lazy dog"
[ -f "$C/r6.txt" ] || fail "--dir . did not write r6.txt in the current directory"
rm -f "$C/r6.txt"

# --- real programs: directory tree copy ---
S="$T/src"
mkdir -p "$S/tree/one/two/three" "$S/tree/empty_dir" "$T/dst"
printf 'top' >"$S/tree/top.txt"
printf 'with spaces' >"$S/tree/one/a name with spaces"
: >"$S/tree/one/two/empty"
head -c 1000000 /dev/urandom >"$S/tree/one/two/three/random.bin"
ln -s two/empty "$S/tree/one/link_down"
touch -d '2001-02-03 04:05:06' "$S/tree/top.txt"
run 0 run --dir-ro "$S::/src" --dir "$T/dst::/dst" "$G/copytree.wasm" \
  /src/tree /dst/copy && expect out "dirs=5 files=4 links=1 bytes=1000014"
diff -r --no-dereference "$S/tree" "$T/dst/copy" >"$T/diff" 2>&1 ||
  { fail "copied tree differs"; head "$T/diff"; }
[ "$(readlink "$T/dst/copy/one/link_down")" = "two/empty" ] ||
  fail "symlink not copied as a link"
[ "$(stat -c %Y "$T/dst/copy/top.txt")" = "$(stat -c %Y "$S/tree/top.txt")" ] ||
  fail "mtime not kept"
run 1 run --dir-ro "$S::/src" --dir "$T/dst::/dst" "$G/copytree.wasm" \
  /src/tree /dst/copy && expect err "mkdir /dst/copy: File exists"
run 1 run --dir-ro "$S::/src" --dir "$T/dst::/dst" "$G/copytree.wasm" \
  /dst/copy /src/back && expect err "mkdir /src/back: Read-only file system"
[ -e "$S/back" ] && fail "copytree wrote into the read-only preopen"
# A link that climbs ("..") may not be recreated by a guest: it could lead a
# host program out of the preopen, now or once the guest moves it up.
mkdir -p "$T/up_src/t/sub"
ln -s ../x "$T/up_src/t/sub/up"
run 1 run --dir-ro "$T/up_src::/src" --dir "$T/dst::/dst" "$G/copytree.wasm" \
  /src/t /dst/up_copy && expect err "symlink /dst/up_copy/sub/up"
[ -L "$T/dst/up_copy/sub/up" ] && fail "a climbing symlink was recreated"

# --- real programs: clocks and poll_oneoff sleeps ---
mkdir -p "$T/slog"
printf 'some input\n' >"$T/in"
start=$(date +%s%N)
run 0 run --dir "$T/slog::/out" "$G/sleeper.wasm" 5 20 /out/log.txt && all_ok &&
  expect out "order=2,3,1" && expect out "stdin bytes=11"
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
[ "$elapsed_ms" -ge 180 ] || fail "sleeper finished in ${elapsed_ms}ms, expected >= 180ms"
rm -f "$T/in"
guest_now=$(sed -n 's/^realtime=//p' "$T/out")
host_now=$(date +%s)
[ -n "$guest_now" ] && [ $((host_now - guest_now)) -le 5 ] &&
  [ $((guest_now - host_now)) -le 5 ] || fail "guest realtime $guest_now vs host $host_now"
printf 'tick 1 at>=20ms\n' >"$T/want"
grep -q "^tick 5 at>=" "$T/slog/log.txt" && grep -qx "order 2 3 1" "$T/slog/log.txt" &&
  grep -qx "stdin 11" "$T/slog/log.txt" || { fail "sleeper log:"; cat "$T/slog/log.txt"; }

# --- tracing ---
run 0 run --trace-wasi --dir "$T/sandbox::/sandbox" --dir-ro "$T/ro::/ro" "$G/fs_ops.wasm" &&
  expect err "path_open(fd=3" && expect err "path=\"a.txt\"" &&
  expect err "-> ENOTCAPABLE" && expect err "fd_prestat_dir_name(fd=3"
run 7 run --trace-wasi "$G/hello.wasm" 7 && expect err "proc_exit(rval=7) -> exit(7)"

# --- traps, limits, reactors, --invoke ---
run 134 run "$WAT/trap.wasm" && expect err "trap: unreachable" &&
  expect err "#0 func[0] <inner>" && expect err "#1 func[1] <middle>"
run 134 run --fuel 10000 "$WAT/spin.wasm" && expect err "trap: fuel exhausted"
run 134 run --timeout 200ms "$WAT/spin.wasm" && expect err "trap: interrupted"
run 134 run --timeout 200ms "$WAT/spin_empty.wasm" && expect err "trap: interrupted"
run 134 run --fuel 1000 "$WAT/spin_empty.wasm" && expect err "trap: fuel exhausted"
# --timeout also ends a guest that sleeps in poll_oneoff (100 x 100ms).
mkdir -p "$T/slog2"
start=$(date +%s%N)
run 134 run --timeout 300ms --dir "$T/slog2::/out" "$G/sleeper.wasm" 100 100 \
  /out/log.txt && expect err "trap: interrupted"
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
[ "$elapsed_ms" -lt 5000 ] || fail "--timeout 300ms took ${elapsed_ms}ms on a sleeping guest"
# ... and one blocked in any WASI call that waits (issue 12.3): stdin is a
# FIFO held open for writing (fd 3) that nobody writes. Each must exit 134
# with "trap: interrupted" well within 1 s of its 200 ms deadline; the
# measured time (process start to exit) is printed for the record.
BGUARD=""
command -v timeout >/dev/null 2>&1 && BGUARD="timeout 10"
mkfifo "$T/silent"
exec 3<>"$T/silent"
mkdir -p "$T/fifos"
mkfifo "$T/fifos/nowriter" "$T/fifos/noreader"
blocked() {
  label=$1
  shift
  start=$(date +%s%N)
  $BGUARD "$WEFT" run --timeout 200ms "$@" <&3 >"$T/out" 2>"$T/err"
  code=$?
  ms=$((($(date +%s%N) - start) / 1000000))
  echo "deadline 200ms, blocked in $label: exit $code after ${ms}ms"
  if [ "$code" -ne 134 ]; then
    fail "--timeout on a guest blocked in $label: exit $code, expected 134"
    sed 's/^/  err| /' "$T/err" | head -5
    return
  fi
  expect out "blocking" && reject out "returned"
  expect err "trap: interrupted"
  [ "$ms" -lt 1000 ] || fail "--timeout 200ms took ${ms}ms on a guest blocked in $label"
}
blocked "fd_read(stdin)" "$G/blocker.wasm" stdin
expect err "while waiting in fd_read"
blocked "poll_oneoff(fd_read stdin)" "$G/blocker.wasm" poll
expect err "while waiting in poll_oneoff"
blocked "sock_accept" --tcplisten 127.0.0.1:0 "$G/blocker.wasm" accept
expect err "while waiting in sock_accept"
blocked "path_open(FIFO, write)" --dir "$T/fifos::/f" "$G/blocker.wasm" \
  fifo_write /f/noreader
expect err "while waiting in path_open"
blocked "path_open+fd_read(FIFO)" --dir "$T/fifos::/f" "$G/blocker.wasm" \
  fifo_read /f/nowriter
expect err "while waiting in fd_read"
blocked "nanosleep(1h)" "$G/blocker.wasm" sleep
exec 3>&-
# Without a deadline nothing changed: a FIFO opened for reading still
# delivers what a writer sends, and EOF after it.
(sleep 0.2; printf 'late' >"$T/fifos/nowriter") &
run 3 run --dir "$T/fifos::/f" "$G/blocker.wasm" fifo_read /f/nowriter &&
  expect out "returned 4"
wait
run 3 run --max-memory 1MiB "$WAT/grow.wasm"
run 4 run "$WAT/grow.wasm"
run 0 run --invoke state "$WAT/reactor.wasm" && same "$T/out" "i32:42"
run 0 run --invoke greet "$WAT/reactor.wasm" && expect out "hi from reactor" &&
  expect out "i32:0"
run 0 run --invoke add "$WAT/reactor.wasm" -5 7 && same "$T/out" "i64:2"
run 0 run --invoke sub "$WAT/library.wasm" 5 7 && same "$T/out" "i32:-2"
run 1 run "$WAT/library.wasm" && expect err 'no "_start" export'
run 2 run --invoke nope "$WAT/library.wasm" && expect err 'no exported function "nope"'
run 2 run --invoke sub "$WAT/library.wasm" 1 && expect err '"sub" takes 2 argument(s)'
run 2 run --invoke sub "$WAT/library.wasm" 1 x && expect err 'argument "x" is not a valid i32'

# --- bad invocations ---
run 2 run && expect err "expected FILE.wasm" && expect err "see \`weft run --help\`"
run 2 run "$T/missing.wasm" && expect err "no such file"
printf 'not wasm' >"$T/bad.wasm"
run 1 run "$T/bad.wasm" && expect err "magic header not detected"
run 2 run --dir "$T/nonexistent" "$G/hello.wasm" &&
  expect err "--dir $T/nonexistent: No such file or directory"
run 2 run --dir-ro "$T/outside.txt::/x" "$G/hello.wasm" &&
  expect err "--dir-ro $T/outside.txt: not a directory"
run 2 run --dir "::/x" "$G/hello.wasm" && expect err 'bad --dir "::/x"'
run 2 run --env =x "$G/hello.wasm" && expect err 'bad --env "=x"'
run 2 run --fuel lots "$G/hello.wasm" && expect err 'expected a non-negative integer'
run 2 run --timeout 0s "$G/hello.wasm" && expect err 'expected a positive duration'
run 2 run --max-memory big "$G/hello.wasm" && expect err 'expected a size'
run 2 run --frobnicate "$G/hello.wasm" && expect err "unknown flag: --frobnicate"
run 0 run --help && expect out "usage: weft run [FLAGS] FILE.wasm [ARGS...]" &&
  expect out "--dir-ro HOST[::GUEST]" && expect out "134"

if [ "$failures" -ne 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "all WASI end-to-end checks passed"
