package io.jspark.kernel.notebook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jspark.kernel.client.InProcessKernel;
import io.jspark.kernel.client.KernelClient;
import io.jspark.kernel.protocol.Json;
import io.jspark.kernel.protocol.Message;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/**
 * Runs a notebook's code cells top to bottom on a kernel of this JVM, as nbclient runs them on a
 * Jupyter kernel (the same requests, the same outputs and metadata), and writes the executed
 * notebook. Runs on the caller's thread; the client's iopub thread fills in the outputs.
 */
public final class NotebookRun {
    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
    /** The progress line gives the error's first line up to this; the traceback below has all of it. */
    private static final int MAX_ERROR_LINE = 160;

    private final NotebookRunOptions options;
    private final PrintStream progress;

    public NotebookRun(NotebookRunOptions options, PrintStream progress) {
        this.options = options;
        this.progress = progress;
    }

    /** The exit status: 0 when every cell ran (or failed where its tag allows), 1 when a cell failed or timed out. */
    public int run(ObjectNode nb, KernelStarter starter) throws Exception {
        ArrayNode cells = (ArrayNode) nb.path("cells");
        int total = 0;
        for (JsonNode cell : cells) {
            total += runs(cell) ? 1 : 0;
        }
        long start = System.nanoTime();
        NotebookOutputs outputs = new NotebookOutputs(cells);
        boolean failed = false;
        try (InProcessKernel kernel = starter.start(START_TIMEOUT)) {
            nb.with("metadata").set("language_info", kernel.kernelInfo().path("language_info").deepCopy());
            int executed = 0;
            for (int index = 0; index < cells.size(); index++) {
                ObjectNode cell = (ObjectNode) cells.get(index);
                if (!runs(cell)) {
                    continue;
                }
                if (failed && !options.keepGoing()) {
                    cell.putNull("execution_count");
                    cell.set("outputs", Json.array());
                    continue;
                }
                executed++;
                CellResult result = runCell(kernel.client(), outputs, index, cell, executed);
                outputs.end(executed);
                String elapsed = seconds(System.nanoTime() - start);
                if (result.error() == null) {
                    progress.printf("cell %d of %d: ok in %s (%s in all)%n", executed, total, result.time(), elapsed);
                } else if (allowsErrors(cell)) {
                    progress.printf("cell %d of %d: %s, as its raises-exception tag expects, in %s (%s in all)%n",
                            executed, total, result.error(), result.time(), elapsed);
                } else {
                    failed = true;
                    progress.printf("cell %d of %d failed in %s (%s in all): %s%n", executed, total, result.time(), elapsed,
                            result.error());
                    result.traceback().forEach(line -> progress.println(stripAnsi(line.asText())));
                }
            }
        }
        NotebookFile.write(nb, options.output());
        progress.printf("%s %s, written to %s%n", failed ? "failed:" : "done:", options.input().getFileName(), options.output());
        return failed ? 1 : 0;
    }

    /** Starts the kernel the notebook runs on. */
    public interface KernelStarter {
        InProcessKernel start(Duration timeout) throws Exception;
    }

    private record CellResult(String error, ArrayNode traceback, String time) {
    }

    private CellResult runCell(KernelClient client, NotebookOutputs outputs, int index, ObjectNode cell, int executed) {
        outputs.begin(index);
        ObjectNode content = Json.object().put("code", cell.path("source").asText()).put("silent", false)
                .put("store_history", true).put("allow_stdin", false).put("stop_on_error", !options.keepGoing() && !allowsErrors(cell));
        content.putObject("user_expressions");
        long cellStart = System.nanoTime();
        try {
            Message reply = client.execute(content, outputs::accept, null, options.timeout());
            outputs.reply(reply);
            String time = seconds(System.nanoTime() - cellStart);
            if ("ok".equals(reply.content().path("status").asText())) {
                return new CellResult(null, Json.array(), time);
            }
            JsonNode traceback = reply.content().path("traceback");
            String evalue = reply.content().path("evalue").asText("").strip().lines().findFirst().orElse("");
            return new CellResult(reply.content().path("ename").asText("Error") + ": "
                    + (evalue.length() > MAX_ERROR_LINE ? evalue.substring(0, MAX_ERROR_LINE) + "…" : evalue),
                    traceback.isArray() ? (ArrayNode) traceback : Json.array(), time);
        } catch (TimeoutException e) {
            return new CellResult("timed out after " + options.timeout().toSeconds()
                    + " s and was interrupted (--timeout sets the limit per cell)", Json.array(), seconds(System.nanoTime() - cellStart));
        }
    }

    private static boolean allowsErrors(JsonNode cell) {
        return NotebookParameters.hasTag(cell, "raises-exception");
    }

    /** As nbclient: code cells with code in them and without the skip-execution tag. */
    private static boolean runs(JsonNode cell) {
        return cell.path("cell_type").asText().equals("code") && !cell.path("source").asText("").isBlank()
                && !NotebookParameters.hasTag(cell, "skip-execution");
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    static String stripAnsi(String text) {
        return text.replaceAll("\u001b\\[[0-9;]*[A-Za-z]", "");
    }

    /** Where the executed notebook goes, and how cells run. */
    public record NotebookRunOptions(Path input, Path output, boolean keepGoing, Duration timeout) {
    }
}
