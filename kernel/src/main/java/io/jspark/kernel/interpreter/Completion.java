package io.jspark.kernel.interpreter;

import java.util.List;

/** What may stand at a cursor: the matches replace the code from {@code start} to {@code end} (char indexes). */
public record Completion(List<String> matches, int start, int end) {
    public Completion {
        matches = List.copyOf(matches);
    }
}
