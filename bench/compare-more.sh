#!/usr/bin/env bash
# Proxima vs grpc-java, the workloads bench/compare.sh does not run (issue 7), in one run, each
# measured against both servers one after the other (same client, same JDK):
#   1. streaming ping-pong latency (StreamingCall, 1 stream, 1 message in flight): grpc-java's own
#      qps.AsyncClient --streaming_rpcs --channels=1 --outstanding_rpcs=1, and MoreBench ping-pong
#      (Proxima's client);
#   2. server-streaming throughput (StreamingFromServer, 1 KiB messages, one stream): MoreBench
#      server-stream counts messages and bytes for DURATION seconds;
#   3. one 64 MiB UnaryCall request + 64 MiB response on one stream (flow control): MoreBench big-unary.
#      grpc-java's qps.AsyncServer has no flag for its inbound message limit (4 MiB default), so this
#      workload runs grpc-java's same service class behind a NettyServerBuilder with
#      maxInboundMessageSize(256 MiB) (bench/GrpcJavaBigServer.java); Proxima's bench-server gets
#      --max-message-size=268435456;
#   4. idle connections: CONNS raw TCP connections that complete the HTTP/2 preface + SETTINGS
#      exchange (MoreBench idle-conns), server RSS and live heap (jcmd GC.run, then GC.heap_info)
#      before and after, on a fresh server each;
#   5. jar size and dependency count of a minimal server (proxima-core alone vs grpc-netty-shaded +
#      grpc-stub and their runtime closure, resolved by Maven).
# grpc-java's servers (qps.AsyncServer, GrpcJavaBigServer) run their handlers on an executor (the
# defaults: one hop per call); Proxima's run on the event loop.
#
#   bench/compare-more.sh            # about 3 minutes
# Knobs: DURATION (seconds per measurement, 10), WARMUP (seconds, 3), CONNS (5000), BIG (bytes,
# 67108864), CALLS (big calls after one warm-up call, 3), SKIP_BUILD=1, OUT (raw outputs).
# Ports: 50170-50189.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=../build/env.sh
. "$ROOT/build/env.sh"
PEER_DIR="${PEER_DIR:-$(cd "$ROOT/.." && pwd)/shared/peers/grpc-java}"
[ -x "$PEER_DIR/bench-server.sh" ] || PEER_DIR=/work/shared/peers/grpc-java
DURATION="${DURATION:-10}"; WARMUP="${WARMUP:-3}"; CONNS="${CONNS:-5000}"; BIG="${BIG:-67108864}"; CALLS="${CALLS:-3}"
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
JVM_OPTS=(--sun-misc-unsafe-memory-access=allow)
G_OPTS=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
RESULTS="$OUT/results.tsv"; : > "$RESULTS"
record() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >> "$RESULTS"; }   # metric server value unit
NEXT_PORT=50173
# start_server KIND -> sets SPID and SPORT. KIND: proxima | grpc (qps.AsyncServer) | grpcbig
start_server() {
  SPORT=$NEXT_PORT; NEXT_PORT=$((NEXT_PORT + 1))
  case "$1" in
    proxima) "$JAVA" "${JVM_OPTS[@]}" -jar "$JAR" bench-server --port="$SPORT" --max-message-size=268435456 > "$OUT/server-$SPORT.log" 2>&1 & ;;
    grpc) "$JAVA" "${G_OPTS[@]}" -cp "$G_LIB/*" io.grpc.benchmarks.qps.AsyncServer --address="0.0.0.0:$SPORT" --transport=$G_TRANSPORT > "$OUT/server-$SPORT.log" 2>&1 & ;;
    grpcbig) "$JAVA" "${G_OPTS[@]}" -cp "$G_LIB/*" "$ROOT/bench/GrpcJavaBigServer.java" "$SPORT" 268435456 > "$OUT/server-$SPORT.log" 2>&1 & ;;
  esac
  SPID=$!; PIDS+=("$SPID")
  "$PEER_DIR/wait-port.sh" 127.0.0.1 "$SPORT" 60 >/dev/null
}
stop_server() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }
more() { "$JAVA" "${JVM_OPTS[@]}" -cp "$JAR" dev.proxima.benchmarks.MoreBench "$@" 2>/dev/null; }
kv() { sed -n "s/^$1=\([^ ]*\).*/\1/p" "$2" | tail -1; }

start_server proxima; P_PID=$SPID; P_PORT=$SPORT
start_server grpc; G_PID=$SPID; G_PORT=$SPORT

echo "== 1. streaming ping-pong (StreamingCall, 1x1)" >&2
for s in proxima grpc; do port=$P_PORT; [ $s = grpc ] && port=$G_PORT; f="$OUT/pingpong-grpcclient-$s.txt"
  JAVA_HOME="$JAVA_HOME" "$PEER_DIR/bench-client.sh" 127.0.0.1 "$port" --streaming_rpcs --channels=1 --outstanding_rpcs=1 \
    --client_payload=0 --server_payload=0 --duration="$DURATION" --warmup_duration="$WARMUP" > "$f" 2>&1 || echo "grpc-java client $s: exit $?" >&2
  record pingpong_grpcclient_rps $s "$(awk -F: '/^QPS/ {gsub(/ /, "", $2); print $2}' "$f")" msg/s
  record pingpong_grpcclient_p50_us $s "$(awk -F: '/^50%ile/ {gsub(/ /, "", $2); print $2}' "$f")" us
  record pingpong_grpcclient_p99_us $s "$(awk -F: '/^99%ile/ {gsub(/ /, "", $2); print $2}' "$f")" us
  echo "grpc-java client -> $s: $(grep -E '^QPS|^50%ile|^99%ile' "$f" | tr -s ' ' | tr '\n' ' ')" >&2
done
for s in proxima grpc; do port=$P_PORT; [ $s = grpc ] && port=$G_PORT; f="$OUT/pingpong-proximaclient-$s.txt"
  more ping-pong --target="127.0.0.1:$port" --duration="$DURATION" --warmup="$WARMUP" > "$f" || echo "MoreBench ping-pong $s: exit $?" >&2
  record pingpong_proximaclient_rps $s "$(kv round_trips_per_s "$f")" msg/s
  record pingpong_proximaclient_p50_us $s "$(kv p50_us "$f")" us
  record pingpong_proximaclient_p99_us $s "$(kv p99_us "$f")" us
  echo "proxima client -> $s: $(tr '\n' ' ' < "$f")" >&2
done

echo "== 2. server streaming, 1 KiB messages, one stream" >&2
for s in proxima grpc; do port=$P_PORT; [ $s = grpc ] && port=$G_PORT; f="$OUT/serverstream-$s.txt"
  more server-stream --target="127.0.0.1:$port" --duration="$DURATION" --warmup="$WARMUP" --message-size=1024 > "$f" || echo "MoreBench server-stream $s: exit $?" >&2
  record serverstream_msgs_per_s $s "$(kv messages_per_s "$f")" msg/s
  record serverstream_mib_per_s $s "$(kv mib_per_s "$f")" MiB/s
  echo "$s: $(tr '\n' ' ' < "$f")" >&2
done
stop_server "$P_PID"; stop_server "$G_PID"

echo "== 3. one $BIG-byte UnaryCall request + $BIG-byte response (fresh servers)" >&2
start_server proxima; P_PID=$SPID; P_PORT=$SPORT
start_server grpcbig; G_PID=$SPID; G_PORT=$SPORT
for s in proxima grpc; do port=$P_PORT; [ $s = grpc ] && port=$G_PORT; f="$OUT/bigunary-$s.txt"
  more big-unary --target="127.0.0.1:$port" --request-size="$BIG" --response-size="$BIG" --calls="$CALLS" > "$f" || echo "MoreBench big-unary $s: exit $? ($(tr '\n' ' ' < "$f"))" >&2
  record bigunary_median_ms $s "$(kv median_ms "$f")" ms
  record bigunary_best_ms $s "$(kv best_ms "$f")" ms
  record bigunary_mib_per_s $s "$(kv mib_per_s "$f")" MiB/s
  record bigunary_server_rss_mib $s "$(ps -o rss= -p "$( [ $s = grpc ] && echo $G_PID || echo $P_PID )" | awk '{printf "%.0f", $1/1024}')" MiB
  echo "$s: $(tr '\n' ' ' < "$f")" >&2
done
stop_server "$P_PID"; stop_server "$G_PID"
# grpc-java's stock qps.AsyncServer (4 MiB limit): what does the same call get?
start_server grpc; G_PID=$SPID
more big-unary --target="127.0.0.1:$SPORT" --request-size="$BIG" --response-size="$BIG" --calls=0 > "$OUT/bigunary-stock-asyncserver.txt" || true
echo "stock qps.AsyncServer with a $BIG-byte request: $(grep -m1 status= "$OUT/bigunary-stock-asyncserver.txt" || echo ok)" >&2
stop_server "$G_PID"

echo "== 4. $CONNS idle HTTP/2 connections (fresh server each)" >&2
live_heap_kib() { # live heap after a full GC, KiB (GC.heap_info's first "used NK")
  "$JCMD" "$1" GC.run >/dev/null 2>&1 || true
  "$JCMD" "$1" GC.heap_info 2>/dev/null | sed -n 's/.* used \([0-9]*\)K.*/\1/p' | head -1
}
for s in proxima grpc; do
  start_server $s; pid=$SPID; port=$SPORT
  sleep 2
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

echo "== 5. jar size and dependency count of a minimal server" >&2
core_jar="$(ls "$ROOT"/proxima-core/target/proxima-core-*.jar | grep -v -- '-tests\|-sources\|-javadoc' | head -1)"
record minimal_server_jars proxima 1 jars
record minimal_server_kib proxima "$(( $(stat -c %s "$core_jar") / 1024 ))" KiB
mkdir -p "$OUT/grpc-min"
cat > "$OUT/grpc-min/pom.xml" <<'POM'
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
  <groupId>x</groupId><artifactId>grpc-min</artifactId><version>1</version>
  <dependencies>
    <dependency><groupId>io.grpc</groupId><artifactId>grpc-netty-shaded</artifactId><version>1.79.0</version></dependency>
    <dependency><groupId>io.grpc</groupId><artifactId>grpc-stub</artifactId><version>1.79.0</version></dependency>
  </dependencies>
</project>
POM
if (cd "$OUT/grpc-min" && run_mvn -q -B dependency:build-classpath -Dmdep.outputFile=cp.txt -Dmdep.includeScope=runtime) >/dev/null 2>&1; then
  { tr ':' '\n' < "$OUT/grpc-min/cp.txt"; echo; } | grep . > "$OUT/grpc-min/jars.txt"
  record minimal_server_jars grpc "$(wc -l < "$OUT/grpc-min/jars.txt")" jars
  record minimal_server_kib grpc "$(xargs stat -c %s < "$OUT/grpc-min/jars.txt" | awk '{s+=$1} END {printf "%d", s/1024}')" KiB
  echo "grpc-java minimal server: $(xargs -n1 basename < "$OUT/grpc-min/jars.txt" | tr '\n' ' ')" >&2
else
  echo "grpc-java minimal server: mvn dependency:build-classpath failed" >&2
fi
echo "proxima minimal server: $(basename "$core_jar")" >&2

python3 - "$RESULTS" <<'PY'
import sys
rows, order = {}, []
for line in open(sys.argv[1]):
    m, s, v, u = line.rstrip("\n").split("\t")
    if m not in rows:
        rows[m] = {"unit": u}; order.append(m)
    if v:
        rows[m][s] = float(v)
print(f"{'metric':<30} {'unit':>6} {'Proxima':>10} {'grpc-java':>10} {'Proxima/grpc-java':>18}")
fmt = lambda x: "n/a" if x is None else (f"{x:.2f}" if x < 10 else f"{x:.1f}" if x < 100 else f"{x:.0f}")
for m in order:
    r = rows[m]; p = r.get("proxima"); g = r.get("grpc")
    ratio = f"{p / g:.2f}" if p is not None and g else "n/a"
    print(f"{m:<30} {r['unit']:>6} {fmt(p):>10} {fmt(g):>10} {ratio:>18}")
PY
echo "raw outputs: $OUT" >&2
