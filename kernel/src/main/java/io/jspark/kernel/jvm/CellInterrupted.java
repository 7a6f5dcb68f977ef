package io.jspark.kernel.jvm;

/** Ends a cell that the user interrupted; an Error so that {@code catch (Exception e)} in the cell does not swallow it. */
public final class CellInterrupted extends Error {
    public CellInterrupted() {
        super("the cell was interrupted", null, false, true);
    }
}
