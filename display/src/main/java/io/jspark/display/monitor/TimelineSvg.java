package io.jspark.display.monitor;

import io.jspark.display.Text;
import io.jspark.monitor.ExecutorSnapshot;
import io.jspark.monitor.JobSnapshot;
import io.jspark.monitor.JobStatus;
import io.jspark.monitor.StageSnapshot;
import io.jspark.monitor.TaskSnapshot;
import io.jspark.monitor.TaskStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The event timeline as inline SVG: a lane of jobs, a lane of stages, and the tasks in lanes per
 * executor, one row per concurrently busy slot. Finished task bars are split into the phases Spark's
 * own timeline shows; every bar has a hover title. Failed tasks are outlined red, killed ones grey.
 */
final class TimelineSvg {
    static final String[] PHASES = {"scheduler delay", "task deserialization", "shuffle read", "executor computing",
        "shuffle write", "result serialization", "getting result"};
    static final String[] PHASE_COLORS = {"#80b1d3", "#fb8072", "#fdb462", "#b3de69", "#ffed6f", "#bc80bd", "#8dd3c7"};
    private static final int WIDTH = 900;
    private static final int LABEL = 120;
    private static final int PLOT = WIDTH - LABEL - 10;
    private static final int AXIS = 18;
    private static final int BAR = 12;
    private static final int TASK = 9;
    private static final int MAX_ROWS = 16;

    private TimelineSvg() {
    }

    /** The axis spans the whole cell, as the task graph does; jobs drawn compactly in the table are one bar per group. */
    static String render(SnapshotView view, int taskBudget) {
        long now = view.snapshot().time();
        if (view.snapshot().jobs().isEmpty()) {
            return "";
        }
        long t0 = view.start();
        long t1 = Math.max(t0, view.end());
        // Task bars of the jobs drawn in full only: the selection keeps a bar for every stage it is given.
        java.util.Set<Integer> fullStages = new java.util.HashSet<>();
        view.stagesByJob().values().forEach(list -> list.forEach(st -> fullStages.add(st.stageId())));
        List<TaskSnapshot> ofFullJobs = view.snapshot().tasks().stream().filter(t -> fullStages.contains(t.stageId())).toList();
        TaskSelection selection = TaskSelection.of(ofFullJobs, taskBudget, now);
        for (TaskSnapshot t : selection.drawn()) {
            t0 = Math.min(t0, t.launchTime());
            t1 = Math.max(t1, t.finishTime() < 0 ? now : t.finishTime());
        }
        Scale x = new Scale(t0, Math.max(1, t1 - t0));
        StringBuilder body = new StringBuilder();
        int y = AXIS;

        List<long[]> jobSpans = new ArrayList<>();
        List<JobBar> jobBars = new ArrayList<>();
        for (JobTable.Entry entry : view.table().entries()) {
            if (entry instanceof JobTable.Full full) {
                JobSnapshot j = full.job();
                long end = j.completionTime() > 0 ? j.completionTime() : now;
                jobSpans.add(new long[] {j.submissionTime(), end});
                jobBars.add(new JobBar(MonitorHtml.statusColor(j.status()).hex, "Job " + j.jobId(), "Job " + j.jobId() + " · "
                        + j.status() + " · " + Format.duration(end - j.submissionTime()) + " · " + MonitorHtml.title(j)));
            } else {
                JobTable.Group g = (JobTable.Group) entry;
                jobSpans.add(new long[] {g.start(), g.end(now)});
                jobBars.add(new JobBar(g.count(JobStatus.SUCCEEDED) == g.jobs().size() ? Palette.SUCCESS.hex : Palette.MUTED.hex,
                        "Jobs " + g.first().jobId() + "–" + g.last().jobId(), JobGroupHtml.summary(g, now)));
            }
        }
        int[] jobRows = pack(jobSpans, 4);
        lane(body, y, rows(jobRows) * (BAR + 2), "Jobs");
        for (int i = 0; i < jobSpans.size(); i++) {
            long[] span = jobSpans.get(i);
            JobBar bar = jobBars.get(i);
            bar(body, x, span[0], span[1], y + jobRows[i] * (BAR + 2), BAR, bar.color(), bar.label(), bar.title());
        }
        y += rows(jobRows) * (BAR + 2) + 4;

        List<StageSnapshot> stages = new ArrayList<>();
        view.stagesByJob().values().forEach(list -> list.stream()
                .filter(s -> s.submissionTime() > 0 && !stages.contains(s)).forEach(stages::add));
        List<long[]> stageSpans = new ArrayList<>();
        for (StageSnapshot s : stages) {
            stageSpans.add(new long[] {s.submissionTime(), s.completionTime() > 0 ? s.completionTime() : now});
        }
        int[] stageRows = pack(stageSpans, 6);
        lane(body, y, Math.max(1, rows(stageRows)) * (BAR + 2), "Stages");
        for (int i = 0; i < stages.size(); i++) {
            StageSnapshot s = stages.get(i);
            long[] span = stageSpans.get(i);
            String id = s.stageId() + (s.attemptId() > 0 ? "." + s.attemptId() : "");
            bar(body, x, span[0], span[1], y + stageRows[i] * (BAR + 2), BAR, MonitorHtml.stageColor(s.status()).hex,
                    "Stage " + id, "Stage " + id + " · " + s.status() + " · " + s.numTasks() + " tasks · "
                            + Format.duration(span[1] - span[0]) + " · " + s.name());
        }
        y += Math.max(1, rows(stageRows)) * (BAR + 2) + 4;

        Map<String, List<TaskSnapshot>> byExecutor = new LinkedHashMap<>();
        for (TaskSnapshot t : selection.drawn()) {
            byExecutor.computeIfAbsent(t.executorId(), k -> new ArrayList<>()).add(t);
        }
        for (Map.Entry<String, List<TaskSnapshot>> e : byExecutor.entrySet()) {
            List<TaskSnapshot> tasks = e.getValue();
            List<long[]> spans = new ArrayList<>();
            for (TaskSnapshot t : tasks) {
                spans.add(new long[] {t.launchTime(), t.finishTime() < 0 ? now : t.finishTime()});
            }
            int[] slots = pack(spans, Math.max(1, Math.min(MAX_ROWS, cores(view, e.getKey()))));
            int height = rows(slots) * (TASK + 1);
            lane(body, y, height, executorLabel(view, e.getKey(), tasks.get(0).host()));
            for (int i = 0; i < tasks.size(); i++) {
                task(body, x, tasks.get(i), spans.get(i), y + slots[i] * (TASK + 1));
            }
            y += height + 4;
        }

        StringBuilder svg = new StringBuilder(body.length() + 2048);
        int height = y + 34;
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" style=\"max-width:100%;height:auto;font-family:sans-serif\" role=\"img\">");
        axis(svg, x, y);
        svg.append(body);
        legend(svg, y + 8);
        svg.append("</svg>");
        if (selection.summarised() > 0) {
            svg.append("<div style=\"opacity:0.75\">").append(selection.drawn().size()).append(" task bars drawn; ")
                    .append(selection.summarised()).append(" tasks summarised by the counts above, not drawn")
                    .append(view.snapshot().omittedTasks() > 0 ? " (and " + view.snapshot().omittedTasks() + " not kept as records)" : "")
                    .append(". Every stage and executor is shown, with its slowest tasks.</div>");
        }
        return svg.toString();
    }

    /** Rows of an executor's lane: one per core; task ends reach the driver late, so bars may touch. */
    private static int cores(SnapshotView view, String executorId) {
        for (ExecutorSnapshot e : view.snapshot().executors()) {
            if (e.executorId().equals(executorId)) {
                return e.totalCores();
            }
        }
        return MAX_ROWS;
    }

    private static String executorLabel(SnapshotView view, String executorId, String host) {
        for (ExecutorSnapshot e : view.snapshot().executors()) {
            if (e.executorId().equals(executorId)) {
                return "exec " + executorId + " · " + Format.count(e.totalCores(), "core") + (e.isActive() ? "" : " · removed");
            }
        }
        return "exec " + executorId + " · " + host;
    }

    private static void task(StringBuilder s, Scale x, TaskSnapshot t, long[] span, int y) {
        double x0 = x.at(span[0]);
        double width = Math.max(0.6, x.at(span[1]) - x0);
        s.append("<g class=\"t\"><title>").append(Text.escapeHtml(title(t, span[1] - span[0]))).append("</title>");
        if (t.status() == TaskStatus.RUNNING) {
            Svg.rect(s, x0, y, width, TASK, Palette.RUNNING.hex + "\" fill-opacity=\"0.45");
        } else if (t.status() == TaskStatus.KILLED) {
            Svg.rect(s, x0, y, width, TASK, "#9ca3af");
        } else {
            long[] phases = phases(t);
            double total = Math.max(1, span[1] - span[0]);
            double at = x0;
            for (int p = 0; p < phases.length; p++) {
                if (phases[p] > 0) {
                    double w = width * phases[p] / total;
                    Svg.rect(s, at, y, w, TASK, PHASE_COLORS[p]);
                    at += w;
                }
            }
            if (t.status() == TaskStatus.FAILED) {
                s.append("<rect x=\"").append(Svg.num(x0)).append("\" y=\"").append(y).append("\" width=\"").append(Svg.num(width))
                        .append("\" height=\"").append(TASK).append("\" fill=\"none\" stroke=\"" + Palette.ERROR.hex + "\" stroke-width=\"1.5\"/>");
            }
        }
        s.append("</g>");
    }

    static long[] phases(TaskSnapshot t) {
        return new long[] {t.schedulerDelay(), t.deserializationTime(), t.shuffleReadTime(), t.computeTime(),
            t.shuffleWriteTime(), t.resultSerializationTime(), t.gettingResultTime()};
    }

    private static String title(TaskSnapshot t, long duration) {
        StringBuilder sb = new StringBuilder("task ").append(t.taskId()).append(" (index ").append(t.index());
        if (t.attempt() > 0) {
            sb.append(", attempt ").append(t.attempt());
        }
        sb.append(t.speculative() ? ", speculative" : "").append(") · stage ").append(t.stageId()).append('.').append(t.stageAttempt())
                .append(" · exec ").append(t.executorId()).append(" @ ").append(t.host()).append(" · ")
                .append(t.status() == TaskStatus.RUNNING ? "running " : "").append(Format.duration(duration));
        if (t.status() != TaskStatus.RUNNING) {
            long[] phases = phases(t);
            for (int p = 0; p < phases.length; p++) {
                if (phases[p] > 0) {
                    sb.append(p == 0 ? " · " : ", ").append(PHASES[p]).append(' ').append(phases[p]).append(" ms");
                }
            }
        }
        if (t.status() == TaskStatus.FAILED || t.status() == TaskStatus.KILLED) {
            sb.append(" · ").append(t.status()).append(t.errorMessage() == null ? "" : ": " + Text.firstLine(t.errorMessage(), 160));
        }
        return sb.toString();
    }

    private static void bar(StringBuilder s, Scale x, long start, long end, int y, int h, String color, String label, String title) {
        double x0 = x.at(start);
        double w = Math.max(0.6, x.at(end) - x0);
        s.append("<g><title>").append(Text.escapeHtml(Text.firstLine(title, 200))).append("</title>");
        // Opaque, so that the white label reads on the bar whatever the theme's background.
        Svg.rect(s, x0, y, w, h, color);
        if (w > label.length() * 6 + 4) {
            s.append("<text x=\"").append(Svg.num(x0 + 3)).append("\" y=\"").append(y + h - 3)
                    .append("\" font-size=\"9\" fill=\"#fff\">").append(Text.escapeHtml(label)).append("</text>");
        }
        s.append("</g>");
    }

    private static void lane(StringBuilder s, int y, int height, String label) {
        s.append("<rect x=\"0\" y=\"").append(y - 1).append("\" width=\"").append(WIDTH).append("\" height=\"").append(height + 2)
                .append("\" fill=\"rgba(128,128,128,0.07)\"/>");
        Svg.text(s, 4, y + Math.min(height, 12) - 2, label, "");
    }

    private static void axis(StringBuilder s, Scale x, int bottom) {
        long step = Svg.tickStep(x.span, 8);
        for (long t = 0; t <= x.span; t += step) {
            double px = x.at(x.start + t);
            s.append("<line x1=\"").append(Svg.num(px)).append("\" x2=\"").append(Svg.num(px)).append("\" y1=\"12\" y2=\"").append(bottom)
                    .append("\" stroke=\"rgba(128,128,128,0.25)\"/>");
            Svg.text(s, px + 2, 10, Format.duration(t), "");
        }
    }

    private static void legend(StringBuilder s, int y) {
        double at = LABEL;
        for (int p = 0; p < PHASES.length; p++) {
            Svg.rect(s, at, y, 10, 10, PHASE_COLORS[p]);
            Svg.text(s, at + 13, y + 9, PHASES[p], "");
            at += 20 + PHASES[p].length() * 5.2;
        }
        s.append("<rect x=\"").append(LABEL).append("\" y=\"").append(y + 14).append("\" width=\"10\" height=\"10\" fill=\"none\" stroke=\"" + Palette.ERROR.hex + "\" stroke-width=\"1.5\"/>");
        Svg.text(s, LABEL + 13, y + 23, "failed", "");
        Svg.rect(s, LABEL + 60, y + 14, 10, 10, "#9ca3af");
        Svg.text(s, LABEL + 73, y + 23, "killed", "");
        Svg.rect(s, LABEL + 120, y + 14, 10, 10, Palette.RUNNING.hex + "\" fill-opacity=\"0.45");
        Svg.text(s, LABEL + 133, y + 23, "running", "");
    }

    /** Greedy interval packing: each span gets the first row free at its start; rows beyond max share the last. */
    static int[] pack(List<long[]> spans, int maxRows) {
        Integer[] order = new Integer[spans.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Long.compare(spans.get(a)[0], spans.get(b)[0]));
        List<Long> rowEnds = new ArrayList<>();
        int[] rows = new int[spans.size()];
        for (int i : order) {
            long[] span = spans.get(i);
            int row = -1;
            for (int r = 0; r < rowEnds.size(); r++) {
                if (rowEnds.get(r) <= span[0]) {
                    row = r;
                    break;
                }
            }
            if (row < 0) {
                row = rowEnds.size() < maxRows ? rowEnds.size() : maxRows - 1;
                if (row == rowEnds.size()) {
                    rowEnds.add(span[1]);
                }
            }
            rowEnds.set(row, Math.max(rowEnds.get(row), span[1]));
            rows[i] = row;
        }
        return rows;
    }

    private static int rows(int[] assigned) {
        int max = 0;
        for (int r : assigned) {
            max = Math.max(max, r + 1);
        }
        return Math.max(1, max);
    }

    private record Scale(long start, long span) {
        double at(long time) {
            return LABEL + (time - start) * (double) PLOT / span;
        }
    }

    /** A bar of the jobs lane: one job drawn in full, or a group of jobs the table draws compactly. */
    private record JobBar(String color, String label, String title) {
    }
}
