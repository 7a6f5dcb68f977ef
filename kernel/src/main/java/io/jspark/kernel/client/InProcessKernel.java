package io.jspark.kernel.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jspark.kernel.Kernel;
import io.jspark.kernel.KernelConfig;
import io.jspark.kernel.interpreter.Language;
import io.jspark.kernel.protocol.ConnectionInfo;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

/**
 * A kernel of this JVM on loopback sockets with a fresh key, and a client connected to it: the
 * terminal shell, the notebook runner and the class data training talk to the same kernel code as
 * Jupyter does. The kernel runs on a thread of its own until {@link #close} shuts it down.
 */
public final class InProcessKernel implements AutoCloseable {
    private static final String SCHEME = "hmac-sha256";

    private final Thread thread;
    private final KernelClient client;
    private final ObjectNode kernelInfo;

    private InProcessKernel(Thread thread, KernelClient client, ObjectNode kernelInfo) {
        this.thread = thread;
        this.client = client;
        this.kernelInfo = kernelInfo;
    }

    /** Starts the kernel and connects; SIGINT stays with the caller (a terminal interrupts through {@link KernelClient#interrupt}). */
    public static InProcessKernel start(KernelConfig config, Language language, Duration connectTimeout)
            throws IOException, TimeoutException {
        int[] ports = freePorts(5);
        ConnectionInfo connection = new ConnectionInfo("tcp", "127.0.0.1", ports[0], ports[1], ports[2], ports[3], ports[4],
                UUID.randomUUID().toString(), SCHEME, "");
        Kernel kernel = new Kernel(connection, config, language, false);
        kernel.startInterpreter();
        Thread thread = new Thread(() -> {
            try {
                kernel.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "jspark-kernel");
        thread.start();
        KernelClient client = new KernelClient(connection, thread::isAlive);
        try {
            return new InProcessKernel(thread, client, client.connect(connectTimeout).content());
        } catch (TimeoutException | RuntimeException e) {
            client.shutdown(Duration.ofSeconds(5));
            client.close();
            throw e;
        }
    }

    public KernelClient client() {
        return client;
    }

    /** The kernel_info_reply's content. */
    public ObjectNode kernelInfo() {
        return kernelInfo;
    }

    /** Shuts the kernel down (its cells, Spark, the interpreter) and waits for it. */
    @Override
    public void close() throws InterruptedException {
        client.shutdown(Duration.ofSeconds(30));
        thread.join(30_000);
        client.close();
    }

    private static int[] freePorts(int count) throws IOException {
        int[] ports = new int[count];
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
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
