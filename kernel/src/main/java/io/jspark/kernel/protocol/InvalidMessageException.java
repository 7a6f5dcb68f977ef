package io.jspark.kernel.protocol;

/** A message that cannot be trusted or parsed; it is logged and dropped, never executed. */
public final class InvalidMessageException extends Exception {
    public InvalidMessageException(String reason) {
        super(reason);
    }

    public InvalidMessageException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
