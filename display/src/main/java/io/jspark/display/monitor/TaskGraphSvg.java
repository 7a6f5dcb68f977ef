package io.jspark.display.monitor;

import io.jspark.display.Text;
import io.jspark.monitor.ActivityPoint;
import io.jspark.monitor.JobSnapshot;
import java.util.List;

/**
 * Running tasks against available executor cores over the cell's time, as two step areas, with a
 * marker where each job starts and ends: an idle or under-used cluster shows as the gap between them.
 */
final class TaskGraphSvg {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 150;
    private static final int LEFT = 40;
    private static final int TOP = 10;
    private static final int PLOT_W = WIDTH - LEFT - 10;
    private static final int PLOT_H = HEIGHT - TOP - 34;

    private TaskGraphSvg() {
    }

    static String render(SnapshotView view) {
        List<ActivityPoint> points = view.activity();
        if (points.size() < 2) {
            return "";
        }
        long t0 = points.get(0).time();
        long span = Math.max(1, points.get(points.size() - 1).time() - t0);
        int max = 1;
        for (ActivityPoint p : points) {
            max = Math.max(max, Math.max(running(p), p.totalCores()));
        }
        StringBuilder s = new StringBuilder(8192);
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" style=\"max-width:100%;height:auto;font-family:sans-serif\" role=\"img\">");
        for (int tick = 0; tick <= max; tick += Math.max(1, (int) Svg.tickStep(max, 4))) {
            double y = y(tick, max);
            s.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - 10).append("\" y1=\"").append(Svg.num(y))
                    .append("\" y2=\"").append(Svg.num(y)).append("\" stroke=\"rgba(128,128,128,0.2)\"/>");
            Svg.text(s, 4, y + 3, Integer.toString(tick), "");
        }
        area(s, points, t0, span, max, true, "#9ca3af", "0.35");
        area(s, points, t0, span, max, false, Palette.RUNNING.hex, "0.6");
        // Markers for the jobs drawn in full; thousands of markers would say nothing and outgrow the update.
        for (JobSnapshot job : view.fullJobs()) {
            marker(s, job.submissionTime(), t0, span, Palette.SUCCESS.hex, "Job " + job.jobId() + " starts");
            if (job.completionTime() > 0) {
                marker(s, job.completionTime(), t0, span, MonitorHtml.statusColor(job.status()).hex,
                        "Job " + job.jobId() + " ends " + job.status());
            }
        }
        long step = Svg.tickStep(span, 8);
        for (long t = 0; t <= span; t += step) {
            Svg.text(s, x(t0 + t, t0, span), HEIGHT - 22, Format.duration(t), " text-anchor=\"middle\"");
        }
        int legendY = HEIGHT - 10;
        Svg.rect(s, LEFT, legendY - 8, 10, 10, "#9ca3af\" fill-opacity=\"0.35");
        Svg.text(s, LEFT + 13, legendY + 1, "executor cores", "");
        Svg.rect(s, LEFT + 110, legendY - 8, 10, 10, Palette.RUNNING.hex + "\" fill-opacity=\"0.6");
        Svg.text(s, LEFT + 123, legendY + 1, "running tasks", "");
        s.append("<line x1=\"").append(LEFT + 220).append("\" x2=\"").append(LEFT + 220).append("\" y1=\"").append(legendY - 8)
                .append("\" y2=\"").append(legendY + 2).append("\" stroke=\"").append(Palette.SUCCESS.hex).append("\" stroke-dasharray=\"3,2\"/>");
        Svg.text(s, LEFT + 225, legendY + 1, "job start / end", "");
        s.append("</svg>");
        return s.toString();
    }

    private static void area(StringBuilder s, List<ActivityPoint> points, long t0, long span, int max, boolean cores,
            String color, String opacity) {
        StringBuilder d = new StringBuilder("M").append(LEFT).append(',').append(Svg.num(y(0, max)));
        double lastY = y(0, max);
        for (ActivityPoint p : points) {
            double px = x(p.time(), t0, span);
            double py = y(cores ? p.totalCores() : running(p), max);
            d.append('L').append(Svg.num(px)).append(',').append(Svg.num(lastY)).append('L').append(Svg.num(px)).append(',').append(Svg.num(py));
            lastY = py;
        }
        d.append('L').append(WIDTH - 10).append(',').append(Svg.num(lastY)).append('L').append(WIDTH - 10).append(',')
                .append(Svg.num(y(0, max))).append('Z');
        s.append("<path d=\"").append(d).append("\" fill=\"").append(color).append("\" fill-opacity=\"").append(opacity).append("\"/>");
    }

    private static void marker(StringBuilder s, long time, long t0, long span, String color, String title) {
        double px = x(time, t0, span);
        s.append("<line x1=\"").append(Svg.num(px)).append("\" x2=\"").append(Svg.num(px)).append("\" y1=\"").append(TOP)
                .append("\" y2=\"").append(TOP + PLOT_H).append("\" stroke=\"").append(color)
                .append("\" stroke-dasharray=\"3,2\"><title>").append(Text.escapeHtml(title)).append("</title></line>");
    }

    /**
     * The driver hears of a slot's next task before the end of the one it replaces, so counted running
     * tasks overshoot the cores for a moment; a slot cannot run two tasks, so the graph caps them.
     */
    private static int running(ActivityPoint p) {
        return p.totalCores() > 0 ? Math.min(p.activeTasks(), p.totalCores()) : p.activeTasks();
    }

    private static double x(long time, long t0, long span) {
        return LEFT + Math.max(0, Math.min(span, time - t0)) * (double) PLOT_W / span;
    }

    private static double y(int value, int max) {
        return TOP + PLOT_H - value * (double) PLOT_H / max;
    }
}
