package io.jspark.kernel.spark.executor;

import java.io.Serializable;

/**
 * An executor asks the driver for the value of a top-level notebook variable, for one stage attempt.
 *
 * @param variable the field JShell keeps the variable in, as {@code REPL.$JShell$12.n}
 * @param stageId the stage whose task reads it, or -1 outside a task
 * @param stageAttempt that stage's attempt number, or -1 outside a task
 */
public record VariableRequest(String variable, int stageId, int stageAttempt) implements Serializable {
    private static final long serialVersionUID = 1L;
}
