package io.jspark.kernel.session;

/**
 * A cell as the session knows it: an id unique in the kernel's life (the frontend's request maps to
 * it), its execution count, and whether it may ask the user for input.
 */
public record CellContext(String id, int executionCount, boolean allowStdin) {
    public String label() {
        return "cell [" + executionCount + "]";
    }
}
