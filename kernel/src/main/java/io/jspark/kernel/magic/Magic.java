package io.jspark.kernel.magic;

import io.jspark.kernel.interpreter.EvalResult;

/** A magic command; line magics get a null body. */
@FunctionalInterface
public interface Magic {
    EvalResult run(String args, String body, MagicContext context) throws Exception;
}
