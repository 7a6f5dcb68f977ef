"""The generic kernel conformance tests of jupyter_kernel_test, fed with the language's samples."""

import unittest

import jupyter_kernel_test

from kernel_harness import KERNEL_NAME, KernelSession
from language_samples import CODE


class SparkKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = KERNEL_NAME
    language_name = CODE["language"]
    file_extension = CODE["file_extension"]
    supported_history_operations = ("tail", "range", "search")

    @classmethod
    def setUpClass(cls):
        # A kernel with a history file of its own, so that history tests do not see other runs.
        cls.session = KernelSession()
        cls.addClassCleanup(cls._stop_session)
        cls.session.start()
        cls.km, cls.kc = cls.session.km, cls.session.kc

    @classmethod
    def tearDownClass(cls):
        cls._stop_session()

    @classmethod
    def _stop_session(cls):
        cls.km = cls.kc = None
        cls.session.shutdown()


for _name, _sample in CODE["kernel_test"].items():
    setattr(SparkKernelTests, _name, _sample)


if __name__ == "__main__":
    unittest.main()
