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
     * ZeroMQ's PUB socket drops messages for a subscriber whose queue holds this many, and only for
     * that one: a client that keeps reading gets every status, execute_input, result, error and display
     * message, also while thousands of queued requests send far more than jeromq's default of 1,000
     * before it catches up, and one that stops reading (or a stranger subscribed to the port) never
     * holds back the others or the kernel. (XPUB_NODROP would refuse a message for every subscriber
     * once any one of them is full.) The output limit per cell and the size of stream messages bound
     * what such a queue holds.
     */
    static final int SEND_HWM = 20_000;
    /** The longest a writer waits for stream text ahead of it to go out; the iopub thread never waits on subscribers. */
    static final long MAX_WRITER_WAIT_MS = 5_000;
    private static final Message STOP = new Message(List.of(), Json.object(), Json.object(), Json.object(), Json.object(), List.of());

    private final ZMQ.Socket socket;
    private final WireCodec codec;
    private final String session;
    private final BlockingQueue<Queued> queue = new LinkedBlockingQueue<>();
    /** Guarded by this: pending stream text, keyed by parent message id and stream name. */
    private final Map<StreamKey, PendingStream> pendingStreams = new LinkedHashMap<>();
    /** Guarded by this: UTF-8 bytes of stream text pending or queued and not yet sent. */
    private long unsentStreamBytes;
    private volatile Thread iopubThread;

    IOPubChannel(ZMQ.Socket socket, WireCodec codec, String session) {
        this.socket = socket;
        this.codec = codec;
        this.session = session;
        // Set before any subscriber connects: a connection takes the socket's options when it is accepted.
        socket.setSndHWM(SEND_HWM);
    }

    @Override
    public synchronized void publish(Message parent, String msgType, ObjectNode content, ObjectNode metadata) {
        flushStreams();
        queue.add(new Queued(topical(Message.child(parent, session, msgType, metadata, content)), 0));
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
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MAX_WRITER_WAIT_MS);
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

    /** A PUB socket never blocks: a subscriber without room loses the message, the others get it. */
    private void send(Message m) {
        List<byte[]> frames = codec.encode(m);
        for (int i = 0; i < frames.size(); i++) {
            if (!socket.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0)) {
                LOG.log(System.Logger.Level.ERROR, "iopub could not send a " + m.msgType() + " message: "
                        + ZMQ.Error.findByCode(socket.errno()));
                return;
            }
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
