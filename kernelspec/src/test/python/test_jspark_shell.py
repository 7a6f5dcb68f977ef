"""``jspark shell`` driven through a real pseudo-terminal: tmux runs it, keys go in with send-keys and
the screen comes back with capture-pane, as a user would see it. Also the shell with a pipe for
input and output (no terminal: summaries only), and in Scala.

The tests of the terminal class share one shell and run in name order: the ``%%spark`` cell must
come before anything starts Spark, Ctrl-D comes last.
"""

import os
import re
import shutil
import subprocess
import tempfile
import time
import unittest

from jupyter_client.kernelspec import KernelSpecManager

WIDTH, HEIGHT = 120, 40
SLOW_JOB = ("spark.range(0, 4, 1, 4).map((org.apache.spark.api.java.function.MapFunction<Long, Long>) n -> "
            "{{ Thread.sleep({ms}); return n; }}, org.apache.spark.sql.Encoders.LONG()).count()")
PROGRESS = re.compile(r"^Job (\d+) \[[=> x]*\] \d+/4 tasks", re.M)


def jspark():
    return os.path.join(KernelSpecManager().get_kernel_spec("spark-java").resource_dir, "bin", "jspark")


def wait_for(predicate, timeout, what, shown=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError("timed out after %d s waiting for %s%s" % (timeout, what,
                                                                   "; the screen:\n" + shown() if shown else ""))


class Tmux:
    """A tmux server of its own (its own socket), with one window running a command."""

    def __init__(self, command, env):
        self.socket = "jspark-test-%d-%d" % (os.getpid(), int(time.monotonic() * 1000))
        self.env = env
        self.tmux("new-session", "-d", "-s", "shell", "-x", str(WIDTH), "-y", str(HEIGHT), command)
        self.pane_pid = int(self.tmux("list-panes", "-t", "shell", "-F", "#{pane_pid}").strip())

    def tmux(self, *args):
        return subprocess.run(["tmux", "-L", self.socket, *args], env=self.env, check=True, capture_output=True,
                              text=True, timeout=30).stdout

    def keys(self, *keys):
        self.tmux("send-keys", "-t", "shell", *keys)

    def type(self, text, enter=True):
        # As bytes: tmux would take a trailing ';' for a command separator.
        self.tmux("send-keys", "-t", "shell", "-H", *["%02x" % b for b in text.encode()])
        if enter:
            self.keys("Enter")

    def screen(self):
        return self.tmux("capture-pane", "-p", "-t", "shell", "-S", "-2000")

    def close(self):
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, timeout=30)


def java_children(pid):
    found = subprocess.run(["pgrep", "-P", str(pid), "java"], capture_output=True, text=True).stdout.split()
    return [int(p) for p in found]


class JsparkShellInTerminalTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.home = tempfile.mkdtemp(prefix="jspark-shell-")
        env = dict(os.environ, HOME=cls.home, XDG_DATA_HOME=os.path.join(cls.home, "data"), TERM="xterm-256color")
        env.pop("JSPARK_HISTORY_FILE", None)
        cls.term = Tmux("%s shell; echo EXITED $?; sleep 600" % jspark(), env)
        # capture-pane drops trailing blanks, the prompt's among them.
        wait_for(lambda: "jspark>" in cls.term.screen(), 120, "the prompt")

    @classmethod
    def tearDownClass(cls):
        for pid in java_children(cls.term.pane_pid):
            os.kill(pid, 9)
        cls.term.close()
        shutil.rmtree(cls.home, ignore_errors=True)

    def run_statement(self, code, expect, timeout=60):
        before = self.term.screen().count("jspark>")
        self.term.type(code)
        screen = wait_for(lambda: (lambda s: s if s.count("jspark>") > before and expect in s else None)(self.term.screen()),
                          timeout, repr(expect), self.term.screen)
        return screen

    def test_a0_spark_completes_before_the_session_starts(self):
        self.term.type("spark.rang", enter=False)
        self.term.keys("Tab")
        wait_for(lambda: "jspark> spark.range(" in self.term.screen(), 30, "the completion of spark.rang", self.term.screen)
        self.term.keys("C-u")
        self.assertNotIn("Starting Spark", self.term.screen())

    def test_a_spark_magic_configures_the_session_before_it_starts(self):
        self.term.type("%%spark")
        wait_for(lambda: re.search(r"^\s+\|$", self.term.screen(), re.M), 20, "the continuation prompt of a cell magic")
        self.term.type("spark.master local[2]")
        self.term.type("")
        self.run_statement("sc.master()", "local[2]", timeout=120)

    def test_b_statements_keep_their_state(self):
        self.run_statement("int x = 40 + 2;", "jspark> int x = 40 + 2;")
        screen = self.run_statement("x", "\n42\n")
        self.assertNotIn("CompilationError", screen)

    def test_c_multi_line_input_continues_while_incomplete(self):
        self.term.type("for (int i = 0; i < 2; i++) {")
        wait_for(lambda: re.search(r"^\s+\|$", self.term.screen(), re.M), 20, "the continuation prompt")
        self.term.type('System.out.println("loop " + i);')
        self.term.type("}")
        screen = wait_for(lambda: (lambda s: s if "loop 1" in s else None)(self.term.screen()), 30, "the loop's output")
        self.assertIn("loop 0\nloop 1\n", screen)

    def test_d_tab_completes_from_the_interpreter(self):
        self.term.type("Math.ma", enter=False)
        self.term.keys("Tab")
        wait_for(lambda: "jspark> Math.max(" in self.term.screen(), 30, "the completion of Math.ma")
        self.term.keys("C-u")

    def test_e_live_progress_lines_give_way_to_a_summary(self):
        self.term.type(SLOW_JOB.format(ms=2500))
        frames = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            screen = self.term.screen()
            frames.append(screen)
            if re.search(r"^Job \d+ SUCCEEDED", screen, re.M):
                break
            time.sleep(0.3)
        live = [f for f in frames if PROGRESS.search(f)]
        self.assertTrue(live, "no progress line was seen while the job ran")
        # Redrawn in place: never two progress lines of the job on the screen at once.
        self.assertTrue(all(len(PROGRESS.findall(f)) == 1 for f in live), live[-1])
        self.assertTrue(any("running" in f for f in live), live[-1])
        final = frames[-1]
        job = PROGRESS.search(live[-1]).group(1)
        self.assertRegex(final, r"(?m)^Job %s SUCCEEDED 1/1 stages 4/4 tasks \d+\.\d s count at cell \[\d+\], line 1$" % job)
        self.assertIsNone(PROGRESS.search(final), "the progress line stayed after the job ended")
        self.assertIn("\n4\n", final)

    def test_f_ctrl_c_cancels_the_running_job_and_keeps_the_shell(self):
        self.term.type(SLOW_JOB.format(ms=600_000))
        wait_for(lambda: PROGRESS.search(self.term.screen()), 60, "the job's progress line")
        started = time.monotonic()
        self.term.keys("C-c")
        screen = wait_for(lambda: (lambda s: s if re.search(r"(?m)^Job \d+ CANCELLED", s) else None)(self.term.screen()),
                          20, "the cancelled job's summary")
        self.assertLess(time.monotonic() - started, 20)
        self.assertIn("Interrupted", screen)
        self.run_statement("x + 1", "\n43\n")

    def test_g_ctrl_c_at_the_prompt_clears_the_line(self):
        self.term.type("int garbage = ", enter=False)
        wait_for(lambda: "jspark> int garbage =" in self.term.screen(), 10, "the typed text")
        prompts = self.term.screen().count("jspark>")
        self.term.keys("C-c")
        # The line gives way to a fresh prompt; keys typed before it shows could still land on the old line.
        wait_for(lambda: self.term.screen().count("jspark>") > prompts, 10, "a fresh prompt", self.term.screen)
        screen = self.run_statement("x * 2", "\n84\n")
        self.assertNotIn("garbage = x * 2", screen)

    def test_h_a_leftover_threads_output_shows_above_the_prompt(self):
        self.run_statement('new Thread(() -> { try { Thread.sleep(1500); } catch (InterruptedException e) { } '
                           'System.out.println("late at the prompt"); }).start();', "start();")
        self.term.type("int half", enter=False)
        screen = wait_for(lambda: (lambda s: s if "late at the prompt" in s else None)(self.term.screen()), 20,
                          "the thread's output", self.term.screen)
        # Above the prompt, which keeps what was typed.
        self.assertRegex(screen, r"late at the prompt\njspark> int half\s*$")
        self.term.keys("C-u")

    def test_z_ctrl_d_exits_and_stops_spark(self):
        self.assertTrue(java_children(self.term.pane_pid), "the shell's JVM is not running")
        self.term.keys("C-d")
        screen = wait_for(lambda: (lambda s: s if "EXITED" in s else None)(self.term.screen()), 60, "the shell's exit")
        self.assertIn("stopping Spark and the kernel", screen)
        self.assertIn("EXITED 0", screen)
        self.assertEqual([], java_children(self.term.pane_pid))
        history = os.path.join(self.home, "data", "jspark", "shell-history-java")
        with open(history) as f:
            self.assertIn("int x = 40 + 2;", f.read())
        self.assertEqual(0o600, os.stat(history).st_mode & 0o777)


class JsparkShellWithoutTerminalTest(unittest.TestCase):
    def shell(self, *args, script):
        env = dict(os.environ, JSPARK_HISTORY_FILE="none")
        # Well under the 2 minutes a statement's input would wait if it queued behind that statement.
        return subprocess.run([jspark(), "shell", *args], input=script, env=env, capture_output=True, text=True,
                              timeout=100)

    def test_piped_input_prints_summaries_only(self):
        done = self.shell(script='%%spark\nspark.master local[2]\n\nspark.range(1000).count()\n'
                                 'sc.getConf().get("spark.ui.showConsoleProgress")\n'
                                 'display(html("<h3>Title</h3><p><b>bold</b> &amp; plain</p>"));\n'
                                 'spark.range(3).toDF("n")\n'
                                 'System.out.print("no newline");\n')
        self.assertEqual(0, done.returncode, done.stdout + done.stderr)
        # Without a terminal the prompt ends no line, so output may follow it on its line.
        self.assertRegex(done.stdout, r"(?m)^(jspark> )*1000$")
        self.assertRegex(done.stdout, r"(?m)^Job 0 SUCCEEDED 1/1 stages 2/2 tasks \d+\.\d s count at cell \[2\], line 1$")
        self.assertRegex(done.stdout, r"(?m)^(jspark> )*false$")
        # A Dataset as the text table of its renderer.
        self.assertRegex(done.stdout, r"(?m)^\|\s*n\s*\|$")
        self.assertRegex(done.stdout, r"(?m)^\|\s*2\s*\|$")
        # An HTML display as its text; output left mid-line does not hold the next prompt.
        self.assertRegex(done.stdout, r"(?m)^(jspark> )*Title\nbold & plain$")
        self.assertRegex(done.stdout, r"(?m)^(jspark> )*no newline\njspark> ")
        self.assertNotIn("\x1b[", done.stdout)
        self.assertIsNone(PROGRESS.search(done.stdout))
        # Spark's own console progress bar stays off.
        self.assertNotIn("[Stage 0:", done.stdout + done.stderr)

    def test_input_a_statement_asks_for_is_a_plain_line(self):
        # The answer looks like unfinished code; it must still be one line, taken at once.
        done = self.shell(script='String answer = new java.io.BufferedReader(new java.io.InputStreamReader(System.in)).readLine();\n'
                                 'forty two (x\n'
                                 'answer.length()\n')
        self.assertEqual(0, done.returncode, done.stdout + done.stderr)
        self.assertRegex(done.stdout, r"(?m)^(jspark> )*12$")

    def test_a_leftover_threads_output_shows_under_the_running_statement(self):
        done = self.shell(script='new Thread(() -> { try { Thread.sleep(1500); } catch (InterruptedException e) { } '
                                 'System.out.println("late line"); }).start();\n'
                                 'Thread.sleep(4000);\n')
        self.assertEqual(0, done.returncode, done.stdout + done.stderr)
        self.assertRegex(done.stdout, r"(?m)^(jspark> )*late line$")

    def test_scala_shell(self):
        done = self.shell("--scala", script="val y = 21 * 2\ncase class P(a: Int)\nspark.range(10).count()\n")
        self.assertEqual(0, done.returncode, done.stdout + done.stderr)
        self.assertIn("y: Int = 42", done.stdout)
        self.assertIn("defined class P", done.stdout)
        self.assertRegex(done.stdout, r"(?m)^(scala> |jspark> )?(res\d+: Long = )?10$")
        self.assertRegex(done.stdout, r"(?m)^Job 0 SUCCEEDED")


if __name__ == "__main__":
    unittest.main()
