"""``jspark run``: notebooks executed without Jupyter, compared with what nbclient makes of them.

Each example notebook (those that need no cluster) runs twice, once through nbclient against the
installed kernelspec and once through ``bin/jspark run``; the two executed notebooks must validate
and agree cell by cell, up to times and ids. Failing cells, ``--keep-going``, ``--timeout`` and
papermill-style parameters are checked on small notebooks of their own.
"""

import json
import os
import re
import shutil
import subprocess
import tempfile
import time
import unittest

import nbformat
from jupyter_client.kernelspec import KernelSpecManager
from nbclient import NotebookClient

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))
NOTEBOOKS = os.path.join(REPO, "notebooks")
EXAMPLES = ["getting-started.ipynb", "spark-monitor.ipynb", "spark-views.ipynb", "scala-spark.ipynb",
            "scala-spark-monitor.ipynb"]
MONITOR = "application/vnd.sparkmonitor+json"
# What may differ between two runs of one notebook: durations, clock times, epoch milliseconds,
# generated ids and ports.
VARYING = [
    (re.compile(r"\x1b\[[0-9;]*[A-Za-z]"), ""),
    (re.compile(r"\b\d+(\.\d+)? ?(ms|s|min|h)\b"), "<time>"),
    (re.compile(r"\b\d\d:\d\d:\d\d\b"), "<clock>"),
    (re.compile(r"\b\d{12,}\b"), "<epoch>"),
    (re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b"), "<uuid>"),
    (re.compile(r"(local|app)-\d+(-\d+)?"), "<app>"),
    (re.compile(r"(127\.0\.0\.1|localhost):\d+"), "<host:port>"),
]
# Spark's own log lines: a task thread that an earlier cell started sends them to that cell, so
# which cell shows them depends on which pooled thread ran the task.
SPARK_LOG = re.compile(r"^(ERROR|WARN|INFO) \w+: ", re.M)
# Not the job id: jobs that threads of one cell start get their ids in whichever order they submit.
JOB_FIELDS = ["status", "num_tasks", "completed_tasks", "failed_tasks", "skipped_tasks", "num_stages",
              "completed_stages", "failed_stages", "skipped_stages", "description", "call_site"]


def jspark():
    spec = KernelSpecManager().get_kernel_spec("spark-java")
    return os.path.join(spec.resource_dir, "bin", "jspark")


def normalized(text):
    for pattern, replacement in VARYING:
        text = pattern.sub(replacement, text)
    return text


def comparable(output):
    """An output with what varies between runs taken out."""
    kind = output["output_type"]
    if kind == "stream":
        return {"stream": output["name"], "text": normalized(output["text"])}
    if kind == "error":
        return {"error": output["ename"], "evalue": normalized(output["evalue"]),
                "traceback": [normalized(line) for line in output["traceback"]]}
    data = output["data"]
    view = {kind: sorted(data)}
    if MONITOR in data:
        snapshot = data[MONITOR]
        view["jobs"] = sorted(({f: job.get(f) for f in JOB_FIELDS} for job in snapshot["jobs"]), key=repr)
        view["summary"] = {k: v for k, v in snapshot["summary"].items() if k not in ("executors", "cores")}
        view["text"] = sorted(re.sub(r"Job \d+", "Job <id>", normalized(data.get("text/plain", ""))).splitlines())
    else:
        view["data"] = {mime: normalized(value) if isinstance(value, str) else value for mime, value in data.items()}
    if kind == "execute_result":
        view["execution_count"] = output["execution_count"]
    return view


def merged_streams(outputs):
    """Consecutive stream outputs of one stream as one: how the kernel batches its text depends on timing."""
    merged = []
    for output in outputs:
        if merged and "stream" in output and merged[-1].get("stream") == output["stream"]:
            merged[-1] = dict(merged[-1], text=merged[-1]["text"] + output["text"])
        else:
            merged.append(output)
    return merged


def cell_views(nb):
    views = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            views.append({"markdown": cell.source})
            continue
        outputs = [o for o in cell.outputs
                   if not (o["output_type"] == "stream" and o["name"] == "stderr" and SPARK_LOG.match(o["text"]))]
        views.append({"source": cell.source, "execution_count": cell.execution_count,
                      "outputs": merged_streams([comparable(o) for o in outputs]),
                      "timing": sorted(cell.metadata.get("execution", {}))})
    return views


def notebook(cells, language="java", **metadata_extra):
    nb = nbformat.v4.new_notebook()
    name = "spark-scala" if language == "scala" else "spark-java"
    nb.metadata["kernelspec"] = {"name": name, "language": language, "display_name": name}
    for source, tags in cells:
        cell = nbformat.v4.new_code_cell(source)
        if tags:
            cell.metadata["tags"] = tags
        nb.cells.append(cell)
    nb.metadata.update(metadata_extra)
    return nb


class JsparkRunTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.work = tempfile.mkdtemp(prefix="jspark-run-")
        # No cancel buttons in the Jupyter run either: jspark run has none, nobody can click them.
        cls.env = dict(os.environ, JSPARK_WIDGETS="off", JSPARK_HISTORY_FILE="none")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.work, ignore_errors=True)

    def run_jspark(self, *args, timeout=600):
        started = time.monotonic()
        done = subprocess.run([jspark(), "run", *args], env=self.env, capture_output=True, text=True, timeout=timeout)
        return done, time.monotonic() - started

    def write(self, nb, name):
        path = os.path.join(self.work, name)
        nbformat.write(nb, path)
        return path

    def test_example_notebooks_match_nbclient(self):
        for name in EXAMPLES:
            with self.subTest(notebook=name):
                source = os.path.join(NOTEBOOKS, name)
                nb = nbformat.read(source, as_version=4)
                saved = dict(os.environ)
                os.environ.update(self.env)
                try:
                    NotebookClient(nb, kernel_name=nb.metadata.kernelspec.name, timeout=600).execute()
                finally:
                    os.environ.clear()
                    os.environ.update(saved)
                out = os.path.join(self.work, "jspark-" + name)
                done, _ = self.run_jspark(source, "-o", out)
                self.assertEqual(0, done.returncode, done.stderr)
                ours = nbformat.read(out, as_version=4)
                nbformat.validate(ours)
                self.assertEqual(nb.metadata["language_info"], ours.metadata["language_info"])
                expected, actual = cell_views(nb), cell_views(ours)
                self.assertEqual(len(expected), len(actual))
                for index, (want, got) in enumerate(zip(expected, actual)):
                    self.assertEqual(want, got, "cell %d of %s differs" % (index, name))
                code_cells = sum(1 for c in nb.cells if c.cell_type == "code" and c.source.strip())
                self.assertIn("cell %d of %d: " % (code_cells, code_cells), done.stderr)
                # The saved file is as nbformat writes it, so that the two diff cleanly.
                with open(out, encoding="utf-8") as f:
                    self.assertEqual(nbformat.writes(ours) + "\n", f.read())

    def test_a_failing_cell_stops_the_run_with_its_error(self):
        path = self.write(notebook([("int before = 1;", None),
                                    ('throw new IllegalStateException("boom in the middle");', None),
                                    ('System.out.println("after");', None)]), "failing.ipynb")
        out = os.path.join(self.work, "failing-out.ipynb")
        done, _ = self.run_jspark(path, "-o", out)
        self.assertEqual(1, done.returncode, done.stderr)
        self.assertIn("cell 2 of 3 failed", done.stderr)
        self.assertIn("boom in the middle", done.stderr)
        nb = nbformat.read(out, as_version=4)
        nbformat.validate(nb)
        self.assertEqual("error", nb.cells[1].outputs[-1]["output_type"])
        self.assertEqual([], nb.cells[2].outputs)
        self.assertIsNone(nb.cells[2].execution_count)

        done, _ = self.run_jspark(path, "-o", out, "--keep-going")
        self.assertEqual(1, done.returncode, done.stderr)
        nb = nbformat.read(out, as_version=4)
        self.assertEqual("after\n", nb.cells[2].outputs[0]["text"])
        self.assertEqual(3, nb.cells[2].execution_count)

    def test_timeout_interrupts_the_cell_and_fails_the_run(self):
        path = self.write(notebook([("Thread.sleep(600_000);", None), ('System.out.println("never");', None)]),
                          "slow.ipynb")
        out = os.path.join(self.work, "slow-out.ipynb")
        done, seconds = self.run_jspark(path, "-o", out, "--timeout", "3", timeout=120)
        self.assertEqual(1, done.returncode, done.stderr)
        self.assertIn("timed out after 3 s", done.stderr)
        self.assertLess(seconds, 90)
        nb = nbformat.read(out, as_version=4)
        self.assertEqual([], nb.cells[1].outputs)

    def test_parameters_override_the_parameters_cell(self):
        nb = notebook([('int rows = 10;\nString name = "default";\ndouble ratio = 0.5;', ["parameters"]),
                       ('System.out.println(name + " " + rows * 2 + " " + ratio + " " + extra);', None),
                       ('throw new IllegalStateException("skipped, as nbclient skips it");', ["skip-execution"])])
        path = self.write(nb, "params.ipynb")
        done, _ = self.run_jspark(path, "-p", "rows", "500", "-p", "name", 'wor"ld', "-p", "ratio", "0.25",
                                  "-p", "extra", "7")
        self.assertEqual(0, done.returncode, done.stderr)
        # Without -o the notebook is written in place.
        ran = nbformat.read(path, as_version=4)
        nbformat.validate(ran)
        self.assertEqual(["injected-parameters"], ran.cells[1].metadata["tags"])
        self.assertIn('String name = "wor\\"ld";', ran.cells[1].source)
        self.assertEqual('wor"ld 1000 0.25 7\n', ran.cells[2].outputs[0]["text"])
        self.assertEqual([], ran.cells[3].outputs)
        # The parameters cell, the injected one and the one that prints; not the skipped one.
        self.assertIn("cell 3 of 3: ok", done.stderr)

    def test_scala_parameters_and_language_from_the_notebook(self):
        nb = notebook([('val rows: Int = 10\nval label = "x"', ["parameters"]), ('println(s"$label ${rows + 1}")', None)],
                      language="scala")
        path = self.write(nb, "params-scala.ipynb")
        done, _ = self.run_jspark(path, "-p", "rows", "41", "-p", "label", "answer")
        self.assertEqual(0, done.returncode, done.stderr)
        self.assertIn("in Scala", done.stderr)
        ran = nbformat.read(path, as_version=4)
        self.assertEqual("answer 42\n", ran.cells[2].outputs[0]["text"])

    def test_nbconvert_reads_the_executed_notebook(self):
        path = self.write(notebook([("spark.range(100).count()", None)]), "convert.ipynb")
        done, _ = self.run_jspark(path)
        self.assertEqual(0, done.returncode, done.stderr)
        converted = subprocess.run(["/usr/bin/python3", "-m", "nbconvert", "--to", "markdown", "--stdout", path],
                                   capture_output=True, text=True, timeout=120)
        self.assertEqual(0, converted.returncode, converted.stderr)
        self.assertIn("100", converted.stdout)
        self.assertIn("Job 0", converted.stdout)

    def test_launcher_through_a_symbolic_link(self):
        link = os.path.join(self.work, "bin-link", "jspark")
        os.makedirs(os.path.dirname(link), exist_ok=True)
        if not os.path.lexists(link):
            os.symlink(jspark(), link)
        done = subprocess.run([link, "run", "--help"], env=self.env, capture_output=True, text=True, timeout=60)
        self.assertEqual(0, done.returncode, done.stderr)
        self.assertIn("usage: jspark run", done.stderr)

    def test_usage_errors(self):
        done, _ = self.run_jspark("--timeout", timeout=60)
        self.assertEqual(2, done.returncode)
        self.assertIn("usage: jspark run", done.stderr)
        done, _ = self.run_jspark(os.path.join(self.work, "missing.ipynb"), timeout=60)
        self.assertEqual(2, done.returncode)
        self.assertIn("cannot read", done.stderr)


if __name__ == "__main__":
    unittest.main()
