#!/usr/bin/env python3
"""100 trivial Spark jobs on a standalone cluster: from a notebook cell of the spark-java kernel, and
from a compiled Java program (no kernel) submitting the same jobs to the same cluster.

Usage: /usr/bin/python3 bench/cluster_bench.py [--warmup N] [--rounds N] [--jobs N] [--alternations N]
after `mvn -DskipTests package`, with the spark-java kernelspec installed (or on JUPYTER_PATH).
Starts a cluster of one master and two workers (one core each) with cluster/spark-standalone.sh,
runs the program and the kernel in turn (each alone on the cluster), and stops the cluster.
Each round times JOBS jobs, after WARMUP untimed rounds (the driver's JIT warms up over hundreds of
jobs); the kernel's time is the cell's round trip through jupyter_client.
Prints a Markdown table of medians; the README keeps the latest one.
"""
import argparse
import os
import pathlib
import statistics
import subprocess
import tempfile
import time

from jupyter_client.manager import KernelManager

from kernel_bench import machine

ROOT = pathlib.Path(__file__).resolve().parents[1]
CELLS = {
    "constant": "for (int i = 0; i < {jobs}; i++) {{ data.map(x -> x + 1).count(); }}",
    "variable": "for (int i = 0; i < {jobs}; i++) {{ data.map(x -> x + offset).count(); }}",
}
SETUP = ("var data = sc.parallelize(List.of(1, 2, 3, 4), 2);\nint offset = 1;\n"
         "long deadline = System.currentTimeMillis() + 120_000;\n"
         "while (sc.sc().statusTracker().getExecutorInfos().length < 3) {\n"
         "    if (System.currentTimeMillis() > deadline) throw new IllegalStateException(\"executors did not register\");\n"
         "    Thread.sleep(100);\n"
         "}")


def kernel_flags():
    import json
    argv = json.load(open(ROOT / "kernelspec/src/main/kernelspec/kernel.json"))["argv"]
    return [a for a in argv if a.startswith(("--add-opens", "-D", "-XX"))]


def kernelspec_java(main_class, *args):
    """The command that runs a bench class in a plain JVM on the kernelspec's jars and JVM flags."""
    jar = next((ROOT / "bench/target").glob("jspark-bench-*.jar"))
    classpath = str(ROOT / "kernelspec/target/spark-java/jars") + "/*:" + str(jar)
    return ["java", *kernel_flags(), "-Dlog4j2.configurationFile=classpath:jspark-log4j2.properties",
            "-cp", classpath, main_class, *args]


def program_rounds(master, warmup, rounds, jobs):
    jar = next((ROOT / "bench/target").glob("jspark-bench-*.jar"))
    classpath = ":".join([str(jar), (ROOT / "bench/target/classpath.txt").read_text().strip(),
                          str(ROOT / "kernel/target/classes")])
    run = subprocess.run(["java", "-Xmx1g", *kernel_flags(), "-Dlog4j2.configurationFile=classpath:jspark-log4j2.properties",
                          "-cp", classpath, "io.jspark.bench.ClusterJobsBench", master, str(warmup), str(rounds), str(jobs)],
                         capture_output=True, text=True, timeout=1800)
    if run.returncode != 0:
        raise SystemExit("the compiled program failed:\n" + run.stderr[-4000:])
    out = run.stdout
    times = {name: [] for name in CELLS}
    for line in out.splitlines():
        if line.startswith("round "):
            _, name, ms = line.split()
            times[name].append(int(ms) / 1000)
    return times


def kernel_rounds(master, warmup, rounds, jobs):
    km = KernelManager(kernel_name="spark-java")
    km.start_kernel(env=dict(os.environ, JSPARK_SPARK_MASTER=master))
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=60)

        def run(code):
            t0 = time.perf_counter()
            reply = kc.execute_interactive(code, timeout=600, output_hook=lambda msg: None)
            assert reply["content"]["status"] == "ok", reply["content"]
            return time.perf_counter() - t0

        run(SETUP)
        for _ in range(warmup):
            for code in CELLS.values():
                run(code.format(jobs=jobs))
        times = {name: [] for name in [*CELLS, "monitor_off"]}
        for _ in range(rounds):
            for name, code in CELLS.items():
                times[name].append(run(code.format(jobs=jobs)))
            # The same jobs with the monitor's listener and display switched off, to show their share.
            times["monitor_off"].append(run("%monitor off\n" + CELLS["constant"].format(jobs=jobs)))
            run("%monitor on")
        return times
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=100)
    parser.add_argument("--alternations", type=int, default=2)
    args = parser.parse_args()
    script = ROOT / "cluster/spark-standalone.sh"
    with tempfile.TemporaryDirectory(prefix="jspark-cluster-bench-") as work:
        env = dict(os.environ, JSPARK_CLUSTER_DIR=os.path.join(work, "cluster"))
        master = subprocess.run(["bash", str(script), "start", "2"], env=env, capture_output=True, text=True,
                                check=True, timeout=300).stdout.strip().splitlines()[-1]
        try:
            program = {name: [] for name in CELLS}
            kernel = {name: [] for name in [*CELLS, "monitor_off"]}
            for _ in range(args.alternations):
                for name, times in program_rounds(master, args.warmup, args.rounds, args.jobs).items():
                    program[name] += times
                for name, times in kernel_rounds(master, args.warmup, args.rounds, args.jobs).items():
                    kernel[name] += times
        finally:
            subprocess.run(["bash", str(script), "stop"], env=env, capture_output=True, timeout=120)
    n = args.rounds * args.alternations
    print(f"Machine: {machine()}\n")
    print(f"Cluster: standalone on loopback, 2 workers of 1 core; {args.jobs} jobs of 2 tasks per round, "
          f"median of {n} rounds after {args.warmup} warm-up rounds ({args.alternations} alternations of program and kernel)\n")
    print("| jobs | compiled program | notebook cell (round trip) | ratio cell / program |")
    print("|---|---|---|---|")
    labels = {"constant": "`data.map(x -> x + 1).count()`",
              "variable": "`data.map(x -> x + offset).count()`, `offset` a top-level notebook variable"}
    for name in CELLS:
        p, k = statistics.median(program[name]), statistics.median(kernel[name])
        print(f"| {labels[name]} | {p:.2f} s | {k:.2f} s | {k / p:.2f} |")
    p, k = statistics.median(program["constant"]), statistics.median(kernel["monitor_off"])
    print(f"| the first, with `%monitor off` | {p:.2f} s | {k:.2f} s | {k / p:.2f} |")


if __name__ == "__main__":
    main()
