package io.jspark.kernel.spark.executor;

import java.io.Serializable;

/**
 * The driver's answer to a {@link VariableRequest}: the value serialized with Spark's closure
 * serializer, or why it cannot be sent (then {@code value} is null).
 */
public record VariableReply(byte[] value, String error) implements Serializable {
    private static final long serialVersionUID = 1L;

    public static VariableReply of(byte[] value) {
        return new VariableReply(value, null);
    }

    public static VariableReply failure(String error) {
        return new VariableReply(null, error);
    }
}
