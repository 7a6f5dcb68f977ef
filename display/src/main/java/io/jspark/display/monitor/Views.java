package io.jspark.display.monitor;

import io.jspark.display.Text;
import io.jspark.monitor.ExecutorSnapshot;
import io.jspark.monitor.TaskSnapshot;
import io.jspark.monitor.TaskStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The deeper views under the jobs table, each in a {@code <details>} fold so that nothing needs a
 * script: the event timeline, the task graph, executors, failed task attempts, and the Spark UI.
 */
final class Views {
    private static final String CELL = "padding:2px 6px;text-align:left;white-space:nowrap;";
    /** display:list-item keeps the disclosure triangle where a frontend's CSS resets summaries. */
    private static final String SUMMARY = "<summary style=\"display:list-item;cursor:pointer;font-weight:600;margin-top:4px\">";

    private Views() {
    }

    /**
     * While jobs run, an update replaces the whole output several times a second, closing any fold the
     * user opened: live updates carry the task graph, open, and a link to the Spark UI; the timeline
     * and the other views come with the final state, which stays.
     */
    static void append(StringBuilder h, SnapshotView view, String sparkUi, RenderLimits limits) {
        boolean live = !view.snapshot().allJobsDone();
        String graph = TaskGraphSvg.render(view);
        if (live) {
            if (!graph.isEmpty()) {
                h.append("<details class=\"jspark-tasks\" open>").append(SUMMARY).append("Tasks: running tasks and executor cores</summary>")
                        .append(graph).append("</details>");
            }
            h.append("<div style=\"opacity:0.75;margin-top:3px\">The timeline, executors and failed tasks appear when the jobs end");
            if (sparkUi != null && !sparkUi.isBlank()) {
                h.append("; meanwhile the <a href=\"").append(Text.escapeHtml(sparkUi)).append("/jobs/\" target=\"_blank\" rel=\"noopener\">Spark UI</a> has them");
            }
            h.append(".</div>");
            return;
        }
        String timeline = TimelineSvg.render(view, limits.timelineTasks());
        if (!timeline.isEmpty()) {
            h.append("<details class=\"jspark-timeline\">").append(SUMMARY).append("Timeline</summary>").append(timeline).append("</details>");
        }
        if (!graph.isEmpty()) {
            h.append("<details class=\"jspark-tasks\">").append(SUMMARY).append("Tasks: running tasks and executor cores</summary>")
                    .append(graph).append("</details>");
        }
        executors(h, view);
        failedTasks(h, view, limits.failedTasks());
        if (sparkUi != null && !sparkUi.isBlank()) {
            // An <object>, unlike an iframe, shows its fallback when the page cannot load: a saved notebook
            // opened after the kernel is gone shows the note instead of a dead frame, without any script.
            String jobs = Text.escapeHtml(sparkUi) + "/jobs/";
            h.append("<details class=\"jspark-ui\">").append(SUMMARY).append("Spark UI</summary>")
                    .append("<div style=\"margin:3px 0\"><a href=\"").append(jobs).append("\" target=\"_blank\" rel=\"noopener\">")
                    .append(Text.escapeHtml(sparkUi)).append("</a> (opens in a new tab; the UI lives only while the kernel that ran this cell runs)</div>")
                    .append("<object data=\"").append(jobs).append("\" type=\"text/html\" title=\"Spark UI\" ")
                    .append("style=\"width:100%;height:560px;border:1px solid rgba(128,128,128,0.35);border-radius:3px;background:#fff\">")
                    .append("<div class=\"jspark-ui-gone\" style=\"padding:8px;color:#333\">The Spark UI is not reachable here: it is served by the")
                    .append(" kernel while it runs, so it is gone once the kernel stops. Run the cell again to see it.</div></object>")
                    .append("</details>");
        }
    }

    private static void executors(StringBuilder h, SnapshotView view) {
        List<ExecutorSnapshot> executors = view.executors();
        if (executors.isEmpty()) {
            return;
        }
        h.append("<details class=\"jspark-executors\">").append(SUMMARY).append("Executors (").append(view.activeExecutors())
                .append(" active").append(executors.size() > view.activeExecutors() ? ", " + (executors.size() - view.activeExecutors()) + " removed" : "")
                .append(")</summary><table style=\"border-collapse:collapse;font-size:11px\"><tr>");
        for (String column : List.of("Executor", "Host", "Cores", "Active", "Completed", "Failed", "Added", "Removed")) {
            h.append("<th style=\"").append(CELL).append("font-weight:600;opacity:0.75\">").append(column).append("</th>");
        }
        h.append("</tr>");
        for (ExecutorSnapshot e : executors) {
            h.append("<tr style=\"border-top:1px solid rgba(128,128,128,0.3)").append(e.isActive() ? "" : ";opacity:0.7").append("\">");
            for (String value : List.of(e.executorId(), e.host(), Integer.toString(e.totalCores()), Integer.toString(e.activeTasks()),
                    Integer.toString(e.completedTasks()), Integer.toString(e.failedTasks()), Format.clock(e.addTime()))) {
                h.append("<td style=\"").append(CELL).append("\">").append(Text.escapeHtml(value)).append("</td>");
            }
            h.append("<td style=\"").append(CELL).append("white-space:normal\">");
            if (!e.isActive()) {
                h.append(Format.clock(e.removeTime())).append(' ').append(MonitorHtml.badge("REMOVED", Palette.ERROR.hex));
                if (e.removeReason() != null) {
                    h.append(" <span style=\"opacity:0.8\">").append(Text.escapeHtml(Text.firstLine(e.removeReason(), 200))).append("</span>");
                }
            }
            h.append("</td></tr>");
        }
        h.append("</table></details>");
    }

    private static void failedTasks(StringBuilder h, SnapshotView view, int shownAtMost) {
        Map<String, List<TaskSnapshot>> byStage = new TreeMap<>();
        int count = 0;
        for (TaskSnapshot t : view.snapshot().tasks()) {
            if (t.status() == TaskStatus.FAILED || t.status() == TaskStatus.KILLED) {
                byStage.computeIfAbsent(String.format("%08d.%04d", t.stageId(), t.stageAttempt()), k -> new ArrayList<>()).add(t);
                count++;
            }
        }
        if (count == 0) {
            return;
        }
        h.append("<details class=\"jspark-failed\">").append(SUMMARY).append("<span style=\"color:").append(Palette.ERROR.css)
                .append("\">Failed tasks (").append(count).append(")</span></summary>");
        int shown = 0;
        for (List<TaskSnapshot> tasks : byStage.values()) {
            if (shown >= shownAtMost) {
                break;
            }
            TaskSnapshot first = tasks.get(0);
            h.append("<div style=\"margin:3px 0 1px 0;font-weight:600\">Stage ").append(first.stageId())
                    .append(first.stageAttempt() > 0 ? " (retry " + first.stageAttempt() + ")" : "").append("</div>");
            for (TaskSnapshot t : tasks) {
                if (shown++ >= shownAtMost) {
                    break;
                }
                h.append("<div style=\"margin-left:10px;white-space:pre-wrap;font-family:monospace;font-size:11px\">task ")
                        .append(t.index()).append('.').append(t.attempt()).append(" on exec ").append(Text.escapeHtml(t.executorId()))
                        .append(t.status() == TaskStatus.KILLED ? " killed: " : " failed: ")
                        .append(Text.escapeHtml(firstLines(t.errorMessage(), 3))).append("</div>");
            }
        }
        if (count > shownAtMost) {
            h.append("<div style=\"opacity:0.7\">").append(count - shownAtMost).append(" more failed attempts not listed</div>");
        }
        h.append("</details>");
    }

    private static String firstLines(String text, int lines) {
        if (text == null) {
            return "";
        }
        List<String> kept = text.strip().lines().limit(lines).map(l -> Text.truncate(l, 200)).toList();
        return String.join("\n", kept);
    }
}
