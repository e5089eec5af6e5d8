#!/usr/bin/env bash
# Server memory under load with the SAME JVM heap flags on every server (issue 7: "server RSS under
# the 4x64 load: under half of grpc-java's"). compare.sh measures RSS with each JVM's default heap,
# which G1 sizes from the machine's RAM (1/64 of it to start) and grows as it likes; this script
# gives Proxima's bench-server, grpc-java's qps.AsyncServer and (VERTX=1) the Vert.x peer the same
# heap flags, one setting after another, and reports for each: h2load 4x64 req/s after a warm-up,
# RSS right after, and Native Memory Tracking's committed heap and total, so the heap and the rest
# of the process (code, metaspace, GC, threads, direct buffers) can be told apart.
#
#   bench/rss-under-load.sh                          # HEAPS="default -Xms16m -Xmx128m -Xmx48m"; ~5 min
#   HEAPS="-Xmx32m -Xmx64m" VERTX=0 bench/rss-under-load.sh
# Knobs: HEAPS (space-separated settings, "default" = no flag; a setting may join flags with
# commas, e.g. "-Xms48m,-Xmx48m"), N (h2load 4x64 calls measured, 300000), WARMUP_N (before them,
# 600000), VERTX (1), PEER_DIR, OUT. One server runs at a time, on the first free port of
# 50330-50359. Prints one line per server and setting, and a table with ratios to grpc-java.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=../build/env.sh
. "$ROOT/build/env.sh"
PEER_DIR="${PEER_DIR:-$(cd "$ROOT/.." && pwd)/shared/peers/grpc-java}"
[ -x "$PEER_DIR/bench-server.sh" ] || PEER_DIR=/work/shared/peers/grpc-java
HEAPS="${HEAPS:-default -Xms16m -Xmx128m -Xmx48m}"; N="${N:-300000}"; WARMUP_N="${WARMUP_N:-600000}"
VERTX="${VERTX:-1}"
OUT="${OUT:-$(mktemp -d "${TMPDIR:-/tmp}/proxima-rss.XXXXXX")}"
mkdir -p "$OUT"
JAVA="$JAVA_HOME/bin/java"; JCMD="$JAVA_HOME/bin/jcmd"
JAR="$ROOT/proxima-cli/target/proxima-cli.jar"
command -v h2load >/dev/null || { echo "rss-under-load.sh: needs h2load (apt-get install nghttp2-client)" >&2; exit 2; }
(cd "$ROOT" && run_mvn -q -B -DskipTests -pl proxima-cli -am install) >&2
G_LIB="$(bash -c '. "$1/common.sh" >/dev/null 2>&1; echo "$PEER_LIB"' _ "$PEER_DIR")"
[ -f "$G_LIB/.complete" ] || { "$PEER_DIR/setup.sh" >&2; }
G_TRANSPORT=netty_nio
if [ "$(uname -s)" = Linux ] && [ "$(uname -m)" = x86_64 ]; then G_TRANSPORT=netty_epoll; fi
SERVERS=(proxima grpc)
if [ "$VERTX" = 1 ]; then
  if V_CP="$("$ROOT/bench/vertx-server.sh" --build-only)"; then SERVERS+=(vertx)
  else echo "rss-under-load.sh: bench/vertx did not build; going on without Vert.x" >&2; fi
fi
# Every server gets the same flags: those grpc-java's Netty needs on JDK 24+, NMT, and the setting.
COMMON=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -XX:NativeMemoryTracking=summary)
SPID=""
trap '[ -z "$SPID" ] || kill "$SPID" 2>/dev/null || true' EXIT
RESULTS="$OUT/results.tsv"; : > "$RESULTS"

nmt_mib() { # nmt_mib PID LABEL: committed MiB of an NMT summary line ("Total" or "Java Heap")
  "$JCMD" "$1" VM.native_memory summary scale=MB 2>/dev/null \
    | sed -n "s/.*$2.*committed=\([0-9]*\)MB.*/\1/p" | head -1 || true
}
for heap in $HEAPS; do
  flags=(); [ "$heap" = default ] || IFS=, read -r -a flags <<<"$heap"
  for s in "${SERVERS[@]}"; do
    port=50330
    while ss -Htan "( sport = :$port )" 2>/dev/null | grep -q .; do port=$((port + 1)); done
    [ "$port" -le 50359 ] || { echo "rss-under-load.sh: no free port in 50330-50359" >&2; exit 1; }
    log="$OUT/server-$s-$heap.log"
    case $s in # each case starts the JVM itself in the background, so that $! is the JVM's pid
      proxima) "$JAVA" "${COMMON[@]}" "${flags[@]}" -jar "$JAR" bench-server --port="$port" > "$log" 2>&1 & ;;
      grpc) "$JAVA" "${COMMON[@]}" "${flags[@]}" -cp "$G_LIB/*" io.grpc.benchmarks.qps.AsyncServer \
          --address="0.0.0.0:$port" --transport=$G_TRANSPORT > "$log" 2>&1 & ;;
      vertx) "$JAVA" "${COMMON[@]}" "${flags[@]}" -cp "$V_CP" proxima.bench.vertx.VertxBenchServer \
          --port="$port" > "$log" 2>&1 & ;;
    esac
    SPID=$!
    "$PEER_DIR/wait-port.sh" 127.0.0.1 "$port" 60 >/dev/null
    f="$OUT/h2load-$s-$heap.txt"
    "$PEER_DIR/h2load-unary.sh" 127.0.0.1 "$port" -n "$N" -c 4 -m 64 --warmup "$WARMUP_N" > "$f" 2>&1 \
      || echo "h2load $s $heap: exit $? (see $f)" >&2
    rps="$(sed -n 's/^finished in .*, \([0-9.]*\) req\/s.*/\1/p' "$f" | tail -1)"
    rss="$(ps -o rss= -p "$SPID" | awk '{printf "%.0f", $1 / 1024}')"
    heap_mib="$(nmt_mib "$SPID" "Java Heap")"; total_mib="$(nmt_mib "$SPID" "Total")"
    kill "$SPID" 2>/dev/null || true; wait "$SPID" 2>/dev/null || true; SPID=""
    echo "heap=$heap server=$s rps=${rps:-n/a} rss_mib=$rss nmt_heap_committed_mib=${heap_mib:-n/a} nmt_total_committed_mib=${total_mib:-n/a}"
    printf '%s\t%s\t%s\t%s\t%s\n' "$heap" "$s" "${rps:-}" "$rss" "${heap_mib:-}" >> "$RESULTS"
  done
done

echo
python3 - "$RESULTS" <<'PY'
import sys
rows = {}
for line in open(sys.argv[1]):
    heap, s, rps, rss, h = line.rstrip("\n").split("\t")
    rows.setdefault(heap, {})[s] = (float(rps) if rps else None, float(rss), float(h) if h else None)
print("| heap flags | server | req/s (h2load 4x64) | RSS (MiB) | of which heap committed | RSS / grpc-java | req/s / grpc-java |")
print("|---|---|---:|---:|---:|---:|---:|")
for heap, by in rows.items():
    g = by.get("grpc")
    for s, (rps, rss, h) in by.items():
        rr = f"{rss / g[1]:.2f}" if g else "-"
        qr = f"{rps / g[0]:.2f}" if g and g[0] and rps else "-"
        print(f"| {heap} | {s} | {rps:,.0f} | {rss:.0f} | {h if h is not None else '-'} | {rr} | {qr} |"
              if rps else f"| {heap} | {s} | n/a | {rss:.0f} | {h} | {rr} | - |")
PY
echo "raw outputs: $OUT" >&2
