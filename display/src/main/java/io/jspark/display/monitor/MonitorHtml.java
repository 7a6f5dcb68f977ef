package io.jspark.display.monitor;

import io.jspark.display.Text;
import io.jspark.monitor.DroppedJobs;
import io.jspark.monitor.JobSnapshot;
import io.jspark.monitor.JobStatus;
import io.jspark.monitor.StageSnapshot;
import io.jspark.monitor.StageStatus;
import java.util.List;

/**
 * The text/html form: a header and a jobs table with progress bars, each job's stages in a
 * {@code <details>} fold. Inline styles only and no script, so it looks the same in every frontend,
 * in an untrusted notebook and after nbconvert; colours follow JupyterLab's theme ({@link Palette}).
 */
final class MonitorHtml {
    private static final String TRACK = "rgba(128,128,128,0.18)";
    static final String RULE = "border-top:1px solid rgba(128,128,128,0.3)";
    static final String CELL = "padding:3px 6px;text-align:left;";
    static final List<String> COLUMNS = List.of("Job", "Description", "Status", "Stages", "Tasks", "Submitted", "Duration");

    private MonitorHtml() {
    }

    /** What a job is called: the description set for it, its SQL query, or where the cell called it. */
    static String title(JobSnapshot job) {
        if (job.description() != null && !job.description().isBlank()) {
            return job.description();
        }
        if (job.sqlDescription() != null && !job.sqlDescription().isBlank()) {
            return job.sqlDescription();
        }
        return job.callSite() == null ? "" : job.callSite();
    }

    /** {@code waiting}: what the jobs wait for, or null. */
    static String render(SnapshotView view, String sparkUi, RenderLimits limits, String waiting) {
        StringBuilder h = new StringBuilder(4096);
        // MathJax 2 and 3 skip these classes: Notebook 6 and nbconvert typeset outputs, and "$" is common in Spark's names.
        h.append("<div class=\"jspark-monitor tex2jax_ignore mathjax_ignore\" style=\"font-family:").append(Palette.FONT_FAMILY).append(";")
                .append("font-size:12px;line-height:1.4;border:1px solid rgba(128,128,128,0.35);border-radius:4px;")
                .append("padding:6px 8px;margin:2px 0;overflow-x:auto\">");
        header(h, view);
        if (waiting != null) {
            h.append("<div class=\"jspark-waiting\" style=\"margin-top:3px;color:").append(Palette.WARNING.css).append("\">")
                    .append(Text.escapeHtml(waiting)).append("</div>");
        }
        h.append("<table style=\"border-collapse:collapse;width:100%;font-size:12px;margin-top:4px\"><thead><tr style=\"font-weight:600;opacity:0.8\">");
        for (String column : COLUMNS) {
            h.append("<th style=\"").append(CELL).append("\">").append(column).append("</th>");
        }
        h.append("</tr></thead><tbody>");
        for (JobTable.Entry entry : view.table().entries()) {
            if (entry instanceof JobTable.Full full) {
                jobRow(h, view, full.job(), sparkUi);
            } else {
                JobGroupHtml.append(h, (JobTable.Group) entry, view.snapshot().time(), sparkUi);
            }
        }
        h.append("</tbody></table>");
        DroppedJobs dropped = view.snapshot().dropped();
        if (dropped.total() > 0 || view.hiddenStages() > 0) {
            h.append("<div style=\"opacity:0.7;margin-top:3px\">");
            if (dropped.total() > 0) {
                h.append(dropped.total()).append(" earlier job").append(dropped.total() == 1 ? " is" : "s are")
                        .append(" counted above but no longer kept (").append(droppedBreakdown(dropped))
                        .append("); the Spark UI lists them. ");
            }
            if (view.hiddenStages() > 0) {
                h.append(view.hiddenStages()).append(" more stage attempts not shown.");
            }
            h.append("</div>");
        }
        if (limits.views()) {
            Views.append(h, view, sparkUi, limits);
        } else {
            h.append("<div style=\"opacity:0.7;margin-top:3px\">The timeline and other views are left out to keep this update under 64 KB;")
                    .append(" the Spark UI has them.</div>");
        }
        h.append("</div>");
        return h.toString();
    }

    private static String droppedBreakdown(DroppedJobs dropped) {
        List<String> parts = new java.util.ArrayList<>();
        for (JobStatus status : List.of(JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED)) {
            if (dropped.count(status) > 0) {
                parts.add(dropped.count(status) + " " + status.name().toLowerCase(java.util.Locale.ROOT));
            }
        }
        return String.join(", ", parts);
    }

    private static void header(StringBuilder h, SnapshotView view) {
        h.append("<div style=\"display:flex;flex-wrap:wrap;gap:10px;align-items:center\">")
                .append("<strong>Spark jobs</strong>")
                .append("<span>").append(view.activeExecutors()).append(" executor")
                .append(view.activeExecutors() == 1 ? "" : "s").append(" · ")
                .append(Format.count(view.snapshot().totalCores(), "core")).append("</span>");
        count(h, view.count(JobStatus.RUNNING), "running", Palette.RUNNING.css);
        count(h, view.count(JobStatus.SUCCEEDED), "succeeded", Palette.SUCCESS.css);
        count(h, view.count(JobStatus.FAILED), "failed", Palette.ERROR.css);
        if (view.count(JobStatus.CANCELLED) > 0) {
            count(h, view.count(JobStatus.CANCELLED), "cancelled", Palette.WARNING.css);
        }
        h.append("<span style=\"opacity:0.75\">").append(Format.duration(view.elapsed())).append("</span></div>");
    }

    private static void count(StringBuilder h, long n, String label, String color) {
        h.append("<span><span style=\"display:inline-block;min-width:8px;height:8px;border-radius:50%;background:")
                .append(color).append(";margin-right:3px\"></span>").append(n).append(' ').append(label).append("</span>");
    }

    private static void jobRow(StringBuilder h, SnapshotView view, JobSnapshot job, String sparkUi) {
        String title = title(job);
        h.append("<tr class=\"jspark-job\" style=\"").append(RULE).append("\">");
        h.append("<td style=\"").append(CELL).append("\">")
                .append(link(sparkUi, "/jobs/job/?id=" + job.jobId(), Integer.toString(job.jobId()))).append("</td>");
        h.append("<td style=\"").append(CELL).append("max-width:420px;overflow-wrap:anywhere\" title=\"")
                .append(Text.escapeHtml(Text.truncate(job.callSite(), 300))).append("\">").append(Text.escapeHtml(Text.firstLine(title, 120))).append("</td>");
        h.append("<td style=\"").append(CELL).append("\">").append(badge(job.status().name(), statusColor(job.status()).hex)).append("</td>");
        h.append("<td style=\"").append(CELL).append("white-space:nowrap\">").append(stageCounts(job)).append("</td>");
        h.append("<td style=\"").append(CELL).append("min-width:160px\">");
        // As in Spark's UI, skipped tasks (of stages an earlier job already computed) are not to do: 16/16 (8 skipped).
        int toRun = job.numTasks() - job.skippedTasks();
        bar(h, toRun, job.completedTasks(), job.activeTasks(), job.failedTasks());
        h.append(taskCounts(job.completedTasks(), toRun, job.activeTasks(), job.failedTasks(), job.skippedTasks()));
        h.append("</td>");
        h.append("<td style=\"").append(CELL).append("white-space:nowrap\">").append(Format.clock(job.submissionTime())).append("</td>");
        long end = job.completionTime() > 0 ? job.completionTime() : view.snapshot().time();
        h.append("<td style=\"").append(CELL).append("white-space:nowrap\">").append(Format.duration(end - job.submissionTime())).append("</td>");
        h.append("</tr>");
        List<StageSnapshot> stages = view.stagesByJob().getOrDefault(job.jobId(), List.of());
        if (job.failureReason() != null || !stages.isEmpty()) {
            h.append("<tr><td></td><td colspan=\"6\" style=\"padding:0 6px 4px 6px;text-align:left\">");
            if (job.failureReason() != null) {
                h.append("<div style=\"color:").append(Palette.ERROR.css).append(";white-space:pre-wrap\">")
                        .append(Text.escapeHtml(Text.firstLine(job.failureReason(), 400))).append("</div>");
            }
            if (!stages.isEmpty()) {
                stageFold(h, view, stages, job.status() == JobStatus.RUNNING, sparkUi);
            }
            h.append("</td></tr>");
        }
    }

    private static void stageFold(StringBuilder h, SnapshotView view, List<StageSnapshot> stages, boolean open, String sparkUi) {
        h.append("<details").append(open ? " open" : "").append("><summary style=\"display:list-item;cursor:pointer;opacity:0.85\">")
                .append(Format.count(stages.size(), "stage")).append("</summary>")
                .append("<table style=\"border-collapse:collapse;width:100%;font-size:11px;white-space:nowrap\"><tr style=\"font-weight:600;opacity:0.75\">");
        for (String column : List.of("Stage", "Name", "Status", "Tasks", "Input", "Output", "Shuffle read", "Shuffle write", "Duration")) {
            h.append("<th style=\"").append(CELL).append("\">").append(column).append("</th>");
        }
        h.append("</tr>");
        for (StageSnapshot s : stages) {
            h.append("<tr style=\"").append(RULE).append("\">");
            h.append("<td style=\"").append(CELL).append("\">")
                    .append(link(sparkUi, "/stages/stage/?id=" + s.stageId() + "&attempt=" + s.attemptId(), Integer.toString(s.stageId())));
            if (s.attemptId() > 0) {
                h.append(" <span style=\"opacity:0.7\">(retry ").append(s.attemptId()).append(")</span>");
            }
            h.append("</td><td style=\"").append(CELL).append("max-width:260px;overflow:hidden;text-overflow:ellipsis\" title=\"")
                    .append(Text.escapeHtml(Text.truncate(s.name(), 300))).append("\">").append(Text.escapeHtml(Text.firstLine(s.name(), 120))).append("</td>");
            h.append("<td style=\"").append(CELL).append("\">").append(badge(s.status().name(), stageColor(s.status()).hex)).append("</td>");
            if (s.status() == StageStatus.SKIPPED) {
                // An earlier job computed this stage's output: nothing ran, so no bar and no metrics.
                h.append("<td style=\"").append(CELL).append("\">").append(Format.count(s.numTasks(), "task")).append(" skipped</td>")
                        .append("<td></td><td></td><td></td><td></td><td></td></tr>");
                continue;
            }
            h.append("<td style=\"").append(CELL).append("min-width:140px\">");
            bar(h, s.numTasks(), s.completedTasks(), s.activeTasks(), s.failedTasks());
            h.append(taskCounts(s.completedTasks(), s.numTasks(), s.activeTasks(), s.failedTasks(), 0));
            h.append("</td>");
            for (long bytes : new long[] {s.inputBytes(), s.outputBytes(), s.shuffleReadBytes(), s.shuffleWriteBytes()}) {
                h.append(bytes > 0 ? "<td style=\"" + CELL + "\">" + Format.bytes(bytes) + "</td>" : "<td></td>");
            }
            long end = s.completionTime() > 0 ? s.completionTime() : view.snapshot().time();
            h.append("<td style=\"").append(CELL).append("\">")
                    .append(s.submissionTime() > 0 ? Format.duration(end - s.submissionTime()) : "").append("</td></tr>");
            if (s.failureReason() != null) {
                h.append("<tr><td></td><td colspan=\"8\" style=\"").append(CELL).append("color:").append(Palette.ERROR.css)
                        .append(";white-space:pre-wrap\">").append(Text.escapeHtml(Text.firstLine(s.failureReason(), 300))).append("</td></tr>");
            }
        }
        h.append("</table></details>");
    }

    /** A link into the Spark UI opening in a new tab, or the plain text when there is no UI. */
    static String link(String sparkUi, String path, String text) {
        if (sparkUi == null || sparkUi.isBlank()) {
            return Text.escapeHtml(text);
        }
        return "<a href=\"" + Text.escapeHtml(sparkUi + path) + "\" target=\"_blank\" rel=\"noopener\">"
                + Text.escapeHtml(text) + "</a>";
    }

    /** A bar split into completed, running and failed shares of the tasks. */
    static void bar(StringBuilder h, int total, int completed, int running, int failed) {
        double t = Math.max(1, total);
        h.append("<div style=\"display:flex;height:10px;background:").append(TRACK)
                .append(";border-radius:3px;overflow:hidden;margin:2px 0\" title=\"").append(completed).append(" completed");
        if (running > 0) {
            h.append(", ").append(running).append(" running");
        }
        if (failed > 0) {
            h.append(", ").append(failed).append(" failed");
        }
        h.append(" of ").append(total).append("\">");
        segment(h, completed / t, Palette.SUCCESS.hex);
        segment(h, running / t, Palette.RUNNING.hex);
        segment(h, Math.min(failed, total) / t, Palette.ERROR.hex);
        h.append("</div>");
    }

    private static void segment(StringBuilder h, double fraction, String color) {
        if (fraction > 0) {
            h.append("<div style=\"width:").append(Format.percent(fraction)).append(";background:").append(color).append("\"></div>");
        }
    }

    /** Stages done of those the job runs, as Spark's UI counts them: 2/2 (1 skipped). */
    static String stageCounts(JobSnapshot job) {
        StringBuilder sb = new StringBuilder().append(job.completedStages()).append('/').append(job.numStages() - job.skippedStages());
        if (job.skippedStages() > 0) {
            sb.append(" <span style=\"opacity:0.7\">(").append(job.skippedStages()).append(" skipped)</span>");
        }
        if (job.failedStages() > 0) {
            sb.append(" <span style=\"color:").append(Palette.ERROR.css).append("\">(").append(job.failedStages()).append(" failed)</span>");
        }
        return sb.toString();
    }

    static String taskCounts(int done, int total, int running, int failed, int skipped) {
        StringBuilder sb = new StringBuilder("<span style=\"opacity:0.85\">").append(done).append('/').append(total);
        if (skipped > 0) {
            sb.append(" (").append(skipped).append(" skipped)");
        }
        if (running > 0) {
            sb.append(" · ").append(running).append(" running");
        }
        if (failed > 0) {
            sb.append(" · <span style=\"color:").append(Palette.ERROR.css).append("\">").append(failed).append(" failed</span>");
        }
        return sb.append("</span>").toString();
    }

    static String badge(String text, String color) {
        return "<span style=\"background:" + color + ";color:#fff;border-radius:3px;padding:0 4px;font-size:10px;font-weight:600\">"
                + text + "</span>";
    }

    static Palette statusColor(JobStatus status) {
        return switch (status) {
            case RUNNING -> Palette.RUNNING;
            case SUCCEEDED -> Palette.SUCCESS;
            case FAILED -> Palette.ERROR;
            case CANCELLED -> Palette.WARNING;
        };
    }

    static Palette stageColor(StageStatus status) {
        return switch (status) {
            case ACTIVE -> Palette.RUNNING;
            case COMPLETE -> Palette.SUCCESS;
            case FAILED -> Palette.ERROR;
            case PENDING, SKIPPED -> Palette.MUTED;
        };
    }
}
