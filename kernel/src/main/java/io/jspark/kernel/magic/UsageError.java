package io.jspark.kernel.magic;

/** A magic was called wrongly; the message says how to call it. */
public final class UsageError extends Exception {
    public UsageError(String message) {
        super(message);
    }
}
