package io.jspark.kernel;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jspark.kernel.interpreter.LanguageInfo;
import io.jspark.kernel.protocol.Json;
import io.jspark.kernel.protocol.Message;
import io.jspark.kernel.server.Channel;
import io.jspark.kernel.server.IOPub;
import io.jspark.kernel.server.RequestHandler;
import io.jspark.kernel.server.Responder;

/**
 * The message layer: wraps each request in busy and idle, hands it to the part of the kernel that
 * answers its type, answers unknown types with an error, and aborts what a failed cell leaves queued.
 * Called on the shell thread (kernel info, comms, history), the shell's request thread (execute and
 * introspection, in order) and the control thread (interrupt, shutdown), possibly at once.
 */
final class RequestDispatcher implements RequestHandler {
    private static final System.Logger LOG = System.getLogger(RequestDispatcher.class.getName());

    /** The kernel as a whole: what it speaks, and what interrupt and shutdown requests do to it. */
    interface KernelControl {
        LanguageInfo language();

        void interrupt();

        void shutdown(boolean restart);
    }

    private final IOPub iopub;
    private final ExecuteRequests execute;
    private final IntrospectionRequests introspection;
    private final CommRequests comms;
    private final HistoryRequests history;
    private final KernelControl kernel;
    /** Guards the order of status messages between the threads that handle requests. */
    private final Object status = new Object();
    /** The execute request whose cell runs now, or null; guarded by {@link #status}. */
    private Message runningCell;

    RequestDispatcher(IOPub iopub, ExecuteRequests execute, IntrospectionRequests introspection, CommRequests comms,
            HistoryRequests history, KernelControl kernel) {
        this.iopub = iopub;
        this.execute = execute;
        this.introspection = introspection;
        this.comms = comms;
        this.history = history;
        this.kernel = kernel;
    }

    @Override
    public void handle(Channel channel, Message request, Responder responder) {
        boolean cell = request.msgType().equals("execute_request");
        synchronized (status) {
            if (cell) {
                runningCell = request;
            }
            iopub.publish(request, "status", Json.object().put("execution_state", "busy"));
        }
        try {
            if (dispatch(request, responder)) {
                abortQueued(channel, responder);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "failed to handle " + request.msgType(), e);
            replyError(request, responder, "KernelError", "the kernel could not handle this request: " + e.getMessage());
        } finally {
            idle(request, cell);
        }
    }

    /**
     * Frontends take the kernel's state from the latest status message whatever its parent, so a
     * request answered while a cell runs is followed by busy again, for the cell. Under the lock the
     * cell's own idle cannot come between the two.
     */
    private void idle(Message request, boolean cell) {
        synchronized (status) {
            iopub.publish(request, "status", Json.object().put("execution_state", "idle"));
            if (cell) {
                runningCell = null;
            } else if (runningCell != null) {
                iopub.publish(runningCell, "status", Json.object().put("execution_state", "busy"));
            }
        }
    }

    /**
     * After a failed cell with stop_on_error, the execute requests that were already waiting are
     * aborted, before the failed cell's idle, so that a request sent after it is never caught.
     */
    private void abortQueued(Channel channel, Responder responder) {
        for (Message queued : responder.takeQueued()) {
            if (queued.msgType().equals("execute_request")) {
                execute.abort(queued, responder);
            } else {
                handle(channel, queued, responder);
            }
        }
    }

    /** True when the request was a cell that failed and asked to stop on error. */
    private boolean dispatch(Message request, Responder responder) {
        ObjectNode content = request.content();
        switch (request.msgType()) {
            case "kernel_info_request" -> responder.reply(request, "kernel_info_reply", KernelInfo.content(kernel.language()));
            case "execute_request" -> {
                return execute.execute(request, responder);
            }
            case "complete_request" -> responder.reply(request, "complete_reply", introspection.complete(content));
            case "inspect_request" -> responder.reply(request, "inspect_reply", introspection.inspect(content));
            case "is_complete_request" -> responder.reply(request, "is_complete_reply", introspection.isComplete(content));
            case "history_request" -> responder.reply(request, "history_reply", history.history(content));
            case "comm_info_request" -> responder.reply(request, "comm_info_reply", comms.commInfo(content));
            case "comm_open", "comm_msg", "comm_close" -> comms.comm(request);
            case "interrupt_request" -> {
                kernel.interrupt();
                responder.reply(request, "interrupt_reply", Json.object().put("status", "ok"));
            }
            case "shutdown_request" -> {
                boolean restart = content.path("restart").asBoolean(false);
                responder.reply(request, "shutdown_reply", Json.object().put("status", "ok").put("restart", restart));
                kernel.shutdown(restart);
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
}
