package io.jspark.kernel.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jspark.kernel.protocol.Json;
import io.jspark.kernel.protocol.Message;
import io.jspark.kernel.protocol.WireCodec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.zeromq.ZMQ;

/**
 * The iopub PUB socket and the thread that owns it. Publishers on any thread enqueue; stream text
 * is batched per cell and stream name, and flushed before any other message so that output keeps
 * its order, at least every {@value #STREAM_FLUSH_MS} ms, and whenever a batch reaches
 * {@value #MAX_STREAM_MESSAGE_BYTES} bytes.
 */
final class IOPubChannel implements IOPub, Runnable {
    private static final System.Logger LOG = System.getLogger(IOPubChannel.class.getName());
    static final long STREAM_FLUSH_MS = 20;
    /** About 1 MB of UTF-8 per stream message: what frontends render without stalling. */
    static final int MAX_STREAM_MESSAGE_BYTES = 1 << 20;
    /** Stream text waiting to be sent, beyond which writers wait: bounds the kernel's memory in a flood. */
    static final long MAX_UNSENT_STREAM_BYTES = 4L << 20;
    /**
     * ZeroMQ's PUB socket drops messages for a subscriber whose queue holds this many. With
     * XPUB_NODROP it refuses them instead, and the iopub thread waits up to {@value #SEND_TIMEOUT_MS}
     * ms for room: a client that keeps reading, however slowly, gets every status, execute_input,
     * result, error and display message (thousands of queued requests send far more than the HWM
     * while the client is still sending them). The output limit per cell and the size of stream
     * messages bound what this queue holds. Only a subscriber that reads nothing for that long
     * loses messages, and then without stalling the kernel: see {@link #send}.
     */
    static final int SEND_HWM = 1000;
    static final int SEND_TIMEOUT_MS = 10_000;
    private static final Message STOP = new Message(List.of(), Json.object(), Json.object(), Json.object(), Json.object(), List.of());

    private final ZMQ.Socket socket;
    private final WireCodec codec;
    private final String session;
    private final BlockingQueue<Queued> queue = new LinkedBlockingQueue<>();
    /** Guarded by this: pending stream text, keyed by parent message id and stream name. */
    private final Map<StreamKey, PendingStream> pendingStreams = new LinkedHashMap<>();
    /** Guarded by this: UTF-8 bytes of stream text pending or queued and not yet sent. */
    private long unsentStreamBytes;
    /** Owned by the iopub thread: a subscriber read nothing for SEND_TIMEOUT_MS; send without waiting until one goes out. */
    private boolean congested;
    private volatile Thread iopubThread;

    IOPubChannel(ZMQ.Socket socket, WireCodec codec, String session) {
        this.socket = socket;
        this.codec = codec;
        this.session = session;
        // Set before any subscriber connects: a connection takes the socket's options when it is accepted.
        socket.setSndHWM(SEND_HWM);
        socket.setXpubNoDrop(true);
        socket.setSendTimeOut(SEND_TIMEOUT_MS);
    }

    @Override
    public synchronized void publish(Message parent, String msgType, ObjectNode content) {
        flushStreams();
        queue.add(new Queued(topical(Message.child(parent, session, msgType, content)), 0));
    }

    @Override
    public synchronized void stream(Message parent, String name, String text) {
        if (text.isEmpty()) {
            return;
        }
        awaitRoomForStreams();
        StreamKey key = new StreamKey(parent == null ? "" : parent.msgId(), name);
        int start = 0;
        while (start < text.length()) {
            PendingStream pending = pendingStreams.computeIfAbsent(key, k -> new PendingStream(parent));
            long before = pending.bytes;
            int end = pending.append(text, start);
            unsentStreamBytes += pending.bytes - before;
            if (end < text.length() || pending.full()) {
                queueStream(key, pendingStreams.remove(key));
            }
            start = end;
        }
    }

    /** Holds the writing thread while the iopub thread is behind; an interrupt lets it through, and the iopub thread never waits for itself. */
    private void awaitRoomForStreams() {
        if (Thread.currentThread() == iopubThread) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2L * SEND_TIMEOUT_MS);
        while (unsentStreamBytes >= MAX_UNSENT_STREAM_BYTES) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return;
            }
            try {
                wait(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    synchronized void flushStreams() {
        for (Map.Entry<StreamKey, PendingStream> e : pendingStreams.entrySet()) {
            queueStream(e.getKey(), e.getValue());
        }
        pendingStreams.clear();
    }

    private void queueStream(StreamKey key, PendingStream pending) {
        ObjectNode content = Json.object().put("name", key.name()).put("text", pending.text.toString());
        queue.add(new Queued(topical(Message.child(pending.parent, session, "stream", content)), pending.bytes));
    }

    private synchronized void sent(Queued queued) {
        if (queued.streamBytes() > 0) {
            unsentStreamBytes -= queued.streamBytes();
            notifyAll();
        }
    }

    private Message topical(Message m) {
        byte[] topic = ("kernel." + session + "." + m.msgType()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return m.withIdentities(List.of(topic));
    }

    void stop() {
        flushStreams();
        queue.add(new Queued(STOP, 0));
    }

    /** The iopub thread: the only one that touches the PUB socket. */
    @Override
    public void run() {
        iopubThread = Thread.currentThread();
        List<Queued> batch = new ArrayList<>();
        long lastFlush = System.nanoTime();
        while (true) {
            try {
                Queued first = queue.poll(STREAM_FLUSH_MS, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch);
                    for (Queued each : batch) {
                        if (each.message() == STOP) {
                            return;
                        }
                        try {
                            send(each.message());
                        } catch (RuntimeException | OutOfMemoryError e) {
                            LOG.log(System.Logger.Level.ERROR, "iopub could not send a message", e);
                        } finally {
                            sent(each);
                        }
                    }
                    batch.clear();
                }
                // Also while other messages keep coming: small writes of a cell are not held back for long.
                if (System.nanoTime() - lastFlush >= TimeUnit.MILLISECONDS.toNanos(STREAM_FLUSH_MS)) {
                    flushStreams();
                    lastFlush = System.nanoTime();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException | OutOfMemoryError e) {
                LOG.log(System.Logger.Level.ERROR, "iopub could not queue stream text", e);
            }
        }
    }

    /**
     * Waits up to SEND_TIMEOUT_MS for room at every subscriber. A subscriber that read nothing for
     * that long makes the channel congested: messages then go out without waiting, and are dropped
     * while it stays full, so a client that stopped reading never stalls the kernel; the first
     * message that goes out ends it. Once the first frame is taken the rest of the message is too
     * (the HWM counts whole messages).
     */
    private void send(Message m) {
        List<byte[]> frames = codec.encode(m);
        if (!socket.send(frames.get(0), (congested ? ZMQ.DONTWAIT : 0) | (frames.size() > 1 ? ZMQ.SNDMORE : 0))) {
            if (socket.errno() != ZMQ.Error.EAGAIN.getCode()) {
                LOG.log(System.Logger.Level.ERROR, "iopub could not send a " + m.msgType() + " message: " + ZMQ.Error.findByCode(socket.errno()));
            } else if (!congested) {
                LOG.log(System.Logger.Level.WARNING, "an iopub subscriber read nothing for " + SEND_TIMEOUT_MS
                        + " ms; dropping iopub messages while it stays behind");
                congested = true;
            }
            return;
        }
        if (congested) {
            LOG.log(System.Logger.Level.WARNING, "iopub subscribers read again; no more messages dropped");
        }
        congested = false;
        for (int i = 1; i < frames.size(); i++) {
            socket.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
        }
    }

    private record Queued(Message message, long streamBytes) {
    }

    private record StreamKey(String parentId, String name) {
    }

    /** Stream text of one cell and stream name not yet queued; guarded by the channel's lock. */
    private static final class PendingStream {
        final Message parent;
        final StringBuilder text = new StringBuilder();
        long bytes;

        PendingStream(Message parent) {
            this.parent = parent;
        }

        /** Appends what fits of {@code from} after {@code start}, never cutting a surrogate pair; returns where it stopped. */
        int append(String from, int start) {
            long room = MAX_STREAM_MESSAGE_BYTES - bytes;
            int end = start;
            while (end < from.length()) {
                char c = from.charAt(end);
                boolean pair = Character.isHighSurrogate(c) && end + 1 < from.length();
                int size = c < 0x80 ? 1 : c < 0x800 ? 2 : pair ? 4 : 3;
                if (size > room) {
                    break;
                }
                room -= size;
                end += pair ? 2 : 1;
            }
            text.append(from, start, end);
            bytes = MAX_STREAM_MESSAGE_BYTES - room;
            return end;
        }

        boolean full() {
            return bytes >= MAX_STREAM_MESSAGE_BYTES;
        }
    }
}
