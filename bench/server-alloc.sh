#!/usr/bin/env bash
# Bytes Proxima's bench-server allocates per unary call (all its threads), under h2load with the
# given shapes: the end-to-end counterpart of JMH's -prof gc. The server (AllocationServer) prints
# what its threads have allocated whenever asked; this script asks before and after N calls.
#
#   bench/server-alloc.sh                      # SHAPES "4x64 1x1 64x1 256x1"
#   N=100000 bench/server-alloc.sh 4x64 512x1
# Knobs: N (calls measured per shape, 200000; after 50,000 of the same shape and 300,000 of 4x64
# once as warm-up), PORT (50390), PEER_DIR. Prints "SHAPE: B per call, req/s".
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=../build/env.sh
. "$ROOT/build/env.sh"
PEER_DIR="${PEER_DIR:-$(cd "$ROOT/.." && pwd)/shared/peers/grpc-java}"
[ -x "$PEER_DIR/h2load-unary.sh" ] || PEER_DIR=/work/shared/peers/grpc-java
N="${N:-200000}"; PORT="${PORT:-50390}"
[ "$#" -gt 0 ] || set -- 4x64 1x1 64x1 256x1
(cd "$ROOT" && run_mvn -q -B -DskipTests -pl proxima-cli -am install) >&2
coproc SERVER { exec "$JAVA_HOME/bin/java" -cp "$ROOT/proxima-cli/target/proxima-cli.jar" \
  dev.proxima.benchmarks.AllocationServer "$PORT" 2>/dev/null; }
trap 'kill "$SERVER_PID" 2>/dev/null || true' EXIT
read -r _ <&"${SERVER[0]}"   # port=...
allocated() { echo >&"${SERVER[1]}"; local line; read -r line <&"${SERVER[0]}"; echo "${line#allocated=}"; }
"$PEER_DIR/h2load-unary.sh" 127.0.0.1 "$PORT" -n 300000 -c 4 -m 64 > /dev/null
for shape in "$@"; do
  c="${shape%x*}"; m="${shape#*x}"
  "$PEER_DIR/h2load-unary.sh" 127.0.0.1 "$PORT" -n 50000 -c "$c" -m "$m" > /dev/null
  a0="$(allocated)"
  out="$("$PEER_DIR/h2load-unary.sh" 127.0.0.1 "$PORT" -n "$N" -c "$c" -m "$m")"
  a1="$(allocated)"
  rps="$(sed -n 's/^finished in .*, \([0-9.]*\) req\/s.*/\1/p' <<<"$out" | tail -1)"
  echo "$shape: $(( (a1 - a0) / N )) B per call, ${rps} req/s"
done
