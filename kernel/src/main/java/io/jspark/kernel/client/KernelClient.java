package io.jspark.kernel.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jspark.kernel.protocol.ConnectionInfo;
import io.jspark.kernel.protocol.HmacSigner;
import io.jspark.kernel.protocol.InvalidMessageException;
import io.jspark.kernel.protocol.Json;
import io.jspark.kernel.protocol.Message;
import io.jspark.kernel.protocol.WireCodec;
import io.jspark.kernel.server.Frames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A Jupyter client of one kernel, as jupyter_client's blocking client is: requests on shell with
 * their replies, input requests answered on stdin, interrupt and shutdown on control, and iopub
 * messages handed to the listener of the request that caused them.
 *
 * <p>Threads: the thread that calls {@link #request} and {@link #execute} owns the shell and stdin
 * sockets (one request at a time); the iopub thread owns the iopub socket and calls the listeners;
 * {@link #interrupt} and {@link #shutdown} may come from any thread and take the control socket's lock.
 */
public final class KernelClient implements AutoCloseable {
    private static final int POLL_MS = 50;
    /** As nbclient's iopub_timeout: how long the idle status may trail the reply. */
    private static final long IDLE_AFTER_REPLY_MS = 4000;
    /** How long a timed-out cell has to end once interrupted. */
    private static final Duration AFTER_INTERRUPT = Duration.ofSeconds(30);

    private final WireCodec codec;
    private final String session = UUID.randomUUID().toString();
    private final ZContext context = new ZContext();
    private final ZMQ.Socket shell;
    private final ZMQ.Socket stdin;
    private final ZMQ.Socket control;
    private final Object controlLock = new Object();
    private final Map<String, Consumer<Message>> listeners = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Void>> idle = new ConcurrentHashMap<>();
    private final Thread iopubThread;
    private final BooleanSupplier kernelAlive;
    /** Gets iopub messages that no waiting request claims: output of threads that outlived their cell. */
    private volatile Consumer<Message> unclaimed = message -> { };
    private volatile boolean closed;

    /** {@code kernelAlive} tells whether the kernel still runs, so that no wait outlives it. */
    public KernelClient(ConnectionInfo connection, BooleanSupplier kernelAlive) {
        this.kernelAlive = kernelAlive;
        codec = new WireCodec(new HmacSigner(connection.key(), connection.signatureScheme()));
        // The kernel sends input requests to the identity of the shell socket that sent the request.
        byte[] identity = session.getBytes(StandardCharsets.US_ASCII);
        shell = dealer(connection, connection.shellPort(), identity);
        stdin = dealer(connection, connection.stdinPort(), identity);
        control = dealer(connection, connection.controlPort(), null);
        ZMQ.Socket iopub = context.createSocket(SocketType.SUB);
        iopub.subscribe(new byte[0]);
        iopub.setReceiveTimeOut(POLL_MS);
        iopub.connect(connection.address(connection.iopubPort()));
        iopubThread = new Thread(() -> readIopub(iopub), "jspark-client-iopub");
        iopubThread.setDaemon(true);
        iopubThread.start();
    }

    private ZMQ.Socket dealer(ConnectionInfo connection, int port, byte[] identity) {
        ZMQ.Socket socket = context.createSocket(SocketType.DEALER);
        if (identity != null) {
            socket.setIdentity(identity);
        }
        socket.setLinger(0);
        socket.setReceiveTimeOut(POLL_MS);
        socket.connect(connection.address(port));
        return socket;
    }

    /**
     * Asks for kernel_info until iopub carries the kernel's status for it, so that no iopub
     * message of a later request is lost to the subscription's late start; returns the reply.
     */
    public Message connect(Duration timeout) throws TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Message request = newRequest("kernel_info_request", Json.object());
            CompletableFuture<Void> seen = new CompletableFuture<>();
            listeners.put(request.msgId(), m -> seen.complete(null));
            try {
                Message reply = exchange(request, remaining(deadline), null);
                seen.get(Math.min(500, remaining(deadline).toMillis() + 1), TimeUnit.MILLISECONDS);
                return reply;
            } catch (TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TimeoutException("interrupted while connecting");
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            } finally {
                listeners.remove(request.msgId());
            }
        }
    }

    /** A shell request and its reply. */
    public Message request(String type, ObjectNode content, Duration timeout) throws TimeoutException {
        return exchange(newRequest(type, content), timeout, null);
    }

    /**
     * Runs code as a frontend does: iopub messages of the request go to {@code output} on the iopub
     * thread, input requests to {@code input} on this thread; returns the execute_reply once the
     * kernel is idle again. Null {@code timeout} waits for ever; on timeout the cell is interrupted,
     * and its reply awaited, before TimeoutException.
     */
    public Message execute(ObjectNode content, Consumer<Message> output, InputHandler input, Duration timeout)
            throws TimeoutException {
        Message request = newRequest("execute_request", content);
        CompletableFuture<Void> done = new CompletableFuture<>();
        idle.put(request.msgId(), done);
        listeners.put(request.msgId(), output);
        try {
            Message reply;
            try {
                reply = exchange(request, timeout, input);
            } catch (TimeoutException e) {
                interrupt();
                // A cell that ignores the interrupt (stuck in native code, say) is given up on.
                if (exchangeReply(request, AFTER_INTERRUPT, input) != null) {
                    awaitIdle(done);
                }
                throw e;
            }
            awaitIdle(done);
            return reply;
        } finally {
            idle.remove(request.msgId());
            listeners.remove(request.msgId());
        }
    }

    private static void awaitIdle(CompletableFuture<Void> done) {
        try {
            done.get(IDLE_AFTER_REPLY_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            // As nbclient: output that trails the reply by more than this is given up.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Answers one input request: the line typed, or null when input ended. */
    public interface InputHandler {
        String readLine(String prompt, boolean password);
    }

    /** Where iopub messages go whose request is no longer waited for; called on the iopub thread. */
    public void onUnclaimed(Consumer<Message> listener) {
        unclaimed = listener;
    }

    /** Sends interrupt_request on control; from any thread. */
    public void interrupt() {
        controlRequest("interrupt_request", Json.object(), Duration.ofSeconds(5));
    }

    /** Asks the kernel to shut down and waits for its reply; from any thread. */
    public void shutdown(Duration timeout) {
        controlRequest("shutdown_request", Json.object().put("restart", false), timeout);
    }

    private void controlRequest(String type, ObjectNode content, Duration timeout) {
        synchronized (controlLock) {
            Message request = newRequest(type, content);
            send(control, request);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline && !closed) {
                Message reply = receive(control);
                if (reply != null && reply.parentHeader().path("msg_id").asText().equals(request.msgId())) {
                    return;
                }
            }
        }
    }

    private Message exchange(Message request, Duration timeout, InputHandler input) throws TimeoutException {
        send(shell, request);
        Message reply = exchangeReply(request, timeout, input);
        if (reply == null) {
            String what = "no " + request.msgType().replace("_request", "_reply");
            if (!kernelAlive.getAsBoolean()) {
                throw new IllegalStateException(what + ": the kernel stopped; its log (stderr) says why");
            }
            throw new TimeoutException(what + (timeout == null ? " before the client closed" : " within " + timeout.toSeconds() + " s"));
        }
        return reply;
    }

    /** Waits for the reply to {@code request} on shell, answering input requests on the way; null on timeout. */
    private Message exchangeReply(Message request, Duration timeout, InputHandler input) {
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        try (ZMQ.Poller poller = context.createPoller(2)) {
            poller.register(shell, ZMQ.Poller.POLLIN);
            poller.register(stdin, ZMQ.Poller.POLLIN);
            while (!closed && System.nanoTime() < deadline && kernelAlive.getAsBoolean()) {
                poller.poll(POLL_MS);
                if (poller.pollin(1)) {
                    Message inputRequest = receive(stdin);
                    if (inputRequest != null && inputRequest.msgType().equals("input_request")) {
                        answer(inputRequest, input);
                    }
                }
                if (poller.pollin(0)) {
                    Message reply = receive(shell);
                    if (reply != null && reply.parentHeader().path("msg_id").asText().equals(request.msgId())) {
                        return reply;
                    }
                }
            }
        }
        return null;
    }

    private void answer(Message inputRequest, InputHandler input) {
        ObjectNode content = inputRequest.content();
        String line = input == null ? null
                : input.readLine(content.path("prompt").asText(""), content.path("password").asBoolean(false));
        Message reply = new Message(List.of(), Message.newHeader(session, "input_reply"), inputRequest.header().deepCopy(),
                Json.object(), Json.object().put("value", line == null ? "" : line), List.of());
        send(stdin, reply);
    }

    private Message newRequest(String type, ObjectNode content) {
        return new Message(List.of(), Message.newHeader(session, type), Json.object(), Json.object(), content, List.of());
    }

    private void send(ZMQ.Socket socket, Message message) {
        Frames.send(socket, codec.encode(message));
    }

    private Message receive(ZMQ.Socket socket) {
        List<byte[]> frames = Frames.receive(socket);
        if (frames == null) {
            return null;
        }
        try {
            return codec.decode(frames);
        } catch (InvalidMessageException e) {
            System.getLogger(KernelClient.class.getName()).log(System.Logger.Level.WARNING,
                    "dropped an invalid message from the kernel: " + e.getMessage());
            return null;
        }
    }

    /** Runs on the iopub thread. */
    private void readIopub(ZMQ.Socket iopub) {
        while (!closed) {
            Message message = receive(iopub);
            if (message == null) {
                continue;
            }
            String parent = message.parentHeader().path("msg_id").asText("");
            try {
                listeners.getOrDefault(parent, unclaimed).accept(message);
            } catch (RuntimeException e) {
                // One bad message must not end the thread every later cell's output comes through.
                System.getLogger(KernelClient.class.getName()).log(System.Logger.Level.ERROR,
                        "a " + message.msgType() + " message could not be handled", e);
            }
            if (message.msgType().equals("status") && "idle".equals(message.content().path("execution_state").asText())) {
                CompletableFuture<Void> done = idle.get(parent);
                if (done != null) {
                    done.complete(null);
                }
            }
        }
        iopub.close();
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    @Override
    public void close() {
        closed = true;
        try {
            iopubThread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        context.close();
    }
}
