package io.jspark.kernel.cell;

import io.jspark.kernel.protocol.Message;

/** The execute request a piece of code runs for: output, displays and input requests are addressed to it. */
public record CellContext(Message request, int executionCount, boolean allowStdin) {
    public String label() {
        return "cell [" + executionCount + "]";
    }
}
