package io.jspark.display.monitor;

import io.jspark.monitor.ActivityPoint;
import io.jspark.monitor.CellSnapshot;
import io.jspark.monitor.ExecutorSnapshot;
import io.jspark.monitor.JobSnapshot;
import io.jspark.monitor.JobStatus;
import io.jspark.monitor.StageSnapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one update draws of a snapshot, chosen within {@link RenderLimits}: the jobs table (every job,
 * some in full, the rest compactly), the stages of each job drawn in full, executors that are active
 * first, an activity series thinned evenly. Counts of what was left out go along.
 */
record SnapshotView(
        CellSnapshot snapshot,
        JobTable table,
        Map<Integer, List<StageSnapshot>> stagesByJob,
        List<ExecutorSnapshot> executors,
        List<ActivityPoint> activity,
        int hiddenStages) {

    static SnapshotView of(CellSnapshot snapshot, RenderLimits limits) {
        List<JobSnapshot> jobs = new ArrayList<>(snapshot.jobs());
        jobs.sort(Comparator.comparingInt(JobSnapshot::jobId));
        JobTable table = JobTable.of(jobs, limits.urgentJobs(), limits.finishedJobs(), limits.compactRows());

        Map<Integer, List<StageSnapshot>> stagesByJob = new HashMap<>();
        for (JobSnapshot job : table.fullJobs()) {
            stagesByJob.put(job.jobId(), new ArrayList<>());
        }
        for (StageSnapshot stage : snapshot.stages()) {
            for (int jobId : stage.jobIds()) {
                List<StageSnapshot> stages = stagesByJob.get(jobId);
                if (stages != null) {
                    stages.add(stage);
                }
            }
        }
        int hiddenStages = 0;
        for (Map.Entry<Integer, List<StageSnapshot>> e : stagesByJob.entrySet()) {
            List<StageSnapshot> stages = e.getValue();
            if (stages.size() > limits.stagesPerJob()) {
                hiddenStages += stages.size() - limits.stagesPerJob();
                e.setValue(List.copyOf(stages.subList(stages.size() - limits.stagesPerJob(), stages.size())));
            }
        }

        List<ExecutorSnapshot> executors = new ArrayList<>(snapshot.executors());
        executors.sort(Comparator.comparing((ExecutorSnapshot e) -> !e.isActive()));
        if (executors.size() > limits.executors()) {
            executors = executors.subList(0, limits.executors());
        }
        return new SnapshotView(snapshot, table, stagesByJob, List.copyOf(executors),
                thin(snapshot.activity(), limits.activityPoints()), hiddenStages);
    }

    private static List<ActivityPoint> thin(List<ActivityPoint> points, int max) {
        if (points.size() <= max) {
            return points;
        }
        List<ActivityPoint> kept = new ArrayList<>(max);
        double step = (points.size() - 1) / (double) (max - 1);
        for (int i = 0; i < max; i++) {
            kept.add(points.get((int) Math.round(i * step)));
        }
        return kept;
    }

    /** The jobs drawn in full: in the table with their stages, and as bars and markers in the views. */
    List<JobSnapshot> fullJobs() {
        return table.fullJobs();
    }

    long count(JobStatus status) {
        return snapshot.jobsWith(status);
    }

    long activeExecutors() {
        return snapshot.executors().stream().filter(ExecutorSnapshot::isActive).count();
    }

    /** The cell's first job submission, dropped jobs included. */
    long start() {
        long kept = snapshot.jobs().stream().mapToLong(JobSnapshot::submissionTime).min().orElse(snapshot.time());
        long dropped = snapshot.dropped().firstSubmissionTime();
        return dropped < 0 ? kept : Math.min(kept, dropped);
    }

    /** The last job completion, or now while jobs run. */
    long end() {
        return snapshot.allJobsDone()
                ? snapshot.jobs().stream().mapToLong(JobSnapshot::completionTime).max().orElse(snapshot.time())
                : snapshot.time();
    }

    /** First job submission to last completion (or now, while running). */
    long elapsed() {
        return Math.max(0, end() - start());
    }
}
