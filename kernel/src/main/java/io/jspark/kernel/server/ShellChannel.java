package io.jspark.kernel.server;

import io.jspark.kernel.protocol.Message;
import io.jspark.kernel.protocol.WireCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The shell socket, served so that the kernel answers while a cell runs, as almond does. The shell
 * thread owns the socket: it reads each request as it arrives and answers at once those whose answer
 * does not wait for the running cell (kernel info, comm info, comm messages, history, interrupt and
 * shutdown), each with its own busy and idle. The others (execute, complete, inspect, is_complete
 * and unknown types) queue for the request thread, which handles them one after another in the order
 * they came; since ZeroMQ sockets are not thread-safe, it hands its replies back to the shell thread
 * over an inproc socket of its own, and asks there (an empty frame) when a failed cell needs every
 * request that came before its reply.
 */
final class ShellChannel {
    private static final System.Logger LOG = System.getLogger(ShellChannel.class.getName());
    /** Requests answered on the shell thread at once, also while a cell runs. */
    static final Set<String> ANSWERED_AT_ONCE = Set.of("kernel_info_request", "comm_info_request", "comm_open",
            "comm_msg", "comm_close", "history_request", "interrupt_request", "shutdown_request");
    private static final String REPLIES = "inproc://jspark-shell-replies";
    private static final int POLL_MS = 100;
    private static final int STOP_WAIT_MS = 1000;
    /** How long a failed cell's aborts wait for the shell thread to read its socket. */
    private static final int DRAIN_WAIT_MS = 5000;

    private final ZContext context;
    private final ZMQ.Socket shell;
    private final WireCodec codec;
    private final String session;
    private final Function<List<byte[]>, Message> decode;
    private final BooleanSupplier running;
    /** Filled by the shell thread, emptied by the request thread. */
    private final BlockingQueue<Message> inOrder = new LinkedBlockingQueue<>();
    /** Added to by the request thread before it asks the shell thread to read its socket; counted down there. */
    private final java.util.Queue<CountDownLatch> drainRequests = new java.util.concurrent.ConcurrentLinkedQueue<>();

    ShellChannel(ZContext context, ZMQ.Socket shell, WireCodec codec, String session,
            Function<List<byte[]>, Message> decode, BooleanSupplier running) {
        this.context = context;
        this.shell = shell;
        this.codec = codec;
        this.session = session;
        this.decode = decode;
        this.running = running;
    }

    /** Runs on the shell thread until the server stops; starts the request thread. */
    void serve(RequestHandler handler, Function<Runnable, Thread> startRequestThread) {
        ZMQ.Socket replies = context.createSocket(SocketType.PULL);
        replies.bind(REPLIES);
        Thread worker = startRequestThread.apply(() -> handleInOrder(handler));
        ZMQ.Poller poller = context.createPoller(2);
        int fromPeers = poller.register(shell, ZMQ.Poller.POLLIN);
        int fromWorker = poller.register(replies, ZMQ.Poller.POLLIN);
        Responder atOnce = new SocketResponder(shell, codec, session, List::of);
        try {
            while (running.getAsBoolean()) {
                poller.poll(POLL_MS);
                if (poller.pollin(fromWorker)) {
                    relayReplies(replies, handler, atOnce);
                }
                if (poller.pollin(fromPeers)) {
                    receiveRequests(handler, atOnce);
                }
            }
        } finally {
            // The request thread's last replies (an interrupted cell's, say) still go out.
            worker.interrupt();
            try {
                worker.join(STOP_WAIT_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            relayReplies(replies, handler, atOnce);
            poller.close();
            replies.close();
        }
    }

    /** Sends on the shell socket what the request thread replied; reads the socket when it asks to. */
    private void relayReplies(ZMQ.Socket replies, RequestHandler handler, Responder atOnce) {
        List<byte[]> frames;
        while ((frames = Frames.receive(replies, ZMQ.DONTWAIT)) != null) {
            if (frames.size() == 1 && frames.get(0).length == 0) {
                readSocketFor(drainRequests.poll(), handler, atOnce);
            } else {
                Frames.send(shell, frames);
            }
        }
    }

    private void readSocketFor(CountDownLatch drained, RequestHandler handler, Responder atOnce) {
        try {
            receiveRequests(handler, atOnce);
        } finally {
            if (drained != null) {
                drained.countDown();
            }
        }
    }

    private void receiveRequests(RequestHandler handler, Responder atOnce) {
        List<byte[]> frames;
        while ((frames = Frames.receive(shell, ZMQ.DONTWAIT)) != null) {
            Message request = decode.apply(frames);
            if (request == null) {
                continue;
            }
            if (ANSWERED_AT_ONCE.contains(request.msgType())) {
                KernelServer.handle(handler, Channel.SHELL, request, atOnce);
            } else {
                inOrder.add(request);
            }
        }
    }

    /**
     * Everything that came before now, also requests still unread in the shell socket: the shell
     * thread reads it first (it may be busy in a comm handler; then this waits for it, up to a bound).
     * Called on the request thread, which owns {@code replies}.
     */
    private List<Message> everythingBefore(ZMQ.Socket replies) {
        CountDownLatch drained = new CountDownLatch(1);
        drainRequests.add(drained);
        Frames.send(replies, List.of(new byte[0]));
        try {
            if (!drained.await(DRAIN_WAIT_MS, TimeUnit.MILLISECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "the shell thread did not read its socket in time;"
                        + " requests it has not read yet are not aborted");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Message> waiting = new ArrayList<>();
        inOrder.drainTo(waiting);
        return waiting;
    }

    /** The request thread: owns its end of the inproc socket. */
    private void handleInOrder(RequestHandler handler) {
        ZMQ.Socket replies = context.createSocket(SocketType.PUSH);
        replies.setLinger(0);
        // Never block for ever on a shell thread that has gone (the kernel is stopping then).
        replies.setSendTimeOut(STOP_WAIT_MS);
        replies.connect(REPLIES);
        Responder queued = new SocketResponder(replies, codec, session, () -> everythingBefore(replies));
        try {
            while (running.getAsBoolean()) {
                Message request = inOrder.poll(POLL_MS, TimeUnit.MILLISECONDS);
                if (request != null) {
                    KernelServer.handle(handler, Channel.SHELL, request, queued);
                }
            }
        } catch (InterruptedException e) {
            LOG.log(System.Logger.Level.DEBUG, "the request thread stops");
        } finally {
            replies.close();
        }
    }
}
