package io.jspark.kernel.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jspark.kernel.protocol.Message;
import io.jspark.kernel.protocol.WireCodec;
import java.util.List;
import java.util.function.Supplier;

/** Replies signed on one socket; used only by the thread that owns that socket. */
final class SocketResponder implements Responder {
    private final org.zeromq.ZMQ.Socket socket;
    private final WireCodec codec;
    private final String session;
    private final Supplier<List<Message>> queued;

    SocketResponder(org.zeromq.ZMQ.Socket socket, WireCodec codec, String session, Supplier<List<Message>> queued) {
        this.socket = socket;
        this.codec = codec;
        this.session = session;
        this.queued = queued;
    }

    @Override
    public void reply(Message request, String msgType, ObjectNode content) {
        Frames.send(socket, codec.encode(Message.child(request, session, msgType, content)));
    }

    @Override
    public List<Message> takeQueued() {
        return queued.get();
    }
}
