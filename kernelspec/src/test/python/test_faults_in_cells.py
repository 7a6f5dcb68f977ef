"""Faults inside cells and tasks: a spinning Spark task stops when its cell is interrupted, and
System.exit reached through a method reference, reflection or a method handle keeps the kernel."""
import time
import unittest

from kernel_harness import Result, SharedKernelTestCase

SPARK_TIMEOUT = 180
#: The bound the issue names for the job after an interrupted one; the kernel must not wait for the
#: spinning tasks, which would hold both cores for ever.
NEXT_JOB_LIMIT = 10.0


class SparkTaskFaultsTest(SharedKernelTestCase):
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

    def test_a_method_reference_to_exit_in_a_task_fails_the_job_not_the_kernel(self):
        k = self.kernel
        k.execute_ok(self, 'String kept = "still here";')
        result = k.execute("sc.parallelize(List.of(2), 1).foreach(System::exit);", timeout=SPARK_TIMEOUT)
        self.assertEqual("error", result.status, result.describe())
        self.assertIn("System.exit(2)", result.describe())
        self.assertEqual("still here", k.execute_ok(self, "kept").text)


class ExitThroughReferencesTest(SharedKernelTestCase):

    def assert_exit_kept_the_kernel(self, code, status):
        self.kernel.execute_ok(self, "int kept = %d;" % (status * 10))
        result = self.kernel.execute(code)
        self.assertEqual("error", result.status, result.describe())
        self.assertEqual("SystemExit", result.content["ename"], result.describe())
        self.assertIn("(%d)" % status, result.content["evalue"])
        self.assertEqual(str(status * 10), self.kernel.execute_ok(self, "kept").text)

    def test_system_exit_through_a_method_reference(self):
        self.assert_exit_kept_the_kernel("IntConsumer e = System::exit; e.accept(3);", 3)

    def test_halt_through_a_bound_method_reference(self):
        self.assert_exit_kept_the_kernel("IntConsumer h = Runtime.getRuntime()::halt; h.accept(4);", 4)

    def test_system_exit_through_reflection(self):
        self.assert_exit_kept_the_kernel('System.class.getMethod("exit", int.class).invoke(null, 5);', 5)

    def test_system_exit_through_a_method_handle(self):
        self.assert_exit_kept_the_kernel(
            "java.lang.invoke.MethodHandles.lookup().findStatic(System.class, \"exit\","
            " java.lang.invoke.MethodType.methodType(void.class, int.class)).invoke(6);", 6)



class ResultThatCannotBeShownTest(SharedKernelTestCase):

    def test_a_recursing_tostring_is_the_cells_own_error(self):
        self.kernel.execute_ok(self, "class Loop {\n    public String toString() {\n        return \"loop \" + this;\n    }\n}")
        result = self.kernel.execute("new Loop()")
        self.assertEqual("error", result.status, result.describe())
        self.assertEqual("java.lang.StackOverflowError", result.content["ename"], result.describe())
        self.assertIn("while showing the cell's result, in Loop.toString (cell [", result.content["evalue"])
        self.assertIn("line 3)", result.content["evalue"])
        self.assertEqual("2", self.kernel.execute_ok(self, "1 + 1").text, "the kernel goes on")

if __name__ == "__main__":
    unittest.main()
