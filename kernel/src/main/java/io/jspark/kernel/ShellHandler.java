package io.jspark.kernel;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jspark.display.MimeBundle;
import io.jspark.display.RendererRegistry;
import io.jspark.kernel.api.CommManager;
import io.jspark.kernel.cell.CellContext;
import io.jspark.kernel.cell.CellContexts;
import io.jspark.kernel.eval.CellError;
import io.jspark.kernel.eval.EvalResult;
import io.jspark.kernel.eval.JavaEvaluator;
import io.jspark.kernel.history.History;
import io.jspark.kernel.history.HistoryEntry;
import io.jspark.kernel.magic.CellParser;
import io.jspark.kernel.magic.CellPart;
import io.jspark.kernel.magic.Magics;
import io.jspark.kernel.protocol.Json;
import io.jspark.kernel.protocol.Message;
import io.jspark.kernel.server.Channel;
import io.jspark.kernel.server.IOPub;
import io.jspark.kernel.server.RequestHandler;
import io.jspark.kernel.server.Responder;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jshell.SourceCodeAnalysis;

/**
 * The message layer: answers each request type of the shell and control channels. Execute,
 * completion and inspection requests come on the shell's request thread, one at a time in the order
 * they came, and wait there while their cell runs on the execution thread; kernel info, comms and
 * history come on the shell thread, also while a cell runs; interrupts on the control thread.
 */
final class ShellHandler implements RequestHandler {
    private static final System.Logger LOG = System.getLogger(ShellHandler.class.getName());
    private static final Pattern HELP_REQUEST = Pattern.compile("^([A-Za-z_$][\\w$.]*)\\s*\\?$");
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    private final IOPub iopub;
    private final CompletableFuture<CellRunner> runner;
    private final ExecutorService cellThread;
    private final CellContexts contexts;
    private final RendererRegistry renderers;
    private final CommManager comms;
    private final ThreadLocal<Message> commParent;
    private final History history;
    private final Magics magics;
    private final BiConsumer<Boolean, Message> shutdown;
    /** Owned by the shell's request thread. */
    private int executionCount;
    /** Set once before any cell; read and cleared by the execution thread. */
    private volatile String startupMessages = "";

    ShellHandler(IOPub iopub, CompletableFuture<CellRunner> runner, ExecutorService cellThread, CellContexts contexts,
            RendererRegistry renderers, CommManager comms, ThreadLocal<Message> commParent, History history,
            Magics magics, BiConsumer<Boolean, Message> shutdown) {
        this.iopub = iopub;
        this.runner = runner;
        this.cellThread = cellThread;
        this.contexts = contexts;
        this.renderers = renderers;
        this.comms = comms;
        this.commParent = commParent;
        this.history = history;
        this.magics = magics;
        this.shutdown = shutdown;
    }

    /** Text shown on stderr of the first cell, e.g. a startup script that failed. */
    void reportOnFirstCell(String text) {
        startupMessages = text;
    }

    @Override
    public void handle(Channel channel, Message request, Responder responder) {
        iopub.publish(request, "status", Json.object().put("execution_state", "busy"));
        try {
            if (dispatch(channel, request, responder)) {
                abortQueued(channel, responder);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "failed to handle " + request.msgType(), e);
            replyError(request, responder, "KernelError", "the kernel could not handle this request: " + e.getMessage());
        } finally {
            iopub.publish(request, "status", Json.object().put("execution_state", "idle"));
        }
    }

    /**
     * After a failed cell with stop_on_error, the execute requests that were already waiting are
     * aborted, before the failed cell's idle, so that a request sent after it is never caught.
     */
    private void abortQueued(Channel channel, Responder responder) {
        for (Message queued : responder.takeQueued()) {
            if (queued.msgType().equals("execute_request")) {
                abort(queued, responder);
            } else {
                handle(channel, queued, responder);
            }
        }
    }

    private boolean dispatch(Channel channel, Message request, Responder responder) {
        String type = request.msgType();
        ObjectNode content = request.content();
        switch (type) {
            case "kernel_info_request" -> responder.reply(request, "kernel_info_reply", KernelInfo.content());
            case "execute_request" -> {
                return execute(request, responder);
            }
            case "complete_request" -> responder.reply(request, "complete_reply", complete(content));
            case "inspect_request" -> responder.reply(request, "inspect_reply", inspect(content));
            case "is_complete_request" -> responder.reply(request, "is_complete_reply", isComplete(content));
            case "history_request" -> responder.reply(request, "history_reply", history(content));
            case "comm_info_request" -> responder.reply(request, "comm_info_reply", commInfo(content));
            case "comm_open", "comm_msg", "comm_close" -> comm(request);
            case "interrupt_request" -> {
                interrupt();
                responder.reply(request, "interrupt_reply", Json.object().put("status", "ok"));
            }
            case "shutdown_request" -> {
                boolean restart = content.path("restart").asBoolean(false);
                responder.reply(request, "shutdown_reply", Json.object().put("status", "ok").put("restart", restart));
                shutdown.accept(restart, request);
            }
            default -> unknown(request, responder);
        }
        return false;
    }

    private void unknown(Message request, Responder responder) {
        LOG.log(System.Logger.Level.WARNING, "unknown message type " + request.msgType());
        replyError(request, responder, "UnknownMessageType", "the spark-java kernel does not handle " + request.msgType());
    }

    /** Requests (types ending in _request) get an error reply; other messages get none, as the spec says. */
    private static void replyError(Message request, Responder responder, String ename, String evalue) {
        String type = request.msgType();
        if (type.endsWith("_request")) {
            ObjectNode error = Json.object().put("status", "error").put("ename", ename).put("evalue", evalue);
            error.putArray("traceback");
            responder.reply(request, type.substring(0, type.length() - "_request".length()) + "_reply", error);
        }
    }

    /** Called on the control thread, or by the SIGINT handler. */
    void interrupt() {
        CellRunner r = runner.getNow(null);
        if (r != null) {
            r.interrupt();
        }
    }

    private void abort(Message request, Responder responder) {
        iopub.publish(request, "status", Json.object().put("execution_state", "busy"));
        ObjectNode reply = Json.object().put("status", "aborted").put("execution_count", executionCount);
        responder.reply(request, "execute_reply", reply);
        iopub.publish(request, "status", Json.object().put("execution_state", "idle"));
    }

    private boolean execute(Message request, Responder responder) {
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
        CellContext cell = new CellContext(request, count, allowStdin);
        CellOutcome outcome = await(cellThread.submit(() -> runCell(code, cell, content.path("user_expressions"))));
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
        CellRunner cellRunner = runner.join();
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
            payload.add(pagerPayload(cellRunner.evaluator(), help.group(1)));
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
            return new CellOutcome(value, null, userExpressions(cellRunner.evaluator(), userExpressions, cell), payload);
        } catch (RenderFailure e) {
            return new CellOutcome(null, cellRunner.evaluator().renderingFailure(e.getCause()), Json.object(), payload);
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

    private ObjectNode userExpressions(JavaEvaluator evaluator, JsonNode expressions, CellContext cell) {
        ObjectNode results = Json.object();
        expressions.fields().forEachRemaining(e -> {
            EvalResult r = evaluator.eval(e.getValue().asText(), cell.label() + " user expression");
            ObjectNode node;
            if (r instanceof EvalResult.Ok ok) {
                try {
                    node = KernelRuntime.bundleContent(render(ok.hasValue() ? ok.value() : null));
                    node.put("status", "ok");
                } catch (RenderFailure failure) {
                    node = errorContent(evaluator.renderingFailure(failure.getCause()));
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

    private ObjectNode pagerPayload(JavaEvaluator evaluator, String name) {
        String text = documentationText(evaluator.documentation(name, name.length()));
        ObjectNode page = Json.object().put("source", "page").put("start", 0);
        page.putObject("data").put(MimeBundle.TEXT_PLAIN, text.isEmpty() ? "No documentation found for " + name : text);
        return page;
    }

    private static String documentationText(List<SourceCodeAnalysis.Documentation> docs) {
        StringBuilder sb = new StringBuilder();
        for (SourceCodeAnalysis.Documentation doc : docs) {
            if (!sb.isEmpty()) {
                sb.append("\n\n");
            }
            sb.append(doc.signature());
            if (doc.javadoc() != null && !doc.javadoc().isBlank()) {
                sb.append("\n\n").append(doc.javadoc().strip());
            }
        }
        return sb.toString();
    }

    private ObjectNode complete(ObjectNode content) {
        String code = content.path("code").asText("");
        int cursor = CodePoints.toCharIndex(code, content.path("cursor_pos").asInt(code.codePointCount(0, code.length())));
        ObjectNode reply = Json.object().put("status", "ok");
        ArrayNode matches = reply.putArray("matches");
        int start = cursor;
        int lineStart = code.lastIndexOf('\n', cursor - 1) + 1;
        String linePrefix = code.substring(lineStart, cursor);
        if (linePrefix.matches("%%?[A-Za-z]*")) {
            boolean cellMagic = linePrefix.startsWith("%%");
            String prefix = linePrefix.substring(cellMagic ? 2 : 1);
            for (String name : magics.names(cellMagic)) {
                if (name.startsWith(prefix)) {
                    matches.add(name);
                }
            }
            start = cursor - prefix.length();
        } else {
            JavaEvaluator.Completion completion = evaluator().complete(code, cursor);
            completion.matches().forEach(matches::add);
            start = completion.start();
        }
        reply.put("cursor_start", code.codePointCount(0, start));
        reply.put("cursor_end", code.codePointCount(0, cursor));
        reply.putObject("metadata");
        return reply;
    }

    private ObjectNode inspect(ObjectNode content) {
        String code = content.path("code").asText("");
        int cursor = CodePoints.toCharIndex(code, content.path("cursor_pos").asInt(code.codePointCount(0, code.length())));
        String text = documentationText(evaluator().documentation(code, cursor));
        ObjectNode reply = Json.object().put("status", "ok").put("found", !text.isEmpty());
        ObjectNode data = reply.putObject("data");
        if (!text.isEmpty()) {
            data.put(MimeBundle.TEXT_PLAIN, text);
        }
        reply.putObject("metadata");
        return reply;
    }

    private ObjectNode isComplete(ObjectNode content) {
        String code = content.path("code").asText("");
        ObjectNode reply = Json.object();
        if (code.stripLeading().startsWith("%%")) {
            return reply.put("status", "complete");
        }
        StringBuilder java = new StringBuilder();
        for (CellPart part : CellParser.parse(code)) {
            if (part instanceof CellPart.Java j) {
                java.append(j.code());
            }
        }
        if (java.toString().isBlank()) {
            return reply.put("status", "complete");
        }
        SourceCodeAnalysis.Completeness completeness = evaluator().completeness(java.toString());
        switch (completeness) {
            case COMPLETE, COMPLETE_WITH_SEMI, EMPTY -> reply.put("status", "complete");
            case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE ->
                    reply.put("status", "incomplete").put("indent", "    ".repeat(Math.max(1, Brackets.openDepth(code))));
            case UNKNOWN -> reply.put("status", "invalid");
        }
        return reply;
    }

    private ObjectNode history(ObjectNode content) {
        boolean output = content.path("output").asBoolean(false);
        String access = content.path("hist_access_type").asText("tail");
        int n = content.path("n").asInt(0);
        List<HistoryEntry> entries = switch (access) {
            case "range" -> history.range(content.path("session").asInt(0), content.path("start").asInt(0),
                    content.path("stop").asInt(0));
            case "search" -> history.search(content.path("pattern").asText("*"), n, content.path("unique").asBoolean(false));
            default -> history.tail(n > 0 ? n : 10);
        };
        ObjectNode reply = Json.object().put("status", "ok");
        ArrayNode list = reply.putArray("history");
        for (HistoryEntry e : entries) {
            ArrayNode row = list.addArray().add(e.session()).add(e.line());
            if (output) {
                row.addArray().add(e.input()).add(e.output());
            } else {
                row.add(e.input());
            }
        }
        return reply;
    }

    private ObjectNode commInfo(ObjectNode content) {
        ObjectNode reply = Json.object().put("status", "ok");
        ObjectNode list = reply.putObject("comms");
        comms.openComms(content.path("target_name").asText(null))
                .forEach((id, target) -> list.putObject(id).put("target_name", target));
        return reply;
    }

    /**
     * Comm handlers run here on the shell thread, also while a cell runs on the execution thread;
     * what they send goes out with this message as parent.
     */
    private void comm(Message request) {
        ObjectNode content = request.content();
        String commId = content.path("comm_id").asText();
        Map<String, Object> data = Json.MAPPER.convertValue(content.path("data").isObject() ? content.path("data") : Json.object(), MAP);
        commParent.set(request);
        try {
            switch (request.msgType()) {
                case "comm_open" -> {
                    if (!comms.frontendOpened(commId, content.path("target_name").asText(), data)) {
                        ObjectNode close = Json.object().put("comm_id", commId);
                        close.putObject("data");
                        iopub.publish(request, "comm_close", close);
                    }
                }
                case "comm_msg" -> comms.frontendMessage(commId, data);
                default -> comms.frontendClosed(commId, data);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "a comm handler failed", e);
        } finally {
            commParent.remove();
        }
    }

    private JavaEvaluator evaluator() {
        return runner.join().evaluator();
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
