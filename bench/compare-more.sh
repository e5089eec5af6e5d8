#!/usr/bin/env bash
# Proxima vs grpc-java vs Vert.x gRPC, the workloads bench/compare.sh does not run (issue 7), in one
# run, each measured against every server one after the other (same client, same JDK):
#   1. streaming ping-pong latency (StreamingCall, 1 stream, 1 message in flight): grpc-java's own
#      qps.AsyncClient --streaming_rpcs --channels=1 --outstanding_rpcs=1, and MoreBench ping-pong
#      (Proxima's client);
#   2. server-streaming throughput (StreamingFromServer, 1 KiB messages, one stream): MoreBench
#      server-stream counts messages and bytes for DURATION seconds;
#   3. one 64 MiB UnaryCall request + 64 MiB response on one stream (flow control): MoreBench big-unary.
#      grpc-java's qps.AsyncServer has no flag for its inbound message limit (4 MiB default), so this
#      workload runs grpc-java's same service class behind a NettyServerBuilder with
#      maxInboundMessageSize(256 MiB) (bench/GrpcJavaBigServer.java); Proxima's bench-server and the
#      Vert.x peer get --max-message-size=268435456 (in every workload; it only matters here);
#   4. idle connections: CONNS raw TCP connections that complete the HTTP/2 preface + SETTINGS
#      exchange (MoreBench idle-conns), server RSS and live heap (jcmd GC.run, then GC.heap_info)
#      before and after, on a fresh server each, which first gets the same CONNS connections opened
#      and closed once (IDLE_WARMUP=0 skips that): otherwise the JIT's work on the accept path (its
#      arenas stay in the process's malloc arenas: ~19 MiB of a 43 MiB RSS growth for 5,000
#      connections to Proxima's server, by pmap) is counted as per-connection memory;
#   5. jar size and dependency count of a minimal server (proxima-core alone vs grpc-netty-shaded +
#      grpc-stub vs vertx-grpc-server, each with its runtime closure, resolved by Maven).
# The third server (VERTX=1, the default; VERTX=0 leaves it out) is the Vert.x gRPC reference peer
# (bench/vertx/, Vert.x 5.0.7, built by bench/vertx-server.sh): one HTTP server per event loop,
# handlers on the event loop; StreamingFromServer writes until Vert.x's write queue is full and again
# on drain. It runs where the other two run, fresh where they are fresh, with the same client
# commands.
# Each server's port is the next of its range that no socket uses in any state (these ports lie in
# Linux's ephemeral range, and 5,000 client connections, or other work, may hold one).
# grpc-java's servers (qps.AsyncServer, GrpcJavaBigServer) run their handlers on an executor (the
# defaults: one hop per call); Proxima's run on the event loop.
# Each server counts as started once its port is listening (ss), not once a client connects: a
# polling client can connect to itself on a port of the ephemeral range.
#
#   bench/compare-more.sh            # about 4 minutes (3 with VERTX=0)
# Knobs: DURATION (seconds per measurement, 10), WARMUP (seconds, 3), CONNS (5000), IDLE_WARMUP (1), BIG (bytes,
# 67108864), CALLS (big calls after one warm-up call, 3), SKIP_BUILD=1, OUT (raw outputs), VERTX (1),
# PARTS (which of the numbered workloads below to run, "1 2 3 4 5").
# Ports: 50170-50189 (Vert.x: 50190-50199).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=../build/env.sh
. "$ROOT/build/env.sh"
PEER_DIR="${PEER_DIR:-$(cd "$ROOT/.." && pwd)/shared/peers/grpc-java}"
[ -x "$PEER_DIR/bench-server.sh" ] || PEER_DIR=/work/shared/peers/grpc-java
DURATION="${DURATION:-10}"; WARMUP="${WARMUP:-3}"; CONNS="${CONNS:-5000}"; BIG="${BIG:-67108864}"; CALLS="${CALLS:-3}"
IDLE_WARMUP="${IDLE_WARMUP:-1}"; PARTS="${PARTS:-1 2 3 4 5}"
part() { [[ " $PARTS " == *" $1 "* ]]; }
OUT="${OUT:-$(mktemp -d "${TMPDIR:-/tmp}/proxima-compare-more.XXXXXX")}"
mkdir -p "$OUT"
JAVA="$JAVA_HOME/bin/java"; JCMD="$JAVA_HOME/bin/jcmd"
JAR="$ROOT/proxima-cli/target/proxima-cli.jar"
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
[ "$(ulimit -n)" -gt $((CONNS + 500)) ] || { echo "compare-more.sh: ulimit -n $(ulimit -n) is too low for CONNS=$CONNS" >&2; exit 2; }
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  echo "compare-more.sh: building the launcher's jar" >&2
  (cd "$ROOT" && run_mvn -q -B -DskipTests -pl proxima-cli -am install) >&2
fi
G_LIB="$(bash -c '. "$1/common.sh" >/dev/null 2>&1; echo "$PEER_LIB"' _ "$PEER_DIR")"
[ -f "$G_LIB/.complete" ] || { "$PEER_DIR/setup.sh" >&2; }
G_TRANSPORT=netty_nio
if [ "$(uname -s)" = Linux ] && [ "$(uname -m)" = x86_64 ]; then G_TRANSPORT=netty_epoll; fi
JVM_OPTS=("${PROXIMA_JVM_FLAGS[@]}")   # the flags ./proxima runs Proxima with (build/env.sh)
G_OPTS=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow)
VERTX="${VERTX:-1}"
if [ "$VERTX" = 1 ] && ! V_CP="$("$ROOT/bench/vertx-server.sh" --build-only)"; then
  echo "compare-more.sh: bench/vertx did not build; going on without Vert.x (VERTX=0)" >&2; VERTX=0
fi
SERVERS=(proxima grpc); [ "$VERTX" = 1 ] && SERVERS+=(vertx)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
RESULTS="$OUT/results.tsv"; : > "$RESULTS"
record() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >> "$RESULTS"; }   # metric server value unit
NEXT_PORT=50173; V_NEXT=50190
# free_port NEXT_VAR LAST -> SPORT: the first port from $NEXT_VAR to LAST that no socket uses in any
# state (all these ports lie in Linux's ephemeral range: a client's socket may hold one); advances NEXT_VAR.
free_port() {
  local -n next=$1
  while [ "$next" -le "$2" ] && ss -Htan "( sport = :$next )" 2>/dev/null | grep -q .; do next=$((next + 1)); done
  [ "$next" -le "$2" ] || { echo "compare-more.sh: no free port up to $2" >&2; return 1; }
  SPORT=$next; next=$((next + 1))
}
wait_listening() { # PORT PID: until PORT is listening (0), or PID exits or 60 s pass (1)
  local i
  for i in $(seq 600); do
    ss -Htln "( sport = :$1 )" 2>/dev/null | grep -q . && return 0
    kill -0 "$2" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}
# start_server KIND -> sets SPID and SPORT, or returns 1. KIND: proxima | grpc (qps.AsyncServer) |
# grpcbig | vertx
start_server() {
  if [ "$1" = vertx ]; then free_port V_NEXT 50199 || return 1; else free_port NEXT_PORT 50189 || return 1; fi
  case "$1" in
    proxima) "$JAVA" "${JVM_OPTS[@]}" -jar "$JAR" bench-server --port="$SPORT" --max-message-size=268435456 > "$OUT/server-$SPORT.log" 2>&1 & ;;
    grpc) "$JAVA" "${G_OPTS[@]}" -cp "$G_LIB/*" io.grpc.benchmarks.qps.AsyncServer --address="0.0.0.0:$SPORT" --transport=$G_TRANSPORT > "$OUT/server-$SPORT.log" 2>&1 & ;;
    grpcbig) "$JAVA" "${G_OPTS[@]}" -cp "$G_LIB/*" "$ROOT/bench/GrpcJavaBigServer.java" "$SPORT" 268435456 > "$OUT/server-$SPORT.log" 2>&1 & ;;
    vertx) "$JAVA" "${G_OPTS[@]}" -cp "$V_CP" proxima.bench.vertx.VertxBenchServer --port="$SPORT" --max-message-size=268435456 > "$OUT/server-$SPORT.log" 2>&1 & ;;
  esac
  SPID=$!; PIDS+=("$SPID")
  wait_listening "$SPORT" "$SPID" || { echo "compare-more.sh: $1 did not listen on $SPORT (see $OUT/server-$SPORT.log)" >&2; return 1; }
}
declare -A PORT PID   # server -> port, pid of the running one
start_all() { # KIND... in the order of SERVERS (grpcbig stands in for grpc); a Vert.x that fails is left out
  local k s
  for k in "$@"; do
    s=$k; [ "$k" = grpcbig ] && s=grpc
    if start_server "$k"; then PORT[$s]=$SPORT; PID[$s]=$SPID
    elif [ "$s" = vertx ]; then PORT[$s]=""; PID[$s]=""
    else exit 1; fi
  done
}
stop_all() { local s; for s in "${SERVERS[@]}"; do [ -z "${PID[$s]:-}" ] || stop_server "${PID[$s]}"; done; }
running() { [ -n "${PORT[$1]:-}" ]; }
stop_server() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }
more() { "$JAVA" "${JVM_OPTS[@]}" -cp "$JAR" dev.proxima.benchmarks.MoreBench "$@" 2>/dev/null; }
kv() { sed -n "s/^$1=\([^ ]*\).*/\1/p" "$2" | tail -1; }

if part 1 || part 2; then
start_all "${SERVERS[@]}"

if part 1; then
echo "== 1. streaming ping-pong (StreamingCall, 1x1)" >&2
for s in "${SERVERS[@]}"; do running $s || continue; port=${PORT[$s]}; f="$OUT/pingpong-grpcclient-$s.txt"
  JAVA_HOME="$JAVA_HOME" "$PEER_DIR/bench-client.sh" 127.0.0.1 "$port" --streaming_rpcs --channels=1 --outstanding_rpcs=1 \
    --client_payload=0 --server_payload=0 --duration="$DURATION" --warmup_duration="$WARMUP" > "$f" 2>&1 || echo "grpc-java client $s: exit $?" >&2
  record pingpong_grpcclient_rps $s "$(awk -F: '/^QPS/ {gsub(/ /, "", $2); print $2}' "$f")" msg/s
  record pingpong_grpcclient_p50_us $s "$(awk -F: '/^50%ile/ {gsub(/ /, "", $2); print $2}' "$f")" us
  record pingpong_grpcclient_p99_us $s "$(awk -F: '/^99%ile/ {gsub(/ /, "", $2); print $2}' "$f")" us
  echo "grpc-java client -> $s: $(grep -E '^QPS|^50%ile|^99%ile' "$f" | tr -s ' ' | tr '\n' ' ')" >&2
done
for s in "${SERVERS[@]}"; do running $s || continue; port=${PORT[$s]}; f="$OUT/pingpong-proximaclient-$s.txt"
  more ping-pong --target="127.0.0.1:$port" --duration="$DURATION" --warmup="$WARMUP" > "$f" || echo "MoreBench ping-pong $s: exit $?" >&2
  record pingpong_proximaclient_rps $s "$(kv round_trips_per_s "$f")" msg/s
  record pingpong_proximaclient_p50_us $s "$(kv p50_us "$f")" us
  record pingpong_proximaclient_p99_us $s "$(kv p99_us "$f")" us
  echo "proxima client -> $s: $(tr '\n' ' ' < "$f")" >&2
done
fi

if part 2; then
echo "== 2. server streaming, 1 KiB messages, one stream" >&2
for s in "${SERVERS[@]}"; do running $s || continue; port=${PORT[$s]}; f="$OUT/serverstream-$s.txt"
  more server-stream --target="127.0.0.1:$port" --duration="$DURATION" --warmup="$WARMUP" --message-size=1024 > "$f" || echo "MoreBench server-stream $s: exit $?" >&2
  record serverstream_msgs_per_s $s "$(kv messages_per_s "$f")" msg/s
  record serverstream_mib_per_s $s "$(kv mib_per_s "$f")" MiB/s
  echo "$s: $(tr '\n' ' ' < "$f")" >&2
done
fi
stop_all
fi

if part 3; then
echo "== 3. one $BIG-byte UnaryCall request + $BIG-byte response (fresh servers)" >&2
start_all proxima grpcbig "${SERVERS[@]:2}"
for s in "${SERVERS[@]}"; do running $s || continue; port=${PORT[$s]}; f="$OUT/bigunary-$s.txt"
  more big-unary --target="127.0.0.1:$port" --request-size="$BIG" --response-size="$BIG" --calls="$CALLS" > "$f" || echo "MoreBench big-unary $s: exit $? ($(tr '\n' ' ' < "$f"))" >&2
  record bigunary_median_ms $s "$(kv median_ms "$f")" ms
  record bigunary_best_ms $s "$(kv best_ms "$f")" ms
  record bigunary_mib_per_s $s "$(kv mib_per_s "$f")" MiB/s
  record bigunary_server_rss_mib $s "$(ps -o rss= -p "${PID[$s]}" | awk '{printf "%.0f", $1/1024}')" MiB
  echo "$s: $(tr '\n' ' ' < "$f")" >&2
done
stop_all
# grpc-java's stock qps.AsyncServer (4 MiB limit): what does the same call get?
start_server grpc; G_PID=$SPID
more big-unary --target="127.0.0.1:$SPORT" --request-size="$BIG" --response-size="$BIG" --calls=0 > "$OUT/bigunary-stock-asyncserver.txt" || true
echo "stock qps.AsyncServer with a $BIG-byte request: $(grep -m1 status= "$OUT/bigunary-stock-asyncserver.txt" || echo ok)" >&2
stop_server "$G_PID"
fi

if part 4; then
echo "== 4. $CONNS idle HTTP/2 connections (fresh server each)" >&2
live_heap_kib() { # live heap after a full GC, KiB (GC.heap_info's first "used NK")
  "$JCMD" "$1" GC.run >/dev/null 2>&1 || true
  "$JCMD" "$1" GC.heap_info 2>/dev/null | sed -n 's/.* used \([0-9]*\)K.*/\1/p' | head -1
}
for s in "${SERVERS[@]}"; do
  if ! start_server $s; then [ $s = vertx ] && continue; exit 1; fi
  pid=$SPID; port=$SPORT
  sleep 2
  if [ "$IDLE_WARMUP" = 1 ]; then # the same connections opened and closed once: JIT and malloc arenas settle
    "$JAVA" -cp "$JAR" dev.proxima.benchmarks.MoreBench idle-conns --target="127.0.0.1:$port" --count="$CONNS" --hold=1 \
      > "$OUT/idle-warmup-$s.txt" 2>&1 || true
    sleep 2
  fi
  h0=$(live_heap_kib "$pid"); r0=$(ps -o rss= -p "$pid" | tr -d ' ')
  f="$OUT/idle-$s.txt"
  "$JAVA" -cp "$JAR" dev.proxima.benchmarks.MoreBench idle-conns --target="127.0.0.1:$port" --count="$CONNS" --hold=600 > "$f" 2>&1 &
  cpid=$!; PIDS+=("$cpid")
  for _ in $(seq 1200); do grep -q '^ready=' "$f" && break; kill -0 "$cpid" 2>/dev/null || break; sleep 0.1; done
  sleep 2
  h1=$(live_heap_kib "$pid"); r1=$(ps -o rss= -p "$pid" | tr -d ' ')
  n=$(kv ready "$f"); n=${n:-0}
  kill "$cpid" 2>/dev/null || true; wait "$cpid" 2>/dev/null || true
  stop_server "$pid"
  record idle_conns_open $s "$n" conns
  record idle_rss_before_mib $s "$(awk -v a="$r0" 'BEGIN {printf "%.1f", a/1024}')" MiB
  record idle_rss_after_mib $s "$(awk -v a="$r1" 'BEGIN {printf "%.1f", a/1024}')" MiB
  record idle_rss_per_conn_kib $s "$(awk -v a="$r0" -v b="$r1" -v n="$n" 'BEGIN {if (n > 0) printf "%.1f", (b-a)/n}')" KiB
  record idle_heap_before_mib $s "$(awk -v a="$h0" 'BEGIN {printf "%.1f", a/1024}')" MiB
  record idle_heap_after_mib $s "$(awk -v a="$h1" 'BEGIN {printf "%.1f", a/1024}')" MiB
  record idle_heap_per_conn_kib $s "$(awk -v a="$h0" -v b="$h1" -v n="$n" 'BEGIN {if (n > 0) printf "%.2f", (b-a)/n}')" KiB
  echo "$s: $n connections; RSS ${r0} -> ${r1} KiB; live heap ${h0} -> ${h1} KiB ($(head -1 "$f"))" >&2
done
fi

if part 5; then
echo "== 5. jar size and dependency count of a minimal server" >&2
core_jar="$(ls "$ROOT"/proxima-core/target/proxima-core-*.jar | grep -v -- '-tests\|-sources\|-javadoc' | head -1)"
record minimal_server_jars proxima 1 jars
record minimal_server_kib proxima "$(( $(stat -c %s "$core_jar") / 1024 ))" KiB
# min_closure SERVER DEPENDENCY...: records the jars and KiB of the DEPENDENCYs (group:artifact:version)
# with their runtime closure, as Maven resolves it.
min_closure() {
  local s=$1 dir="$OUT/$1-min" d; shift
  mkdir -p "$dir"
  { echo '<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>'
    echo "  <groupId>x</groupId><artifactId>$s-min</artifactId><version>1</version>"
    echo '  <dependencies>'
    for d in "$@"; do IFS=: read -r g a v <<<"$d"
      echo "    <dependency><groupId>$g</groupId><artifactId>$a</artifactId><version>$v</version></dependency>"; done
    echo '  </dependencies>'
    echo '</project>'; } > "$dir/pom.xml"
  if (cd "$dir" && run_mvn -q -B dependency:build-classpath -Dmdep.outputFile=cp.txt -Dmdep.includeScope=runtime) >/dev/null 2>&1; then
    { tr ':' '\n' < "$dir/cp.txt"; echo; } | grep . > "$dir/jars.txt"
    record minimal_server_jars "$s" "$(wc -l < "$dir/jars.txt")" jars
    record minimal_server_kib "$s" "$(xargs stat -c %s < "$dir/jars.txt" | awk '{s+=$1} END {printf "%d", s/1024}')" KiB
    echo "$s minimal server: $(xargs -n1 basename < "$dir/jars.txt" | tr '\n' ' ')" >&2
  else
    echo "$s minimal server: mvn dependency:build-classpath failed" >&2
  fi
}
min_closure grpc io.grpc:grpc-netty-shaded:1.79.0 io.grpc:grpc-stub:1.79.0
if [ "$VERTX" = 1 ]; then min_closure vertx io.vertx:vertx-grpc-server:5.0.7; fi
echo "proxima minimal server: $(basename "$core_jar")" >&2
fi

python3 - "$RESULTS" <<'PY'
import sys
rows, order = {}, []
for line in open(sys.argv[1]):
    m, s, v, u = line.rstrip("\n").split("\t")
    if m not in rows:
        rows[m] = {"unit": u}; order.append(m)
    if v:
        rows[m][s] = float(v)
vx = any("vertx" in r for r in rows.values())
print(f"{'metric':<30} {'unit':>6} {'Proxima':>10} {'grpc-java':>10} {'Proxima/grpc-java':>18}"
      + (f" {'Vert.x':>10} {'Proxima/Vert.x':>15}" if vx else ""))
fmt = lambda x: "n/a" if x is None else (f"{x:.2f}" if x < 10 else f"{x:.1f}" if x < 100 else f"{x:.0f}")
for m in order:
    r = rows[m]; p = r.get("proxima"); g = r.get("grpc")
    ratio = f"{p / g:.2f}" if p is not None and g else "n/a"
    line = f"{m:<30} {r['unit']:>6} {fmt(p):>10} {fmt(g):>10} {ratio:>18}"
    if vx:
        v = r.get("vertx")
        line += f" {fmt(v):>10} {f'{p / v:.2f}' if p is not None and v else 'n/a':>15}"
    print(line)
PY
echo "raw outputs: $OUT" >&2
