package io.jspark.kernel.server;

import java.util.ArrayList;
import java.util.List;
import org.zeromq.ZMQ;

/** Multipart ZeroMQ messages as lists of frames; called only by the thread that owns the socket. */
public final class Frames {
    private Frames() {
    }

    public static void send(ZMQ.Socket socket, List<byte[]> frames) {
        for (int i = 0; i < frames.size(); i++) {
            socket.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
        }
    }

    /** The next message's frames, or null when none came within the socket's receive timeout. */
    public static List<byte[]> receive(ZMQ.Socket socket) {
        return receive(socket, 0);
    }

    /** With {@code ZMQ.DONTWAIT}: the next message's frames if one is there now, else null. */
    static List<byte[]> receive(ZMQ.Socket socket, int flags) {
        byte[] first = socket.recv(flags);
        if (first == null) {
            return null;
        }
        List<byte[]> frames = new ArrayList<>();
        frames.add(first);
        while (socket.hasReceiveMore()) {
            frames.add(socket.recv(0));
        }
        return frames;
    }
}
