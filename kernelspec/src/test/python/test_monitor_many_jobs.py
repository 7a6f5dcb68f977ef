"""The monitor on cells that run many jobs, as ML fits and iterative algorithms do, through jupyter_client.

Every job of a cell must be in its JSON snapshot, every update's HTML within 64 KB and within the rate
limit, and nothing the user reads may name JShell's generated classes instead of the cell and line.
"""
import json
import time
import unittest
from datetime import datetime

from kernel_harness import SharedKernelTestCase

MIME = "application/vnd.sparkmonitor+json"
MAX_HTML_BYTES = 64 * 1024
SPARK_TIMEOUT = 600

DEFINE = (
    "// a notebook method: its jobs must name this cell and line, not JShell's wrapper\n"
    "long countEach(int jobs) {\n"
    "    long total = 0;\n"
    "    for (int i = 0; i < jobs; i++) {\n"
    "        total += sc.parallelize(java.util.Arrays.asList(1, 2), 1).count();\n"
    "    }\n"
    "    return total;\n"
    "}"
)


def sent_at(msg):
    date = msg["header"]["date"]
    return (date if isinstance(date, datetime) else datetime.fromisoformat(date)).timestamp()


class ManyJobsTest(SharedKernelTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for code in ("%%spark\nspark.master local[2]", DEFINE):
            result = cls.kernel.execute(code, timeout=SPARK_TIMEOUT)
            if result.status != "ok":
                raise AssertionError("set-up cell failed:\n" + result.describe())
        cls.define_count = result.content["execution_count"]

    def monitor(self, code):
        result = self.kernel.execute(code, timeout=SPARK_TIMEOUT)
        shown = [m for m in result.iopub if m["msg_type"] in ("display_data", "update_display_data")
                 and MIME in m["content"]["data"]]
        self.assertTrue(shown, "the cell shows a monitor:\n" + result.describe())
        return result, shown

    def check_cell_of(self, jobs):
        t0 = time.time()
        result, shown = self.monitor(f"countEach({jobs})")
        elapsed = time.time() - t0
        self.assertEqual("ok", result.status, result.describe())
        final = shown[-1]["content"]["data"]
        snap = final[MIME]
        self.assertTrue(snap["summary"]["all_done"])
        self.assertEqual(jobs, len(snap["jobs"]), "every job is in the saved JSON snapshot")
        self.assertEqual(jobs, snap["summary"]["jobs"])
        self.assertEqual(jobs, snap["summary"]["succeeded"])
        self.assertEqual(0, snap["omitted"]["jobs"])
        self.assertEqual(sorted(j["id"] for j in snap["jobs"]), [j["id"] for j in snap["jobs"]])
        site = f"count at cell [{self.define_count}], line 5"
        self.assertTrue(all(j["call_site"] == site for j in snap["jobs"]), {j["call_site"] for j in snap["jobs"]})
        self.assertTrue(all(s["name"] == site for s in snap["stages"]), {s["name"] for s in snap["stages"]})
        self.assertIn(f"{jobs} succeeded", final["text/html"])
        sizes = []
        for m in shown:
            data = m["content"]["data"]
            html_bytes = len(json.dumps(data["text/html"]))
            sizes.append(html_bytes)
            self.assertLessEqual(html_bytes + len(json.dumps(data["text/plain"])), MAX_HTML_BYTES)
            for form in (data["text/html"], data["text/plain"], json.dumps(data[MIME])):
                self.assertNotIn("$JShell$", form)
        for m in shown[:-1]:
            live = m["content"]["data"][MIME]
            self.assertEqual(live["summary"]["jobs"], len(live["jobs"]) + live["omitted"]["jobs"], "live JSON counts what it leaves out")
            self.assertLess(len(json.dumps(m["content"]["data"])), 3 * MAX_HTML_BYTES, "live updates stay small")
        # When the kernel sent them (the header's date); the final state comes once more by design.
        times = [sent_at(m) for m in shown[:-1]]
        for i, t in enumerate(times):
            self.assertLessEqual(sum(1 for u in times[i:] if u < t + 1.0), 4, "at most 4 updates a second")
        json_bytes = len(json.dumps(snap))
        live = max((len(json.dumps(m["content"]["data"])) for m in shown[:-1]), default=0)
        print(f"\n{jobs} jobs in {elapsed:.1f} s: {len(shown)} updates, largest HTML {max(sizes)} B, "
              f"largest live update {live} B, final JSON {json_bytes} B, final bundle {len(json.dumps(final))} B")
        return final

    def test_a_cell_of_13_jobs(self):
        final = self.check_cell_of(13)
        self.assertEqual(13, final["text/html"].count('<tr class="jspark-job"'), "a row per job")

    def test_a_cell_of_200_jobs(self):
        final = self.check_cell_of(200)
        self.assertIn("jspark-job-group", final["text/html"], "finished jobs drawn compactly in groups")

    def test_a_cell_of_2000_jobs(self):
        self.check_cell_of(2000)

    def test_failures_name_cells_not_wrappers(self):
        result, shown = self.monitor(
            "String label(int x) {\n"
            "    if (x == 3) throw new IllegalStateException(\"bad \" + x);\n"
            "    return \"n\" + x;\n"
            "}\n"
            "sc.parallelize(java.util.Arrays.asList(1, 2, 3, 4), 2).map(x -> label(x)).collect()")
        self.assertEqual("error", result.status)
        cell = result.content["execution_count"]
        final = shown[-1]["content"]["data"]
        snap = final[MIME]
        self.assertEqual("FAILED", snap["jobs"][0]["status"])
        self.assertEqual(f"collect at cell [{cell}], line 5", snap["jobs"][0]["call_site"])
        html = final["text/html"]
        self.assertIn(f"label (cell [{cell}], line 2)", html, "the failed task's frames name the cell and line")
        for form in (html, final["text/plain"], json.dumps(snap)):
            self.assertNotIn("$JShell$", form)
        self.assertIn('class="jspark-monitor tex2jax_ignore mathjax_ignore"', html)
        traceback = "\n".join(result.content["traceback"])
        self.assertIn(f"label (cell [{cell}], line 2)", traceback, "the error names the line the task threw at")


if __name__ == "__main__":
    unittest.main()
