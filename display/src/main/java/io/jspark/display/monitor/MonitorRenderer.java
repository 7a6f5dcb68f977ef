package io.jspark.display.monitor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jspark.display.MimeBundle;
import io.jspark.monitor.CellSnapshot;
import java.util.function.Supplier;

/**
 * Turns a cell's snapshot into the MIME bundle shown under the cell: HTML, plain text and the JSON
 * snapshot. Whatever the size of the cell's work, the bundle stays within {@link #MAX_BYTES}: what
 * does not fit is summarised, busiest and newest first.
 */
public final class MonitorRenderer {
    public static final String MIME_TYPE = "application/vnd.sparkmonitor+json";
    public static final int MAX_BYTES = 64 * 1024;
    /** Headroom for the rest of the message: header, parent header, display id. */
    private static final int BUDGET = MAX_BYTES - 2 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<String> sparkUiUrl;

    /** A renderer without links to the Spark UI. */
    public MonitorRenderer() {
        this(() -> null);
    }

    /** {@code sparkUiUrl} gives the base URL of the Spark web UI as the browser reaches it, or null when there is none. */
    public MonitorRenderer(Supplier<String> sparkUiUrl) {
        this.sparkUiUrl = sparkUiUrl;
    }

    public MimeBundle render(CellSnapshot snapshot) {
        RenderLimits limits = RenderLimits.initial();
        String ui = sparkUiUrl.get();
        while (true) {
            SnapshotView view = SnapshotView.of(snapshot, limits);
            MimeBundle bundle = MimeBundle.builder()
                    .put(MimeBundle.TEXT_HTML, MonitorHtml.render(view, ui, limits))
                    .put(MimeBundle.TEXT_PLAIN, MonitorText.render(view))
                    .put(MIME_TYPE, MonitorJson.render(view))
                    .build();
            RenderLimits smaller = limits.halved();
            if (smaller.equals(limits) || fits(bundle)) {
                return bundle;
            }
            limits = smaller;
        }
    }

    /**
     * Whether the bundle fits the budget. JSON escaping at most doubles a string's length, so when the
     * texts are small only the (small) JSON tree is serialised to measure, not the whole bundle.
     */
    private static boolean fits(MimeBundle bundle) {
        long rough = 0;
        for (Object value : bundle.data().values()) {
            rough += value instanceof String text ? 2L * text.length() : jsonSize(value);
        }
        return rough <= BUDGET || wireSize(bundle) <= BUDGET;
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
