package io.jspark.kernel.spark.executor;

import org.apache.spark.TaskContext;
import org.apache.spark.TaskKilledException;

/**
 * Stops notebook code running in a Spark task that Spark has killed (its job was cancelled, a
 * speculative copy won). Spark only marks the task and interrupts its thread; code that never blocks
 * would spin on and hold the executor's core, so the loop checks in cell bytecode ask here.
 */
public final class TaskKillCheck {
    private TaskKillCheck() {
    }

    /** Called on a thread whose interrupt flag is set: throws if it runs a task Spark killed. */
    public static void throwIfKilled() {
        TaskContext task = TaskContext.get();
        if (task != null && task.isInterrupted()) {
            String reason = task.getKillReason().isDefined() ? task.getKillReason().get() : "killed";
            throw new TaskKilledException(reason);
        }
    }
}
