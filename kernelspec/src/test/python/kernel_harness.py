"""Shared helpers for the spark-java protocol tests.

A ``KernelSession`` starts one kernel with jupyter_client, runs code and gathers, for one request,
the iopub messages it caused (up to its ``idle`` status) and its shell reply. Messages that belong
to other requests are kept aside so that tests may send several requests before reading any.

Every wait has a timeout, so a broken kernel fails a test instead of hanging the suite.
"""

import os
import queue
import shutil
import signal
import tempfile
import time
import unittest

from jupyter_client.manager import start_new_kernel

from language_samples import CODE

KERNEL_NAME = os.environ.get("JSPARK_TEST_KERNEL", CODE["kernel"])
#: Seconds to wait for one reply or one output message of an ordinary request.
TIMEOUT = 30
#: Seconds a kernel may take to answer its first kernel_info_request.
STARTUP_TIMEOUT = 60


class KernelTimeout(AssertionError):
    """The kernel did not send what a test waited for in time."""


# --------------------------------------------------------------------------------------------
# Processes


def process_alive(pid):
    """True when ``pid`` is a running process (a zombie counts as gone)."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            stat = f.read()
    except (FileNotFoundError, ProcessLookupError):
        return False
    # The state follows the command name in parentheses, which may itself contain spaces.
    state = stat[stat.rfind(")") + 2:].split()[0]
    return state not in ("Z", "X")


def processes_mentioning(text):
    """Pids of live processes whose command line contains ``text``."""
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/cmdline" % entry, "rb") as f:
                cmdline = f.read().replace(b"\0", b" ").decode("utf-8", "replace")
        except OSError:
            continue
        if text in cmdline and process_alive(int(entry)):
            pids.append(int(entry))
    return pids


def wait_until(predicate, timeout, interval=0.05):
    """Polls ``predicate`` until it is true or ``timeout`` seconds passed; returns its last value."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() >= deadline:
            return value
        time.sleep(interval)


# --------------------------------------------------------------------------------------------
# Results


class Result:
    """A request's shell reply and the iopub messages whose parent it is (status messages included)."""

    def __init__(self, msg_id, reply, iopub):
        self.msg_id = msg_id
        self.reply = reply
        self.iopub = iopub

    @property
    def content(self):
        return self.reply["content"]

    @property
    def status(self):
        return self.content["status"]

    @property
    def outputs(self):
        """Iopub messages other than status and execute_input, in order."""
        return [m for m in self.iopub if m["msg_type"] not in ("status", "execute_input")]

    def of_type(self, msg_type):
        return [m for m in self.iopub if m["msg_type"] == msg_type]

    def stream(self, name="stdout"):
        return "".join(m["content"]["text"] for m in self.of_type("stream") if m["content"]["name"] == name)

    @property
    def stdout(self):
        return self.stream("stdout")

    @property
    def stderr(self):
        return self.stream("stderr")

    @property
    def result(self):
        """The data of the one execute_result, or None."""
        results = self.of_type("execute_result")
        if not results:
            return None
        assert len(results) == 1, "more than one execute_result: %r" % results
        return results[0]["content"]["data"]

    @property
    def text(self):
        """The text/plain of the execute_result, or None."""
        data = self.result
        return None if data is None else data.get("text/plain")

    @property
    def error(self):
        """The content of the one iopub error message, or None."""
        errors = self.of_type("error")
        if not errors:
            return None
        assert len(errors) == 1, "more than one error message: %r" % errors
        return errors[0]["content"]

    def describe(self):
        """A compact account of what came back, for assertion messages."""
        lines = ["reply: %r" % (self.content,)]
        for m in self.iopub:
            lines.append("iopub %s: %r" % (m["msg_type"], m["content"]))
        return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# Kernel sessions


class KernelSession:
    """One kernel process and a client connected to it."""

    def __init__(self, env=None, history_file=None):
        """``env`` adds to (or overrides) this process's environment for the kernel.

        Unless ``history_file`` is given, each session keeps its input history in a fresh temporary
        file, so that tests never depend on the history of other runs.
        """
        self.extra_env = dict(env or {})
        self.history_file = history_file
        self.km = None
        self.kc = None
        self._tmpdir = None
        self._iopub_aside = {}
        self._shell_aside = {}
        self._control_aside = {}

    # Life cycle ------------------------------------------------------------------------------

    def start(self):
        self._tmpdir = tempfile.mkdtemp(prefix="jspark-test-")
        if self.history_file is None:
            self.history_file = os.path.join(self._tmpdir, "history.jsonl")
        env = dict(os.environ)
        env["JSPARK_HISTORY_FILE"] = self.history_file
        env.update(self.extra_env)
        self.km, self.kc = start_new_kernel(
            kernel_name=KERNEL_NAME, startup_timeout=STARTUP_TIMEOUT, env=env
        )
        self.kc.allow_stdin = False
        return self

    @property
    def pid(self):
        return self.km.provisioner.process.pid

    @property
    def connection_file(self):
        return self.km.connection_file

    def shutdown(self):
        """Stops the kernel and the client; kills the process if a polite shutdown fails. Idempotent."""
        kc, km = self.kc, self.km
        self.kc = self.km = None
        pid = None
        if kc is not None:
            try:
                kc.stop_channels()
            except Exception:
                pass
        if km is not None:
            try:
                if km.has_kernel:
                    pid = km.provisioner.process.pid
                km.shutdown_kernel(now=False)
            except Exception:
                pass
            finally:
                if pid is not None and process_alive(pid):
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except OSError:
                        pass
                try:
                    km.cleanup_resources()
                except Exception:
                    pass
        del kc, km
        if self._tmpdir is not None:
            shutil.rmtree(self._tmpdir, ignore_errors=True)
            self._tmpdir = None

    def forget_pending(self):
        """Drops messages kept aside, e.g. after a restart."""
        self._iopub_aside.clear()
        self._shell_aside.clear()
        self._control_aside.clear()

    # Sending -----------------------------------------------------------------------------------

    def send(self, msg_type, content, channel="shell"):
        """Sends a request built by the client's session; returns its msg_id."""
        msg = self.kc.session.msg(msg_type, content)
        getattr(self.kc, channel + "_channel").send(msg)
        return msg["header"]["msg_id"]

    # Receiving ---------------------------------------------------------------------------------

    def _next(self, channel, timeout):
        try:
            return getattr(self.kc, "get_%s_msg" % channel)(timeout=timeout)
        except queue.Empty:
            return None

    def reply(self, msg_id, timeout=TIMEOUT, channel="shell"):
        """The reply whose parent is ``msg_id`` on the shell (or control) channel."""
        aside = self._shell_aside if channel == "shell" else self._control_aside
        if msg_id in aside:
            return aside.pop(msg_id)
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise KernelTimeout("no %s reply to %s within %ss" % (channel, msg_id, timeout))
            msg = self._next(channel, remaining)
            if msg is None:
                continue
            parent = msg["parent_header"].get("msg_id")
            if parent == msg_id:
                return msg
            aside[parent] = msg

    def has_unclaimed_reply(self, msg_id):
        """True when a shell reply to ``msg_id`` arrived while another reply was awaited."""
        return msg_id in self._shell_aside

    def iopub_messages(self, msg_id, timeout=TIMEOUT, until_idle=True):
        """Iopub messages whose parent is ``msg_id``, up to and including its idle status.

        Without ``until_idle``, returns what arrived within ``timeout`` seconds instead.
        """
        collected = self._iopub_aside.pop(msg_id, [])
        if until_idle and self._has_idle(collected):
            return collected
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                if until_idle:
                    raise KernelTimeout(
                        "no idle status for %s within %ss; got %r"
                        % (msg_id, timeout, [(m["msg_type"], m["content"]) for m in collected])
                    )
                return collected
            msg = self._next("iopub", min(remaining, 0.2))
            if msg is None:
                continue
            parent = msg["parent_header"].get("msg_id")
            if parent == msg_id:
                collected.append(msg)
                if until_idle and self._has_idle(collected):
                    return collected
            else:
                self._iopub_aside.setdefault(parent, []).append(msg)

    def wait_for_iopub(self, msg_id, msg_type, timeout=TIMEOUT):
        """Waits for the first iopub message of a type for a request; keeps what it reads aside."""
        deadline = time.monotonic() + timeout
        while True:
            for m in self._iopub_aside.get(msg_id, []):
                if m["msg_type"] == msg_type:
                    return m
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise KernelTimeout("no %s for %s within %ss" % (msg_type, msg_id, timeout))
            msg = self._next("iopub", min(remaining, 0.2))
            if msg is not None:
                self._iopub_aside.setdefault(msg["parent_header"].get("msg_id"), []).append(msg)

    def iopub_aside_for(self, msg_id):
        """Iopub messages kept aside for ``msg_id`` (after draining what is queued)."""
        while True:
            msg = self._next("iopub", 0.05)
            if msg is None:
                break
            self._iopub_aside.setdefault(msg["parent_header"].get("msg_id"), []).append(msg)
        return list(self._iopub_aside.get(msg_id, []))

    @staticmethod
    def _has_idle(messages):
        return any(
            m["msg_type"] == "status" and m["content"]["execution_state"] == "idle" for m in messages
        )

    def collect(self, msg_id, timeout=TIMEOUT):
        """The reply and iopub messages of a request sent earlier."""
        reply = self.reply(msg_id, timeout=timeout)
        iopub = self.iopub_messages(msg_id, timeout=timeout)
        return Result(msg_id, reply, iopub)

    # Requests ----------------------------------------------------------------------------------

    def execute(self, code, timeout=TIMEOUT, **kwargs):
        """Runs ``code``; returns its Result once the reply and the idle status are in."""
        msg_id = self.kc.execute(code, **kwargs)
        return self.collect(msg_id, timeout=timeout)

    def execute_ok(self, test, code, timeout=TIMEOUT, **kwargs):
        """Runs ``code`` and fails ``test`` unless the reply status is ok."""
        result = self.execute(code, timeout=timeout, **kwargs)
        test.assertEqual(result.status, "ok", "cell %r failed:\n%s" % (code, result.describe()))
        return result

    def request(self, msg_type, content, timeout=TIMEOUT, channel="shell"):
        """Sends a request and returns its reply message."""
        msg_id = self.send(msg_type, content, channel=channel)
        return self.reply(msg_id, timeout=timeout, channel=channel)

    def complete(self, code, cursor_pos=None):
        if cursor_pos is None:
            cursor_pos = len(code)
        return self.request("complete_request", {"code": code, "cursor_pos": cursor_pos})["content"]

    def inspect(self, code, cursor_pos=None, detail_level=0):
        if cursor_pos is None:
            cursor_pos = len(code)
        content = {"code": code, "cursor_pos": cursor_pos, "detail_level": detail_level}
        return self.request("inspect_request", content)["content"]

    def is_complete(self, code):
        return self.request("is_complete_request", {"code": code})["content"]

    def history(self, **content):
        content.setdefault("output", False)
        content.setdefault("raw", True)
        return self.request("history_request", content)["content"]


# --------------------------------------------------------------------------------------------
# Test case bases


class SharedKernelTestCase(unittest.TestCase):
    """One kernel for all the tests of a class, started in setUpClass and always stopped."""

    kernel_env = None
    #: Run one silent cell first, so that JShell's warm-up counts against no test's timing.
    warm_up = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.kernel = KernelSession(env=cls.kernel_env)
        cls.addClassCleanup(cls.kernel.shutdown)
        cls.kernel.start()
        if cls.warm_up:
            result = cls.kernel.execute("0", silent=True, timeout=STARTUP_TIMEOUT)
            if result.status != "ok":
                raise AssertionError("the kernel cannot run a cell:\n" + result.describe())


def own_kernel(test, env=None, history_file=None):
    """Starts a kernel for one test; it is stopped when the test ends, whatever its outcome."""
    session = KernelSession(env=env, history_file=history_file)
    test.addCleanup(session.shutdown)
    session.start()
    return session
