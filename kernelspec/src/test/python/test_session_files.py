"""What a session leaves on disk, through jupyter_client, as a frontend sees it.

The kernel's files (input history, Spark's scratch folders, the class folder for executors) hold code,
data and outputs: nobody but their owner may read them, the history follows $HOME, and nothing is left in
the temporary folder after shutdown.
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


if __name__ == "__main__":
    unittest.main()
