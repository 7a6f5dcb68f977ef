package io.jspark.kernel.interpreter;

import java.util.List;

/** An error as the Jupyter protocol shows it: a name, a short value and the traceback lines. */
public record CellError(String ename, String evalue, List<String> traceback) {
    public CellError {
        traceback = List.copyOf(traceback);
    }

    /** An error whose traceback is its one line: for errors that have no stack worth showing. */
    public static CellError of(String ename, String evalue) {
        return new CellError(ename, evalue, List.of(ename + ": " + evalue));
    }

    public static CellError interrupted() {
        return of("Interrupted", "the cell was interrupted; the kernel and its state are intact");
    }
}
