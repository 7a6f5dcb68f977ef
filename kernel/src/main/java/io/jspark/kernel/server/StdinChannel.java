package io.jspark.kernel.server;

import io.jspark.kernel.protocol.InvalidMessageException;
import io.jspark.kernel.protocol.Json;
import io.jspark.kernel.protocol.Message;
import io.jspark.kernel.protocol.WireCodec;
import java.util.List;
import org.zeromq.ZMQ;

/**
 * The stdin ROUTER socket. A cell (or a thread it started) that reads input owns the socket for
 * the duration of one request; the monitor of this object serialises them.
 */
public final class StdinChannel {
    private static final System.Logger LOG = System.getLogger(StdinChannel.class.getName());

    private final ZMQ.Socket socket;
    private final WireCodec codec;
    private final String session;
    /** One input request at a time; taken interruptibly, so a stuck reader never wedges the next. */
    private final java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();
    private volatile boolean closed;

    StdinChannel(ZMQ.Socket socket, WireCodec codec, String session) {
        this.socket = socket;
        this.codec = codec;
        this.session = session;
        socket.setReceiveTimeOut(100);
    }

    /** Asks the frontend that sent {@code parent} for a line of input; blocks until it answers or the thread is interrupted. */
    public String request(Message parent, String prompt, boolean password) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            return exchange(parent, prompt, password);
        } finally {
            lock.unlock();
        }
    }

    private String exchange(Message parent, String prompt, boolean password) throws InterruptedException {
        while (receive() != null) {
            LOG.log(System.Logger.Level.DEBUG, "dropped a stale stdin message");
        }
        Message request = Message.child(parent, session, "input_request",
                Json.object().put("prompt", prompt).put("password", password));
        Frames.send(socket, codec.encode(request));
        while (true) {
            if (Thread.interrupted() || closed) {
                throw new InterruptedException("input request interrupted");
            }
            List<byte[]> reply = receive();
            if (reply == null) {
                continue;
            }
            try {
                Message m = codec.decode(reply);
                if (m.msgType().equals("input_reply")) {
                    return m.content().path("value").asText("");
                }
            } catch (InvalidMessageException e) {
                LOG.log(System.Logger.Level.WARNING, "dropped an invalid message on stdin: " + e.getMessage());
            }
        }
    }

    private List<byte[]> receive() {
        return Frames.receive(socket);
    }

    /** Ends a pending request; the socket itself is closed with the context, from the main thread. */
    void close() {
        closed = true;
    }
}
