#!/usr/bin/env python3
"""The Scala kernel beside a bare Scala interpreter, and its start beside the Java kernel's.

Usage: /usr/bin/python3 bench/scala_bench.py [--starts N] [--cells N] [--warmup N (100)] [--alternations N]
after `mvn -DskipTests package`, with the spark-java and spark-scala kernelspecs installed (or on
JUPYTER_PATH). The same Scala lines (a trivial val, a case class, spark.range(1000).count() on
local[*]) are timed through the spark-scala kernel with jupyter_client (the cell's round trip) and
through IMain in a plain JVM with the kernelspec's jars and flags and a local SparkSession bound as
`spark` (bench/src/main/java/io/jspark/bench/BareScalaRepl.java: spark-shell's interpreter without
the terminal), in turn, the order flipped each alternation. Starts alternate between the two kernels.
The warm-up is long because scalac settles slowly: medians of 25 cells of `val x = 1 + 1` fell from
about 300 ms to about 110 ms over the first 100 cells on both sides, and a shorter warm-up measures
how fast each JVM's JIT warms scalac, not the kernel's cost per cell.
Prints Markdown tables of medians; the README keeps the latest ones.
"""
import argparse
import statistics
import subprocess
import time

from jupyter_client.manager import KernelManager

from cluster_bench import kernelspec_java
from kernel_bench import machine, start_to_kernel_info

LINES = {
    "trivial": "val x = 1 + 1",
    "case_class": "case class P(a: Int, b: String)",
    "spark_count": "spark.range(1000).count()",
}
FIRST_CELL = {"spark-java": "int x = 1 + 1;", "spark-scala": "val x = 1 + 1"}


def bare_interpreter(warmup, cells):
    run = subprocess.run(kernelspec_java("io.jspark.bench.BareScalaRepl", str(warmup), str(cells),
                                         *(f"{name}={code}" for name, code in LINES.items())),
                         capture_output=True, text=True, timeout=1800)
    if run.returncode != 0:
        raise SystemExit("the bare interpreter failed:\n" + run.stderr[-4000:])
    times = {name: [] for name in LINES}
    for line in run.stdout.splitlines():
        if line.startswith("time "):
            _, name, micros = line.split()
            times[name].append(int(micros) / 1e6)
    return times


def kernel_cells(warmup, cells):
    km = KernelManager(kernel_name="spark-scala")
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=60)
        run(kc, "spark.range(1).count()", timeout=300)
        times = {name: [] for name in LINES}
        for name, code in LINES.items():
            for i in range(warmup + cells):
                elapsed = run(kc, code)
                if i >= warmup:
                    times[name].append(elapsed)
        return times
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def run(kc, code, timeout=120):
    t0 = time.perf_counter()
    reply = kc.execute_interactive(code, timeout=timeout, output_hook=lambda msg: None)
    elapsed = time.perf_counter() - t0
    assert reply["content"]["status"] == "ok", reply["content"]
    return elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--starts", type=int, default=5)
    parser.add_argument("--cells", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=100)
    parser.add_argument("--alternations", type=int, default=2)
    args = parser.parse_args()
    bare = {name: [] for name in LINES}
    kernel = {name: [] for name in LINES}
    starts = {name: [] for name in FIRST_CELL}
    for a in range(args.alternations):
        for side in (["bare", "kernel"] if a % 2 == 0 else ["kernel", "bare"]):
            found = bare_interpreter(args.warmup, args.cells) if side == "bare" else kernel_cells(args.warmup, args.cells)
            for name, values in found.items():
                (bare if side == "bare" else kernel)[name].extend(values)
        for _ in range(args.starts):
            for name in (FIRST_CELL if a % 2 == 0 else reversed(list(FIRST_CELL))):
                starts[name].append(start_to_kernel_info(name, FIRST_CELL[name]))
    print(f"Machine: {machine()}\n")
    print(f"| Scala line | bare IMain p50 | spark-scala kernel round trip p50 | ratio |")
    print("|---|---|---|---|")
    for name, code in LINES.items():
        b, k = statistics.median(bare[name]), statistics.median(kernel[name])
        print(f"| `{code}` | {b * 1000:.1f} ms | {k * 1000:.1f} ms | {k / b:.2f} |")
    print(f"\n({args.alternations} alternations of {args.cells} timed cells after {args.warmup} warm-up, per line and side)\n")
    print(f"| kernel | start to kernel_info_reply, median of {args.starts * args.alternations} | start to the first trivial cell's reply |")
    print("|---|---|---|")
    for name, values in starts.items():
        print(f"| {name} | {statistics.median(v[0] for v in values) * 1000:.0f} ms | {statistics.median(v[1] for v in values) * 1000:.0f} ms |")
    java, scala = starts["spark-java"], starts["spark-scala"]
    print(f"\nRatio spark-scala / spark-java: start {statistics.median(v[0] for v in scala) / statistics.median(v[0] for v in java):.2f}, "
          f"first cell {statistics.median(v[1] for v in scala) / statistics.median(v[1] for v in java):.2f}")


if __name__ == "__main__":
    main()
