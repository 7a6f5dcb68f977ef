"""What a session leaves on disk, and a Spark session that stops: through jupyter_client, as a frontend sees it.

The kernel's files (input history, Spark's scratch folders, the class folder for executors) hold code,
data and outputs: nobody but their owner may read them, the history follows $HOME, and nothing is left in
the temporary folder after shutdown. A Spark session that a cell stopped is replaced by a new one when a
cell next uses spark or sc; %spark restart does the same on request.
"""
import os
import shutil
import stat
import tempfile
import unittest

from jupyter_client.manager import start_new_kernel

from kernel_harness import KERNEL_NAME, STARTUP_TIMEOUT, KernelSession, SharedKernelTestCase, wait_until

SPARK_TIMEOUT = 180
MONITOR = "application/vnd.sparkmonitor+json"
OTHERS_ENTER = stat.S_IXGRP | stat.S_IXOTH
OTHERS_READ = stat.S_IRGRP | stat.S_IROTH


class KernelWithUsersDefaults(KernelSession):
    """A kernel started as a user would start it: no history file or data folder named in its environment."""

    def start(self):
        self._tmpdir = tempfile.mkdtemp(prefix="jspark-test-")
        env = {k: v for k, v in os.environ.items() if k not in ("JSPARK_HISTORY_FILE", "XDG_DATA_HOME")}
        env.update(self.extra_env)
        self.km, self.kc = start_new_kernel(kernel_name=KERNEL_NAME, startup_timeout=STARTUP_TIMEOUT, env=env)
        self.kc.allow_stdin = False
        return self


def readable_by_others(path, root):
    """Whether a user other than the owner can reach ``path`` (every folder from ``root`` down lets them in) and read it."""
    folder = os.path.dirname(path)
    while True:
        if os.stat(folder).st_mode & OTHERS_ENTER == 0:
            return False
        if folder == root:
            break
        folder = os.path.dirname(folder)
    return os.stat(path).st_mode & OTHERS_READ != 0


def is_native_library(path):
    """Compression codecs (lz4-java, snappy-java) unpack their native library into java.io.tmpdir: public code, no user data."""
    name = os.path.basename(path)
    return name.endswith(".so") or name.endswith(".so.lck")


def mode(path):
    return oct(stat.S_IMODE(os.stat(path).st_mode))


class SessionFilesTest(unittest.TestCase):

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="jspark-files-test-")
        self.addCleanup(shutil.rmtree, self.dir, ignore_errors=True)
        self.home = os.path.join(self.dir, "home")
        self.tmp = os.path.join(self.dir, "tmp")
        os.mkdir(self.home)
        os.mkdir(self.tmp)
        # As /tmp is: anyone may enter and create.
        os.chmod(self.tmp, 0o1777)
        self.kernel = KernelWithUsersDefaults(env={
            "HOME": self.home,
            "JSPARK_JVM_OPTS": "-Djava.io.tmpdir=" + self.tmp,
            "JSPARK_SPARK_MASTER": "local[2]",
        })
        self.addCleanup(self.kernel.shutdown)
        self.kernel.start()

    def test_history_and_spark_scratch_folders_are_private_and_gone_after_shutdown(self):
        self.kernel.execute_ok(self, 'String secret = "s3cret-value"; secret')
        history = os.path.join(self.home, ".local", "share", "jspark", "history.jsonl")
        self.assertTrue(wait_until(lambda: os.path.exists(history), 10), "the history follows $HOME: " + history)
        with open(history) as f:
            self.assertIn("s3cret-value", f.read())
        self.assertEqual("0o600", mode(history))
        for folder in (".local", ".local/share", ".local/share/jspark"):
            self.assertEqual("0o700", mode(os.path.join(self.home, folder)), folder)

        shuffle = self.kernel.execute(
            "spark.range(0, 1000, 1, 4).groupBy(functions.col(\"id\").mod(7)).count().count()",
            timeout=SPARK_TIMEOUT)
        self.assertEqual("ok", shuffle.status, shuffle.describe())
        self.assertEqual("7", shuffle.text)
        self.assertNotIn("spark.local.dir", shuffle.stderr, "no note about the kernel's own setting")
        created = []
        for parent, folders, files in os.walk(self.tmp):
            created.extend(os.path.join(parent, name) for name in folders + files)
        names = [os.path.relpath(p, self.tmp) for p in created]
        self.assertTrue(any(os.path.basename(n).startswith("blockmgr-") for n in names), names)
        self.assertTrue(any(os.path.basename(n).startswith("userFiles-") for n in names), names)
        exposed = [os.path.relpath(p, self.tmp) + " " + mode(p) for p in created
                   if readable_by_others(p, self.tmp) and not is_native_library(p)]
        self.assertEqual([], exposed, "what the kernel and Spark created in the temporary folder")

        self.kernel.shutdown()
        self.assertEqual([], os.listdir(self.tmp), "left behind after shutdown")


def monitor_jobs(result):
    """The jobs in the final state of a cell's monitor display."""
    shown = [m for m in result.iopub if m["msg_type"] in ("display_data", "update_display_data")
             and MONITOR in m["content"]["data"]]
    return shown[-1]["content"]["data"][MONITOR]["jobs"] if shown else []


class StoppedSparkSessionTest(SharedKernelTestCase):
    kernel_env = {"JSPARK_SPARK_MASTER": "local[2]"}

    def count_three(self):
        result = self.kernel.execute("sc.parallelize(List.of(1, 2, 3), 3).count()", timeout=SPARK_TIMEOUT)
        self.assertEqual("ok", result.status, result.describe())
        self.assertEqual("3", result.text, result.describe())
        jobs = monitor_jobs(result)
        self.assertEqual(1, len(jobs), result.describe())
        self.assertEqual(("SUCCEEDED", 3), (jobs[0]["status"], jobs[0]["completed_tasks"]))
        return result, jobs[0]

    def test_a_cell_after_spark_stop_starts_a_new_session_and_so_does_spark_restart(self):
        _, first = self.count_three()
        self.kernel.execute_ok(self, "spark.stop()")
        status = self.kernel.execute_ok(self, "%spark")
        self.assertIn("stopped", status.stdout)

        after_stop, second = self.count_three()
        self.assertEqual(1, after_stop.stdout.count("The Spark session stopped; starting a new one"), after_stop.stdout)
        self.assertNotEqual(first["id"], second["id"], "the new session's jobs are not taken for the old one's")

        restarted = self.kernel.execute("%spark restart", timeout=SPARK_TIMEOUT)
        self.assertEqual("ok", restarted.status, restarted.describe())
        self.assertIn("starting a new one", restarted.stdout)
        _, third = self.count_three()
        self.assertNotIn(third["id"], (first["id"], second["id"]))
        app = self.kernel.execute_ok(self, "sc.sc() == spark.sparkContext() && !sc.sc().isStopped()")
        self.assertEqual("true", app.text, "sc and spark refer to the running session")

    def test_spark_restart_then_a_job_in_the_same_cell(self):
        result = self.kernel.execute("%spark restart\nsc.parallelize(List.of(1, 2, 3), 3).count()", timeout=SPARK_TIMEOUT)
        self.assertEqual("ok", result.status, result.describe())
        self.assertEqual("3", result.text)
        self.assertEqual(1, len(monitor_jobs(result)), result.describe())


if __name__ == "__main__":
    unittest.main()
