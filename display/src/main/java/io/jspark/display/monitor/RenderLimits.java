package io.jspark.display.monitor;

/** How much of a snapshot one update shows; halved until the update fits its size budget. */
record RenderLimits(int jobs, int stagesPerJob, int activityPoints, int executors, int timelineTasks, int failedTasks,
        boolean views) {
    static RenderLimits initial() {
        return new RenderLimits(40, 30, 240, 64, 160, 40, true);
    }

    /** Half of everything; at the floor, the deep views go (the jobs table and the JSON stay). */
    RenderLimits halved() {
        RenderLimits half = new RenderLimits(Math.max(1, jobs / 2), Math.max(1, stagesPerJob / 2),
                Math.max(8, activityPoints / 2), Math.max(4, executors / 2), Math.max(8, timelineTasks / 2),
                Math.max(4, failedTasks / 2), views);
        return half.equals(this) ? new RenderLimits(jobs, stagesPerJob, activityPoints, executors, timelineTasks,
                failedTasks, false) : half;
    }
}
