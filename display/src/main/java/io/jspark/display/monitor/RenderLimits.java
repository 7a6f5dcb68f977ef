package io.jspark.display.monitor;

/**
 * How much of a snapshot one update draws; made smaller until the update fits its size budget. Every
 * job is in the table whatever the limits: {@code urgentJobs} bounds the running, failed and cancelled
 * jobs drawn in full (a row, a task bar, their stages), {@code finishedJobs} the succeeded ones drawn
 * so, {@code compactRows} the one-line rows of the rest (beyond it, groups count their jobs).
 */
record RenderLimits(int urgentJobs, int finishedJobs, int compactRows, int stagesPerJob, int activityPoints,
        int executors, int timelineTasks, int failedTasks, boolean views) {
    static RenderLimits initial() {
        return new RenderLimits(40, 40, 160, 30, 240, 64, 160, 40, true);
    }

    /**
     * The next smaller limits, least useful detail first: the views' detail (task bars, graph points,
     * executors, failed tasks) down to a modest level; jobs in full down to ten of each kind; the views
     * down to their floor; succeeded jobs in full (a job in full costs about eight compact rows); compact
     * rows down to twenty; then running and failed jobs in full and the last rows; at the very end the
     * views go (the jobs table and the JSON stay).
     */
    RenderLimits halved() {
        if (timelineTasks > 40) {
            return views(Math.max(40, timelineTasks / 2), Math.max(60, activityPoints / 2), Math.max(16, executors / 2),
                    Math.max(10, failedTasks / 2));
        }
        if (finishedJobs > 10 || urgentJobs > 10) {
            return jobs(Math.max(10, urgentJobs / 2), Math.max(10, finishedJobs / 2), compactRows, Math.max(8, stagesPerJob / 2));
        }
        RenderLimits viewsHalved = views(Math.max(8, timelineTasks / 2), Math.max(8, activityPoints / 2),
                Math.max(4, executors / 2), Math.max(4, failedTasks / 2));
        if (!viewsHalved.equals(this)) {
            return viewsHalved;
        }
        if (finishedJobs > 0) {
            return jobs(urgentJobs, finishedJobs / 2, compactRows, stagesPerJob);
        }
        if (compactRows > 20) {
            return jobs(urgentJobs, 0, compactRows / 2, stagesPerJob);
        }
        if (urgentJobs > 1 || compactRows > 0) {
            return jobs(Math.max(1, urgentJobs / 2), 0, compactRows / 2, Math.max(1, stagesPerJob / 2));
        }
        return new RenderLimits(urgentJobs, finishedJobs, compactRows, stagesPerJob, activityPoints, executors, timelineTasks,
                failedTasks, false);
    }

    private RenderLimits jobs(int urgentJobs, int finishedJobs, int compactRows, int stagesPerJob) {
        return new RenderLimits(urgentJobs, finishedJobs, compactRows, stagesPerJob, activityPoints, executors,
                timelineTasks, failedTasks, views);
    }

    private RenderLimits views(int timelineTasks, int activityPoints, int executors, int failedTasks) {
        return new RenderLimits(urgentJobs, finishedJobs, compactRows, stagesPerJob, activityPoints, executors,
                timelineTasks, failedTasks, views);
    }
}
