package io.jspark.kernel.cell;

import io.jspark.kernel.server.KernelServer;
import io.jspark.kernel.session.CellContexts;
import java.io.InputStream;
import java.io.PrintStream;

/**
 * System.out, System.err and System.in as cells see them: output goes to the cell each thread works
 * for, input is asked of the frontend. Installed once at start and put back at shutdown, on the main
 * thread.
 */
public final class CellStreams {
    private final PrintStream originalOut = System.out;
    private final PrintStream originalErr = System.err;
    private final InputStream originalIn = System.in;
    private final CellInputStream input;

    private CellStreams(CellInputStream input) {
        this.input = input;
    }

    /** {@code outputLimit}: bytes of stdout and stderr together one cell may show. */
    public static CellStreams install(KernelServer server, CellContexts contexts, CellRequests requests, long outputLimit) {
        CellOutput output = new CellOutput(server.iopub(), contexts, requests, outputLimit);
        CellStreams streams = new CellStreams(new CellInputStream(server.stdin(), contexts, requests));
        System.setOut(CellOutputStream.printStream("stdout", output, contexts, streams.originalOut));
        System.setErr(CellOutputStream.printStream("stderr", output, contexts, streams.originalErr));
        System.setIn(streams.input);
        return streams;
    }

    public CellInputStream input() {
        return input;
    }

    public void restore() {
        System.setOut(originalOut);
        System.setErr(originalErr);
        System.setIn(originalIn);
    }
}
