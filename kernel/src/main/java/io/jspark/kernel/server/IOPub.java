package io.jspark.kernel.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jspark.kernel.protocol.Message;

/** Publishes on iopub; any thread may call it. */
public interface IOPub {
    void publish(Message parent, String msgType, ObjectNode content);

    /**
     * Appends text to the stdout or stderr stream of the cell {@code parent}; sent in batches of at
     * most about 1 MB. May wait while much stream text is still unsent, so a flood goes at the
     * frontend's pace instead of piling up in the kernel.
     */
    void stream(Message parent, String name, String text);
}
