package io.jspark.display.monitor;

import io.jspark.display.Text;
import io.jspark.monitor.JobSnapshot;
import io.jspark.monitor.JobStatus;
import java.util.Locale;

/** The text/plain form: one line per job with a text progress bar, for consoles and logs. */
final class MonitorText {
    private static final int BAR = 20;

    private MonitorText() {
    }

    static String render(SnapshotView view) {
        StringBuilder sb = new StringBuilder();
        sb.append("Spark jobs of cell [").append(view.snapshot().executionCount()).append("]: ")
                .append(summary(view)).append('\n');
        for (JobSnapshot job : view.jobs()) {
            sb.append(String.format(Locale.ROOT, "Job %-4d %-9s %s %d/%d tasks",
                    job.jobId(), job.status(), bar(job), job.completedTasks() + job.skippedTasks(), job.numTasks()));
            if (job.activeTasks() > 0) {
                sb.append(", ").append(job.activeTasks()).append(" running");
            }
            if (job.failedTasks() > 0) {
                sb.append(", ").append(job.failedTasks()).append(" failed");
            }
            sb.append(String.format(Locale.ROOT, ", %d/%d stages", job.completedStages() + job.skippedStages(), job.numStages()));
            long end = job.completionTime() > 0 ? job.completionTime() : view.snapshot().time();
            sb.append(", ").append(Format.duration(end - job.submissionTime()));
            sb.append("  ").append(Text.firstLine(MonitorHtml.title(job, view.snapshot().executionCount()), 80)).append('\n');
            if (job.failureReason() != null) {
                sb.append("         ").append(Text.firstLine(job.failureReason(), 160)).append('\n');
            }
        }
        if (view.hiddenJobs() > 0) {
            sb.append("(").append(view.hiddenJobs()).append(" more jobs not shown)\n");
        }
        return sb.toString();
    }

    static String summary(SnapshotView view) {
        return String.format(Locale.ROOT, "%d running, %d succeeded, %d failed%s; %d executor%s, %d cores",
                view.count(JobStatus.RUNNING), view.count(JobStatus.SUCCEEDED),
                view.count(JobStatus.FAILED),
                view.count(JobStatus.CANCELLED) > 0
                        ? ", " + view.count(JobStatus.CANCELLED) + " cancelled" : "",
                view.activeExecutors(), view.activeExecutors() == 1 ? "" : "s", view.snapshot().totalCores());
    }

    private static String bar(JobSnapshot job) {
        int total = Math.max(1, job.numTasks());
        int done = (int) Math.round(BAR * (double) (job.completedTasks() + job.skippedTasks()) / total);
        int running = Math.min(BAR - done, (int) Math.ceil(BAR * (double) job.activeTasks() / total));
        return "[" + "#".repeat(done) + ">".repeat(running) + ".".repeat(BAR - done - running) + "]";
    }
}
