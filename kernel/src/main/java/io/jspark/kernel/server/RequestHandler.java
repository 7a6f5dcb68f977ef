package io.jspark.kernel.server;

import io.jspark.kernel.protocol.Message;

/**
 * Handles a request from the shell or control channel. Called on the control thread, the shell thread
 * (requests answered at once, see {@link ShellChannel}) and the shell's request thread (the others, one
 * at a time in order), so possibly on all three at once.
 */
public interface RequestHandler {
    void handle(Channel channel, Message request, Responder responder);
}
