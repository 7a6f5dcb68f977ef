package io.jspark.kernel.interpreter;

/** Whether code is a whole cell, for frontends that ask before they run it (a console's Enter). */
public sealed interface Completeness {
    /** Runs as it is. */
    record Complete() implements Completeness {
    }

    /** Needs more lines; the next one starts with {@code indent}. */
    record Incomplete(String indent) implements Completeness {
    }

    /** Will not run however it goes on. */
    record Invalid() implements Completeness {
    }
}
