package io.jspark.monitor;

import static org.junit.jupiter.api.Assertions.fail;

/** Finds things in a model's snapshots. */
final class Snapshots {
    private Snapshots() {
    }

    static CellSnapshot of(MonitorModel model, String cellId) {
        return model.snapshot(cellId).orElseThrow(() -> new AssertionError("no snapshot for cell " + cellId));
    }

    static JobSnapshot job(CellSnapshot s, int jobId) {
        return s.jobs().stream().filter(j -> j.jobId() == jobId).findFirst()
                .orElseThrow(() -> new AssertionError("no job " + jobId + " in " + s.jobs()));
    }

    static JobSnapshot job(MonitorModel model, String cellId, int jobId) {
        return job(of(model, cellId), jobId);
    }

    static StageSnapshot stage(CellSnapshot s, int stageId, int attempt) {
        return s.stages().stream().filter(st -> st.stageId() == stageId && st.attemptId() == attempt).findFirst()
                .orElseThrow(() -> new AssertionError("no stage " + stageId + "." + attempt + " in " + s.stages()));
    }

    static ExecutorSnapshot executor(CellSnapshot s, String executorId) {
        return s.executors().stream().filter(e -> e.executorId().equals(executorId)).findFirst()
                .orElseThrow(() -> new AssertionError("no executor " + executorId + " in " + s.executors()));
    }

    static void assertNoNegativeCounts(CellSnapshot s) {
        for (JobSnapshot j : s.jobs()) {
            if (j.activeTasks() < 0 || j.completedTasks() < 0 || j.failedTasks() < 0 || j.killedTasks() < 0
                    || j.skippedTasks() < 0) {
                fail("negative count in " + j);
            }
        }
        for (StageSnapshot st : s.stages()) {
            if (st.activeTasks() < 0 || st.completedTasks() < 0 || st.failedTasks() < 0 || st.killedTasks() < 0) {
                fail("negative count in " + st);
            }
        }
        for (ExecutorSnapshot e : s.executors()) {
            if (e.activeTasks() < 0 || e.completedTasks() < 0 || e.failedTasks() < 0) {
                fail("negative count in " + e);
            }
        }
        for (ActivityPoint p : s.activity()) {
            if (p.activeTasks() < 0 || p.totalCores() < 0) {
                fail("negative activity point " + p);
            }
        }
    }
}
