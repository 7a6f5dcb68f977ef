package io.jspark.kernel.server;

import io.jspark.kernel.protocol.Message;

/** Handles a request from the shell or control channel, on that channel's own thread. */
public interface RequestHandler {
    void handle(Channel channel, Message request, Responder responder);
}
