package io.jspark.kernel.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.jspark.kernel.protocol.HmacSigner;
import io.jspark.kernel.protocol.InvalidMessageException;
import io.jspark.kernel.protocol.Json;
import io.jspark.kernel.protocol.Message;
import io.jspark.kernel.protocol.WireCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The shell channel over real ZeroMQ sockets on loopback, with a handler standing in for the kernel:
 * its execute requests block until the test lets them go, as a long cell does.
 */
class ShellChannelTest {
    private final WireCodec codec = new WireCodec(new HmacSigner("key", "hmac-sha256"));
    private final CountDownLatch cellMayEnd = new CountDownLatch(1);
    private final List<String> handledOn = java.util.Collections.synchronizedList(new ArrayList<>());
    private ZContext context;
    private ZMQ.Socket client;
    private Thread shellThread;
    private volatile boolean running = true;

    /** Replies with the request's own type; an execute first waits for the test, as a running cell does. */
    private final RequestHandler handler = (channel, request, responder) -> {
        handledOn.add(request.msgType() + " on " + Thread.currentThread().getName());
        if (request.msgType().equals("execute_request") && request.content().path("long").asBoolean()) {
            try {
                cellMayEnd.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (request.content().path("slow").asBoolean()) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (request.msgType().equals("execute_request") && request.content().path("fails").asBoolean()) {
            for (Message queued : responder.takeQueued()) {
                responder.reply(queued, "aborted_" + queued.msgType(), Json.object());
            }
        }
        responder.reply(request, request.msgType().replace("_request", "_reply"), Json.object());
    };

    @BeforeEach
    void start() {
        context = new ZContext();
        ZMQ.Socket shell = context.createSocket(SocketType.ROUTER);
        int port = shell.bindToRandomPort("tcp://127.0.0.1");
        ShellChannel channel = new ShellChannel(context, shell, codec, "kernel", this::decode, () -> running);
        shellThread = new Thread(() -> channel.serve(handler, body -> {
            Thread t = new Thread(body, "test-requests");
            t.setDaemon(true);
            t.start();
            return t;
        }), "test-shell");
        shellThread.start();
        client = context.createSocket(SocketType.DEALER);
        client.setReceiveTimeOut(5000);
        client.connect("tcp://127.0.0.1:" + port);
    }

    @AfterEach
    void stop() throws InterruptedException {
        cellMayEnd.countDown();
        running = false;
        shellThread.join(5000);
        context.close();
    }

    private Message decode(List<byte[]> frames) {
        try {
            return codec.decode(frames);
        } catch (InvalidMessageException e) {
            return null;
        }
    }

    private String send(String type, String... contentFlags) {
        com.fasterxml.jackson.databind.node.ObjectNode content = Json.object();
        for (String flag : contentFlags) {
            content.put(flag, true);
        }
        Message m = new Message(List.of(), Message.newHeader("client", type), Json.object(), Json.object(), content, List.of());
        Frames.send(client, codec.encode(m));
        return m.msgId();
    }

    /** (reply type, parent msg_id) of the next reply. */
    private String[] nextReply() {
        List<byte[]> frames = Frames.receive(client);
        assertNotNull(frames, "a reply within 5 s");
        Message reply = decode(frames);
        assertNotNull(reply);
        return new String[] {reply.msgType(), reply.parentHeader().path("msg_id").asText()};
    }

    @Test
    void kernelInfoAndCommsAreAnsweredWhileAnExecuteWaitsAndTheRestKeepsItsOrder() {
        String cell = send("execute_request", "long");
        String complete = send("complete_request");
        String info = send("kernel_info_request");
        String comm = send("comm_msg");
        String next = send("execute_request");
        assertEquals(info, nextReply()[1], "kernel_info first, while the cell runs");
        assertEquals(comm, nextReply()[1]);
        cellMayEnd.countDown();
        assertEquals(cell, nextReply()[1]);
        assertEquals(complete, nextReply()[1]);
        assertEquals(next, nextReply()[1]);
        assertEquals(List.of("execute_request on test-requests", "kernel_info_request on test-shell",
                "comm_msg on test-shell", "complete_request on test-requests", "execute_request on test-requests"),
                sorted(handledOn), "what waits for the cell is handled on the request thread, the rest on the shell thread");
    }

    @Test
    void aFailingExecuteAbortsTheExecutesQueuedBehindIt() {
        String failing = send("execute_request", "long", "fails");
        String queued = send("execute_request");
        String info = send("kernel_info_request");
        assertEquals(info, nextReply()[1], "the shell thread has read the queued execute by now");
        cellMayEnd.countDown();
        String[] abort = nextReply();
        assertEquals("aborted_execute_request", abort[0]);
        assertEquals(queued, abort[1]);
        assertEquals(failing, nextReply()[1]);
    }

    @Test
    void aFailingExecuteAlsoAbortsExecutesTheShellThreadHasNotReadYet() throws InterruptedException {
        String failing = send("execute_request", "long", "fails");
        String comm = send("comm_msg", "slow");
        Thread.sleep(200);
        String queued = send("execute_request");
        cellMayEnd.countDown();
        assertEquals(comm, nextReply()[1], "the slow comm message is answered first");
        String[] abort = nextReply();
        assertEquals("aborted_execute_request", abort[0], "read from the socket after the comm handler: " + abort[1]);
        assertEquals(queued, abort[1]);
        assertEquals(failing, nextReply()[1]);
    }

    /** The handler's order across threads is not fixed between the two threads; within each it is. */
    private static List<String> sorted(List<String> handled) {
        List<String> requests = handled.stream().filter(h -> h.endsWith("test-requests")).toList();
        List<String> shell = handled.stream().filter(h -> h.endsWith("test-shell")).toList();
        List<String> all = new ArrayList<>();
        all.add(requests.get(0));
        all.addAll(shell);
        all.addAll(requests.subList(1, requests.size()));
        return all;
    }
}
