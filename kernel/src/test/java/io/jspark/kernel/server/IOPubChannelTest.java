package io.jspark.kernel.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jspark.kernel.protocol.HmacSigner;
import io.jspark.kernel.protocol.Json;
import io.jspark.kernel.protocol.Message;
import io.jspark.kernel.protocol.WireCodec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** The iopub channel over real ZeroMQ sockets on loopback, with a subscriber that reads late. */
class IOPubChannelTest {
    private final WireCodec codec = new WireCodec(new HmacSigner("key", "hmac-sha256"));
    private ZContext context;
    private IOPubChannel channel;
    private ZMQ.Socket subscriber;
    private Thread iopubThread;

    @BeforeEach
    void start() throws Exception {
        context = new ZContext();
        ZMQ.Socket pub = context.createSocket(SocketType.PUB);
        int port = pub.bindToRandomPort("tcp://127.0.0.1");
        channel = new IOPubChannel(pub, codec, "session");
        subscriber = context.createSocket(SocketType.SUB);
        subscriber.setRcvHWM(10);
        subscriber.setReceiveBufferSize(4096);
        subscriber.subscribe(new byte[0]);
        subscriber.connect("tcp://127.0.0.1:" + port);
        subscriber.setReceiveTimeOut(5000);
        iopubThread = new Thread(channel, "test-iopub");
        iopubThread.start();
        // A PUB socket sends nothing to a subscriber whose subscription it has not seen yet.
        long deadline = System.currentTimeMillis() + 5000;
        while (System.currentTimeMillis() < deadline) {
            channel.publish(null, "status", Json.object().put("execution_state", "probe"));
            if (subscriber.recv(ZMQ.DONTWAIT) != null) {
                break;
            }
            Thread.sleep(20);
        }
        drain();
    }

    @AfterEach
    void stop() throws Exception {
        channel.stop();
        iopubThread.join(5000);
        context.close();
    }

    private void drain() {
        subscriber.setReceiveTimeOut(200);
        while (subscriber.recv(0) != null) {
            // the probes
        }
        subscriber.setReceiveTimeOut(5000);
    }

    private Message receive() throws Exception {
        List<byte[]> frames = new ArrayList<>();
        byte[] first = subscriber.recv(0);
        if (first == null) {
            return null;
        }
        frames.add(first);
        while (subscriber.hasReceiveMore()) {
            frames.add(subscriber.recv(0));
        }
        return codec.decode(frames);
    }

    private static Message request(String id) {
        return new Message(List.of(), Message.newHeader("client", "execute_request").put("msg_id", id), Json.object(),
                Json.object(), Json.object(), List.of());
    }

    @Test
    void aSubscriberThatReadsLateGetsEveryMessagePublishedFarBeyondZeroMqsDefaultHighWaterMark() throws Exception {
        int count = 5 * 1000;
        // 10 MB in all: more than the socket buffers of loopback hold besides the HWM.
        String padding = "p".repeat(2000);
        for (int i = 0; i < count; i++) {
            channel.publish(request("r" + i), "display_data", Json.object().put("text", padding));
        }
        Thread.sleep(500);
        for (int i = 0; i < count; i++) {
            Message m = receive();
            assertTrue(m != null, "message " + i + " of " + count + " never came");
            assertEquals("r" + i, m.parentHeader().path("msg_id").asText(), "in order, none dropped");
        }
    }

    @Test
    void aFloodOfSmallWritesComesInFewMessagesOfAtMostAboutOneMegabyte() throws Exception {
        Message cell = request("flood");
        String line = "é".repeat(511) + "\n";
        StringBuilder all = new StringBuilder();
        Thread writer = new Thread(() -> {
            for (int i = 0; i < 5000; i++) {
                channel.stream(cell, "stdout", line);
            }
            channel.publish(cell, "status", Json.object().put("execution_state", "idle"));
        });
        writer.start();
        int messages = 0;
        while (true) {
            Message m = receive();
            assertTrue(m != null, "the flood stopped before its idle status");
            if (m.msgType().equals("status")) {
                break;
            }
            String text = m.content().path("text").asText();
            assertTrue(text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= IOPubChannel.MAX_STREAM_MESSAGE_BYTES,
                    "a stream message of " + text.length() + " characters");
            all.append(text);
            messages++;
        }
        writer.join();
        assertEquals(line.repeat(5000), all.toString());
        assertTrue(messages < 500, messages + " messages for 5,000 writes");
    }

    @Test
    void aSubscriberThatStopsReadingDoesNotStallPublishersAndGetsMessagesAgainOnceItReads() throws Exception {
        Message cell = request("stuck");
        String padding = "p".repeat(2000);
        Thread publisher = new Thread(() -> {
            for (int i = 0; i < 5000; i++) {
                channel.publish(cell, "display_data", Json.object().put("text", padding));
            }
            for (int i = 0; i < 10_000; i++) {
                channel.stream(cell, "stdout", padding);
            }
        });
        publisher.start();
        publisher.join(4L * IOPubChannel.MAX_WRITER_WAIT_MS);
        assertTrue(!publisher.isAlive(), "publishing stalled behind a subscriber that reads nothing");
        drain();
        channel.publish(request("after"), "status", Json.object().put("execution_state", "idle"));
        Message m;
        do {
            m = receive();
            assertTrue(m != null, "nothing reached the subscriber once it read again");
        } while (!m.parentHeader().path("msg_id").asText().equals("after"));
    }
}
