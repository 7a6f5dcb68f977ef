package io.jspark.kernel.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jspark.kernel.protocol.Json;
import io.jspark.kernel.protocol.Message;

/** Publishes on iopub; any thread may call it. */
public interface IOPub {
    default void publish(Message parent, String msgType, ObjectNode content) {
        publish(parent, msgType, content, Json.object());
    }

    /** With message metadata, as comm_open of a widget carries its protocol version. */
    void publish(Message parent, String msgType, ObjectNode content, ObjectNode metadata);

    /**
     * Appends text to the stdout or stderr stream of the cell {@code parent}; sent in batches of at
     * most about 1 MB. May wait while much stream text is still unsent, so a flood goes at the
     * frontend's pace instead of piling up in the kernel.
     */
    void stream(Message parent, String name, String text);
}
