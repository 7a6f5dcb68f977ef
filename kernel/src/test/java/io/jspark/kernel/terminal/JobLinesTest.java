package io.jspark.kernel.terminal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jspark.kernel.protocol.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobLinesTest {
    @Test
    void summaryLineAsTheIssueShowsIt() {
        ObjectNode snapshot = Json.object();
        snapshot.putArray("jobs").add(job(3, "SUCCEEDED", 200, 200, 0, 0, 1_000, 2_400));
        assertEquals(List.of("Job 3 SUCCEEDED 2/2 stages 200/200 tasks 1.4 s collect at line 1"), JobLines.summaries(snapshot));
    }

    @Test
    void failedJobsNameTheirReason() {
        ObjectNode snapshot = Json.object();
        snapshot.putArray("jobs").add(job(1, "FAILED", 4, 1, 0, 3, 0, 500).put("failure_reason", "no threes allowed"));
        assertTrue(JobLines.summaries(snapshot).get(0).endsWith("collect at line 1: no threes allowed"));
    }

    @Test
    void cancelledJobsLeaveSparksReasonOut() {
        ObjectNode snapshot = Json.object();
        snapshot.putArray("jobs").add(job(2, "CANCELLED", 4, 0, 0, 0, 1_000, 4_700)
                .put("failure_reason", "Job 2 cancelled part of cancelled job tag jspark-cell-a0e40b07"));
        assertEquals(List.of("Job 2 CANCELLED 1/2 stages 0/4 tasks 3.7 s collect at line 1"), JobLines.summaries(snapshot));
    }

    @Test
    void progressLinesOnlyForRunningJobsAndWithinTheWidth() {
        ObjectNode snapshot = Json.object();
        snapshot.putArray("jobs").add(job(1, "SUCCEEDED", 4, 4, 0, 0, 0, 1)).add(job(2, "RUNNING", 200, 50, 8, 1, 0, 0));
        List<String> lines = JobLines.running(snapshot, 60);
        assertEquals(1, lines.size());
        assertTrue(lines.get(0).startsWith("Job 2 ["), lines.get(0));
        assertTrue(lines.get(0).length() <= 60, lines.get(0));
        assertTrue(JobLines.running(snapshot, 200).get(0).contains("50/200 tasks (8 running, 1 failed), stage 1/2 collect at line 1"));
    }

    @Test
    void wideCharactersCountTwoColumns() {
        ObjectNode snapshot = Json.object();
        snapshot.putArray("jobs").add(job(2, "RUNNING", 200, 50, 8, 0, 0, 0).put("description", "数据".repeat(30)));
        String line = JobLines.running(snapshot, 70).get(0);
        assertTrue(new org.jline.utils.AttributedString(line).columnLength() <= 70, line);
        assertTrue(line.endsWith("…"), line);
    }

    @Test
    void barShowsDoneRunningAndFailedTasks() {
        assertEquals("[=====>>   ]", JobLines.bar(5, 2, 0, 10, 12));
        assertEquals("[==========]", JobLines.bar(10, 0, 0, 10, 12));
        assertEquals("[          ]", JobLines.bar(0, 0, 0, 0, 12));
        assertTrue(JobLines.bar(2, 0, 1, 10, 12).contains("x"));
    }

    private static ObjectNode job(int id, String status, int tasks, int completed, int active, int failed, long start, long end) {
        ObjectNode job = Json.object().put("id", id).put("status", status).put("description", "collect at line 1")
                .put("num_tasks", tasks).put("completed_tasks", completed).put("active_tasks", active).put("failed_tasks", failed)
                .put("skipped_tasks", 0).put("num_stages", 2).put("completed_stages", status.equals("SUCCEEDED") ? 2 : 1)
                .put("skipped_stages", 0).put("submission_time", start);
        if (end > 0) {
            job.put("completion_time", end);
        } else {
            job.putNull("completion_time");
        }
        return job;
    }
}
