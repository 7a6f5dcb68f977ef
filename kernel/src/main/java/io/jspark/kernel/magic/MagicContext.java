package io.jspark.kernel.magic;

import io.jspark.display.MimeBundle;
import io.jspark.kernel.eval.JavaEvaluator;
import io.jspark.kernel.interpreter.EvalResult;

/** What a magic may use while it runs on the cell's execution thread. */
public interface MagicContext {
    JavaEvaluator evaluator();

    void display(MimeBundle bundle);

    /** Runs Java code (magics included) as part of the current cell. */
    EvalResult run(String code);
}
