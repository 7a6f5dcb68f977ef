"""Cancel buttons as Jupyter widgets, clicked through jupyter_client as a frontend's widget manager
sends clicks: comm messages on the shell channel while the cell still runs (issue 14)."""
import queue
import re
import time
import unittest

from jupyter_client.manager import start_new_kernel

from test_spark_monitor import run_cell

KERNEL = "spark-java"
MONITOR = "application/vnd.sparkmonitor+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

SLEEPING_JOB = ('sc.parallelize(java.util.Arrays.asList(1, 2), 2).map(x -> { Thread.sleep(%d); return x; }).count()')


def in_thread(name, description, millis):
    """A thread that runs a sleeping job under a description and prints how it ended."""
    return (
        'Thread %s = new Thread(() -> {\n'
        '  sc.setJobDescription("%s");\n'
        '  try { System.out.println("%s counted " + %s); }\n'
        '  catch (Exception e) { System.out.println("%s: " + e.getMessage()); }\n'
        '});\n' % (name, description, description, SLEEPING_JOB % millis, description))


class WidgetMirror:
    """The widget models of one cell's buttons, as a frontend's manager holds them: opened, updated and
    closed over comms sent under the cell's request (updates answering a click go under the click)."""

    def __init__(self):
        self.parent = None
        self.state = {}
        self.metadata = {}
        self.closed = set()

    def take(self, msg):
        content, kind = msg["content"], msg["msg_type"]
        if msg["parent_header"].get("msg_id") != self.parent:
            return
        if kind == "comm_open" and content["target_name"] == "jupyter.widget":
            self.state[content["comm_id"]] = dict(content["data"]["state"])
            self.metadata[content["comm_id"]] = msg["metadata"]
        elif kind == "comm_msg" and content["comm_id"] in self.state:
            self.state[content["comm_id"]].update(content["data"].get("state", {}))
        elif kind == "comm_close":
            self.closed.add(content["comm_id"])

    def buttons(self):
        """Open buttons shown in a row, by description."""
        shown = set()
        for state in self.state.values():
            if state["_model_name"] == "HBoxModel":
                shown.update(ref[len("IPY_MODEL_"):] for ref in state["children"])
        return {self.state[i]["description"]: i for i in shown if i not in self.closed}


class CancelButtonsTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = start_new_kernel(kernel_name=KERNEL, startup_timeout=120)
        reply, _ = cls.run_cell(cls, "%%spark\nspark.master local[4]")
        assert reply["content"]["status"] == "ok", reply["content"]
        reply, _ = cls.run_cell(cls, "sc.parallelize(java.util.Arrays.asList(1, 2), 2).count()")
        assert reply["content"]["status"] == "ok", reply["content"]

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=True)

    def run_cell(self, code, on_message=None, timeout=120, mirror=None):
        """Runs a cell, feeding every iopub message (of any parent) to the mirror and then on_message."""
        def on_sent(msg_id):
            if mirror is not None and mirror.parent is None:
                mirror.parent = msg_id

        def take(msg):
            if mirror is not None:
                mirror.take(msg)
            if on_message:
                on_message(msg)
        return run_cell(self.kc, code, timeout, take, on_sent)

    def click(self, comm_id):
        msg = self.kc.session.msg("comm_msg", {"comm_id": comm_id, "data": {"method": "custom", "content": {"event": "click"}}})
        self.kc.shell_channel.send(msg)

    def clicker(self, mirror, wanted, clicked):
        """Clicks the button described by wanted(buttons) once it shows; records what it clicked."""
        def on_message(msg):
            if not clicked:
                target = wanted(mirror.buttons())
                if target:
                    clicked.append(target)
                    self.click(mirror.buttons()[target])
        return on_message

    @staticmethod
    def final_monitor(messages, parent):
        shown = [m for m in messages if m["msg_type"] in ("display_data", "update_display_data")
                 and m["parent_header"].get("msg_id") == parent and MONITOR in m["content"]["data"]]
        return shown[-1]["content"]["data"][MONITOR]

    @staticmethod
    def job(snapshot, description):
        return next(j for j in snapshot["jobs"] if j["description"] == description)

    @staticmethod
    def stdout(messages, parent):
        return "".join(m["content"]["text"] for m in messages if m["msg_type"] == "stream"
                       and m["parent_header"].get("msg_id") == parent and m["content"]["name"] == "stdout")

    def job_button(self, mirror, description):
        """The label of the button of the running job with this description, as its tooltip shows it."""
        for label, comm_id in mirror.buttons().items():
            if label.startswith("Cancel job ") and mirror.state[comm_id]["tooltip"] == description:
                return label
        return None

    def test_clicking_one_of_two_concurrent_jobs_cancels_that_job_only(self):
        mirror, clicked = WidgetMirror(), []
        code = (in_thread("slow", "slow", 60_000) + in_thread("quick", "quick", 6_000)
                + "slow.start(); quick.start(); slow.join(); quick.join();")
        started = time.time()
        reply, messages = self.run_cell(code, self.clicker(mirror, lambda b: self.job_button(mirror, "slow"), clicked),
                                        mirror=mirror)
        parent = reply["parent_header"]["msg_id"]
        self.assertEqual("ok", reply["content"]["status"], reply["content"])
        self.assertTrue(clicked, "a Cancel button for the slow job was shown while it ran")
        self.assertLess(time.time() - started, 40, "the slow job did not run its minute")
        final = self.final_monitor(messages, parent)
        slow, quick = self.job(final, "slow"), self.job(final, "quick")
        self.assertEqual("Cancel job %d" % slow["id"], clicked[0])
        self.assertEqual("CANCELLED", slow["status"])
        self.assertIn("cancelled from the notebook", slow["failure_reason"])
        self.assertEqual("SUCCEEDED", quick["status"])
        out = self.stdout(messages, parent)
        self.assertIn("quick counted 2", out)
        self.assertRegex(out, r"slow: Job %d cancelled from the notebook" % slow["id"])

        # Protocol 2.1 with the ipywidgets 8 models, children and parts referring to models that were opened.
        self.assertTrue(mirror.state)
        for comm_id, state in mirror.state.items():
            self.assertEqual({"version": "2.1.0"}, mirror.metadata[comm_id])
            module = state["_model_module"]
            self.assertEqual("2.0.0", state["_model_module_version"], module)
            for key in ("layout", "style"):
                if key in state:
                    self.assertIn(state[key][len("IPY_MODEL_"):], mirror.state)
        names = sorted({s["_model_name"] for s in mirror.state.values()})
        self.assertEqual(["ButtonModel", "ButtonStyleModel", "HBoxModel", "LayoutModel"], names)

        self.assert_buttons_end_before_the_reply(mirror, messages, parent,
                                                 "Cancelled from the notebook: job %d." % slow["id"])

    def assert_buttons_end_before_the_reply(self, mirror, messages, parent, text):
        """Every widget closed and its display plain text before the cell's idle; none left open."""
        idle = next(i for i, m in enumerate(messages) if m["msg_type"] == "status"
                    and m["parent_header"].get("msg_id") == parent and m["content"]["execution_state"] == "idle")
        views = [m for m in messages[:idle] if m["msg_type"] == "display_data" and WIDGET_VIEW in m["content"]["data"]
                 and m["parent_header"].get("msg_id") == parent]
        self.assertEqual(1, len(views), "one display for the buttons")
        view = views[0]["content"]
        self.assertIn(view["data"][WIDGET_VIEW]["model_id"], mirror.state)
        self.assertEqual(2, view["data"][WIDGET_VIEW]["version_major"])
        self.assertIn("interrupt the kernel", view["data"]["text/plain"], "the text where no widget manager runs")
        display_id = view["transient"]["display_id"]
        updates = [m["content"] for m in messages[:idle] if m["msg_type"] == "update_display_data"
                   and m["content"]["transient"]["display_id"] == display_id]
        self.assertEqual({"text/plain": text}, updates[-1]["data"])
        self.assertEqual(set(mirror.state), mirror.closed, "every widget's comm is closed")
        closes = [i for i, m in enumerate(messages) if m["msg_type"] == "comm_close"]
        self.assertLess(max(closes), idle)
        open_comms = self.kc.comm_info(target_name="jupyter.widget")
        reply = self.kc.get_shell_msg(timeout=10)
        while reply["parent_header"].get("msg_id") != open_comms:
            reply = self.kc.get_shell_msg(timeout=10)
        self.assertEqual({}, reply["content"]["comms"])

    def test_a_cancelled_action_raises_in_the_cell_with_a_short_error(self):
        mirror, clicked = WidgetMirror(), []
        code = 'sc.setJobDescription("main");\n' + SLEEPING_JOB % 60_000
        reply, messages = self.run_cell(code, self.clicker(mirror, lambda b: self.job_button(mirror, "main"), clicked),
                                        mirror=mirror)
        self.assertTrue(clicked)
        content = reply["content"]
        self.assertEqual("error", content["status"])
        self.assertIn("cancelled from the notebook", content["evalue"])
        self.assertLess(len("\n".join(content["traceback"]).splitlines()), 15, "a short error, not Spark's trace")
        final = self.final_monitor(messages, reply["parent_header"]["msg_id"])
        self.assertEqual("CANCELLED", self.job(final, "main")["status"])

    def test_cancelling_a_stage_cancels_the_job_that_needs_it(self):
        mirror, clicked = WidgetMirror(), []
        code = 'sc.setJobDescription("staged");\n' + SLEEPING_JOB % 60_000
        stage = lambda b: next((label for label in b if label.startswith("Cancel stage ")), None)
        reply, messages = self.run_cell(code, self.clicker(mirror, stage, clicked), mirror=mirror)
        self.assertTrue(clicked)
        stage_id = int(re.search(r"\d+", clicked[0]).group())
        final = self.final_monitor(messages, reply["parent_header"]["msg_id"])
        job = self.job(final, "staged")
        self.assertIn(stage_id, job["stage_ids"])
        self.assertEqual("CANCELLED", job["status"])
        self.assertIn("stage %d was cancelled from the notebook" % stage_id, job["failure_reason"])
        self.assert_buttons_end_before_the_reply(mirror, messages, reply["parent_header"]["msg_id"],
                                                 "Cancelled from the notebook: stage %d." % stage_id)

    def test_cancel_all_stops_only_the_cells_own_jobs(self):
        # A job from an earlier cell's thread runs on while this cell's jobs are cancelled.
        earlier_mirror = WidgetMirror()
        reply, _ = self.run_cell(in_thread("background", "background", 60_000) + "background.start();",
                                 mirror=earlier_mirror)
        earlier = reply["parent_header"]["msg_id"]
        mirror, clicked = WidgetMirror(), []
        code = (in_thread("one", "one", 60_000) + in_thread("two", "two", 60_000)
                + "one.start(); two.start(); one.join(); two.join();")
        both_running = lambda b: ("Cancel all" if self.job_button(mirror, "one") and self.job_button(mirror, "two")
                                  else None)
        reply, messages = self.run_cell(code, self.clicker(mirror, both_running, clicked), mirror=mirror)
        self.assertEqual(["Cancel all"], clicked)
        final = self.final_monitor(messages, reply["parent_header"]["msg_id"])
        self.assertEqual(["CANCELLED", "CANCELLED"], [self.job(final, d)["status"] for d in ("one", "two")])

        # The earlier cell's job still runs, its buttons work after the cell ended, and end once its job has.
        for msg in messages:
            earlier_mirror.take(msg)
        label = self.job_button(earlier_mirror, "background")
        self.assertIsNotNone(label, "the ended cell shows a button for the job its thread still runs")
        self.click(earlier_mirror.buttons()[label])
        later = self.follow(earlier_mirror, 30, until=lambda: set(earlier_mirror.state) == earlier_mirror.closed)
        self.assertEqual(set(earlier_mirror.state), earlier_mirror.closed)
        background = self.job(self.final_monitor(messages + later, earlier), "background")
        self.assertEqual("CANCELLED", background["status"])
        self.assertIn("cancelled from the notebook", background["failure_reason"], "by its own button, not by Cancel all")

    def follow(self, mirror, seconds, until=lambda: False):
        """Feeds the mirror of an ended cell what comes on iopub for a while; returns what came."""
        deadline = time.time() + seconds
        messages = []
        while time.time() < deadline and not until():
            try:
                messages.append(self.kc.get_iopub_msg(timeout=0.5))
                mirror.take(messages[-1])
            except queue.Empty:
                pass
        return messages

    def test_a_stage_another_cells_job_shares_gets_no_button(self):
        first = WidgetMirror()
        self.run_cell(
            "var shared = sc.parallelize(java.util.Arrays.asList(1, 2), 2)\n"
            "  .mapToPair(x -> { Thread.sleep(12_000); return new scala.Tuple2<>(x, 1); }).reduceByKey(Integer::sum);\n"
            'Thread first = new Thread(() -> { sc.setJobDescription("first"); shared.count(); }); first.start();',
            mirror=first)
        self.follow(first, 2.5)
        alone = [label for label in first.buttons() if label.startswith("Cancel stage ")]
        self.assertEqual(1, len(alone), "while only the first cell's job needs the stage: %r" % list(first.buttons()))
        seen = []

        def watch(msg):
            first.take(msg)
            seen.append((time.time(), list(first.buttons())))
        started = time.time()
        reply, _ = self.run_cell('sc.setJobDescription("second");\nshared.collect()', on_message=watch)
        self.assertEqual("ok", reply["content"]["status"], reply["content"])
        later = [labels for at, labels in seen if at > started + 2 and any(l.startswith("Cancel job") for l in labels)]
        self.assertTrue(later, "the first cell's buttons were followed while both jobs ran")
        self.assertNotIn(alone[0], later[-1], "cancelling the stage would cancel the second cell's job too")

    def test_monitor_off_ends_the_buttons(self):
        earlier = WidgetMirror()
        self.run_cell(in_thread("background", "background", 60_000) + "background.start();", mirror=earlier)
        self.follow(earlier, 2.5)
        self.assertIsNotNone(self.job_button(earlier, "background"))
        reply, messages = self.run_cell("%monitor off")
        for msg in messages:
            earlier.take(msg)
        self.assertEqual(set(earlier.state), earlier.closed, "the model misses job ends while off: no button may stay")
        self.run_cell("%monitor on")
        self.run_cell("sc.cancelAllJobs(); Thread.sleep(500);")
        self.follow(earlier, 1)

    def test_a_quick_job_shows_no_buttons(self):
        mirror = WidgetMirror()
        reply, messages = self.run_cell(SLEEPING_JOB % 100, mirror=mirror)
        self.assertEqual("ok", reply["content"]["status"])
        self.assertEqual({}, mirror.state)


if __name__ == "__main__":
    unittest.main()
