package io.jspark.kernel.jshell;

/** Line and column of a char offset in a text, both counted from 1. */
final class LineIndex {
    private LineIndex() {
    }

    static int lineOf(String text, int offset) {
        int line = 1;
        int end = Math.min(offset, text.length());
        for (int i = 0; i < end; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    static int columnOf(String text, int offset) {
        int end = Math.min(offset, text.length());
        int lineStart = text.lastIndexOf('\n', end - 1) + 1;
        return end - lineStart + 1;
    }

    static String lineText(String text, int offset) {
        int end = Math.min(offset, text.length());
        int start = text.lastIndexOf('\n', end - 1) + 1;
        int stop = text.indexOf('\n', end);
        return text.substring(start, stop < 0 ? text.length() : stop);
    }
}
