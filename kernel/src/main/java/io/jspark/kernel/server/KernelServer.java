package io.jspark.kernel.server;

import io.jspark.kernel.protocol.ConnectionInfo;
import io.jspark.kernel.protocol.InvalidMessageException;
import io.jspark.kernel.protocol.Message;
import io.jspark.kernel.protocol.WireCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Binds the five sockets of a connection file and runs one thread per socket that needs one:
 * shell, control, iopub and heartbeat each own their socket; stdin is used by the cell thread.
 * Control requests go to a {@link RequestHandler} on the control thread; shell requests on the
 * shell thread or, those that wait for the running cell, on the shell's request thread
 * ({@link ShellChannel}). Every socket
 * refuses frames larger than {@code maxMessageBytes}: jeromq disconnects a peer that announces one
 * before allocating it, so no peer can make the kernel hold more than that per connection.
 */
public final class KernelServer {
    private static final System.Logger LOG = System.getLogger(KernelServer.class.getName());
    private static final int POLL_MS = 100;

    private final ConnectionInfo connection;
    private final WireCodec codec;
    private final String session;
    private final long maxMessageBytes;
    private final ZContext context = new ZContext();
    private final ZMQ.Socket shell;
    private final ZMQ.Socket control;
    private final ZMQ.Socket heartbeat;
    private final IOPubChannel iopub;
    private final StdinChannel stdin;
    /** Added to by the thread that starts the server and by the shell thread; read by stop(). */
    private final List<Thread> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final CountDownLatch loopsDone = new CountDownLatch(3);
    private volatile boolean running = true;

    public KernelServer(ConnectionInfo connection, WireCodec codec, String session, long maxMessageBytes) {
        this.connection = connection;
        this.codec = codec;
        this.session = session;
        this.maxMessageBytes = maxMessageBytes;
        this.shell = bind(SocketType.ROUTER, connection.shellPort());
        this.control = bind(SocketType.ROUTER, connection.controlPort());
        this.heartbeat = bind(SocketType.REP, connection.hbPort());
        this.iopub = new IOPubChannel(bind(SocketType.PUB, connection.iopubPort()), codec, session);
        this.stdin = new StdinChannel(bind(SocketType.ROUTER, connection.stdinPort()), codec, session);
    }

    private ZMQ.Socket bind(SocketType type, int port) {
        ZMQ.Socket socket = context.createSocket(type);
        socket.setLinger(1000);
        // Set before bind: each accepted connection takes the listener's options.
        // ZeroMQ's -1 is no cap.
        socket.setMaxMsgSize(maxMessageBytes == Long.MAX_VALUE ? -1 : maxMessageBytes);
        socket.bind(connection.address(port));
        return socket;
    }

    public IOPub iopub() {
        return iopub;
    }

    public StdinChannel stdin() {
        return stdin;
    }

    public String session() {
        return session;
    }

    /** Starts the socket threads; requests flow to {@code handler} from then on. */
    public void start(RequestHandler handler) {
        iopub.publish(null, "status", io.jspark.kernel.protocol.Json.object().put("execution_state", "starting"));
        startThread("iopub", () -> {
            iopub.run();
            loopsDone.countDown();
        });
        startThread("heartbeat", this::heartbeatLoop);
        startThread("control", () -> serve(control, Channel.CONTROL, handler));
        startThread("shell", () -> serveShell(handler));
    }

    private Thread startThread(String name, Runnable body) {
        Thread t = new Thread(body, "jspark-" + name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
        return t;
    }

    /** Shell thread: see {@link ShellChannel} for what it answers at once and what waits its turn. */
    private void serveShell(RequestHandler handler) {
        try {
            new ShellChannel(context, shell, codec, session, frames -> decode(frames, Channel.SHELL), () -> running)
                    .serve(handler, body -> startThread("shell-requests", body));
        } finally {
            shell.close();
            loopsDone.countDown();
        }
    }

    /** Heartbeat thread: echoes pings at all times, whatever the other threads are doing. */
    private void heartbeatLoop() {
        heartbeat.setReceiveTimeOut(POLL_MS);
        while (running) {
            byte[] ping = heartbeat.recv(0);
            if (ping != null) {
                heartbeat.send(ping, 0);
            }
        }
        heartbeat.close();
    }

    /** Control thread: the only one that reads from and replies on its socket; answers each request at once. */
    private void serve(ZMQ.Socket socket, Channel channel, RequestHandler handler) {
        socket.setReceiveTimeOut(POLL_MS);
        Responder responder = new SocketResponder(socket, codec, session, () -> {
            List<Message> queued = new ArrayList<>();
            socket.setReceiveTimeOut(0);
            try {
                Message m;
                while ((m = receive(socket, channel)) != null) {
                    queued.add(m);
                }
            } finally {
                socket.setReceiveTimeOut(POLL_MS);
            }
            return queued;
        });
        try {
            while (running) {
                Message request = receive(socket, channel);
                if (request != null) {
                    handle(handler, channel, request, responder);
                }
            }
        } finally {
            socket.close();
            loopsDone.countDown();
        }
    }

    static void handle(RequestHandler handler, Channel channel, Message request, Responder responder) {
        try {
            handler.handle(channel, request, responder);
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            LOG.log(System.Logger.Level.ERROR, "failed to handle " + request.msgType() + " on " + channel, e);
        }
    }

    private Message receive(ZMQ.Socket socket, Channel channel) {
        List<byte[]> frames = Frames.receive(socket);
        return frames == null ? null : decode(frames, channel);
    }

    /** The message, or null (logged) if it is not a valid signed message. */
    private Message decode(List<byte[]> frames, Channel channel) {
        try {
            return codec.decode(frames);
        } catch (InvalidMessageException e) {
            LOG.log(System.Logger.Level.WARNING, "dropped a message on " + channel + ": " + e.getMessage());
            return null;
        }
    }

    /**
     * Stops every socket thread after it sends what it has. Waits a bounded time: a shell thread still
     * waiting for a cell must not keep the kernel alive after a shutdown request.
     */
    public void stop() {
        running = false;
        iopub.stop();
        try {
            loopsDone.await(3, java.util.concurrent.TimeUnit.SECONDS);
            for (Thread t : threads) {
                t.join(500);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stdin.close();
        context.close();
    }
}
