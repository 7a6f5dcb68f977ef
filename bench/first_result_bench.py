#!/usr/bin/env python3
"""Time to first result: from starting a kernel to its first cell's reply, beside IPython, a compiled
Java program and a bare Scala interpreter, side by side in one run.

Usage: /usr/bin/python3 bench/first_result_bench.py [--starts N (5)] [--cells N] [--languages java,scala]
after `mvn -DskipTests package`, with the spark-java and spark-scala kernelspecs installed (or on
JUPYTER_PATH) and Debian's python3-ipykernel. Each start is a new kernel or JVM, taken in turn (the
order rotates each round):
- python3: start to the reply of `x = 1 + 1`;
- spark-java: start to kernel_info, to the reply of `int x = 1 + 1;`, and (another start) to the reply
  of `spark.range(1000).count()` on local[*]; again with JSPARK_CDS=off, to show what the class data
  archive saves (kernels run with their archive, made in a cache folder of the benchmark's own by an
  untimed first start of each kernel before any timing);
- the compiled program (bench/src/main/java/io/jspark/bench/FirstSparkResult.java, the kernelspec's
  jars and JVM flags): its JVM's start to its printed count;
- spark-scala: the same two cells in Scala; the bare interpreter (BareScalaRepl: IMain in a plain JVM
  with the same jars and flags) from its JVM's start to `val warm = 1 + 1` and then to the count, which
  it runs after starting a SparkSession.
Then the trivial cells' round-trip p50 after a warm-up, per kernel. Prints Markdown tables of
medians; the README keeps the latest ones.
"""
import argparse
import glob
import os
import shutil
import statistics
import subprocess
import tempfile
import time

from cluster_bench import kernelspec_java
from kernel_bench import TRIVIAL, machine, pct, round_trips, start_to_kernel_info

SPARK = {"spark-java": "spark.range(1000).count()", "spark-scala": "spark.range(1000).count()"}
WARMUP = {"python3": 30, "spark-java": 30, "spark-scala": 100}


def jvm(main_class, *args):
    """Seconds from starting a JVM with the kernelspec's jars and flags to each line it prints that
    starts with one of the awaited words, keyed by that word."""
    t0 = time.perf_counter()
    process = subprocess.Popen(kernelspec_java(main_class, *args), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    seen = {}
    try:
        for line in process.stdout:
            word = line.split(" ", 1)[0]
            seen.setdefault(word, time.perf_counter() - t0)
    finally:
        if process.wait(timeout=300) != 0:
            raise SystemExit(f"{main_class} failed with exit code {process.returncode}")
    return seen


def compiled_program():
    return {"spark": jvm("io.jspark.bench.FirstSparkResult")["result"]}


def bare_scala():
    seen = jvm("io.jspark.bench.BareScalaRepl", "0", "1", "spark_count=" + SPARK["spark-scala"])
    return {"trivial": seen["first"], "spark": seen["time"]}


def kernel(name, env=None):
    def measure():
        ready, trivial = start_to_kernel_info(name, TRIVIAL[name], env)
        found = {"ready": ready, "trivial": trivial}
        if name in SPARK:
            found["spark"] = start_to_kernel_info(name, SPARK[name], env)[1]
        return found
    return measure


def train_archives(names, cache):
    """Starts each kernel once and waits for the class data archive its start leaves behind."""
    for name in names:
        before = len(glob.glob(os.path.join(cache, "jspark", "cds", "*.jsa")))
        start_to_kernel_info(name, TRIVIAL[name])
        deadline = time.monotonic() + 600
        while len(glob.glob(os.path.join(cache, "jspark", "cds", "*.jsa"))) == before:
            if time.monotonic() > deadline:
                raise SystemExit(f"no class data archive for {name} after 10 minutes; see the logs in {cache}/jspark/cds")
            time.sleep(1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--starts", type=int, default=5)
    parser.add_argument("--cells", type=int, default=100)
    parser.add_argument("--languages", default="java,scala")
    args = parser.parse_args()
    languages = args.languages.split(",")
    cache = tempfile.mkdtemp(prefix="first-result-bench-")
    os.environ["XDG_CACHE_HOME"] = cache
    os.environ.pop("JSPARK_CDS", None)
    try:
        run_sides(args, languages, cache)
        sizes = [os.path.getsize(a) / 2**20 for a in sorted(glob.glob(os.path.join(cache, "jspark", "cds", "*.jsa")))]
        print(f"\nClass data archives: {', '.join(f'{size:.0f} MB' for size in sizes)}")
    finally:
        shutil.rmtree(cache, ignore_errors=True)


def run_sides(args, languages, cache):
    train_archives([f"spark-{language}" for language in languages], cache)
    sides = {"python3": kernel("python3")}
    if "java" in languages:
        sides["spark-java"] = kernel("spark-java")
        sides["spark-java, JSPARK_CDS=off"] = kernel("spark-java", {**os.environ, "JSPARK_CDS": "off"})
        sides["compiled Java program"] = compiled_program
    if "scala" in languages:
        sides["spark-scala"] = kernel("spark-scala")
        sides["bare Scala interpreter"] = bare_scala
    found = {side: [] for side in sides}
    names = list(sides)
    for r in range(args.starts):
        for side in names[r % len(names):] + names[:r % len(names)]:
            found[side].append(sides[side]())
    trips = {name: round_trips(name, args.cells, WARMUP[name]) for name in TRIVIAL if name in sides}

    def median(side, key):
        values = [f[key] for f in found.get(side, []) if key in f]
        return statistics.median(values) if values else None

    def ms(value):
        return "" if value is None else f"{value * 1000:.0f} ms"

    print(f"Machine: {machine()}\n")
    print(f"| side | start to kernel_info | start to the first trivial cell's reply | start to the first `spark.range(1000).count()` |")
    print("|---|---|---|---|")
    for side in sides:
        print(f"| {side} | {ms(median(side, 'ready'))} | {ms(median(side, 'trivial'))} | {ms(median(side, 'spark'))} |")
    print(f"\n(medians of {args.starts} starts each)\n")
    ipython = median("python3", "trivial")
    for name, peer in (("spark-java", "compiled Java program"), ("spark-scala", "bare Scala interpreter")):
        if name in sides:
            print(f"- {name}: first trivial cell {median(name, 'trivial') / ipython:.2f}x IPython's, "
                  f"first Spark result {median(name, 'spark') / median(peer, 'spark'):.2f}x the {peer}'s")
    print(f"\n| kernel | trivial cell round trip p50 ({args.cells} cells after the warm-up) | p90 | ratio to IPython's p50 |")
    print("|---|---|---|---|")
    for name, times in trips.items():
        print(f"| {name} (`{TRIVIAL[name]}`, {WARMUP[name]} warm-up) | {pct(times, 50) * 1000:.1f} ms | "
              f"{pct(times, 90) * 1000:.1f} ms | {pct(times, 50) / pct(trips['python3'], 50):.2f} |")


if __name__ == "__main__":
    main()
