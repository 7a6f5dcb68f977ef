package io.jspark.kernel.cell;

import io.jspark.kernel.server.StdinChannel;
import io.jspark.kernel.session.CellContext;
import io.jspark.kernel.session.CellContexts;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;

/** What System.in becomes: each line a cell reads is asked of the frontend with an input_request. */
public final class CellInputStream extends InputStream {
    private final StdinChannel stdin;
    private final CellContexts contexts;
    private final CellRequests requests;
    /** Guarded by this. */
    private byte[] buffer = new byte[0];
    private int position;

    public CellInputStream(StdinChannel stdin, CellContexts contexts, CellRequests requests) {
        this.stdin = stdin;
        this.contexts = contexts;
        this.requests = requests;
    }

    /** Asks the frontend for one line; also serves the notebook API's readLine. */
    public String requestLine(String prompt, boolean password) throws IOException {
        CellContext context = contexts.current();
        if (context == null || !context.allowStdin()) {
            throw new IOException("this frontend does not accept input requests; pass the data to the cell in code instead");
        }
        if (context != contexts.executing()) {
            throw new IOException("input can be asked only while the cell that asks is running; its cell has ended");
        }
        try {
            return stdin.request(requests.requestOf(context), prompt, password);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for input");
        }
    }

    @Override
    public synchronized int read() throws IOException {
        if (!fill()) {
            return -1;
        }
        return buffer[position++] & 0xFF;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, buffer.length - position);
        System.arraycopy(buffer, position, b, off, n);
        position += n;
        return n;
    }

    @Override
    public synchronized int available() {
        return buffer.length - position;
    }

    private boolean fill() throws IOException {
        if (position < buffer.length) {
            return true;
        }
        buffer = (requestLine("", false) + "\n").getBytes(StandardCharsets.UTF_8);
        position = 0;
        return true;
    }
}
