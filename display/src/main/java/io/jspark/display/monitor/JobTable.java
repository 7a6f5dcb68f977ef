package io.jspark.display.monitor;

import io.jspark.monitor.JobSnapshot;
import io.jspark.monitor.JobStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How the jobs table draws every job of a cell, in job id order: running and failed jobs, then the
 * newest succeeded ones, in full (a row and its stages) as far as room allows; the others as runs of
 * consecutive jobs drawn compactly (a few as plain rows, longer runs as a fold of rows). Runs nearest
 * the end get rows first; a run without room for all its rows still counts them, so no job is ever
 * silently missing.
 */
record JobTable(List<Entry> entries) {

    sealed interface Entry permits Full, Group {
    }

    record Full(JobSnapshot job) implements Entry {
    }

    /** Consecutive jobs drawn compactly: the newest {@code shown} of them as rows, the rest counted. */
    record Group(List<JobSnapshot> jobs, int shown) implements Entry {
        Group {
            jobs = List.copyOf(jobs);
        }

        List<JobSnapshot> shownJobs() {
            return jobs.subList(jobs.size() - shown, jobs.size());
        }

        List<JobSnapshot> unlistedJobs() {
            return jobs.subList(0, jobs.size() - shown);
        }

        JobSnapshot first() {
            return jobs.get(0);
        }

        JobSnapshot last() {
            return jobs.get(jobs.size() - 1);
        }

        long count(JobStatus status) {
            return jobs.stream().filter(j -> j.status() == status).count();
        }

        long start() {
            return jobs.stream().mapToLong(JobSnapshot::submissionTime).min().orElse(0);
        }

        long end(long now) {
            return jobs.stream().mapToLong(j -> j.completionTime() > 0 ? j.completionTime() : now).max().orElse(now);
        }

        long completedTasks() {
            return jobs.stream().mapToLong(JobSnapshot::completedTasks).sum();
        }

        long skippedTasks() {
            return jobs.stream().mapToLong(JobSnapshot::skippedTasks).sum();
        }
    }

    /**
     * {@code jobs} in id order; drawn in full: up to {@code urgent} running, failed and cancelled jobs
     * (in that order, newest first) and the newest {@code finished} succeeded ones; at most
     * {@code compactRows} compact rows in all.
     */
    static JobTable of(List<JobSnapshot> jobs, int urgent, int finished, int compactRows) {
        Set<Integer> full = new HashSet<>();
        jobs.stream()
                .filter(j -> j.status() != JobStatus.SUCCEEDED)
                .sorted(Comparator.comparingInt((JobSnapshot j) -> priority(j.status()))
                        .thenComparing(Comparator.comparingInt(JobSnapshot::jobId).reversed()))
                .limit(urgent)
                .forEach(j -> full.add(j.jobId()));
        for (int i = jobs.size() - 1, left = finished; i >= 0 && left > 0; i--) {
            if (jobs.get(i).status() == JobStatus.SUCCEEDED) {
                full.add(jobs.get(i).jobId());
                left--;
            }
        }
        List<Entry> entries = new ArrayList<>();
        List<JobSnapshot> run = new ArrayList<>();
        for (JobSnapshot job : jobs) {
            if (full.contains(job.jobId())) {
                if (!run.isEmpty()) {
                    entries.add(new Group(run, 0));
                    run = new ArrayList<>();
                }
                entries.add(new Full(job));
            } else {
                run.add(job);
            }
        }
        if (!run.isEmpty()) {
            entries.add(new Group(run, 0));
        }
        int rowsLeft = compactRows;
        for (int i = entries.size() - 1; i >= 0 && rowsLeft > 0; i--) {
            if (entries.get(i) instanceof Group group) {
                int shown = Math.min(group.jobs().size(), rowsLeft);
                rowsLeft -= shown;
                entries.set(i, new Group(group.jobs(), shown));
            }
        }
        return new JobTable(List.copyOf(entries));
    }

    List<JobSnapshot> fullJobs() {
        return entries.stream().filter(e -> e instanceof Full).map(e -> ((Full) e).job()).toList();
    }

    private static int priority(JobStatus status) {
        return switch (status) {
            case RUNNING -> 0;
            case FAILED -> 1;
            case CANCELLED, SUCCEEDED -> 2;
        };
    }
}
