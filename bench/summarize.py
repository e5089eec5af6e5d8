#!/usr/bin/env python3
"""Turns a JMH JSON result (bench/jmh.sh ... -rf json -rff FILE) into the Markdown tables of
BENCHMARKS.md: per benchmark the JMH score and error, the median iteration (more robust on a noisy
machine) and gc.alloc.rate.norm; then Proxima/Netty ratios for the HPACK benchmarks of that run.

Usage: bench/summarize.py result.json
"""
import json
import statistics
import sys


def main(path):
    rows = {}
    for b in json.load(open(path)):
        name = b["benchmark"].removeprefix("dev.proxima.bench.")
        pm = b["primaryMetric"]
        raw = [x for fork in pm["rawData"] for x in fork]
        alloc = b.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
        rows[name] = (pm["score"], pm["scoreError"], statistics.median(raw), alloc)

    print("| benchmark | ns/op (mean ± 99.9% error) | ns/op (median iteration) | B/op |")
    print("|---|---:|---:|---:|")
    for name, (score, error, median, alloc) in rows.items():
        alloc_text = "n/a" if alloc is None else f"{alloc:,.0f}"
        print(f"| {name} | {score:,.1f} ± {error:,.1f} | {median:,.1f} | {alloc_text} |")

    print()
    print("| HPACK operation | Proxima / Netty, ns/op (median) | Proxima / Netty, ns/op (mean) "
          "| Proxima / Netty, B/op |")
    print("|---|---:|---:|---:|")
    for name, (score, _, median, alloc) in rows.items():
        if not name.startswith("HpackBenchmark."):
            continue
        op = name.split(".", 1)[1]
        for suffix, label in (("", op), ("ProximaBytes", op + " (identical input)")):
            netty = rows.get("NettyHpackBenchmark." + op + suffix)
            if netty is not None:
                ratio_row(label, score, median, alloc, netty)


def ratio_row(label, score, median, alloc, netty):
    if alloc is None or netty[3] is None:
        alloc_ratio = "n/a"
    elif alloc < 1 or netty[3] < 1:
        alloc_ratio = {(True, True): "both ≈ 0", (True, False): f"≈ 0 vs {netty[3]:,.0f}",
                       (False, True): f"{alloc:,.0f} vs ≈ 0"}[(alloc < 1, netty[3] < 1)]
    else:
        alloc_ratio = f"{alloc / netty[3]:.2f}"
    print(f"| {label} | {median / netty[2]:.2f} | {score / netty[0]:.2f} | {alloc_ratio} |")


if __name__ == "__main__":
    main(sys.argv[1])
