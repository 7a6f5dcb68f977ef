package io.jspark.kernel.session;

import io.jspark.display.MimeBundle;
import io.jspark.display.Text;
import io.jspark.display.monitor.MonitorDisplay;
import io.jspark.kernel.cancel.CancelButtons;
import io.jspark.kernel.interpreter.Binding;
import io.jspark.kernel.interpreter.CellError;
import io.jspark.kernel.interpreter.EvalResult;
import io.jspark.kernel.interpreter.Interpreter;
import io.jspark.kernel.interpreter.Language;
import io.jspark.kernel.magic.CellParser;
import io.jspark.kernel.magic.CellPart;
import io.jspark.kernel.magic.Magic;
import io.jspark.kernel.magic.MagicContext;
import io.jspark.kernel.magic.Magics;
import io.jspark.kernel.magic.UsageError;
import io.jspark.kernel.spark.SparkRuntime;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Runs one cell on the execution thread: its magics and code parts in order, stopping at the first failure. */
public final class CellRunner {
    private static final System.Logger LOG = System.getLogger(CellRunner.class.getName());

    /** How long a finished cell waits for Spark's listener bus to report the end of its jobs. */
    private static final long MONITOR_SETTLE_MS = 2000;

    private final Interpreter interpreter;
    private final Language language;
    private final Magics magics;
    private final Consumer<MimeBundle> display;
    private final SparkRuntime spark;
    private final MonitorDisplay monitorDisplay;
    private final Optional<CancelButtons> cancelButtons;
    /** Set by the control thread, read by the execution thread between the parts of a cell. */
    private volatile boolean interrupted;
    /** The Spark session generation that spark and sc refer to (0: none); owned by the execution thread. */
    private int sparkVariablesGeneration;

    public CellRunner(Interpreter interpreter, Language language, Magics magics,
            SparkRuntime spark, MonitorDisplay monitorDisplay, Optional<CancelButtons> cancelButtons,
            Consumer<MimeBundle> display) {
        this.interpreter = interpreter;
        this.language = language;
        this.magics = magics;
        this.display = display;
        this.spark = spark;
        this.monitorDisplay = monitorDisplay;
        this.cancelButtons = cancelButtons;
    }

    public Language language() {
        return language;
    }

    public Interpreter interpreter() {
        return interpreter;
    }

    public SparkRuntime spark() {
        return spark;
    }

    /** Called on the control thread: cancels the cell's Spark jobs, then stops its code. */
    public void interrupt() {
        interrupted = true;
        spark.cancelCurrentCell();
        interpreter.interrupt();
    }

    /** Runs on the execution thread. */
    public EvalResult run(String code, CellContext cell) {
        interrupted = false;
        String cellId = cell.id();
        spark.enterCell(cellId, cell.executionCount());
        cancelButtons.ifPresent(buttons -> buttons.cellStarted(cellId));
        List<CellPart> parts = CellParser.parse(code);
        if (!spark.isRunning() && usesSpark(parts)) {
            System.out.println((spark.hasStopped() ? "The Spark session stopped; starting a new one" : "Starting Spark")
                    + " (master " + spark.settings().get("spark.master") + ")...");
            try {
                spark.session();
            } catch (IllegalStateException e) {
                LOG.log(System.Logger.Level.INFO, "Spark did not start", e);
                return failed("SparkNotStarted", Text.firstLine(e.getMessage(), 600)
                        + ". Change the settings in a %%spark cell (or JSPARK_SPARK_MASTER) and run this cell again.");
            }
        }
        spark.shareJars(interpreter.addedClasspath());
        return runParts(parts, cell);
    }

    /** Points spark and sc at the current session: the first one, or the one that replaced a stopped one. */
    private void defineSparkVariables() {
        int generation = spark.generation();
        if (spark.isRunning() && sparkVariablesGeneration != generation) {
            boolean bound = true;
            try {
                for (Binding variable : language.sparkVariables(spark.session())) {
                    if (interpreter.bind(variable) instanceof EvalResult.Failed failed) {
                        LOG.log(System.Logger.Level.WARNING, "could not bind " + variable.name() + ": " + failed.error().evalue());
                        bound = false;
                    }
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "could not bind the Spark variables", e);
                bound = false;
            }
            // Tried again before the next part when it failed.
            sparkVariablesGeneration = bound ? generation : 0;
        }
    }

    /** Whether the cell's code needs Spark (as its language says), or it is a %%sql cell; other magics' text is not code. */
    private boolean usesSpark(List<CellPart> parts) {
        for (CellPart part : parts) {
            if (part instanceof CellPart.Code codePart && language.usesSpark(codePart.code())) {
                return true;
            }
            if (part instanceof CellPart.CellMagicCall m && m.name().equals("sql")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Called on the execution thread once the cell and the rendering of its result are done (rendering
     * a Dataset runs jobs too): the monitor display gets the cell's final state before the reply.
     */
    public void finish(CellContext cell) {
        spark.exitCell();
        if (spark.isStarted()) {
            monitorDisplay.cellFinished(cell.id(), MONITOR_SETTLE_MS);
        }
        cancelButtons.ifPresent(buttons -> buttons.cellFinished(cell.id()));
    }

    private EvalResult runParts(List<CellPart> parts, CellContext cell) {
        EvalResult last = new EvalResult.Ok(false, null);
        for (CellPart part : parts) {
            if (interrupted) {
                return interruptedResult();
            }
            if (part instanceof CellPart.Code codePart) {
                // A magic before this part (%spark restart) may have started a new session.
                defineSparkVariables();
                last = interpreter.eval(codePart.code(), cell.label());
            } else if (part instanceof CellPart.LineMagicCall m) {
                last = runMagic("%" + m.name(), magics.line(m.name()), m.args(), null, cell);
                spark.shareJars(interpreter.addedClasspath());
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
            public Interpreter interpreter() {
                return interpreter;
            }

            @Override
            public void display(MimeBundle bundle) {
                display.accept(bundle);
            }

            @Override
            public EvalResult run(String code) {
                return runParts(CellParser.parse(code), cell);
            }
        };
        try {
            return magic.run(args, body, context);
        } catch (UsageError e) {
            return failed("UsageError", called + ": " + e.getMessage());
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, called + " failed", e);
            return new EvalResult.Failed(interpreter.failure(e));
        }
    }

    private static EvalResult failed(String ename, String evalue) {
        return new EvalResult.Failed(CellError.of(ename, evalue));
    }

    private static EvalResult interruptedResult() {
        return new EvalResult.Failed(CellError.interrupted());
    }
}
