package io.jspark.display;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text a reader sees in a piece of HTML, for the text/plain form of an HTML display (what a
 * terminal, nbconvert's text exports and {@code jupyter console} show): scripts and styles left out,
 * block elements and {@code <br>} as line breaks, table cells apart, tags dropped, entities decoded.
 */
public final class HtmlText {
    private static final Pattern HIDDEN = Pattern.compile("(?is)<(script|style)\\b.*?</\\1\\s*>|<!--.*?-->");
    private static final Pattern BREAK = Pattern.compile(
            "(?i)<br\\s*/?>|</?(p|div|h[1-6]|li|ul|ol|tr|table|thead|tbody|pre|blockquote|section|article|header|footer)\\b[^>]*>");
    private static final Pattern CELL = Pattern.compile("(?i)</t[dh]\\s*>");
    private static final Pattern TAG = Pattern.compile("<[^>]*>");
    private static final Pattern ENTITY = Pattern.compile("&(#x[0-9a-fA-F]+|#\\d+|[a-zA-Z]+);");

    private HtmlText() {
    }

    public static String of(String html) {
        String text = HIDDEN.matcher(html).replaceAll("");
        text = BREAK.matcher(text).replaceAll("\n");
        text = CELL.matcher(text).replaceAll("\t");
        text = TAG.matcher(text).replaceAll("");
        text = decode(text);
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            String collapsed = line.replaceAll("[ \\x0B\\f\\r]+", " ").replaceAll(" ?\t ?", "\t").strip();
            if (!collapsed.isEmpty()) {
                out.append(out.length() == 0 ? "" : "\n").append(collapsed);
            }
        }
        return out.toString();
    }

    private static String decode(String text) {
        Matcher m = ENTITY.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String decoded = switch (name) {
                case "lt" -> "<";
                case "gt" -> ">";
                case "amp" -> "&";
                case "quot" -> "\"";
                case "apos" -> "'";
                case "nbsp" -> " ";
                default -> name.startsWith("#x") ? codePoint(name.substring(2), 16)
                        : name.startsWith("#") ? codePoint(name.substring(1), 10) : m.group();
            };
            m.appendReplacement(out, Matcher.quoteReplacement(decoded));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String codePoint(String digits, int radix) {
        try {
            int cp = Integer.parseInt(digits, radix);
            return Character.isValidCodePoint(cp) ? new String(Character.toChars(cp)) : "";
        } catch (NumberFormatException e) {
            return "";
        }
    }
}
