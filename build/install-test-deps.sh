#!/usr/bin/env bash
# Installs what the test run needs beyond Maven's own downloads: nghttp2's client tools
# (nghttp, h2load) and server (nghttpd), used as independent HTTP/2 peers.
# Idempotent; a no-op when they are present.
set -euo pipefail
missing=()
command -v nghttp >/dev/null 2>&1 && command -v h2load >/dev/null 2>&1 || missing+=(nghttp2-client)
command -v nghttpd >/dev/null 2>&1 || missing+=(nghttp2-server)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "install-test-deps: ${missing[*]} missing and cannot install (needs root and apt-get)." >&2
  echo "install-test-deps: the peer tests will fail; install: apt-get install ${missing[*]}" >&2
  exit 0
fi
echo "install-test-deps: apt-get install ${missing[*]}" >&2
apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
