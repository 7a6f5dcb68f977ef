package io.jspark.display.monitor;

/**
 * How much of a snapshot one update draws; halved until the update fits its size budget. Every job is
 * in the table whatever the limits: {@code fullJobs} bounds those drawn with their stages,
 * {@code compactRows} the one-line rows of the rest (beyond it, groups count their jobs).
 */
record RenderLimits(int fullJobs, int compactRows, int stagesPerJob, int activityPoints, int executors,
        int timelineTasks, int failedTasks, boolean views) {
    static RenderLimits initial() {
        return new RenderLimits(40, 160, 30, 240, 64, 160, 40, true);
    }

    /**
     * The next smaller limits. Jobs come before detail: first the views lose detail (task bars, graph
     * points, executors, failed tasks) down to a modest level, then the jobs drawn in full and the compact
     * rows down to a modest number, then the views down to their floor, then the jobs down to theirs;
     * at the very end the views go (the jobs table and the JSON stay).
     */
    RenderLimits halved() {
        if (timelineTasks > 40) {
            return views(Math.max(40, timelineTasks / 2), Math.max(60, activityPoints / 2), Math.max(16, executors / 2),
                    Math.max(10, failedTasks / 2));
        }
        if (fullJobs > 10) {
            return jobs(Math.max(10, fullJobs / 2), Math.max(40, compactRows / 2), Math.max(8, stagesPerJob / 2));
        }
        RenderLimits viewsHalved = views(Math.max(8, timelineTasks / 2), Math.max(8, activityPoints / 2),
                Math.max(4, executors / 2), Math.max(4, failedTasks / 2));
        if (!viewsHalved.equals(this)) {
            return viewsHalved;
        }
        RenderLimits jobsHalved = jobs(Math.max(1, fullJobs * 2 / 3), compactRows * 2 / 3, Math.max(1, stagesPerJob / 2));
        if (!jobsHalved.equals(this)) {
            return jobsHalved;
        }
        return new RenderLimits(fullJobs, compactRows, stagesPerJob, activityPoints, executors, timelineTasks, failedTasks, false);
    }

    private RenderLimits jobs(int fullJobs, int compactRows, int stagesPerJob) {
        return new RenderLimits(fullJobs, compactRows, stagesPerJob, activityPoints, executors, timelineTasks, failedTasks, views);
    }

    private RenderLimits views(int timelineTasks, int activityPoints, int executors, int failedTasks) {
        return new RenderLimits(fullJobs, compactRows, stagesPerJob, activityPoints, executors, timelineTasks, failedTasks, views);
    }
}
