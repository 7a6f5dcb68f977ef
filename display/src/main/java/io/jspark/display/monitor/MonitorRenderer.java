package io.jspark.display.monitor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jspark.display.MimeBundle;
import io.jspark.monitor.CellSnapshot;
import java.util.List;
import java.util.function.Supplier;

/**
 * Turns a cell's snapshot into the MIME bundle shown under the cell: HTML, plain text and the JSON
 * snapshot. The JSON holds every job the model keeps; the HTML and text draw every job too, within
 * {@link #MAX_BYTES} whatever the size of the cell's work: finished jobs compactly when space is short.
 */
public final class MonitorRenderer {
    public static final String MIME_TYPE = "application/vnd.sparkmonitor+json";
    public static final int MAX_BYTES = 64 * 1024;
    /** Jobs in the JSON of a live update. */
    public static final int LIVE_JSON_JOBS = 50;
    /** Headroom for the rest of the message: header, parent header, display id. */
    private static final int BUDGET = MAX_BYTES - 2 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<String> sparkUiUrl;
    private final Supplier<String> executorRequest;

    /** A renderer without links to the Spark UI. */
    public MonitorRenderer() {
        this(() -> null, () -> null);
    }

    /** {@code sparkUiUrl} gives the base URL of the Spark web UI as the browser reaches it, or null when there is none. */
    public MonitorRenderer(Supplier<String> sparkUiUrl) {
        this(sparkUiUrl, () -> null);
    }

    /**
     * {@code sparkUiUrl} gives the base URL of the Spark web UI as the browser reaches it, or null when
     * there is none; {@code executorRequest} says what executors the application asks a cluster for
     * ("executors of 2 cores and 4g"), or null, for a cell whose jobs wait for executors.
     */
    public MonitorRenderer(Supplier<String> sparkUiUrl, Supplier<String> executorRequest) {
        this.sparkUiUrl = sparkUiUrl;
        this.executorRequest = executorRequest;
    }

    /** The cell's final state: the JSON holds every job the model keeps. */
    public MimeBundle render(CellSnapshot snapshot) {
        return render(snapshot, true);
    }

    /**
     * With {@code complete} false (a live update while jobs run, replaced a moment later), the JSON holds
     * at most {@value #LIVE_JSON_JOBS} jobs, running and failed first, and counts the rest in
     * {@code omitted}, so that a cell looping over thousands of jobs does not send megabytes 4 times a second.
     */
    public MimeBundle render(CellSnapshot snapshot, boolean complete) {
        RenderLimits limits = RenderLimits.initial();
        String ui = sparkUiUrl.get();
        Object json = MonitorJson.render(snapshot, complete ? Integer.MAX_VALUE : LIVE_JSON_JOBS);
        while (true) {
            SnapshotView view = SnapshotView.of(snapshot, limits);
            String waiting = ExecutorWait.notice(view, executorRequest);
            String html = MonitorHtml.render(view, ui, limits, waiting);
            String text = MonitorText.render(view, waiting);
            RenderLimits smaller = limits.halved();
            if (smaller.equals(limits) || fits(html, text)) {
                return MimeBundle.builder()
                        .put(MimeBundle.TEXT_HTML, html)
                        .put(MimeBundle.TEXT_PLAIN, text)
                        .put(MIME_TYPE, json)
                        .build();
            }
            limits = smaller;
        }
    }

    /** Whether the drawn forms fit the budget once JSON-encoded; escaping at most doubles a string's length. */
    private static boolean fits(String html, String text) {
        long rough = 2L * (html.length() + text.length());
        return rough <= BUDGET || jsonSize(List.of(html, text)) <= BUDGET;
    }

    /** The size of the drawn forms (HTML and text) as they go over the wire; the JSON snapshot is not bounded by it. */
    public static int drawnSize(MimeBundle bundle) {
        return jsonSize(List.of(bundle.data().get(MimeBundle.TEXT_HTML), bundle.data().get(MimeBundle.TEXT_PLAIN)));
    }

    private static int jsonSize(Object tree) {
        try {
            return JSON.writeValueAsBytes(tree).length;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The size of a bundle as it goes over the wire, JSON-encoded. */
    public static int wireSize(MimeBundle bundle) {
        try {
            return JSON.writeValueAsBytes(bundle.data()).length;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
