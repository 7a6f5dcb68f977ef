"""Output floods: a cell's stream output is bounded, sent in messages of at most about 1 MB, the
kernel's memory stays bounded meanwhile, and a client that keeps reading gets every message of
thousands of queued requests.
"""
import re
import threading
import time
import unittest

from kernel_harness import SharedKernelTestCase, TIMEOUT, wait_until

MB = 1000 * 1000
#: The default of JSPARK_OUTPUT_LIMIT: stdout and stderr of one cell together.
LIMIT = 10 * MB
#: Stream messages carry at most about 1 MiB of text; allow for a line that crosses the cut.
MESSAGE_MAX = 1024 * 1024 + 64 * 1024
#: Growth of the kernel's RSS while a cell floods. Measured from an idle 300 MB: up to 1.36 GB
#: before the bound (and kept), 60 MB with it; 300 MB leaves slack for a loaded machine and the JIT.
RSS_GROWTH_MAX = 300 * MB
FLOOD_TIMEOUT = 180
LINE = '"x".repeat(1023)'  # with its newline, 1 KB a line


def rss_bytes(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


class RssSampler:
    """Samples a process's resident memory on a thread of its own until stopped."""

    def __init__(self, pid):
        self.pid = pid
        self.before = rss_bytes(pid)
        self.peak = self.before
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            try:
                self.peak = max(self.peak, rss_bytes(self.pid))
            except OSError:
                return
            self._stop.wait(0.02)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def streams(messages):
    return [m for m in messages if m["msg_type"] == "stream"]


class OutputFloodTest(SharedKernelTestCase):

    def assert_bounded(self, messages, describe):
        sent = streams(messages)
        total = sum(len(m["content"]["text"].encode("utf-8")) for m in sent)
        largest = max((len(m["content"]["text"].encode("utf-8")) for m in sent), default=0)
        self.assertLessEqual(total, LIMIT + 64 * 1024, "stream text of %s: %d bytes" % (describe, total))
        self.assertGreaterEqual(total, LIMIT - MESSAGE_MAX, "the output up to the bound is shown")
        self.assertLessEqual(largest, MESSAGE_MAX, "largest stream message of %s" % describe)
        notes = [m["content"]["text"] for m in sent if "JSPARK_OUTPUT_LIMIT" in m["content"]["text"]]
        self.assertEqual(1, len(notes), "one note on the left-out output: %r" % notes)
        return notes[0]

    def test_a_cell_printing_100_mb_shows_the_bound_in_small_messages_and_says_what_it_left_out(self):
        code = "String line = %s;\nfor (int i = 0; i < 100_000; i++) System.out.println(line);" % LINE
        with RssSampler(self.kernel.pid) as rss:
            result = self.kernel.execute(code, timeout=FLOOD_TIMEOUT)
        self.assertEqual("ok", result.status, result.content)
        note = self.assert_bounded(result.iopub, "a 100 MB cell")
        left_out = re.search(r"([\d.]+) MB of output left out", note)
        self.assertIsNotNone(left_out, note)
        self.assertAlmostEqual(102.4 - LIMIT / MB, float(left_out.group(1)), delta=1.1, msg=note)
        self.assertLessEqual(rss.peak - rss.before, RSS_GROWTH_MAX,
                             "kernel RSS while flooding: %d MB, from %d MB" % (rss.peak // MB, rss.before // MB))

    def test_a_thread_that_outlives_its_cell_is_bounded_too(self):
        code = ("String line = %s;\n"
                "Thread flooder = new Thread(() -> {\n"
                "    try { Thread.sleep(300); } catch (InterruptedException e) { return; }\n"
                "    for (int i = 0; i < 50_000; i++) System.out.println(line);\n"
                "});\n"
                "flooder.start();" % LINE)
        with RssSampler(self.kernel.pid) as rss:
            started = self.kernel.execute(code)
            self.assertEqual("ok", started.status, started.content)
            self.kernel.execute_ok(self, "flooder.join();", timeout=FLOOD_TIMEOUT)
            after = wait_until(lambda: [m for m in self.kernel.iopub_aside_for(started.msg_id)
                                        if "JSPARK_OUTPUT_LIMIT" in m["content"].get("text", "")], TIMEOUT)
        self.assertTrue(after, "no note on the left-out output of the thread")
        self.assert_bounded(started.iopub + self.kernel.iopub_aside_for(started.msg_id), "a leftover thread")
        self.assertLessEqual(rss.peak - rss.before, RSS_GROWTH_MAX,
                             "kernel RSS while flooding: %d MB, from %d MB" % (rss.peak // MB, rss.before // MB))

    def test_a_client_that_keeps_reading_gets_every_message_of_queued_requests_that_flood_iopub(self):
        # The issue queued 3,000 one-line cells. Here a cell takes 50 to 100 ms to compile on a loaded
        # 2-core machine, too slow to outrun a reading client (measured: nothing lost before the fix
        # with 100 cells of 100 displays each), so 30 queued cells of 300 displays each make the flood
        # instead: 9,000 messages, 9 MB, while the client pauses for 5 s as a busy frontend may; far
        # beyond ZeroMQ's queues (1,000 messages a side) and loopback's socket buffers. Before the
        # fix, 3,995 of 9,120 messages arrived.
        count, displays = 30, 300
        code = ('System.out.println(%d);\n'
                'for (int j = 0; j < {0}; j++) display("x".repeat(1000) + j);\n'
                '%d').replace("{0}", str(displays))
        ids = [self.kernel.kc.execute(code % (i, i)) for i in range(count)]
        time.sleep(5)
        seen = {msg_id: [] for msg_id in ids}
        idle = quiet = 0
        deadline = time.monotonic() + 180
        # Lost idle statuses never come: stop once nothing came for 15 s.
        while idle < count and quiet < 15 and time.monotonic() < deadline:
            msg = self.kernel._next("iopub", 1)
            quiet = quiet + 1 if msg is None else 0
            if msg is None:
                continue
            parent = msg["parent_header"].get("msg_id")
            if parent in seen:
                seen[parent].append(msg)
                if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                    idle += 1
        for msg_id in ids:
            self.assertEqual("ok", self.kernel.reply(msg_id)["content"]["status"])
        expected = ["status", "execute_input", "stream"] + ["display_data"] * displays + ["execute_result", "status"]
        lost = []
        for i, msg_id in enumerate(ids):
            messages = seen[msg_id]
            got = [m["msg_type"] for m in messages]
            stdout = "".join(m["content"]["text"] for m in streams(messages))
            results = [m["content"]["data"]["text/plain"] for m in messages if m["msg_type"] == "execute_result"]
            if got != expected or stdout != "%d\n" % i or results != [str(i)]:
                lost.append((i, len(got)))
        self.assertEqual([], lost[:20], "%d of %d requests lost iopub messages" % (len(lost), count))

if __name__ == "__main__":
    unittest.main()
