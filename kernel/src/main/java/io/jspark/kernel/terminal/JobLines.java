package io.jspark.kernel.terminal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jline.utils.AttributedString;

/**
 * The terminal's view of a cell's monitor snapshot (the {@code application/vnd.sparkmonitor+json}
 * form the kernel publishes): a progress line per running job while a statement runs, and a
 * one-line summary per job when it ends.
 */
final class JobLines {
    private static final int MIN_BAR = 10;
    private static final int MAX_BAR = 30;
    private static final int MAX_REASON = 200;

    private JobLines() {
    }

    /** A line per job that has not ended, each at most {@code width} columns. */
    static List<String> running(JsonNode snapshot, int width) {
        List<String> lines = new ArrayList<>();
        for (JsonNode job : snapshot.path("jobs")) {
            if (job.path("status").asText().equals("RUNNING")) {
                lines.add(cut(progress(job, width), width));
            }
        }
        return lines;
    }

    /** {@code Job 3 SUCCEEDED 2/2 stages 200/200 tasks 1.4 s count at line 1}, a line per job. */
    static List<String> summaries(JsonNode snapshot) {
        List<String> lines = new ArrayList<>();
        for (JsonNode job : snapshot.path("jobs")) {
            String status = job.path("status").asText();
            StringBuilder line = new StringBuilder("Job ").append(job.path("id").asInt()).append(' ').append(status).append(' ')
                    .append(stages(job)).append(" stages ").append(tasks(job)).append(" tasks ").append(duration(job))
                    .append(' ').append(name(job));
            // A cancelled job's reason is Spark's bookkeeping (the job group or tag); a failure's is worth a line.
            String reason = job.path("failure_reason").asText("");
            if (status.equals("FAILED") && !reason.isEmpty()) {
                line.append(": ").append(reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) + "…" : reason);
            }
            lines.add(line.toString());
        }
        int omitted = snapshot.path("omitted").path("jobs").asInt(0);
        if (omitted > 0) {
            lines.add("(" + omitted + " more jobs not shown; the Spark UI lists them)");
        }
        return lines;
    }

    private static String progress(JsonNode job, int width) {
        int total = Math.max(job.path("num_tasks").asInt(), 0);
        int done = job.path("completed_tasks").asInt() + job.path("skipped_tasks").asInt();
        int active = job.path("active_tasks").asInt();
        int failed = job.path("failed_tasks").asInt();
        String head = "Job " + job.path("id").asInt() + " ";
        StringBuilder counts = new StringBuilder(" ").append(done).append('/').append(total).append(" tasks");
        if (active > 0 || failed > 0) {
            counts.append(" (").append(active).append(" running");
            if (failed > 0) {
                counts.append(", ").append(failed).append(" failed");
            }
            counts.append(')');
        }
        counts.append(", stage ").append(stages(job)).append(' ');
        int barWidth = Math.max(MIN_BAR, Math.min(MAX_BAR, width - head.length() - counts.length() - 20));
        return head + bar(done, active, failed, total, barWidth) + counts + name(job);
    }

    /** {@code [=====>    ]}: done tasks as '=', running ones as '>', failed ones as 'x'. */
    static String bar(int done, int active, int failed, int total, int width) {
        StringBuilder bar = new StringBuilder("[");
        int inside = width - 2;
        int doneCells = total == 0 ? 0 : (int) ((long) Math.min(done, total) * inside / total);
        int activeCells = total == 0 ? 0 : Math.min(inside - doneCells, (int) Math.ceil((double) active * inside / total));
        int failedCells = failed == 0 ? 0 : Math.max(1, Math.min(inside - doneCells - activeCells, failed * inside / Math.max(total, 1)));
        bar.append("=".repeat(doneCells)).append(">".repeat(activeCells)).append("x".repeat(Math.max(0, failedCells)));
        bar.append(" ".repeat(Math.max(0, inside - doneCells - activeCells - failedCells))).append(']');
        return bar.toString();
    }

    private static String stages(JsonNode job) {
        int total = job.path("num_stages").asInt();
        int done = job.path("completed_stages").asInt() + job.path("skipped_stages").asInt();
        return done + "/" + total;
    }

    private static String tasks(JsonNode job) {
        return (job.path("completed_tasks").asInt() + job.path("skipped_tasks").asInt()) + "/" + job.path("num_tasks").asInt();
    }

    private static String duration(JsonNode job) {
        long start = job.path("submission_time").asLong(0);
        long end = job.path("completion_time").asLong(0);
        if (start <= 0 || end < start) {
            return "-";
        }
        double seconds = (end - start) / 1000.0;
        return seconds < 60 ? String.format(Locale.ROOT, "%.1f s", seconds)
                : String.format(Locale.ROOT, "%d min %d s", (long) seconds / 60, (long) seconds % 60);
    }

    private static String name(JsonNode job) {
        String description = job.path("description").asText("");
        return (description.isEmpty() ? job.path("call_site").asText("") : description).replaceAll("\\s+", " ").strip();
    }

    /** Cut to {@code width} terminal columns (wide characters take two), so that no line wraps. */
    private static String cut(String line, int width) {
        AttributedString text = new AttributedString(line);
        return text.columnLength() <= width ? line : text.columnSubSequence(0, Math.max(0, width - 1)).toString() + "…";
    }
}
