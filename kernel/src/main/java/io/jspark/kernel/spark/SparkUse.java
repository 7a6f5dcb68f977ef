package io.jspark.kernel.spark;

import java.util.regex.Pattern;

/** Whether a cell's code refers to the {@code spark} or {@code sc} variables, ignoring strings and comments. */
public final class SparkUse {
    private static final Pattern NAMES = Pattern.compile("(?<![\\w$.])(spark|sc)(?![\\w$])");
    private static final Pattern STRINGS_AND_COMMENTS = Pattern.compile(
            "\"\"\"(?s:.*?)\"\"\"|\"(?:\\\\.|[^\"\\\\\\n])*\"|'(?:\\\\.|[^'\\\\\\n])*'|//[^\\n]*|/\\*(?s:.*?)\\*/");

    private SparkUse() {
    }

    public static boolean mentions(String code) {
        return NAMES.matcher(withoutStringsAndComments(code)).find();
    }

    /** Whether {@code pattern} is found in the code outside its strings and comments. */
    public static boolean matches(String code, Pattern pattern) {
        return pattern.matcher(withoutStringsAndComments(code)).find();
    }

    private static String withoutStringsAndComments(String code) {
        return STRINGS_AND_COMMENTS.matcher(code).replaceAll(" ");
    }
}
