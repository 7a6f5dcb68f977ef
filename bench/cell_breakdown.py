#!/usr/bin/env python3
"""Where a warm trivial cell's time goes in the kernel: CPU samples of Java Flight Recorder, taken
while a client runs trivial cells back to back, sorted into the steps of a cell.

Usage: /usr/bin/python3 bench/cell_breakdown.py [--kernel spark-java] [--cells N (1000)] [--warmup N (100)]
with the kernelspec installed (or on JUPYTER_PATH). After the warm-up it starts a recording in the
kernel's JVM (jcmd JFR.start, Java samples every 10 ms), runs the cells, dumps the recording and
sorts every sample by the innermost step its stack is in (JShell's parse, analysis and compile tasks,
class definition, the run of the snippet, the kernel's own work on the cell thread, messaging and
JSON on the socket threads, the rest). Prints a Markdown table of milliseconds of CPU per cell and
the round trip's p50; the README keeps the latest one.
"""
import argparse
import collections
import json
import os
import statistics
import subprocess
import tempfile
import time

from jupyter_client.manager import KernelManager

from kernel_bench import TRIVIAL

# Checked from the innermost frame outwards: the first step a frame belongs to names the sample.
STEPS = [
    ("class definition and loading", ("java.lang.ClassLoader.defineClass", "java.lang.ClassLoader.loadClass")),
    ("the snippet's run", ("jdk.jshell.execution.DirectExecutionControl.invoke",)),
    ("javac listing the class path's packages (JShell's file manager)", ("jdk.jshell.MemoryFileManager.list",)),
    ("JShell: parse", ("jdk.jshell.TaskFactory$ParseTask",)),
    ("JShell: analysis (javac attribution)", ("jdk.jshell.TaskFactory$AnalyzeTask",)),
    ("JShell: compile (javac code generation)", ("jdk.jshell.TaskFactory$CompileTask",)),
    ("JShell: task set-up and its own bookkeeping", ("jdk.jshell.",)),
    ("Scala compiler", ("scala.tools.nsc.",)),
    ("JSON (Jackson)", ("com.fasterxml.jackson.",)),
    ("messaging (jeromq, signing)", ("zmq.", "org.zeromq.", "io.jspark.kernel.protocol.HmacSigner", "javax.crypto.")),
    ("the kernel's cell handling", ("io.jspark.kernel.",)),
    ("the monitor", ("io.jspark.monitor.", "io.jspark.display.")),
]
OTHER = "other (JIT-compiled JDK code, GC helpers, Spark's threads)"


def classify(frames):
    names = [f["method"]["type"]["name"].replace("/", ".") + "." + f["method"]["name"] for f in frames]
    for name in names:
        for step, prefixes in STEPS:
            if name.startswith(prefixes):
                return step
    return OTHER


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--kernel", default="spark-java")
    parser.add_argument("--cells", type=int, default=1000)
    parser.add_argument("--warmup", type=int, default=100)
    args = parser.parse_args()
    code = TRIVIAL["spark-java" if args.kernel.startswith("spark-java") else args.kernel]
    km = KernelManager(kernel_name=args.kernel)
    # javac's stacks are deep: the step a sample is in lies far below JFR's default 64 frames.
    opts = (os.environ.get("JSPARK_JVM_OPTS", "") + " -XX:FlightRecorderOptions:stackdepth=2048").strip()
    km.start_kernel(env={**os.environ, "JSPARK_JVM_OPTS": opts, "JSPARK_CDS": "off"})
    kc = km.client()
    kc.start_channels()
    recording = os.path.join(tempfile.mkdtemp(prefix="cell-breakdown-"), "cells.jfr")
    try:
        kc.wait_for_ready(timeout=60)
        pid = str(km.provisioner.process.pid)
        for _ in range(args.warmup):
            kc.execute_interactive(code, timeout=60, output_hook=lambda msg: None)
        subprocess.run(["jcmd", pid, "JFR.start", "name=cells", "settings=profile"], check=True, capture_output=True)
        times = []
        for _ in range(args.cells):
            t0 = time.perf_counter()
            reply = kc.execute_interactive(code, timeout=60, output_hook=lambda msg: None)
            times.append(time.perf_counter() - t0)
            assert reply["content"]["status"] == "ok", reply["content"]
        subprocess.run(["jcmd", pid, "JFR.stop", "name=cells", "filename=" + recording], check=True, capture_output=True)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    printed = subprocess.run(["jfr", "print", "--json", "--stack-depth", "2048", "--events", "jdk.ExecutionSample", recording],
                             check=True, capture_output=True, text=True).stdout
    events = json.loads(printed)["recording"]["events"]
    by_step = collections.Counter()
    by_thread = collections.Counter()
    for event in events:
        by_step[classify(event["values"]["stackTrace"]["frames"])] += 1
        by_thread[event["values"]["sampledThread"]["javaName"]] += 1
    interval_ms = 10  # the profile settings sample Java code every 10 ms (jdk.ExecutionSample#period)
    total = sum(by_step.values())
    print(f"Kernel {args.kernel}, `{code}`, {args.cells} cells after {args.warmup} warm-up: round trip p50 "
          f"{statistics.median(times) * 1000:.1f} ms; {total} CPU samples, "
          f"{total * interval_ms / args.cells:.1f} ms of CPU per cell in the kernel's JVM\n")
    print("| step | CPU per cell | share |")
    print("|---|---|---|")
    for step, count in by_step.most_common():
        print(f"| {step} | {count * interval_ms / args.cells:.2f} ms | {100 * count / total:.0f}% |")
    print("\nSamples by thread: " + ", ".join(f"{name} {count}" for name, count in by_thread.most_common(6)))


if __name__ == "__main__":
    main()
