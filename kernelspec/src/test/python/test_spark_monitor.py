"""The Spark job monitor seen through real Jupyter clients.

Cells that start known Spark work run through nbclient (as a frontend saving the notebook would)
and jupyter_client; the assertions read the monitor's application/vnd.sparkmonitor+json snapshot.
"""
import json
import time
import unittest

import nbformat
from nbclient import NotebookClient
from jupyter_client.manager import start_new_kernel

MIME = "application/vnd.sparkmonitor+json"
KERNEL = "spark-java"
MAX_UPDATE_BYTES = 64 * 1024


def run_cell(kc, code, timeout=120, on_message=None, on_sent=None):
    """Runs a cell; returns its reply and every iopub message (of any parent) up to its idle, each
    stamped with when it came and passed to on_message as it comes. on_sent gets the request's msg_id."""
    msg_id = kc.execute(code)
    if on_sent:
        on_sent(msg_id)
    messages = []
    deadline = time.time() + timeout
    while True:
        msg = kc.get_iopub_msg(timeout=max(1, deadline - time.time()))
        msg["received"] = time.time()
        messages.append(msg)
        if on_message:
            on_message(msg)
        if (msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "status"
                and msg["content"]["execution_state"] == "idle"):
            break
    while True:
        reply = kc.get_shell_msg(timeout=timeout)
        if reply["parent_header"].get("msg_id") == msg_id:
            return reply, messages


def monitor_outputs(cell):
    """The monitor display of an executed notebook cell (nbclient applies update_display_data to it)."""
    return [o for o in cell.outputs if o.output_type == "display_data" and MIME in o.get("data", {})]


def snapshot(cell):
    found = monitor_outputs(cell)
    assert len(found) == 1, f"expected one monitor display, got {len(found)}: {cell.source!r}"
    return found[0]["data"][MIME]


def stages_of(snap, job):
    return [s for s in snap["stages"] if job["id"] in s["job_ids"]]


class NotebookMonitorTest(unittest.TestCase):
    """One notebook, executed once by nbclient; each test reads the saved outputs of its cell."""

    CELLS = {
        "config": "%%spark\nspark.master local[2]\nspark.sql.shuffle.partitions 3",
        "count8": "sc.parallelize(java.util.Arrays.asList(1, 2, 3, 4, 5, 6, 7, 8), 8).count()",
        "shuffle": (
            "import scala.Tuple2;\n"
            "sc.parallelize(java.util.Arrays.asList(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 4)\n"
            "  .mapToPair(x -> new Tuple2<>(x % 3, 1))\n"
            "  .reduceByKey(Integer::sum, 2)\n"
            "  .collectAsMap()"
        ),
        "failing": (
            "sc.parallelize(java.util.Arrays.asList(1, 2, 3, 4), 2)\n"
            "  .map(x -> { if (x == 3) throw new IllegalStateException(\"boom at \" + x); return x; })\n"
            "  .collect()"
        ),
        "threads": (
            "Thread a = new Thread(() -> sc.parallelize(java.util.Arrays.asList(1, 2, 3), 3).count());\n"
            "Thread b = new Thread(() -> sc.parallelize(java.util.Arrays.asList(4, 5), 2).count());\n"
            "a.start(); b.start(); a.join(); b.join();"
        ),
        "sql": "%%sql\nSELECT id % 5 AS k, count(*) AS n FROM range(0, 100, 1, 4) GROUP BY id % 5 ORDER BY k",
        "dataset": "spark.range(0, 30).toDF(\"n\")",
        "no_spark": "int plain = 1 + 1;",
        "late_config": "%%spark\nspark.master local[3]",
        "monitor_off": "%monitor off\nsc.parallelize(java.util.Arrays.asList(1, 2), 2).count()",
        "monitor_on": "%monitor on\nsc.parallelize(java.util.Arrays.asList(1, 2), 2).count()",
    }

    KERNEL = KERNEL
    LANGUAGE = "java"

    @classmethod
    def setUpClass(cls):
        nb = nbformat.v4.new_notebook()
        nb.metadata["kernelspec"] = {"name": cls.KERNEL, "display_name": cls.KERNEL, "language": cls.LANGUAGE}
        cls.index = {}
        for name, source in cls.CELLS.items():
            cell = nbformat.v4.new_code_cell(source)
            if name in ("failing", "late_config"):
                cell.metadata["tags"] = ["raises-exception"]
            cls.index[name] = len(nb.cells)
            nb.cells.append(cell)
        client = NotebookClient(nb, kernel_name=cls.KERNEL, timeout=300, allow_errors=False)
        client.execute()
        cls.nb = nb

    def cell(self, name):
        return self.nb.cells[self.index[name]]

    def test_count_over_8_partitions_is_one_job_one_stage_8_tasks(self):
        snap = snapshot(self.cell("count8"))
        self.assertEqual(1, len(snap["jobs"]))
        job = snap["jobs"][0]
        self.assertEqual("SUCCEEDED", job["status"])
        self.assertEqual((8, 8, 0, 0), (job["num_tasks"], job["completed_tasks"], job["failed_tasks"], job["active_tasks"]))
        self.assertEqual((1, 1), (job["num_stages"], job["completed_stages"]))
        self.assertTrue(snap["summary"]["all_done"])
        self.assertEqual(2, snap["summary"]["cores"], "local[2] from the %%spark cell")
        self.assertGreaterEqual(job["completion_time"], job["submission_time"])
        self.assertIn("count", job["description"])

    def test_a_shuffle_has_two_stages(self):
        snap = snapshot(self.cell("shuffle"))
        self.assertEqual(1, len(snap["jobs"]))
        job = snap["jobs"][0]
        self.assertEqual("SUCCEEDED", job["status"])
        self.assertEqual(2, job["num_stages"])
        self.assertEqual(6, job["num_tasks"], "4 map tasks and 2 reduce tasks")
        stages = stages_of(snap, job)
        self.assertEqual([4, 2], [s["num_tasks"] for s in sorted(stages, key=lambda s: s["id"])])
        self.assertTrue(all(s["status"] == "COMPLETE" for s in stages))
        self.assertGreater(sum(s["shuffle_write_bytes"] for s in stages), 0)
        self.assertGreater(sum(s["shuffle_read_bytes"] for s in stages), 0)

    def test_a_failing_job_shows_failed_and_the_cell_names_the_root_cause(self):
        cell = self.cell("failing")
        snap = snapshot(cell)
        job = snap["jobs"][0]
        self.assertEqual("FAILED", job["status"])
        self.assertIn("boom at 3", job["failure_reason"])
        self.assertGreaterEqual(job["failed_tasks"], 1)
        errors = [o for o in cell.outputs if o.output_type == "error"]
        self.assertEqual(1, len(errors))
        traceback = "\n".join(errors[0]["traceback"])
        self.assertIn("Caused by:", traceback)
        self.assertIn("IllegalStateException", traceback)
        self.assertIn("boom at 3", traceback)
        self.assertLess(len(errors[0]["traceback"]), 25, "a few lines, not Spark's whole stack")
        self.assertIn("%trace", traceback)

    def test_jobs_from_two_threads_of_a_cell_sit_under_that_cell(self):
        snap = snapshot(self.cell("threads"))
        self.assertEqual(2, len(snap["jobs"]))
        self.assertEqual([2, 3], sorted(j["num_tasks"] for j in snap["jobs"]))
        self.assertTrue(all(j["status"] == "SUCCEEDED" for j in snap["jobs"]))

    def test_each_job_sits_under_the_cell_that_started_it(self):
        seen = {}
        for name in ("count8", "shuffle", "failing", "threads", "sql", "dataset"):
            snap = snapshot(self.cell(name))
            for job in snap["jobs"]:
                self.assertNotIn(job["id"], seen, f"job {job['id']} shown under {seen.get(job['id'])} and {name}")
                seen[job["id"]] = name
            self.assertEqual(snap["cell"]["execution_count"], self.cell(name).execution_count)
        self.assertEqual(sorted(seen), list(range(min(seen), min(seen) + len(seen))), "no job missing between cells")

    def test_sql_jobs_carry_the_query_description(self):
        cell = self.cell("sql")
        snap = snapshot(cell)
        self.assertGreaterEqual(len(snap["jobs"]), 1)
        self.assertTrue(any(j["sql_execution_id"] >= 0 and j["sql_description"] for j in snap["jobs"]))
        results = [o for o in cell.outputs if o.output_type == "execute_result"]
        self.assertIn("<table", results[0]["data"]["text/html"])
        self.assertIn("bigint", results[0]["data"]["text/html"])

    def test_a_dataset_result_is_a_table_of_its_first_20_rows_with_its_schema(self):
        result = [o for o in self.cell("dataset").outputs if o.output_type == "execute_result"][0]
        html = result["data"]["text/html"]
        self.assertIn(">n<", html)
        self.assertIn("bigint", html)
        self.assertIn(">19<", html)
        self.assertNotIn(">20<", html)
        self.assertIn("first 20 rows", html)
        self.assertIn("only showing the first 20 rows", result["data"]["text/plain"])

    def test_cells_without_spark_jobs_get_no_monitor(self):
        self.assertEqual([], monitor_outputs(self.cell("no_spark")))
        self.assertEqual([], monitor_outputs(self.cell("config")))

    def test_configuration_after_start_asks_for_a_restart(self):
        errors = [o for o in self.cell("late_config").outputs if o.output_type == "error"]
        self.assertEqual(1, len(errors))
        self.assertIn("restart", errors[0]["evalue"])

    def test_the_monitor_can_be_switched_off_and_on(self):
        self.assertEqual([], monitor_outputs(self.cell("monitor_off")))
        snap = snapshot(self.cell("monitor_on"))
        self.assertEqual("SUCCEEDED", snap["jobs"][0]["status"])

    def test_the_saved_notebook_holds_the_final_state_of_every_display(self):
        for cell in self.nb.cells:
            for output in monitor_outputs(cell):
                snap = output["data"][MIME]
                self.assertTrue(snap["summary"]["all_done"], cell.source)
                self.assertEqual(0, snap["summary"]["running"])
                self.assertEqual(1, snap["schema_version"])
                for mime in ("text/html", "text/plain"):
                    self.assertIn(mime, output["data"])
                self.assertNotIn("<script", output["data"]["text/html"])
                self.assertLess(len(json.dumps(output["data"])), MAX_UPDATE_BYTES)


class ScalaNotebookMonitorTest(NotebookMonitorTest):
    """The same notebook in Scala on the spark-scala kernel: the same monitor, the same snapshots."""

    KERNEL = "spark-scala"
    LANGUAGE = "scala"
    CELLS = {
        "config": "%%spark\nspark.master local[2]\nspark.sql.shuffle.partitions 3",
        "count8": "sc.parallelize(1 to 8, 8).count()",
        "shuffle": "sc.parallelize(1 to 10, 4).map(x => (x % 3, 1)).reduceByKey(_ + _, 2).collectAsMap()",
        "failing": (
            "sc.parallelize(1 to 4, 2)\n"
            '  .map(x => if (x == 3) throw new IllegalStateException("boom at " + x) else x)\n'
            "  .collect()"
        ),
        "threads": (
            "val a = new Thread(() => { sc.parallelize(1 to 3, 3).count(); () })\n"
            "val b = new Thread(() => { sc.parallelize(4 to 5, 2).count(); () })\n"
            "a.start(); b.start(); a.join(); b.join()"
        ),
        "sql": NotebookMonitorTest.CELLS["sql"],
        "dataset": 'spark.range(0, 30).toDF("n")',
        "no_spark": "val plain = 1 + 1",
        "late_config": "%%spark\nspark.master local[3]",
        "monitor_off": "%monitor off\nsc.parallelize(1 to 2, 2).count()",
        "monitor_on": "%monitor on\nsc.parallelize(1 to 2, 2).count()",
    }


class LiveMonitorTest(unittest.TestCase):
    """Live updates and interrupts, through jupyter_client, as a frontend sees them while cells run."""

    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = start_new_kernel(kernel_name=KERNEL, startup_timeout=120)
        cls.run_cell(cls, "%%spark\nspark.master local[2]")
        reply, _ = cls.run_cell(cls, "sc.parallelize(java.util.Arrays.asList(1, 2), 2).count()")
        assert reply["content"]["status"] == "ok", reply["content"]

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=True)

    def run_cell(self, code, timeout=120, on_message=None):
        return run_cell(self.kc, code, timeout, on_message)

    def displays(self, messages, parent_id):
        return [m for m in messages if m["msg_type"] in ("display_data", "update_display_data")
                and m["parent_header"].get("msg_id") == parent_id and MIME in m["content"]["data"]]

    def test_updates_are_live_throttled_and_end_with_the_final_state(self):
        code = ("sc.parallelize(java.util.stream.IntStream.range(0, 40).boxed().collect(Collectors.toList()), 40)"
                ".map(x -> { Thread.sleep(50); return x; }).count()")
        reply, messages = self.run_cell(code)
        self.assertEqual("ok", reply["content"]["status"], reply["content"].get("evalue"))
        parent = reply["parent_header"]["msg_id"]
        shown = self.displays(messages, parent)
        self.assertEqual("display_data", shown[0]["msg_type"])
        self.assertTrue(all(m["msg_type"] == "update_display_data" for m in shown[1:]))
        ids = {m["content"]["transient"]["display_id"] for m in shown}
        self.assertEqual(1, len(ids), "one display per cell, updated in place")
        self.assertGreaterEqual(len(shown), 3, "progress was shown while the job ran")
        running = [m for m in shown if m["content"]["data"][MIME]["summary"]["running"] > 0]
        self.assertTrue(running, "at least one update while the job was running")
        final = shown[-1]["content"]["data"][MIME]
        self.assertTrue(final["summary"]["all_done"], [m["content"]["data"][MIME]["summary"] for m in shown])
        self.assertEqual(40, final["jobs"][0]["completed_tasks"])
        idle_at = [m for m in messages if m["msg_type"] == "status" and m["parent_header"].get("msg_id") == parent][-1]["received"]
        self.assertLessEqual(shown[-1]["received"], idle_at, "the final state arrives before the cell ends")
        times = [m["received"] for m in shown[:-1]]
        for i, t in enumerate(times):
            self.assertLessEqual(sum(1 for u in times[i:] if u < t + 1.0), 5, "at most 4 updates a second (+ jitter)")
        for m in shown:
            self.assertLess(len(json.dumps(m["content"])), MAX_UPDATE_BYTES)

    def test_interrupt_cancels_exactly_the_cells_jobs_and_the_kernel_stays_usable(self):
        started = []

        def watch(msg):
            if msg["msg_type"] in ("display_data", "update_display_data") and MIME in msg["content"]["data"]:
                snap = msg["content"]["data"][MIME]
                if snap["summary"]["running"] and not started:
                    started.append(time.time())
                    self.km.interrupt_kernel()

        code = ("sc.parallelize(java.util.stream.IntStream.range(0, 8).boxed().collect(Collectors.toList()), 8)"
                ".map(x -> { Thread.sleep(20_000); return x; }).count()")
        t0 = time.time()
        reply, messages = self.run_cell(code, on_message=watch)
        self.assertTrue(started, "the job was seen running before the interrupt")
        self.assertLess(time.time() - t0, 15, "the cell ended long before its tasks would have")
        self.assertEqual("error", reply["content"]["status"])
        self.assertEqual("Interrupted", reply["content"]["ename"])
        parent = reply["parent_header"]["msg_id"]
        final = self.displays(messages, parent)[-1]["content"]["data"][MIME]
        self.assertEqual("CANCELLED", final["jobs"][0]["status"])
        self.assertEqual(1, final["summary"]["cancelled"])
        reply, _ = self.run_cell("sc.parallelize(java.util.Arrays.asList(1, 2, 3), 3).count()")
        self.assertEqual("ok", reply["content"]["status"])

    def test_a_job_from_a_thread_whose_cell_ended_shows_under_that_cell(self):
        reply, first = self.run_cell(
            "new Thread(() -> { try { Thread.sleep(1500); } catch (InterruptedException e) { }\n"
            "  sc.parallelize(java.util.Arrays.asList(1, 2, 3, 4), 4).count(); }).start();")
        owner = reply["parent_header"]["msg_id"]
        self.assertEqual([], self.displays(first, owner))
        reply, later = self.run_cell("Thread.sleep(4000);")
        shown = self.displays(later, owner)
        self.assertTrue(shown, "the background job's display went to the cell that started the thread")
        self.assertEqual([], self.displays(later, reply["parent_header"]["msg_id"]))
        self.assertEqual(4, shown[-1]["content"]["data"][MIME]["jobs"][0]["num_tasks"])


if __name__ == "__main__":
    unittest.main()
