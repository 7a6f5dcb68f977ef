package io.jspark.kernel.interpreter;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The lines of a root cause's message that a short error shows. Spark puts what to do after the
 * first line ("You can either add an explicit cast ..."), so the message is kept whole up to a
 * bound. A stack trace inside a message (a job failure whose cause could not be sent to the driver
 * carries the executor's as text) ends the excerpt: frames are what %trace is for.
 */
record MessageExcerpt(List<String> lines, boolean cut) {
    static final int MAX_LINES = 10;
    static final int MAX_CHARS = 1000;
    private static final Pattern FRAME = Pattern.compile("\\s+at \\S.*");

    MessageExcerpt {
        lines = List.copyOf(lines);
    }

    static MessageExcerpt of(String message) {
        List<String> kept = new ArrayList<>();
        boolean cut = false;
        int room = MAX_CHARS;
        for (String line : (Iterable<String>) message.strip().lines()::iterator) {
            if (kept.size() == MAX_LINES || FRAME.matcher(line).matches()) {
                cut = true;
                break;
            }
            if (line.length() > room) {
                kept.add(prefix(line, room));
                cut = true;
                break;
            }
            kept.add(line);
            room -= line.length() + 1;
        }
        while (!kept.isEmpty() && kept.get(kept.size() - 1).isBlank()) {
            kept.remove(kept.size() - 1);
        }
        return new MessageExcerpt(kept, cut);
    }

    /** At most {@code max} chars, never ending on the first half of a surrogate pair. */
    private static String prefix(String line, int max) {
        int end = Math.max(0, max);
        if (end > 0 && Character.isHighSurrogate(line.charAt(end - 1))) {
            end--;
        }
        return line.substring(0, end);
    }

    /** The first line, or "" for an empty message. */
    String first() {
        return lines.isEmpty() ? "" : lines.get(0);
    }

    List<String> rest() {
        return lines.isEmpty() ? List.of() : lines.subList(1, lines.size());
    }
}
