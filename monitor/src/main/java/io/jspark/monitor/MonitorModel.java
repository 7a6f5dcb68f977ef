package io.jspark.monitor;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The monitor's model of jobs, stages, tasks and executors, grouped by the cell that started each
 * job. Spark's listener bus thread feeds it through {@link JobMonitorListener}; the display thread
 * takes snapshots. Every event does O(1) work (O(log n) for the task sample) under one short lock,
 * and memory is bounded by {@link MonitorLimits} whatever the number of tasks.
 *
 * Events may come late, twice or out of order: counters never go below zero, a task counts as
 * running only between its own start and end, a partition counts as completed once however many
 * attempts succeed, and stages a job never ran are marked skipped when the job ends.
 */
public final class MonitorModel {
    private final MonitorLimits limits;
    /** Bumped on every change; the display compares it to skip unchanged cells cheaply. */
    private final AtomicLong version = new AtomicLong();

    // All below guarded by this.
    private final LinkedHashMap<String, LiveCell> cells = new LinkedHashMap<>();
    private final Map<Integer, LiveJob> jobs = new HashMap<>();
    private final Map<Long, LiveStage> stageAttempts = new HashMap<>();
    private final Map<Integer, StageProgress> stageProgress = new HashMap<>();
    private final LinkedHashMap<String, LiveExecutor> executors = new LinkedHashMap<>();
    private final LinkedHashMap<Long, String> sqlDescriptions = new LinkedHashMap<>();
    private int runningTasks;
    private int totalCores;

    public MonitorModel(MonitorLimits limits) {
        this.limits = limits;
    }

    public long version() {
        return version.get();
    }

    static long stageKey(int stageId, int attempt) {
        return ((long) stageId << 20) | (attempt & 0xFFFFF);
    }

    // ---- events, called on the listener bus thread ----

    public synchronized void jobStarted(int jobId, long time, String cellId, int executionCount, String description,
            String callSite, long sqlExecutionId, List<StageDef> stages) {
        if (jobs.containsKey(jobId)) {
            return;
        }
        LiveCell cell = cell(cellId, executionCount);
        LiveJob job = new LiveJob(jobId, cell, time, description, callSite, sqlExecutionId);
        for (StageDef s : stages) {
            job.stageIds.add(s.stageId());
            job.numTasks += s.numTasks();
            LiveStage stage = stageAttempts.computeIfAbsent(stageKey(s.stageId(), s.attemptId()),
                    k -> new LiveStage(s.stageId(), s.attemptId(), s.name(), s.numTasks()));
            stage.jobIds.add(jobId);
            stageProgress.computeIfAbsent(s.stageId(), k -> new StageProgress()).jobIds.add(jobId);
            job.stages.add(stage);
        }
        jobs.put(jobId, job);
        cell.jobs.put(jobId, job);
        cell.runningJobs++;
        cell.activity.record(time, runningTasks, totalCores);
        trimCell(cell);
        trimCells(cell);
        cell.version = version.incrementAndGet();
    }

    public synchronized void stageSubmitted(int stageId, int attemptId, String name, int numTasks, long time) {
        LiveStage stage = stageAttempts.get(stageKey(stageId, attemptId));
        if (stage == null) {
            StageProgress progress = stageProgress.get(stageId);
            if (progress == null) {
                return;
            }
            // A retry: a new attempt of a stage that running jobs already know.
            stage = new LiveStage(stageId, attemptId, name, numTasks);
            for (int jobId : progress.jobIds) {
                LiveJob job = jobs.get(jobId);
                if (job != null && job.status == JobStatus.RUNNING) {
                    stage.jobIds.add(jobId);
                    job.stages.add(stage);
                }
            }
            if (stage.jobIds.isEmpty()) {
                return;
            }
            stageAttempts.put(stageKey(stageId, attemptId), stage);
        }
        if (stage.status == StageStatus.PENDING || stage.status == StageStatus.SKIPPED) {
            stage.status = StageStatus.ACTIVE;
            stage.submissionTime = time;
        }
        for (int jobId : stage.jobIds) {
            LiveJob job = jobs.get(jobId);
            if (job != null && job.status == JobStatus.RUNNING) {
                job.submittedStageIds.add(stageId);
            }
        }
        touch(stage);
    }

    public synchronized void taskStarted(int stageId, int attemptId, long taskId, int index, int attempt,
            String executorId, String host, long launchTime, boolean speculative) {
        LiveStage stage = stageAttempts.get(stageKey(stageId, attemptId));
        if (stage == null) {
            return;
        }
        if (stage.running.putIfAbsent(taskId, new RunningTask(taskId, index, attempt, executorId, host, launchTime, speculative)) != null) {
            return;
        }
        LiveExecutor executor = executors.get(executorId);
        if (executor != null) {
            executor.activeTasks++;
        }
        runningTasks++;
        stage.activeTasks++;
        if (stage.status == StageStatus.PENDING) {
            stage.status = StageStatus.ACTIVE;
            stage.submissionTime = launchTime;
        }
        for (int jobId : stage.jobIds) {
            LiveJob job = jobs.get(jobId);
            if (job != null) {
                job.activeTasks++;
                job.cell.activity.record(launchTime, runningTasks, totalCores);
            }
        }
        touch(stage);
    }

    public synchronized void taskEnded(int stageId, int attemptId, long taskId, TaskStatus status, long finishTime,
            TaskMetricsView metrics, String errorMessage) {
        LiveStage stage = stageAttempts.get(stageKey(stageId, attemptId));
        RunningTask running = stage == null ? null : stage.running.remove(taskId);
        String executorId = running != null ? running.executorId() : metrics.executorId();
        LiveExecutor executor = executors.get(executorId);
        if (executor != null && running != null) {
            executor.activeTasks = Math.max(0, executor.activeTasks - 1);
            if (status == TaskStatus.SUCCESS) {
                executor.completedTasks++;
            } else if (status == TaskStatus.FAILED) {
                executor.failedTasks++;
            }
        }
        if (stage == null) {
            return;
        }
        StageProgress progress = stageProgress.get(stageId);
        int index = running != null ? running.index() : metrics.index();
        boolean newPartition = status == TaskStatus.SUCCESS && progress != null && !progress.completed.get(index);
        if (newPartition) {
            progress.completed.set(index);
        }
        if (running != null) {
            runningTasks = Math.max(0, runningTasks - 1);
            stage.activeTasks = Math.max(0, stage.activeTasks - 1);
            switch (status) {
                case SUCCESS -> stage.completedTasks++;
                case FAILED -> stage.failedTasks++;
                case KILLED -> stage.killedTasks++;
                default -> { }
            }
        }
        if (running != null) {
            stage.inputBytes += metrics.inputBytes();
            stage.outputBytes += metrics.outputBytes();
            stage.shuffleReadBytes += metrics.shuffleReadBytes();
            stage.shuffleWriteBytes += metrics.shuffleWriteBytes();
        }
        for (int jobId : stage.jobIds) {
            LiveJob job = jobs.get(jobId);
            if (job == null) {
                continue;
            }
            if (running != null) {
                job.activeTasks = Math.max(0, job.activeTasks - 1);
                if (status == TaskStatus.FAILED) {
                    job.failedTasks++;
                } else if (status == TaskStatus.KILLED) {
                    job.killedTasks++;
                }
            }
            if (newPartition) {
                job.completedTasks++;
            }
            job.cell.activity.record(finishTime, runningTasks, totalCores);
        }
        if (running != null) {
            LiveJob first = stage.jobIds.isEmpty() ? null : jobs.get(stage.jobIds.get(0));
            if (first != null) {
                first.cell.tasks.add(metrics.toSnapshot(running, stageId, attemptId, finishTime, status, errorMessage));
            }
        }
        touch(stage);
    }

    public synchronized void stageCompleted(int stageId, int attemptId, long time, String failureReason) {
        LiveStage stage = stageAttempts.get(stageKey(stageId, attemptId));
        if (stage == null || stage.status == StageStatus.COMPLETE || stage.status == StageStatus.FAILED) {
            return;
        }
        stage.status = failureReason == null ? StageStatus.COMPLETE : StageStatus.FAILED;
        stage.completionTime = time;
        stage.failureReason = failureReason;
        if (stage.submissionTime < 0) {
            stage.submissionTime = time;
        }
        for (int jobId : stage.jobIds) {
            LiveJob job = jobs.get(jobId);
            if (job != null) {
                if (failureReason == null) {
                    job.completedStageIds.add(stageId);
                } else {
                    job.failedStages++;
                }
            }
        }
        touch(stage);
    }

    public synchronized void jobEnded(int jobId, long time, JobStatus status, String failureReason) {
        LiveJob job = jobs.get(jobId);
        if (job == null || job.status != JobStatus.RUNNING) {
            return;
        }
        job.status = status;
        job.completionTime = time;
        job.failureReason = failureReason;
        job.cell.runningJobs--;
        for (LiveStage stage : job.stages) {
            if (stage.status == StageStatus.PENDING) {
                stage.status = StageStatus.SKIPPED;
            }
            // A stage this job never ran was skipped for it, also when another job ran it earlier.
            if (stage.attemptId == 0 && !job.submittedStageIds.contains(stage.stageId) && job.skippedStageIds.add(stage.stageId)) {
                job.skippedTasks += stage.numTasks;
            }
        }
        job.cell.activity.record(time, runningTasks, totalCores);
        job.cell.version = version.incrementAndGet();
    }

    public synchronized void executorAdded(String executorId, String host, int cores, long time) {
        LiveExecutor executor = executors.get(executorId);
        if (executor != null && executor.removeTime < 0) {
            return;
        }
        executors.remove(executorId);
        executors.put(executorId, new LiveExecutor(executorId, host, cores, time));
        totalCores += cores;
        trimExecutors();
        touchRunningCells();
    }

    public synchronized void executorRemoved(String executorId, long time, String reason) {
        LiveExecutor executor = executors.get(executorId);
        if (executor == null || executor.removeTime >= 0) {
            return;
        }
        executor.removeTime = time;
        executor.removeReason = reason;
        totalCores = Math.max(0, totalCores - executor.cores);
        trimExecutors();
        for (LiveCell cell : cells.values()) {
            if (cell.hasRunningJobs()) {
                cell.activity.record(time, runningTasks, totalCores);
            }
        }
        touchRunningCells();
    }

    public synchronized void sqlExecutionStarted(long executionId, String description) {
        sqlDescriptions.put(executionId, description);
        if (sqlDescriptions.size() > 4 * limits.cells()) {
            Iterator<Long> oldest = sqlDescriptions.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        touchRunningCells();
    }

    /** Marks the cells whose jobs contain this stage as changed. */
    private void touch(LiveStage stage) {
        long v = version.incrementAndGet();
        for (int jobId : stage.jobIds) {
            LiveJob job = jobs.get(jobId);
            if (job != null) {
                job.cell.version = v;
            }
        }
    }

    private void touchRunningCells() {
        long v = version.incrementAndGet();
        for (LiveCell cell : cells.values()) {
            if (cell.hasRunningJobs()) {
                cell.version = v;
            }
        }
    }

    /** The version of the model at the cell's last change, or -1 for a cell the model does not hold. */
    public synchronized long cellVersion(String cellId) {
        LiveCell cell = cells.get(cellId);
        return cell == null ? -1 : cell.version;
    }

    // ---- bounds ----

    private LiveCell cell(String cellId, int executionCount) {
        String key = cellId == null ? "" : cellId;
        LiveCell cell = cells.get(key);
        if (cell == null) {
            cell = new LiveCell(key, executionCount, limits);
            cells.put(key, cell);
        }
        return cell;
    }

    private void trimCell(LiveCell cell) {
        Iterator<LiveJob> it = cell.jobs.values().iterator();
        while (cell.jobs.size() > limits.jobsPerCell() && it.hasNext()) {
            LiveJob oldest = it.next();
            if (oldest.status != JobStatus.RUNNING) {
                it.remove();
                int stages = forget(oldest);
                cell.dropped = cell.dropped.plus(oldest.status, stages, oldest.submissionTime);
            }
        }
    }

    /** Drops the oldest cells without running jobs, beyond the bounds on cells and on jobs; never {@code keep}. */
    private void trimCells(LiveCell keep) {
        Iterator<LiveCell> it = cells.values().iterator();
        while ((cells.size() > limits.cells() || jobs.size() > limits.jobs()) && it.hasNext()) {
            LiveCell oldest = it.next();
            if (oldest != keep && !oldest.hasRunningJobs()) {
                it.remove();
                oldest.jobs.values().forEach(this::forget);
            }
        }
    }

    /** Removes a job from the model; returns how many stages went with it (those no other job holds). */
    private int forget(LiveJob job) {
        jobs.remove(job.jobId);
        int stagesDropped = 0;
        for (LiveStage stage : job.stages) {
            stage.jobIds.remove(Integer.valueOf(job.jobId));
            if (stage.jobIds.isEmpty()) {
                stageAttempts.remove(stageKey(stage.stageId, stage.attemptId));
                stagesDropped++;
                for (RunningTask task : stage.running.values()) {
                    runningTasks = Math.max(0, runningTasks - 1);
                    LiveExecutor executor = executors.get(task.executorId());
                    if (executor != null) {
                        executor.activeTasks = Math.max(0, executor.activeTasks - 1);
                    }
                }
                stage.running.clear();
            }
            StageProgress progress = stageProgress.get(stage.stageId);
            if (progress != null) {
                progress.jobIds.remove(Integer.valueOf(job.jobId));
                if (progress.jobIds.isEmpty()) {
                    stageProgress.remove(stage.stageId);
                }
            }
        }
        return stagesDropped;
    }

    private void trimExecutors() {
        long removed = executors.values().stream().filter(e -> e.removeTime >= 0).count();
        Iterator<LiveExecutor> it = executors.values().iterator();
        while (removed > limits.removedExecutors() && it.hasNext()) {
            if (it.next().removeTime >= 0) {
                it.remove();
                removed--;
            }
        }
    }

    // ---- snapshots, taken on the display thread ----

    /** Ids of the cells the model holds, oldest first. */
    public synchronized List<String> cellIds() {
        return new ArrayList<>(cells.keySet());
    }

    public Optional<CellSnapshot> snapshot(String cellId) {
        return snapshot(cellId, true);
    }

    /**
     * A snapshot of the cell; without {@code withTasks} it leaves out the task records, which cost
     * the most to copy and which live updates do not draw, so Spark's listener bus waits less.
     */
    public synchronized Optional<CellSnapshot> snapshot(String cellId, boolean withTasks) {
        LiveCell cell = cells.get(cellId);
        if (cell == null) {
            return Optional.empty();
        }
        long now = System.currentTimeMillis();
        List<JobSnapshot> jobSnapshots = new ArrayList<>();
        List<StageSnapshot> stageSnapshots = new ArrayList<>();
        List<TaskSnapshot> tasks = withTasks ? new ArrayList<>(cell.tasks.records()) : new ArrayList<>();
        for (LiveJob job : cell.jobs.values()) {
            jobSnapshots.add(job.snapshot(sqlDescriptions.get(job.sqlExecutionId)));
            for (LiveStage stage : job.stages) {
                if (stage.jobIds.get(0) == job.jobId) {
                    stageSnapshots.add(stage.snapshot());
                    if (withTasks) {
                        for (RunningTask r : stage.running.values()) {
                            tasks.add(r.snapshot(stage.stageId, stage.attemptId));
                        }
                    }
                }
            }
        }
        stageSnapshots.sort(Comparator.comparingInt(StageSnapshot::stageId).thenComparingInt(StageSnapshot::attemptId));
        List<ExecutorSnapshot> executorSnapshots = executors.values().stream().map(LiveExecutor::snapshot).toList();
        List<ActivityPoint> activity = new ArrayList<>(cell.activity.points());
        if (cell.hasRunningJobs()) {
            activity.add(new ActivityPoint(now, runningTasks, totalCores));
        }
        return Optional.of(new CellSnapshot(cell.cellId, cell.executionCount, now, jobSnapshots, stageSnapshots,
                executorSnapshots, tasks, activity, cell.dropped, cell.tasks.omitted()));
    }

    /** True while a job of the cell runs. */
    public synchronized boolean hasRunningJobs(String cellId) {
        LiveCell cell = cells.get(cellId);
        return cell != null && cell.hasRunningJobs();
    }

    /** What the model needs of a stage when its job starts. */
    public record StageDef(int stageId, int attemptId, String name, int numTasks) {
    }
}
