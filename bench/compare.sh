#!/usr/bin/env bash
# Proxima vs grpc-java, side by side in one run on this machine (issue 7). Starts Proxima's
# bench-server and grpc-java's qps.AsyncServer (../shared/peers/grpc-java/bench-server.sh), both on
# the same JDK, and measures against each, alternating servers workload by workload:
#   - h2load unary (pre-encoded SimpleRequest{response_size: 16}): 4 connections x 64 streams
#     (throughput) after the same --warmup for both, then 1 x 1 (latency);
#   - ./proxima bench (our load generator), the same two shapes, closed loop, with --warmup;
#   - server RSS after that load; server CPU per call (utime + stime from /proc/PID/stat around
#     another TPUT_N-call h2load 4x64 run on the warm server, no warm-up: its req/s is a second sample);
#   - p50/p99/p99.9 under half load: ./proxima bench in open loop (--rate, 4 x 64 slots) at half the
#     closed-loop 4x64 req/s ./proxima bench measured against grpc-java's server, the same offered
#     load for every server;
#   - start-up: time until the port accepts and idle RSS (startup-rss.sh), and time until the first
#     call is answered with grpc-status 0 (nghttp polled every ~10 ms); Proxima also as the launcher
#     runs it, with its class-data-sharing archive (rows *_cds, against grpc-java's plain figure);
#   - with VERTX=1 (default; VERTX=0 skips it), a third server, the Vert.x gRPC reference peer
#     (bench/vertx-server.sh, Vert.x 5.0.7), measured by vertx_startup/vertx_load below with the same
#     commands (start-up and idle RSS, h2load 4x64 after the same warm-up and 1x1, RSS after 4x64,
#     ./proxima bench 4x64 and 1x1), after the other two, on ports 50190-50199; a Vert.x column and
#     Proxima/Vert.x ratios are printed;
#   - grpc-java's own load generator (qps.AsyncClient, bench-client.sh) against both servers, 4x64
#     and 1x1 (SKIP_GRPC_CLIENT=1 skips it); against grpc-java's server this also compares the two
#     clients (./proxima bench vs AsyncClient), printed as a second table.
# grpc-java's server runs as bench-server.sh runs it (handlers on a ForkJoinPool, one hop per call);
# GRPC_SERVER_FLAGS=--directexecutor runs its handlers on the event loop, as Proxima's are.
# Prints a table with Proxima/grpc-java ratios (throughput: > 1 is better for Proxima; latency and
# memory: < 1 is better). Raw outputs are kept in $OUT (printed at the end).
#
#   bench/compare.sh                     # about 7 minutes (5 with VERTX=0)
#   WARMUP_N=200000 bench/compare.sh     # a minute shorter; grpc-java is then not at its steady rate
# Knobs (environment): WARMUP_N (h2load warm-up calls before 4x64, default 1000000: grpc-java only
# reaches its steady rate after ~1M calls, see the peer's README), TPUT_N (h2load
# 4x64 calls, 200000), LAT_N (h2load 1x1 calls, 20000), DURATION (proxima bench, 10s), WARMUP
# (proxima bench warm-up, 5s), PEER_DIR (the grpc-java peer scripts, ../shared/peers/grpc-java),
# OUT (where raw outputs go), VERTX (1: also the Vert.x peer, 0: not). Ports: 50160-50173 (Vert.x: 50190-50199).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=../build/env.sh
. "$ROOT/build/env.sh"
PEER_DIR="${PEER_DIR:-$(cd "$ROOT/.." && pwd)/shared/peers/grpc-java}"
[ -x "$PEER_DIR/bench-server.sh" ] || PEER_DIR=/work/shared/peers/grpc-java
WARMUP_N="${WARMUP_N:-1000000}"
TPUT_N="${TPUT_N:-200000}"
LAT_N="${LAT_N:-20000}"
DURATION="${DURATION:-10s}"
WARMUP="${WARMUP:-5s}"
OUT="${OUT:-$(mktemp -d "${TMPDIR:-/tmp}/proxima-compare.XXXXXX")}"
mkdir -p "$OUT"
P_PORT=50160; G_PORT=50161
NEXT_PORT=50162   # start-up measurements take a fresh port each (50162-50173): a stopped server may still hold its port
JAVA="$JAVA_HOME/bin/java"
JAR="$ROOT/proxima-cli/target/proxima-cli.jar"
JVM_OPTS=("${PROXIMA_JVM_FLAGS[@]}")   # the flags ./proxima runs Proxima with (build/env.sh)

command -v h2load >/dev/null && command -v nghttp >/dev/null || { echo "compare.sh: needs h2load and nghttp (apt-get install nghttp2-client)" >&2; exit 2; }
echo "compare.sh: building the launcher's jar" >&2
(cd "$ROOT" && run_mvn -q -B -DskipTests -pl proxima-cli -am install) >&2

# Both servers are started the same way: one exec of the JVM with no wrapper scripts in between, so
# that start-up compares the JVMs, not bash. Each gets the flags its own launcher gives it: Proxima
# those of ./proxima (PROXIMA_JVM_FLAGS, among them a small initial heap), grpc-java those of its
# bench-server.sh. bench/rss-under-load.sh gives all servers the same flags instead.
G_LIB="$(bash -c '. "$1/common.sh" >/dev/null 2>&1; echo "$PEER_LIB"' _ "$PEER_DIR")"
[ -f "$G_LIB/.complete" ] || { "$PEER_DIR/setup.sh" >&2; }
G_TRANSPORT=netty_nio
if [ "$(uname -s)" = Linux ] && [ "$(uname -m)" = x86_64 ]; then G_TRANSPORT=netty_epoll; fi
G_OPTS=()
if [ "$JAVA_MAJOR" -ge 24 ]; then G_OPTS+=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow); fi
cat > "$OUT/proxima-server.sh" <<SH
#!/bin/sh
exec "$JAVA" ${JVM_OPTS[*]} -jar "$JAR" bench-server --port="\$1"
SH
cat > "$OUT/grpc-server.sh" <<SH
#!/bin/sh
exec "$JAVA" ${G_OPTS[*]} -cp "$G_LIB/*" io.grpc.benchmarks.qps.AsyncServer --address="0.0.0.0:\$1" --transport=$G_TRANSPORT ${GRPC_SERVER_FLAGS:-}
SH
# Proxima as ./proxima runs it: the same, mapping the class-data-sharing archive the launcher makes
# after each build (start-up only; grpc-java is not given one: its figure stays the plain java -jar).
"$ROOT/proxima" help > /dev/null
JSA="$ROOT/proxima-cli/target/proxima-cli.jsa"
cat > "$OUT/proxima_cds-server.sh" <<SH
#!/bin/sh
exec "$JAVA" ${JVM_OPTS[*]} -XX:SharedArchiveFile="$JSA" -Xlog:cds=off -Xlog:cds+dynamic=off -jar "$JAR" bench-server --port="\$1"
SH
chmod +x "$OUT/proxima-server.sh" "$OUT/grpc-server.sh" "$OUT/proxima_cds-server.sh"
VERTX="${VERTX:-1}"
if [ "$VERTX" = 1 ]; then   # the Vert.x peer: built by its script, then run by one exec of the JVM like the others
  if V_CP="$("$ROOT/bench/vertx-server.sh" --build-only)"; then
    printf '#!/bin/sh\nexec "%s" %s -cp "%s" proxima.bench.vertx.VertxBenchServer --port="$1"\n' \
      "$JAVA" "${G_OPTS[*]}" "$V_CP" > "$OUT/vertx-server.sh"
    chmod +x "$OUT/vertx-server.sh"
  else
    echo "compare.sh: bench/vertx did not build; going on without Vert.x (VERTX=0)" >&2; VERTX=0
  fi
fi
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

BODY="$OUT/body.bin"
"$PEER_DIR/make-body.sh" 16 0 > "$BODY"
RESULTS="$OUT/results.tsv"
: > "$RESULTS"
record() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >> "$RESULTS"; }   # metric server value unit

# first_call_ms PORT CMD...: starts CMD, polls one unary call until grpc-status 0; prints ms, stops CMD.
first_call_ms() {
  local port="$1" t0 t1 pid out; shift
  t0=$(date +%s%N)
  "$@" > "$OUT/first-call-$port.log" 2>&1 &
  pid=$!
  while true; do
    out="$(nghttp -v -n -d "$BODY" -H 'content-type: application/grpc' -H 'te: trailers' \
      "http://127.0.0.1:$port/grpc.testing.BenchmarkService/UnaryCall" 2>&1 || true)"
    if grep -q 'grpc-status: 0' <<<"$out"; then break; fi
    if [ $(( ($(date +%s%N) - t0) / 1000000 )) -gt 60000 ]; then echo "first call on $port: timeout" >&2; break; fi
    if ! kill -0 "$pid" 2>/dev/null; then echo "first call on $port: the server exited (see $OUT/first-call-$port.log)" >&2; return 0; fi   # no figure
    sleep 0.01
  done
  t1=$(date +%s%N)
  kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
  echo $(( (t1 - t0) / 1000000 ))
}

echo "== start-up (alone on the machine)" >&2
for run in 1 2; do
  for s in proxima grpc proxima_cds; do
    sfx=""; srv=$s; if [ $s = proxima_cds ]; then sfx=_cds; srv=proxima; fi   # proxima_cds: rows *_cds, column Proxima
    port=$NEXT_PORT; NEXT_PORT=$((NEXT_PORT + 1))
    line="$("$PEER_DIR/startup-rss.sh" 127.0.0.1 "$port" -- "$OUT/$s-server.sh" "$port")"
    echo "$s run $run: $line" >&2
    record startup_port_ms$sfx "$srv" "$(sed -n 's/.*startup_ms=\([0-9]*\).*/\1/p' <<<"$line")" ms
    record idle_rss_mib$sfx "$srv" "$(sed -n 's/.*rss_mib=\([0-9.]*\).*/\1/p' <<<"$line")" MiB
    port=$NEXT_PORT; NEXT_PORT=$((NEXT_PORT + 1))
    ms="$(first_call_ms "$port" "$OUT/$s-server.sh" "$port")"
    echo "$s run $run: first call answered after $ms ms" >&2
    record first_call_ms$sfx "$srv" "$ms" ms
  done
done

# vertx_startup / vertx_load: the Vert.x peer through the same steps as the two servers above and below
# (one function each so that compare.sh stays readable with or without it). Ports 50190-50199.
V_PORT=50190; V_NEXT=50191
v_port() { # the next port from V_NEXT that no socket uses (a client's ephemeral port may sit in the range)
  while [ "$V_NEXT" -lt 50199 ] && ss -Htan "( sport = :$V_NEXT )" 2>/dev/null | grep -qv TIME-WAIT; do V_NEXT=$((V_NEXT + 1)); done
  port=$V_NEXT; V_NEXT=$((V_NEXT + 1))   # sets the caller's port
}
vertx_startup() {
  local run port line ms
  for run in 1 2; do
    v_port
    line="$("$PEER_DIR/startup-rss.sh" 127.0.0.1 "$port" -- "$OUT/vertx-server.sh" "$port")"
    echo "vertx run $run: $line" >&2
    record startup_port_ms vertx "$(sed -n 's/.*startup_ms=\([0-9]*\).*/\1/p' <<<"$line")" ms
    record idle_rss_mib vertx "$(sed -n 's/.*rss_mib=\([0-9.]*\).*/\1/p' <<<"$line")" MiB
    v_port
    ms="$(first_call_ms "$port" "$OUT/vertx-server.sh" "$port")"
    # nghttp polling a port nobody listens on yet can connect to itself (Linux picks the ephemeral
    # port 50192 for 127.0.0.1:50192 now and then: TCP self-connect); the server then cannot bind. Once more.
    if grep -q 'Address already in use' "$OUT/first-call-$port.log"; then
      echo "vertx run $run: port $port was taken (self-connect of the polling client?); again on another" >&2
      v_port; ms="$(first_call_ms "$port" "$OUT/vertx-server.sh" "$port")"
    fi
    echo "vertx run $run: first call answered after $ms ms" >&2
    record first_call_ms vertx "$ms" ms
  done
}
vertx_load() { # the Vert.x server runs only during this function
  local pid
  "$OUT/vertx-server.sh" "$V_PORT" > "$OUT/vertx-server.log" 2>&1 & pid=$!; PIDS+=("$pid")
  "$PEER_DIR/wait-port.sh" 127.0.0.1 "$V_PORT" 60 >/dev/null
  h2 h2load_4x64 vertx "$V_PORT" -n "$TPUT_N" -c 4 -m 64 --warmup "$WARMUP_N"
  record loaded_rss_mib vertx "$(rss_mib $pid)" MiB
  cpu_per_call vertx "$V_PORT" "$pid"
  h2 h2load_1x1 vertx "$V_PORT" -n "$LAT_N" -c 1 -m 1 --warmup 5000
  pb bench_4x64 vertx "$V_PORT" 4 64
  pb bench_1x1 vertx "$V_PORT" 1 1
  half_load vertx "$V_PORT"
  kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
}
if [ "$VERTX" = 1 ]; then vertx_startup; fi

echo "== load" >&2
"$OUT/proxima-server.sh" "$P_PORT" > "$OUT/proxima-server.log" 2>&1 & P_PID=$!; PIDS+=("$P_PID")
"$OUT/grpc-server.sh" "$G_PORT" > "$OUT/grpc-server.log" 2>&1 & G_PID=$!; PIDS+=("$G_PID")
"$PEER_DIR/wait-port.sh" 127.0.0.1 "$P_PORT" 60 >/dev/null
"$PEER_DIR/wait-port.sh" 127.0.0.1 "$G_PORT" 60 >/dev/null

h2() { # h2() NAME SERVER PORT h2load-unary args...
  local name="$1" s="$2" port="$3" f="$OUT/$1-$2.txt"; shift 3
  "$PEER_DIR/h2load-unary.sh" 127.0.0.1 "$port" "$@" > "$f" 2>&1 || echo "h2load $name $s: exit $? (see $f)" >&2
  local rps mean
  rps="$(sed -n 's/^finished in .*, \([0-9.]*\) req\/s.*/\1/p' "$f" | tail -1)"
  mean="$(awk '/^time for request:/ {print $6}' "$f" | tail -1)"   # min max MEAN sd
  echo "$name $s: $rps req/s, mean $mean" >&2
  record "${name}_rps" "$s" "$rps" req/s
  record "${name}_mean_us" "$s" "$(to_us "$mean")" us
}
to_us() { awk -v v="$1" 'BEGIN { if (v ~ /ms$/) printf "%.0f", v * 1000; else if (v ~ /us$/) printf "%.0f", v + 0; else if (v ~ /s$/) printf "%.0f", v * 1e6; else print "" }'; }
bench_rows() { # bench_rows JSON NAME SERVER [RATE]: a ./proxima bench report as result rows (NAME_rps, or NAME_rate when open loop)
  python3 - "$@" >> "$RESULTS" <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); n, s = sys.argv[2], sys.argv[3]
if len(sys.argv) > 4:
    print(f"{n}_rate\t{s}\t{sys.argv[4]}\tcalls/s")
else:
    print(f"{n}_rps\t{s}\t{r['requests_per_second']:.0f}\treq/s")
for p in ("p50", "p99", "p99.9"):
    print(f"{n}_{p}_us\t{s}\t{r['latency_us'][p]:.0f}\tus")
print(f"{n}_failed\t{s}\t{r['calls'] - r['ok']}\tcalls")
PY
}
pb() { # pb NAME SERVER PORT CONNECTIONS STREAMS
  local name="$1" s="$2" port="$3" f="$OUT/$1-$2"
  "$JAVA" "${JVM_OPTS[@]}" -jar "$JAR" bench --target="127.0.0.1:$port" --data='{"responseSize":16}' \
    --connections="$4" --streams="$5" --duration="$DURATION" --warmup="$WARMUP" --json="$f.json" > "$f.txt" 2>&1 \
    || echo "proxima bench $name $s: exit $? (see $f.txt)" >&2
  bench_rows "$f.json" "$name" "$s"
  echo "$name $s: $(grep -E '^requests/s' "$f.txt") $(grep -E '^latency' "$f.txt")" >&2
}
rss_mib() { ps -o rss= -p "$1" | awk '{printf "%.1f", $1 / 1024}'; }
cpu_ticks() { sed 's/.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }   # utime + stime of PID (after the comm field)
cpu_per_call() { # cpu_per_call SERVER PORT PID: server CPU per call over TPUT_N h2load 4x64 calls on a warm server
  local s="$1" port="$2" pid="$3" f="$OUT/cpu-4x64-$1.txt" t0 t1
  t0="$(cpu_ticks "$pid")"
  "$PEER_DIR/h2load-unary.sh" 127.0.0.1 "$port" -n "$TPUT_N" -c 4 -m 64 > "$f" 2>&1 || echo "h2load cpu $s: exit $? (see $f)" >&2
  t1="$(cpu_ticks "$pid")"
  local us; us="$(awk -v d=$((t1 - t0)) -v hz="$(getconf CLK_TCK)" -v n="$TPUT_N" 'BEGIN {printf "%.1f", d * 1e6 / hz / n}')"
  echo "cpu per call $s: $us us ($((t1 - t0)) ticks for $TPUT_N calls)" >&2
  record h2load_4x64_cpu_us_per_call "$s" "$us" us
  record h2load_4x64_again_rps "$s" "$(sed -n 's/^finished in .*, \([0-9.]*\) req\/s.*/\1/p' "$f" | tail -1)" req/s
}
half_load() { # half_load SERVER PORT: open loop at half grpc-java's closed-loop 4x64 rate (the same offered load for every server)
  local s="$1" port="$2" f="$OUT/bench_half-$1" rate
  rate="$(awk -F'\t' '$1 == "bench_4x64_rps" && $2 == "grpc" {printf "%d", $3 / 2}' "$RESULTS" | tail -1)"
  [ -n "$rate" ] && [ "$rate" -gt 0 ] || { echo "half load $s: no grpc-java 4x64 rate to halve" >&2; return 0; }
  "$JAVA" "${JVM_OPTS[@]}" -jar "$JAR" bench --target="127.0.0.1:$port" --data='{"responseSize":16}' \
    --connections=4 --streams=64 --rate="$rate" --duration="$DURATION" --warmup="$WARMUP" --json="$f.json" > "$f.txt" 2>&1 \
    || echo "proxima bench half load $s: exit $? (see $f.txt)" >&2
  bench_rows "$f.json" half_load "$s" "$rate"
  echo "half load $s at $rate calls/s: $(grep -E '^latency' "$f.txt")" >&2
}

for s in proxima grpc; do port=$P_PORT; [ $s = grpc ] && port=$G_PORT
  h2 h2load_4x64 $s $port -n "$TPUT_N" -c 4 -m 64 --warmup "$WARMUP_N"; done
for s in proxima grpc; do pid=$P_PID; [ $s = grpc ] && pid=$G_PID
  record loaded_rss_mib $s "$(rss_mib $pid)" MiB; done
for s in proxima grpc; do port=$P_PORT; pid=$P_PID; [ $s = grpc ] && port=$G_PORT && pid=$G_PID
  cpu_per_call $s $port $pid; done
for s in proxima grpc; do port=$P_PORT; [ $s = grpc ] && port=$G_PORT
  h2 h2load_1x1 $s $port -n "$LAT_N" -c 1 -m 1 --warmup 5000; done
for s in proxima grpc; do port=$P_PORT; [ $s = grpc ] && port=$G_PORT
  pb bench_4x64 $s $port 4 64; done
for s in proxima grpc; do port=$P_PORT; [ $s = grpc ] && port=$G_PORT
  pb bench_1x1 $s $port 1 1; done
for s in proxima grpc; do port=$P_PORT; [ $s = grpc ] && port=$G_PORT
  half_load $s $port; done
if [ "$VERTX" = 1 ]; then vertx_load; fi
gc() { # gc NAME SERVER PORT CHANNELS OUTSTANDING: grpc-java's own load generator (qps.AsyncClient)
  local name="$1" s="$2" port="$3" f="$OUT/$1-$2.txt"
  JAVA_HOME="$JAVA_HOME" "$PEER_DIR/bench-client.sh" 127.0.0.1 "$port" --channels="$4" --outstanding_rpcs="$5" \
    --client_payload=0 --server_payload=16 --duration="${DURATION%s}" --warmup_duration="${WARMUP%s}" > "$f" 2>&1 \
    || echo "grpc-java client $name $s: exit $? (see $f)" >&2
  record "${name}_rps" "$s" "$(awk -F: '/^QPS/ {gsub(/ /, "", $2); print $2}' "$f")" req/s
  record "${name}_p50_us" "$s" "$(awk -F: '/^50%ile/ {gsub(/ /, "", $2); print $2}' "$f")" us
  record "${name}_p99_us" "$s" "$(awk -F: '/^99%ile/ {gsub(/ /, "", $2); print $2}' "$f")" us
  echo "$name $s: $(grep -E '^QPS' "$f" | tr -s ' ') $(grep -E '^50%ile|^99%ile' "$f" | tr -s ' ' | tr '\n' ' ')" >&2
}
if [ "${SKIP_GRPC_CLIENT:-0}" != 1 ]; then
  for s in proxima grpc; do port=$P_PORT; [ $s = grpc ] && port=$G_PORT
    gc grpcclient_4x64 $s $port 4 64; done
  for s in proxima grpc; do port=$P_PORT; [ $s = grpc ] && port=$G_PORT
    gc grpcclient_1x1 $s $port 1 1; done
fi
for s in proxima grpc; do pid=$P_PID; [ $s = grpc ] && pid=$G_PID
  record final_rss_mib $s "$(rss_mib $pid)" MiB; done

python3 - "$RESULTS" <<'PY'
import sys, statistics
rows = {}
order = []
for line in open(sys.argv[1]):
    m, s, v, u = line.rstrip("\n").split("\t")
    if m not in rows:
        rows[m] = {"unit": u}; order.append(m)
    if v:
        rows[m].setdefault(s, []).append(float(v))
vx = any(r.get("vertx") for r in rows.values())
print(f"{'metric':<24} {'unit':>6} {'Proxima':>12} {'grpc-java':>12} {'Proxima/grpc-java':>18}"
      + (f" {'Vert.x':>12} {'Proxima/Vert.x':>15}" if vx else ""))
for m in order:
    r = rows[m]
    p = statistics.median(r["proxima"]) if r.get("proxima") else None
    g = statistics.median(r["grpc"]) if r.get("grpc") else None
    if g is None and m.endswith("_cds") and rows.get(m[:-4], {}).get("grpc"):
        g = statistics.median(rows[m[:-4]]["grpc"])   # Proxima with its archive vs grpc-java as it starts
    ratio = f"{p / g:.2f}" if p is not None and g else "n/a"
    if m.endswith("_failed"):
        ratio = "-"
    fmt = lambda x: "n/a" if x is None else (f"{x:.1f}" if x < 100 else f"{x:.0f}")
    line = f"{m:<24} {r['unit']:>6} {fmt(p):>12} {fmt(g):>12} {ratio:>18}"
    if vx:
        v = statistics.median(r["vertx"]) if r.get("vertx") else None
        vratio = "-" if m.endswith("_failed") else (f"{p / v:.2f}" if p is not None and v else "n/a")
        line += f" {fmt(v):>12} {vratio:>15}"
    print(line)
# Client side: the same server (grpc-java's), Proxima's load generator vs grpc-java's AsyncClient.
pairs = [(k, "bench_" + k, "grpcclient_" + k) for k in ("4x64_rps", "4x64_p50_us", "4x64_p99_us",
                                                      "1x1_rps", "1x1_p50_us", "1x1_p99_us")]
if any(g in rows for _, _, g in pairs):
    print()
    print("client side, against grpc-java's server: ./proxima bench vs grpc-java's qps.AsyncClient")
    print(f"{'metric':<24} {'unit':>6} {'Proxima':>12} {'grpc-java':>12} {'Proxima/grpc-java':>18}")
    for k, pm, gm in pairs:
        if pm in rows and gm in rows and rows[pm].get("grpc") and rows[gm].get("grpc"):
            p = statistics.median(rows[pm]["grpc"]); g = statistics.median(rows[gm]["grpc"])
            fmt = lambda x: f"{x:.1f}" if x < 100 else f"{x:.0f}"
            print(f"{'client_' + k:<24} {rows[pm]['unit']:>6} {fmt(p):>12} {fmt(g):>12} {p / g if g else float('nan'):>18.2f}")
PY
echo "raw outputs: $OUT" >&2
