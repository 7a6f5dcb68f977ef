package io.jspark.kernel.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jspark.kernel.protocol.Message;
import java.util.List;

/** Sends replies on the socket a request came in on; used only by the thread that owns that socket. */
public interface Responder {
    void reply(Message request, String msgType, ObjectNode content);

    /** The valid requests already waiting on this socket, taken off it without blocking. */
    List<Message> takeQueued();
}
