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
 * The part of a snapshot that one update shows, chosen within {@link RenderLimits}: running and
 * failed jobs first, then the newest; the stages of each shown job; executors that are active
 * first; an activity series thinned evenly. Counts of what was left out go along.
 */
record SnapshotView(
        CellSnapshot snapshot,
        List<JobSnapshot> jobs,
        Map<Integer, List<StageSnapshot>> stagesByJob,
        List<ExecutorSnapshot> executors,
        List<ActivityPoint> activity,
        int hiddenJobs,
        int hiddenStages) {

    static SnapshotView of(CellSnapshot snapshot, RenderLimits limits) {
        List<JobSnapshot> all = snapshot.jobs();
        List<JobSnapshot> chosen = new ArrayList<>(all);
        if (all.size() > limits.jobs()) {
            chosen.sort(Comparator.comparing((JobSnapshot j) -> priority(j.status()))
                    .thenComparing(Comparator.comparingInt(JobSnapshot::jobId).reversed()));
            chosen = new ArrayList<>(chosen.subList(0, limits.jobs()));
        }
        chosen.sort(Comparator.comparingInt(JobSnapshot::jobId));

        Map<Integer, List<StageSnapshot>> stagesByJob = new HashMap<>();
        int hiddenStages = 0;
        for (JobSnapshot job : chosen) {
            List<StageSnapshot> stages = new ArrayList<>();
            for (StageSnapshot stage : snapshot.stages()) {
                if (stage.jobIds().contains(job.jobId())) {
                    stages.add(stage);
                }
            }
            if (stages.size() > limits.stagesPerJob()) {
                hiddenStages += stages.size() - limits.stagesPerJob();
                stages = new ArrayList<>(stages.subList(stages.size() - limits.stagesPerJob(), stages.size()));
            }
            stagesByJob.put(job.jobId(), stages);
        }

        List<ExecutorSnapshot> executors = new ArrayList<>(snapshot.executors());
        executors.sort(Comparator.comparing((ExecutorSnapshot e) -> !e.isActive()));
        if (executors.size() > limits.executors()) {
            executors = executors.subList(0, limits.executors());
        }
        return new SnapshotView(snapshot, List.copyOf(chosen), stagesByJob, List.copyOf(executors),
                thin(snapshot.activity(), limits.activityPoints()), all.size() - chosen.size() + snapshot.omittedJobs(),
                hiddenStages);
    }

    private static int priority(JobStatus status) {
        return switch (status) {
            case RUNNING -> 0;
            case FAILED -> 1;
            case CANCELLED -> 2;
            case SUCCEEDED -> 3;
        };
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

    long count(JobStatus status) {
        return snapshot.jobsWith(status);
    }

    long activeExecutors() {
        return snapshot.executors().stream().filter(ExecutorSnapshot::isActive).count();
    }

    /** First job submission to last completion (or now, while running). */
    long elapsed() {
        long start = snapshot.jobs().stream().mapToLong(JobSnapshot::submissionTime).min().orElse(snapshot.time());
        long end = snapshot.allJobsDone()
                ? snapshot.jobs().stream().mapToLong(JobSnapshot::completionTime).max().orElse(snapshot.time())
                : snapshot.time();
        return Math.max(0, end - start);
    }
}
