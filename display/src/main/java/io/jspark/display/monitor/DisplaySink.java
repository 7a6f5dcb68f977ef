package io.jspark.display.monitor;

import io.jspark.display.MimeBundle;

/** Where monitor displays go: the kernel publishes them under the cell with the given id. Any thread may call it. */
public interface DisplaySink {
    /** Shows a new display under the cell. */
    void show(String cellId, String displayId, MimeBundle bundle);

    /** Replaces what a display shows. */
    void update(String cellId, String displayId, MimeBundle bundle);
}
