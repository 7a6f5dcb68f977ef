package io.jspark.monitor;

/**
 * What a cell's snapshot no longer holds because the model dropped its oldest finished jobs to stay
 * bounded: how many of each outcome, how many stages went with them, and when the first of them began,
 * so that counts and durations still cover every job of the cell.
 *
 * @param firstSubmissionTime epoch ms of the earliest dropped job, -1 when none was dropped
 */
public record DroppedJobs(int succeeded, int failed, int cancelled, int stages, long firstSubmissionTime) {
    public static final DroppedJobs NONE = new DroppedJobs(0, 0, 0, 0, -1);

    public int total() {
        return succeeded + failed + cancelled;
    }

    public int count(JobStatus status) {
        return switch (status) {
            case SUCCEEDED -> succeeded;
            case FAILED -> failed;
            case CANCELLED -> cancelled;
            case RUNNING -> 0;
        };
    }

    DroppedJobs plus(JobStatus status, int stagesDropped, long submissionTime) {
        long first = firstSubmissionTime < 0 ? submissionTime : Math.min(firstSubmissionTime, submissionTime);
        return new DroppedJobs(succeeded + (status == JobStatus.SUCCEEDED ? 1 : 0),
                failed + (status == JobStatus.FAILED ? 1 : 0), cancelled + (status == JobStatus.CANCELLED ? 1 : 0),
                stages + stagesDropped, first);
    }
}
