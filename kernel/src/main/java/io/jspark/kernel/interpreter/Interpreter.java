package io.jspark.kernel.interpreter;

import io.jspark.display.MimeBundle;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One language's evaluator, as the kernel's message layer and magics see it: nothing here knows of
 * sockets, JSON or the language's own machinery. Evaluation, completion, inspection and completeness
 * run on the cell's execution thread or the shell's request thread, never two at once;
 * {@link #interrupt()} comes from the control thread.
 */
public interface Interpreter extends AutoCloseable {
    /** The language this interpreter speaks; known before it has started. */
    LanguageInfo language();

    /** Runs one cell's code; {@code cellLabel} names the cell in messages, e.g. {@code cell [3]}. */
    EvalResult eval(String code, String cellLabel);

    Completion complete(String code, int cursor);

    /** What stands at the cursor (signature and documentation), if the interpreter knows it. */
    Optional<MimeBundle> inspect(String code, int cursor);

    Completeness completeness(String code);

    /** Adds a jar or class folder; false if it was there already. */
    boolean addToClasspath(Path entry);

    /** Jars and folders added to the session, in the order they were added. */
    List<String> addedClasspath();

    /** Stops the running cell; called on the control thread. */
    void interrupt();

    @Override
    void close();
}
