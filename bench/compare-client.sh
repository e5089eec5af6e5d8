#!/usr/bin/env bash
# Proxima's client vs grpc-java's client against ONE server (issue 7: "client throughput against the
# same server: at least 1.3x grpc-java's client", "p99 latency at 1x1 no worse than grpc-java's").
# Both clients run in the same load generator, ClientLoad (proxima-bench, package
# dev.proxima.bench.clientload): a closed loop of unary BenchmarkService/UnaryCall calls, N
# connections x M calls open on each, the next call of a slot started from the completion callback
# of the previous one on the library's event loop; request SimpleRequest{response_size: 16} and the
# response as raw bytes on both. Only the client library differs between two runs: Proxima's
# ChannelBuilder...executor(Runnable::run), or grpc-java 1.79.0's
# NettyChannelBuilder...usePlaintext().directExecutor() (shaded Netty, its default event loop group
# and transport: epoll on Linux x86_64).
#
# How to run:
#   bench/compare-client.sh                        # grpc-java's qps.AsyncServer --directexecutor; ~3 min
#   WARMUP=20 bench/compare-client.sh              # for figures to quote (see the JIT row below); ~5 min
#   SERVER=proxima bench/compare-client.sh         # Proxima's bench-server instead
#   DURATION=3 WARMUP=2 ROUNDS=1 SERVER_WARMUP=2 bench/compare-client.sh   # a quick check that it works
# It builds proxima-bench (profile bench) and proxima-cli when a source is newer than their jars,
# starts the server, warms it with SERVER_WARMUP s of 4x64 load from each client (discarded), then
# for ROUNDS rounds runs each shape with both clients, a fresh client JVM per run, alternating which
# client goes first (ABBA across rounds). It prints a markdown table, per shape, of the median over
# rounds of req/s, p50, p99, p99.9 (us), client CPU per call (process CPU time of the client JVM
# over the measured window / calls completed in it, us) and client allocation per call (bytes, all
# threads), with the ratio Proxima / grpc-java (req/s: > 1 is better for Proxima; the rest: < 1).
# The last row, JIT compile time within the measured window, shows whether a client was still
# warming up: on 2 busy cores grpc-java's client needs well over 5 s (1x1 went from ~460 req/s
# after 2 s of warm-up to ~5,900 after 15 s in one try); raise WARMUP (e.g. 20) for figures to quote.
# Raw outputs (one .txt and .json per run, the server's log, results.txt) stay in $OUT, printed at
# the end. Exit status 1 when any run failed calls, left calls open, or printed no summary.
#
# Knobs (environment): SERVER (grpc-java | proxima), ROUNDS (2), DURATION (measured seconds, 10),
# WARMUP (client warm-up seconds per run, 5), SERVER_WARMUP (seconds per client before round 1, 10;
# 0 skips it), SHAPES ("4x64 1x1": CONNECTIONSxSTREAMS), PORT (default: the first free one of
# 50140-50149, this script's ports), CLIENT_JAVA_OPTS (extra JVM flags, both clients),
# PEER_DIR (the grpc-java peer scripts), OUT (where raw outputs go).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=../build/env.sh
. "$ROOT/build/env.sh"
PEER_DIR="${PEER_DIR:-$(cd "$ROOT/.." && pwd)/shared/peers/grpc-java}"
[ -x "$PEER_DIR/bench-server.sh" ] || PEER_DIR=/work/shared/peers/grpc-java
SERVER="${SERVER:-grpc-java}"
case "$SERVER" in
  grpc-java|proxima) ;;
  *) echo "compare-client.sh: SERVER must be grpc-java or proxima, got '$SERVER'" >&2; exit 2 ;;
esac
if [ -z "${PORT:-}" ]; then
  # The first port of 50140-50149 no socket uses in any state: these ports lie in Linux's ephemeral
  # range, so a client's connection (or its TIME-WAIT) may hold one (seen after 5,000 idle connections).
  for PORT in $(seq 50140 50149); do
    ss -Htan "( sport = :$PORT )" 2>/dev/null | grep -q . || break
  done
fi
ROUNDS="${ROUNDS:-2}"
DURATION="${DURATION:-10}"
WARMUP="${WARMUP:-5}"
SERVER_WARMUP="${SERVER_WARMUP:-10}"
SHAPES="${SHAPES:-4x64 1x1}"
OUT="${OUT:-$(mktemp -d "${TMPDIR:-/tmp}/proxima-compare-client.XXXXXX")}"
mkdir -p "$OUT"
RESULTS="$OUT/results.txt"
: > "$RESULTS"
JAVA="$JAVA_HOME/bin/java"
BENCH_JAR="$ROOT/proxima-bench/target/benchmarks.jar"
CLI_JAR="$ROOT/proxima-cli/target/proxima-cli.jar"
# grpc-java's Netty needs both flags on JDK 24+; Proxima's client gets the same JVM.
read -r -a CLIENT_OPTS <<< \
  "--sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED ${CLIENT_JAVA_OPTS:-}"

stale() { # stale JAR DIR...: whether JAR is missing or older than a source or pom below the DIRs
  local jar="$1"; shift
  [ ! -f "$jar" ] || [ -n "$(find "$ROOT/pom.xml" "$@" -newer "$jar" \
    \( -name '*.java' -o -name '*.proto' -o -name pom.xml \) -not -path '*/target/*' -print -quit)" ]
}
LIBS=("$ROOT"/proxima-{core,protobuf,codegen,benchmarks})
if stale "$BENCH_JAR" "${LIBS[@]}" "$ROOT/proxima-bench" \
    || stale "$CLI_JAR" "${LIBS[@]}" "$ROOT"/{proxima-interop,examples,proxima-cli}; then
  echo "compare-client.sh: building proxima-bench and proxima-cli" >&2
  (cd "$ROOT" && run_mvn -q -B -Pbench -pl proxima-bench,proxima-cli -am install -DskipTests) >&2
fi

if ss -Htln "( sport = :$PORT )" 2>/dev/null | grep -q .; then
  echo "compare-client.sh: port $PORT is taken; choose another with PORT=" >&2; exit 2
fi
if [ "$SERVER" = grpc-java ]; then
  SERVER_DESC="grpc-java 1.79.0 qps.AsyncServer --directexecutor"
  JAVA_HOME="$JAVA_HOME" "$PEER_DIR/bench-server.sh" "$PORT" --directexecutor > "$OUT/server.log" 2>&1 &
else
  SERVER_DESC="Proxima bench-server"
  "$JAVA" "${PROXIMA_JVM_FLAGS[@]}" -jar "$CLI_JAR" bench-server --port="$PORT" > "$OUT/server.log" 2>&1 &
fi
SERVER_PID=$!   # bench-server.sh execs the JVM, so this is the server's JVM either way
cleanup() { kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; }
trap cleanup EXIT
"$PEER_DIR/wait-port.sh" 127.0.0.1 "$PORT" 60 >/dev/null
echo "compare-client.sh: $SERVER_DESC on port $PORT (pid $SERVER_PID), raw outputs in $OUT" >&2

BAD=0
run_client() { # run_client NAME CLIENT CONNECTIONS STREAMS DURATION WARMUP: one fresh client JVM
  local f="$OUT/$1" line
  timeout $(( $5 + $6 + 60 )) "$JAVA" "${CLIENT_OPTS[@]}" -cp "$BENCH_JAR" dev.proxima.bench.clientload.ClientLoad \
    --client="$2" --target="127.0.0.1:$PORT" --connections="$3" --streams="$4" --duration="$5" --warmup="$6" \
    --json="$f.json" > "$f.txt" 2>&1 || { echo "$1: exit $? (see $f.txt)" >&2; BAD=1; }
  line="$(grep '^client=' "$f.txt" | tail -1 || true)"
  if [ -z "$line" ]; then echo "$1: no summary line (see $f.txt)" >&2; BAD=1; return 0; fi
  echo "$1: $(sed 's/ target=.*warmup_s=[^ ]* / /' <<<"$line")" >&2
  RUN_LINE="$line"
}

if [ "$SERVER_WARMUP" -gt 0 ]; then
  for client in proxima grpc-java; do run_client "server-warmup-$client" "$client" 4 64 "$SERVER_WARMUP" 0; done
fi
for round in $(seq 1 "$ROUNDS"); do
  if [ $(( round % 2 )) = 1 ]; then order="proxima grpc-java"; else order="grpc-java proxima"; fi
  for shape in $SHAPES; do
    for client in $order; do
      RUN_LINE=""
      run_client "r$round-$shape-$client" "$client" "${shape%x*}" "${shape#*x}" "$DURATION" "$WARMUP"
      [ -z "$RUN_LINE" ] || echo "round=$round shape=$shape $RUN_LINE" >> "$RESULTS"
    done
  done
done

echo
echo "Client comparison against $SERVER_DESC: $ROUNDS round(s), ${DURATION} s measured after ${WARMUP} s" \
  "warm-up per run, a fresh client JVM per run, JDK $(java_major "$JAVA"); median over rounds."
echo
python3 - "$RESULTS" "$SHAPES" <<'PY' || BAD=1
import statistics, sys
runs = [dict(kv.split("=", 1) for kv in line.split()) for line in open(sys.argv[1]) if line.strip()]
metrics = [("rps", "req/s"), ("p50_us", "p50 (us)"), ("p99_us", "p99 (us)"), ("p999_us", "p99.9 (us)"),
           ("cpu_us_per_call", "client CPU per call (us)"), ("alloc_bytes_per_call", "client allocation per call (B)"),
           ("jit_ms", "client JIT compile time in window (ms)")]
def median(shape, client, key):
    vals = [float(r[key]) for r in runs if r["shape"] == shape and r["client"] == client and r.get(key, "n/a") != "n/a"]
    return statistics.median(vals) if vals else None
def fmt(v):
    return "-" if v is None else f"{v:,.0f}" if v >= 100 else f"{v:,.1f}"
print("| shape | metric | Proxima client | grpc-java client | Proxima / grpc-java |")
print("|---|---|---:|---:|---:|")
for shape in sys.argv[2].split():
    for key, label in metrics:
        p, g = median(shape, "proxima", key), median(shape, "grpc-java", key)
        ratio = f"**{p / g:.2f}**" if p is not None and g else "-"
        print(f"| {shape} | {label} | {fmt(p)} | {fmt(g)} | {ratio} |")
print()
bad = False
for client in ("proxima", "grpc-java"):
    mine = [r for r in runs if r["client"] == client]
    failed = sum(int(r["failed"]) for r in mine)
    still_open = sum(int(r["still_open"]) for r in mine)
    codes = sorted({r["failed_by_status"] for r in mine} - {"none"})
    transport = sorted({f'{r["transport"]} ({r["loop_threads"]} loop threads at {r["shape"]})' for r in mine})
    print(f"{client}: {len(mine)} runs, failed calls {failed}{' ' + ' '.join(codes) if codes else ''},"
          f" still open {still_open}; {', '.join(transport)}")
    bad = bad or failed > 0 or still_open > 0
sys.exit(1 if bad else 0)
PY
echo
echo "raw outputs: $OUT"
exit "$BAD"
