package io.jspark.kernel.cell;

import io.jspark.kernel.server.IOPub;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * What System.out or System.err becomes in the kernel: bytes are decoded as UTF-8 and sent as a
 * stream of the cell the writing thread works for. Before any cell ran, text goes to the kernel's
 * original stream, which Jupyter logs.
 */
public final class CellOutputStream extends OutputStream {
    private final String name;
    private final IOPub iopub;
    private final CellContexts contexts;
    private final PrintStream fallback;
    /** Guarded by this: bytes of a UTF-8 sequence not yet complete. */
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    public CellOutputStream(String name, IOPub iopub, CellContexts contexts, PrintStream fallback) {
        this.name = name;
        this.iopub = iopub;
        this.contexts = contexts;
        this.fallback = fallback;
    }

    public static PrintStream printStream(String name, IOPub iopub, CellContexts contexts, PrintStream fallback) {
        return new PrintStream(new CellOutputStream(name, iopub, contexts, fallback), true, StandardCharsets.UTF_8);
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        CellContext context = contexts.current();
        if (context == null) {
            fallback.write(b, off, len);
            return;
        }
        pending.write(b, off, len);
        byte[] bytes = pending.toByteArray();
        int complete = completeUtf8Prefix(bytes);
        pending.reset();
        pending.write(bytes, complete, bytes.length - complete);
        if (complete > 0) {
            iopub.stream(context.request(), name, new String(bytes, 0, complete, StandardCharsets.UTF_8));
        }
    }

    /** Length of the longest prefix that does not end inside a multi-byte UTF-8 sequence. */
    static int completeUtf8Prefix(byte[] bytes) {
        int n = bytes.length;
        for (int back = 1; back <= Math.min(3, n); back++) {
            int b = bytes[n - back] & 0xFF;
            if ((b & 0xC0) == 0x80) {
                continue;
            }
            int needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            return needed > back ? n - back : n;
        }
        return n;
    }
}
