"""Protocol tests of the spark-java kernel: each asserts on the messages a real kernel sends."""

import base64
import json
import os
import queue
import re
import shutil
import subprocess
import tempfile
import time
import unittest
import uuid

import zmq
from jupyter_client.session import DELIM, Session

from language_samples import CODE, java_only
from kernel_harness import (
    TIMEOUT,
    Result,
    SharedKernelTestCase,
    own_kernel,
    process_alive,
    processes_mentioning,
    wait_until,
)

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def plain(traceback):
    """A traceback as one string, without terminal colours."""
    return ANSI.sub("", "\n".join(traceback))


def zmq_address(info, port_name):
    return "%s://%s:%d" % (info["transport"], info["ip"], info[port_name])


# ============================================================================================
# kernel_info


class KernelInfoTests(SharedKernelTestCase):
    warm_up = False

    def test_kernel_info_reply(self):
        reply = self.kernel.request("kernel_info_request", {})
        self.assertEqual(reply["msg_type"], "kernel_info_reply")
        content = reply["content"]
        self.assertEqual(content["status"], "ok")
        self.assertEqual(content["protocol_version"], "5.3")
        self.assertTrue(content["implementation"])
        self.assertTrue(content["implementation_version"])
        self.assertTrue(content["banner"])

        info = content["language_info"]
        self.assertEqual(info["name"], CODE["language"])
        self.assertEqual(info["file_extension"], CODE["file_extension"])
        self.assertTrue(info["version"])
        self.assertTrue(info["mimetype"])
        for field in ("codemirror_mode", "pygments_lexer"):
            self.assertIn(field, info)

        links = content["help_links"]
        self.assertIsInstance(links, list)
        self.assertGreaterEqual(len(links), 1)
        for link in links:
            self.assertTrue(link["text"])
            self.assertRegex(link["url"], r"^https?://")

    def test_kernel_info_reply_header_and_status(self):
        msg_id = self.kernel.send("kernel_info_request", {})
        reply = self.kernel.reply(msg_id)
        self.assertEqual(reply["header"]["version"], "5.3")
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        states = [m["content"]["execution_state"] for m in self.kernel.iopub_messages(msg_id)]
        self.assertEqual(states, ["busy", "idle"])


# ============================================================================================
# execute_request


class ExecuteTests(SharedKernelTestCase):
    def test_execute_input_result_and_counts(self):
        (add, added), (concat, concatenated) = CODE["add"], CODE["concat"]
        first = self.kernel.execute_ok(self, add)
        second = self.kernel.execute_ok(self, concat)
        n = first.content["execution_count"]
        self.assertEqual(second.content["execution_count"], n + 1)

        for result, code, count, text in ((first, add, n, added), (second, concat, n + 1, concatenated)):
            types = [m["msg_type"] for m in result.iopub]
            self.assertEqual(types[0], "status")
            self.assertEqual(result.iopub[0]["content"]["execution_state"], "busy")
            self.assertEqual(types[1], "execute_input")
            self.assertEqual(types[-1], "status")
            inputs = result.of_type("execute_input")
            self.assertEqual(inputs[0]["content"], {"code": code, "execution_count": count})
            results = result.of_type("execute_result")
            self.assertEqual(len(results), 1)
            self.assertEqual(results[0]["content"]["execution_count"], count)
            self.assertEqual(results[0]["content"]["data"]["text/plain"], text)

    @java_only
    def test_statement_with_semicolon_has_no_result(self):
        result = self.kernel.execute_ok(self, "int quiet = 1 + 1;")
        self.assertEqual(result.outputs, [])
        result = self.kernel.execute_ok(self, "quiet * 10;")
        self.assertIsNone(result.result)
        self.assertEqual(self.kernel.execute_ok(self, "quiet * 10").text, "20")

    def test_silent_has_no_input_or_result_and_keeps_count(self):
        before = self.kernel.execute_ok(self, CODE["add"][0]).content["execution_count"]
        silent = self.kernel.execute(CODE["declare_and_use"], silent=True)
        self.assertEqual(silent.status, "ok", silent.describe())
        self.assertEqual(silent.of_type("execute_input"), [])
        self.assertEqual(silent.of_type("execute_result"), [])
        after = self.kernel.execute_ok(self, CODE["read_silent"])
        self.assertEqual(after.content["execution_count"], before + 1)
        self.assertEqual(after.text, "7")

    def test_store_history_false_keeps_count(self):
        (add, _), (concat, concatenated) = CODE["add"], CODE["concat"]
        before = self.kernel.execute_ok(self, add).content["execution_count"]
        unstored = self.kernel.execute_ok(self, concat, store_history=False)
        self.assertEqual(unstored.text, concatenated)
        after = self.kernel.execute_ok(self, add)
        self.assertEqual(after.content["execution_count"], before + 1)

    def test_user_expressions(self):
        samples = CODE["user_expressions"]
        result = self.kernel.execute_ok(
            self,
            CODE["declare_ue"],
            user_expressions={"double": samples["double"][0], "text": samples["text"][0], "broken": samples["broken"]},
        )
        expressions = result.content["user_expressions"]
        for name in ("double", "text"):
            self.assertEqual(expressions[name]["status"], "ok")
            self.assertEqual(expressions[name]["data"]["text/plain"], samples[name][1])
        self.assertEqual(expressions["broken"]["status"], "error")
        self.assertTrue(expressions["broken"]["ename"])
        self.assertIn("traceback", expressions["broken"])
        # Expressions are no cells: nothing of theirs shows (only the cell's own echo, in Scala), the count stays.
        self.assertEqual([m["msg_type"] for m in result.outputs if m["msg_type"] != "stream"], [])
        self.assertEqual(result.stdout, CODE["declare_ue_stdout"])
        count = result.content["execution_count"]
        self.assertEqual(self.kernel.execute_ok(self, CODE["read_ue"]).content["execution_count"], count + 1)

    def test_stdout_of_a_thread_the_cell_started(self):
        result = self.kernel.execute_ok(self, CODE["print_from_thread"])
        self.assertIn("from thread", result.stdout)
        for m in result.of_type("stream"):
            self.assertEqual(m["parent_header"]["msg_id"], result.msg_id)

    def test_stdout_and_stderr_streams(self):
        result = self.kernel.execute_ok(self, CODE["print_both"])
        self.assertEqual(result.stdout, "out-1 out-2\n")
        self.assertEqual(result.stderr, "err-1\n")

    @java_only
    def test_multi_snippet_cell_and_redefinition(self):
        result = self.kernel.execute_ok(
            self,
            "class Point {\n"
            "    final int x, y;\n"
            "    Point(int x, int y) { this.x = x; this.y = y; }\n"
            "    int sum() { return x + y; }\n"
            "}\n"
            "int twice(int v) { return 2 * v; }\n"
            "Point p = new Point(2, 3);\n"
            "twice(p.sum())",
        )
        self.assertEqual(result.text, "10")
        result = self.kernel.execute_ok(self, "int twice(int v) { return 3 * v; }\ntwice(p.sum())")
        self.assertEqual(result.text, "15")
        result = self.kernel.execute_ok(
            self,
            "class Point {\n"
            "    final int x, y;\n"
            "    Point(int x, int y) { this.x = x; this.y = y; }\n"
            "    int sum() { return x * y; }\n"
            "}\n"
            "twice(new Point(2, 3).sum())",
        )
        self.assertEqual(result.text, "18")

    @java_only
    def test_compile_error_points_at_its_line(self):
        result = self.kernel.execute("int a = 1;\nString s = a;\nint c = 3;")
        self.assertEqual(result.status, "error")
        self.assertEqual(result.content["ename"], "CompilationError")
        error = result.error
        self.assertIsNotNone(error, result.describe())
        self.assertEqual(error["ename"], "CompilationError")
        self.assertIn("incompatible types", error["evalue"])
        self.assertRegex(plain(error["traceback"]), r"\bline 2\b")
        self.assertNotRegex(plain(error["traceback"]), r"\bline [13]\b")

    @java_only
    def test_runtime_error_traceback_is_trimmed(self):
        result = self.kernel.execute(
            "int boom(int d) { return 10 / d; }\n"
            "int outer(int d) { return boom(d) + 1; }\n"
            "outer(0)"
        )
        self.assertEqual(result.status, "error")
        error = result.error
        self.assertEqual(error["ename"], "java.lang.ArithmeticException")
        self.assertEqual(result.content["ename"], "java.lang.ArithmeticException")
        self.assertEqual(error["evalue"], "/ by zero")
        text = plain(error["traceback"])
        self.assertIn("boom", text)
        self.assertIn("outer", text)
        for internal in ("jdk.jshell", "io.jspark", "REPL.$JShell", "$JShell$"):
            self.assertNotIn(internal, text)

    @java_only
    def test_runtime_error_in_method_of_earlier_cell(self):
        define = self.kernel.execute_ok(
            self, "class Calc {\n    int div(int a, int b) {\n        return a / b;\n    }\n}"
        )
        result = self.kernel.execute("new Calc().div(1, 0)")
        self.assertEqual(result.status, "error")
        text = plain(result.error["traceback"])
        self.assertIn("Calc.div", text)
        # The frame points at the line of the defining cell, whatever label that cell has.
        frame = [line for line in text.splitlines() if "Calc.div" in line][0]
        self.assertRegex(frame, r"\bline 3\b")
        self.assertIn(str(define.content["execution_count"]), frame)

    @java_only
    def test_exception_cause_is_shown(self):
        result = self.kernel.execute('throw new RuntimeException("outer", new IllegalStateException("inner"));')
        self.assertEqual(result.status, "error")
        self.assertEqual(result.error["ename"], "java.lang.RuntimeException")
        self.assertEqual(result.error["evalue"], "outer")
        text = plain(result.error["traceback"])
        self.assertIn("Caused by", text)
        self.assertIn("java.lang.IllegalStateException: inner", text)

    @java_only
    def test_error_reply_matches_error_message(self):
        result = self.kernel.execute("Integer.parseInt(\"zz\")")
        self.assertEqual(result.status, "error")
        self.assertEqual(result.content["ename"], "java.lang.NumberFormatException")
        for key in ("ename", "evalue", "traceback"):
            self.assertEqual(result.content[key], result.error[key])

    def test_stop_on_error_aborts_queued_cells(self):
        k = self.kernel
        first = k.kc.execute(CODE["sleep_then_fail"])
        second = k.kc.execute(CODE["declare_after_fail"])
        third = k.kc.execute(CODE["use_after_fail"])
        r1 = k.collect(first)
        r2 = k.collect(second)
        r3 = k.collect(third)
        self.assertEqual(r1.status, "error")
        self.assertEqual(r1.content["ename"], CODE["sleep_then_fail_ename"])
        self.assertEqual(r2.status, "aborted", r2.describe())
        self.assertEqual(r3.status, "aborted", r3.describe())
        # The aborted cells did not run, and cells sent afterwards run again.
        later = k.execute(CODE["read_after_fail"])
        self.assertEqual(later.status, "error")
        self.assertEqual(later.content["ename"], CODE["undeclared_ename"])
        self.assertEqual(k.execute_ok(self, CODE["add"][0]).text, CODE["add"][1])

    def test_cell_sent_after_a_failed_cell_finished_is_not_aborted(self):
        # Only requests already queued when a cell fails are aborted. A request sent after the
        # failed cell's reply and idle status arrived was not queued then. The kernel's window for
        # this mistake is short, so the test tries many times.
        k = self.kernel
        aborted = []
        for attempt in range(100):
            failed = k.collect(k.kc.execute("%nosuchmagic"))
            self.assertEqual(failed.status, "error")
            after = k.collect(k.kc.execute(CODE["add"][0]))
            if after.status != "ok":
                aborted.append((attempt, after.status))
        self.assertEqual(aborted, [], "cells sent after a failed cell had finished were aborted")

    def test_stop_on_error_false_does_not_abort(self):
        k = self.kernel
        first = k.kc.execute(CODE["sleep_then_fail"], stop_on_error=False)
        second = k.kc.execute(CODE["declare_ran_anyway"])
        third = k.kc.execute(CODE["double_ran_anyway"][0])
        self.assertEqual(k.collect(first).status, "error")
        self.assertEqual(k.collect(second).status, "ok")
        r3 = k.collect(third)
        self.assertEqual(r3.status, "ok")
        self.assertEqual(r3.text, CODE["double_ran_anyway"][1])


# ============================================================================================
# Rich output


class DisplayTests(SharedKernelTestCase):
    def test_display_with_id_then_update(self):
        shown = self.kernel.execute_ok(self, CODE["display_with_id"])
        displays = shown.of_type("display_data")
        self.assertEqual(len(displays), 1)
        self.assertEqual(displays[0]["content"]["data"]["text/plain"], "hello")
        self.assertEqual(displays[0]["content"]["transient"]["display_id"], "myid")
        self.assertIsNone(shown.result)

        updated = self.kernel.execute_ok(self, CODE["update_display"])
        updates = updated.of_type("update_display_data")
        self.assertEqual(len(updates), 1)
        self.assertEqual(updates[0]["content"]["data"]["text/plain"], "bye")
        self.assertEqual(updates[0]["content"]["transient"]["display_id"], "myid")
        self.assertEqual(updated.of_type("display_data"), [])

    def test_display_returns_its_generated_id(self):
        shown = self.kernel.execute_ok(self, CODE["display_keep_id"])
        display_id = shown.of_type("display_data")[0]["content"]["transient"]["display_id"]
        self.assertTrue(display_id)
        self.assertEqual(self.kernel.execute_ok(self, CODE["read_shown_id"]).text, display_id)
        updated = self.kernel.execute_ok(self, CODE["update_shown_id"])
        self.assertEqual(updated.of_type("update_display_data")[0]["content"]["transient"]["display_id"], display_id)

    def test_clear_output_keeps_order(self):
        result = self.kernel.execute_ok(self, CODE["print_clear_print_clear"])
        seen = [
            (m["msg_type"], m["content"].get("text", m["content"].get("wait")))
            for m in result.outputs
        ]
        self.assertEqual(seen, [("stream", "a\n"), ("clear_output", False), ("stream", "b\n"), ("clear_output", True)])

    def test_rich_mime_types(self):
        for code, mime, expected in CODE["rich_displays"]:
            with self.subTest(mime=mime):
                data = self.kernel.execute_ok(self, code).of_type("display_data")[0]["content"]["data"]
                self.assertIn(expected, data[mime])
                self.assertIn("text/plain", data)

    @java_only
    def test_buffered_image_is_png(self):
        result = self.kernel.execute_ok(
            self,
            "var img = new java.awt.image.BufferedImage(3, 2, java.awt.image.BufferedImage.TYPE_INT_RGB);\nimg",
        )
        png = result.result["image/png"]
        raw = base64.b64decode(png)
        self.assertEqual(raw[:8], b"\x89PNG\r\n\x1a\n")
        # The IHDR chunk holds width and height.
        self.assertEqual(int.from_bytes(raw[16:20], "big"), 3)
        self.assertEqual(int.from_bytes(raw[20:24], "big"), 2)

    def test_mime_bundle_as_result(self):
        result = self.kernel.execute_ok(self, CODE["html_result"])
        self.assertEqual(result.result["text/html"], "<p>x</p>")
        self.assertEqual(result.of_type("display_data"), [])


# ============================================================================================
# stdin


class StdinTests(SharedKernelTestCase):
    def ask(self, code, answers):
        """Runs ``code`` with stdin allowed, answering its input requests in turn."""
        k = self.kernel
        msg_id = k.kc.execute(code, allow_stdin=True)
        requests = []
        for answer in answers:
            request = k.kc.get_stdin_msg(timeout=TIMEOUT)
            self.assertEqual(request["msg_type"], "input_request")
            self.assertEqual(request["parent_header"]["msg_id"], msg_id)
            requests.append(request["content"])
            k.kc.input(answer)
        return requests, k.collect(msg_id)

    def test_read_line(self):
        requests, result = self.ask(CODE["read_name"], ["Ada"])
        self.assertEqual(requests, [{"prompt": "Name: ", "password": False}])
        self.assertEqual(result.status, "ok", result.describe())
        self.assertEqual(result.text, "hello Ada")

    def test_read_password(self):
        requests, result = self.ask(CODE["password_length"], ["abcd"])
        self.assertEqual(requests[0]["password"], True)
        self.assertEqual(requests[0]["prompt"], "Secret: ")
        self.assertEqual(result.text, "4")

    def test_system_in(self):
        requests, result = self.ask(CODE["read_system_in"], ["typed line"])
        self.assertEqual(len(requests), 1)
        self.assertEqual(result.status, "ok", result.describe())
        self.assertEqual(result.text, "typed line")

    @java_only
    def test_system_in_two_lines(self):
        requests, result = self.ask(
            "var reader = new BufferedReader(new InputStreamReader(System.in));\n"
            'reader.readLine() + "|" + reader.readLine()',
            ["one", "two"],
        )
        self.assertEqual(len(requests), 2)
        self.assertEqual(result.text, "one|two")

    def test_stdin_not_allowed_is_an_error(self):
        k = self.kernel
        msg_id = k.kc.execute(CODE["read_never"], allow_stdin=False)
        result = k.collect(msg_id, timeout=15)
        self.assertEqual(result.status, "error", result.describe())
        self.assertIsNotNone(result.error)
        with self.assertRaises(queue.Empty):
            k.kc.get_stdin_msg(timeout=0.5)
        # Also for System.in.
        result = k.execute(CODE["read_system_in"], allow_stdin=False, timeout=15)
        self.assertEqual(result.status, "error", result.describe())

    def test_notebook_api_error_hides_kernel_frames(self):
        result = self.kernel.execute(CODE["read_never"], allow_stdin=False, timeout=15)
        self.assertEqual(result.status, "error")
        text = plain(result.error["traceback"])
        for internal in ("jdk.jshell", "io.jspark"):
            self.assertNotIn(internal, text)


# ============================================================================================
# Interrupts and heartbeat


class BusyKernelTests(SharedKernelTestCase):
    INTERRUPT_LIMIT = 2.0

    def interrupt(self):
        self.kernel.km.interrupt_kernel()
        return time.monotonic()

    def interrupt_after_start(self, code):
        """Starts ``code``, interrupts it once it runs; returns (seconds to the reply, result)."""
        k = self.kernel
        msg_id = k.kc.execute(code)
        k.wait_for_iopub(msg_id, "execute_input")
        time.sleep(0.5)
        started = self.interrupt()
        reply = k.reply(msg_id, timeout=20)
        elapsed = time.monotonic() - started
        iopub = k.iopub_messages(msg_id)
        return elapsed, Result(msg_id, reply, iopub)

    def test_interrupt_busy_loop(self):
        self.kernel.execute_ok(self, CODE["declare_keep"])
        elapsed, result = self.interrupt_after_start(CODE["busy_loop"])
        self.assertLess(elapsed, self.INTERRUPT_LIMIT)
        self.assertEqual(result.status, "error")
        self.assertEqual(result.content["ename"], CODE["interrupted_ename"])
        self.assertEqual(self.kernel.execute_ok(self, CODE["keep_plus_one"][0]).text, CODE["keep_plus_one"][1])

    def test_interrupt_sleep(self):
        self.kernel.execute_ok(self, CODE["declare_kept"])
        elapsed, result = self.interrupt_after_start(CODE["sleep_minute"])
        self.assertLess(elapsed, self.INTERRUPT_LIMIT)
        self.assertEqual(result.status, "error")
        self.assertEqual(result.content["ename"], CODE["interrupted_ename"])
        self.assertEqual(self.kernel.execute_ok(self, CODE["read_kept"][0]).text, CODE["read_kept"][1])

    @java_only
    def test_interrupt_busy_loop_in_method(self):
        self.kernel.execute_ok(self, "long spin() { long n = 0; while (n >= 0) { n = (n * 31 + 7) % 1000003; } return n; }")
        elapsed, result = self.interrupt_after_start("spin()")
        self.assertLess(elapsed, self.INTERRUPT_LIMIT)
        self.assertEqual(result.content["ename"], "Interrupted")
        self.assertEqual(self.kernel.execute_ok(self, "2 + 2").text, "4")

    def test_interrupt_does_not_stop_the_next_cell(self):
        elapsed, result = self.interrupt_after_start(CODE["sleep_minute"])
        self.assertEqual(result.content["ename"], CODE["interrupted_ename"])
        # A cell started right after the interrupted one must run to its end.
        result = self.kernel.execute(CODE["timed_sleep"])
        self.assertEqual(result.status, "ok", result.describe())
        slept = int(self.kernel.execute_ok(self, CODE["read_slept"]).text)
        self.assertGreaterEqual(slept, 2500, "the cell after an interrupted one was stopped early")

    def test_interrupt_while_waiting_for_input(self):
        k = self.kernel
        msg_id = k.kc.execute(CODE["read_never"], allow_stdin=True)
        k.kc.get_stdin_msg(timeout=TIMEOUT)
        started = self.interrupt()
        reply = k.reply(msg_id, timeout=20)
        self.assertLess(time.monotonic() - started, self.INTERRUPT_LIMIT)
        k.iopub_messages(msg_id)
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], CODE["interrupted_ename"])
        self.assertEqual(k.execute_ok(self, CODE["add"][0]).text, CODE["add"][1])

    def test_heartbeat_while_cell_runs(self):
        k = self.kernel
        info = k.km.get_connection_info()
        context = zmq.Context()
        socket = context.socket(zmq.REQ)
        socket.linger = 0
        self.addCleanup(context.term)
        self.addCleanup(socket.close)
        socket.connect(zmq_address(info, "hb_port"))
        msg_id = k.kc.execute(CODE["sleep_three_seconds"])
        k.wait_for_iopub(msg_id, "execute_input")
        for i in range(3):
            ping = b"ping-%d" % i
            started = time.monotonic()
            socket.send(ping)
            self.assertTrue(socket.poll(1000), "no heartbeat echo within 1 s while a cell runs")
            self.assertEqual(socket.recv(), ping)
            self.assertLess(time.monotonic() - started, 1.0)
            time.sleep(0.3)
        # The cell was still running during the pings.
        self.assertEqual(k.iopub_aside_for(msg_id)[-1]["msg_type"], "execute_input")
        self.assertEqual(k.collect(msg_id).status, "ok")


# ============================================================================================
# Errors the kernel survives


@java_only
class ResilienceTests(SharedKernelTestCase):
    kernel_env = {"JSPARK_JVM_OPTS": "-Xmx512m"}

    def test_system_exit_keeps_state(self):
        self.kernel.execute_ok(self, "int keepme = 7;")
        result = self.kernel.execute("System.exit(3);")
        self.assertEqual(result.status, "error")
        self.assertEqual(result.content["ename"], "SystemExit")
        self.assertIn("3", result.content["evalue"])
        self.assertEqual(self.kernel.execute_ok(self, "keepme").text, "7")
        self.assertTrue(process_alive(self.kernel.pid))

    def test_stack_overflow(self):
        result = self.kernel.execute("int down(int n) { return down(n + 1) + 1; }\ndown(0)", timeout=60)
        self.assertEqual(result.status, "error")
        self.assertEqual(result.content["ename"], "java.lang.StackOverflowError")
        self.assertEqual(self.kernel.execute_ok(self, "int fine = 1 + 1;\nfine").text, "2")

    def test_out_of_memory(self):
        result = self.kernel.execute(
            "long[][] a = new long[1000][];\n"
            "for (int i = 0; i < a.length; i++) a[i] = new long[50_000_000];",
            timeout=120,
        )
        self.assertEqual(result.status, "error", result.describe())
        self.assertEqual(result.content["ename"], "java.lang.OutOfMemoryError")
        after = self.kernel.execute_ok(self, "a = null;\nString.join(\",\", List.of(\"still\", \"works\"))", timeout=60)
        self.assertEqual(after.text, "still,works")
        self.assertTrue(process_alive(self.kernel.pid))


# ============================================================================================
# Comms


@java_only
class CommTests(SharedKernelTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        result = cls.kernel.execute(
            "var lastClose = new java.util.concurrent.atomic.AtomicReference<Object>();\n"
            'comms().registerTarget("test.echo", (comm, data) -> {\n'
            "    comm.onMessage(msg -> comm.send(msg));\n"
            "    comm.onClose(msg -> lastClose.set(msg));\n"
            '    comm.send(Map.of("opened", data));\n'
            "});"
        )
        if result.status != "ok":
            raise AssertionError("could not register the comm target:\n" + result.describe())

    def comm_info(self, target_name=None):
        content = {} if target_name is None else {"target_name": target_name}
        reply = self.kernel.request("comm_info_request", content)
        self.assertEqual(reply["msg_type"], "comm_info_reply")
        self.assertEqual(reply["content"]["status"], "ok")
        return reply["content"]["comms"]

    def test_kernel_opened_comm_in_comm_info(self):
        result = self.kernel.execute_ok(self, 'var kc1 = comms().open("test.kernelside", Map.of("a", 1));')
        opens = result.of_type("comm_open")
        self.assertEqual(len(opens), 1)
        comm_id = opens[0]["content"]["comm_id"]
        self.assertEqual(opens[0]["content"]["target_name"], "test.kernelside")
        self.assertEqual(opens[0]["content"]["data"], {"a": 1})

        self.assertEqual(self.comm_info()[comm_id], {"target_name": "test.kernelside"})
        filtered = self.comm_info("test.kernelside")
        self.assertIn(comm_id, filtered)
        self.assertTrue(all(c["target_name"] == "test.kernelside" for c in filtered.values()))
        self.assertNotIn(comm_id, self.comm_info("test.other"))

        sent = self.kernel.execute_ok(self, 'kc1.send(Map.of("n", 2));\nkc1.close();')
        self.assertEqual(
            [(m["msg_type"], m["content"]["comm_id"], m["content"]["data"]) for m in sent.outputs],
            [("comm_msg", comm_id, {"n": 2}), ("comm_close", comm_id, {})],
        )
        self.assertNotIn(comm_id, self.comm_info())

    def test_frontend_open_to_registered_target(self):
        k = self.kernel
        comm_id = uuid.uuid4().hex
        open_id = k.send("comm_open", {"comm_id": comm_id, "target_name": "test.echo", "data": {"x": 1}})
        opened = [m for m in k.iopub_messages(open_id) if m["msg_type"] == "comm_msg"]
        self.assertEqual(len(opened), 1)
        self.assertEqual(opened[0]["content"]["comm_id"], comm_id)
        self.assertEqual(opened[0]["content"]["data"], {"opened": {"x": 1}})
        self.assertIn(comm_id, self.comm_info("test.echo"))

        msg_id = k.send("comm_msg", {"comm_id": comm_id, "data": {"ping": [1, "two"]}})
        echoed = [m for m in k.iopub_messages(msg_id) if m["msg_type"] == "comm_msg"]
        self.assertEqual(len(echoed), 1)
        self.assertEqual(echoed[0]["parent_header"]["msg_id"], msg_id)
        self.assertEqual(echoed[0]["content"], {"comm_id": comm_id, "data": {"ping": [1, "two"]}})

        close_id = k.send("comm_close", {"comm_id": comm_id, "data": {"bye": True}})
        k.iopub_messages(close_id)
        self.assertNotIn(comm_id, self.comm_info())
        self.assertEqual(k.execute_ok(self, "lastClose.get()").text, "{bye=true}")

    def test_frontend_open_to_unknown_target_is_closed(self):
        k = self.kernel
        comm_id = uuid.uuid4().hex
        open_id = k.send("comm_open", {"comm_id": comm_id, "target_name": "test.nobody", "data": {}})
        closes = [m for m in k.iopub_messages(open_id) if m["msg_type"] == "comm_close"]
        self.assertEqual(len(closes), 1)
        self.assertEqual(closes[0]["content"]["comm_id"], comm_id)
        self.assertNotIn(comm_id, self.comm_info())
        self.assertEqual(k.execute_ok(self, "1").text, "1")


# ============================================================================================
# complete, inspect, is_complete


@java_only
class IntrospectionTests(SharedKernelTestCase):
    def test_is_complete_incomplete_for_loop(self):
        reply = self.kernel.is_complete("for (int i = 0; i < 3; i++) {")
        self.assertEqual(reply["status"], "incomplete")
        self.assertEqual(reply["indent"], "    ")

    def test_is_complete_nested_indent(self):
        reply = self.kernel.is_complete("void f() {\n    if (true) {")
        self.assertEqual(reply["status"], "incomplete")
        self.assertEqual(reply["indent"], "        ")

    def test_is_complete_complete_and_invalid(self):
        self.assertEqual(self.kernel.is_complete("int x = 1;")["status"], "complete")
        self.assertEqual(self.kernel.is_complete("}")["status"], "invalid")

    def test_complete_member(self):
        reply = self.kernel.complete("Math.floorM")
        self.assertEqual(reply["status"], "ok")
        self.assertIn("floorMod(", reply["matches"])
        self.assertEqual(reply["cursor_start"], 5)
        self.assertEqual(reply["cursor_end"], 11)

    def test_complete_on_second_line(self):
        code = "int a = 1;\nMath.floorM"
        reply = self.kernel.complete(code)
        self.assertIn("floorMod(", reply["matches"])
        self.assertEqual(reply["cursor_start"], len("int a = 1;\nMath."))
        self.assertEqual(reply["cursor_end"], len(code))

    def test_complete_in_middle_of_cell(self):
        code = "int a = 1;\nMath.floorM\nint b = 2;"
        cursor = len("int a = 1;\nMath.floorM")
        reply = self.kernel.complete(code, cursor)
        self.assertIn("floorMod(", reply["matches"])
        self.assertEqual(reply["cursor_start"], cursor - len("floorM"))
        self.assertEqual(reply["cursor_end"], cursor)

    def test_complete_counts_code_points(self):
        code = 'String s = "\U0001F600\U0001F600"; Math.floorM'
        reply = self.kernel.complete(code)
        self.assertIn("floorMod(", reply["matches"])
        self.assertEqual(reply["cursor_end"], len(code))
        self.assertEqual(reply["cursor_start"], len(code) - len("floorM"))

        code = '"\U0001F600".len + 1'
        cursor = len('"\U0001F600".len')
        reply = self.kernel.complete(code, cursor)
        self.assertIn("length()", reply["matches"])
        self.assertEqual((reply["cursor_start"], reply["cursor_end"]), (cursor - 3, cursor))

    def test_complete_user_variable(self):
        self.kernel.execute_ok(self, "int myVariable = 3;")
        reply = self.kernel.complete("myVar")
        self.assertIn("myVariable", reply["matches"])
        self.assertEqual((reply["cursor_start"], reply["cursor_end"]), (0, 5))

    def test_complete_magic(self):
        reply = self.kernel.complete("%lsm")
        self.assertEqual(reply["matches"], ["lsmagic"])
        self.assertEqual((reply["cursor_start"], reply["cursor_end"]), (1, 4))

    def test_inspect_found(self):
        reply = self.kernel.inspect("Math.abs")
        self.assertEqual(reply["status"], "ok")
        self.assertTrue(reply["found"])
        self.assertIn("abs", reply["data"]["text/plain"])

    def test_inspect_after_emoji(self):
        reply = self.kernel.inspect('String e = "\U0001F600"; Math.abs')
        self.assertTrue(reply["found"])
        self.assertIn("abs", reply["data"]["text/plain"])

    def test_inspect_not_found(self):
        reply = self.kernel.inspect("noSuchThingAnywhere")
        self.assertEqual(reply["status"], "ok")
        self.assertFalse(reply["found"])

    def test_pager_payload(self):
        result = self.kernel.execute_ok(self, "Math.abs?")
        payload = result.content["payload"]
        self.assertEqual(len(payload), 1)
        self.assertEqual(payload[0]["source"], "page")
        self.assertIn("abs", payload[0]["data"]["text/plain"])


# ============================================================================================
# history


class HistoryTests(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="jspark-history-")
        self.addCleanup(shutil.rmtree, self.tmp, True)
        self.history_file = os.path.join(self.tmp, "history.jsonl")

    def test_tail_range_search_and_persistence(self):
        k = own_kernel(self, history_file=self.history_file)
        codes = CODE["history_inputs"]
        for code in codes:
            k.execute_ok(self, code)
        k.execute_ok(self, CODE["history_unstored"], store_history=False)

        tail = k.history(hist_access_type="tail", n=4)["history"]
        self.assertEqual([h[2] for h in tail], codes)
        session = tail[0][0]
        lines = [h[1] for h in tail]
        self.assertEqual(lines, list(range(lines[0], lines[0] + 4)))
        self.assertTrue(all(h[0] == session for h in tail))

        with_output = k.history(hist_access_type="tail", n=4, output=True)["history"]
        self.assertEqual(with_output[1][2], ["h1 + 1", "2"])

        ranged = k.history(hist_access_type="range", session=session, start=lines[1], stop=lines[3])["history"]
        self.assertEqual([(h[1], h[2]) for h in ranged], [(lines[1], codes[1]), (lines[2], codes[2])])

        found = k.history(hist_access_type="search", pattern="h1 + 1*")["history"]
        self.assertEqual([h[2] for h in found], ["h1 + 1", "h1 + 10"])
        found = k.history(hist_access_type="search", pattern="h1 + 1?")["history"]
        self.assertEqual([h[2] for h in found], ["h1 + 10"])

        k.execute_ok(self, "h1 + 1")
        found = k.history(hist_access_type="search", pattern="h1 + 1", unique=True)["history"]
        self.assertEqual(len(found), 1)
        found = k.history(hist_access_type="search", pattern="h1 + *", n=2)["history"]
        self.assertEqual([h[2] for h in found], ["h1 + 10", "h1 + 1"])

        # Entries are persisted and a new session continues after them.
        with open(self.history_file) as f:
            persisted = [json.loads(line)["input"] for line in f if line.strip()]
        self.assertEqual(persisted, codes + ["h1 + 1"])
        k.shutdown()

        k2 = own_kernel(self, history_file=self.history_file)
        tail = k2.history(hist_access_type="tail", n=5)["history"]
        self.assertEqual([h[2] for h in tail], codes + ["h1 + 1"])
        k2.execute_ok(self, "6 * 7")
        last = k2.history(hist_access_type="tail", n=1)["history"][0]
        self.assertEqual(last[0], session + 1)
        self.assertEqual(last[2], "6 * 7")
        old = k2.history(hist_access_type="range", session=session, start=lines[0], stop=lines[0] + 1)["history"]
        self.assertEqual([h[2] for h in old], [codes[0]])


# ============================================================================================
# Message handling: unknown types, signatures, malformed messages


class RawShell:
    """A DEALER socket on the kernel's shell port that sends hand-made frames."""

    def __init__(self, info):
        key = info["key"]
        if isinstance(key, str):
            key = key.encode()
        self.session = Session(key=key, signature_scheme=info["signature_scheme"], username="raw-test")
        self.context = zmq.Context()
        self.socket = self.context.socket(zmq.DEALER)
        self.socket.linger = 0
        self.socket.connect(zmq_address(info, "shell_port"))

    def close(self):
        self.socket.close()
        self.context.term()

    def frames(self, msg_type, content):
        """A message and its signed frames: [DELIM, signature, header, parent, metadata, content]."""
        msg = self.session.msg(msg_type, content)
        frames = self.session.serialize(msg)
        assert frames[0] == DELIM
        return msg["header"]["msg_id"], list(frames)

    def sign(self, parts):
        return self.session.sign(parts)

    def send(self, frames):
        self.socket.send_multipart(frames)

    def replies(self, timeout):
        """Every message that arrives within ``timeout`` seconds, as (parent msg_id, msg)."""
        got = []
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not self.socket.poll(int(remaining * 1000)):
                return got
            frames = self.socket.recv_multipart()
            _, parts = self.session.feed_identities(frames)
            msg = self.session.deserialize(parts)
            got.append((msg["parent_header"].get("msg_id"), msg))

    def reply_to(self, msg_id, timeout=TIMEOUT):
        """Waits for the reply to ``msg_id``; returns it with every other reply that came first."""
        others = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for parent, msg in self.replies(min(0.5, deadline - time.monotonic())):
                if parent == msg_id:
                    return msg, others
                others.append((parent, msg))
        raise AssertionError("no reply to %s within %ss" % (msg_id, timeout))


class MessageHandlingTests(SharedKernelTestCase):
    def setUp(self):
        self.raw = RawShell(self.kernel.km.get_connection_info())
        self.addCleanup(self.raw.close)
        self.tmp = tempfile.mkdtemp(prefix="jspark-signing-")
        self.addCleanup(shutil.rmtree, self.tmp, True)

    def marker_code(self, name):
        path = os.path.join(self.tmp, name)
        return path, CODE["create_marker"] % (path, name)

    def assert_still_serving(self, dropped_ids):
        """A good request sent after the bad ones is answered, and nothing answered the bad ones."""
        good_id, frames = self.raw.frames("execute_request", {"code": "20 + 22", "silent": False})
        self.raw.send(frames)
        reply, others = self.raw.reply_to(good_id)
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual([p for p, _ in others if p in dropped_ids], [])
        results = [m for m in self.kernel.iopub_messages(good_id) if m["msg_type"] == "execute_result"]
        self.assertEqual(results[0]["content"]["data"]["text/plain"], "42")
        for msg_id in dropped_ids:
            self.assertEqual(self.kernel.iopub_aside_for(msg_id), [], "the kernel handled dropped message %s" % msg_id)

    def test_unknown_request_type_gets_error_reply(self):
        reply = self.kernel.request("no_such_thing_request", {})
        self.assertEqual(reply["msg_type"], "no_such_thing_reply")
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(self.kernel.execute_ok(self, "1 + 2").text, "3")

    def test_unknown_non_request_type_is_ignored(self):
        notice_id = self.kernel.send("no_such_notice", {})
        info_id = self.kernel.send("kernel_info_request", {})
        self.assertEqual(self.kernel.reply(info_id)["content"]["status"], "ok")
        self.assertFalse(self.kernel.has_unclaimed_reply(notice_id), "a message that is no request got a reply")
        self.assertEqual(self.kernel.execute_ok(self, "1 + 3").text, "4")

    def test_wrong_signature_is_dropped(self):
        path, code = self.marker_code("wrong-signature")
        msg_id, frames = self.raw.frames("execute_request", {"code": code, "silent": False})
        frames[1] = b"0" * len(frames[1])
        self.raw.send(frames)
        self.assert_still_serving([msg_id])
        self.assertFalse(os.path.exists(path), "a message with a wrong signature was executed")

    def test_missing_signature_is_dropped(self):
        path, code = self.marker_code("missing-signature")
        msg_id, frames = self.raw.frames("execute_request", {"code": code, "silent": False})
        frames[1] = b""
        self.raw.send(frames)
        self.assert_still_serving([msg_id])
        self.assertFalse(os.path.exists(path), "a message without a signature was executed")

    def test_other_key_is_dropped(self):
        path, code = self.marker_code("other-key")
        msg_id, frames = self.raw.frames("execute_request", {"code": code, "silent": False})
        other = Session(key=b"not-the-kernel-key", signature_scheme=self.raw.session.signature_scheme)
        frames[1] = other.sign(frames[2:6])
        self.raw.send(frames)
        self.assert_still_serving([msg_id])
        self.assertFalse(os.path.exists(path), "a message signed with another key was executed")

    def test_tampered_content_is_dropped(self):
        path, code = self.marker_code("tampered")
        msg_id, frames = self.raw.frames("execute_request", {"code": "1", "silent": False})
        frames[5] = json.dumps({"code": code, "silent": False}).encode()
        self.raw.send(frames)
        self.assert_still_serving([msg_id])
        self.assertFalse(os.path.exists(path), "a message whose content changed after signing was executed")

    def test_malformed_json_is_dropped(self):
        msg_id, frames = self.raw.frames("execute_request", {"code": "1"})
        frames[5] = b'{"code": "1 +'
        frames[1] = self.raw.sign(frames[2:6])
        self.raw.send(frames)
        bad_header_id, frames2 = self.raw.frames("execute_request", {"code": "2"})
        frames2[2] = b"[not, json"
        frames2[1] = self.raw.sign(frames2[2:6])
        self.raw.send(frames2)
        self.assert_still_serving([msg_id, bad_header_id])

    def test_missing_frames_are_dropped(self):
        msg_id, frames = self.raw.frames("execute_request", {"code": "1"})
        short = frames[:4]
        short[1] = self.raw.sign(short[2:4])
        self.raw.send(short)
        self.raw.send([b"just one frame"])
        self.raw.send([DELIM])
        self.raw.send([DELIM, b"", b"{}"])
        self.assert_still_serving([msg_id])


# ============================================================================================
# Restart and shutdown


class LifecycleTests(unittest.TestCase):
    def test_restart_kills_old_process_and_starts_fresh(self):
        k = own_kernel(self)
        k.execute_ok(self, CODE["declare_before"])
        old_process = k.km.provisioner.process
        old_pid = old_process.pid
        started = time.monotonic()
        k.km.restart_kernel(now=False)
        restart_seconds = time.monotonic() - started
        k.forget_pending()
        k.kc.wait_for_ready(timeout=60)

        self.assertFalse(process_alive(old_pid), "the old kernel process still runs")
        self.assertEqual(old_process.poll(), 0, "the old kernel did not exit by itself after shutdown_request")
        self.assertLess(restart_seconds, 5, "restart waited for the old kernel to be killed")
        self.assertNotEqual(k.pid, old_pid)
        self.assertTrue(process_alive(k.pid))
        self.assertEqual(processes_mentioning(k.connection_file), [k.pid])

        fresh = k.execute(CODE["read_before"])
        self.assertEqual(fresh.status, "error")
        self.assertEqual(fresh.content["ename"], CODE["undeclared_ename"])
        self.assertEqual(fresh.content["execution_count"], 1)
        result = k.execute_ok(self, "6 * 7")
        self.assertEqual(result.text, "42")

    def test_shutdown_request_exits_process(self):
        k = own_kernel(self)
        k.execute_ok(self, "1")
        process = k.km.provisioner.process
        connection_file = k.connection_file
        reply = k.request("shutdown_request", {"restart": False}, channel="control")
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual(reply["content"]["restart"], False)
        self.assertTrue(wait_until(lambda: process.poll() is not None, 5), "kernel still runs 5 s after shutdown")
        self.assertEqual(process.returncode, 0)
        self.assertEqual(processes_mentioning(connection_file), [])

    def test_shutdown_kernel_leaves_no_process(self):
        k = own_kernel(self)
        k.execute_ok(
            self,
            # A non-daemon thread of the user's must not keep the kernel alive.
            CODE["endless_thread"],
        )
        process = k.km.provisioner.process
        connection_file = k.connection_file
        started = time.monotonic()
        k.kc.stop_channels()
        k.km.shutdown_kernel(now=False)
        self.assertLess(time.monotonic() - started, 5, "shutdown_kernel had to wait for a kill")
        self.assertEqual(process.poll(), 0)
        self.assertEqual(processes_mentioning(connection_file), [])

    def test_shutdown_while_cell_runs(self):
        k = own_kernel(self)
        k.execute_ok(self, "1")
        msg_id = k.kc.execute(CODE["sleep_minute"])
        k.wait_for_iopub(msg_id, "execute_input")
        process = k.km.provisioner.process
        k.kc.shutdown()
        self.assertTrue(wait_until(lambda: process.poll() is not None, 5), "kernel still runs 5 s after shutdown")
        self.assertEqual(process.returncode, 0)

    def test_shutdown_while_a_cell_waits_for_startup(self):
        # A startup script that takes a while (as creating a SparkSession does) keeps the first cell
        # waiting; a shutdown request then must still end the process by itself.
        tmp = tempfile.mkdtemp(prefix="jspark-startup-")
        self.addCleanup(shutil.rmtree, tmp, True)
        script = os.path.join(tmp, "slow-startup.jsh")
        with open(script, "w") as f:
            f.write("Thread.sleep(4000);\n")
        k = own_kernel(self, env={"JSPARK_STARTUP_SCRIPTS": script})
        msg_id = k.kc.execute("1 + 1")
        k.wait_for_iopub(msg_id, "execute_input")
        time.sleep(0.3)
        process = k.km.provisioner.process
        reply = k.request("shutdown_request", {"restart": False}, channel="control")
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertTrue(wait_until(lambda: process.poll() is not None, 5), "kernel still runs 5 s after shutdown")
        self.assertEqual(process.returncode, 0)


# ============================================================================================
# Magics


class MagicTests(SharedKernelTestCase):
    def test_lsmagic(self):
        out = self.kernel.execute_ok(self, "%lsmagic").stdout
        for name in ("%maven", "%jars", "%classpath", "%lsmagic", "%time", "%%time", "%%html"):
            self.assertIn(name, out)

    def test_time_line_magic(self):
        result = self.kernel.execute_ok(self, "%time 6 * 7")
        self.assertRegex(result.stdout, r"Wall time: [0-9.]+ ms")
        self.assertEqual(result.text, "42")

    def test_time_cell_magic(self):
        result = self.kernel.execute_ok(self, CODE["timed_cell"])
        self.assertRegex(result.stdout, r"Wall time: [0-9.]+ ms")
        self.assertEqual(result.text, "10")
        self.assertEqual(self.kernel.execute_ok(self, CODE["read_q"][0]).text, CODE["read_q"][1])

    def test_html_cell_magic(self):
        result = self.kernel.execute_ok(self, "%%html\n<b>bold</b>")
        displays = result.of_type("display_data")
        self.assertEqual(len(displays), 1)
        self.assertEqual(displays[0]["content"]["data"]["text/html"], "<b>bold</b>")

    def test_unknown_magic_is_usage_error(self):
        result = self.kernel.execute("%nosuchmagic arg")
        self.assertEqual(result.status, "error")
        self.assertEqual(result.content["ename"], "UsageError")
        self.assertEqual(result.error["ename"], "UsageError")

    def test_jars_adds_a_jar_built_here(self):
        tmp = tempfile.mkdtemp(prefix="jspark-jar-")
        self.addCleanup(shutil.rmtree, tmp, True)
        source_dir = os.path.join(tmp, "src", "jsparktest")
        os.makedirs(source_dir)
        with open(os.path.join(source_dir, "Greeter.java"), "w") as f:
            f.write(
                "package jsparktest;\n"
                "public class Greeter {\n"
                '    public static String greet(String name) { return "hi " + name; }\n'
                "}\n"
            )
        classes = os.path.join(tmp, "classes")
        jar = os.path.join(tmp, "greeter.jar")
        subprocess.run(
            ["javac", "--release", "11", "-d", classes, os.path.join(source_dir, "Greeter.java")],
            check=True, timeout=60,
        )
        subprocess.run(["jar", "cf", jar, "-C", classes, "."], check=True, timeout=60)

        added = self.kernel.execute_ok(self, "%jars " + jar)
        self.assertIn("Added", added.stdout)
        self.assertEqual(self.kernel.execute_ok(self, 'jsparktest.Greeter.greet("x")').text, "hi x")
        self.assertIn(jar, self.kernel.execute_ok(self, "%classpath").stdout)

    def test_jars_missing_file_is_usage_error(self):
        result = self.kernel.execute("%jars /nonexistent/nothing-here.jar")
        self.assertEqual(result.status, "error")
        self.assertEqual(result.content["ename"], "UsageError")

    def test_maven(self):
        result = self.kernel.execute_ok(self, "%maven org.apache.commons:commons-lang3:3.14.0", timeout=180)
        self.assertIn("commons-lang3", result.stdout)
        value = self.kernel.execute_ok(self, 'org.apache.commons.lang3.StringUtils.capitalize("abc")')
        self.assertEqual(value.text, "Abc")


if __name__ == "__main__":
    unittest.main()
