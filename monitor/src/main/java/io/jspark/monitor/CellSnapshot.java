package io.jspark.monitor;

import java.util.List;

/**
 * Everything the monitor knows about one cell's Spark work, frozen at {@code time}. Immutable: it
 * crosses from the listener bus to the display thread.
 *
 * @param dropped       jobs of the cell dropped from the model to keep memory bounded, counted
 * @param omittedTasks  task attempts not kept as records (counters still include them)
 */
public record CellSnapshot(
        String cellId,
        int executionCount,
        long time,
        List<JobSnapshot> jobs,
        List<StageSnapshot> stages,
        List<ExecutorSnapshot> executors,
        List<TaskSnapshot> tasks,
        List<ActivityPoint> activity,
        DroppedJobs dropped,
        long omittedTasks) {

    public CellSnapshot {
        jobs = List.copyOf(jobs);
        stages = List.copyOf(stages);
        executors = List.copyOf(executors);
        tasks = List.copyOf(tasks);
        activity = List.copyOf(activity);
    }

    public boolean allJobsDone() {
        return jobs.stream().allMatch(JobSnapshot::isDone);
    }

    public int totalCores() {
        return executors.stream().filter(ExecutorSnapshot::isActive).mapToInt(ExecutorSnapshot::totalCores).sum();
    }

    /** Jobs of the cell with this status, those the model dropped included. */
    public long jobsWith(JobStatus status) {
        return jobs.stream().filter(j -> j.status() == status).count() + dropped.count(status);
    }

    /** Every job the cell ran, those the model dropped included. */
    public int jobCount() {
        return jobs.size() + dropped.total();
    }
}
