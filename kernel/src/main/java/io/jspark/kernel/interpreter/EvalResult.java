package io.jspark.kernel.interpreter;

/** What evaluating a cell's code gave. */
public sealed interface EvalResult {
    /** The code ran; {@code hasValue} when the cell ended in an expression, whose value may be null. */
    record Ok(boolean hasValue, Object value) implements EvalResult {
    }

    record Failed(CellError error) implements EvalResult {
    }
}
