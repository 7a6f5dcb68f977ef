package io.jspark.kernel.history;

/** One executed cell: the kernel session it ran in, its execution count, its code and the text of its result. */
public record HistoryEntry(int session, int line, String input, String output) {
}
