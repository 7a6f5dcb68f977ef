"""The kernel as the driver of a real Spark cluster.

A standalone master and two workers run on loopback, started by cluster/spark-standalone.sh from this
build's jars; each executor is a JVM of its own. Notebook code in Java (lambdas, anonymous and named
classes, beans, UDFs, methods) and in Scala (closures, case classes in Datasets, classes, functions,
UDFs) runs on those executors and reads top-level notebook variables with the driver's values; the
monitor lists the executors, and killing one in the middle of a job shows its tasks failing and
running again elsewhere while the job succeeds.
"""
import os
import pathlib
import shutil
import signal
import subprocess
import tempfile
import time
import unittest

import nbformat
from nbclient import NotebookClient

from kernel_harness import KernelSession, process_alive, wait_until
from listening_sockets import listening_sockets, off_loopback, process_tree

REPO = pathlib.Path(__file__).resolve().parents[4]
SCRIPT = REPO / "cluster" / "spark-standalone.sh"
MIME = "application/vnd.sparkmonitor+json"
KERNEL = "spark-java"
SCALA_KERNEL = "spark-scala"

_cluster = {}


def spark_only_home(work):
    """A SPARK_HOME with the kernelspec's jars but the kernel's own, as a cluster running a Spark
    distribution has: executors then get everything of the kernel's from the driver."""
    home = pathlib.Path(work, "spark-home")
    (home / "jars").mkdir(parents=True)
    kernelspec = REPO / "kernelspec" / "target" / "spark-java"
    for jar in (kernelspec / "jars").iterdir():
        if not jar.name.startswith("jspark-"):
            (home / "jars" / jar.name).symlink_to(jar)
    shutil.copy(kernelspec / "RELEASE", home / "RELEASE")
    return home


def setUpModule():
    work = tempfile.mkdtemp(prefix="jspark-cluster-test-")
    env = dict(os.environ, JSPARK_CLUSTER_DIR=os.path.join(work, "cluster"), JSPARK_CLUSTER_SPARK_HOME=str(spark_only_home(work)))
    _cluster.update(work=work, env=env)
    unittest.addModuleCleanup(_stop_cluster)
    # Kernels of these tests keep their temporary files (the class folder for executors, Spark's own)
    # in the test's folder, which goes at the end even if a kernel was killed before cleaning up.
    previous_opts = os.environ.get("JSPARK_JVM_OPTS")
    kernel_tmp = os.path.join(work, "kernel-tmp")
    os.makedirs(kernel_tmp)
    os.environ["JSPARK_JVM_OPTS"] = ((previous_opts or "") + " -Djava.io.tmpdir=" + kernel_tmp).strip()
    unittest.addModuleCleanup(_restore_env, "JSPARK_JVM_OPTS", previous_opts)
    started = subprocess.run(["bash", str(SCRIPT), "start", "2"], env=env, capture_output=True, text=True, timeout=180)
    if started.returncode != 0:
        raise AssertionError("the standalone cluster did not start:\n" + started.stdout + started.stderr)
    _cluster["url"] = started.stdout.strip().splitlines()[-1]


def _restore_env(name, value):
    if value is None:
        os.environ.pop(name, None)
    else:
        os.environ[name] = value


def _stop_cluster():
    if "env" in _cluster:
        subprocess.run(["bash", str(SCRIPT), "stop"], env=_cluster["env"], capture_output=True, timeout=120)
    if "work" in _cluster:
        shutil.rmtree(_cluster["work"], ignore_errors=True)


def config_cell():
    return "%%spark\nspark.master " + _cluster["url"] + "\nspark.executor.memory 512m"


def build_jar(folder):
    """A jar with one class, as a user's own library, for %jars."""
    src = pathlib.Path(folder, "src", "jarred")
    src.mkdir(parents=True)
    (src / "Greeter.java").write_text(
        "package jarred;\npublic class Greeter { public static String greet(int x) { return \"hello \" + x; } }\n")
    classes = pathlib.Path(folder, "classes")
    subprocess.run(["javac", "-d", str(classes), str(src / "Greeter.java")], check=True)
    jar = pathlib.Path(folder, "greeter.jar")
    subprocess.run(["jar", "cf", str(jar), "-C", str(classes), "."], check=True)
    return jar


def result_text(cell):
    for output in cell.outputs:
        if output.output_type == "execute_result":
            return output["data"]["text/plain"]
    raise AssertionError("no result in %r: %r" % (cell.source, cell.outputs))


def monitor_snapshot(cell):
    found = [o for o in cell.outputs if o.output_type == "display_data" and MIME in o.get("data", {})]
    assert len(found) == 1, "expected one monitor display under %r, got %d" % (cell.source, len(found))
    return found[0]["data"][MIME]


def run_cells(cells, kernel, language, folder, raising=()):
    """Runs the named cells as one notebook through nbclient; gives the executed notebook and each name's cell index."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": kernel, "display_name": kernel, "language": language}
    index = {}
    for name, source in cells.items():
        cell = nbformat.v4.new_code_cell(source)
        if name in raising:
            cell.metadata["tags"] = ["raises-exception"]
        index[name] = len(nb.cells)
        nb.cells.append(cell)
    NotebookClient(nb, kernel_name=kernel, timeout=300, allow_errors=False,
                   resources={"metadata": {"path": folder}}).execute()
    return nb, index


def error_text(cell):
    errors = [o for o in cell.outputs if o.output_type == "error"]
    assert len(errors) == 1, "expected one error under %r, got %r" % (cell.source, cell.outputs)
    return errors[0]["evalue"] + "\n" + "\n".join(errors[0]["traceback"])


class NotebookOnClusterTest(unittest.TestCase):
    """One notebook, run once through nbclient against the cluster; each test reads its cells' outputs."""

    @classmethod
    def setUpClass(cls):
        cls.folder = tempfile.mkdtemp(prefix="jspark-cluster-nb-")
        cls.addClassCleanup(shutil.rmtree, cls.folder, True)
        jar = build_jar(cls.folder)
        cls.cells = {
            "config": config_cell(),
            "variables": 'int n = 5;\nString suffix = "!";\nvar numbers = sc.parallelize(List.of(1, 2, 3, 4), 4);',
            "lambda": "numbers.map(x -> x + n).collect()",
            "reassign": "n = 10;",
            "lambda_again": "numbers.map(x -> x + n).collect()",
            "loop": (
                "List<Integer> sums = new ArrayList<>();\n"
                "for (int k = 1; k <= 3; k++) {\n"
                "    n = k;\n"
                "    sums.add(numbers.map(x -> x * n).reduce(Integer::sum));\n"
                "}\n"
                "sums"
            ),
            "method": "int scaled(int x) { return x * n; }\nnumbers.map(x -> scaled(x)).collect()",
            "anonymous": (
                "numbers.map(new org.apache.spark.api.java.function.Function<Integer, String>() {\n"
                "    public String call(Integer x) { return x + suffix; }\n"
                "}).collect()"
            ),
            "named": (
                "class Tag implements org.apache.spark.api.java.function.Function<Integer, String> {\n"
                "    public String call(Integer x) { return suffix + x; }\n"
                "}\n"
                "numbers.map(new Tag()).collect()"
            ),
            "redefined": (
                "class Tag implements org.apache.spark.api.java.function.Function<Integer, String> {\n"
                "    public String call(Integer x) { return \"v2:\" + x * n; }\n"
                "}\n"
                "numbers.map(new Tag()).collect()"
            ),
            "bean": (
                "public static class Person implements java.io.Serializable {\n"
                "    private String name; private int age;\n"
                "    public Person() {}\n"
                "    public Person(String name, int age) { this.name = name; this.age = age; }\n"
                "    public String getName() { return name; } public void setName(String v) { name = v; }\n"
                "    public int getAge() { return age; } public void setAge(int v) { age = v; }\n"
                "}\n"
                "var people = spark.createDataset(List.of(new Person(\"Ann\", 30), new Person(\"Bob\", 17), new Person(\"Cy\", 41)),\n"
                "    Encoders.bean(Person.class)).repartition(2);\n"
                "new TreeSet<>(people.filter((org.apache.spark.api.java.function.FilterFunction<Person>) p -> p.getAge() > 18)\n"
                "    .map((org.apache.spark.api.java.function.MapFunction<Person, String>) p -> p.getName() + n, Encoders.STRING())\n"
                "    .collectAsList())"
            ),
            "udf": (
                "spark.udf().register(\"plusN\", (org.apache.spark.sql.api.java.UDF1<Long, Long>) x -> x + n,\n"
                "    org.apache.spark.sql.types.DataTypes.LongType);\n"
                "spark.sql(\"SELECT plusN(id) AS v FROM range(0, 4, 1, 2) ORDER BY v\").as(Encoders.LONG()).collectAsList()"
            ),
            "jars": "%jars " + str(jar) + "\nnumbers.map(x -> jarred.Greeter.greet(x)).collect()",
            "not_serializable": "Object lock = new Object();\nnumbers.map(x -> lock.hashCode()).collect()",
            "kernel_pid": "ProcessHandle.current().pid()",
            "executors": (
                "sc.parallelize(List.of(1, 2, 3, 4, 5, 6, 7, 8), 8)\n"
                "  .map(x -> { Thread.sleep(200); return org.apache.spark.SparkEnv.get().executorId() + \"=\" + ProcessHandle.current().pid(); })\n"
                "  .distinct().collect()"
            ),
            "flags": (
                "sc.parallelize(List.of(1), 1).map(x -> java.lang.management.ManagementFactory.getRuntimeMXBean()\n"
                "  .getInputArguments().containsAll(List.of(\"--add-opens=java.base/sun.nio.ch=ALL-UNNAMED\",\n"
                "      \"-Dio.netty.tryReflectionSetAccessible=true\"))).first()"
            ),
            "redeclared": "int n = 4;\nnumbers.map(x -> x - n).collect()",
            "without_kernel_jar": (
                "sc.parallelize(List.of(1), 1).map(x -> { try { Class.forName(\"io.jspark.kernel.Main\"); return \"found\"; }\n"
                "  catch (ClassNotFoundException e) { return \"absent\"; } }).first()"
            ),
        }
        cls.nb, cls.index = run_cells(cls.cells, KERNEL, "java", cls.folder, raising={"not_serializable"})

    def cell(self, name):
        return self.nb.cells[self.index[name]]

    def result(self, name):
        return result_text(self.cell(name))

    def test_lambdas_read_top_level_variables_with_the_drivers_value(self):
        self.assertEqual("[6, 7, 8, 9]", self.result("lambda"))
        self.assertEqual("[11, 12, 13, 14]", self.result("lambda_again"))

    def test_a_variable_declared_again_is_read_with_its_new_value(self):
        self.assertEqual("[-3, -2, -1, 0]", self.result("redeclared"))

    def test_executors_run_without_the_kernels_jar(self):
        self.assertEqual("absent", self.result("without_kernel_jar"))

    def test_each_job_sees_the_value_the_variable_had_when_it_ran(self):
        self.assertEqual("[10, 20, 30]", self.result("loop"))

    def test_notebook_methods_called_on_executors_read_variables_too(self):
        self.assertEqual("[3, 6, 9, 12]", self.result("method"))

    def test_anonymous_and_named_classes_run_on_executors(self):
        self.assertEqual("[1!, 2!, 3!, 4!]", self.result("anonymous"))
        self.assertEqual("[!1, !2, !3, !4]", self.result("named"))

    def test_a_redefined_class_reaches_executors_in_its_new_form(self):
        self.assertEqual("[v2:3, v2:6, v2:9, v2:12]", self.result("redefined"))

    def test_beans_typed_datasets_and_udfs_run_on_executors(self):
        self.assertEqual("[Ann3, Cy3]", self.result("bean"))
        self.assertEqual("[3, 4, 5, 6]", self.result("udf"))
        # Spark's code generation finds notebook classes: no fallback to interpreted evaluation.
        stderr = "".join(o.get("text", "") for o in self.cell("bean").outputs if o.output_type == "stream")
        self.assertNotIn("failed to compile", stderr)

    def test_jars_added_by_magic_reach_executors(self):
        self.assertEqual("[hello 1, hello 2, hello 3, hello 4]", self.result("jars"))

    def test_a_variable_that_cannot_be_sent_is_named_in_a_short_error(self):
        text = error_text(self.cell("not_serializable"))
        self.assertIn("notebook variable 'lock'", text)
        self.assertIn("cannot be serialized", text)

    def test_executors_are_two_jvms_of_their_own_and_the_monitor_lists_them(self):
        kernel_pid = self.result("kernel_pid")
        found = self.result("executors").strip("[]").split(", ")
        ids = {entry.split("=")[0] for entry in found}
        pids = {entry.split("=")[1] for entry in found}
        self.assertEqual(2, len(ids), found)
        self.assertEqual(2, len(pids), found)
        self.assertNotIn(kernel_pid, pids)
        snap = monitor_snapshot(self.cell("executors"))
        self.assertEqual(2, snap["summary"]["executors"], snap["summary"])
        listed = {e["id"] for e in snap["executors"] if e["remove_time"] == -1}
        self.assertEqual(ids, listed)
        self.assertTrue(all(e["host"] == "127.0.0.1" and e["cores"] == 1 for e in snap["executors"]), snap["executors"])
        self.assertEqual("SUCCEEDED", snap["jobs"][0]["status"])

    def test_the_kernels_java_17_flags_reach_executors(self):
        self.assertEqual("true", self.result("flags"))


class ScalaNotebookOnClusterTest(unittest.TestCase):
    """A Scala notebook, run once through nbclient against the cluster: the classes of cells reach the
    executors from the folder the driver serves (-Yrepl-outdir), as in spark-shell."""

    @classmethod
    def setUpClass(cls):
        cls.folder = tempfile.mkdtemp(prefix="jspark-cluster-scala-")
        cls.addClassCleanup(shutil.rmtree, cls.folder, True)
        cls.cells = {
            "config": config_cell(),
            "values": 'var n = 5\nval suffix = "!"\nval numbers = sc.parallelize(Seq(1, 2, 3, 4), 4)',
            "closure": "numbers.map(_ + n).collect().toList",
            "reassign": "n = 10",
            "closure_again": "numbers.map(_ + n).collect().toList",
            "case_class": "case class Point(x: Int, y: Int)",
            "dataset": "Seq(Point(1, 2), Point(3, 4)).toDS().map(p => p.x + p.y + n).collect().toList",
            "group": ("Seq(Point(1, 2), Point(1, 3), Point(2, 5)).toDS().groupByKey(_.x)\n"
                      "  .mapGroups((k, ps) => k -> ps.map(_.y).sum).collect().sorted.toList"),
            "definitions": ('class Tagger(prefix: String) extends Serializable { def tag(x: Int) = prefix + x + suffix }\n'
                            'def scaled(x: Int) = x * n\nval tagger = new Tagger("#")'),
            "class_and_function": "numbers.map(x => tagger.tag(scaled(x))).collect().toList",
            "redefined": ('class Tagger(prefix: String) extends Serializable { def tag(x: Int) = "v2:" + prefix + x }\n'
                          'numbers.map(x => new Tagger("@").tag(x)).collect().toList'),
            "udf": ('val plusN = udf((x: Long) => x + n)\n'
                    'spark.range(0, 4, 1, 2).select(plusN($"id").as("v")).orderBy("v").as[Long].collect().toList'),
            "sql_udf": ('spark.udf.register("timesN", (x: Long) => x * n)\n'
                        'spark.sql("SELECT timesN(id) AS v FROM range(1, 4, 1, 2) ORDER BY v").as[Long].collect().toList'),
            "maven": "%maven org.apache.commons:commons-csv:1.10.0",
            "maven_on_executors": ('numbers.map(x => org.apache.commons.csv.CSVFormat.DEFAULT.format("a" + x, "b"))'
                                   '.collect().toList'),
            "lock_with_value": "val lock = new Object\nval k = 2",
            "lock_in_own_cell": "val lock2 = new Object",
            "next_to_lock": "numbers.map(_ * k).collect().toList",
            "beside_lone_lock": "val m = 3\nnumbers.map(_ * m).collect().toList",
            "transient_lock": "@transient val lock3 = new Object\nval j = 4",
            "next_to_transient": "numbers.map(_ * j).collect().toList",
            "kernel_pid": "ProcessHandle.current.pid",
            "executors": ("sc.parallelize(1 to 8, 8).map { x => Thread.sleep(200)\n"
                          '  org.apache.spark.SparkEnv.get.executorId + "=" + ProcessHandle.current.pid }.distinct.collect().sorted.toList'),
            "without_kernel_jar": ('sc.parallelize(Seq(1), 1).map { _ => try { Class.forName("io.jspark.kernel.Main"); "found" }\n'
                                   '  catch { case _: ClassNotFoundException => "absent" } }.first()'),
        }
        cls.nb, cls.index = run_cells(cls.cells, SCALA_KERNEL, "scala", cls.folder, raising={"next_to_lock"})

    def cell(self, name):
        return self.nb.cells[self.index[name]]

    def result(self, name):
        return result_text(self.cell(name))

    def test_closures_read_top_level_values_with_the_drivers_value(self):
        self.assertEqual("List(6, 7, 8, 9)", self.result("closure"))
        self.assertEqual("List(11, 12, 13, 14)", self.result("closure_again"))

    def test_case_classes_in_datasets_map_and_group_on_executors(self):
        self.assertEqual("List(13, 17)", self.result("dataset"))
        self.assertEqual("List((1,5), (2,5))", self.result("group"))

    def test_classes_and_functions_of_cells_run_on_executors(self):
        self.assertEqual("List(#10!, #20!, #30!, #40!)", self.result("class_and_function"))

    def test_a_redefined_class_reaches_executors_in_its_new_form(self):
        self.assertEqual("List(v2:@1, v2:@2, v2:@3, v2:@4)", self.result("redefined"))

    def test_udfs_run_on_executors(self):
        self.assertEqual("List(10, 11, 12, 13)", self.result("udf"))
        self.assertEqual("List(10, 20, 30)", self.result("sql_udf"))

    def test_maven_dependencies_reach_executors(self):
        self.assertEqual("List(a1,b, a2,b, a3,b, a4,b)", self.result("maven_on_executors"))

    def test_a_value_that_cannot_be_sent_is_named_with_the_fix(self):
        text = error_text(self.cell("next_to_lock"))
        self.assertIn("the notebook value 'lock' (cell [%d])" % (self.index["lock_with_value"] + 1), text)
        self.assertIn("@transient", text)
        self.assertIn("in a cell of its own", text)
        self.assertNotIn("$line", text)
        # Apart, or transient, it keeps out of the way.
        self.assertEqual("List(3, 6, 9, 12)", self.result("beside_lone_lock"))
        self.assertEqual("List(4, 8, 12, 16)", self.result("next_to_transient"))

    def test_executors_are_two_jvms_of_their_own_without_the_kernels_jar(self):
        found = self.result("executors").removeprefix("List(").removesuffix(")").split(", ")
        ids = {entry.split("=")[0] for entry in found}
        pids = {entry.split("=")[1] for entry in found}
        self.assertEqual(2, len(ids), found)
        self.assertNotIn(self.result("kernel_pid"), pids)
        snap = monitor_snapshot(self.cell("executors"))
        self.assertEqual(ids, {e["id"] for e in snap["executors"] if e["remove_time"] == -1})
        self.assertEqual("SUCCEEDED", snap["jobs"][0]["status"])
        self.assertEqual("absent", self.result("without_kernel_jar"))


class ExampleNotebookOnClusterTest(unittest.TestCase):
    """notebooks/spark-cluster.ipynb and scala-spark-cluster.ipynb, run as a user would against the
    cluster (the master from the environment)."""

    def run_example(self, name, kernel):
        nb = nbformat.read(str(REPO / "notebooks" / name), as_version=4)
        previous = os.environ.get("JSPARK_SPARK_MASTER")
        os.environ["JSPARK_SPARK_MASTER"] = _cluster["url"]
        try:
            NotebookClient(nb, kernel_name=kernel, timeout=300, allow_errors=False).execute()
        finally:
            _restore_env("JSPARK_SPARK_MASTER", previous)
        return [result_text(c) for c in nb.cells if c.cell_type == "code" and c.source != "%spark"]

    def test_the_scala_cluster_example_notebook_runs_on_both_executors(self):
        results = self.run_example("scala-spark-cluster.ipynb", SCALA_KERNEL)
        self.assertEqual("Array(3, 6, 9, 12, 15, 18)", results[0])
        self.assertEqual("Array(10, 20, 30, 40, 50, 60)", results[1])
        self.assertEqual("Array(Scaled(2,20), Scaled(4,40), Scaled(6,60))", results[2])
        self.assertIn("PARIS", results[3])
        self.assertNotIn("LYON", results[3])
        self.assertEqual("Array(101, 102, 103, 104, 105, 106)", results[4])
        self.assertEqual("List(0, 1)", results[5])

    def test_the_cluster_example_notebook_runs_on_both_executors(self):
        results = self.run_example("spark-cluster.ipynb", KERNEL)
        self.assertEqual("[3, 6, 9, 12, 15, 18]", results[0])
        self.assertEqual("[10, 20, 30, 40, 50, 60]", results[1])
        self.assertEqual("[Scaled[original=2, scaled=20], Scaled[original=4, scaled=40], Scaled[original=6, scaled=60]]", results[2])
        self.assertIn("PARIS", results[3])
        self.assertNotIn("LYON", results[3])
        self.assertEqual("[0, 1]", results[4])


class ExecutorLossTest(unittest.TestCase):
    """An executor JVM killed in the middle of a job: its tasks fail and run again, the job succeeds."""

    def setUp(self):
        self.session = KernelSession()
        self.session.start()
        self.addCleanup(self.session.shutdown)

    def run_ok(self, code, timeout=180):
        result = self.session.execute(code, timeout=timeout)
        self.assertEqual("ok", result.status, result.reply["content"])
        return result

    def test_a_lost_executor_shows_its_tasks_retried_and_itself_removed(self):
        self.run_ok(config_cell())
        self.run_ok("long deadline = System.currentTimeMillis() + 120_000;\n"
                    "while (sc.sc().statusTracker().getExecutorInfos().length < 3 && System.currentTimeMillis() < deadline) Thread.sleep(100);\n"
                    "sc.sc().statusTracker().getExecutorInfos().length")
        found = self.run_ok(
            "sc.parallelize(List.of(1, 2, 3, 4, 5, 6), 6)\n"
            "  .map(x -> { Thread.sleep(300); return org.apache.spark.SparkEnv.get().executorId() + \"=\" + ProcessHandle.current().pid(); })\n"
            "  .distinct().collect()").result["text/plain"]
        executors = dict(entry.split("=") for entry in found.strip("[]").split(", "))
        self.assertEqual(2, len(executors), found)

        msg_id = self.session.send("execute_request", {
            "code": "sc.parallelize(java.util.stream.IntStream.range(0, 12).boxed().toList(), 12)\n"
                    "  .map(x -> { Thread.sleep(1500); return x; }).count()",
            "silent": False, "store_history": True, "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})

        def both_running():
            for m in self.session.iopub_aside_for(msg_id):
                snap = m["content"].get("data", {}).get(MIME)
                if snap and sum(e["active_tasks"] for e in snap["executors"]) >= 2:
                    return True
            return False

        self.assertTrue(wait_until(both_running, 120, interval=0.1), "the job's tasks never ran on both executors")
        victim_id, victim_pid = sorted(executors.items())[0]
        os.kill(int(victim_pid), signal.SIGKILL)
        self.assertTrue(wait_until(lambda: not process_alive(int(victim_pid)), 10))

        result = self.session.collect(msg_id, timeout=240)
        self.assertEqual("ok", result.status, result.reply["content"])
        self.assertEqual("12", result.result["text/plain"])
        snaps = [m["content"]["data"][MIME] for m in result.iopub
                 if m["msg_type"] in ("display_data", "update_display_data") and MIME in m["content"].get("data", {})]
        final = snaps[-1]
        job = final["jobs"][0]
        self.assertEqual("SUCCEEDED", job["status"], job)
        self.assertEqual(12, job["completed_tasks"], job)
        self.assertGreaterEqual(job["failed_tasks"], 1, job)
        removed = [e for e in final["executors"] if e["id"] == victim_id]
        self.assertEqual(1, len(removed), final["executors"])
        self.assertGreater(removed[0]["remove_time"], 0, removed)
        self.assertTrue(removed[0]["remove_reason"], removed)
        self.assertTrue(any(e["id"] != victim_id and e["completed_tasks"] > 0 for e in final["executors"]), final["executors"])


class ExecutorWaitTest(unittest.TestCase):
    """A cell whose application the cluster cannot serve (it asks for more memory than any worker has)
    says in its monitor what its job waits for, not only Spark's 'Initial job has not accepted any
    resources' in the log; an interrupt ends the wait and the kernel stays usable."""

    def test_a_job_no_worker_can_serve_says_what_it_waits_for(self):
        session = KernelSession()
        session.start()
        self.addCleanup(session.shutdown)
        config = "%%spark\nspark.master " + _cluster["url"] + "\nspark.executor.memory 64g"
        self.assertEqual("ok", session.execute(config, timeout=60).status)
        msg_id = session.send("execute_request", {
            "code": "spark.range(10).count()", "silent": False, "store_history": True, "user_expressions": {},
            "allow_stdin": False, "stop_on_error": True})

        def waiting_notice():
            for m in session.iopub_aside_for(msg_id):
                text = m["content"].get("data", {}).get("text/plain", "")
                if m["msg_type"] in ("display_data", "update_display_data") and "Waiting for executors" in text:
                    return text
            return None

        notice = wait_until(waiting_notice, 120, interval=0.2)
        self.assertTrue(notice, "no monitor update said the job waits for executors")
        self.assertIn("executors of 64g and all of a worker's free cores (spark.executor.memory, spark.executor.cores)", notice)
        self.assertIn("0 executors", notice)
        session.km.interrupt_kernel()
        result = session.collect(msg_id, timeout=60)
        self.assertEqual("error", result.status, result.reply["content"])
        self.assertEqual("ok", session.execute("1 + 1", timeout=30).status)


class ClusterListensOnLoopbackTest(unittest.TestCase):
    """Nothing of the cluster or of its driver is reachable from other machines: not the master's or the
    workers' web UIs, nor any port of theirs, their executors' or the kernel's."""

    def test_master_workers_executors_and_driver_listen_on_loopback_only(self):
        session = KernelSession()
        session.start()
        self.addCleanup(session.shutdown)
        self.assertEqual("ok", session.execute(config_cell(), timeout=60).status)
        result = session.execute(
            "long deadline = System.currentTimeMillis() + 120_000;\n"
            "while (sc.sc().statusTracker().getExecutorInfos().length < 3 && System.currentTimeMillis() < deadline) Thread.sleep(100);\n"
            "sc.parallelize(List.of(1, 2), 2).count()", timeout=180)
        self.assertEqual("ok", result.status, result.reply["content"])
        cluster_dir = pathlib.Path(_cluster["env"]["JSPARK_CLUSTER_DIR"])
        master = int((cluster_dir / "master.pid").read_text())
        workers = [int(p.read_text()) for p in sorted(cluster_dir.glob("worker-*.pid"))]
        master_ui = int((cluster_dir / "master.webui").read_text())
        self.assertIn(master_ui, [port for _, _, port in listening_sockets(master)])
        self.assertGreaterEqual(sum(len(process_tree(w)) for w in workers), 4, "two workers with an executor each")
        for pid in [master, session.pid] + workers:
            self.assertEqual([], off_loopback(pid), "listening beyond loopback; all: %r" % listening_sockets(pid))


class LocalClusterTest(unittest.TestCase):
    """A local-cluster master: workers inside the kernel's JVM start executor JVMs from the kernelspec's jars."""

    def test_executors_of_a_local_cluster_read_notebook_variables(self):
        session = KernelSession()
        session.start()
        self.addCleanup(session.shutdown)
        for code in ("%%spark\nspark.master local-cluster[2,1,1024]", "int n = 7;"):
            self.assertEqual("ok", session.execute(code).status)
        result = session.execute(
            "sc.parallelize(List.of(1, 2, 3, 4), 4).map(x -> x * n + \"@\" + ProcessHandle.current().pid()).collect()",
            timeout=180)
        self.assertEqual("ok", result.status, result.reply["content"])
        values = result.result["text/plain"].strip("[]").split(", ")
        self.assertEqual(["7", "14", "21", "28"], [v.split("@")[0] for v in values])
        pids = {v.split("@")[1] for v in values}
        self.assertNotIn(str(session.pid), pids, "tasks ran in executor JVMs, not the kernel's")
        # Master and workers run in the kernel's JVM, executors in its child processes.
        self.assertEqual([], off_loopback(session.pid), "listening beyond loopback; all: %r" % listening_sockets(session.pid))


if __name__ == "__main__":
    unittest.main()
