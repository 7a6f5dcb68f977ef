package io.jspark.kernel;

/** Jupyter counts cursor positions in Unicode code points; Java strings index UTF-16 chars. */
final class CodePoints {
    private CodePoints() {
    }

    static int toCharIndex(String text, int codePoints) {
        int clamped = Math.max(0, Math.min(codePoints, text.codePointCount(0, text.length())));
        return text.offsetByCodePoints(0, clamped);
    }
}
