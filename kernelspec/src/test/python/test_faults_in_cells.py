"""Faults inside cells and tasks: a spinning Spark task stops when its cell is interrupted."""
import time
import unittest

from kernel_harness import Result, SharedKernelTestCase

SPARK_TIMEOUT = 180
#: The bound the issue names for the job after an interrupted one; the kernel must not wait for the
#: spinning tasks, which would hold both cores for ever.
NEXT_JOB_LIMIT = 10.0


class SpinningTaskTest(SharedKernelTestCase):
    kernel_env = {"JSPARK_SPARK_MASTER": "local[2]"}

    def test_interrupting_a_spinning_job_frees_its_cores_for_the_next_job(self):
        k = self.kernel
        k.execute_ok(self, "sc.parallelize(List.of(1, 2), 2).count()", timeout=SPARK_TIMEOUT)
        msg_id = k.kc.execute("sc.parallelize(List.of(1, 2), 2).map(x -> { while (true) { } }).count()")
        k.wait_for_iopub(msg_id, "execute_input")
        time.sleep(3)  # both tasks are spinning by now
        k.km.interrupt_kernel()
        reply = k.reply(msg_id, timeout=30)
        interrupted = Result(msg_id, reply, k.iopub_messages(msg_id))
        self.assertEqual("error", interrupted.status, interrupted.describe())
        started = time.monotonic()
        following = k.execute("sc.parallelize(List.of(1, 2, 3), 2).count()", timeout=NEXT_JOB_LIMIT)
        elapsed = time.monotonic() - started
        self.assertEqual("ok", following.status, following.describe())
        self.assertEqual("3", following.text)
        self.assertLess(elapsed, NEXT_JOB_LIMIT)


if __name__ == "__main__":
    unittest.main()
