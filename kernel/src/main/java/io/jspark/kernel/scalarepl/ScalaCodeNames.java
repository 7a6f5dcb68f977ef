package io.jspark.kernel.scalarepl;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names cell code by cell and line: in stack frames ({@code $line4.$read$$iw.boom(<console>:19)})
 * and in Spark's call sites ({@code count at <console>:22}, which name no class: the cell that runs
 * or ran last is meant). Recorded on the cell thread, read by any (Spark's listener bus names jobs).
 */
final class ScalaCodeNames implements UnaryOperator<String> {
    private static final Pattern POSITION = Pattern.compile("<console>:(\\d+)");

    private final String linePrefix;
    /** By line package: the cell it came from and where its lines went. */
    private final Map<String, Compiled> compiled = new ConcurrentHashMap<>();
    private volatile Compiled latest;

    record Compiled(String cellLabel, ReplLines lines) {
        String location(int generatedLine) {
            int line = lines.cellLine(generatedLine);
            return line > 0 ? cellLabel + ", line " + line : cellLabel;
        }
    }

    ScalaCodeNames(String linePrefix) {
        this.linePrefix = linePrefix;
    }

    /** Called on the cell thread for each request compiled, as its code starts. */
    void record(ReplLines lines, String cellLabel) {
        if (lines != null) {
            Compiled cell = new Compiled(cellLabel, lines);
            compiled.put(lines.packageName(), cell);
            latest = cell;
        }
    }

    /** The cell whose code a class of the line package {@code className} belongs to, or null. */
    Compiled cellOf(String className) {
        if (!className.startsWith(linePrefix)) {
            return null;
        }
        int dot = className.indexOf('.');
        return dot < 0 ? null : compiled.get(className.substring(0, dot));
    }

    @Override
    public String apply(String text) {
        Compiled cell = latest;
        if (text == null || cell == null || !text.contains("<console>:")) {
            return text;
        }
        Matcher m = POSITION.matcher(text);
        StringBuilder named = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(named, Matcher.quoteReplacement(cell.location(Integer.parseInt(m.group(1)))));
        }
        m.appendTail(named);
        return named.toString();
    }
}
