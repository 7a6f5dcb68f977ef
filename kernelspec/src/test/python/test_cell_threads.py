"""%threads: the threads a cell started that outlive it are listed by cell and can be stopped, also
when they spin, swallow interrupts or belong to a pool; threads Spark starts are not the cell's."""
import re
import time
import unittest

from kernel_harness import SharedKernelTestCase

SPARK_TIMEOUT = 180


class CellThreadsTest(SharedKernelTestCase):
    kernel_env = {"JSPARK_SPARK_MASTER": "local[2]"}

    def threads_listed(self):
        return self.kernel.execute_ok(self, "%threads").stdout

    def listed_when(self, pattern, seconds=10):
        """What %threads lists once it matches ``pattern``: a thread just started may not have reached its loop."""
        deadline = time.monotonic() + seconds
        while True:
            listed = self.threads_listed()
            if re.search(pattern, listed) or time.monotonic() > deadline:
                return listed
            time.sleep(0.2)

    def alive(self, variable):
        return self.kernel.execute_ok(self, variable + ".isAlive()").text

    def test_a_spinning_thread_is_listed_under_its_cell_and_stops(self):
        k = self.kernel
        cell = k.execute_ok(self, 'Thread spinner = new Thread(() -> { long n = 0; while (true) { n++; } }, "spinner");\n'
                                  "spinner.setDaemon(true);\nspinner.start();")
        count = cell.content["execution_count"]
        listed = self.threads_listed()
        self.assertRegex(listed, r"cell \[%d\]\s+spinner\s+RUNNABLE" % count, listed)
        self.assertIn("line 1", listed, "names where in the cell it runs: " + listed)
        stopped = k.execute_ok(self, "%%threads stop %d" % count).stdout
        self.assertIn("Stopped 1 thread of cell [%d]." % count, stopped)
        self.assertEqual("false", self.alive("spinner"))
        self.assertNotIn("spinner", self.threads_listed())

    def test_a_thread_that_swallows_interrupts_stops_too(self):
        k = self.kernel
        k.execute_ok(self, 'Thread stubborn = new Thread(() -> {\n'
                           '    while (true) {\n'
                           '        try { Thread.sleep(50); } catch (InterruptedException e) { }\n'
                           '    }\n'
                           '}, "stubborn");\n'
                           "stubborn.start();")
        self.assertRegex(self.listed_when(r"stubborn\s+TIMED_WAITING"), r"stubborn\s+TIMED_WAITING")
        stopped = k.execute_ok(self, "%threads stop stubborn").stdout
        self.assertIn("Stopped 1 thread named stubborn.", stopped)
        self.assertEqual("false", self.alive("stubborn"))
        self.assertEqual("", k.execute_ok(self, "1 + 1").stderr, "a stopped thread prints no stack trace")

    def test_a_pool_and_a_method_reference_start_are_known(self):
        k = self.kernel
        cell = k.execute_ok(self, "import java.util.concurrent.*;\n"
                                  "var ticks = new java.util.concurrent.atomic.AtomicInteger();\n"
                                  "ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();\n"
                                  "ticker.scheduleAtFixedRate(() -> ticks.incrementAndGet(), 0, 10, TimeUnit.MILLISECONDS);\n"
                                  'List<Thread> workers = List.of(new Thread(() -> { while (true) { } }, "referenced"));\n'
                                  "workers.forEach(Thread::start);")
        count = cell.content["execution_count"]
        listed = self.threads_listed()
        self.assertRegex(listed, r"cell \[%d\]\s+pool-\d+-thread-1\s+.*in a pool" % count, listed)
        self.assertRegex(listed, r"cell \[%d\]\s+referenced\s+RUNNABLE" % count, listed)
        stopped = k.execute_ok(self, "%%threads stop %d" % count).stdout
        self.assertIn("Stopped 2 threads of cell [%d] and shut down 1 pool." % count, stopped)
        self.assertEqual("true", k.execute_ok(self, "ticker.isShutdown()").text)
        before = k.execute_ok(self, "ticks.get()").text
        k.execute_ok(self, "Thread.sleep(100);")
        self.assertEqual(before, k.execute_ok(self, "ticks.get()").text, "the scheduled task no longer runs")
        self.assertEqual("false", k.execute_ok(self, "workers.get(0).isAlive()").text)

    def test_threads_that_spark_starts_are_not_listed(self):
        k = self.kernel
        k.execute_ok(self, "%threads stop all")
        k.execute_ok(self, "spark.range(1000).count()", timeout=SPARK_TIMEOUT)
        self.assertIn("No thread that a cell started is running.", self.threads_listed())

    def test_a_bad_argument_says_how_to_use_it(self):
        result = self.kernel.execute("%threads kill")
        self.assertEqual("error", result.status, result.describe())
        self.assertIn("%threads [stop CELL|NAME|all]", result.describe())
        self.assertIn("No running thread of cell [9999]", self.kernel.execute_ok(self, "%threads stop 9999").stdout)


if __name__ == "__main__":
    unittest.main()
