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
 * its order, and at least every {@value #STREAM_FLUSH_MS} ms.
 */
final class IOPubChannel implements IOPub, Runnable {
    private static final System.Logger LOG = System.getLogger(IOPubChannel.class.getName());
    static final long STREAM_FLUSH_MS = 20;
    private static final Message STOP = new Message(List.of(), Json.object(), Json.object(), Json.object(), Json.object(), List.of());

    private final ZMQ.Socket socket;
    private final WireCodec codec;
    private final String session;
    private final BlockingQueue<Message> queue = new LinkedBlockingQueue<>();
    /** Guarded by this: pending stream text, keyed by parent message id and stream name. */
    private final Map<StreamKey, PendingStream> pendingStreams = new LinkedHashMap<>();

    IOPubChannel(ZMQ.Socket socket, WireCodec codec, String session) {
        this.socket = socket;
        this.codec = codec;
        this.session = session;
    }

    @Override
    public synchronized void publish(Message parent, String msgType, ObjectNode content) {
        flushStreams();
        queue.add(topical(Message.child(parent, session, msgType, content)));
    }

    @Override
    public synchronized void stream(Message parent, String name, String text) {
        if (!text.isEmpty()) {
            StreamKey key = new StreamKey(parent == null ? "" : parent.msgId(), name);
            pendingStreams.computeIfAbsent(key, k -> new PendingStream(parent, new StringBuilder())).text().append(text);
        }
    }

    synchronized void flushStreams() {
        if (pendingStreams.isEmpty()) {
            return;
        }
        for (Map.Entry<StreamKey, PendingStream> e : pendingStreams.entrySet()) {
            PendingStream pending = e.getValue();
            ObjectNode content = Json.object().put("name", e.getKey().name()).put("text", pending.text().toString());
            queue.add(topical(Message.child(pending.parent(), session, "stream", content)));
        }
        pendingStreams.clear();
    }

    private Message topical(Message m) {
        byte[] topic = ("kernel." + session + "." + m.msgType()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return m.withIdentities(List.of(topic));
    }

    void stop() {
        flushStreams();
        queue.add(STOP);
    }

    /** The iopub thread: the only one that touches the PUB socket. */
    @Override
    public void run() {
        List<Message> batch = new ArrayList<>();
        while (true) {
            try {
                Message m = queue.poll(STREAM_FLUSH_MS, TimeUnit.MILLISECONDS);
                if (m == null) {
                    flushStreams();
                    continue;
                }
                batch.add(m);
                queue.drainTo(batch);
                for (Message each : batch) {
                    if (each == STOP) {
                        return;
                    }
                    send(each);
                }
                batch.clear();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException | OutOfMemoryError e) {
                batch.clear();
                LOG.log(System.Logger.Level.ERROR, "iopub could not send a message", e);
            }
        }
    }

    private void send(Message m) {
        Frames.send(socket, codec.encode(m));
    }

    private record StreamKey(String parentId, String name) {
    }

    private record PendingStream(Message parent, StringBuilder text) {
    }
}
