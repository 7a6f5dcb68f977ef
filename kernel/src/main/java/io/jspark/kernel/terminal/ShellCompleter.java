package io.jspark.kernel.terminal;

import com.fasterxml.jackson.databind.JsonNode;
import io.jspark.kernel.client.KernelClient;
import io.jspark.kernel.protocol.Json;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Tab completion from the kernel's complete_request, the interpreter's own completion: each match
 * replaces the input from the reply's cursor_start, so a candidate is the input up to there plus
 * the match, shown as the match alone. Runs on the shell's thread.
 */
final class ShellCompleter implements Completer {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final KernelClient client;

    ShellCompleter(KernelClient client) {
        this.client = client;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        String input = line.line();
        int cursor = line.cursor();
        JsonNode reply;
        try {
            reply = client.request("complete_request", Json.object().put("code", input).put("cursor_pos", codePoints(input, cursor)),
                    TIMEOUT).content();
        } catch (TimeoutException e) {
            return;
        }
        if (!reply.path("status").asText().equals("ok")) {
            return;
        }
        int start = Math.min(cursor, input.offsetByCodePoints(0, Math.min(reply.path("cursor_start").asInt(cursor),
                input.codePointCount(0, input.length()))));
        String before = input.substring(0, start);
        for (JsonNode match : reply.path("matches")) {
            String text = match.asText();
            candidates.add(new Candidate(before + text, text, null, null, null, null, false));
        }
    }

    /** Jupyter counts cursor positions in code points. */
    private static int codePoints(String text, int index) {
        return text.codePointCount(0, Math.min(index, text.length()));
    }
}
