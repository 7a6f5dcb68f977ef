"""A Spark session that cannot start: the cell says why in a short error, and the kernel can try again."""
import unittest

from kernel_harness import SharedKernelTestCase

SPARK_TIMEOUT = 180


class SparkThatCannotStartTest(SharedKernelTestCase):

    def test_a_failed_start_is_a_short_error_and_fixed_settings_start_spark(self):
        self.kernel.execute_ok(self, "%%spark\nspark.master local[2]\nspark.ui.port notaport")
        failed = self.kernel.execute("sc.parallelize(List.of(1, 2), 2).count()", timeout=SPARK_TIMEOUT)
        self.assertEqual("error", failed.status, failed.describe())
        self.assertEqual("SparkNotStarted", failed.content["ename"], failed.describe())
        self.assertIn("spark.ui.port", failed.content["evalue"])
        self.assertIn("%%spark", failed.content["evalue"], "the error says what to do")
        self.kernel.execute_ok(self, "%%spark\nspark.ui.port 0")
        retried = self.kernel.execute("sc.parallelize(List.of(1, 2), 2).count()", timeout=SPARK_TIMEOUT)
        self.assertEqual("ok", retried.status, retried.describe())
        self.assertIn("2", retried.text)


class SparkVariablesCompleteBeforeTheSessionStartsTest(SharedKernelTestCase):
    """spark and sc complete as their types before anything starts Spark, and completing starts nothing."""

    def test_members_of_spark_and_sc_before_the_start(self):
        found = self.kernel.complete("spark.rang")
        self.assertIn("range(", found["matches"])
        self.assertEqual(6, found["cursor_start"])
        found = self.kernel.complete("int n = 2;\nsc.paralleli")
        self.assertIn("parallelize(", found["matches"])
        self.assertEqual(14, found["cursor_start"])
        self.assertEqual([], self.kernel.complete("sparkle.rang")["matches"])
        # Nothing started: settings given now still apply to the session.
        self.kernel.execute_ok(self, "%%spark\nspark.master local[1]")
        started = self.kernel.execute_ok(self, "sc.master()", timeout=SPARK_TIMEOUT)
        self.assertIn("local[1]", started.text)
        self.assertIn("range(", self.kernel.complete("spark.rang")["matches"])


if __name__ == "__main__":
    unittest.main()
