package io.jspark.display.monitor;

import io.jspark.display.Text;
import io.jspark.monitor.DroppedJobs;
import io.jspark.monitor.JobSnapshot;
import io.jspark.monitor.JobStatus;
import java.util.Locale;

/**
 * The text/plain form, for consoles and logs: one line per job drawn in full, with a text progress
 * bar, and one line per group of jobs the HTML draws compactly.
 */
final class MonitorText {
    private static final int BAR = 20;

    private MonitorText() {
    }

    /** {@code waiting}: what the jobs wait for, or null. */
    static String render(SnapshotView view, String waiting) {
        StringBuilder sb = new StringBuilder();
        sb.append("Spark jobs of cell [").append(view.snapshot().executionCount()).append("]: ")
                .append(summary(view)).append('\n');
        if (waiting != null) {
            sb.append(waiting).append('\n');
        }
        for (JobTable.Entry entry : view.table().entries()) {
            if (entry instanceof JobTable.Full full) {
                job(sb, full.job(), view.snapshot().time());
            } else {
                sb.append("Jobs     ").append(JobGroupHtml.summary((JobTable.Group) entry, view.snapshot().time())).append('\n');
            }
        }
        DroppedJobs dropped = view.snapshot().dropped();
        if (dropped.total() > 0) {
            sb.append("(").append(dropped.total()).append(" earlier jobs counted above are no longer kept)\n");
        }
        return sb.toString();
    }

    private static void job(StringBuilder sb, JobSnapshot job, long now) {
        int toRun = job.numTasks() - job.skippedTasks();
        sb.append(String.format(Locale.ROOT, "Job %-4d %-9s %s %d/%d tasks",
                job.jobId(), job.status(), bar(job.completedTasks(), job.activeTasks(), toRun), job.completedTasks(), toRun));
        if (job.skippedTasks() > 0) {
            sb.append(" (").append(job.skippedTasks()).append(" skipped)");
        }
        if (job.activeTasks() > 0) {
            sb.append(", ").append(job.activeTasks()).append(" running");
        }
        if (job.failedTasks() > 0) {
            sb.append(", ").append(job.failedTasks()).append(" failed");
        }
        sb.append(String.format(Locale.ROOT, ", %d/%d stages", job.completedStages(), job.numStages() - job.skippedStages()));
        long end = job.completionTime() > 0 ? job.completionTime() : now;
        sb.append(", ").append(Format.duration(end - job.submissionTime()));
        sb.append("  ").append(Text.firstLine(MonitorHtml.title(job), 80)).append('\n');
        if (job.failureReason() != null) {
            sb.append("         ").append(Text.firstLine(job.failureReason(), 160)).append('\n');
        }
    }

    static String summary(SnapshotView view) {
        return String.format(Locale.ROOT, "%d running, %d succeeded, %d failed%s; %s, %s",
                view.count(JobStatus.RUNNING), view.count(JobStatus.SUCCEEDED),
                view.count(JobStatus.FAILED),
                view.count(JobStatus.CANCELLED) > 0
                        ? ", " + view.count(JobStatus.CANCELLED) + " cancelled" : "",
                Format.count(view.activeExecutors(), "executor"), Format.count(view.snapshot().totalCores(), "core"));
    }

    private static String bar(int completed, int running, int total) {
        int t = Math.max(1, total);
        int done = Math.min(BAR, (int) Math.round(BAR * (double) completed / t));
        int active = Math.min(BAR - done, (int) Math.ceil(BAR * (double) running / t));
        return "[" + "#".repeat(done) + ">".repeat(active) + ".".repeat(BAR - done - active) + "]";
    }
}
