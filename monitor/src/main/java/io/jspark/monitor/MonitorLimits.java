package io.jspark.monitor;

/**
 * How much the monitor keeps. Counters are kept for everything; these bound the records.
 *
 * @param cells           cells whose jobs are kept (the oldest are dropped first)
 * @param jobsPerCell     jobs kept per cell (a cell looping over thousands of jobs keeps the newest)
 * @param tasksPerCell    task records kept per cell (the slowest of each stage win once it is full)
 * @param tasksPerStage   task records kept per stage attempt
 * @param activityPoints  points of the task graph per cell (older ones are thinned out, not dropped)
 * @param removedExecutors removed executors remembered
 */
public record MonitorLimits(int cells, int jobsPerCell, int tasksPerCell, int tasksPerStage, int activityPoints,
        int removedExecutors) {

    public static MonitorLimits defaults() {
        return new MonitorLimits(100, 500, 4000, 1000, 1000, 200);
    }
}
