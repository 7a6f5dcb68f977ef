package io.jspark.kernel.cell;

/**
 * How much stdout and stderr one cell may still show. Shared by every thread that writes for the
 * cell (its own and threads it started, also after it ended); all state is guarded by this.
 */
final class OutputBudget {
    private final long limit;
    private long shown;
    private long leftOut;
    private boolean ended;
    private boolean noted;

    OutputBudget(long limit) {
        this.limit = limit;
    }

    /** Of a write of {@code length} bytes, how many may be shown; the rest is counted as left out. */
    synchronized int admit(int length) {
        int admitted = (int) Math.max(0, Math.min(length, limit - shown));
        shown += admitted;
        leftOut += length - admitted;
        return admitted;
    }

    /**
     * The note to show now, once per cell, or null: at the cell's end, how much its run left out;
     * for output cut after the end (threads that outlive the cell), that the rest is left out.
     */
    synchronized String note(boolean cellEnded) {
        ended |= cellEnded;
        if (noted || leftOut == 0 || !ended) {
            return null;
        }
        noted = true;
        String what = cellEnded
                ? megabytes(leftOut) + " of output left out"
                : "further output of threads this cell started is left out";
        return "\n[output limit reached: " + megabytes(shown) + " shown, " + what
                + "; to show more, start the kernel with JSPARK_OUTPUT_LIMIT set higher (e.g. 100m; 0 for no limit)]\n";
    }

    private static String megabytes(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
