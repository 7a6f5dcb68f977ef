package io.jspark.kernel.cancel;

import io.jspark.display.MimeBundle;
import io.jspark.display.monitor.DisplaySink;
import io.jspark.kernel.widgets.Controls;
import io.jspark.kernel.widgets.Widget;
import io.jspark.kernel.widgets.WidgetProtocol;
import io.jspark.monitor.CellSnapshot;
import io.jspark.monitor.JobSnapshot;
import io.jspark.monitor.JobStatus;
import io.jspark.monitor.MonitorModel;
import io.jspark.monitor.StageSnapshot;
import io.jspark.monitor.StageStatus;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One cell's cancel buttons: a row with one button for all of its running jobs, one per job and
 * one per stage that has run {@value CancelButtons#SHOW_AFTER_MS} ms (at most {@value #MAX_BUTTONS}
 * of each), kept in step with the monitor's model of the cell and with what Spark says is active. A
 * stage shared with another cell's running job gets no button: cancelling it would cancel that job
 * too. Guarded by this object: refreshes come from the buttons' thread and the cell's, clicks from
 * the shell thread.
 */
final class CellButtons {
    private static final System.Logger LOG = System.getLogger(CellButtons.class.getName());
    static final int MAX_BUTTONS = 12;
    /** Completes Spark's "Job 3 cancelled ...". */
    static final String JOB_REASON = "from the notebook";
    static final String FALLBACK = "Cancel buttons for this cell's Spark jobs show where ipywidgets is installed; "
            + "here, interrupt the kernel to cancel them.";
    private static final Pattern STAGE_REASON = Pattern.compile("because stage (\\d+) was cancelled from the notebook");

    private final String cellId;
    private final Controls controls;
    private final DisplaySink sink;
    private final CancelButtons.Spark spark;
    private final TreeMap<Integer, Controls.Button> jobButtons = new TreeMap<>();
    private final TreeMap<Integer, Controls.Button> stageButtons = new TreeMap<>();
    /** Jobs a click on Cancel all asked Spark to cancel; the button is disabled while only they run. */
    private final Set<Integer> cancellingAll = new HashSet<>();
    private Controls.Box row;
    private Controls.Button all;
    private String displayId;
    /** The jobs and stages the last refresh found running, Spark's word included; what a click may cancel. */
    private Set<Integer> runningJobs = Set.of();
    private Set<Integer> cancellableStages = Set.of();
    private long seenVersion = -1;
    /** Whether something runs that has no button yet, so that time alone may call for one. */
    private boolean waiting;
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

    /** Brings the buttons in step with the model; the snapshot is taken under this lock, so refreshes apply in order. */
    synchronized void refresh(MonitorModel model, long now, long showAfterMs, boolean force) {
        // The model's version, not the cell's: another cell's job that starts to share a stage changes what may be cancelled.
        long version = model.version();
        if (closed || (!force && !waiting && version == seenVersion)) {
            return;
        }
        seenVersion = version;
        Optional<CellSnapshot> found = model.snapshot(cellId, false);
        if (found.isEmpty()) {
            end(null);
            return;
        }
        CellSnapshot snapshot = found.get();
        Set<Integer> active = spark.activeJobIds();
        List<JobSnapshot> inModel = snapshot.jobs().stream().filter(j -> !j.isDone()).toList();
        // Spark's status store and the monitor hear of a job from different listener queues.
        List<JobSnapshot> running = inModel.stream().filter(j -> active.contains(j.jobId())).toList();
        if (running.isEmpty() && cellEnded) {
            end(snapshot);
            return;
        }
        runningJobs = new HashSet<>(running.stream().map(JobSnapshot::jobId).toList());
        Set<Integer> cellJobs = new HashSet<>(snapshot.jobs().stream().map(JobSnapshot::jobId).toList());
        List<StageSnapshot> stages = snapshot.stages().stream()
                .filter(s -> s.status() == StageStatus.ACTIVE
                        && s.jobIds().stream().allMatch(id -> cellJobs.contains(id) || !active.contains(id)))
                .toList();
        cancellableStages = new HashSet<>(stages.stream().map(StageSnapshot::stageId).toList());
        Map<Integer, String> jobsDue = due(running, JobSnapshot::jobId, JobSnapshot::submissionTime, CellButtons::title, now, showAfterMs);
        Map<Integer, String> stagesDue = due(stages, StageSnapshot::stageId, StageSnapshot::submissionTime, StageSnapshot::name,
                now, showAfterMs);
        waiting = running.size() < inModel.size() || jobsDue.size() < Math.min(running.size(), MAX_BUTTONS)
                || stagesDue.size() < Math.min(stages.size(), MAX_BUTTONS);
        if (row == null) {
            if (jobsDue.isEmpty()) {
                return;
            }
            open();
        }
        cancellingAll.retainAll(runningJobs);
        boolean allCancelling = !cancellingAll.isEmpty() && cancellingAll.containsAll(runningJobs);
        all.model().set(Map.of("disabled", allCancelling, "description", allCancelling ? "Cancelling all" : "Cancel all"));
        List<Controls.Button> removed = new ArrayList<>();
        keep(jobButtons, jobsDue, removed, (id, title) -> controls.button("Cancel job " + id, title, "warning"),
                (id, button) -> () -> cancelJob(id, button));
        keep(stageButtons, stagesDue, removed, (id, title) -> controls.button("Cancel stage " + id, title, ""),
                (id, button) -> () -> cancelStage(id, button));
        List<Widget> children = new ArrayList<>();
        if (!running.isEmpty()) {
            children.add(all.model());
        }
        jobButtons.values().forEach(b -> children.add(b.model()));
        stageButtons.values().forEach(b -> children.add(b.model()));
        row.setChildren(children);
        removed.forEach(Controls.Button::close);
    }

    /**
     * Ends the buttons for good: plain text in their place (what was cancelled from here, as the
     * final snapshot says), and their comms closed.
     */
    synchronized void end(CellSnapshot last) {
        if (closed) {
            return;
        }
        closed = true;
        if (row == null) {
            return;
        }
        sink.update(cellId, displayId, MimeBundle.text(last == null ? "" : outcome(last)));
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

    /** Of the running things, the first {@value #MAX_BUTTONS} that have run {@code showAfterMs}, by id with their titles. */
    private static <T> Map<Integer, String> due(List<T> items, Function<T, Integer> id, Function<T, Long> started,
            Function<T, String> title, long now, long showAfterMs) {
        Map<Integer, String> due = new LinkedHashMap<>();
        for (T item : items) {
            long start = started.apply(item);
            if (due.size() < MAX_BUTTONS && start > 0 && now - start >= showAfterMs) {
                due.putIfAbsent(id.apply(item), title.apply(item) == null ? "" : title.apply(item));
            }
        }
        return due;
    }

    private interface Maker {
        Controls.Button make(int id, String title);
    }

    private interface Action {
        Runnable of(int id, Controls.Button button);
    }

    /** Makes the buttons of what is due, and moves those of what no longer is to {@code removed}. */
    private void keep(TreeMap<Integer, Controls.Button> buttons, Map<Integer, String> due, List<Controls.Button> removed,
            Maker maker, Action action) {
        buttons.entrySet().removeIf(entry -> {
            boolean gone = !due.containsKey(entry.getKey());
            if (gone) {
                removed.add(entry.getValue());
            }
            return gone;
        });
        due.forEach((id, title) -> buttons.computeIfAbsent(id, key -> {
            Controls.Button button = maker.make(key, title);
            Runnable onClick = action.of(key, button);
            button.model().onCustom(content -> clicked(content, onClick));
            return button;
        }));
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

    /** Each running job by id, with the reason; then the cell's tag, for jobs the model has not seen yet. */
    private void cancelAll() {
        LOG.log(System.Logger.Level.INFO, "cancelling jobs " + runningJobs + " of cell " + cellId + " from the notebook");
        for (int jobId : new TreeSet<>(runningJobs)) {
            spark.cancelJob(jobId, JOB_REASON);
        }
        spark.cancelCellJobs(cellId);
        cancellingAll.addAll(runningJobs);
        all.model().set(Map.of("disabled", true, "description", "Cancelling all"));
    }

    private void cancelJob(int jobId, Controls.Button button) {
        if (runningJobs.contains(jobId)) {
            LOG.log(System.Logger.Level.INFO, "cancelling job " + jobId + " of cell " + cellId + " from the notebook");
            spark.cancelJob(jobId, JOB_REASON);
            button.model().set(Map.of("disabled", true, "description", "Cancelling job " + jobId));
        }
    }

    private void cancelStage(int stageId, Controls.Button button) {
        if (cancellableStages.contains(stageId)) {
            LOG.log(System.Logger.Level.INFO, "cancelling stage " + stageId + " of cell " + cellId + " from the notebook");
            spark.cancelStage(stageId, "stage " + stageId + " was cancelled " + JOB_REASON);
            button.model().set(Map.of("disabled", true, "description", "Cancelling stage " + stageId));
        }
    }

    /** The jobs the final snapshot shows cancelled from here, and the stages through which they were. */
    private static String outcome(CellSnapshot last) {
        Set<Integer> jobs = new TreeSet<>();
        Set<Integer> stages = new TreeSet<>();
        for (JobSnapshot job : last.jobs()) {
            String reason = job.failureReason();
            if (job.status() != JobStatus.CANCELLED || reason == null) {
                continue;
            }
            Matcher stage = STAGE_REASON.matcher(reason);
            if (stage.find()) {
                stages.add(Integer.parseInt(stage.group(1)));
            } else if (reason.contains("cancelled " + JOB_REASON)) {
                jobs.add(job.jobId());
            }
        }
        List<String> parts = new ArrayList<>();
        if (!jobs.isEmpty()) {
            parts.add((jobs.size() == 1 ? "job " : "jobs ") + join(jobs));
        }
        if (!stages.isEmpty()) {
            parts.add((stages.size() == 1 ? "stage " : "stages ") + join(stages));
        }
        return parts.isEmpty() ? "" : "Cancelled from the notebook: " + String.join(", ", parts) + ".";
    }

    private static String join(Set<Integer> ids) {
        return String.join(", ", ids.stream().map(String::valueOf).toList());
    }

    private static String title(JobSnapshot job) {
        return job.description() != null ? job.description() : job.callSite();
    }
}
