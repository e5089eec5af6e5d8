#!/usr/bin/env bash
# Runs the Vert.x gRPC reference peer (bench/vertx/, Vert.x 5.0.7 vertx-grpc-server; not part of
# Proxima) on PORT: grpc.testing.BenchmarkService UnaryCall, StreamingCall and StreamingFromServer,
# h2c, one HTTP server per event loop (--instances, default: available processors), handlers on the
# event loop; --max-message-size=BYTES raises Vert.x's inbound message limit (256 KiB by default).
# Builds bench/vertx/ first when its classes or jars are missing (Maven, via build/env.sh).
#
#   bench/vertx-server.sh PORT [--instances=N] [--max-message-size=BYTES]
#   bench/vertx-server.sh --build-only      # build, print the java command line's classpath, exit
# The last step is an exec of the JVM, so this script's PID is the server's (startup-rss.sh needs it).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="$ROOT/bench/vertx"
# shellcheck source=../build/env.sh
. "$ROOT/build/env.sh"
if [ ! -f "$DIR/target/classes/proxima/bench/vertx/VertxBenchServer.class" ] || [ ! -f "$DIR/target/lib/vertx-grpc-server-5.0.7.jar" ] \
   || [ -n "$(find "$DIR/src" "$DIR/pom.xml" -newer "$DIR/target/classes/proxima/bench/vertx/VertxBenchServer.class" 2>/dev/null | head -1)" ]; then
  echo "vertx-server.sh: building bench/vertx" >&2
  (cd "$DIR" && run_mvn -q -B -DskipTests package) >&2
fi
CP="$DIR/target/classes:$DIR/target/lib/*"
if [ "${1:-}" = --build-only ]; then echo "$CP"; exit 0; fi
[ $# -ge 1 ] || { echo "usage: bench/vertx-server.sh PORT [--instances=N] [--max-message-size=BYTES]" >&2; exit 2; }
PORT="$1"; shift
OPTS=()
if [ "$JAVA_MAJOR" -ge 24 ]; then OPTS+=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow); fi
exec "$JAVA_HOME/bin/java" "${OPTS[@]}" -cp "$CP" proxima.bench.vertx.VertxBenchServer --port="$PORT" "$@"
