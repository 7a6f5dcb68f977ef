"""While a cell runs, the shell channel still answers what does not wait for the cell: kernel_info,
comm_info, comm messages and history come at once; executes, completions and inspections wait their
turn and are answered in the order they came (issue 11)."""
import time
import unittest
import uuid

from kernel_harness import Result, SharedKernelTestCase
from language_samples import CODE

#: What the issue asks of kernel_info while a cell sleeps; measured here about 5 ms.
KERNEL_INFO_LIMIT = 0.1


class BusyKernelTest(SharedKernelTestCase):

    def start_sleeping_cell(self, seconds=30):
        msg_id = self.kernel.kc.execute(CODE["sleep_ms"] % (seconds * 1000))
        self.kernel.wait_for_iopub(msg_id, "execute_input")
        time.sleep(0.3)  # the cell is in its sleep by now
        return msg_id

    def end_sleeping_cell(self, msg_id):
        self.kernel.km.interrupt_kernel()
        reply = self.kernel.reply(msg_id, timeout=30)
        self.assertEqual("error", reply["content"]["status"], Result(msg_id, reply, []).describe())
        self.kernel.iopub_messages(msg_id)

    def test_kernel_info_is_answered_at_once_while_a_cell_sleeps(self):
        k = self.kernel
        # Its idle must come before the cell starts, or the kernel rightly says busy again after it.
        warm_up = k.request("kernel_info_request", {})
        k.iopub_messages(warm_up["parent_header"]["msg_id"])
        sleeping = self.start_sleeping_cell()
        try:
            started = time.monotonic()
            reply = k.request("kernel_info_request", {}, timeout=5)
            elapsed = time.monotonic() - started
            self.assertEqual("kernel_info_reply", reply["msg_type"])
            self.assertLess(elapsed, KERNEL_INFO_LIMIT)
            statuses = [m["content"]["execution_state"] for m in k.iopub_messages(reply["parent_header"]["msg_id"])
                        if m["msg_type"] == "status"]
            self.assertEqual(["busy", "idle"], statuses, "its own busy and idle")
            self.assertFalse(k.has_unclaimed_reply(sleeping), "the cell still runs")
            cell_statuses = [m["content"]["execution_state"] for m in k.iopub_messages(sleeping, timeout=1, until_idle=False)
                             if m["msg_type"] == "status"]
            self.assertEqual(["busy", "busy"], cell_statuses,
                             "frontends read the latest status whatever its parent, so the cell says busy again")
        finally:
            self.end_sleeping_cell(sleeping)

    def test_a_comm_message_is_handled_while_a_cell_runs(self):
        k = self.kernel
        k.execute_ok(self, CODE["register_echo_target"])
        comm_id = uuid.uuid4().hex
        k.iopub_messages(k.send("comm_open", {"comm_id": comm_id, "target_name": "busy.echo", "data": {}}))
        sleeping = self.start_sleeping_cell()
        try:
            msg_id = k.send("comm_msg", {"comm_id": comm_id, "data": {"cancel": 7}})
            echoed = [m for m in k.iopub_messages(msg_id, timeout=5) if m["msg_type"] == "comm_msg"]
            self.assertEqual([{"comm_id": comm_id, "data": {"cancel": 7}}], [m["content"] for m in echoed])
            self.assertIn(comm_id, k.request("comm_info_request", {}, timeout=5)["content"]["comms"])
            self.assertFalse(k.has_unclaimed_reply(sleeping), "the cell still runs")
        finally:
            self.end_sleeping_cell(sleeping)

    def test_requests_that_wait_for_the_cell_are_answered_in_order(self):
        k = self.kernel
        first = k.kc.execute(CODE["sleep_then_declare_waited"])
        complete = k.send("complete_request", {"code": "wait", "cursor_pos": 4})
        second = k.kc.execute(CODE["use_waited"])
        info = k.send("kernel_info_request", {})
        order = []
        while len(order) < 4:
            msg = k._next("shell", 30)
            self.assertIsNotNone(msg, "replies so far: %r" % order)
            order.append(msg["parent_header"]["msg_id"])
        self.assertEqual([info, first, complete, second], order)
        for msg_id in (first, second, info, complete):
            k.iopub_messages(msg_id)


if __name__ == "__main__":
    unittest.main()
