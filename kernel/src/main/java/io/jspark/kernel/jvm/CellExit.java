package io.jspark.kernel.jvm;

/**
 * Thrown in place of {@code System.exit} from notebook code. An Error, so that a cell's
 * {@code catch (Exception e)} does not swallow it.
 */
public final class CellExit extends Error {
    private final int status;

    public CellExit(int status) {
        super("System.exit(" + status + ") was called", null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
