package io.jspark.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jspark.display.MimeBundle;
import io.jspark.display.RendererRegistry;
import io.jspark.kernel.cell.CellRequests;
import io.jspark.kernel.history.History;
import io.jspark.kernel.interpreter.CellError;
import io.jspark.kernel.interpreter.EvalResult;
import io.jspark.kernel.interpreter.Interpreter;
import io.jspark.kernel.protocol.Json;
import io.jspark.kernel.protocol.Message;
import io.jspark.kernel.server.IOPub;
import io.jspark.kernel.server.Responder;
import io.jspark.kernel.session.CellContext;
import io.jspark.kernel.session.CellContexts;
import io.jspark.kernel.session.CellRunner;
import io.jspark.kernel.session.CellThread;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Execute requests: runs each cell on the execution thread while the shell's request thread waits,
 * then publishes its result or error and replies; also aborts the requests a failed cell leaves.
 */
final class ExecuteRequests {
    private static final System.Logger LOG = System.getLogger(ExecuteRequests.class.getName());
    private static final Pattern HELP_REQUEST = Pattern.compile("^([A-Za-z_$][\\w$.]*)\\s*\\?$");

    private final IOPub iopub;
    private final CellThread cells;
    private final CellContexts contexts;
    private final CellRequests requests;
    private final RendererRegistry renderers;
    private final History history;
    /** Owned by the shell's request thread. */
    private int executionCount;
    /** Set once before any cell; read and cleared by the execution thread. */
    private volatile String startupMessages = "";

    ExecuteRequests(IOPub iopub, CellThread cells, CellContexts contexts, CellRequests requests, RendererRegistry renderers,
            History history) {
        this.iopub = iopub;
        this.cells = cells;
        this.contexts = contexts;
        this.requests = requests;
        this.renderers = renderers;
        this.history = history;
    }

    /** Text shown on stderr of the first cell, e.g. a startup script that failed. */
    void reportOnFirstCell(String text) {
        startupMessages = text;
    }

    void abort(Message request, Responder responder) {
        iopub.publish(request, "status", Json.object().put("execution_state", "busy"));
        ObjectNode reply = Json.object().put("status", "aborted").put("execution_count", executionCount);
        responder.reply(request, "execute_reply", reply);
        iopub.publish(request, "status", Json.object().put("execution_state", "idle"));
    }

    /** Runs the request's cell; true when it failed and asked to stop on error. */
    boolean execute(Message request, Responder responder) {
        ObjectNode content = request.content();
        String code = content.path("code").asText("");
        boolean silent = content.path("silent").asBoolean(false);
        boolean storeHistory = !silent && content.path("store_history").asBoolean(true);
        boolean allowStdin = content.path("allow_stdin").asBoolean(true);
        boolean stopOnError = content.path("stop_on_error").asBoolean(true);
        if (storeHistory) {
            executionCount++;
        }
        int count = executionCount;
        if (!silent) {
            iopub.publish(request, "execute_input", Json.object().put("code", code).put("execution_count", count));
        }
        CellContext cell = requests.open(request, count, allowStdin);
        CellOutcome outcome = await(cells.submit(() -> runCell(code, cell, content.path("user_expressions"))));
        if (outcome == null) {
            CellError error = CellError.of("KernelError", "the kernel could not run this cell; the kernel log has the details");
            outcome = new CellOutcome(null, error, Json.object(), Json.array());
        }

        ObjectNode reply = Json.object();
        reply.put("execution_count", count);
        if (outcome.error() != null) {
            CellError error = outcome.error();
            ObjectNode errorContent = errorContent(error);
            if (!silent) {
                iopub.publish(request, "error", errorContent.deepCopy());
            }
            reply.put("status", "error");
            reply.setAll(errorContent);
            reply.set("user_expressions", Json.object());
        } else {
            if (outcome.value() != null && !silent) {
                ObjectNode result = KernelRuntime.bundleContent(outcome.value());
                result.put("execution_count", count);
                iopub.publish(request, "execute_result", result);
            }
            reply.put("status", "ok");
            reply.set("user_expressions", outcome.userExpressions());
        }
        reply.set("payload", outcome.payload());
        if (storeHistory) {
            Object plain = outcome.value() == null ? null : outcome.value().get(MimeBundle.TEXT_PLAIN);
            history.record(count, code, plain == null ? "" : plain.toString());
        }
        responder.reply(request, "execute_reply", reply);
        return outcome.error() != null && stopOnError;
    }

    private static ObjectNode errorContent(CellError error) {
        ObjectNode node = Json.object().put("ename", error.ename()).put("evalue", error.evalue());
        ArrayNode traceback = node.putArray("traceback");
        error.traceback().forEach(traceback::add);
        return node;
    }

    /** What the execution thread hands back to the shell thread; immutable. */
    private record CellOutcome(MimeBundle value, CellError error, ObjectNode userExpressions, ArrayNode payload) {
    }

    /** Runs on the execution thread. */
    private CellOutcome runCell(String code, CellContext cell, JsonNode userExpressions) {
        CellRunner cellRunner = cells.runner();
        try {
            return evaluate(cellRunner, code, cell, userExpressions);
        } finally {
            cellRunner.finish(cell);
            contexts.exit(cell);
        }
    }

    private CellOutcome evaluate(CellRunner cellRunner, String code, CellContext cell, JsonNode userExpressions) {
        contexts.enter(cell);
        if (!startupMessages.isEmpty()) {
            System.err.print(startupMessages);
            startupMessages = "";
        }
        ArrayNode payload = Json.array();
        Matcher help = HELP_REQUEST.matcher(code.strip());
        EvalResult result;
        if (help.matches()) {
            payload.add(pagerPayload(cellRunner.interpreter(), help.group(1)));
            result = new EvalResult.Ok(false, null);
        } else {
            result = cellRunner.run(code, cell);
        }
        System.out.flush();
        System.err.flush();
        if (result instanceof EvalResult.Failed failed) {
            return new CellOutcome(null, failed.error(), Json.object(), payload);
        }
        EvalResult.Ok ok = (EvalResult.Ok) result;
        try {
            MimeBundle value = ok.hasValue() ? render(ok.value()) : null;
            return new CellOutcome(value, null, userExpressions(cellRunner.interpreter(), userExpressions, cell), payload);
        } catch (RenderFailure e) {
            return new CellOutcome(null, cellRunner.interpreter().renderingFailure(e.getCause()), Json.object(), payload);
        }
    }

    /**
     * Renders a value; rendering may run user code (a toString that recurses, say) or Spark jobs, and
     * their failure, errors such as StackOverflowError included, is the cell's error.
     */
    private MimeBundle render(Object value) throws RenderFailure {
        try {
            return renderers.render(value);
        } catch (Exception | StackOverflowError | OutOfMemoryError e) {
            throw new RenderFailure(e);
        }
    }

    private static final class RenderFailure extends Exception {
        RenderFailure(Throwable cause) {
            super(cause);
        }
    }

    private ObjectNode userExpressions(Interpreter interpreter, JsonNode expressions, CellContext cell) {
        ObjectNode results = Json.object();
        expressions.fields().forEachRemaining(e -> {
            EvalResult r = interpreter.eval(e.getValue().asText(), cell.label() + " user expression");
            ObjectNode node;
            if (r instanceof EvalResult.Ok ok) {
                try {
                    node = KernelRuntime.bundleContent(render(ok.hasValue() ? ok.value() : null));
                    node.put("status", "ok");
                } catch (RenderFailure failure) {
                    node = errorContent(interpreter.renderingFailure(failure.getCause()));
                    node.put("status", "error");
                }
            } else {
                node = errorContent(((EvalResult.Failed) r).error());
                node.put("status", "error");
            }
            results.set(e.getKey(), node);
        });
        return results;
    }

    private ObjectNode pagerPayload(Interpreter interpreter, String name) {
        Object text = interpreter.inspect(name, name.length()).map(found -> found.get(MimeBundle.TEXT_PLAIN)).orElse(null);
        ObjectNode page = Json.object().put("source", "page").put("start", 0);
        page.putObject("data").put(MimeBundle.TEXT_PLAIN, text == null ? "No documentation found for " + name : text.toString());
        return page;
    }

    /** The cell's outcome, or null when running it failed inside the kernel (logged). */
    private static <T> T await(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException e) {
            LOG.log(System.Logger.Level.ERROR, "the execution thread failed", e.getCause());
            return null;
        } catch (java.util.concurrent.CancellationException e) {
            return null;
        }
    }
}
