#!/usr/bin/env python3
"""Kernel start and cell round-trip latency through jupyter_client, spark-java beside IPython.

Usage: /usr/bin/python3 bench/kernel_bench.py [--starts N] [--cells N] [--kernels spark-java,python3]
Needs the spark-java kernelspec installed (or on JUPYTER_PATH) and Debian's python3-ipykernel. Kernel
names that start with spark-java run the Java cell, so another build installed as, say,
spark-java-before can be measured beside this one.
Prints a Markdown table of medians; the README keeps the latest one.
"""
import argparse
import platform
import statistics
import subprocess
import time

from jupyter_client.manager import KernelManager

TRIVIAL = {"spark-java": "int x = 1 + 1;", "spark-scala": "val x = 1 + 1", "python3": "x = 1 + 1"}


def start_to_kernel_info(name, first_cell=None, env=None):
    """Seconds from asking jupyter_client to start the kernel to the kernel_info_reply; with
    first_cell, also to that cell's reply (a pair). env replaces the kernel's environment."""
    km = KernelManager(kernel_name=name)
    t0 = time.perf_counter()
    km.start_kernel(**({} if env is None else {"env": env}))
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=60)
        ready = time.perf_counter() - t0
        if first_cell is None:
            return ready
        reply = kc.execute_interactive(first_cell, timeout=120, output_hook=lambda msg: None)
        assert reply["content"]["status"] == "ok", reply["content"]
        return ready, time.perf_counter() - t0
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def round_trips(name, cells, warmup):
    km = KernelManager(kernel_name=name)
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=60)
        code = TRIVIAL["spark-java" if name.startswith("spark-java") else name]
        times = []
        for i in range(warmup + cells):
            t0 = time.perf_counter()
            reply = kc.execute_interactive(code, timeout=60, output_hook=lambda msg: None)
            elapsed = time.perf_counter() - t0
            assert reply["content"]["status"] == "ok", reply["content"]
            if i >= warmup:
                times.append(elapsed)
        return times
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def pct(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def machine():
    cpu = "unknown CPU"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    import os
    return f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, {java}, Python {platform.python_version()}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--starts", type=int, default=10)
    parser.add_argument("--cells", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument("--kernels", default="spark-java,python3")
    args = parser.parse_args()
    kernels = args.kernels.split(",")
    results = {}
    for name in kernels:
        # Alternate nothing between kernels: each kernel's runs are back to back, on an otherwise idle machine.
        starts = [start_to_kernel_info(name) for _ in range(args.starts)]
        trips = round_trips(name, args.cells, args.warmup)
        results[name] = (starts, trips)
    print(f"Machine: {machine()}\n")
    print(f"| kernel | start to kernel_info_reply, median of {args.starts} | trivial cell round trip p50 ({args.cells} after {args.warmup} warm-up) | p90 |")
    print("|---|---|---|---|")
    for name in kernels:
        starts, trips = results[name]
        print(f"| {name} | {statistics.median(starts) * 1000:.0f} ms | {pct(trips, 50) * 1000:.1f} ms | {pct(trips, 90) * 1000:.1f} ms |")
    if "spark-java" in results and "python3" in results:
        js, jt = results["spark-java"]
        ps, pt = results["python3"]
        print(f"\nRatios spark-java / IPython: start {statistics.median(js) / statistics.median(ps):.2f}, "
              f"round trip p50 {pct(jt, 50) / pct(pt, 50):.2f}")


if __name__ == "__main__":
    main()
