package io.jspark.display;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable Jupyter MIME bundle: representations of one value keyed by MIME type, with optional
 * per-type metadata. Values are strings, or JSON-ready trees (maps, lists, numbers) for JSON types.
 */
public final class MimeBundle {
    public static final String TEXT_PLAIN = "text/plain";
    public static final String TEXT_HTML = "text/html";
    public static final String TEXT_MARKDOWN = "text/markdown";
    public static final String IMAGE_SVG = "image/svg+xml";
    public static final String IMAGE_PNG = "image/png";

    private final Map<String, Object> data;
    private final Map<String, Object> metadata;

    private MimeBundle(Map<String, Object> data, Map<String, Object> metadata) {
        this.data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    public static MimeBundle text(String text) {
        return builder().put(TEXT_PLAIN, text).build();
    }

    public static MimeBundle html(String html) {
        String text = HtmlText.of(html);
        return builder().put(TEXT_HTML, html).put(TEXT_PLAIN, text.isEmpty() ? "<HTML content>" : text).build();
    }

    public static MimeBundle markdown(String markdown) {
        return builder().put(TEXT_MARKDOWN, markdown).put(TEXT_PLAIN, markdown).build();
    }

    public static MimeBundle svg(String svg) {
        return builder().put(IMAGE_SVG, svg).put(TEXT_PLAIN, "<SVG image>").build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Representations by MIME type, in the order they were added. */
    public Map<String, Object> data() {
        return data;
    }

    /** Per-MIME-type metadata, for instance an image's width and height. */
    public Map<String, Object> metadata() {
        return metadata;
    }

    public Object get(String mimeType) {
        return data.get(mimeType);
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.data.putAll(data);
        b.metadata.putAll(metadata);
        return b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MimeBundle other && data.equals(other.data) && metadata.equals(other.metadata);
    }

    @Override
    public int hashCode() {
        return Objects.hash(data, metadata);
    }

    @Override
    public String toString() {
        Object plain = data.get(TEXT_PLAIN);
        return plain != null ? plain.toString() : "MimeBundle" + data.keySet();
    }

    public static final class Builder {
        private final Map<String, Object> data = new LinkedHashMap<>();
        private final Map<String, Object> metadata = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder put(String mimeType, Object value) {
            data.put(Objects.requireNonNull(mimeType), Objects.requireNonNull(value));
            return this;
        }

        public Builder metadata(String mimeType, Object value) {
            metadata.put(Objects.requireNonNull(mimeType), Objects.requireNonNull(value));
            return this;
        }

        public MimeBundle build() {
            if (data.isEmpty()) {
                throw new IllegalStateException("a MIME bundle needs at least one representation");
            }
            return new MimeBundle(data, metadata);
        }
    }
}
