package io.jspark.kernel.terminal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jspark.kernel.client.KernelClient;
import io.jspark.kernel.protocol.Json;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.jline.reader.CompletingParsedLine;
import org.jline.reader.EOFError;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;

/**
 * How JLine reads a statement: Enter continues the input while the kernel's completeness check
 * says incomplete (a cell magic, {@code %%spark} say, until an empty line), and for completion the
 * whole input up to the cursor is one word, since the kernel tells where its replacement starts.
 * Runs on the shell's thread, which owns the client's shell socket.
 */
final class ShellLineParser implements Parser {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private final KernelClient client;

    ShellLineParser(KernelClient client) {
        this.client = client;
    }

    @Override
    public ParsedLine parse(String line, int cursor, ParseContext context) {
        if (context == ParseContext.ACCEPT_LINE) {
            String missing = missing(line);
            if (missing != null) {
                throw new EOFError(-1, -1, "incomplete input", missing);
            }
        }
        return new WholeInput(line, cursor);
    }

    /** Null when the input is a whole statement, else what the kernel says is missing. */
    private String missing(String input) {
        if (input.stripLeading().startsWith("%%")) {
            // As in IPython's terminal: a cell magic's body ends at an empty line.
            String[] lines = input.split("\n", -1);
            return lines.length > 1 && lines[lines.length - 1].isBlank() ? null : "";
        }
        if (input.isBlank()) {
            return null;
        }
        try {
            ObjectNode reply = client.request("is_complete_request", Json.object().put("code", input), TIMEOUT).content();
            return reply.path("status").asText().equals("incomplete") ? reply.path("indent").asText("") : null;
        } catch (TimeoutException e) {
            return null;
        }
    }

    /** The input before the cursor as the word completion replaces. */
    private record WholeInput(String line, int cursor) implements CompletingParsedLine {
        @Override
        public String word() {
            return line.substring(0, cursor);
        }

        @Override
        public int wordCursor() {
            return cursor;
        }

        @Override
        public int wordIndex() {
            return 0;
        }

        @Override
        public List<String> words() {
            return List.of(word());
        }

        @Override
        public CharSequence escape(CharSequence candidate, boolean complete) {
            return candidate;
        }

        @Override
        public int rawWordCursor() {
            return cursor;
        }

        @Override
        public int rawWordLength() {
            return cursor;
        }
    }
}
