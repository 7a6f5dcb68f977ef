package io.jspark.kernel.magic;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a cell into code and magics. A cell whose first non-blank line starts with {@code %%}
 * is a cell magic; any line starting with {@code %} and a letter in its first column is a line
 * magic. Neither Java nor Scala starts a line that way, and an indented {@code % x} (a continued
 * remainder operation) stays code.
 */
public final class CellParser {
    private CellParser() {
    }

    public static List<CellPart> parse(String cell) {
        String[] lines = cell.split("\n", -1);
        int first = 0;
        while (first < lines.length && lines[first].isBlank()) {
            first++;
        }
        if (first < lines.length && lines[first].startsWith("%%") && isName(lines[first], 2)) {
            String[] head = splitHead(lines[first].substring(2));
            String body = String.join("\n", java.util.Arrays.copyOfRange(lines, first + 1, lines.length));
            return List.of(new CellPart.CellMagicCall(head[0], head[1], body));
        }
        List<CellPart> parts = new ArrayList<>();
        StringBuilder code = new StringBuilder();
        boolean hasCode = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.startsWith("%") && isName(line, 1)) {
                if (hasCode) {
                    parts.add(new CellPart.Code(code.toString()));
                    hasCode = false;
                }
                String[] head = splitHead(line.substring(1));
                parts.add(new CellPart.LineMagicCall(head[0], head[1]));
                code.setLength(0);
                code.append("\n".repeat(i + 1));
                continue;
            }
            code.append(line).append('\n');
            hasCode |= !line.isBlank();
        }
        if (hasCode) {
            parts.add(new CellPart.Code(code.toString()));
        }
        return parts;
    }

    private static boolean isName(String line, int at) {
        return line.length() > at && Character.isLetter(line.charAt(at));
    }

    private static String[] splitHead(String head) {
        String trimmed = head.strip();
        int space = indexOfWhitespace(trimmed);
        return space < 0
                ? new String[] {trimmed, ""}
                : new String[] {trimmed.substring(0, space), trimmed.substring(space + 1).strip()};
    }

    private static int indexOfWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
