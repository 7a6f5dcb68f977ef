#!/usr/bin/env python3
"""A long session: thousands of cells through jupyter_client, and what the kernel keeps of them.

Usage: /usr/bin/python3 bench/soak_bench.py [--kinds spark,plain,vars,classes] [--cells N] [--classes-cells N] [--top N]
Needs the spark-java kernelspec installed (or on JUPYTER_PATH) and the JDK's jcmd. For each kind of cell it
starts a fresh kernel, runs the cells one after another and, at cell 500 and at the last cell, takes the live
heap after a full GC (jcmd GC.class_histogram) and the round-trip p50 of the 100 cells before. Prints a
Markdown table (growth after cell 500, p50 ratio) and the classes whose live bytes grew most.
"""
import argparse
import platform
import re
import statistics
import subprocess
import time

from jupyter_client.manager import KernelManager

CELLS = {
    "spark": lambda i: "spark.range(1000).count()",
    "plain": lambda i: "1 + 1",
    "vars": lambda i: f"int v{i} = {i};",
    "classes": lambda i: f"class Point{i} {{ int x = {i}; }}",
}
CHECKPOINT = 500
WINDOW = 100


def live_heap(pid):
    """Live bytes by class after the full GC that GC.class_histogram runs first. A full GC and two
    seconds before it let Spark's ContextCleaner remove what the first one found unreachable (its weak
    references to accumulators), as it does within seconds in a real session."""
    subprocess.run(["jcmd", str(pid), "GC.run"], capture_output=True, check=True)
    time.sleep(2)
    out = subprocess.run(["jcmd", str(pid), "GC.class_histogram"], capture_output=True, text=True, check=True).stdout
    rows = {}
    total = 0
    for line in out.splitlines():
        row = re.match(r"\s*\d+:\s+(\d+)\s+(\d+)\s+(\S+)", line)
        if row:
            rows[row.group(3)] = int(row.group(2))
        end = re.match(r"Total\s+\d+\s+(\d+)", line)
        if end:
            total = int(end.group(1))
    return total, rows


def soak(kind, cells, top):
    km = KernelManager(kernel_name="spark-java")
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=120)
        pid = km.provisioner.process.pid
        if kind == "spark":
            kc.execute_interactive("%%spark\nspark.master local[*]", timeout=60, output_hook=lambda m: None)
        times = []
        marks = {}
        for i in range(1, cells + 1):
            t0 = time.perf_counter()
            reply = kc.execute_interactive(CELLS[kind](i), timeout=300, output_hook=lambda m: None)
            times.append(time.perf_counter() - t0)
            assert reply["content"]["status"] == "ok", reply["content"]
            if i in (CHECKPOINT, cells):
                heap, rows = live_heap(pid)
                marks[i] = (heap, rows, statistics.median(times[-WINDOW:]) * 1000)
        (h0, r0, p0), (h1, r1, p1) = marks[CHECKPOINT], marks[cells]
        grown = sorted(((r1[k] - r0.get(k, 0), k) for k in r1), reverse=True)[:top]
        return h0, h1, p0, p1, grown
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--kinds", default="spark,plain,vars,classes")
    parser.add_argument("--cells", type=int, default=3000)
    parser.add_argument("--classes-cells", type=int, default=CHECKPOINT + WINDOW * 2)
    parser.add_argument("--top", type=int, default=8)
    args = parser.parse_args()
    cpu = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    print(f"Machine: {cpu} cores, {platform.system()} {platform.release()}, Python {platform.python_version()}")
    print()
    print(f"| cells | live heap at cell {CHECKPOINT} | at the last | growth | p50 at cell {CHECKPOINT} | p50 at the last | ratio |")
    print("|---|---|---|---|---|---|---|")
    details = []
    for kind in args.kinds.split(","):
        cells = args.classes_cells if kind == "classes" else args.cells
        h0, h1, p0, p1, grown = soak(kind, cells, args.top)
        print(f"| {cells} {kind} | {h0 / 1e6:.1f} MB | {h1 / 1e6:.1f} MB | {(h1 - h0) / 1e6:+.1f} MB | {p0:.1f} ms | {p1:.1f} ms | {p1 / p0:.2f} |",
              flush=True)
        details.append((kind, grown))
    for kind, grown in details:
        print(f"\nGrowth after cell {CHECKPOINT}, {kind}: " + ", ".join(f"{name} {delta / 1e6:+.2f} MB" for delta, name in grown))


if __name__ == "__main__":
    main()
