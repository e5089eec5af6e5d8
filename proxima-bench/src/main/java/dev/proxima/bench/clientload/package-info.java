/**
 * {@code ClientLoad}: one closed-loop load generator with two interchangeable client libraries,
 * Proxima's and grpc-java's, so that two runs against the same server differ only in the client.
 * Run by {@code bench/compare-client.sh}.
 */
package dev.proxima.bench.clientload;
