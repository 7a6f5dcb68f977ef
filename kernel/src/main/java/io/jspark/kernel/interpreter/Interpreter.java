package io.jspark.kernel.interpreter;

import io.jspark.display.MimeBundle;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * One language's evaluator, as the kernel's message layer and magics see it ({@link Language}
 * describes the language and starts it): nothing here knows of sockets, JSON or the language's own
 * machinery. Evaluation, completion, inspection and completeness run on the cell's execution thread
 * or the shell's request thread, never two at once; {@link #interrupt()} comes from the control thread.
 */
public interface Interpreter extends AutoCloseable {
    /** Runs one cell's code; {@code cellLabel} names the cell in messages, e.g. {@code cell [3]}. */
    EvalResult eval(String code, String cellLabel);

    /** Declares {@code binding} for the cells that follow, replacing an earlier value of that name. */
    EvalResult bind(Binding binding);

    Completion complete(String code, int cursor);

    /**
     * Completes as if {@code unbound} (names and types the kernel will bind later, such as
     * {@code spark} before the session starts) were declared; by default, as without them.
     */
    default Completion complete(String code, int cursor, Map<String, Class<?>> unbound) {
        return complete(code, cursor);
    }

    /** What stands at the cursor (signature and documentation), if the interpreter knows it. */
    Optional<MimeBundle> inspect(String code, int cursor);

    Completeness completeness(String code);

    /** Adds a jar or class folder; false if it was there already. */
    boolean addToClasspath(Path entry);

    /** Jars and folders added to the session, in the order they were added. */
    List<String> addedClasspath();

    /** The loader of the classes cells define: Spark's threads load them through it in the kernel's JVM. */
    ClassLoader classLoader();

    ExecutorSupport executorSupport();

    /**
     * Rewrites the names the interpreter gives cell code (in stack frames, Spark's call sites and stage
     * names) to the cells and lines they came from; any thread.
     */
    UnaryOperator<String> codeNames();

    /** Reports an exception the kernel caught on a cell's behalf (a magic's, say) as the cell's error. */
    CellError failure(Throwable t);

    /** Reports an exception from showing a cell's result (a toString, say), named after the cell code it came from. */
    CellError renderingFailure(Throwable t);

    /** The full stack trace of the last exception a cell threw, or "" if none did; for %trace. */
    String lastTrace();

    /** Stops the running cell; called on the control thread. */
    void interrupt();

    @Override
    void close();
}
