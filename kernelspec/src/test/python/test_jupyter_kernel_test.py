"""The generic kernel conformance tests of jupyter_kernel_test, fed with Java samples."""

import unittest

import jupyter_kernel_test

from kernel_harness import KERNEL_NAME, KernelSession


class SparkJavaKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = KERNEL_NAME
    language_name = "java"
    file_extension = ".java"

    code_hello_world = 'System.out.println("hello, world");'
    code_stderr = 'System.err.println("to stderr");'

    completion_samples = [
        {"text": "Math.floorM", "matches": {"floorMod("}},
        {"text": "Math.ab", "matches": {"abs(", "absExact("}},
        {"text": '"abc".len', "matches": {"length()"}},
        {"text": "Integer.MAX_V", "matches": {"MAX_VALUE"}},
    ]

    complete_code_samples = [
        "int x = 1;",
        "1 + 1",
        'System.out.println("hi");',
        "for (int i = 0; i < 3; i++) {\n    System.out.println(i);\n}",
        "class Box {\n    int v;\n}",
        "%lsmagic",
        "%%html\n<b>bold</b>",
    ]
    incomplete_code_samples = [
        "for (int i = 0; i < 3; i++) {",
        "class Box {",
        "int x = 1 +",
        "void f() {\n    if (true) {",
    ]
    invalid_code_samples = [
        "}",
        ")(",
        '"an unterminated string',
        "#",
    ]

    code_page_something = "Math.abs?"

    code_generate_error = "1 / 0"

    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": '"spark" + "-" + "java"', "result": "spark-java"},
        {"code": "Math.max(3, 9)", "result": "9"},
        {"code": "1.5 * 2", "result": "3.0"},
        {"code": "java.util.List.of(1, 2, 3)", "result": "[1, 2, 3]"},
        {"code": "int n = 5;\nn * n", "result": "25"},
        {"code": 'html("<i>x</i>")', "mime": "text/html", "result": "<i>x</i>"},
    ]

    code_display_data = [
        {"code": 'display(html("<b>bold</b>"));', "mime": "text/html"},
        {"code": 'display(markdown("# Title"));', "mime": "text/markdown"},
        {
            "code": 'display(svg("<svg xmlns=\'http://www.w3.org/2000/svg\' width=\'4\' height=\'4\'/>"));',
            "mime": "image/svg+xml",
        },
        {
            "code": "display(new java.awt.image.BufferedImage(4, 4, java.awt.image.BufferedImage.TYPE_INT_RGB));",
            "mime": "image/png",
        },
        {
            "code": "display(image(new java.awt.image.BufferedImage(2, 2, java.awt.image.BufferedImage.TYPE_INT_ARGB)));",
            "mime": "image/png",
        },
        {"code": 'display("plain text");', "mime": "text/plain"},
    ]

    # A glob over whole inputs; it matches exactly one distinct sample of code_execute_result.
    code_history_pattern = "6 * 7"
    supported_history_operations = ("tail", "range", "search")

    code_inspect_sample = "Math.abs"

    code_clear_output = 'System.out.println("soon gone");\nclearOutput();'

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


if __name__ == "__main__":
    unittest.main()
