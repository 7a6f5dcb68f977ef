package io.jspark.kernel.jshell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jspark.kernel.interpreter.CellError;
import io.jspark.kernel.interpreter.EvalResult;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The short error of a cell: what it keeps of each message in an exception's chain. */
class ErrorFormatterTest {
    /** Shaped like Spark's CANNOT_UP_CAST_DATATYPE: the advice is on the last line. */
    private static final String HINTED = "[CANNOT_UP_CAST_DATATYPE] Cannot up cast id from \\\"STRING\\\" to \\\"BIGINT\\\".\\n"
            + "The type path of the target object is:\\n- root class: \\\"java.lang.Long\\\"\\n"
            + "You can either add an explicit cast to the input data";
    private static JShellInterpreter interpreter;

    @BeforeAll
    static void start() {
        interpreter = new JShellInterpreter(List.of());
    }

    @AfterAll
    static void stop() {
        interpreter.close();
    }

    private static CellError failed(String code) {
        return assertInstanceOf(EvalResult.Failed.class, interpreter.eval(code, "cell [7]")).error();
    }

    @Test
    void theRootCausesWholeMessageComesBeforeTheCellLocation() {
        CellError e = failed("throw new IllegalStateException(\"" + HINTED + "\");");
        String trace = String.join("\n", e.traceback());
        assertTrue(trace.contains("- root class: \"java.lang.Long\"\nYou can either add an explicit cast to the input data"), trace);
        assertTrue(trace.indexOf("You can either") < trace.indexOf("at cell [7], line 1"), trace);
        assertFalse(trace.contains("message cut"), trace);
        assertEquals("[CANNOT_UP_CAST_DATATYPE] Cannot up cast id from \"STRING\" to \"BIGINT\".", e.evalue());
    }

    @Test
    void wrappersShowTheirFirstLineAndTheRootCauseItsWholeMessage() {
        CellError e = failed("throw new RuntimeException(\"Job aborted\\nwrapper detail\", new IllegalStateException(\"" + HINTED + "\"));");
        String trace = String.join("\n", e.traceback());
        assertTrue(trace.contains("Caused by: "), trace);
        assertTrue(trace.contains("You can either add an explicit cast"), trace);
        assertFalse(trace.contains("wrapper detail"), trace);
        assertEquals("Job aborted", e.evalue());
    }

    @Test
    void aLongMessageIsCutAndSaysSo() {
        CellError e = failed("throw new IllegalStateException(\"line\\n\".repeat(40) + \"the end\");");
        String trace = String.join("\n", e.traceback());
        assertFalse(trace.contains("the end"), trace);
        assertTrue(trace.contains("message cut; %trace shows all of it"), trace);
        assertTrue(e.traceback().size() < 20, trace);
    }

    @Test
    void anExceptionTheKernelCaughtShowsItsRootCauseWhole() {
        CellError e = ErrorFormatter.thrown(new RuntimeException("rendering failed\nnoise",
                new IllegalStateException("boom\nYou can either add an explicit cast")));
        String trace = String.join("\n", e.traceback());
        assertTrue(trace.contains("boom\nYou can either add an explicit cast"), trace);
        assertFalse(trace.contains("noise"), trace);
    }
}
