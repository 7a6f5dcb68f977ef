"""What the Scala kernel adds to the protocol suites: the REPL's echo of definitions, errors named by
cell line, exits that keep the kernel, and Spark with case classes and the live monitor (issue 12)."""
import time
import unittest
import uuid

from kernel_harness import SharedKernelTestCase, TIMEOUT, process_alive
from language_samples import LANGUAGE
from test_protocol import plain


@unittest.skipUnless(LANGUAGE == "scala", "runs with JSPARK_TEST_LANGUAGE=scala")
class ScalaCellsTest(SharedKernelTestCase):
    def test_definitions_echo_one_line_each_and_the_trailing_expression_is_the_result(self):
        result = self.kernel.execute_ok(self, "val echoed = 1 + 1\ncase class Pt(a: Int)\ndef twice(n: Int) = 2 * n\ntwice(echoed) * 10 + 2")
        self.assertEqual(result.stdout, "echoed: Int = 2\ndefined class Pt\ntwice: (n: Int)Int\n")
        self.assertEqual(result.text, "42")
        unit = self.kernel.execute_ok(self, 'println("only printed")')
        self.assertEqual(unit.stdout, "only printed\n")
        self.assertIsNone(unit.result, "a Unit expression has no result")

    def test_a_long_value_is_echoed_on_one_short_line(self):
        result = self.kernel.execute_ok(self, "val many = (1 to 5000).toList")
        line = result.stdout.strip()
        self.assertEqual(1, len(result.stdout.strip().splitlines()), result.stdout)
        self.assertTrue(line.startswith("many: List[Int] = List(1, 2, 3"), line)
        self.assertLess(len(line), 260)

    def test_a_compile_error_names_the_cell_line_and_column(self):
        result = self.kernel.execute("val fine = 1\nval wrong: Int = \"a\"")
        self.assertEqual(result.status, "error")
        self.assertEqual(result.content["ename"], "CompilationError")
        text = plain(result.error["traceback"])
        self.assertRegex(text, r"cell \[\d+\], line 2, column 18")
        self.assertIn('val wrong: Int = "a"', text)
        self.assertIn("type mismatch", text)

    def test_a_runtime_error_names_the_cells_and_lines_it_went_through(self):
        self.kernel.execute_ok(self, 'def explode(n: Int): Int =\n  if (n == 0) throw new IllegalStateException("boom") else explode(n - 1)')
        defined = self.kernel.execute_ok(self, "0").content["execution_count"] - 1
        result = self.kernel.execute("val depth = 2\nexplode(depth)")
        self.assertEqual(result.content["ename"], "java.lang.IllegalStateException")
        self.assertEqual(result.content["evalue"], "boom")
        text = plain(result.error["traceback"])
        self.assertIn("explode (cell [%d], line 2)" % defined, text)
        self.assertRegex(text, r"at cell \[\d+\], line 2")
        self.assertNotIn("$line", text)
        self.assertIn("java.lang.IllegalStateException", self.kernel.execute_ok(self, "%trace").stdout)

    def test_echoes_and_errors_name_classes_as_the_cell_wrote_them(self):
        echoed = self.kernel.execute_ok(self, "class Plain { override def toString = getClass.getName }\nval plain = new Plain")
        self.assertEqual(echoed.stdout, "defined class Plain\nplain: Plain = Plain\n")
        result = self.kernel.execute("class Oops(m: String) extends Exception(m)\nthrow new Oops(new Plain().toString)")
        self.assertEqual(result.content["ename"], "Oops", result.describe())
        self.assertEqual(result.content["evalue"], "Plain")

    def test_results_read_as_the_scala_repl_prints_them(self):
        self.assertEqual(self.kernel.execute_ok(self, "Array(Array(1, 2), Array(3))").text, "Array(Array(1, 2), Array(3))")
        self.assertEqual(self.kernel.execute_ok(self, "Option(5)").text, "Some(5)")
        self.assertRegex(self.kernel.execute_ok(self, "class Bare\nnew Bare").text, r"^Bare@[0-9a-f]+$")
        long = self.kernel.execute_ok(self, "(1 to 5000).toArray").text
        self.assertTrue(long.startswith("Array(1, 2, 3") and long.endswith("...)"), long[-40:])
        nested = self.kernel.execute_ok(self, "Array((1 to 5000).toArray)").text
        self.assertTrue(nested.endswith("1000))"), nested[-40:])
        self.assertTrue(self.kernel.execute_ok(self, "(1 to 1000).toList").text.endswith(" 999, 1000)"))

    def test_output_of_threads_the_cell_starts_goes_to_the_cell(self):
        result = self.kernel.execute_ok(self, 'val t = new Thread(() => { println("from println"); Console.out.println("from Console.out")\n'
                                              '  System.out.println("from System.out") })\nt.start(); t.join()')
        for line in ("from println", "from Console.out", "from System.out"):
            self.assertIn(line + "\n", result.stdout)
        # The cell's classes are rewritten as JShell's, so %threads knows the threads they start and stops busy ones.
        cell = self.kernel.execute_ok(self, 'val spinner = new Thread(() => { var n = 0L; while (true) n += 1 }, "scala-spinner")\n'
                                            "spinner.setDaemon(true)\nspinner.start()")
        count = cell.content["execution_count"]
        self.assertRegex(self.kernel.execute_ok(self, "%threads").stdout, r"cell \[%d\]\s+scala-spinner" % count)
        stopped = self.kernel.execute_ok(self, "%%threads stop %d" % count).stdout
        self.assertIn("Stopped 1 thread of cell [%d]." % count, stopped)
        self.assertNotIn("scala-spinner", self.kernel.execute_ok(self, "%threads").stdout)

    def test_an_assignment_echoes_the_variable_it_assigns(self):
        self.kernel.execute_ok(self, "var counter = 1")
        self.assertEqual(self.kernel.execute_ok(self, "counter = 5").stdout, "counter: Int = 5\n")

    def test_exits_are_errors_and_the_kernel_keeps_its_state(self):
        self.kernel.execute_ok(self, "val survivor = 7")
        for code in ("sys.exit(3)", "System.exit(4)"):
            result = self.kernel.execute(code)
            self.assertEqual(result.content["ename"], "SystemExit", result.describe())
        self.assertEqual(self.kernel.execute_ok(self, "survivor").text, "7")


@unittest.skipUnless(LANGUAGE == "scala", "runs with JSPARK_TEST_LANGUAGE=scala")
class ScalaSparkTest(SharedKernelTestCase):
    kernel_env = {"JSPARK_SPARK_MASTER": "local[2]"}

    def test_case_classes_in_datasets_with_the_monitor_naming_cell_lines(self):
        k = self.kernel
        first = k.execute_ok(self, "spark.range(1000).count()", timeout=180)
        self.assertEqual(first.text, "1000")
        reply = k.complete("spark.rea")
        self.assertIn("read", reply["matches"])
        self.assertEqual((reply["cursor_start"], reply["cursor_end"]), (len("spark."), len("spark.rea")))
        k.execute_ok(self, "case class Reading(sensor: Int, value: Int)")
        k.execute_ok(self, "val readings = Seq(Reading(1, 2), Reading(1, 4), Reading(2, 5)).toDS()")
        summed = k.execute_ok(self, "readings.map(r => r.value * 10)\n  .collect().toList", timeout=120)
        self.assertEqual(summed.text, "List(20, 40, 50)")
        monitors = [m for m in summed.of_type("display_data") if "Spark jobs of cell" in m["content"]["data"]["text/plain"]]
        self.assertTrue(monitors, summed.describe())
        self.assertRegex(monitors[0]["content"]["data"]["text/plain"], r"collect at cell \[\d+\], line [12]")
        grouped = k.execute_ok(self, "readings.groupByKey(_.sensor).count().collect().sortBy(_._1).toList", timeout=120)
        self.assertEqual(grouped.text, "List((1,2), (2,1))")
        # The result renders after the cell's code ran, its case class defined in the same cell.
        typed = k.execute_ok(self, "case class City(name: String, people: Int)\n"
                             "Seq(City(\"Lyon\", 5), City(\"Paris\", 21)).toDS().filter(_.people > 10).map(_.name.toUpperCase)",
                             timeout=120)
        self.assertIn("PARIS", typed.result["text/plain"])
        self.assertNotIn("LYON", typed.result["text/plain"])
        rdd = k.execute_ok(self, "val rdd = sc.parallelize(Seq(1, 2))")
        self.assertRegex(rdd.stdout, r"^rdd: org.apache.spark.rdd.RDD\[Int\] = ParallelCollectionRDD\[\d+\] at parallelize at cell \[\d+\], line 1\n$")
        table = k.execute_ok(self, "readings.toDF()", timeout=120)
        self.assertIn("text/html", table.result)
        self.assertIn("sensor", table.result["text/plain"])

    def test_a_failed_actions_short_error_keeps_sparks_advice(self):
        result = self.kernel.execute('spark.range(3).selectExpr("cast(id as string) as id").as[Long]', timeout=180)
        self.assertEqual("error", result.status, result.describe())
        shown = plain(result.error["traceback"])
        self.assertIn("CANNOT_UP_CAST_DATATYPE", result.error["evalue"])
        self.assertIn("You can either add an explicit cast", shown)
        self.assertLess(len(result.error["traceback"]), 20, shown)
        failed = self.kernel.execute('sc.parallelize(Seq(1), 1)\n  .map(x => throw new IllegalStateException("no data\\nLoad the table first."))\n'
                                     '  .collect()', timeout=180)
        shown = plain(failed.error["traceback"])
        self.assertIn("Caused by: ", shown)
        self.assertIn("no data\nLoad the table first.", shown)
        self.assertRegex(shown, r"at lambda \(cell \[\d+\], line 2\)")

    def test_an_interrupt_stops_a_spinning_task_and_cancels_the_cells_job(self):
        k = self.kernel
        k.execute_ok(self, "spark.range(1).count()", timeout=180)
        msg_id = k.kc.execute("spark.range(2).map { x => while (true) {}; x }.count()")
        k.wait_for_iopub(msg_id, "execute_input")
        time.sleep(3)
        started = time.monotonic()
        k.km.interrupt_kernel()
        reply = k.reply(msg_id, timeout=TIMEOUT)
        self.assertLess(time.monotonic() - started, 10)
        k.iopub_messages(msg_id)
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "Interrupted")
        self.assertEqual(k.execute_ok(self, "spark.range(10).count()", timeout=60).text, "10")

    def test_an_interrupt_while_a_cell_compiles_says_what_it_did_not_define(self):
        k = self.kernel
        k.execute_ok(self, "val keptBefore = 41")
        # About 4 s of compiling here; the interrupt comes 1 s after the cell starts.
        filler = "\n".join("val filler%d = List(%d).map(_ + 1).sum" % (i, i) for i in range(800))
        code = "import scala.util.Random\ncase class Lost(a: Int)\ndef lostTwice(n: Int) = 2 * n\n" + filler
        msg_id = k.kc.execute(code)
        k.wait_for_iopub(msg_id, "execute_input")
        time.sleep(1)
        k.km.interrupt_kernel()
        result = k.collect(msg_id, timeout=120)
        self.assertEqual(result.content.get("ename"), "Interrupted", result.describe())
        self.assertIn("while it compiled", result.content["evalue"])
        self.assertIn("not defined: import scala.util.Random, class Lost, lostTwice, filler0, filler1, filler2, "
                      "filler3, filler4 and 795 more", result.content["evalue"])
        self.assertEqual(result.stdout, "", "none of the cell ran, so nothing is echoed")
        self.assertEqual(k.execute_ok(self, "keptBefore + 1").text, "42")
        self.assertEqual(k.execute("lostTwice(2)").status, "error")
        self.assertEqual(k.execute("Lost(1)").status, "error")

    def test_a_first_spark_cell_after_an_idle_interrupt_binds_spark(self):
        # An interrupt between cells must leave nothing behind for what the kernel asks of the interpreter.
        k = self.kernel
        k.km.interrupt_kernel()
        time.sleep(0.5)
        inspected = k.request("inspect_request", {"code": "math.abs", "cursor_pos": 8})
        self.assertTrue(inspected["content"]["found"], inspected)
        self.assertEqual(k.execute_ok(self, "Seq(1, 2, 3).toDS().count()", timeout=180).text, "3")


@unittest.skipUnless(LANGUAGE == "scala", "runs with JSPARK_TEST_LANGUAGE=scala")
class ScalaCommTest(SharedKernelTestCase):
    """Comms from Scala cells, with Scala functions for the Java callbacks."""

    def test_a_comm_the_cell_opens_and_a_target_the_frontend_opens(self):
        k = self.kernel
        k.execute_ok(self, "var closed: Map[String, Any] = null\n"
                           'comms.registerTarget("test.echo") { (comm, data) =>\n'
                           "  comm.onMessage(msg => comm.send(msg))\n"
                           "  comm.onClose(msg => closed = msg)\n"
                           '  comm.send(Map("opened" -> data))\n'
                           "}")
        opened = k.execute_ok(self, 'val mine = comms.open("test.kernelside", Map("a" -> 1, "nested" -> Seq(1, 2), "none" -> None))')
        opens = opened.of_type("comm_open")
        self.assertEqual([(m["content"]["target_name"], m["content"]["data"]) for m in opens],
                         [("test.kernelside", {"a": 1, "nested": [1, 2], "none": None})])
        comm_id = opens[0]["content"]["comm_id"]
        sent = k.execute_ok(self, 'mine.send(Map("n" -> 2))\nmine.close()')
        self.assertEqual([(m["msg_type"], m["content"]["comm_id"], m["content"]["data"]) for m in sent.outputs],
                         [("comm_msg", comm_id, {"n": 2}), ("comm_close", comm_id, {})])

        comm_id = uuid.uuid4().hex
        open_id = k.send("comm_open", {"comm_id": comm_id, "target_name": "test.echo", "data": {"x": 1}})
        replies = [m["content"]["data"] for m in k.iopub_messages(open_id) if m["msg_type"] == "comm_msg"]
        self.assertEqual(replies, [{"opened": {"x": 1}}])
        msg_id = k.send("comm_msg", {"comm_id": comm_id, "data": {"ping": [1, "two"]}})
        echoed = [m["content"]["data"] for m in k.iopub_messages(msg_id) if m["msg_type"] == "comm_msg"]
        self.assertEqual(echoed, [{"ping": [1, "two"]}])
        k.iopub_messages(k.send("comm_close", {"comm_id": comm_id, "data": {"bye": True}}))
        self.assertEqual(k.execute_ok(self, "closed").text, "Map(bye -> true)")


@unittest.skipUnless(LANGUAGE == "scala", "runs with JSPARK_TEST_LANGUAGE=scala")
class ScalaIntrospectionTest(SharedKernelTestCase):
    def test_is_complete_follows_the_scala_parser(self):
        reply = self.kernel.is_complete("def f(x: Int) = {")
        self.assertEqual(reply["status"], "incomplete")
        self.assertTrue(reply["indent"].strip() == "" and reply["indent"], reply)
        self.assertEqual(self.kernel.is_complete("val x = 1")["status"], "complete")
        self.assertEqual(self.kernel.is_complete("val x = (1 + 2))")["status"], "invalid")

    def test_completion_offers_members_with_their_span(self):
        code = "val a = 1\nList(1, 2).ma"
        reply = self.kernel.complete(code)
        self.assertIn("map", reply["matches"])
        self.assertEqual((reply["cursor_start"], reply["cursor_end"]), (len(code) - 2, len(code)))
        self.kernel.execute_ok(self, 'val greeting = "hello"')
        reply = self.kernel.complete("greeting.toUpp")
        self.assertIn("toUpperCase", reply["matches"])
        self.assertEqual((reply["cursor_start"], reply["cursor_end"]), (len("greeting."), len("greeting.toUpp")))

    def test_inspection_gives_signatures_and_types_without_running_code(self):
        self.kernel.execute_ok(self, "var runs = 0\ndef counted(n: Int): Int = { runs += 1; n }")
        reply = self.kernel.inspect("counted(3)", cursor_pos=len("counted"))
        self.assertTrue(reply["found"], reply)
        self.assertIn("counted(n: Int): Int", reply["data"]["text/plain"])
        # Its type, asked after the call, is compiled, not run.
        called = self.kernel.inspect("counted(3)")
        self.assertTrue(called["found"], called)
        self.assertIn("Int", called["data"]["text/plain"])
        typed = self.kernel.inspect("List(1, 2).map(_ + 1)")
        self.assertTrue(typed["found"], typed)
        self.assertIn("List[Int]", typed["data"]["text/plain"])
        self.assertEqual(self.kernel.execute_ok(self, "runs").text, "0")


@unittest.skipUnless(LANGUAGE == "scala", "runs with JSPARK_TEST_LANGUAGE=scala")
class ScalaSparkCompletesBeforeTheSessionStartsTest(SharedKernelTestCase):
    """spark, sc and the session's implicits complete before Spark starts, and completing starts nothing."""

    def test_members_and_implicits_complete_without_starting_spark(self):
        k = self.kernel
        found = k.complete("spark.rang")
        self.assertIn("range", found["matches"])
        self.assertEqual((found["cursor_start"], found["cursor_end"]), (len("spark."), len("spark.rang")))
        code = "val n = 2\nsc.paralleli"
        found = k.complete(code)
        self.assertIn("parallelize", found["matches"])
        self.assertEqual(found["cursor_start"], len(code) - len("paralleli"))
        self.assertIn("toDS", k.complete("Seq(1, 2).toD")["matches"])
        self.assertEqual([], k.complete("sparkle.rang")["matches"])
        k.execute_ok(self, "%%spark\nspark.master local[1]")
        self.assertEqual(k.execute_ok(self, "sc.master", timeout=180).text, "local[1]")
        self.assertIn("range", k.complete("spark.rang")["matches"])


@unittest.skipUnless(LANGUAGE == "scala", "runs with JSPARK_TEST_LANGUAGE=scala")
class ScalaResilienceTest(SharedKernelTestCase):
    kernel_env = {"JSPARK_JVM_OPTS": "-Xmx512m"}

    def test_stack_overflow_and_out_of_memory_leave_a_working_kernel(self):
        self.kernel.execute_ok(self, "val kept = 7")
        deep = self.kernel.execute("def down(n: Int): Int = down(n + 1) + 1\ndown(0)", timeout=60)
        self.assertEqual(deep.content["ename"], "java.lang.StackOverflowError", deep.describe())
        big = self.kernel.execute("val blocks = Array.fill(1000)(new Array[Long](50000000))", timeout=120)
        self.assertEqual(big.content["ename"], "java.lang.OutOfMemoryError", big.describe())
        self.assertEqual(self.kernel.execute_ok(self, "kept + 1", timeout=60).text, "8")
        self.assertTrue(process_alive(self.kernel.pid))


if __name__ == "__main__":
    unittest.main()
