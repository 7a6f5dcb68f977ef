package io.jspark.display.monitor;

import io.jspark.display.Text;
import io.jspark.monitor.ActivityPoint;
import io.jspark.monitor.CellSnapshot;
import io.jspark.monitor.ExecutorSnapshot;
import io.jspark.monitor.JobSnapshot;
import io.jspark.monitor.JobStatus;
import io.jspark.monitor.StageSnapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code application/vnd.sparkmonitor+json} form: the cell's model as JSON, for tools and tests.
 * Its schema is versioned by {@link #SCHEMA_VERSION} and described in the README; fields are only
 * ever added within a version.
 */
final class MonitorJson {
    static final int SCHEMA_VERSION = 1;
    /** Descriptions (whole SQL queries, say) are cut to this many chars, so that no single one can break the size bound. */
    private static final int MAX_TEXT = 1000;

    private MonitorJson() {
    }

    /**
     * The cell's model with every job and stage the model holds (up to 2,000 jobs by default; what it
     * dropped beyond that is counted in {@code omitted}), or with at most {@code maxJobs} of them
     * (running and failed first, then the newest) and the rest counted in {@code omitted}, for live
     * updates of a cell with many jobs. Task records are left out.
     */
    static Map<String, Object> render(CellSnapshot snapshot, int maxJobs) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("schema_version", SCHEMA_VERSION);
        root.put("cell", Map.of("id", snapshot.cellId(), "execution_count", snapshot.executionCount()));
        root.put("time", snapshot.time());
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("jobs", snapshot.jobCount());
        for (JobStatus status : JobStatus.values()) {
            summary.put(status.name().toLowerCase(Locale.ROOT), snapshot.jobsWith(status));
        }
        summary.put("executors", snapshot.executors().stream().filter(ExecutorSnapshot::isActive).count());
        summary.put("cores", snapshot.totalCores());
        summary.put("all_done", snapshot.allJobsDone());
        root.put("summary", summary);
        List<JobSnapshot> chosen = chosen(snapshot.jobs(), maxJobs);
        Set<Integer> chosenIds = new HashSet<>();
        List<Object> jobs = new ArrayList<>(chosen.size());
        for (JobSnapshot job : chosen) {
            jobs.add(job(job));
            chosenIds.add(job.jobId());
        }
        root.put("jobs", jobs);
        List<Object> stages = new ArrayList<>();
        for (StageSnapshot stage : snapshot.stages()) {
            if (stage.jobIds().stream().anyMatch(chosenIds::contains)) {
                stages.add(stage(stage));
            }
        }
        root.put("stages", stages);
        List<Object> executors = new ArrayList<>();
        for (ExecutorSnapshot e : snapshot.executors()) {
            executors.add(executor(e));
        }
        root.put("executors", executors);
        List<Object> activity = new ArrayList<>();
        for (ActivityPoint p : snapshot.activity()) {
            activity.add(List.of(p.time(), p.activeTasks(), p.totalCores()));
        }
        root.put("activity", activity);
        root.put("omitted", Map.of("jobs", snapshot.dropped().total() + snapshot.jobs().size() - chosen.size(),
                "stages", snapshot.dropped().stages() + snapshot.stages().size() - stages.size(), "tasks", snapshot.omittedTasks()));
        return root;
    }

    /** In id order: all jobs, or the running, failed and cancelled ones (newest first) and then the newest, up to {@code max}. */
    private static List<JobSnapshot> chosen(List<JobSnapshot> all, int max) {
        List<JobSnapshot> jobs = new ArrayList<>(all);
        if (jobs.size() > max) {
            jobs.sort(Comparator.comparing((JobSnapshot j) -> j.status() == JobStatus.SUCCEEDED)
                    .thenComparing(Comparator.comparingInt(JobSnapshot::jobId).reversed()));
            jobs = new ArrayList<>(jobs.subList(0, max));
        }
        jobs.sort(Comparator.comparingInt(JobSnapshot::jobId));
        return jobs;
    }

    private static Map<String, Object> job(JobSnapshot j) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", j.jobId());
        m.put("description", Text.truncate(MonitorHtml.title(j), MAX_TEXT));
        m.put("call_site", Text.truncate(j.callSite() == null ? "" : j.callSite(), MAX_TEXT));
        m.put("status", j.status().name());
        m.put("submission_time", j.submissionTime());
        m.put("completion_time", j.completionTime());
        m.put("stage_ids", j.stageIds());
        m.put("num_tasks", j.numTasks());
        m.put("active_tasks", j.activeTasks());
        m.put("completed_tasks", j.completedTasks());
        m.put("failed_tasks", j.failedTasks());
        m.put("skipped_tasks", j.skippedTasks());
        m.put("killed_tasks", j.killedTasks());
        m.put("num_stages", j.numStages());
        m.put("completed_stages", j.completedStages());
        m.put("failed_stages", j.failedStages());
        m.put("skipped_stages", j.skippedStages());
        m.put("failure_reason", j.failureReason() == null ? null : Text.firstLine(j.failureReason(), 1000));
        m.put("sql_execution_id", j.sqlExecutionId());
        m.put("sql_description", Text.truncate(j.sqlDescription(), MAX_TEXT));
        return m;
    }

    private static Map<String, Object> stage(StageSnapshot s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.stageId());
        m.put("attempt", s.attemptId());
        m.put("name", Text.truncate(s.name(), MAX_TEXT));
        m.put("status", s.status().name());
        m.put("job_ids", s.jobIds());
        m.put("num_tasks", s.numTasks());
        m.put("active_tasks", s.activeTasks());
        m.put("completed_tasks", s.completedTasks());
        m.put("failed_tasks", s.failedTasks());
        m.put("killed_tasks", s.killedTasks());
        m.put("input_bytes", s.inputBytes());
        m.put("output_bytes", s.outputBytes());
        m.put("shuffle_read_bytes", s.shuffleReadBytes());
        m.put("shuffle_write_bytes", s.shuffleWriteBytes());
        m.put("submission_time", s.submissionTime());
        m.put("completion_time", s.completionTime());
        m.put("failure_reason", s.failureReason() == null ? null : Text.firstLine(s.failureReason(), 1000));
        return m;
    }

    private static Map<String, Object> executor(ExecutorSnapshot e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.executorId());
        m.put("host", e.host());
        m.put("cores", e.totalCores());
        m.put("active_tasks", e.activeTasks());
        m.put("completed_tasks", e.completedTasks());
        m.put("failed_tasks", e.failedTasks());
        m.put("add_time", e.addTime());
        m.put("remove_time", e.removeTime());
        m.put("remove_reason", e.removeReason());
        return m;
    }
}
