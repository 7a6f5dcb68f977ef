package io.jspark.display.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jspark.display.MimeBundle;
import io.jspark.monitor.ActivityPoint;
import io.jspark.monitor.CellSnapshot;
import io.jspark.monitor.DroppedJobs;
import io.jspark.monitor.ExecutorSnapshot;
import io.jspark.monitor.JobSnapshot;
import io.jspark.monitor.JobStatus;
import io.jspark.monitor.StageSnapshot;
import io.jspark.monitor.StageStatus;
import io.jspark.monitor.TaskSnapshot;
import io.jspark.monitor.TaskStatus;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MonitorRendererTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NASTY = "<script>alert(1)</script> \"quotes\" & ampersands";

    private static String html(MimeBundle b) {
        return (String) b.get(MimeBundle.TEXT_HTML);
    }

    private static String text(MimeBundle b) {
        return (String) b.get(MimeBundle.TEXT_PLAIN);
    }

    /** The JSON form as it goes over the wire, read back. */
    private static JsonNode json(MimeBundle b) throws Exception {
        return JSON.readTree(JSON.writeValueAsBytes(b.get(MonitorRenderer.MIME_TYPE)));
    }

    private static int count(String haystack, String needle) {
        int n = 0;
        for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void bundleHasTheThreeForms() {
        MimeBundle b = new MonitorRenderer().render(Snapshots.realistic());
        assertEquals(Set.of(MimeBundle.TEXT_HTML, MimeBundle.TEXT_PLAIN, MonitorRenderer.MIME_TYPE), b.data().keySet());
        assertTrue(MonitorRenderer.wireSize(b) <= MonitorRenderer.MAX_BYTES);
    }

    /** Lab's themes colour text on the page; elsewhere the fallbacks are the colours it always had. Badges keep theirs. */
    @Test
    void textColoursAreLabThemeVariablesWithTheirFallbacks() {
        String h = html(new MonitorRenderer().render(Snapshots.realistic()));
        assertTrue(h.startsWith("<div class=\"jspark-monitor tex2jax_ignore mathjax_ignore\" style=\"font-family:var(--jp-ui-font-family, "
                + "system-ui, -apple-system, 'Segoe UI', sans-serif);"), h.substring(0, 200));
        assertTrue(h.contains("color:var(--jp-error-color1, #dc3545)"), "a failure reason");
        assertTrue(h.contains("background:var(--jp-brand-color1, #3b82f6);margin-right:3px"), "the header's running dot");
        assertFalse(Pattern.compile("[^-]color:#(?!fff)").matcher(h).find(), "every text colour but a badge's is Lab's variable");
        assertTrue(h.contains("<span style=\"background:#2e9e4f;color:#fff;"), "a SUCCEEDED badge");
    }

    @Test
    void htmlShowsJobsBadgesStageFoldsAndProgressWithoutScript() {
        String h = html(new MonitorRenderer().render(Snapshots.realistic()));
        for (int id : new int[] {3, 4, 5}) {
            assertTrue(h.contains("\">" + id + "</td>"), "job id " + id + " in its cell");
        }
        assertTrue(h.contains(">SUCCEEDED</span>"));
        assertTrue(h.contains(">RUNNING</span>"));
        assertTrue(h.contains(">FAILED</span>"));
        assertTrue(h.contains(">COMPLETE</span>"), "stage badge");
        assertTrue(h.contains(">ACTIVE</span>"), "stage badge");
        assertTrue(count(h, "<details") >= 3, "a stage fold per job");
        assertTrue(h.contains("<details open><summary"), "the running job's stages are unfolded");
        assertTrue(h.contains("2 stages</summary>"));
        // Job 4: 4 of 8 tasks done (green), 2 of 8 running (blue); job 3: all done.
        assertTrue(h.contains("width:50%;background:" + Palette.SUCCESS.hex), "4/8 completed is half the bar");
        assertTrue(h.contains("width:25%;background:" + Palette.RUNNING.hex), "2/8 running is a quarter");
        assertTrue(h.contains("width:100%;background:" + Palette.SUCCESS.hex));
        assertTrue(h.contains("4/8"));
        assertTrue(h.contains("Job aborted due to stage failure: Task 0 in stage 6.0 failed 4 times"));
        assertFalse(h.contains("at Foo.bar"), "only the first line of a failure reason");
        assertTrue(h.contains("appear when the jobs end"), "live updates say where the other views went");
        assertTrue(h.contains("title=\"collect at cell [5], line 4\""), "the call site is the hover title");
        assertTrue(h.startsWith("<div class=\"jspark-monitor tex2jax_ignore mathjax_ignore\""), "MathJax 2 and 3 skip the monitor");
        assertTrue(h.contains("1 executor · 4 cores"), h);
        assertFalse(h.toLowerCase().contains("<script"));
        assertFalse(h.toLowerCase().contains("javascript:"));
        assertFalse(Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE).matcher(h).find(), "no event handlers");
    }

    @Test
    void sparkUiLinksWhenThereIsAUi() {
        String h = html(new MonitorRenderer(() -> "http://127.0.0.1:4040").render(Snapshots.realistic()));
        assertTrue(h.contains("href=\"http://127.0.0.1:4040/jobs/job/?id=4\""));
        assertTrue(h.contains("href=\"http://127.0.0.1:4040/stages/stage/?id=4&amp;attempt=0\""));
        assertFalse(h.toLowerCase().contains("<script"));
    }

    /** The UI's kill endpoints take a GET without CSRF protection, and job ids repeat across applications. */
    @Test
    void noLinkGoesToTheSparkUisKillEndpoints() {
        String h = html(new MonitorRenderer(() -> "http://127.0.0.1:4040").render(Snapshots.realistic()));
        assertTrue(h.contains("RUNNING") && h.contains("ACTIVE"), "a running job and an active stage are drawn");
        java.util.regex.Matcher links = java.util.regex.Pattern.compile("href=\"([^\"]*)\"").matcher(h);
        int count = 0;
        while (links.find()) {
            count++;
            assertFalse(links.group(1).contains("/kill"), links.group(1));
        }
        assertTrue(count > 0);
    }

    @Test
    void userTextIsEscapedInHtmlAndRawInJson() throws Exception {
        CellSnapshot base = Snapshots.realistic();
        List<JobSnapshot> jobs = new ArrayList<>();
        jobs.add(Snapshots.job(7, NASTY, JobStatus.FAILED, 1, 0, 0, 1, List.of(7), "boom <b>bold</b> & \"x\""));
        List<StageSnapshot> stages = List.of(Snapshots.stage(7, 7, "<img src=x onerror=alert(1)>", StageStatus.FAILED,
                1, 0, 0, 1, "<script>evil()</script>"));
        List<ExecutorSnapshot> executors = List.of(new ExecutorSnapshot("<e1>", "<host>&", 2, 0, 0, 1, Snapshots.T0, Snapshots.T0 + 10,
                "<script>lost()</script>"));
        List<TaskSnapshot> tasks = List.of(Snapshots.task(1, 0, 7, "<e1>", Snapshots.T0 + 7000, Snapshots.T0 + 7100,
                TaskStatus.FAILED, "<script>trace()</script>"));
        CellSnapshot s = new CellSnapshot("<cell>", 9, base.time() + 5000, jobs, stages, executors, tasks,
                List.of(new ActivityPoint(Snapshots.T0 + 7000, 1, 2), new ActivityPoint(Snapshots.T0 + 7100, 0, 2)), DroppedJobs.NONE, 0);
        MimeBundle b = new MonitorRenderer(() -> "http://host:4040/?a=\"<x>\"").render(s);
        String h = html(b);
        assertTrue(h.contains("&lt;script&gt;alert(1)&lt;/script&gt; &quot;quotes&quot; &amp; ampersands"), h);
        assertFalse(h.toLowerCase().contains("<script"));
        assertFalse(h.toLowerCase().contains("<img"));
        assertFalse(h.contains("<b>bold"));
        assertFalse(h.contains("<host>"));
        assertFalse(h.contains("<e1>"));
        assertFalse(h.contains("\"<x>\""));
        assertTrue(h.contains("&lt;img src=x onerror=alert(1)&gt;"));

        JsonNode j = json(b);
        assertEquals(NASTY, j.get("jobs").get(0).get("description").asText());
        assertEquals("<img src=x onerror=alert(1)>", j.get("stages").get(0).get("name").asText());
        assertEquals("<host>&", j.get("executors").get(0).get("host").asText());
        assertEquals("<cell>", j.get("cell").get("id").asText());
        assertTrue(text(b).contains(NASTY), "plain text is not HTML: the description appears as is");
    }

    @Test
    void plainTextHasOneLinePerJobWithABar() {
        String t = text(new MonitorRenderer().render(Snapshots.realistic()));
        List<String> jobLines = t.lines().filter(l -> l.startsWith("Job ")).toList();
        assertEquals(3, jobLines.size(), t);
        Pattern bar = Pattern.compile("\\[[#>.]{20}\\]");
        for (String line : jobLines) {
            assertTrue(bar.matcher(line).find(), "bar in " + line);
        }
        String running = jobLines.stream().filter(l -> l.startsWith("Job 4 ")).findFirst().orElseThrow();
        assertTrue(running.contains("RUNNING"));
        assertTrue(running.contains("[##########>>>>>.....]"), running);
        assertTrue(running.contains("4/8 tasks"));
        assertTrue(running.contains("2 running"));
        String done = jobLines.stream().filter(l -> l.startsWith("Job 3 ")).findFirst().orElseThrow();
        assertTrue(done.contains("[####################]"), done);
        assertTrue(done.contains("load table"));
        assertTrue(t.startsWith("Spark jobs of cell [5]: 1 running, 1 succeeded, 1 failed"), t);
        assertFalse(t.contains("<"), "no markup in plain text");
    }

    @Test
    void jsonFollowsSchemaVersion1() throws Exception {
        JsonNode j = json(new MonitorRenderer().render(Snapshots.realistic()));
        assertEquals(1, j.get("schema_version").asInt());
        assertEquals("msg-1", j.get("cell").get("id").asText());
        assertEquals(5, j.get("cell").get("execution_count").asInt());
        assertEquals(Snapshots.T0 + 6000, j.get("time").asLong());

        JsonNode summary = j.get("summary");
        for (String f : List.of("jobs", "running", "succeeded", "failed", "cancelled", "executors", "cores", "all_done")) {
            assertTrue(summary.has(f), "summary." + f);
        }
        assertEquals(3, summary.get("jobs").asInt());
        assertEquals(1, summary.get("running").asInt());
        assertEquals(1, summary.get("succeeded").asInt());
        assertEquals(1, summary.get("failed").asInt());
        assertEquals(0, summary.get("cancelled").asInt());
        assertEquals(1, summary.get("executors").asInt());
        assertEquals(4, summary.get("cores").asInt());
        assertFalse(summary.get("all_done").asBoolean());

        JsonNode jobs = j.get("jobs");
        assertEquals(3, jobs.size());
        List<String> jobFields = List.of("id", "description", "call_site", "status", "submission_time", "completion_time",
                "stage_ids", "num_tasks", "active_tasks", "completed_tasks", "failed_tasks", "skipped_tasks", "killed_tasks",
                "num_stages", "completed_stages", "failed_stages", "skipped_stages", "failure_reason", "sql_execution_id",
                "sql_description");
        for (JsonNode job : jobs) {
            for (String f : jobFields) {
                assertTrue(job.has(f), "jobs[]." + f + " in " + job);
            }
        }
        JsonNode running = jobs.get(1);
        assertEquals(4, running.get("id").asInt());
        assertEquals("RUNNING", running.get("status").asText());
        assertEquals(8, running.get("num_tasks").asInt());
        assertEquals(4, running.get("completed_tasks").asInt());
        assertEquals(2, running.get("active_tasks").asInt());
        assertEquals(-1, running.get("completion_time").asLong());
        assertEquals(-1, running.get("sql_execution_id").asLong());
        assertEquals("[4,5]", running.get("stage_ids").toString());
        assertEquals("FAILED", jobs.get(2).get("status").asText());
        assertTrue(jobs.get(2).get("failure_reason").asText().startsWith("Job aborted due to stage failure"));
        assertTrue(jobs.get(0).get("failure_reason").isNull());

        JsonNode stages = j.get("stages");
        assertEquals(4, stages.size());
        List<String> stageFields = List.of("id", "attempt", "name", "status", "job_ids", "num_tasks", "active_tasks",
                "completed_tasks", "failed_tasks", "killed_tasks", "input_bytes", "output_bytes", "shuffle_read_bytes",
                "shuffle_write_bytes", "submission_time", "completion_time", "failure_reason");
        for (JsonNode stage : stages) {
            for (String f : stageFields) {
                assertTrue(stage.has(f), "stages[]." + f + " in " + stage);
            }
        }
        Set<String> statuses = new HashSet<>();
        stages.forEach(s -> statuses.add(s.get("status").asText()));
        assertEquals(Set.of("COMPLETE", "ACTIVE", "PENDING", "FAILED"), statuses);

        JsonNode executors = j.get("executors");
        assertEquals(2, executors.size());
        for (JsonNode e : executors) {
            for (String f : List.of("id", "host", "cores", "active_tasks", "completed_tasks", "failed_tasks", "add_time",
                    "remove_time", "remove_reason")) {
                assertTrue(e.has(f), "executors[]." + f);
            }
        }
        JsonNode removed = executors.get(1);
        assertEquals("1", removed.get("id").asText());
        assertEquals(Snapshots.T0 + 2000, removed.get("remove_time").asLong());
        assertEquals(-1, executors.get(0).get("remove_time").asLong());

        JsonNode activity = j.get("activity");
        assertEquals(10, activity.size());
        for (JsonNode p : activity) {
            assertTrue(p.isArray() && p.size() == 3, "activity point [time, running, cores]: " + p);
        }
        assertEquals(Snapshots.T0 + 3000, activity.get(0).get(0).asLong());
        assertEquals(12, activity.get(0).get(2).asInt());
    }

    @Test
    void allDoneWhenEveryJobHasEnded() throws Exception {
        CellSnapshot s = Snapshots.realistic();
        List<JobSnapshot> jobs = s.jobs().stream().filter(j -> j.status() != JobStatus.RUNNING).toList();
        CellSnapshot done = new CellSnapshot(s.cellId(), s.executionCount(), s.time(), jobs, s.stages(), s.executors(),
                s.tasks(), s.activity(), DroppedJobs.NONE, 0);
        assertTrue(json(new MonitorRenderer().render(done)).get("summary").get("all_done").asBoolean());
    }

    private static String longText(String prefix, int length) {
        StringBuilder sb = new StringBuilder(prefix);
        while (sb.length() < length) {
            sb.append(" lorem ipsum <dolor> & sit amet");
        }
        return sb.substring(0, length);
    }

    /** 5,000 jobs (three old ones still running), 20,000 stages, 2,000 executors, long names. */
    private static CellSnapshot huge() {
        List<JobSnapshot> jobs = new ArrayList<>();
        List<StageSnapshot> stages = new ArrayList<>();
        List<TaskSnapshot> tasks = new ArrayList<>();
        Set<Integer> running = Set.of(10, 20, 30);
        for (int j = 0; j < 5000; j++) {
            List<Integer> ids = List.of(4 * j, 4 * j + 1, 4 * j + 2, 4 * j + 3);
            JobStatus status = running.contains(j) ? JobStatus.RUNNING : j % 500 == 7 ? JobStatus.FAILED : JobStatus.SUCCEEDED;
            jobs.add(Snapshots.job(j, longText("job " + j + ":", 600), status, 400, status == JobStatus.RUNNING ? 150 : 400,
                    status == JobStatus.RUNNING ? 8 : 0, status == JobStatus.FAILED ? 4 : 0, ids,
                    status == JobStatus.FAILED ? longText("failure", 3000) : null));
            for (int id : ids) {
                stages.add(Snapshots.stage(id, j, longText("stage " + id + " at $JShell$12.java:" + id, 400),
                        status == JobStatus.RUNNING ? StageStatus.ACTIVE : StageStatus.COMPLETE, 100, 100, 0, 0, null));
            }
        }
        List<ExecutorSnapshot> executors = new ArrayList<>();
        for (int e = 0; e < 2000; e++) {
            executors.add(new ExecutorSnapshot("exec-" + e, longText("host-" + e + ".a-very-long-domain", 200), 16, e % 3, 500, 2,
                    Snapshots.T0, e % 2 == 0 ? -1 : Snapshots.T0 + 50_000, e % 2 == 0 ? null : longText("lost", 500)));
        }
        for (int t = 0; t < 4000; t++) {
            tasks.add(Snapshots.task(t, t % 100, t % 20000, "exec-" + (t % 2000), Snapshots.T0 + t * 13L,
                    Snapshots.T0 + t * 13L + 500 + t % 700, t % 97 == 0 ? TaskStatus.FAILED : TaskStatus.SUCCESS,
                    t % 97 == 0 ? longText("java.lang.IllegalStateException", 2000) : null));
        }
        List<ActivityPoint> activity = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            activity.add(new ActivityPoint(Snapshots.T0 + i * 5000L, (i * 37) % 300, 16_000));
        }
        return new CellSnapshot("big-cell", 12, Snapshots.T0 + 6_000_000, jobs, stages, executors, tasks, activity, DroppedJobs.NONE, 123_456);
    }

    @Test
    void hugeSnapshotIsDrawnWithinTheBoundAndNamesEveryJob() throws Exception {
        MimeBundle b = new MonitorRenderer(() -> "http://localhost:4040").render(huge());
        int drawn = MonitorRenderer.drawnSize(b);
        assertTrue(drawn <= MonitorRenderer.MAX_BYTES, "HTML and text take " + drawn);
        JsonNode j = json(b);
        assertEquals(5000, j.get("jobs").size());
        assertEquals(3, j.get("summary").get("running").asInt());
        assertEquals(123_456, j.get("omitted").get("tasks").asLong());
        String t = text(b);
        for (int running : new int[] {10, 20, 30}) {
            assertTrue(t.contains("Job " + running + " "), "running job " + running + " in full: " + t);
        }
        assertEquals(range(5000), jobIdsIn(html(b)));
        assertFalse(html(b).toLowerCase().contains("<script"));
    }

    /** Every job id of the HTML: as a row of its own, or within a range a group names without rows. */
    private static Set<Integer> jobIdsIn(String html) {
        Set<Integer> ids = new HashSet<>();
        Matcher row = Pattern.compile("<tr class=\"jspark-job\"[^>]*><td style=\"[^\"]*\">(?:<a [^>]*>)?(\\d+)(?:</a>)?</td>").matcher(html);
        while (row.find()) {
            ids.add(Integer.parseInt(row.group(1)));
        }
        Matcher range = Pattern.compile("Jobs? (\\d+)(?:–(\\d+) \\(\\d+\\))? have no row here").matcher(html);
        while (range.find()) {
            int last = range.group(2) == null ? Integer.parseInt(range.group(1)) : Integer.parseInt(range.group(2));
            for (int id = Integer.parseInt(range.group(1)); id <= last; id++) {
                ids.add(id);
            }
        }
        return ids;
    }

    private static Set<Integer> range(int n) {
        Set<Integer> ids = new HashSet<>();
        for (int i = 0; i < n; i++) {
            ids.add(i);
        }
        return ids;
    }

    @Test
    void everyJobOfACellIsInTheJsonAndTheHtmlWithinTheBound() throws Exception {
        for (int n : new int[] {13, 200, 2000}) {
            CellSnapshot s = Snapshots.manyJobs(n);
            MimeBundle b = new MonitorRenderer(() -> "http://127.0.0.1:4040").render(s);
            int drawn = MonitorRenderer.drawnSize(b);
            assertTrue(drawn <= MonitorRenderer.MAX_BYTES, n + " jobs: HTML and text take " + drawn + " bytes");

            JsonNode j = json(b);
            assertEquals(n, j.get("jobs").size(), n + " jobs in the JSON");
            assertEquals(2 * n, j.get("stages").size());
            assertEquals(n, j.get("summary").get("jobs").asInt());
            assertEquals(n / 50, j.get("summary").get("failed").asInt());
            assertEquals(0, j.get("omitted").get("jobs").asInt());

            String h = html(b);
            assertEquals(range(n), jobIdsIn(h), n + " jobs: every job has a row or is named by a group");
            assertTrue(h.contains("<span>" + (n - n / 50) + " succeeded</span>") || h.contains(">" + (n - n / 50) + " succeeded</span>"),
                    "the header counts every job");
            // Failed jobs come first after running ones: the newest of them at least have their failure shown.
            for (int failed = n - n % 50 - 1, shown = 0; failed > 0 && shown < 4; failed -= 50, shown++) {
                assertTrue(h.contains("boom " + failed), "failed job " + failed + " is drawn with its failure");
            }
            String t = text(b);
            long lines = t.lines().filter(l -> l.startsWith("Job ")).count();
            assertTrue(lines >= Math.min(n / 50, 5), n + " jobs: " + lines + " lines in full, the failed jobs first");
            if (n > 40) {
                assertTrue(h.contains("<details class=\"jspark-job-group\">"), "finished jobs fold into groups");
                assertTrue(Pattern.compile("\\d+ succeeded jobs \\(\\d+–\\d+\\) · \\d+ tasks \\(\\d+ skipped\\) · ").matcher(h).find(), h);
                assertTrue(t.contains("succeeded jobs ("), "the text form names the groups too");
            }
            assertFalse(h.toLowerCase().contains("<script"));
        }
    }

    @Test
    void thirteenJobsAllHaveRowsBesideTheViews() {
        MimeBundle b = new MonitorRenderer(() -> "http://127.0.0.1:4040").render(Snapshots.manyJobs(13));
        String h = html(b);
        assertFalse(h.contains("jspark-job-group"), "no fold: a few compact rows stand in the table itself");
        assertEquals(Snapshots.manyJobs(13).jobs().size(), count(h, "<tr class=\"jspark-job\""), "a row per job");
        assertTrue(text(b).lines().filter(l -> l.startsWith("Job ")).count() >= 10, "most of them in full");
        assertTrue(h.contains("jspark-timeline"), "and the views still fit");
        assertTrue(h.contains("8/8 (8 skipped)"), "tasks of a skipped stage are not counted as done: " + h);
        assertTrue(h.contains("1/1 <span style=\"opacity:0.7\">(1 skipped)</span>"), "stages as Spark's UI counts them");
        assertTrue(h.contains("1 executor · 1 core<"), "one core, not one cores");
        assertTrue(text(b).contains("8/8 tasks (8 skipped)"), text(b));
    }

    @Test
    void theTimelineAxisSpansTheWholeCell() {
        CellSnapshot s = Snapshots.manyJobs(2000);
        MimeBundle b = new MonitorRenderer().render(s);
        String h = html(b);
        int start = h.indexOf("jspark-timeline");
        assertTrue(start > 0, "timeline drawn");
        String timeline = h.substring(start, h.indexOf("</svg>", start));
        // The cell runs 2000 jobs 100 ms apart: about 200 s, although only the newest jobs are drawn in full.
        assertTrue(timeline.contains(">2 min 30 s<"),
                "axis ticks reach the end of the cell: " + timeline.substring(0, Math.min(timeline.length(), 3000)));
        assertTrue(timeline.contains("Jobs 0–"), "the earliest jobs are drawn as a group bar");
    }

    @Test
    void runningAndFailedJobsAreDrawnInFull() throws Exception {
        List<JobSnapshot> jobs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            JobStatus status = i == 0 || i == 1 ? JobStatus.RUNNING : i == 2 ? JobStatus.FAILED : JobStatus.SUCCEEDED;
            jobs.add(Snapshots.job(i, "job " + i, status, 4, status == JobStatus.RUNNING ? 1 : 4, 0, 0, List.of(), null));
        }
        CellSnapshot s = new CellSnapshot("c", 1, Snapshots.T0 + 500_000, jobs, List.of(), List.of(), List.of(), List.of(),
                DroppedJobs.NONE, 0);
        MimeBundle b = new MonitorRenderer().render(s);
        List<Integer> full = new ArrayList<>();
        for (String line : text(b).lines().filter(l -> l.startsWith("Job ")).toList()) {
            full.add(Integer.parseInt(line.split("\\s+")[1]));
        }
        assertTrue(full.size() < 200);
        assertTrue(full.containsAll(List.of(0, 1, 2)), "running and failed jobs in full: " + full);
        assertEquals(full.stream().sorted().toList(), full, "in job order");
        assertEquals(200, json(b).get("jobs").size());
        String h = html(b);
        assertEquals(range(200), jobIdsIn(h));
        assertTrue(h.contains("<tr class=\"jspark-job\"><td style=\"padding:1px 6px;text-align:left;\">199</td>"),
                "the newest jobs get compact rows first");
    }

    @Test
    void jobsTheModelDroppedAreCountedInTheHeaderAndTheJson() throws Exception {
        CellSnapshot base = Snapshots.manyJobs(20);
        CellSnapshot s = new CellSnapshot(base.cellId(), base.executionCount(), base.time(), base.jobs(), base.stages(),
                base.executors(), base.tasks(), base.activity(), new DroppedJobs(300, 4, 1, 610, Snapshots.T0 - 60_000), 0);
        MimeBundle b = new MonitorRenderer().render(s);
        JsonNode j = json(b);
        assertEquals(325, j.get("summary").get("jobs").asInt());
        assertEquals(300 + 20, j.get("summary").get("succeeded").asInt());
        assertEquals(305, j.get("omitted").get("jobs").asInt());
        assertEquals(610, j.get("omitted").get("stages").asInt());
        String h = html(b);
        assertTrue(h.contains("305 earlier jobs are counted above but no longer kept (300 succeeded, 4 failed, 1 cancelled)"), h);
        assertTrue(h.contains(">1 cancelled</span>"));
        assertTrue(h.contains("1 min "), "the duration covers the dropped jobs too");
    }

    /** A cluster that grants no executor: the cell says what its jobs wait for, and stops saying so once one registers. */
    @Test
    void jobsWithoutAnyExecutorSayWhatTheyWaitFor() {
        JobSnapshot job = Snapshots.job(0, "count", JobStatus.RUNNING, 2, 0, 0, 0, List.of(0), null);
        StageSnapshot stage = Snapshots.stage(0, 0, "count", StageStatus.ACTIVE, 2, 0, 0, 0, null);
        CellSnapshot waiting = new CellSnapshot("c", 3, Snapshots.T0 + 14_000, List.of(job), List.of(stage), List.of(),
                List.of(), List.of(), DroppedJobs.NONE, 0);
        MonitorRenderer renderer = new MonitorRenderer(() -> null, () -> "executors of 64g and 1 core (spark.executor.memory, spark.executor.cores)");
        MimeBundle b = renderer.render(waiting, false);
        String expected = "Waiting for executors: none has registered with the driver in 14.0 s. This application asks for executors"
                + " of 64g and 1 core (spark.executor.memory, spark.executor.cores); the cluster manager starts one once a worker"
                + " has that much free";
        assertTrue(text(b).contains(expected), text(b));
        assertTrue(html(b).contains("class=\"jspark-waiting\""), html(b));
        assertTrue(html(b).contains(expected), html(b));
        assertTrue(text(new MonitorRenderer().render(waiting)).contains("the cores and memory this application asks for"),
                "without a known request it says what to look at");

        ExecutorSnapshot executor = new ExecutorSnapshot("0", "127.0.0.1", 1, 1, 0, 0, Snapshots.T0 + 15_000, -1, null);
        CellSnapshot running = new CellSnapshot("c", 3, Snapshots.T0 + 16_000, List.of(job), List.of(stage), List.of(executor),
                List.of(), List.of(), DroppedJobs.NONE, 0);
        assertFalse(text(renderer.render(running, false)).contains("Waiting for executors"));
        assertFalse(html(renderer.render(running, false)).contains("jspark-waiting"));
        CellSnapshot done = new CellSnapshot("c", 3, Snapshots.T0 + 16_000,
                List.of(Snapshots.job(0, "count", JobStatus.SUCCEEDED, 2, 2, 0, 0, List.of(0), null)), List.of(stage), List.of(),
                List.of(), List.of(), DroppedJobs.NONE, 0);
        assertFalse(text(renderer.render(done)).contains("Waiting for executors"), "a finished cell waits for nothing");
    }

    /** A job whose description (or SQL text) is larger than a whole update. */
    @Test
    void oneJobWithAHugeDescriptionStillFits() {
        String description = longText("SELECT ", 200_000);
        JobSnapshot job = new JobSnapshot(0, description, longText("call site", 100_000), JobStatus.RUNNING, Snapshots.T0, -1,
                List.of(0), 4, 1, 0, 0, 0, 0, 1, 0, 0, 0, null, 3, longText("SELECT sql", 200_000));
        CellSnapshot s = new CellSnapshot("c", 1, Snapshots.T0 + 1000, List.of(job),
                List.of(Snapshots.stage(0, 0, longText("stage", 100_000), StageStatus.ACTIVE, 4, 0, 1, 0, null)),
                List.of(), List.of(), List.of(), DroppedJobs.NONE, 0);
        MimeBundle b = new MonitorRenderer().render(s);
        int size = MonitorRenderer.wireSize(b);
        assertTrue(size <= MonitorRenderer.MAX_BYTES, "wire size " + size + " > " + MonitorRenderer.MAX_BYTES);
    }
}
