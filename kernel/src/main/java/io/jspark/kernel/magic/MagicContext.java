package io.jspark.kernel.magic;

import io.jspark.display.MimeBundle;
import io.jspark.kernel.interpreter.EvalResult;
import io.jspark.kernel.interpreter.Interpreter;

/** What a magic may use while it runs on the cell's execution thread. */
public interface MagicContext {
    Interpreter interpreter();

    void display(MimeBundle bundle);

    /** Runs code (magics included) as part of the current cell. */
    EvalResult run(String code);
}
