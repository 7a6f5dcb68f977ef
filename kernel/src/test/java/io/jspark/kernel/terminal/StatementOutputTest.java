package io.jspark.kernel.terminal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jspark.kernel.protocol.Json;
import io.jspark.kernel.protocol.Message;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.jline.terminal.impl.ExternalTerminal;
import org.junit.jupiter.api.Test;

class StatementOutputTest {
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();

    @Test
    void theLiveBlockNeverOutgrowsTheTerminal() throws Exception {
        try (Terminal terminal = xterm(60, 6)) {
            StatementOutput output = new StatementOutput(terminal, StatementOutput.canRedraw(terminal));
            output.accept(monitor("display_data", 10));
            String shown = text();
            // 6 rows: 4 lines of the block at most (the prompt's line and one more stay free), the last one counting the rest.
            assertEquals(3, count(shown, "Job "), shown);
            assertTrue(shown.contains("(7 more running jobs)"), shown);
            assertTrue(shown.lines().allMatch(line -> line.length() <= 60), shown);
            output.finish();
        }
    }

    @Test
    void textGoesAboveTheBlockWhichIsRedrawnInPlace() throws Exception {
        try (Terminal terminal = xterm(100, 30)) {
            StatementOutput output = new StatementOutput(terminal, true);
            output.accept(monitor("display_data", 1));
            written.reset();
            output.accept(stream("hello\n"));
            String redraw = text();
            // Up over the block's one line, clear to the end of the screen, the text, then the block again.
            int up = redraw.indexOf("\u001b[A");
            int clear = redraw.indexOf("\u001b[J");
            assertTrue(up >= 0 && clear > up && redraw.indexOf("hello") > clear && redraw.indexOf("Job 0 [") > redraw.indexOf("hello"), redraw);
            written.reset();
            output.finish();
            String end = text();
            assertTrue(end.contains("\u001b[J"), end);
            assertTrue(end.contains("Job 0 RUNNING 1/2 stages 5/10 tasks"), end);
            assertFalse(end.contains("Job 0 ["), end);
        }
    }

    @Test
    void updatesAreDrawnAtMostFourTimesASecond() throws Exception {
        try (Terminal terminal = xterm(100, 30)) {
            StatementOutput output = new StatementOutput(terminal, true);
            long start = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                output.accept(monitor("update_display_data", 1));
                if (i == 0) {
                    output.accept(monitor("display_data", 1));
                }
            }
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            int drawnAtOnce = count(text(), "Job 0 [");
            Thread.sleep(600);
            int drawnLater = count(text(), "Job 0 [");
            output.finish();
            // On a machine too busy to send them within 200 ms, only that the pending one is drawn once at most.
            assertTrue(drawnLater - drawnAtOnce <= 1, drawnAtOnce + " then " + drawnLater);
            if (tookMs < 200) {
                assertEquals(1, drawnAtOnce, "21 updates within " + tookMs + " ms");
                // The last of them, drawn by the ticker once its 250 ms are up.
                assertEquals(2, drawnLater);
            }
        }
    }

    @Test
    void aDumbTerminalGetsOnlyTheSummariesAndPlainText() throws Exception {
        try (Terminal terminal = new DumbTerminal(new ByteArrayInputStream(new byte[0]), written)) {
            assertFalse(StatementOutput.canRedraw(terminal));
            StatementOutput output = new StatementOutput(terminal, false);
            output.accept(monitor("display_data", 2));
            output.accept(stream("partial"));
            ObjectNode error = Json.object().put("ename", "E").put("evalue", "v");
            error.putArray("traceback").add("\u001b[31mboom\u001b[0m");
            output.accept(message("error", error));
            output.finish();
            assertEquals("partial\nboom\nJob 0 RUNNING 1/2 stages 5/10 tasks - count at line 1\n"
                    + "Job 1 RUNNING 1/2 stages 5/10 tasks - count at line 1\n", text());
        }
    }

    private Terminal xterm(int columns, int rows) throws Exception {
        ExternalTerminal terminal = new ExternalTerminal("test", "xterm-256color", new ByteArrayInputStream(new byte[0]), written,
                StandardCharsets.UTF_8);
        terminal.setSize(new Size(columns, rows));
        return terminal;
    }

    private String text() {
        return written.toString(StandardCharsets.UTF_8).replace("\r\n", "\n");
    }

    private static int count(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }

    private static Message monitor(String type, int runningJobs) {
        ObjectNode snapshot = Json.object();
        ArrayNode jobs = snapshot.putArray("jobs");
        for (int i = 0; i < runningJobs; i++) {
            jobs.addObject().put("id", i).put("status", "RUNNING").put("description", "count at line 1").put("num_tasks", 10)
                    .put("completed_tasks", 5).put("active_tasks", 2).put("num_stages", 2).put("completed_stages", 1);
        }
        ObjectNode content = Json.object();
        content.putObject("data").set(StatementOutput.MONITOR_MIME, snapshot);
        content.putObject("transient").put("display_id", "m");
        return message(type, content);
    }

    private static Message stream(String text) {
        return message("stream", Json.object().put("name", "stdout").put("text", text));
    }

    private static Message message(String type, ObjectNode content) {
        return new Message(List.of(), Message.newHeader("s", type), Json.object(), Json.object(), content, List.of());
    }
}
