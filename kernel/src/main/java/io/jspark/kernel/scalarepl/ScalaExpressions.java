package io.jspark.kernel.scalarepl;

/** Reading Scala code without the compiler: the expression before the cursor, open brackets. */
final class ScalaExpressions {
    private ScalaExpressions() {
    }

    /**
     * The selection chain that ends at {@code end}: {@code List(1, 2).map} in {@code val y = List(1, 2).map},
     * identifiers, dots and bracketed groups back to the first character that is none of them.
     */
    static String endingAt(String code, int end) {
        int start = end;
        while (start > 0) {
            char c = code.charAt(start - 1);
            if (Character.isJavaIdentifierPart(c) || c == '.') {
                start--;
            } else if (c == ')' || c == ']') {
                int open = matchingOpen(code, start - 1);
                if (open < 0) {
                    break;
                }
                start = open;
            } else {
                break;
            }
        }
        while (start < end && code.charAt(start) == '.') {
            start++;
        }
        return code.substring(start, end);
    }

    private static int matchingOpen(String code, int close) {
        char closing = code.charAt(close);
        char opening = closing == ')' ? '(' : '[';
        int depth = 0;
        for (int i = close; i >= 0; i--) {
            char c = code.charAt(i);
            if (c == closing) {
                depth++;
            } else if (c == opening && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /** Brackets opened and not closed, outside strings and comments. */
    static int openDepth(String code) {
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '/' && i + 1 < code.length() && code.charAt(i + 1) == '/') {
                int newline = code.indexOf('\n', i);
                i = newline < 0 ? code.length() : newline;
            } else if (c == '{' || c == '(' || c == '[') {
                depth++;
            } else if (c == '}' || c == ')' || c == ']') {
                depth = Math.max(0, depth - 1);
            }
        }
        return depth;
    }
}
