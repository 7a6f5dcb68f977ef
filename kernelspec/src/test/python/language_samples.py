"""Code samples of each kernel language, so that the protocol suites run unchanged for each.

``JSPARK_TEST_LANGUAGE`` (default ``java``) picks the table; ``CODE`` is that table. Each entry is
code that does what its name says, in the language; ``(code, text)`` pairs give the text/plain
result expected. Tests that check one language's own semantics (Java's compile errors, say) are
marked ``java_only``.
"""

import os
import unittest

JAVA = {
    "kernel": "spark-java",
    "language": "java",
    "file_extension": ".java",
    # Expressions and their text/plain results.
    "add": ("40 + 2", "42"),
    "concat": ('"x" + 1', "x1"),
    # Declares silentVar = 7 and has silentVar * 2 as its value.
    "declare_and_use": "int silentVar = 7;\nsilentVar * 2",
    "read_silent": "silentVar",
    # Declares ue = 5; the user expressions then read it.
    "declare_ue": "int ue = 5;",
    # What the declaring cell prints of itself.
    "declare_ue_stdout": "",
    "user_expressions": {"double": ("ue * 2", "10"), "text": ('"v" + ue', "v5"), "broken": "noSuchName + 1"},
    "read_ue": "ue",
    "print_from_thread": 'new Thread(() -> System.out.println("from thread")).start(); Thread.sleep(200);',
    # Prints "out-1 out-2\n" to stdout and "err-1\n" to stderr.
    "print_both": 'System.out.print("out-1 "); System.err.println("err-1"); System.out.println("out-2");',
    # Sleeps half a second, then fails with (ename, evalue) below.
    "sleep_then_fail": 'Thread.sleep(500); throw new RuntimeException("x");',
    "sleep_then_fail_ename": "java.lang.RuntimeException",
    "declare_after_fail": "int afterFail = 1;",
    "read_after_fail": "afterFail",
    "use_after_fail": "afterFail + 1",
    "undeclared_ename": "CompilationError",
    "declare_ran_anyway": "int ranAnyway = 3;",
    "double_ran_anyway": ("ranAnyway * 2", "6"),
    # The notebook API.
    "display_with_id": 'display("hello", "myid");',
    "update_display": 'updateDisplay("myid", "bye");',
    "display_keep_id": "String shownId = display(42);",
    "read_shown_id": "shownId",
    "update_shown_id": "updateDisplay(shownId, 43);",
    "print_clear_print_clear": 'System.out.println("a"); clearOutput(); System.out.println("b"); clearOutput(true);',
    "rich_displays": [
        ('display(html("<b>bold</b>"));', "text/html", "<b>bold</b>"),
        ('display(markdown("# Title"));', "text/markdown", "# Title"),
        ('display(svg("<svg xmlns=\'http://www.w3.org/2000/svg\'/>"));', "image/svg+xml", "<svg"),
    ],
    "html_result": 'html("<p>x</p>")',
    "read_name": 'String name = readLine("Name: ");\n"hello " + name',
    "password_length": 'readPassword("Secret: ").length()',
    "read_never": 'readLine("never: ")',
    "read_system_in": "new java.util.Scanner(System.in).nextLine()",
    # Interrupts.
    "declare_keep": "int keep = 41;",
    "keep_plus_one": ("keep + 1", "42"),
    "busy_loop": "while (true) {}",
    "sleep_minute": "Thread.sleep(60000);",
    "declare_kept": 'String kept = "still here";',
    "read_kept": ("kept", "still here"),
    # Sleeps 2.5 s and keeps in sleptMs how many ms it slept.
    "timed_sleep": "long t0 = System.nanoTime();\nThread.sleep(2500);\nlong sleptMs = (System.nanoTime() - t0) / 1_000_000;",
    "read_slept": "sleptMs",
    "sleep_three_seconds": "Thread.sleep(3000);",
    "interrupted_ename": "Interrupted",
    # A cell that sleeps for %d milliseconds.
    "sleep_ms": "Thread.sleep(%d);",
    # Registers the comm target busy.echo, which sends back every message it gets.
    "register_echo_target": 'comms().registerTarget("busy.echo", (comm, data) -> comm.onMessage(msg -> comm.send(msg)));',
    # Sleeps 1.5 s, then declares waited = 1; the next cell reads it.
    "sleep_then_declare_waited": "Thread.sleep(1500); int waited = 1;",
    "use_waited": "waited + 1",
    # Messages and life cycle.
    "create_marker": 'new java.io.File("%s").createNewFile();\nSystem.out.println("ran %s");',
    "declare_before": "int before = 1;",
    "read_before": "before",
    "endless_thread": (
        "var t = new Thread(() -> { while (true) { try { Thread.sleep(100); } catch (InterruptedException e) { } } });\n"
        "t.start();"
    ),
    # History: four stored inputs; the second's output is "2"; they start with "h1 + " where shown.
    "history_inputs": ["int h1 = 1;", "h1 + 1", 'String hx = "x";', "h1 + 10"],
    "history_unstored": "h1 + 100",
    # Magics: a %%time cell declaring q = 5 with q * 2 as its value.
    "timed_cell": "%%time\nint q = 5;\nq * 2",
    "read_q": ("q", "5"),
    # jupyter_kernel_test's samples.
    "kernel_test": {
        "code_hello_world": 'System.out.println("hello, world");',
        "code_stderr": 'System.err.println("to stderr");',
        "completion_samples": [
            {"text": "Math.floorM", "matches": {"floorMod("}},
            {"text": "Math.ab", "matches": {"abs(", "absExact("}},
            {"text": '"abc".len', "matches": {"length()"}},
            {"text": "Integer.MAX_V", "matches": {"MAX_VALUE"}},
        ],
        "complete_code_samples": [
            "int x = 1;",
            "1 + 1",
            'System.out.println("hi");',
            "for (int i = 0; i < 3; i++) {\n    System.out.println(i);\n}",
            "class Box {\n    int v;\n}",
            "%lsmagic",
            "%%html\n<b>bold</b>",
        ],
        "incomplete_code_samples": [
            "for (int i = 0; i < 3; i++) {",
            "class Box {",
            "int x = 1 +",
            "void f() {\n    if (true) {",
        ],
        "invalid_code_samples": ["}", ")(", '"an unterminated string', "#"],
        "code_page_something": "Math.abs?",
        "code_generate_error": "1 / 0",
        "code_execute_result": [
            {"code": "6 * 7", "result": "42"},
            {"code": '"spark" + "-" + "java"', "result": "spark-java"},
            {"code": "Math.max(3, 9)", "result": "9"},
            {"code": "1.5 * 2", "result": "3.0"},
            {"code": "java.util.List.of(1, 2, 3)", "result": "[1, 2, 3]"},
            {"code": "int n = 5;\nn * n", "result": "25"},
            {"code": 'html("<i>x</i>")', "mime": "text/html", "result": "<i>x</i>"},
        ],
        "code_display_data": [
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
        ],
        # A glob over whole inputs; it matches exactly one distinct sample of code_execute_result.
        "code_history_pattern": "6 * 7",
        "code_inspect_sample": "Math.abs",
        "code_clear_output": 'System.out.println("soon gone");\nclearOutput();',
    },
}

SCALA = {
    "kernel": "spark-scala",
    "language": "scala",
    "file_extension": ".scala",
    "add": ("40 + 2", "42"),
    "concat": ('"x" + 1', "x1"),
    "declare_and_use": "val silentVar = 7\nsilentVar * 2",
    "read_silent": "silentVar",
    "declare_ue": "val ue = 5",
    "declare_ue_stdout": "ue: Int = 5\n",
    "user_expressions": {"double": ("ue * 2", "10"), "text": ('"v" + ue', "v5"), "broken": "noSuchName + 1"},
    "read_ue": "ue",
    "print_from_thread": 'val t = new Thread(() => println("from thread")); t.start(); t.join()',
    "print_both": 'print("out-1 "); System.err.println("err-1"); println("out-2")',
    "sleep_then_fail": 'Thread.sleep(500); throw new RuntimeException("x")',
    "sleep_then_fail_ename": "java.lang.RuntimeException",
    "declare_after_fail": "val afterFail = 1",
    "read_after_fail": "afterFail",
    "use_after_fail": "afterFail + 1",
    "undeclared_ename": "CompilationError",
    "declare_ran_anyway": "val ranAnyway = 3",
    "double_ran_anyway": ("ranAnyway * 2", "6"),
    "display_with_id": 'display("hello", "myid")',
    "update_display": 'updateDisplay("myid", "bye")',
    "display_keep_id": "val shownId = newDisplay(42)",
    "read_shown_id": "shownId",
    "update_shown_id": "updateDisplay(shownId, 43)",
    "print_clear_print_clear": 'println("a"); clearOutput(); println("b"); clearOutput(true)',
    "rich_displays": [
        ('display(html("<b>bold</b>"))', "text/html", "<b>bold</b>"),
        ('display(markdown("# Title"))', "text/markdown", "# Title"),
        ('display(svg("<svg xmlns=\'http://www.w3.org/2000/svg\'/>"))', "image/svg+xml", "<svg"),
    ],
    "html_result": 'html("<p>x</p>")',
    "read_name": 'val name = readLine("Name: ")\n"hello " + name',
    "password_length": 'readPassword("Secret: ").length',
    "read_never": 'readLine("never: ")',
    "read_system_in": "new java.util.Scanner(System.in).nextLine()",
    "declare_keep": "val keep = 41",
    "keep_plus_one": ("keep + 1", "42"),
    "busy_loop": "while (true) {}",
    "sleep_minute": "Thread.sleep(60000)",
    "declare_kept": 'val kept = "still here"',
    "read_kept": ("kept", "still here"),
    "timed_sleep": "val t0 = System.nanoTime()\nThread.sleep(2500)\nval sleptMs = (System.nanoTime() - t0) / 1000000",
    "read_slept": "sleptMs",
    "sleep_three_seconds": "Thread.sleep(3000)",
    "interrupted_ename": "Interrupted",
    "sleep_ms": "Thread.sleep(%d)",
    "register_echo_target": 'comms.registerTarget("busy.echo") { (comm, data) => comm.onMessage(msg => comm.send(msg)) }',
    "sleep_then_declare_waited": "Thread.sleep(1500); val waited = 1",
    "use_waited": "waited + 1",
    "create_marker": 'new java.io.File("%s").createNewFile()\nprintln("ran %s")',
    "declare_before": "val before = 1",
    "read_before": "before",
    "endless_thread": (
        "val t = new Thread(() => while (true) { try Thread.sleep(100) catch { case _: InterruptedException => } })\n"
        "t.start()"
    ),
    "history_inputs": ["val h1 = 1", "h1 + 1", 'val hx = "x"', "h1 + 10"],
    "history_unstored": "h1 + 100",
    "timed_cell": "%%time\nval q = 5\nq * 2",
    "read_q": ("q", "5"),
    "kernel_test": {
        "code_hello_world": 'println("hello, world")',
        "code_stderr": 'System.err.println("to stderr")',
        "completion_samples": [
            {"text": "List(1, 2).ma", "matches": {"map", "mapConserve", "max", "maxBy"}},
            {"text": "math.ab", "matches": {"abs"}},
            {"text": '"abc".toUpp', "matches": {"toUpperCase"}},
            {"text": "Int.MaxV", "matches": {"MaxValue"}},
        ],
        "complete_code_samples": [
            "val x = 1",
            "1 + 1",
            'println("hi")',
            "for (i <- 0 until 3) {\n  println(i)\n}",
            "case class Box(v: Int)",
            "%lsmagic",
            "%%html\n<b>bold</b>",
        ],
        "incomplete_code_samples": [
            "def f(x: Int) = {",
            "case class Box(",
            "val s = List(1,",
            "if (true) {\n  if (false) {",
        ],
        "invalid_code_samples": ["val = 1", ")", "val 3x = 1", "def f(x: Int) = }"],
        "code_page_something": "math.abs?",
        "code_generate_error": "1 / 0",
        "code_execute_result": [
            {"code": "6 * 7", "result": "42"},
            {"code": '"spark" + "-" + "scala"', "result": "spark-scala"},
            {"code": "math.max(3, 9)", "result": "9"},
            {"code": "1.5 * 2", "result": "3.0"},
            {"code": "List(1, 2, 3)", "result": "List(1, 2, 3)"},
            {"code": "val n = 5\nn * n", "result": "25"},
            {"code": 'html("<i>x</i>")', "mime": "text/html", "result": "<i>x</i>"},
        ],
        "code_display_data": [
            {"code": 'display(html("<b>bold</b>"))', "mime": "text/html"},
            {"code": 'display(markdown("# Title"))', "mime": "text/markdown"},
            {
                "code": 'display(svg("<svg xmlns=\'http://www.w3.org/2000/svg\' width=\'4\' height=\'4\'/>"))',
                "mime": "image/svg+xml",
            },
            {
                "code": "display(new java.awt.image.BufferedImage(4, 4, java.awt.image.BufferedImage.TYPE_INT_RGB))",
                "mime": "image/png",
            },
            {
                "code": "display(image(new java.awt.image.BufferedImage(2, 2, java.awt.image.BufferedImage.TYPE_INT_ARGB)))",
                "mime": "image/png",
            },
            {"code": 'display("plain text")', "mime": "text/plain"},
        ],
        "code_history_pattern": "6 * 7",
        "code_inspect_sample": "math.abs",
        "code_clear_output": 'println("soon gone")\nclearOutput()',
    },
}

LANGUAGES = {"java": JAVA, "scala": SCALA}
LANGUAGE = os.environ.get("JSPARK_TEST_LANGUAGE", "java")
CODE = LANGUAGES[LANGUAGE]

#: For tests of one language's own semantics: its errors, its declarations, JShell's behaviour.
java_only = unittest.skipUnless(LANGUAGE == "java", "checks Java's own semantics")
