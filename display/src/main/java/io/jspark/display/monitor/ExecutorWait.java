package io.jspark.display.monitor;

import io.jspark.monitor.JobStatus;
import java.util.function.Supplier;

/**
 * What a cell whose jobs run on no executor is waiting for, said in the cell: a cluster that has not
 * granted the application any executor yet, where Spark itself only logs "Initial job has not
 * accepted any resources". In local mode the driver is the executor, so this never shows there.
 */
final class ExecutorWait {
    private ExecutorWait() {
    }

    /**
     * The notice, or null while an executor serves the cell's jobs or none runs. {@code requests}
     * describes the executors the application asks for (null when unknown); asked only when needed.
     */
    static String notice(SnapshotView view, Supplier<String> requests) {
        if (view.count(JobStatus.RUNNING) == 0 || view.activeExecutors() > 0) {
            return null;
        }
        String request = requests.get();
        StringBuilder s = new StringBuilder("Waiting for executors: none has registered with the driver in ")
                .append(Format.duration(view.elapsed())).append(". ");
        s.append(request != null
                ? "This application asks for " + request + "; the cluster manager starts one once a worker has that much free"
                : "The cluster manager starts one once a worker has the cores and memory this application asks for");
        return s.append(" (Spark's log says 'Initial job has not accepted any resources' meanwhile).").toString();
    }
}
