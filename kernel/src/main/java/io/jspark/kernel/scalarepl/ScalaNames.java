package io.jspark.kernel.scalarepl;

import java.util.regex.Pattern;

/**
 * The names users wrote, in place of the wrappers' names the compiler gives cells' classes:
 * {@code $line13.$read$$iw$$iw$Holder@7ae6} reads {@code Holder@7ae6}, as the Scala REPL prints it.
 */
final class ScalaNames {
    private static final Pattern LINE_WRAPPER = Pattern.compile("\\$line\\d+[./]\\$(?:read|eval|print)[$.]");
    private static final Pattern INNER_WRAPPER = Pattern.compile("\\$iw[$.]");

    private ScalaNames() {
    }

    static String unmangle(String text) {
        if (text == null || !text.contains("$line")) {
            return text;
        }
        return INNER_WRAPPER.matcher(LINE_WRAPPER.matcher(text).replaceAll("")).replaceAll("");
    }
}
