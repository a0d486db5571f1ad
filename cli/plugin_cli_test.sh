#!/bin/bash
# `weft plugin`: call and inspect example plugins through config files,
# capability refusals, exit codes for bad configs, ABI errors and traps.
set -u
WEFT=cli/weft
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
check() {  # check NAME EXPECTED_RC EXPECTED_SUBSTRING -- CMD...
  local name=$1 want_rc=$2 want=$3; shift 4
  local out rc
  out=$("$@" 2>&1); rc=$?
  if [[ $rc != "$want_rc" || "$out" != *"$want"* ]]; then
    echo "FAIL $name: rc=$rc (want $want_rc), output:"; echo "$out"; fail=1
  else
    echo "ok   $name"
  fi
}

cp examples/plugins/json_upper.wasm examples/plugins/forbidden.wasm "$T/"
cp host/testdata/no_execute.wasm host/testdata/hostile.wasm "$T/"
mkdir "$T/data"
cat > "$T/upper.json" <<JSON
{"name": "upper", "wasm": "json_upper.wasm", "max_memory_pages": 32}
JSON
cat > "$T/forbidden.json" <<JSON
{"name": "forbidden", "wasm": "forbidden.wasm", "max_memory_pages": 64,
 "fs": [{"host": "$T/data", "guest": "/data", "read_only": true}]}
JSON
cat > "$T/noexec.json" <<JSON
{"name": "noexec", "wasm": "no_execute.wasm"}
JSON
cat > "$T/hostile.json" <<JSON
{"name": "hostile", "wasm": "hostile.wasm", "timeout_ms": 100}
JSON
echo '{"name": "x", "wasm": "a.wasm", "net": [{"host": "h", "ports": [0]}]}' > "$T/badport.json"
echo '{"name": "nowasm", "wasm": "absent.wasm"}' > "$T/nowasm.json"
echo '{"name": "x", "wasm": ' > "$T/notjson.json"
echo '{"name": "x", "wasm": "a.wasm", "fs": [{"host": "/x"}]}' > "$T/fsnoguest.json"

check call 0 '{"upper":{"A":"B"}}' -- $WEFT plugin call "$T/upper.json" --input '{"a":"b"}'
check call-not-json 1 'input is not JSON' -- $WEFT plugin call "$T/upper.json" --input '{oops'
check inspect 0 'export execute func (i32, i32) -> (i64)' -- $WEFT plugin inspect "$T/upper.json"
check forbidden 0 '"dial":-76' -- $WEFT plugin call "$T/forbidden.json" --input '{}'
check forbidden-log 0 '[forbidden] denied: net_dial example.com:80: not granted' -- \
  $WEFT plugin call --log "$T/forbidden.json" --input '{}'
check abi 1 'missing export "execute"' -- $WEFT plugin call "$T/noexec.json"
check trap 134 'unreachable' -- $WEFT plugin call --raw "$T/hostile.json" --input trap
check timeout 134 'interrupted' -- $WEFT plugin call --raw "$T/hostile.json" --input loop
check bad-config 2 'net[0].ports[0]' -- $WEFT plugin call "$T/badport.json"
check no-config 2 'cannot open' -- $WEFT plugin call "$T/missing.json"
check no-wasm 1 "absent.wasm: cannot open" -- $WEFT plugin call "$T/nowasm.json"
check not-json 2 'plugin config: JSON: unexpected end of input' -- $WEFT plugin call "$T/notjson.json"
check fs-no-guest 2 'guest' -- $WEFT plugin inspect "$T/fsnoguest.json"
check usage 2 'expected `call CONFIG`, `inspect CONFIG` or `serve CONFIG`' -- $WEFT plugin frobnicate "$T/upper.json"

# serve: one call per line, hot reload when the file is replaced.
cp examples/plugins/json_upper.wasm "$T/live.wasm"
echo '{"name": "live", "wasm": "live.wasm"}' > "$T/live.json"
coproc SERVE { $WEFT plugin serve --raw --log "$T/live.json" 2>"$T/serve.err"; }
echo '"a"' >&"${SERVE[1]}"
read -r -t 20 first <&"${SERVE[0]}"
cp host/testdata/hostile.wasm "$T/live.tmp" && mv "$T/live.tmp" "$T/live.wasm"
for _ in $(seq 100); do grep -q "reloaded: version 2" "$T/serve.err" && break; sleep 0.1; done
echo '"b"' >&"${SERVE[1]}"
read -r -t 20 second <&"${SERVE[0]}"
exec {SERVE[1]}>&-
wait "$SERVE_PID"; rc=$?
if [[ "$first" == '{"upper":"A"}' && "$second" == '"b"' && $rc == 0 ]] &&
   grep -q "reloaded: version 2" "$T/serve.err"; then
  echo "ok   serve-hot-reload"
else
  echo "FAIL serve-hot-reload: first=$first second=$second rc=$rc"; cat "$T/serve.err"; fail=1
fi
exit $fail
