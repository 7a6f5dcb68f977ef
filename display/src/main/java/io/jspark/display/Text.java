package io.jspark.display;

/** Text helpers for what goes into MIME bundles. */
public final class Text {
    private Text() {
    }

    /**
     * At most {@code max} chars, ending in an ellipsis when cut; never cuts between the two halves of a
     * surrogate pair, whose lone half Jupyter's Python side cannot encode (the notebook would not save).
     */
    public static String truncate(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = Math.max(0, max - 1);
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }

    /** The first non-blank line, at most {@code max} chars. */
    public static String firstLine(String text, int max) {
        if (text == null) {
            return "";
        }
        return truncate(text.strip().lines().findFirst().orElse(""), max);
    }

    public static String escapeHtml(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
