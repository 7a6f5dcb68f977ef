package io.jspark.kernel.terminal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jspark.display.HtmlText;
import io.jspark.kernel.protocol.Message;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jline.terminal.Terminal;
import org.jline.utils.InfoCmp.Capability;

/**
 * Prints what one statement sends (streams, results as text/plain, errors) and, on a terminal that
 * can move its cursor, keeps a live block of the statement's running Spark jobs below that output,
 * redrawn in place at most 4 times a second; when the statement ends the block gives way to a
 * summary line per job (the only monitor output on a dumb terminal or a pipe).
 *
 * <p>Threads: the client's iopub thread calls {@link #accept}, a ticker redraws the block, the shell's
 * thread calls {@link #finish}; every write to the terminal holds this object's monitor.
 */
final class StatementOutput implements Consumer<Message> {
    static final String MONITOR_MIME = "application/vnd.sparkmonitor+json";
    private static final long REDRAW_MS = 250;

    private final Terminal terminal;
    private final PrintWriter out;
    private final boolean live;
    /** Monitor snapshots by display id, in the order they appeared. */
    private final Map<String, JsonNode> monitors = new LinkedHashMap<>();
    private final ScheduledExecutorService ticker;
    /** Stream text after the last line break, held back while the block is shown below it. */
    private final StringBuilder partialLine = new StringBuilder();
    private int blockLines;
    /** Whether the last text printed left its line open. */
    private boolean midLine;
    /** After {@link #finish}: a tick or a message that was already on its way draws nothing. */
    private boolean finished;
    private boolean dirty;
    private long drawnAt;

    StatementOutput(Terminal terminal, boolean live) {
        this.terminal = terminal;
        this.out = terminal.writer();
        this.live = live;
        if (live) {
            ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "jspark-shell-monitor");
                t.setDaemon(true);
                return t;
            });
            ticker.scheduleWithFixedDelay(this::tick, REDRAW_MS, REDRAW_MS, TimeUnit.MILLISECONDS);
        } else {
            ticker = null;
        }
    }

    /** True when the terminal can redraw lines in place. */
    static boolean canRedraw(Terminal terminal) {
        return !terminal.getType().startsWith(Terminal.TYPE_DUMB) && terminal.getStringCapability(Capability.cursor_up) != null
                && terminal.getStringCapability(Capability.clr_eos) != null;
    }

    @Override
    public synchronized void accept(Message message) {
        if (finished) {
            return;
        }
        ObjectNode content = message.content();
        switch (message.msgType()) {
            case "stream" -> stream(content.path("text").asText());
            case "execute_result", "display_data" -> display(content);
            case "update_display_data" -> {
                String id = content.path("transient").path("display_id").asText(null);
                if (id != null && monitors.containsKey(id) && content.path("data").has(MONITOR_MIME)) {
                    monitor(id, content.path("data").path(MONITOR_MIME));
                }
            }
            case "error" -> {
                List<String> lines = new ArrayList<>();
                content.path("traceback").forEach(line -> lines.add(line.asText()));
                text(String.join("\n", lines) + "\n");
            }
            default -> { }
        }
    }

    private void display(ObjectNode content) {
        JsonNode data = content.path("data");
        String id = content.path("transient").path("display_id").asText(null);
        if (data.has(MONITOR_MIME)) {
            monitor(id == null ? "display-" + monitors.size() : id, data.path(MONITOR_MIME));
        } else if (data.has("text/plain") || data.has("text/html")) {
            String text = data.has("text/plain") ? data.path("text/plain").asText() : HtmlText.of(data.path("text/html").asText());
            text(text.endsWith("\n") ? text : text + "\n");
        }
    }

    private void monitor(String id, JsonNode snapshot) {
        monitors.put(id, snapshot);
        dirty = true;
        if (live && System.currentTimeMillis() - drawnAt >= REDRAW_MS) {
            redraw();
        }
    }

    private synchronized void tick() {
        if (dirty && !finished) {
            redraw();
        }
    }

    private void stream(String text) {
        if (!live || monitors.isEmpty()) {
            out.print(text);
            out.flush();
            midLine = text.isEmpty() ? midLine : !text.endsWith("\n");
            return;
        }
        partialLine.append(text);
        int end = partialLine.lastIndexOf("\n");
        if (end >= 0) {
            String lines = partialLine.substring(0, end + 1);
            partialLine.delete(0, end + 1);
            text(lines);
        }
    }

    /** Whole lines of output, printed above the block. */
    private void text(String text) {
        erase();
        endLine();
        out.print(live ? text : text.replaceAll("\u001b\\[[0-9;]*[A-Za-z]", ""));
        draw();
        out.flush();
    }

    /** Ends a line that stream output left open, so that what follows starts in the first column. */
    private void endLine() {
        if (midLine) {
            out.print('\n');
            midLine = false;
        }
    }

    private void redraw() {
        erase();
        draw();
        out.flush();
    }

    private void erase() {
        if (blockLines > 0) {
            terminal.puts(Capability.carriage_return);
            for (int i = 0; i < blockLines; i++) {
                terminal.puts(Capability.cursor_up);
            }
            terminal.puts(Capability.clr_eos);
            blockLines = 0;
        }
    }

    private void draw() {
        dirty = false;
        if (!live) {
            return;
        }
        drawnAt = System.currentTimeMillis();
        int width = terminal.getWidth() > 0 ? terminal.getWidth() : 80;
        int height = terminal.getHeight() > 0 ? terminal.getHeight() : 24;
        List<String> lines = new ArrayList<>();
        for (JsonNode snapshot : monitors.values()) {
            lines.addAll(JobLines.running(snapshot, width - 1));
        }
        // Never more lines than fit, or the block could not be moved back over.
        int room = Math.max(1, height - 2);
        if (lines.size() > room) {
            int hidden = lines.size() - room + 1;
            lines = new ArrayList<>(lines.subList(0, room - 1));
            lines.add("(" + hidden + " more running jobs)");
        }
        if (!lines.isEmpty()) {
            endLine();
        }
        for (String line : lines) {
            out.print(line);
            out.print('\n');
        }
        blockLines = lines.size();
    }

    /** Called once the statement's reply came: the block gives way to a summary per job. */
    synchronized void finish() {
        finished = true;
        if (ticker != null) {
            ticker.shutdownNow();
        }
        erase();
        if (partialLine.length() > 0) {
            out.print(partialLine);
            partialLine.setLength(0);
            midLine = true;
        }
        // The prompt starts in the first column, also after print("no newline").
        endLine();
        for (JsonNode snapshot : monitors.values()) {
            for (String line : JobLines.summaries(snapshot)) {
                out.println(line);
            }
        }
        out.flush();
    }
}
