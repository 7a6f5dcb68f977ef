package io.jspark.display.monitor;

import io.jspark.display.Text;
import io.jspark.monitor.JobSnapshot;
import io.jspark.monitor.JobStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A group of jobs drawn compactly: one row of the jobs table whose fold opens to a row per job (id,
 * description, status, stages, tasks, submitted, duration; no bars, no stages). Jobs without a row
 * for lack of room are named by their id range, so none is silently missing.
 */
final class JobGroupHtml {
    private static final String CELL = "padding:1px 6px;text-align:left;";

    private JobGroupHtml() {
    }

    /** A short run of jobs that all have rows is drawn as rows of the jobs table itself, without a fold. */
    private static final int INLINE = 4;

    static void append(StringBuilder h, JobTable.Group group, long now, String sparkUi) {
        if (group.jobs().size() <= INLINE && group.unlistedJobs().isEmpty()) {
            for (JobSnapshot job : group.jobs()) {
                row(h, job, now, sparkUi, MonitorHtml.RULE);
            }
            return;
        }
        h.append("<tr style=\"").append(MonitorHtml.RULE).append("\"><td colspan=\"7\" style=\"padding:3px 6px;text-align:left\">")
                .append("<details class=\"jspark-job-group\"><summary style=\"display:list-item;cursor:pointer\">")
                .append(Text.escapeHtml(summary(group, now))).append("</summary>");
        if (group.shown() > 0) {
            h.append("<table style=\"border-collapse:collapse;width:100%;font-size:11px;white-space:nowrap\">");
            for (JobSnapshot job : group.shownJobs()) {
                row(h, job, now, sparkUi, "");
            }
            h.append("</table>");
        }
        if (!group.unlistedJobs().isEmpty()) {
            List<JobSnapshot> unlisted = group.unlistedJobs();
            h.append("<div style=\"opacity:0.75;margin:2px 0\">")
                    .append(Text.escapeHtml(range(unlisted.get(0), unlisted.get(unlisted.size() - 1), unlisted.size())))
                    .append(" have no row here, to keep this display under 64 KB; the cell's JSON snapshot")
                    .append(" (application/vnd.sparkmonitor+json) holds every job, and the Spark UI lists them.</div>");
        }
        h.append("</details></td></tr>");
    }

    /** "11 succeeded jobs (3–13) · 120 tasks · 3.2 s", or with mixed outcomes "40 jobs (3–42): 38 succeeded, 2 failed · ...". */
    static String summary(JobTable.Group group, long now) {
        int n = group.jobs().size();
        List<String> outcomes = new ArrayList<>();
        JobStatus only = null;
        for (JobStatus status : JobStatus.values()) {
            long count = group.count(status);
            if (count > 0) {
                outcomes.add(count + " " + status.name().toLowerCase(Locale.ROOT));
                only = count == n ? status : null;
            }
        }
        String ids = group.first().jobId() == group.last().jobId() ? "job " + group.first().jobId()
                : group.first().jobId() + "–" + group.last().jobId();
        StringBuilder sb = new StringBuilder();
        if (only != null) {
            sb.append(n).append(' ').append(only.name().toLowerCase(Locale.ROOT)).append(n == 1 ? " job" : " jobs").append(" (").append(ids).append(')');
        } else {
            sb.append(n).append(" jobs (").append(ids).append("): ").append(String.join(", ", outcomes));
        }
        sb.append(" · ").append(Format.count(group.completedTasks(), "task"));
        if (group.skippedTasks() > 0) {
            sb.append(" (").append(group.skippedTasks()).append(" skipped)");
        }
        return sb.append(" · ").append(Format.duration(group.end(now) - group.start())).toString();
    }

    private static String range(JobSnapshot first, JobSnapshot last, int count) {
        return first.jobId() == last.jobId() ? "Job " + first.jobId() : "Jobs " + first.jobId() + "–" + last.jobId() + " (" + count + ")";
    }

    private static void row(StringBuilder h, JobSnapshot job, long now, String sparkUi, String rowStyle) {
        long end = job.completionTime() > 0 ? job.completionTime() : now;
        h.append("<tr class=\"jspark-job\"").append(rowStyle.isEmpty() ? "" : " style=\"" + rowStyle + ";white-space:nowrap\"").append('>');
        cell(h, MonitorHtml.link(sparkUi, "/jobs/job/?id=" + job.jobId(), Integer.toString(job.jobId())));
        h.append("<td style=\"").append(CELL).append("white-space:normal;overflow-wrap:anywhere\">")
                .append(Text.escapeHtml(Text.firstLine(MonitorHtml.title(job), 100))).append("</td>");
        cell(h, "<span style=\"color:" + MonitorHtml.statusColor(job.status()).css + ";font-weight:600\">" + job.status() + "</span>");
        int stagesToRun = job.numStages() - job.skippedStages();
        cell(h, job.completedStages() + "/" + stagesToRun + (job.skippedStages() > 0 ? " (" + job.skippedStages() + " skipped)" : ""));
        cell(h, job.completedTasks() + "/" + (job.numTasks() - job.skippedTasks())
                + (job.skippedTasks() > 0 ? " (" + job.skippedTasks() + " skipped)" : "")
                + (job.failedTasks() > 0 ? " · " + job.failedTasks() + " failed" : ""));
        cell(h, Format.clock(job.submissionTime()));
        cell(h, Format.duration(end - job.submissionTime()));
        h.append("</tr>");
        if (job.failureReason() != null) {
            h.append("<tr><td></td><td colspan=\"6\" style=\"").append(CELL).append("white-space:pre-wrap;color:").append(Palette.ERROR.css)
                    .append("\">").append(Text.escapeHtml(Text.firstLine(job.failureReason(), 200))).append("</td></tr>");
        }
    }

    private static void cell(StringBuilder h, String html) {
        h.append("<td style=\"").append(CELL).append("\">").append(html).append("</td>");
    }
}
