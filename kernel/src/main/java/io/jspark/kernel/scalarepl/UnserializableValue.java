package io.jspark.kernel.scalarepl;

import java.io.NotSerializableException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names the notebook value a "Task not serializable" failure comes from, read off the serialization
 * stack Spark appends to the exception's message. Class-based wrappers send a cell's values along
 * with code that uses any of them (SPARK-31399), so one value that cannot be serialized fails
 * closures that never touch it; the user needs its name and the fix, not the stack.
 */
final class UnserializableValue {
    private static final Pattern NOT_SERIALIZABLE = Pattern.compile("- object not serializable \\(class: ([^,]+), value:");
    /** A field of a cell's wrapper ($read, $read$$iw...), not of a class the cell defines: a top-level value of that cell. */
    private static final Pattern CELL_FIELD = Pattern.compile(
            "- field \\(class: (\\$line\\d+)\\.\\$read(?:\\$\\$iw)*, name: ([^,]+), type: (?:class |interface )?([^)]+)\\)");

    private UnserializableValue() {
    }

    /** What to tell the user, when {@code t}'s causes hold a serialization stack that leads to a cell's value. */
    static Optional<String> explain(Throwable t, ScalaCodeNames codeNames) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof NotSerializableException && c.getMessage() != null && c.getMessage().contains("Serialization stack:")) {
                return explainStack(c.getMessage(), codeNames);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> explainStack(String stack, ScalaCodeNames codeNames) {
        Matcher object = NOT_SERIALIZABLE.matcher(stack);
        if (!object.find()) {
            return Optional.empty();
        }
        Matcher field = CELL_FIELD.matcher(stack);
        field.region(object.end(), stack.length());
        while (field.find()) {
            String name = field.group(2);
            // The wrappers' own links ($iw, $outer, $line4$read) lead on to the value, not from it.
            if (name.startsWith("$")) {
                continue;
            }
            ScalaCodeNames.Compiled cell = codeNames.cellOf(field.group(1) + ".$read");
            String where = cell == null ? "" : " (" + cell.cellLabel() + ")";
            String culprit = ScalaNames.unmangle(object.group(1));
            String declared = ScalaNames.unmangle(field.group(3));
            // The value itself, or something it holds (a field of a case class, an element of a Map).
            String what = declared.equals(culprit) ? " is a " + culprit : " (" + declared + ") holds a " + culprit;
            return Optional.of("the notebook value '" + name + "'" + where + what
                    + ", which cannot be serialized, and code sent to executors reaches it: the code uses it, or another"
                    + " value of the same cell (a cell's values travel together). Define " + name + " in a cell of its own,"
                    + " declare it @transient (@transient val " + name + " = ...) if executors do not need it,"
                    + " or make its class Serializable.");
        }
        return Optional.of("a " + ScalaNames.unmangle(object.group(1)) + ", which cannot be serialized, is reached by code sent"
                + " to executors (%trace shows the path); make its class Serializable or create it on the executors.");
    }
}
