package io.jspark.kernel;

import io.jspark.kernel.interpreter.Language;
import io.jspark.kernel.protocol.ConnectionInfo;
import io.jspark.kernel.protocol.HmacSigner;
import io.jspark.kernel.protocol.InvalidMessageException;
import io.jspark.kernel.protocol.Json;
import io.jspark.kernel.protocol.Message;
import io.jspark.kernel.protocol.WireCodec;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A short session against a kernel of this JVM on loopback, for the class data archive that
 * kernel.sh makes (JSPARK_CDS_TRAINING): the JVM loads what a kernel's start, a first cell and a
 * first Spark job on local[2] with its monitor load, and archives them when it exits.
 */
final class ClassDataTraining {
    private static final String SCHEME = "hmac-sha256";
    private static final Map<String, String> TRIVIAL = Map.of("java", "int x = 1 + 1;", "scala", "val x = 1 + 1");
    private static final int REPLY_TIMEOUT_MS = 300_000;

    private ClassDataTraining() {
    }

    /** Returns once the kernel has shut down; throws when a cell fails, so that no archive is kept. */
    static void run(String languageName, Language language, KernelConfig config) throws Exception {
        String key = UUID.randomUUID().toString();
        int[] ports = freePorts(5);
        ConnectionInfo connection = new ConnectionInfo("tcp", "127.0.0.1", ports[0], ports[1], ports[2], ports[3], ports[4],
                key, SCHEME, "");
        Thread kernel = new Thread(() -> {
            try {
                new Kernel(connection, config, language).run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "jspark-training-kernel");
        kernel.start();
        WireCodec codec = new WireCodec(new HmacSigner(key, SCHEME));
        // This thread owns the client sockets; the kernel's threads own theirs.
        try (ZContext context = new ZContext()) {
            ZMQ.Socket shell = connect(context, connection, connection.shellPort());
            ZMQ.Socket control = connect(context, connection, connection.controlPort());
            request(shell, codec, "kernel_info_request", Json.object());
            // The training's session runs on local[2] whatever master the kernel would use.
            for (String code : List.of("%%spark\nspark.master local[2]", TRIVIAL.get(languageName), "spark.range(1000).count()")) {
                Message reply = request(shell, codec, "execute_request", Json.object().put("code", code).put("silent", false));
                if (!"ok".equals(reply.content().path("status").asText())) {
                    throw new IllegalStateException("training cell failed: " + code + ": " + reply.content());
                }
            }
            request(control, codec, "shutdown_request", Json.object().put("restart", false));
        }
        kernel.join();
    }

    private static ZMQ.Socket connect(ZContext context, ConnectionInfo connection, int port) {
        ZMQ.Socket socket = context.createSocket(SocketType.DEALER);
        socket.setReceiveTimeOut(REPLY_TIMEOUT_MS);
        socket.connect(connection.address(port));
        return socket;
    }

    private static Message request(ZMQ.Socket socket, WireCodec codec, String type, com.fasterxml.jackson.databind.node.ObjectNode content)
            throws InvalidMessageException {
        Message message = Message.child(null, "training", type, content);
        List<byte[]> frames = codec.encode(message);
        for (int i = 0; i < frames.size(); i++) {
            socket.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
        }
        List<byte[]> reply = new ArrayList<>();
        do {
            byte[] frame = socket.recv();
            if (frame == null) {
                throw new IllegalStateException("no reply to " + type + " within " + REPLY_TIMEOUT_MS / 1000 + " s");
            }
            reply.add(frame);
        } while (socket.hasReceiveMore());
        return codec.decode(reply);
    }

    private static int[] freePorts(int count) throws IOException {
        int[] ports = new int[count];
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                held.add(socket);
                ports[i] = socket.getLocalPort();
            }
        } finally {
            for (ServerSocket socket : held) {
                socket.close();
            }
        }
        return ports;
    }
}
