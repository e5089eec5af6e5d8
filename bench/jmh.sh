#!/usr/bin/env bash
# Builds proxima-bench (Maven profile "bench") and runs its JMH benchmarks on a JDK 21+, found the
# way ./proxima finds one (build/env.sh). Arguments go to JMH; without any, a short run with the
# GC profiler. Examples:
#   bench/jmh.sh                                   # everything, default settings
#   bench/jmh.sh -f 1 -wi 2 -w 1s -i 3 -r 1s -prof gc 'Hpack'
#   bench/jmh.sh -l                                # list benchmarks
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=../build/env.sh
source "$ROOT/build/env.sh"
cd "$ROOT"

run_mvn -q -B -Pbench -pl proxima-bench -am package -DskipTests

if [ "$#" -eq 0 ]; then
  set -- -f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc
fi
exec "$JAVA_HOME/bin/java" -jar proxima-bench/target/benchmarks.jar "$@"
