package io.jspark.kernel;

import io.jspark.display.MimeBundle;
import io.jspark.kernel.cell.CellContext;
import io.jspark.kernel.eval.CellError;
import io.jspark.kernel.eval.EvalResult;
import io.jspark.kernel.eval.JavaEvaluator;
import io.jspark.kernel.magic.CellParser;
import io.jspark.kernel.magic.CellPart;
import io.jspark.kernel.magic.Magic;
import io.jspark.kernel.magic.MagicContext;
import io.jspark.kernel.magic.Magics;
import io.jspark.kernel.magic.UsageError;
import java.util.function.Consumer;

/** Runs one cell on the execution thread: its magics and Java parts in order, stopping at the first failure. */
final class CellRunner {
    private static final System.Logger LOG = System.getLogger(CellRunner.class.getName());

    private final JavaEvaluator evaluator;
    private final Magics magics;
    private final Consumer<MimeBundle> display;
    /** Set by the control thread, read by the execution thread between the parts of a cell. */
    private volatile boolean interrupted;

    CellRunner(JavaEvaluator evaluator, Magics magics, Consumer<MimeBundle> display) {
        this.evaluator = evaluator;
        this.magics = magics;
        this.display = display;
    }

    JavaEvaluator evaluator() {
        return evaluator;
    }

    void interrupt() {
        interrupted = true;
        evaluator.interrupt();
    }

    EvalResult run(String code, CellContext cell) {
        interrupted = false;
        return runParts(code, cell);
    }

    private EvalResult runParts(String code, CellContext cell) {
        EvalResult last = new EvalResult.Ok(false, null);
        for (CellPart part : CellParser.parse(code)) {
            if (interrupted) {
                return interruptedResult();
            }
            if (part instanceof CellPart.Java java) {
                last = evaluator.eval(java.code(), cell.label());
            } else if (part instanceof CellPart.LineMagicCall m) {
                last = runMagic("%" + m.name(), magics.line(m.name()), m.args(), null, cell);
            } else if (part instanceof CellPart.CellMagicCall m) {
                last = runMagic("%%" + m.name(), magics.cell(m.name()), m.args(), m.body(), cell);
            }
            if (last instanceof EvalResult.Failed) {
                return last;
            }
        }
        return interrupted ? interruptedResult() : last;
    }

    private EvalResult runMagic(String called, Magic magic, String args, String body, CellContext cell) {
        if (magic == null) {
            return failed("UsageError", called + " is not a magic; %lsmagic lists the magics there are");
        }
        MagicContext context = new MagicContext() {
            @Override
            public JavaEvaluator evaluator() {
                return evaluator;
            }

            @Override
            public void display(MimeBundle bundle) {
                display.accept(bundle);
            }

            @Override
            public EvalResult run(String code) {
                return runParts(code, cell);
            }
        };
        try {
            return magic.run(args, body, context);
        } catch (UsageError e) {
            return failed("UsageError", called + ": " + e.getMessage());
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, called + " failed", e);
            return failed(e.getClass().getSimpleName(), called + " failed: " + e.getMessage());
        }
    }

    private static EvalResult failed(String ename, String evalue) {
        return new EvalResult.Failed(CellError.of(ename, evalue));
    }

    private static EvalResult interruptedResult() {
        return new EvalResult.Failed(CellError.interrupted());
    }
}
