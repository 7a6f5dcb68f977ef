package io.jspark.kernel.cell;

import io.jspark.kernel.session.CellContext;
import io.jspark.kernel.session.CellContexts;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * What System.out or System.err becomes in the kernel: bytes are decoded as UTF-8 and sent as a
 * stream of the cell the writing thread works for, within that cell's output limit. Before any
 * cell ran, text goes to the kernel's original stream, which Jupyter logs.
 */
public final class CellOutputStream extends OutputStream {
    private final String name;
    private final CellOutput output;
    private final CellContexts contexts;
    private final PrintStream fallback;
    /** Guarded by this: bytes of a UTF-8 sequence not yet complete, and the cell they belong to. */
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private CellContext pendingCell;

    public CellOutputStream(String name, CellOutput output, CellContexts contexts, PrintStream fallback) {
        this.name = name;
        this.output = output;
        this.contexts = contexts;
        this.fallback = fallback;
    }

    public static PrintStream printStream(String name, CellOutput output, CellContexts contexts, PrintStream fallback) {
        return new PrintStream(new CellOutputStream(name, output, contexts, fallback), true, StandardCharsets.UTF_8);
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
        if (context != pendingCell) {
            pending.reset();
            pendingCell = context;
        }
        int admitted = output.admit(context, len);
        if (admitted < len) {
            // Past the limit nothing more of this cell is shown, so a character cut here is never completed.
            pending.write(b, off, admitted);
            byte[] bytes = pending.toByteArray();
            pending.reset();
            send(context, bytes, completeUtf8Prefix(bytes));
            return;
        }
        if (pending.size() == 0) {
            int complete = off + completeUtf8Prefix(b, off, len);
            send(context, b, off, complete - off);
            pending.write(b, complete, off + len - complete);
            return;
        }
        pending.write(b, off, len);
        byte[] bytes = pending.toByteArray();
        int complete = completeUtf8Prefix(bytes);
        pending.reset();
        pending.write(bytes, complete, bytes.length - complete);
        send(context, bytes, complete);
    }

    private void send(CellContext context, byte[] bytes, int length) {
        send(context, bytes, 0, length);
    }

    private void send(CellContext context, byte[] bytes, int off, int length) {
        if (length > 0) {
            output.send(context, name, new String(bytes, off, length, StandardCharsets.UTF_8));
        }
    }

    /** Length of the longest prefix that does not end inside a multi-byte UTF-8 sequence. */
    static int completeUtf8Prefix(byte[] bytes) {
        return completeUtf8Prefix(bytes, 0, bytes.length);
    }

    static int completeUtf8Prefix(byte[] bytes, int off, int len) {
        for (int back = 1; back <= Math.min(3, len); back++) {
            int b = bytes[off + len - back] & 0xFF;
            if ((b & 0xC0) == 0x80) {
                continue;
            }
            int needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            return needed > back ? len - back : len;
        }
        return len;
    }
}
