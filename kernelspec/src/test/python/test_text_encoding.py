"""Text reaches the user as the code wrote it, and a failed Spark action keeps Spark's advice.

Non-ASCII text takes every path to the user: Spark's log lines on the cell's stderr, a task's
error thrown on an executor, a job description in the monitor, the cell's own System.out. Jupyter
may start the kernel with no locale at all (LANG unset, so the JVM's default charset would be
US-ASCII), so the same checks run under LANG=C as under a UTF-8 locale.
"""
import re
import unittest

from kernel_harness import STARTUP_TIMEOUT, SharedKernelTestCase

MIME = "application/vnd.sparkmonitor+json"
TEXT = "café 日本 —"
#: Seconds for a cell that runs Spark jobs on local[2].
SPARK_TIMEOUT = 120


def plain(traceback):
    """The traceback's lines as one text, without the ANSI styles."""
    return re.sub(r"\x1b\[[0-9;]*m", "", "\n".join(traceback))


def java_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


class TextChecks:
    """Tests shared by the locales; the classes below say which locale their kernel runs in."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for code in ("%%spark\nspark.master local[2]", "sc.version()"):
            result = cls.kernel.execute(code, timeout=STARTUP_TIMEOUT * 2)
            if result.status != "ok":
                raise AssertionError("Spark did not start:\n" + result.describe())

    def test_the_cells_own_output_is_intact(self):
        result = self.kernel.execute_ok(
            self, "System.out.println(%s); System.err.println(%s);" % (java_string(TEXT + " out"), java_string(TEXT + " err")))
        self.assertEqual(TEXT + " out\n", result.stdout)
        self.assertEqual(TEXT + " err\n", result.stderr)

    def test_a_task_error_and_sparks_warning_about_it_are_intact(self):
        result = self.kernel.execute(
            "sc.parallelize(List.of(1, 2), 2)\n"
            "  .map(x -> { if (x == 2) throw new IllegalStateException(%s); return x; })\n"
            "  .collect()" % java_string(TEXT),
            timeout=SPARK_TIMEOUT)
        self.assertEqual("error", result.status, result.describe())
        self.assertIn("Caused by: java.lang.IllegalStateException: " + TEXT, plain(result.error["traceback"]))
        # Spark's WARN carries the executor's stack trace on more lines; the kernel keeps the first one.
        warnings = [line for line in result.stderr.splitlines() if line.startswith("WARN TaskSetManager: Lost task")]
        self.assertTrue(warnings, result.stderr)
        self.assertTrue(warnings[0].endswith("IllegalStateException: " + TEXT + " …"), ascii(warnings[0]))

    def test_a_job_description_is_intact_in_the_monitor(self):
        description = TEXT + " job"
        result = self.kernel.execute_ok(
            self, "sc.setJobDescription(%s);\nsc.parallelize(List.of(1, 2, 3), 2).count()" % java_string(description),
            timeout=SPARK_TIMEOUT)
        shown = [m["content"]["data"] for m in result.of_type("display_data") + result.of_type("update_display_data")
                 if MIME in m["content"]["data"]]
        self.assertTrue(shown, result.describe())
        final = shown[-1]
        self.assertEqual([description], [job["description"] for job in final[MIME]["jobs"]])
        self.assertIn(description, final["text/html"])

    def test_code_using_the_default_charset_reads_utf8(self):
        """As on JDK 18 and later: user code that does not name a charset gets UTF-8, not the locale's."""
        result = self.kernel.execute_ok(
            self, "new String(%s.getBytes(java.nio.charset.StandardCharsets.UTF_8))" % java_string(TEXT))
        self.assertEqual(TEXT, result.text)


class TextUnderUtf8LocaleTest(TextChecks, SharedKernelTestCase):
    kernel_env = {"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}

    def test_the_short_error_of_a_failed_action_keeps_sparks_advice(self):
        result = self.kernel.execute(
            'spark.range(3).selectExpr("cast(id as string) as id").as(Encoders.LONG())', timeout=SPARK_TIMEOUT)
        self.assertEqual("error", result.status, result.describe())
        self.assertIn("CANNOT_UP_CAST_DATATYPE", result.error["evalue"])
        traceback = result.error["traceback"]
        shown = plain(traceback)
        self.assertIn("You can either add an explicit cast", shown)
        self.assertIn("at cell [", shown)
        self.assertLessEqual(sum(1 for line in traceback if line.lstrip().startswith("at ")), 5, shown)
        self.assertLess(len(traceback), 20, shown)
        full = self.kernel.execute_ok(self, "%trace").stdout
        self.assertIn("You can either add an explicit cast", full)
        self.assertGreater(full.count("\tat "), 50, "%trace keeps every frame")

    def test_a_task_errors_advice_below_its_first_line_is_shown(self):
        result = self.kernel.execute(
            "sc.parallelize(List.of(1), 1)\n"
            '  .map(x -> { throw new IllegalStateException("no data\\nLoad the table first."); })\n'
            "  .collect()",
            timeout=SPARK_TIMEOUT)
        self.assertEqual("error", result.status, result.describe())
        shown = plain(result.error["traceback"])
        self.assertIn("Caused by: ", shown)
        self.assertIn("no data\nLoad the table first.", shown)


class TextUnderCLocaleTest(TextChecks, SharedKernelTestCase):
    kernel_env = {"LANG": "C", "LC_ALL": "C"}


if __name__ == "__main__":
    unittest.main()
