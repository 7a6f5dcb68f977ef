package io.jspark.kernel.cancel;

import io.jspark.display.MimeBundle;
import io.jspark.display.monitor.DisplaySink;
import io.jspark.kernel.widgets.Controls;
import io.jspark.kernel.widgets.Widget;
import io.jspark.kernel.widgets.WidgetProtocol;
import io.jspark.monitor.CellSnapshot;
import io.jspark.monitor.JobSnapshot;
import io.jspark.monitor.StageSnapshot;
import io.jspark.monitor.StageStatus;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.IntConsumer;

/**
 * One cell's cancel buttons: a row with one button for all of its running jobs, one per running job
 * and one per active stage, kept in step with the monitor's snapshots of the cell. A click cancels
 * only what the cell's latest snapshot shows running. Guarded by this object: snapshots come from
 * the buttons' thread and the cell's, clicks from the shell thread.
 */
final class CellButtons {
    private static final System.Logger LOG = System.getLogger(CellButtons.class.getName());
    /** Completes Spark's "Job 3 cancelled ...". */
    static final String JOB_REASON = "from the notebook";
    static final String FALLBACK = "Cancel buttons for this cell's Spark jobs show where ipywidgets is installed; "
            + "here, interrupt the kernel to cancel them.";

    private final String cellId;
    private final Controls controls;
    private final DisplaySink sink;
    private final CancelButtons.Spark spark;
    private final TreeMap<Integer, Controls.Button> jobButtons = new TreeMap<>();
    private final TreeMap<Integer, Controls.Button> stageButtons = new TreeMap<>();
    private final Set<Integer> cancelledJobs = new TreeSet<>();
    private final Set<Integer> cancelledStages = new TreeSet<>();
    private Controls.Box row;
    private Controls.Button all;
    private String displayId;
    private CellSnapshot latest;
    private boolean cellEnded;
    private boolean closed;

    CellButtons(String cellId, Controls controls, DisplaySink sink, CancelButtons.Spark spark) {
        this.cellId = cellId;
        this.controls = controls;
        this.sink = sink;
        this.spark = spark;
    }

    String cellId() {
        return cellId;
    }

    synchronized boolean isClosed() {
        return closed;
    }

    synchronized void cellEnded() {
        cellEnded = true;
    }

    /** Shows the buttons the snapshot calls for, once a job has run {@code showAfterMs}; ends them when all is done. */
    synchronized void show(CellSnapshot snapshot, long now, long showAfterMs) {
        if (closed) {
            return;
        }
        latest = snapshot;
        List<JobSnapshot> running = snapshot.jobs().stream().filter(j -> !j.isDone()).toList();
        if (running.isEmpty() && cellEnded) {
            end();
            return;
        }
        if (row == null) {
            long firstStart = running.stream().mapToLong(JobSnapshot::submissionTime).min().orElse(now);
            if (running.isEmpty() || now - firstStart < showAfterMs) {
                return;
            }
            open();
        }
        List<Widget> children = new ArrayList<>();
        if (!running.isEmpty()) {
            children.add(all.model());
        }
        keep(jobButtons, running.stream().map(JobSnapshot::jobId).toList(), id -> jobButtons.put(id, controls.button(
                "Cancel job " + id, tooltip(running, id), "warning")));
        List<StageSnapshot> active = snapshot.stages().stream().filter(s -> s.status() == StageStatus.ACTIVE).toList();
        keep(stageButtons, active.stream().map(StageSnapshot::stageId).toList(), id -> stageButtons.put(id, controls.button(
                "Cancel stage " + id, stageName(active, id), "")));
        jobButtons.forEach((id, button) -> {
            children.add(button.model());
            button.model().onCustom(content -> clicked(content, () -> cancelJob(id, button)));
        });
        stageButtons.forEach((id, button) -> {
            children.add(button.model());
            button.model().onCustom(content -> clicked(content, () -> cancelStage(id, button)));
        });
        row.setChildren(children);
    }

    /** Ends the buttons for good: plain text in their place, and their comms closed. */
    synchronized void end() {
        if (closed) {
            return;
        }
        closed = true;
        if (row == null) {
            return;
        }
        sink.update(cellId, displayId, MimeBundle.text(outcome()));
        row.close();
        all.close();
        jobButtons.values().forEach(Controls.Button::close);
        stageButtons.values().forEach(Controls.Button::close);
    }

    private void open() {
        row = controls.wrappingRow("jspark-cancel-buttons");
        all = controls.button("Cancel all", "Cancels every running Spark job of this cell", "danger");
        all.model().onCustom(content -> clicked(content, this::cancelAll));
        displayId = UUID.randomUUID().toString();
        sink.show(cellId, displayId, MimeBundle.builder()
                .put(MimeBundle.TEXT_PLAIN, FALLBACK)
                .put(WidgetProtocol.VIEW_MIME_TYPE, controls.viewData(row.model()))
                .build());
    }

    /** Closes the buttons of what no longer runs and makes those of what started. */
    private static void keep(TreeMap<Integer, Controls.Button> buttons, List<Integer> ids, IntConsumer make) {
        for (Iterator<Map.Entry<Integer, Controls.Button>> it = buttons.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Integer, Controls.Button> entry = it.next();
            if (!ids.contains(entry.getKey())) {
                entry.getValue().close();
                it.remove();
            }
        }
        for (int id : ids) {
            if (!buttons.containsKey(id)) {
                make.accept(id);
            }
        }
    }

    private void clicked(Map<String, Object> content, Runnable action) {
        if ("click".equals(content.get("event"))) {
            synchronized (this) {
                if (!closed) {
                    action.run();
                }
            }
        }
    }

    private void cancelAll() {
        List<Integer> running = latest.jobs().stream().filter(j -> !j.isDone()).map(JobSnapshot::jobId).toList();
        LOG.log(System.Logger.Level.INFO, "cancelling jobs " + running + " of cell " + cellId + " from the notebook");
        for (int jobId : running) {
            cancelledJobs.add(jobId);
            spark.cancelJob(jobId, JOB_REASON);
        }
        all.model().set(Map.of("disabled", true, "description", "Cancelling all"));
    }

    private void cancelJob(int jobId, Controls.Button button) {
        if (latest.jobs().stream().noneMatch(j -> j.jobId() == jobId && !j.isDone())) {
            return;
        }
        LOG.log(System.Logger.Level.INFO, "cancelling job " + jobId + " of cell " + cellId + " from the notebook");
        cancelledJobs.add(jobId);
        spark.cancelJob(jobId, JOB_REASON);
        button.model().set(Map.of("disabled", true, "description", "Cancelling job " + jobId));
    }

    private void cancelStage(int stageId, Controls.Button button) {
        if (latest.stages().stream().noneMatch(s -> s.stageId() == stageId && s.status() == StageStatus.ACTIVE)) {
            return;
        }
        LOG.log(System.Logger.Level.INFO, "cancelling stage " + stageId + " of cell " + cellId + " from the notebook");
        cancelledStages.add(stageId);
        spark.cancelStage(stageId, "stage " + stageId + " was cancelled " + JOB_REASON);
        button.model().set(Map.of("disabled", true, "description", "Cancelling stage " + stageId));
    }

    /** What the saved notebook keeps in the buttons' place: what was cancelled here, if anything. */
    private String outcome() {
        List<String> parts = new ArrayList<>();
        if (!cancelledJobs.isEmpty()) {
            parts.add((cancelledJobs.size() == 1 ? "job " : "jobs ") + join(cancelledJobs));
        }
        if (!cancelledStages.isEmpty()) {
            parts.add((cancelledStages.size() == 1 ? "stage " : "stages ") + join(cancelledStages));
        }
        return parts.isEmpty() ? "" : "Cancelled from the notebook: " + String.join(", ", parts) + ".";
    }

    private static String join(Set<Integer> ids) {
        return String.join(", ", ids.stream().map(String::valueOf).toList());
    }

    private static String tooltip(List<JobSnapshot> jobs, int jobId) {
        return jobs.stream().filter(j -> j.jobId() == jobId).map(j -> j.description() != null ? j.description() : j.callSite())
                .filter(java.util.Objects::nonNull).findFirst().orElse("");
    }

    private static String stageName(List<StageSnapshot> stages, int stageId) {
        return stages.stream().filter(s -> s.stageId() == stageId).map(StageSnapshot::name)
                .filter(java.util.Objects::nonNull).findFirst().orElse("");
    }
}
