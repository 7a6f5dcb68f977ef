package io.jspark.display.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jspark.display.MimeBundle;
import io.jspark.monitor.JobStatus;
import io.jspark.monitor.MonitorLimits;
import io.jspark.monitor.MonitorModel;
import io.jspark.monitor.TaskMetricsView;
import io.jspark.monitor.TaskStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The throttle, with a real model fed through its methods and a sink that records what it is sent. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MonitorDisplayTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Call(boolean show, String cellId, String displayId, MimeBundle bundle, long nanos, boolean afterClose, String thread) {
        JsonNode json() throws Exception {
            return JSON.readTree(JSON.writeValueAsBytes(bundle.get(MonitorRenderer.MIME_TYPE)));
        }
    }

    static final class RecordingSink implements DisplaySink {
        final List<Call> calls = new ArrayList<>();
        final AtomicBoolean closed = new AtomicBoolean();

        @Override
        public synchronized void show(String cellId, String displayId, MimeBundle bundle) {
            calls.add(new Call(true, cellId, displayId, bundle, System.nanoTime(), closed.get(),
                    Thread.currentThread().getName()));
            notifyAll();
        }

        @Override
        public synchronized void update(String cellId, String displayId, MimeBundle bundle) {
            calls.add(new Call(false, cellId, displayId, bundle, System.nanoTime(), closed.get(),
                    Thread.currentThread().getName()));
            notifyAll();
        }

        synchronized List<Call> calls() {
            return List.copyOf(calls);
        }

        synchronized List<Call> callsFor(String cellId) {
            return calls.stream().filter(c -> c.cellId().equals(cellId)).toList();
        }

        synchronized Call awaitCall(int index, long timeoutMs) throws InterruptedException {
            long deadline = System.currentTimeMillis() + timeoutMs;
            while (calls.size() <= index) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    return null;
                }
                wait(left);
            }
            return calls.get(index);
        }
    }

    private final MonitorModel model = new MonitorModel(MonitorLimits.defaults());
    private final RecordingSink sink = new RecordingSink();
    private final MonitorDisplay display = new MonitorDisplay(model, new MonitorRenderer(), sink);
    private final AtomicLong taskIds = new AtomicLong();

    @AfterEach
    void close() {
        display.close();
    }

    private void startJob(String cellId, int jobId, int stageId, int tasks) {
        model.jobStarted(jobId, System.currentTimeMillis(), cellId, 1, "job " + jobId, "site", -1,
                List.of(new MonitorModel.StageDef(stageId, 0, "stage " + stageId, tasks)));
        model.stageSubmitted(stageId, 0, "stage " + stageId, tasks, System.currentTimeMillis());
    }

    /** One short task of the stage: the cell's state changes twice. */
    private void runTask(int stageId, int index) {
        long id = taskIds.incrementAndGet();
        long now = System.currentTimeMillis();
        model.taskStarted(stageId, 0, id, index, 0, "1", "h", now, false);
        model.taskEnded(stageId, 0, id, TaskStatus.SUCCESS, now + 1, TaskMetricsView.none(index, "1"), null);
    }

    private void endJob(int jobId, int stageId) {
        long now = System.currentTimeMillis();
        model.stageCompleted(stageId, 0, now, null);
        model.jobEnded(jobId, now, JobStatus.SUCCEEDED, null);
    }

    @Test
    void firstJobIsShownAtOnce() throws Exception {
        display.start();
        Thread.sleep(120);
        assertTrue(sink.calls().isEmpty());
        long start = System.nanoTime();
        startJob("cell-1", 0, 0, 4);
        Call first = sink.awaitCall(0, 3000);
        assertNotNull(first, "no display within 3 s");
        long delayMs = (first.nanos() - start) / 1_000_000;
        assertTrue(delayMs < 500, "first display after " + delayMs + " ms");
        assertTrue(first.show());
        assertEquals("cell-1", first.cellId());
        assertNotNull(first.displayId());
        JsonNode json = first.json();
        assertEquals(0, json.get("jobs").get(0).get("id").asInt());
        assertEquals("RUNNING", json.get("jobs").get(0).get("status").asText());
        assertFalse(json.get("summary").get("all_done").asBoolean());
    }

    @Test
    void continuousChangesAreSentAtMostFourTimesASecond() throws Exception {
        display.start();
        startJob("cell-1", 0, 0, 1_000_000);
        assertNotNull(sink.awaitCall(0, 3000));
        long from = System.nanoTime();
        long until = from + TimeUnit.SECONDS.toNanos(2);
        int index = 0;
        while (System.nanoTime() < until) {
            runTask(0, index++);
            Thread.sleep(2);
        }
        List<Call> during = sink.callsFor("cell-1").stream().filter(c -> c.nanos() > from && c.nanos() <= until).toList();
        // 2 s at 4 a second, plus one for where the window falls.
        assertTrue(during.size() <= 9, during.size() + " updates in 2 s");
        assertTrue(during.size() >= 3, "updates keep coming while tasks change: " + during.size());
        List<Call> all = sink.callsFor("cell-1");
        for (int i = 1; i < all.size(); i++) {
            long gapMs = (all.get(i).nanos() - all.get(i - 1).nanos()) / 1_000_000;
            assertTrue(gapMs >= 200, "updates " + gapMs + " ms apart");
            assertFalse(all.get(i).show(), "later sends update the first display");
            assertEquals(all.get(0).displayId(), all.get(i).displayId());
        }
    }

    @Test
    void cellFinishedSendsTheFinalState() throws Exception {
        display.start();
        startJob("cell-1", 0, 0, 4);
        assertNotNull(sink.awaitCall(0, 3000));
        runTask(0, 0);
        Thread finisher = new Thread(() -> display.cellFinished("cell-1", 10_000));
        long start = System.nanoTime();
        finisher.start();
        Thread.sleep(100);
        assertTrue(finisher.isAlive(), "cellFinished waits for the cell's jobs to end");
        for (int i = 1; i < 4; i++) {
            runTask(0, i);
        }
        endJob(0, 0);
        finisher.join(5000);
        assertFalse(finisher.isAlive());
        assertTrue((System.nanoTime() - start) / 1_000_000 < 5000, "cellFinished returns once the jobs are done");
        List<Call> calls = sink.callsFor("cell-1");
        Call last = calls.get(calls.size() - 1);
        assertFalse(last.show());
        assertEquals(calls.get(0).displayId(), last.displayId());
        JsonNode json = last.json();
        assertTrue(json.get("summary").get("all_done").asBoolean(), json.toString());
        assertEquals("SUCCEEDED", json.get("jobs").get(0).get("status").asText());
        assertEquals(4, json.get("jobs").get(0).get("completed_tasks").asInt());
    }

    @Test
    void liveUpdatesOfACellWithManyJobsCarryFewJobsAndTheFinalStateAllOfThem() throws Exception {
        display.start();
        for (int j = 0; j < 300; j++) {
            startJob("loop", j, j, 1);
            runTask(j, 0);
            endJob(j, j);
        }
        startJob("loop", 300, 300, 1);
        Call live = sink.awaitCall(0, 3000);
        assertNotNull(live);
        JsonNode liveJson = live.json();
        assertTrue(liveJson.get("jobs").size() <= MonitorRenderer.LIVE_JSON_JOBS, "a live update holds a few jobs");
        assertEquals(liveJson.get("summary").get("jobs").asInt(),
                liveJson.get("jobs").size() + liveJson.get("omitted").get("jobs").asInt(), "and counts the rest");
        runTask(300, 0);
        endJob(300, 300);
        // The display thread may send this state before the cell ends: the final state must still hold every job.
        Thread.sleep(600);
        display.cellFinished("loop", 1000);
        List<Call> calls = sink.callsFor("loop");
        JsonNode last = calls.get(calls.size() - 1).json();
        assertEquals(301, last.get("jobs").size());
        assertEquals(0, last.get("omitted").get("jobs").asInt());
    }

    @Test
    void cellFinishedWithoutTheDisplayThreadStillSendsTheFinalState() throws Exception {
        startJob("cell-1", 0, 0, 2);
        runTask(0, 0);
        runTask(0, 1);
        endJob(0, 0);
        display.cellFinished("cell-1", 1000);
        List<Call> calls = sink.callsFor("cell-1");
        assertEquals(1, calls.size());
        assertTrue(calls.get(0).json().get("summary").get("all_done").asBoolean());
    }

    @Test
    void nothingIsSentForACellThatRanNoJob() throws Exception {
        display.start();
        display.cellFinished("quiet", 200);
        startJob("busy", 0, 0, 2);
        startJob(null, 1, 1, 2);
        runTask(1, 0);
        display.cellFinished("quiet", 200);
        Thread.sleep(500);
        assertTrue(sink.callsFor("quiet").isEmpty());
        assertTrue(sink.callsFor("").isEmpty(), "jobs of no cell are not displayed");
        assertFalse(sink.callsFor("busy").isEmpty());
    }

    @Test
    void displayThreadSendsNothingAfterClose() throws Exception {
        display.start();
        startJob("cell-1", 0, 0, 100);
        assertNotNull(sink.awaitCall(0, 3000));
        display.close();
        sink.closed.set(true);
        for (int i = 0; i < 50; i++) {
            runTask(0, i);
            Thread.sleep(10);
        }
        endJob(0, 0);
        Thread.sleep(400);
        assertTrue(sink.calls().stream().noneMatch(Call::afterClose), "sink called after close()");
    }

    @Test
    void cellFinishedAfterCloseSendsNothing() throws Exception {
        display.start();
        startJob("cell-1", 0, 0, 2);
        assertNotNull(sink.awaitCall(0, 3000));
        runTask(0, 0);
        runTask(0, 1);
        endJob(0, 0);
        display.close();
        sink.closed.set(true);
        display.cellFinished("cell-1", 100);
        assertTrue(sink.calls().stream().noneMatch(Call::afterClose), "sink called after close(): " + sink.calls().stream()
                .filter(Call::afterClose).map(c -> (c.show() ? "show " : "update ") + c.cellId() + " on thread " + c.thread()).toList());
    }

    /**
     * close() while a tick is under way: here the tick waits for the model's lock, which the listener
     * bus thread holds while it records an event. Once close() has returned, the sink must not be called.
     */
    @Test
    void aTickUnderWayWhenClosingDoesNotCallTheSinkAfterClose() throws Exception {
        display.start();
        startJob("cell-1", 0, 0, 100);
        assertNotNull(sink.awaitCall(0, 3000));
        Thread.sleep(MonitorDisplay.MIN_INTERVAL_MS + 100);
        synchronized (model) {
            runTask(0, 0);
            Thread.sleep(4 * MonitorDisplay.TICK_MS);
            display.close();
            sink.closed.set(true);
        }
        Thread.sleep(500);
        assertTrue(sink.calls().stream().noneMatch(Call::afterClose), "sink called after close() returned: " + sink.calls()
                .stream().filter(Call::afterClose).map(c -> (c.show() ? "show " : "update ") + c.cellId() + " on thread "
                        + c.thread()).toList());
    }
}
