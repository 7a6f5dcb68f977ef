"""Class data sharing, as a user's first and later kernel starts meet it (kernel.sh).

The first start of a kernel finds no archive and leaves a training JVM behind it that runs a short
session and archives the classes it loaded; the next start of the same kernel maps that archive, and
its cells (Spark's included) work as before. The training keeps nothing of itself in the user's
files beyond the archive and its log, and JSPARK_CDS=off makes and uses none. The test suite runs
kernels with JSPARK_CDS=off (JupyterProcess), so these tests turn it on in a cache folder of their own.
"""
import glob
import os
import shutil
import tempfile
import time
import unittest

from kernel_harness import KernelSession, processes_mentioning, wait_until
from language_samples import CODE

#: Seconds a training may take on a loaded 2-core machine (it runs at the lowest priority).
TRAINING_TIMEOUT = 300
SPARK_TIMEOUT = 180


def archives(cache):
    return sorted(glob.glob(os.path.join(cache, "jspark", "cds", "*.jsa")))


def mapped_files(pid):
    with open(f"/proc/{pid}/maps") as maps:
        return {line.split(None, 5)[5].strip() for line in maps if len(line.split(None, 5)) == 6}


class ClassDataSharingTest(unittest.TestCase):

    def setUp(self):
        self.cache = tempfile.mkdtemp(prefix="jspark-cds-test-")
        self.sessions = []

    def tearDown(self):
        for session in self.sessions:
            session.shutdown()
        # A training still running would write into the folder as it goes.
        wait_until(lambda: not processes_mentioning(self.cache), 60)
        shutil.rmtree(self.cache, ignore_errors=True)

    def kernel(self, **env):
        session = KernelSession(env={"XDG_CACHE_HOME": self.cache, "JSPARK_CDS": "on", **env})
        self.sessions.append(session)
        return session.start()

    def test_first_start_trains_an_archive_the_next_start_maps(self):
        first = self.kernel()
        self.assertEqual(first.execute(CODE["add"][0]).status, "ok")
        self.assertEqual(archives(self.cache), [], "the archive appears only once it is complete")
        first.shutdown()
        # The training outlives the kernel that started it.
        if not wait_until(lambda: archives(self.cache), TRAINING_TIMEOUT):
            self.fail("no archive after the first start; training log:\n" + self.training_log())
        wait_until(lambda: not processes_mentioning(self.cache), 60)
        folder = os.path.join(self.cache, "jspark", "cds")
        self.assertEqual([f for f in os.listdir(folder) if f.endswith(".part")], [], "a half-written archive was left")
        self.assertEqual(oct(os.stat(folder).st_mode & 0o777), "0o700")
        archive = archives(self.cache)[0]

        second = self.kernel()
        self.assertIn(archive, mapped_files(second.pid), "the second kernel did not map the archive")
        self.assertEqual(second.execute(CODE["add"][0]).text, CODE["add"][1])
        spark = second.execute("spark.range(1000).count()", timeout=SPARK_TIMEOUT)
        self.assertEqual(spark.status, "ok", spark.describe())
        self.assertEqual(spark.text, "1000")
        self.assertEqual(archives(self.cache), [archive], "a start with an archive trains no other")

    def test_off_makes_and_maps_none(self):
        session = self.kernel(JSPARK_CDS="off")
        self.assertEqual(session.execute(CODE["add"][0]).status, "ok")
        session.shutdown()
        time.sleep(2)
        self.assertFalse(os.path.exists(os.path.join(self.cache, "jspark")), os.listdir(self.cache))

    def training_log(self):
        logs = glob.glob(os.path.join(self.cache, "jspark", "cds", "*.log"))
        text = ""
        for log in logs:
            with open(log) as f:
                text += f.read()[-3000:]
        return text


if __name__ == "__main__":
    unittest.main()
