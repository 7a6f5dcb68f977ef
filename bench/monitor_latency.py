#!/usr/bin/env python3
"""Monitor display latency and update rate, measured on iopub through jupyter_client.

For each of N cells that run a Spark job of many short tasks, it takes the job's submission time
from the monitor's JSON snapshot and the arrival time of the first display_data on the client
(both clocks are this machine's), and counts the display updates over the cell's run.

Usage: /usr/bin/python3 bench/monitor_latency.py [--cells N]   (spark-java kernelspec installed or on JUPYTER_PATH)
"""
import argparse
import statistics
import time

from jupyter_client.manager import start_new_kernel

MIME = "application/vnd.sparkmonitor+json"
JOB = ("sc.parallelize(java.util.stream.IntStream.range(0, 64).boxed().collect(Collectors.toList()), 64)"
       ".map(x -> { Thread.sleep(60); return x; }).count()")


def run_cell(kc, code, timeout=300):
    msg_id = kc.execute(code)
    first_display_at = None
    first_snapshot = None
    arrivals = []
    started = time.time()
    while True:
        msg = kc.get_iopub_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind = msg["msg_type"]
        if kind in ("display_data", "update_display_data") and MIME in msg["content"]["data"]:
            if first_display_at is None:
                first_display_at = time.time()
                first_snapshot = msg["content"]["data"][MIME]
            arrivals.append(time.time())
        if kind == "error":
            raise RuntimeError(msg["content"]["evalue"])
        if kind == "status" and msg["content"]["execution_state"] == "idle":
            return first_display_at, first_snapshot, arrivals, time.time() - started


def busiest_second(arrivals):
    """The most messages in any one-second window, leaving out the last (the final state, sent once more by design)."""
    live = arrivals[:-1]
    return max((sum(1 for t in live if s <= t < s + 1.0) for s in live), default=0)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cells", type=int, default=10)
    args = parser.parse_args()
    km, kc = start_new_kernel(kernel_name="spark-java", startup_timeout=120)
    try:
        run_cell(kc, JOB)  # starts Spark and warms it up
        latencies, busiest = [], []
        for _ in range(args.cells):
            shown_at, snapshot, arrivals, seconds = run_cell(kc, JOB)
            submitted = min(job["submission_time"] for job in snapshot["jobs"]) / 1000.0
            latencies.append((shown_at - submitted) * 1000)
            busiest.append(busiest_second(arrivals))
        print(f"job start to first display on iopub: median {statistics.median(latencies):.0f} ms, "
              f"max {max(latencies):.0f} ms over {args.cells} cells")
        print(f"display messages in the busiest second of a cell (final state aside): max {max(busiest)}, "
              f"median {statistics.median(busiest):.0f}")
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


if __name__ == "__main__":
    main()
