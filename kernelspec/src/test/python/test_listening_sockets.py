"""What other machines can reach of a kernel whose Spark runs in local mode: nothing.

The kernel and its Spark (driver RPC, block manager, web UI with its kill links) must listen on loopback
only, and the monitor must name the driver's executor by the address it really uses.
"""
import re
import unittest

from kernel_harness import SharedKernelTestCase
from listening_sockets import listening_sockets, off_loopback

MIME = "application/vnd.sparkmonitor+json"
SPARK_TIMEOUT = 120


class LocalSessionListensOnLoopbackTest(SharedKernelTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        kernel = cls.kernel
        for code in ("%%spark\nspark.master local[2]", "sc.parallelize(List.of(1, 2, 3, 4), 2).count()"):
            result = kernel.execute(code, timeout=SPARK_TIMEOUT)
            if result.status != "ok":
                raise AssertionError("the Spark cell failed:\n" + result.describe())
        cls.job = result
        ui = kernel.execute("sc.sc().uiWebUrl().get()").text
        cls.ui_port = int(re.search(r":(\d+)", ui).group(1))

    def test_every_listening_socket_of_the_kernel_and_its_spark_is_on_loopback(self):
        sockets = listening_sockets(self.kernel.pid)
        self.assertIn(self.ui_port, [port for _, _, port in sockets], "the Spark UI's port is not among %r" % sockets)
        self.assertEqual([], off_loopback(self.kernel.pid), "listening beyond loopback; all: %r" % sockets)

    def test_the_monitor_names_the_drivers_executor_by_its_loopback_address(self):
        snapshots = [m["content"]["data"][MIME] for m in self.job.iopub
                     if m["msg_type"] in ("display_data", "update_display_data") and MIME in m["content"]["data"]]
        self.assertTrue(snapshots, "no monitor display:\n" + self.job.describe())
        executors = snapshots[-1]["executors"]
        self.assertEqual(["127.0.0.1"], [e["host"] for e in executors], executors)


if __name__ == "__main__":
    unittest.main()
