package io.jspark.kernel.server;

import io.jspark.kernel.protocol.Message;

/** Handles a request from the shell or control channel, on that channel's own thread. */
public interface RequestHandler {
    /** Returns true when execute requests already queued behind this one must be aborted (stop_on_error). */
    boolean handle(Channel channel, Message request, Responder responder);

    /** Replies to an execute request that a failed cell before it aborted. */
    void abort(Message request, Responder responder);
}
