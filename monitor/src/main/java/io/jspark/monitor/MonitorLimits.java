package io.jspark.monitor;

/**
 * How much the monitor keeps. Counters are kept for everything; these bound the records.
 *
 * @param cells           cells whose jobs are kept (the oldest are dropped first)
 * @param jobsPerCell     jobs kept per cell (a cell looping over more keeps the newest and counts the rest)
 * @param jobs            jobs kept over all cells (the oldest cells go first; the running cell is never cut below
 *                        {@code jobsPerCell})
 * @param tasksPerCell    task records kept per cell (the slowest of each stage win once it is full)
 * @param tasksPerStage   task records kept per stage attempt
 * @param activityPoints  points of the task graph per cell (older ones are thinned out, not dropped)
 * @param removedExecutors removed executors remembered
 */
public record MonitorLimits(int cells, int jobsPerCell, int jobs, int tasksPerCell, int tasksPerStage,
        int activityPoints, int removedExecutors) {

    /** Every job of a cell up to 2,000 (an ML fit or an iterative algorithm), about 10 MB of model at most. */
    public static MonitorLimits defaults() {
        return new MonitorLimits(100, 2000, 10_000, 4000, 1000, 1000, 200);
    }
}
